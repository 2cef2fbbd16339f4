"""`samverkan link wikidata` and the endpoint client, against a real Oxigraph server.

The server holds tests/fixtures/wikidata/wikidata.trig: a match (0114), an item with two codes
(Båstad 1278 and an old 1178), a mismatch (0115), an ambiguous orgnr (Brå), an unknown kommunkod
(9999), and no item for Kiruna 2584 and the rest of the reference.
"""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest
from conftest import FIXTURES, ROOT, run_cli

from samverkan.endpoint import query_endpoint
from samverkan.errors import BadInputError, EndpointError, UsageError
from samverkan.linking import check_wikidata_links

FIXTURE = FIXTURES / "wikidata" / "wikidata.trig"
ID = "https://w3id.org/samverkan/id/"
SAM = "https://w3id.org/samverkan/ontology#"
WD = "http://www.wikidata.org/entity/"
LINKS = "https://w3id.org/samverkan/graph/links"

pytestmark = pytest.mark.server


@pytest.fixture()
def wikidata(oxigraph_server):
    oxigraph_server.load(FIXTURE)
    return oxigraph_server


def reference_store() -> ox.Store:
    store = ox.Store()
    store.load(path=str(ROOT / "data" / "reference" / "reference.trig"), format=ox.RdfFormat.TRIG)
    return store


run = run_cli


# --------------------------------------------------------------------------- report


def test_cli_reports_mismatch_ambiguous_unknown_and_not_found(wikidata, isolated_cache):
    result = run("link", "wikidata", "--endpoint", wikidata.query_url, "--format", "csv", "--all")
    assert result.exit_code == 1  # findings
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by_status: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_status.setdefault(row["status"], []).append(row)
    assert by_status["mismatch"] == [{
        "status": "mismatch", "entity": ID + "kommun/0115", "name": "Vallentuna",
        "code": "0115", "graph": "Q501526", "endpoint": "Q900000001",
    }]
    assert by_status["ambiguous"] == [{
        "status": "ambiguous", "entity": ID + "org/bra", "name": "Brottsförebyggande rådet",
        "code": "202100-0068", "graph": "Q10436166", "endpoint": "Q10436166 Q900000002",
    }]
    assert by_status["unknown-code"] == [{
        "status": "unknown-code", "entity": "", "name": "", "code": "9999", "graph": "",
        "endpoint": "Q900000003",
    }]
    assert [(r["entity"], r["endpoint"]) for r in by_status["ok"]] == [
        (ID + "kommun/0114", "Q499425"),
        (ID + "kommun/1278", "Q499464"),  # the item with two codes: the old one is no finding
        (ID + "org/polismyndigheten", "Q11995938"),
    ]
    not_found = {r["entity"]: r for r in by_status["not-found"]}
    assert not_found[ID + "kommun/2584"]["graph"] == "Q499474"  # the missing item
    assert not_found[ID + "kommun/2584"]["endpoint"] == ""
    assert len(not_found) == 289
    assert "missing-link" not in by_status
    assert "1178" not in result.stdout
    assert result.stderr == (
        f"{wikidata.query_url}: 1 mismatch, 1 ambiguous, 1 unknown-code, 289 not-found, 3 ok\n"
    )


def test_table_leaves_ok_rows_out_by_default(wikidata, isolated_cache):
    result = run("link", "wikidata", "--endpoint", wikidata.query_url)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["status", "entity", "name", "code", "graph", "endpoint"]
    assert lines[2].split() == ["mismatch", "id:kommun/0115", "Vallentuna", "0115", "Q501526",
                                "Q900000001"]
    assert lines[-1] == "(292 rows)"
    assert "id:kommun/0114 " not in result.stdout


def test_write_with_nothing_new_writes_only_the_provenance(wikidata, isolated_cache, tmp_path):
    target = tmp_path / "wikidata.trig"
    result = run("link", "wikidata", "--endpoint", wikidata.query_url, "--write", "-o",
                 str(target))
    assert result.exit_code == 1
    assert result.stderr.endswith(f"; wrote 0 link(s) to {target}\n")
    quads = list(ox.parse(path=str(target), format=ox.RdfFormat.TRIG))
    assert sorted((q.subject.value, q.predicate.value, q.object.value, q.graph_name.value)
                  for q in quads) == [
        (wikidata.query_url, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
         "https://schema.org/Dataset", LINKS),
        (wikidata.query_url, "https://schema.org/name",
         f"SPARQL endpoint {wikidata.query_url}", LINKS),
        (LINKS, "http://www.w3.org/ns/prov#wasDerivedFrom", wikidata.query_url, LINKS),
    ]


def test_missing_link_is_written_to_the_links_graph_and_then_ok(wikidata, tmp_path):
    store = reference_store()
    kommun = ox.NamedNode(ID + "kommun/0114")
    for quad in list(store.quads_for_pattern(kommun, ox.NamedNode(SAM + "wikidata"), None)):
        store.remove(quad)
    target = tmp_path / "wikidata.trig"
    report = check_wikidata_links(store, wikidata.query_url, timeout=30, write_to=target)
    row = next(r for r in report.rows if r.entity == ID + "kommun/0114")
    assert (row.status, row.ours, row.found) == ("missing-link", (), ("Q499425",))
    assert report.new_links == {ID + "kommun/0114": "Q499425"}
    assert report.findings == 3 + 289  # mismatch, ambiguous, unknown-code, not-found
    quads = {(q.subject.value, q.predicate.value, q.object.value, q.graph_name.value)
             for q in ox.parse(path=str(target), format=ox.RdfFormat.TRIG)}
    assert (ID + "kommun/0114", SAM + "wikidata", WD + "Q499425", LINKS) in quads
    assert len(quads) == 4  # the link, and the graph's source: derivedFrom, type, name

    # the written links graph passes the shapes, provenance included
    validated = run("validate", "--data", str(target))
    assert (validated.exit_code, validated.stdout.splitlines()[-1][:30]) == (
        0, "conforms: 0 violations, 0 warn")

    store.load(path=str(target), format=ox.RdfFormat.TRIG)
    again = check_wikidata_links(store, wikidata.query_url, timeout=30, write_to=target)
    row = next(r for r in again.rows if r.entity == ID + "kommun/0114")
    assert row.status == "ok"
    assert again.new_links == {ID + "kommun/0114": "Q499425"}  # kept on the next refresh


def test_mismatch_is_never_written(wikidata, tmp_path):
    target = tmp_path / "wikidata.trig"
    report = check_wikidata_links(reference_store(), wikidata.query_url, write_to=target)
    assert report.new_links == {}
    assert "Q900000001" not in target.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- endpoint client


def test_query_endpoint_select_ask_construct(wikidata):
    select = query_endpoint(
        wikidata.query_url,
        "# SELECT in a comment must not matter\nPREFIX wdt: <http://www.wikidata.org/prop/direct/>"
        '\nSELECT ?item WHERE { ?item wdt:P525 "0114" }',
        "SELECT",
    )
    assert select["head"]["vars"] == ["item"]
    assert select["results"]["bindings"] == [{"item": {"type": "uri", "value": WD + "Q499425"}}]
    assert query_endpoint(wikidata.query_url, 'ASK { ?s ?p "9999" }', "ASK") == {
        "head": {}, "boolean": True,
    }
    triples = query_endpoint(
        wikidata.query_url,
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o "
        "FILTER(?s = <http://www.wikidata.org/entity/Q11995938>) }",
        "CONSTRUCT",
    )
    assert triples == (
        b"<http://www.wikidata.org/entity/Q11995938> <http://www.wikidata.org/prop/direct/P6460>"
        b' "202100-0076" .\n'
    )


def test_query_endpoint_rejected_query_is_one_line(wikidata):
    with pytest.raises(EndpointError) as caught:
        query_endpoint(wikidata.query_url, "SELECT * WHERE { ?s ?p }", "SELECT", retries=0)
    message = str(caught.value)
    assert message.startswith(f"{wikidata.query_url}: the endpoint rejected the query (HTTP 400)")
    assert "\n" not in message


@pytest.mark.parametrize(
    ("url", "query_type", "error", "message"),
    [
        ("ftp://example.org/sparql", "SELECT", BadInputError,
         "--endpoint: not an http(s) URL: 'ftp://example.org/sparql'"),
        ("http://user:secret@127.0.0.1:1/sparql", "SELECT", BadInputError,
         "--endpoint: credentials in a URL are refused (the URL is not shown); give them "
         "through --auth-env VAR or a netrc entry"),
        ("http://127.0.0.1:1/sparql", "INSERT", UsageError,
         "query type 'INSERT' is not one of SELECT, ASK, CONSTRUCT, DESCRIBE"),
    ],
)
def test_query_endpoint_bad_arguments(url, query_type, error, message):
    with pytest.raises(error) as caught:
        query_endpoint(url, "SELECT * {}", query_type)
    assert str(caught.value) == message


def test_query_endpoint_bad_timeout():
    with pytest.raises(BadInputError) as caught:
        query_endpoint("http://127.0.0.1:1/sparql", "ASK {}", "ASK", timeout=0)
    assert str(caught.value) == "timeout must be a positive number of seconds, got 0"


def test_nonpositive_timeout_is_a_usage_error(isolated_cache):
    result = run("link", "wikidata", "--timeout", "0")
    assert result.exit_code == 2
    assert "--timeout" in result.stderr
