"""Issue 12 item 13: `stats --format json|csv` printed three documents back to back. json is now
one valid document; csv (and tsv, xml) give one table, chosen with --section."""

from __future__ import annotations

import json

from conftest import run_cli


def test_stats_json_is_one_document(isolated_cache):
    result = run_cli("stats", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(document) == ["triples by graph", "instances by class", "claims by source"]
    assert document["triples by graph"]["head"]["vars"] == ["graph", "triples"]


def test_stats_csv_needs_a_section_and_gives_one_table(isolated_cache):
    refused = run_cli("stats", "--format", "csv")
    assert (refused.exit_code, refused.stderr) == (
        2, "Error: --format csv holds one table: choose it with --section (graphs, classes, "
           "sources)\n")
    result = run_cli("stats", "--format", "csv", "--section", "graphs")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "graph,triples"
    assert sum(1 for line in lines if line == "graph,triples") == 1
    assert all(line.startswith("https://w3id.org/samverkan/graph/") for line in lines[1:])
