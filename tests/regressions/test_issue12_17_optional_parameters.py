"""Issue 12 item 17: `queries` listed every parameter as "required, default …". A parameter with
a default (or an ?__optional one) is listed as optional; only one the query cannot run without
is required."""

from __future__ import annotations

import json

from conftest import run_cli


def test_parameters_with_defaults_are_optional(isolated_cache):
    result = run_cli("queries", "--tag", "police")
    assert result.exit_code == 0
    assert "    -p kommun (iri, optional, default https://w3id.org/samverkan/id/kommun/1278)" in \
        result.stdout.splitlines()
    assert "required" not in result.stdout
    listed = json.loads(run_cli("queries", "--format", "json").stdout)
    assert {p["required"] for q in listed for p in q["parameters"]} == {False}
