"""Every engine gives the same rows: embedded store, rdflib, and a real Oxigraph server.

The server is a plain `oxigraph serve` (no union-default-graph option) loaded with the output of
`samverkan export --format trig`; samverkan asks it for its named graphs and sends the query
over their union (FROM/FROM NAMED). Also: every way an endpoint can fail gives exit 4 and one
line.
"""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner
from conftest import CannedEndpoint, OxigraphServer, free_port

from samverkan.cli import main
from samverkan.savedqueries import bind, saved_queries
from samverkan.sparql import (
    dataset_insertion_point,
    rdflib_dataset,
    run_local,
    run_rdflib,
    run_remote,
    with_union_dataset,
)

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


# ---- endpoint failures: exit 4, one line ----------------------------------------------------


def run_endpoint(url: str, *extra: str):
    return CliRunner().invoke(main, ["query", "sources", "--endpoint", url, *extra])


def test_unreachable_endpoint(isolated_cache):
    url = f"http://127.0.0.1:{free_port()}/sparql"
    result = run_endpoint(url, "--timeout", "20")
    assert result.exit_code == 4
    assert result.output.startswith(f"Error: {url}: cannot connect")
    assert result.output.count("\n") == 1


@pytest.mark.parametrize(("status", "expected"), [
    (404, "no SPARQL endpoint at this URL (HTTP 404)"),
    (500, "HTTP 500 (internal server error) after 3 attempts"),
    (403, "HTTP 403 (Forbidden)"),
])
def test_http_error(isolated_cache, status, expected):
    with CannedEndpoint(status, b"<html>nope</html>", "text/html") as fake:
        result = run_endpoint(fake.url)
    assert result.exit_code == 4
    assert result.output == f"Error: {fake.url}: {expected}\n"


def test_timeout(isolated_cache):
    with CannedEndpoint(200, b"{}", "application/sparql-results+json", delay=30) as fake:
        started = time.monotonic()
        result = run_endpoint(fake.url, "--timeout", "1")
        assert time.monotonic() - started < 25  # the call gave up long before the server
    assert result.exit_code == 4
    assert result.output == f"Error: {fake.url}: no answer within 1 s (timeout)\n"


def test_not_sparql_results(isolated_cache):
    with CannedEndpoint(200, b"<html><body>Welcome</body></html>", "text/html") as fake:
        result = run_endpoint(fake.url)
    assert result.exit_code == 4
    assert result.output == (
        f"Error: {fake.url}: the answer is not SPARQL JSON results (text/html: "
        "'<html><body>Welcome</body></html>')\n")


def test_json_that_is_not_results(isolated_cache):
    with CannedEndpoint(200, b'{"hello": "world"}', "application/json") as fake:
        result = run_endpoint(fake.url)
    assert result.exit_code == 4
    assert result.output == (
        f"Error: {fake.url}: the answer is not SPARQL JSON results (no head/results)\n")


def test_endpoint_url_must_be_http(isolated_cache):
    result = run_endpoint("ftp://example.org/sparql")
    assert result.exit_code == 3
    assert result.output == "Error: endpoint 'ftp://example.org/sparql' is not an http:// or " \
        "https:// URL\n"
