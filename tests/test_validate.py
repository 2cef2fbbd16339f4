"""`samverkan validate`: the shipped graph conforms; added files that break a rule fail with the
matching message; bad input exits 3 with one line; the report formats are what they claim."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef

from samverkan.cli import main
from samverkan.errors import BadInputError
from samverkan.sources import all_sources
from samverkan.validation import Report, data_file_sources, render_json, summary, validate

SH = Namespace("http://www.w3.org/ns/shacl#")
HEAD = """@base <https://w3id.org/samverkan/id/> .
@prefix sam: <https://w3id.org/samverkan/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix role: <https://w3id.org/samverkan/vocab/role/> .
@prefix status: <https://w3id.org/samverkan/vocab/status/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
USER_GRAPH = "<https://w3id.org/samverkan/graph/source/00000000000000ff>"


def _file(tmp_path: Path, body: str, name: str = "extra.trig") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def shipped_report() -> Report:
    return validate(all_sources())


def test_shipped_graph_conforms(shipped_report: Report) -> None:
    assert shipped_report.findings == []
    assert summary(shipped_report).startswith("conforms: 0 violations, 0 warnings, 0 infos")


def test_cli_shipped_graph_exit_0(isolated_cache) -> None:
    result = _run("validate")
    assert result.exit_code == 0
    assert result.output.startswith("conforms: 0 violations, 0 warnings, 0 infos")


def test_birth_date_of_a_person(isolated_cache, tmp_path) -> None:
    extra = _file(tmp_path, f"""{USER_GRAPH} {{
    {USER_GRAPH} prov:wasDerivedFrom <source/38a22b5948e9b472> .
    <person/2bb9795ea5da> schema:birthDate "1980-01-01"^^xsd:date .
}}""")
    result = _run("validate", "--data", str(extra))
    assert result.exit_code == 1
    out = result.output
    assert "shp:Person (Violation, 1)" in out
    assert "Christofer Thorén [id:person/2bb9795ea5da]" in out
    assert "path:    schema:birthDate" in out
    assert "value:   1980-01-01" in out
    assert "a person carries only rdf:type and schema:name" in out
    assert "source:  id:source/38a22b5948e9b472" in out
    assert out.splitlines()[-1].startswith("does not conform: 1 violation, 0 warnings, 0 infos")


def test_second_kommunkod(isolated_cache, tmp_path) -> None:
    extra = _file(tmp_path, """<https://w3id.org/samverkan/graph/reference> {
    <kommun/1278> sam:municipalityCode "1279" .
}""")
    result = _run("validate", "--data", str(extra), "--format", "json")
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    by_shape = {row["shape"]: row for row in rows}
    assert by_shape["shp:Municipality-code"]["focusNode"] == "https://w3id.org/samverkan/id/kommun/1278"
    assert by_shape["shp:Municipality-code"]["focusLabel"] == "Båstad"
    assert by_shape["shp:Municipality-code"]["message"] == (
        "a kommun has exactly one kommunkod (sam:municipalityCode)"
    )
    assert by_shape["shp:MunicipalityCode-iri"]["value"] == "1279"


def test_kommun_in_a_second_lan(isolated_cache, tmp_path) -> None:
    extra = _file(tmp_path, """<https://w3id.org/samverkan/graph/reference> {
    <kommun/1278> sam:inCounty <area/lan/13> .
}""")
    result = _run("validate", "--data", str(extra))
    assert result.exit_code == 1
    assert "shp:Municipality-county (Violation, 1)" in result.output
    assert "a kommun lies in exactly one län (sam:inCounty, a sam:County)" in result.output
    assert "kommunkod 1278 does not begin with the länskod 13 of its län" in result.output


def test_claim_graph_without_a_source(isolated_cache, tmp_path) -> None:
    extra = _file(tmp_path, f"""{USER_GRAPH} {{
    <org/exempel> a org:Organization ;
        <http://www.w3.org/2004/02/skos/core#prefLabel> "Exempel"@sv .
}}""")
    result = _run("validate", "--data", str(extra))
    assert result.exit_code == 1
    assert "shp:Graph-source (Violation, 1)" in result.output
    assert "graph:source/00000000000000ff" in result.output
    assert "the named graph is not described as derived from a source" in result.output
    assert f"file:    {extra}" in result.output


def test_data_dir_is_validated_too(isolated_cache, tmp_path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    _file(folder, """<https://w3id.org/samverkan/graph/reference> {
    <kommun/1278> sam:inCounty <area/lan/13> .
}""")
    result = _run("--data-dir", str(folder), "validate")
    assert result.exit_code == 1
    assert "shp:Municipality-county (Violation, 1)" in result.output


def test_warning_fails_only_with_fail_on_warning(isolated_cache, tmp_path) -> None:
    # a second current holder of Båstad's säkerhetschef post: two persons in one seat
    extra = _file(tmp_path, f"""{USER_GRAPH} {{
    {USER_GRAPH} prov:wasDerivedFrom <source/38a22b5948e9b472> .
    <tenure/0000000000ff> a org:Membership ; org:member <person/d806080d314c> ;
        org:role role:sakerhetschef ; sam:post <post/kommun-1278/sakerhetschef> ;
        sam:tenureStatus status:current ;
        prov:wasDerivedFrom <source/38a22b5948e9b472> ;
        sam:locator <source/38a22b5948e9b472/p1s1> .
}}""")
    default = _run("validate", "--data", str(extra))
    assert default.exit_code == 0
    assert "shp:Post-singleHolder (Warning, 1)" in default.output
    assert default.output.splitlines()[-1].startswith("conforms: 0 violations, 1 warning, 0 infos")
    strict = _run("validate", "--data", str(extra), "--fail-on", "warning")
    assert strict.exit_code == 1
    assert strict.output.splitlines()[-1].startswith("does not conform: 0 violations, 1 warning")


def test_turtle_is_a_standard_shacl_report(isolated_cache, tmp_path) -> None:
    extra = _file(tmp_path, """<https://w3id.org/samverkan/graph/reference> {
    <kommun/1278> sam:inCounty <area/lan/13> .
}""")
    result = _run("validate", "--data", str(extra), "--format", "turtle")
    assert result.exit_code == 1
    report = Graph().parse(data=result.stdout, format="turtle")
    reports = list(report.subjects(None, SH.ValidationReport))
    assert len(reports) == 1
    assert report.value(reports[0], SH.conforms) == Literal(False)
    shapes = {str(report.value(r, SH.sourceShape)) for r in report.objects(reports[0], SH.result)}
    assert "https://w3id.org/samverkan/shapes/Municipality-county" in shapes
    assert "does not conform: 3 violations" in result.stderr


def test_json_document_shape(isolated_cache, tmp_path) -> None:
    extra = _file(tmp_path, """<https://w3id.org/samverkan/graph/reference> {
    <org/bra> sam:orgnr "202100-0069" .
}""")
    rows = json.loads(_run("validate", "--data", str(extra), "--format", "json").stdout)
    check = [r for r in rows if r["shape"] == "shp:Orgnr-checkDigit"]
    assert check == [{
        "severity": "Violation",
        "shape": "shp:Orgnr-checkDigit",
        "constraint": "sh:SPARQLConstraintComponent",
        "focusNode": "https://w3id.org/samverkan/id/org/bra",
        "focusLabel": "Brottsförebyggande rådet",
        "path": "sam:orgnr",
        "value": "202100-0069",
        "valueLabel": None,
        "message": "the organisationsnummer 202100-0069 has a wrong check digit",
        "sources": [],
        "files": [str(extra), "data/reference/reference.trig"],
    }]


# -- bad input: exit 3, one line, nothing on stdout ------------------------------------------


def test_missing_data_file(isolated_cache, tmp_path) -> None:
    result = _run("validate", "--data", str(tmp_path / "nope.trig"))
    assert result.exit_code == 3
    assert result.stderr == f"Error: data file not found: {tmp_path / 'nope.trig'}\n"
    assert result.stdout == ""


def test_bad_syntax(isolated_cache, tmp_path) -> None:
    bad = tmp_path / "bad.trig"
    bad.write_text("<a> <b> {", encoding="utf-8")
    result = _run("validate", "--data", str(bad))
    assert result.exit_code == 3
    # the same wording as `build` gives (one parser for every command)
    assert result.stderr == f"Error: bad RDF in {bad}, line 1: Unexpected end of file\n"
    assert result.stdout == ""


def test_unknown_format(isolated_cache, tmp_path) -> None:
    odd = tmp_path / "data.rdf"
    odd.write_text("<rdf:RDF/>", encoding="utf-8")
    result = _run("validate", "--data", str(odd))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: cannot read {odd}: unknown RDF format")


def test_triples_outside_named_graphs(isolated_cache, tmp_path) -> None:
    loose = tmp_path / "loose.trig"
    loose.write_text("<http://ex/a> <http://ex/b> <http://ex/c> .\n", encoding="utf-8")
    result = _run("validate", "--data", str(loose))
    assert result.exit_code == 3
    assert "triples outside any named graph" in result.stderr


def test_missing_data_dir(isolated_cache, tmp_path) -> None:
    result = _run("--data-dir", str(tmp_path / "absent"), "validate")
    assert result.exit_code == 3
    assert result.stderr == f"Error: data dir not found: {tmp_path / 'absent'}\n"


def test_bad_format_choice_is_a_usage_error(isolated_cache) -> None:
    result = _run("validate", "--format", "xml")
    assert result.exit_code == 2


def test_turtle_data_goes_to_a_user_graph(tmp_path) -> None:
    ttl = tmp_path / "note.ttl"
    ttl.write_text("<http://ex/a> <http://ex/b> <http://ex/c> .\n", encoding="utf-8")
    [source] = data_file_sources([ttl])
    assert source.graph == "https://w3id.org/samverkan/graph/user/note"
    assert source.syntax == "turtle"


def test_data_file_sources_refuses_a_folder(tmp_path) -> None:
    with pytest.raises(BadInputError, match="data file not found"):
        data_file_sources([tmp_path])


def test_render_json_empty(shipped_report: Report) -> None:
    assert render_json(shipped_report) == "[]\n"


def test_cli_import_does_not_load_pyshacl() -> None:
    code = "import sys, samverkan.cli, samverkan.sparql; print('pyshacl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_person_iri_in_report_is_not_a_name(shipped_report: Report) -> None:
    # the shipped persons all follow the opaque-key rule that shp:Person-iri enforces
    from rdflib import RDF

    from samverkan.validation import load_union

    union = load_union(all_sources())
    persons = set(union.graph.subjects(RDF.type, URIRef("https://schema.org/Person")))
    assert len(persons) == 74
    assert all(str(p).startswith("https://w3id.org/samverkan/id/person/") for p in persons)



def test_union_keeps_a_blank_node_shared_by_two_graphs_one_node() -> None:
    # the union is read graph by graph (validation._GraphDumps); a blank node that two graphs
    # of one store share must still be one node there
    import pyoxigraph as ox

    from samverkan.validation import union_store

    shared = ox.BlankNode()
    store = ox.Store()
    for name in ("a", "b"):
        graph = ox.NamedNode(f"https://w3id.org/samverkan/graph/test/{name}")
        store.add(ox.Quad(shared, ox.NamedNode(f"http://example.org/{name}"),
                          ox.Literal(name), graph))
    union, _parts, names = union_store((), store)
    assert len({q.subject for q in union if isinstance(q.subject, ox.BlankNode)}) == 1
    assert len(names) == 2
    assert len(union) == 4  # two triples, and each graph described as an sd:NamedGraph


def test_graph_dumps_read_in_small_pieces_equal_the_joined_dumps() -> None:
    import pyoxigraph as ox

    from samverkan.validation import _GraphDumps

    store = ox.Store()
    for n in range(3):
        store.add(ox.Quad(ox.NamedNode(f"http://example.org/s{n}"),
                          ox.NamedNode("http://example.org/p"), ox.Literal("ä" * n),
                          ox.NamedNode(f"http://example.org/g{n}")))
    graphs = sorted(store.named_graphs(), key=str)
    joined = b"".join(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) for g in graphs)
    reader = _GraphDumps(store, graphs)
    pieces = iter(lambda: reader.read(7), b"")
    assert b"".join(pieces) == joined
    assert joined.count(b"\n") == 3


def test_union_parsed_from_the_compiled_sources_equals_the_union_read_from_the_store(
        tmp_path) -> None:
    # `validate` parses the files the store was built from instead of decoding the store
    # (faster at scale); the union must be the same graph, and the store still the look-up
    import pyoxigraph as ox

    from samverkan.store import open_store
    from samverkan.validation import union_store

    built = open_store((), tmp_path / "cache")
    from_store, _parts, store_names = union_store((), built.store)
    parsed, parts, parsed_names = union_store((), built.store, {},
                                              compiled_sources=all_sources())
    assert parsed_names == store_names
    assert len(parsed) == len(from_store) > 5000

    def ground(store: ox.Store) -> set[ox.Quad]:
        return {q for q in store if not isinstance(q.subject, ox.BlankNode)
                and not isinstance(q.object, ox.BlankNode)}

    assert ground(parsed) == ground(from_store)
    assert [store for store, _files in parts] == [built.store]


def test_no_store_file_is_open_while_the_engine_runs(isolated_cache, tmp_path,
                                                    monkeypatch) -> None:
    # with RocksDB open, pyshacl-turbo took 2-3 s longer at 1M; the API lets go of the store,
    # and validation opens it only after the engine, for the report's look-ups
    import os

    import pyshacl_turbo

    from samverkan.api import KnowledgeGraph
    from samverkan.store import STORE_SUBDIR

    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("needs /proc/self/fd to list open files")
    graph = KnowledgeGraph(cache_dir=isolated_cache)
    folder = str(graph.build().path / STORE_SUBDIR)
    engine = pyshacl_turbo.validate
    open_during: list[list[str]] = []

    def watched(*args, **kwargs):
        names = [os.path.realpath(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")]
        open_during.append([n for n in names if n.startswith(os.path.realpath(folder))])
        return engine(*args, **kwargs)

    monkeypatch.setattr(pyshacl_turbo, "validate", watched)
    extra = _file(tmp_path, """<https://w3id.org/samverkan/graph/reference> {
    <org/bra> sam:orgnr "202100-0069" .
}""")
    report = graph.validate([extra])
    assert open_during == [[]]
    check = [f for f in report.findings if f.shape == "shp:Orgnr-checkDigit"]
    assert [f.files for f in check] == [[str(extra), "data/reference/reference.trig"]]
