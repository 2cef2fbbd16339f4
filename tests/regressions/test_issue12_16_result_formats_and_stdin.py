"""Issue 12 item 16: CONSTRUCT ignored --format; there was no SPARQL XML; `sparql -` and
`validate --data -` did not read standard input."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from conftest import FIXTURES, run_cli

CONSTRUCT = ("CONSTRUCT { ?k <https://schema.org/name> ?n } WHERE { "
             "?k <https://w3id.org/samverkan/ontology#municipalityCode> \"1278\" ; "
             "<http://www.w3.org/2004/02/skos/core#prefLabel> ?n }")
KOMMUN = "https://w3id.org/samverkan/id/kommun/1278"


@pytest.mark.parametrize(("fmt", "rdf_format"), [
    ("ttl", ox.RdfFormat.TURTLE), ("table", ox.RdfFormat.TURTLE),
    ("nt", ox.RdfFormat.N_TRIPLES), ("jsonld", ox.RdfFormat.JSON_LD),
])
def test_construct_honours_format(fmt, rdf_format, isolated_cache):
    result = run_cli("sparql", "--format", fmt, CONSTRUCT)
    assert result.exit_code == 0, result.output
    triples = list(ox.parse(result.stdout.encode(), format=rdf_format))
    assert {(t.subject.value, t.object.value) for t in triples} == {
        (KOMMUN, "Båstad"), (KOMMUN.replace("/kommun/", "/area/kommun/"), "Båstad")}
    if fmt == "nt":
        assert result.stdout.startswith(f"<{KOMMUN.replace('/kommun/', '/area/kommun/')}> ")


def test_select_formats_refused_for_construct(isolated_cache):
    result = run_cli("sparql", "--format", "csv", CONSTRUCT)
    assert (result.exit_code, result.stderr) == (
        2, "Error: --format csv is for SELECT and ASK results; CONSTRUCT and DESCRIBE give ttl, "
           "nt, jsonld\n")


def test_select_and_ask_as_sparql_xml(isolated_cache):
    select = run_cli("sparql", "--format", "xml", "SELECT ?n WHERE { <" + KOMMUN + "> "
                     "<http://www.w3.org/2004/02/skos/core#prefLabel> ?n }")
    assert select.exit_code == 0
    assert ox.parse_query_results(select.stdout.encode(), format=ox.QueryResultsFormat.XML)
    assert '<literal xml:lang="sv">Båstad</literal>' in select.stdout
    ask = run_cli("sparql", "--format", "xml", "ASK {}")
    assert "<boolean>true</boolean>" in ask.stdout


def test_sparql_dash_reads_standard_input(isolated_cache):
    result = run_cli("sparql", "-", "--format", "json", input="ASK { ?s ?p ?o }")
    assert (result.exit_code, json.loads(result.stdout)["boolean"]) == (0, True)


def test_validate_data_dash_reads_standard_input(isolated_cache):
    example = FIXTURES / "curation" / "fdb918c48f307fa4.trig"
    result = run_cli("validate", "--data", "-", input=example.read_text(encoding="utf-8"))
    assert result.exit_code == 1  # the example alone lacks its stand-in reference
    assert "a post belongs to exactly one organisation (org:postIn)" in result.stdout
