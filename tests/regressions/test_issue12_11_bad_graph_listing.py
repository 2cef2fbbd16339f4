"""Issue 12 item 11 (endpoints): an endpoint whose graph listing has a binding without `type`,
or a graph name that is not an IRI, ended in exit 5 (`KeyError: 'type'`). Now exit 4, one line."""

from __future__ import annotations

import json

import pytest
from conftest import CannedEndpoint, run_cli


def listing(cell: dict) -> bytes:
    return json.dumps({"head": {"vars": ["g"]}, "results": {"bindings": [{"g": cell}]}}).encode()


@pytest.mark.parametrize(("cell", "message"), [
    ({"value": "urn:g"}, "the answer is not SPARQL JSON results (a binding without type or "
                         "value)"),
    ({"type": "literal", "value": "not a graph"},
     "the graph listing holds a graph name that is not an IRI (literal)"),
])
def test_graph_listing_that_is_not_iris_is_exit_4(cell, message, isolated_cache):
    with CannedEndpoint(200, listing(cell), "application/sparql-results+json") as fake:
        result = run_cli("query", "sources", "--endpoint", fake.url)
    assert (result.exit_code, result.stderr) == (4, f"Error: {fake.url}: {message}\n")


def test_load_drop_missing_listing_without_type_is_exit_4(isolated_cache, no_netrc):
    with CannedEndpoint(200, listing({"value": "urn:g"}), "application/sparql-results+json"
                        ) as fake:
        result = run_cli("load", "--graph-store", fake.url, "--drop-missing", "--query",
                         fake.url, "--dry-run")
    assert result.exit_code == 4
    assert result.stderr == (f"Error: {fake.url}: the graph listing holds a graph name that is "
                             "not an IRI (no type)\n")
