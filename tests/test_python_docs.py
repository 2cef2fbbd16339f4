"""docs/python.md cannot drift: its Python blocks run in order, as one notebook session, and
print what the page says they print."""

from __future__ import annotations

import contextlib
import io
import re

import pytest
from conftest import ROOT

DOC = ROOT / "docs" / "python.md"
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def blocks() -> list[str]:
    return BLOCK.findall(DOC.read_text(encoding="utf-8"))


def test_every_block_runs_and_prints_what_it_says(isolated_cache):
    found = blocks()
    assert len(found) >= 10
    namespace: dict[str, object] = {}
    output = io.StringIO()
    for number, code in enumerate(found, 1):
        if "to_pandas" in code:
            pytest.importorskip("pandas", reason="the pandas extra is not installed")
        with contextlib.redirect_stdout(output):
            exec(compile(code, f"docs/python.md block {number}", "exec"), namespace)  # noqa: S102
    text = output.getvalue()
    assert "<KnowledgeGraph embedded store, 0 data dir(s)>" in text
    assert "kommun-police - Which police region and county does a kommun belong to" in text
    assert "    kommun iri optional" in text
    assert "4 posts; ['role', 'roleLabel', 'person', 'name']" in text
    assert "role,roleLabel,person,name,post,postLabel,organisation" in text
    assert "(4 rows)" in text
    assert "290 kommuner" in text
    assert "refused: updates are refused: samverkan runs read-only queries (got DROP)" in text
    assert "violations: False | findings: 0" in text
    assert "triples by graph -> 56 rows" in text
    assert "query 'posts-in-kommun' has no parameter 'kommune' (it takes: kommun)" in text
    assert "kommunpolis" in text and "Polismyndigheten" in text
    assert "\nTrue\n" in text


def test_import_samverkan_is_cheap():
    import subprocess
    import sys

    code = ("import sys, samverkan; heavy = [m for m in ('pyoxigraph', 'rdflib', 'yaml', "
            "'pyshacl', 'pyshacl_turbo') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_public_names():
    import samverkan

    assert {"open", "KnowledgeGraph", "Result", "SamverkanError", "UsageError",
            "BadInputError", "EndpointError"} <= set(samverkan.__all__)
    assert samverkan.UsageError.exit_code == 2
    with pytest.raises(AttributeError):
        samverkan.no_such_name  # noqa: B018
