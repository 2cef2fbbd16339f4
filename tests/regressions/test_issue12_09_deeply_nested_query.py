"""Issue 12 item 9 (query text): `sparql -f` of a query with braces nested 3000 deep segfaulted
(exit 139, nothing on stderr). Query text is now limited in nesting depth, with one line naming
the file and the line."""

from __future__ import annotations

import pytest
from conftest import run_cli


@pytest.mark.parametrize("opener,closer", [("{", "}"), ("(", ")"), ("[", "]")])
def test_deep_nesting_is_one_line_naming_file_and_line(opener, closer, tmp_path, isolated_cache):
    query = tmp_path / "deep.rq"
    query.write_text("SELECT * WHERE\n" + opener * 3000 + "\n" + closer * 3000 + "\n",
                     encoding="utf-8")
    result = run_cli("sparql", "-f", str(query))
    assert result.exit_code == 3
    assert result.stderr == (f"Error: {query}, line 2: brackets nested more than 64 deep "
                             "(samverkan's limit for query text)\n")


def test_nesting_within_the_limit_still_runs(isolated_cache):
    query = "ASK WHERE " + "{ " * 30 + "}" * 30
    result = run_cli("sparql", query)
    assert (result.exit_code, result.stdout) == (0, "true\n")
