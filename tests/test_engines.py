"""Every engine gives the same rows: embedded store, rdflib, and a real Oxigraph server.

The server is a plain `oxigraph serve` (no union-default-graph option) loaded with the output of
`samverkan export --format trig`; samverkan asks it for its named graphs and sends the query
over their union (FROM/FROM NAMED). Also: every way an endpoint can fail gives exit 4 and one
line.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import OxigraphServer

from samverkan.cli import main
from samverkan.savedqueries import bind, saved_queries
from samverkan.sparql import (
    rdflib_dataset,
    run_local,
    run_rdflib,
    run_remote,
    with_union_dataset,
)
from samverkan.sparqltext import dataset_insertion_point

NAMES = sorted(saved_queries())


@pytest.fixture(scope="module")
def rdflib_data():
    return rdflib_dataset()


@pytest.fixture(scope="module")
def loaded_server(tmp_path_factory):
    """One real Oxigraph server for the module, loaded with `samverkan export --format trig`."""
    folder = tmp_path_factory.mktemp("engines")
    cache = folder / "cache"
    export = folder / "export.trig"
    result = CliRunner().invoke(main, ["--cache-dir", str(cache), "export", "--format", "trig",
                                       "-o", str(export)])
    assert result.exit_code == 0, result.output
    server = OxigraphServer(folder / "server")
    server.start()
    try:
        server.load(export)
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("name", NAMES)
def test_rdflib_gives_the_same_rows(shipped_store, rdflib_data, name):
    text = bind(saved_queries()[name], {})
    assert run_rdflib(rdflib_data, text).table == run_local(shipped_store, text).table


@pytest.mark.server
@pytest.mark.parametrize("name", NAMES)
def test_plain_oxigraph_server_gives_the_same_rows(shipped_store, loaded_server, name):
    text = bind(saved_queries()[name], {})
    remote = run_remote(loaded_server.query_url, text, timeout=60).table
    assert remote == run_local(shipped_store, text).table


@pytest.mark.server
def test_every_saved_query_has_rows_somewhere(shipped_store):
    empty = sorted(n for n in NAMES
                   if not run_local(shipped_store, bind(saved_queries()[n], {})).table.rows)
    assert empty == []


@pytest.mark.server
def test_cli_endpoint_prints_the_same_bytes(isolated_cache, loaded_server):
    runner = CliRunner()
    for args in (["query", "posts-in-kommun", "--format", "csv"],
                 ["query", "about", "-p", "thing", "id:kommun/1780", "--format", "json"],
                 ["sparql", "ASK { ?s ?p ?o }"]):
        local = runner.invoke(main, args)
        remote = runner.invoke(main, [*args, "--endpoint", loaded_server.query_url])
        assert remote.exit_code == 0, remote.output
        assert remote.output == local.output


@pytest.mark.server
def test_construct_on_endpoint_gives_the_same_turtle(isolated_cache, loaded_server):
    query = ("PREFIX sam: <https://w3id.org/samverkan/ontology#> CONSTRUCT { ?k sam:inCounty ?c }"
             " WHERE { ?k sam:municipalityCode \"1278\" ; sam:inCounty ?c }")
    local = CliRunner().invoke(main, ["sparql", query])
    remote = CliRunner().invoke(main, ["sparql", query, "--endpoint", loaded_server.query_url])
    assert remote.exit_code == 0, remote.output
    assert remote.output == local.output
    assert "lan\\/12" in remote.output


@pytest.mark.server
def test_query_with_its_own_dataset_is_sent_as_written(loaded_server):
    text = ("SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/samverkan/graph/source/"
            "0ca39221fbb1cfdd> WHERE { ?s a <https://schema.org/Person> }")
    rows = run_remote(loaded_server.query_url, text, timeout=60).table.rows
    assert [[t.value for t in row] for row in rows] == [["1"]]


# ---- where the dataset clauses go ----------------------------------------------------------

@pytest.mark.parametrize(("query", "before"), [
    ("SELECT ?s WHERE { ?s ?p ?o }", "WHERE { ?s ?p ?o }"),
    ("SELECT * { ?s ?p ?o }", "{ ?s ?p ?o }"),
    ("PREFIX a: <urn:a#> SELECT (EXISTS { ?s ?p ?o } AS ?x) WHERE {}", "WHERE {}"),
    ("# SELECT WHERE\nASK { ?s ?p ?o }", " { ?s ?p ?o }"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "WHERE { ?s ?p ?o }"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "WHERE { ?s ?p ?o }"),
    ("DESCRIBE <urn:x>", ""),
    ("DESCRIBE ?s WHERE { ?s ?p ?o }", "WHERE { ?s ?p ?o }"),
])
def test_dataset_insertion_point(query, before):
    assert query[dataset_insertion_point(query):] == before


def test_union_dataset_is_added_and_parsed_again():
    text = with_union_dataset("SELECT * WHERE { ?s ?p ?o }", ["urn:g:1", "urn:g:2"])
    assert text == ("SELECT *\nFROM <urn:g:1>\nFROM <urn:g:2>\nFROM NAMED <urn:g:1>\n"
                    "FROM NAMED <urn:g:2>\nWHERE { ?s ?p ?o }")
