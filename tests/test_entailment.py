"""graph:entailments: a plain store loaded with the export answers class queries like a reasoner.

The reference is an independent closure: owlrl's OWL RL semantics over the sources alone (the
ontology with the reused vocabularies' class axioms), compared with what a plain `oxigraph
serve`, holding nothing but `samverkan export --format nq`, answers.
"""

from __future__ import annotations

import owlrl
import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from conftest import OxigraphServer

from samverkan.cli import main
from samverkan.entailment import ENTAILMENT_GRAPH, REUSED_AXIOMS, entailed_triples
from samverkan.sparql import run_remote
from samverkan.store import memory_store

ORG = "http://www.w3.org/ns/org#"
CV = "http://data.europa.eu/m8g/"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
SAM = "https://w3id.org/samverkan/ontology#"
ID = "https://w3id.org/samverkan/id/"

# standard class -> (instances a plain store sees without entailments, with them)
CLASS_COUNTS = {
    ORG + "Organization": (14, 353),
    ORG + "FormalOrganization": (2, 316),
    ORG + "OrganizationalUnit": (11, 11),
    ORG + "OrganizationalCollaboration": (0, 2),
    CV + "PublicOrganisation": (24, 314),
    CV + "AdminUnit": (0, 311),
    DCT + "Location": (22, 312),  # before: Sverige and the 21 län of the DCAT record's coverage
    SCHEMA + "Event": (7, 8),
    SCHEMA + "CreativeWork": (0, 52),  # the 52 articles
    "http://www.w3.org/ns/prov#Plan": (7, 7),
    ORG + "Membership": (92, 92),
    ORG + "Post": (84, 84),
    SCHEMA + "Person": (74, 74),
}


def count_query(cls: str) -> str:
    return f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH ?g {{ ?x a <{cls}> }} }}"


@pytest.fixture(scope="module")
def plain_servers(tmp_path_factory):
    """Two plain Oxigraph servers: one with the default export, one with --no-entailments."""
    folder = tmp_path_factory.mktemp("entailments")
    servers = {}
    try:
        for flag in ("--entailments", "--no-entailments"):
            export = folder / f"{flag}.nq"
            result = CliRunner().invoke(main, ["--cache-dir", str(folder / "cache"), "export",
                                               "--format", "nq", flag, "-o", str(export)])
            assert result.exit_code == 0, result.output
            server = OxigraphServer(folder / flag)
            server.start()
            servers[flag] = server
            server.load(export, "application/n-quads")
        yield servers
    finally:
        for server in servers.values():
            server.stop()


def remote_count(server: OxigraphServer, cls: str) -> int:
    rows = run_remote(server.query_url, count_query(cls), timeout=60).table.rows
    return int(rows[0][0].value)


@pytest.fixture(scope="module")
def owl_rl_counts() -> dict[str, int]:
    """Class counts under an OWL RL reasoner over the sources (no graph:entailments)."""
    store = memory_store()
    graph = rdflib.Graph()
    data = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                       f"FILTER(?g != <{ENTAILMENT_GRAPH}>) }}")
    graph.parse(data=data.serialize(format=ox.RdfFormat.N_TRIPLES), format="nt")
    for sub, sup in REUSED_AXIOMS:
        graph.add((rdflib.URIRef(sub), rdflib.RDFS.subClassOf, rdflib.URIRef(sup)))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return {cls: len(set(graph.subjects(rdflib.RDF.type, rdflib.URIRef(cls))))
            for cls in CLASS_COUNTS}


@pytest.mark.server
@pytest.mark.parametrize("cls", sorted(CLASS_COUNTS))
def test_plain_store_counts_each_standard_class(plain_servers, shipped_store, cls):
    before, after = CLASS_COUNTS[cls]
    assert remote_count(plain_servers["--no-entailments"], cls) == before
    assert remote_count(plain_servers["--entailments"], cls) == after
    [[embedded]] = shipped_store.query(count_query(cls))
    assert int(embedded.value) == after


@pytest.mark.parametrize("cls", sorted(CLASS_COUNTS))
def test_counts_agree_with_an_owl_rl_reasoner(owl_rl_counts, cls):
    # the ontology's blank-node description of its creators is a schema:Organization, never
    # counted; everything else the reasoner finds, the entailment graph holds
    assert owl_rl_counts[cls] == CLASS_COUNTS[cls][1]


def test_nothing_in_the_entailment_graph_is_asserted_in_a_source(shipped_store):
    # the DCAT record (built after it) repeats the län's dct:Location type for its own sake
    graph = ox.NamedNode(ENTAILMENT_GRAPH)
    description = ox.NamedNode("https://w3id.org/samverkan/graph/description")
    quads = list(shipped_store.quads_for_pattern(None, None, None, graph))
    assert len(quads) == 2452
    doubled = [q for q in quads
               if any(o.graph_name not in (graph, description) for o in
                      shipped_store.quads_for_pattern(q.subject, q.predicate, q.object))]
    assert doubled == []
    assert entailed_triples(shipped_store) == sorted(
        (q.triple for q in quads), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def ask(store: ox.Store, pattern: str) -> bool:
    return bool(store.query(f"ASK {{ GRAPH <{ENTAILMENT_GRAPH}> {{ {pattern} }} }}"))


def test_kommun_1278_is_every_kind_of_organisation(shipped_store):
    kommun = f"<{ID}kommun/1278>"
    for cls in (CV + "PublicOrganisation", ORG + "FormalOrganization", ORG + "Organization"):
        assert ask(shipped_store, f"{kommun} a <{cls}>") is True
    assert ask(shipped_store, f"<{ID}area/kommun/1278> a <{CV}AdminUnit>, <{DCT}Location>")


def test_authority_gets_schema_same_as_and_territory_owl_same_as(shipped_store):
    q499464 = "<http://www.wikidata.org/entity/Q499464>"
    assert ask(shipped_store, f"<{ID}kommun/1278> <{SCHEMA}sameAs> {q499464}") is True
    assert ask(shipped_store, f"<{ID}kommun/1278> <http://www.w3.org/2002/07/owl#sameAs> ?x") \
        is False
    assert ask(shipped_store, f"<{ID}area/lan/12> <http://www.w3.org/2002/07/owl#sameAs> "
                              "<http://www.wikidata.org/entity/Q103659>") is True


def test_popolo_and_dct_terms_are_materialised_beside_the_own_terms(shipped_store):
    def count(predicate: str) -> int:
        [[n]] = shipped_store.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{predicate}> ?o }} }}")
        return int(n.value)

    assert (count(SAM + "post"), count("http://www.w3.org/ns/opengov#post")) == (87, 87)
    assert (count(SAM + "onBehalfOf"), count("http://www.w3.org/ns/opengov#onBehalfOf")) == (9, 9)
    assert ask(shipped_store, f"<{ID}kommun/1278> <{DCT}spatial> <{ID}area/kommun/1278>")
    assert count(SCHEMA + "creativeWorkStatus") == 5  # the plans with a status
    assert count(ORG + "subOrganizationOf") == 11  # one per sam:crisisGroupOf


def test_no_entailments_export_has_no_entailment_graph(isolated_cache):
    result = CliRunner().invoke(main, ["export", "--format", "nq", "--no-entailments"])
    assert result.exit_code == 0
    assert ENTAILMENT_GRAPH not in result.stdout
    assert "https://w3id.org/samverkan/graph/description" in result.stdout
    full = CliRunner().invoke(main, ["export", "--format", "nq"])
    assert full.stdout.count(f"<{ENTAILMENT_GRAPH}> .\n") == 2452


def test_point_lookups_and_fetched_sets_give_the_same_entailments(monkeypatch):
    # _Asserted answers from point lookups for rare keys and from one fetched set for frequent
    # ones; either way alone must give the 2,452 triples of the shipped graph
    from samverkan import entailment

    store = ox.Store()
    for quad in memory_store():
        if quad.graph_name != ox.NamedNode(ENTAILMENT_GRAPH):
            store.add(quad)
    results = []
    for threshold in (0, 10**9):
        monkeypatch.setattr(entailment._Asserted, "SET_AFTER", threshold)
        results.append(entailed_triples(store))
    assert len(results[0]) == 2452
    assert results[0] == results[1]
