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


EX = "http://example.org/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def fixture_store() -> ox.Store:
    """A tiny ontology and data graph exercising every rule, with blank nodes and a literal."""
    from samverkan.entailment import ONTOLOGY_GRAPH

    store = ox.Store()
    nn = ox.NamedNode
    ontology, data = nn(ONTOLOGY_GRAPH), nn(EX + "graph")
    for s, p, o in [("sub", RDFS + "subPropertyOf", "super"),
                    ("super", RDFS + "subPropertyOf", "top"),
                    ("has", OWL + "inverseOf", "of"),
                    ("of", RDFS + "subPropertyOf", "related"),
                    ("A", OWL + "equivalentClass", "B"),
                    ("B", RDFS + "subClassOf", "C")]:
        store.add(ox.Quad(nn(EX + s), nn(p), nn(EX + o), ontology))
    blank, other = ox.BlankNode("b1"), ox.BlankNode("c1")
    for s, p, o in [(nn(EX + "x"), "sub", nn(EX + "y")),
                    (nn(EX + "x"), "top", nn(EX + "y")),  # asserted: never entailed again
                    (nn(EX + "x"), TYPE, nn(EX + "A")),
                    (nn(EX + "v"), TYPE, nn(EX + "B")),
                    (nn(EX + "y"), "has", blank),
                    (nn(EX + "z"), "has", ox.Literal("no inverse of a literal")),
                    (nn(EX + "w"), "sub", other)]:
        predicate = nn(p if p.startswith("http") else EX + p)
        store.add(ox.Quad(s, predicate, o, data))
    # what an earlier build entailed does not count as asserted
    store.add(ox.Quad(nn(EX + "x"), nn(TYPE), nn(EX + "C"), nn(ENTAILMENT_GRAPH)))
    return store


FIXTURE_ENTAILED = {
    (f"<{EX}x>", f"<{EX}super>", f"<{EX}y>"),
    (f"<{EX}x>", f"<{TYPE}>", f"<{EX}B>"),
    (f"<{EX}x>", f"<{TYPE}>", f"<{EX}C>"),
    (f"<{EX}v>", f"<{TYPE}>", f"<{EX}A>"),
    (f"<{EX}v>", f"<{TYPE}>", f"<{EX}C>"),
    ("_:b1", f"<{EX}of>", f"<{EX}y>"),
    ("_:b1", f"<{EX}related>", f"<{EX}y>"),
    (f"<{EX}w>", f"<{EX}super>", "_:c1"),
    (f"<{EX}w>", f"<{EX}top>", "_:c1"),
}


def as_strings(triples) -> set[tuple[str, str, str]]:
    return {(str(t.subject), str(t.predicate), str(t.object)) for t in triples}


def test_each_rule_on_a_fixture_once_and_never_what_is_asserted():
    store = fixture_store()
    assert as_strings(entailed_triples(store)) == FIXTURE_ENTAILED


def test_the_engine_path_writes_what_the_rules_give_with_blank_nodes_kept():
    from samverkan.entailment import add_entailments

    store = fixture_store()
    assert add_entailments(store) == 9
    written = store.quads_for_pattern(None, None, None, ox.NamedNode(ENTAILMENT_GRAPH))
    assert as_strings(q.triple for q in written) == FIXTURE_ENTAILED


def reference_closure(store: ox.Store) -> set[ox.Triple]:
    """The rules applied naively: every consequence of every triple, to a fixpoint.

    Sources are every graph but the ontology and the derived ones; asserted is every graph but
    the derived ones; an asserted triple is never entailed (nor expanded unless a source).
    """
    from samverkan.entailment import DERIVED, MAPPING_RULES, ONTOLOGY_GRAPH, Axioms

    axioms = Axioms(store)
    derived = {ox.NamedNode(g) for g in DERIVED}
    asserted = {q.triple for q in store if q.graph_name not in derived}
    skipped = {ox.NamedNode(ONTOLOGY_GRAPH), ox.NamedNode(ENTAILMENT_GRAPH)}
    todo = [q.triple for q in store if q.graph_name not in skipped]
    new: set[ox.Triple] = set()
    for _name, rule in MAPPING_RULES:
        for triple in store.query(rule, use_default_graph_as_union=True):
            if triple not in asserted and triple not in new:
                new.add(triple)
                todo.append(triple)
    while todo:
        s, p, o = todo.pop()
        found = []
        if p.value == TYPE:
            if isinstance(o, ox.NamedNode):
                found += [ox.Triple(s, p, ox.NamedNode(c))
                          for c in axioms.superclasses.get(o.value, ())]
        else:
            found += [ox.Triple(s, ox.NamedNode(q), o)
                      for q in axioms.superproperties.get(p.value, ())]
            if not isinstance(o, ox.Literal):
                found += [ox.Triple(o, ox.NamedNode(q), s)
                          for q in axioms.inverses.get(p.value, ())]
        for triple in found:
            if triple not in asserted and triple not in new:
                new.add(triple)
                todo.append(triple)
    return new


def test_the_fixture_agrees_with_the_naive_rules():
    assert as_strings(reference_closure(fixture_store())) == FIXTURE_ENTAILED


def test_shipped_and_synthetic_entailments_equal_the_naive_rules(tmp_path):
    # the engine path (hierarchy copies serialised by the engine, bulk-loaded) against the rules
    # applied one triple at a time: the shipped graph, and synthetic data of the same model
    from benchmarks.generate import write_synthetic

    from samverkan.entailment import add_entailments
    from samverkan.sources import all_sources
    from samverkan.store import load_sources

    write_synthetic(tmp_path / "synthetic.trig", 30_000)
    expected_counts = {"shipped": 2452, "synthetic": 4288}
    for name, folders in (("shipped", []), ("synthetic", [tmp_path])):
        store = ox.Store()
        load_sources(store, all_sources(folders))
        expected = reference_closure(store)
        assert add_entailments(store) == len(expected) == expected_counts[name]
        written = store.quads_for_pattern(None, None, None, ox.NamedNode(ENTAILMENT_GRAPH))
        assert {q.triple for q in written} == expected
