"""graph:description: the DCAT-AP dataset record and VoID description generated from the graph.

It is validated the way a portal harvesting the export would see it (every graph of the export,
merged) against the official DCAT-AP 3.0.1 SHACL shapes in ../shared/dcat-ap (skipped where
../shared is missing) and against the project's own shapes written from the specification.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from conftest import FIXTURES, SHARED, select

from samverkan.cli import main
from samverkan.description import DATASET, DESCRIPTION_GRAPH

DCAT_AP = SHARED / "dcat-ap"
OWN_SHAPES = FIXTURES / "description" / "dcat-ap-core-shapes.ttl"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
PREFIXES = """PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>
PREFIX void: <http://rdfs.org/ns/void#> """


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> rdflib.Graph:
    """The N-Quads export, every graph merged, as a harvester reads it."""
    cache = tmp_path_factory.mktemp("description") / "cache"
    result = CliRunner().invoke(main, ["--cache-dir", str(cache), "export", "--format", "nq"])
    assert result.exit_code == 0
    dataset = ox.Dataset(ox.parse(result.stdout_bytes, format=ox.RdfFormat.N_QUADS))
    merged = ox.serialize((q.triple for q in dataset), format=ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=merged, format="nt")


def shacl(data: rdflib.Graph, *shape_files) -> set[tuple[str, str]]:
    """(focus node, path) of every violation."""
    import pyshacl

    shapes = rdflib.Graph()
    for path in shape_files:
        shapes.parse(path, format="turtle")
    # the official files (SHACL + ranges) name 5 property shapes that neither defines; pySHACL
    # refuses such dangling links, so they are left out (and counted, so a new release shows)
    dangling = [(s, o) for s, o in shapes.subject_objects(SH.property)
                if (o, SH.path, None) not in shapes]
    assert len(dangling) in (0, 5)
    for subject, shape in dangling:
        shapes.remove((subject, SH.property, shape))
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                    allow_warnings=True)
    return {(str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath)))
            for r in report.subjects(SH.resultSeverity, SH.Violation)}


def official_shapes() -> list:
    if not DCAT_AP.is_dir():
        pytest.skip("../shared/dcat-ap (the official DCAT-AP 3.0.1 shapes) is not here")
    return sorted(DCAT_AP.glob("*.ttl"))


def without_title(graph: rdflib.Graph) -> rdflib.Graph:
    broken = rdflib.Graph()
    for triple in graph:
        if not (triple[0] == rdflib.URIRef(DATASET) and triple[1] == rdflib.DCTERMS.title):
            broken.add(triple)
    return broken


def test_export_passes_the_official_dcat_ap_shapes(exported):
    assert shacl(exported, *official_shapes()) == set()


def test_official_shapes_catch_a_dataset_without_title(exported):
    assert shacl(without_title(exported), *official_shapes()) == {
        (DATASET, str(rdflib.DCTERMS.title))}


def test_export_passes_the_project_s_own_dcat_ap_shapes(exported):
    assert shacl(exported, OWN_SHAPES) == set()


def test_own_shapes_catch_a_dataset_without_title(exported):
    assert shacl(without_title(exported), OWN_SHAPES) == {(DATASET, str(rdflib.DCTERMS.title))}


def test_own_shapes_catch_a_linkset_without_target(exported):
    broken = rdflib.Graph()
    target = rdflib.URIRef("http://rdfs.org/ns/void#objectsTarget")
    for triple in exported:
        if triple[1] != target:
            broken.add(triple)
    assert shacl(broken, OWN_SHAPES) == {
        ("https://w3id.org/samverkan/dataset/links/www-wikidata-org", str(target)),
        ("https://w3id.org/samverkan/dataset/links/dataportal-se", str(target))}


def test_record_counts_the_graph(shipped_store):
    [[triples, classes]] = select(shipped_store, PREFIXES + f"""
        SELECT ?t ?c WHERE {{ <{DATASET}> void:triples ?t ; void:classes ?c }}""")
    [[actual]] = select(shipped_store, f"""SELECT (COUNT(*) AS ?n)
        WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{DESCRIPTION_GRAPH}>) }}""")
    assert triples == actual == "11257"
    assert classes == "37"


def test_record_has_distributions_coverage_and_links(shipped_store):
    formats = select(shipped_store, PREFIXES + f"""SELECT ?format WHERE {{
        <{DATASET}> dcat:distribution/dct:format ?format }} ORDER BY ?format""")
    assert [f[0].rsplit("/", 1)[1] for f in formats] == [
        "JSON_LD", "RDF_N_QUADS", "RDF_N_TRIPLES", "RDF_TRIG", "RDF_TURTLE"]
    [[spatial]] = select(shipped_store, PREFIXES + f"""SELECT (COUNT(?s) AS ?n)
        WHERE {{ <{DATASET}> dct:spatial ?s }}""")
    assert spatial == "22"  # Sverige and its 21 län
    assert select(shipped_store, PREFIXES + f"""SELECT ?start ?end WHERE {{
        <{DATASET}> dct:temporal [ dcat:startDate ?start ; dcat:endDate ?end ] }}""") == [
        ("2006-01-01", "2027-02-28")]  # a tenure from "2006"^^xsd:gYear; an agreement's end
    links = select(shipped_store, PREFIXES + f"""SELECT ?target ?n WHERE {{
        <{DATASET}> void:subset [ void:objectsTarget ?target ; void:triples ?n ] }}
        ORDER BY ?target""")
    assert links == [("http://www.wikidata.org/", "315"), ("https://dataportal.se/", "279")]
    assert select(shipped_store, PREFIXES + f"SELECT ?l WHERE {{ <{DATASET}> dct:license ?l }}") \
        == [("https://creativecommons.org/licenses/by/4.0/",)]
