"""The entailments a plain triple store needs, materialised into their own named graph.

A store without a reasoner sees only the asserted types: kommun 1278 is a ``sam:Municipality``
and nothing else, so ``?x a org:Organization`` misses every kommun. This module computes the
RDFS closure of the data under the ontology's own axioms (``rdfs:subClassOf``,
``rdfs:subPropertyOf``, ``owl:equivalentClass``, ``owl:equivalentProperty``, ``owl:inverseOf``)
plus the few class axioms of the reused vocabularies that the model relies on
(:data:`REUSED_AXIOMS`), and three mapping rules the ontology cannot state in RDFS
(:data:`MAPPING_RULES`). Only triples that are not already asserted go into
``graph:entailments``, so dropping that graph gives back exactly the sources.

Domains and ranges are deliberately not applied: several are unions or ``owl:Thing`` and would
add nothing a user queries by, or wrong types (docs/model.md, "Entailments").
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

ENTAILMENT_GRAPH = "https://w3id.org/samverkan/graph/entailments"
ONTOLOGY_GRAPH = "https://w3id.org/samverkan/graph/ontology"
# graphs computed at build time: what they hold never counts as asserted
DERIVED = (ENTAILMENT_GRAPH, "https://w3id.org/samverkan/graph/description")
# bump when the rules change, so cached stores are rebuilt
RULES_VERSION = "1"

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
ORG = "http://www.w3.org/ns/org#"
CV = "http://data.europa.eu/m8g/"
SAM = "https://w3id.org/samverkan/ontology#"
SCHEMA = "https://schema.org/"
FORM = "https://w3id.org/samverkan/vocab/cooperation-form/"

# Class axioms of the reused vocabularies (W3C ORG 2014, SEMIC CPOV as docs/model.md reads it,
# schema.org), stated here rather than in the ontology because samverkan never defines terms in
# namespaces it does not own.
REUSED_AXIOMS: tuple[tuple[str, str], ...] = (
    (ORG + "FormalOrganization", ORG + "Organization"),
    (ORG + "OrganizationalUnit", ORG + "Organization"),
    (ORG + "OrganizationalCollaboration", ORG + "Organization"),
    (CV + "PublicOrganisation", ORG + "FormalOrganization"),
    (SCHEMA + "NewsArticle", SCHEMA + "Article"),
    (SCHEMA + "Article", SCHEMA + "CreativeWork"),
)

# (name, SPARQL CONSTRUCT) for what RDFS cannot say; see docs/model.md for each decision.
MAPPING_RULES: tuple[tuple[str, str], ...] = (
    # a standing cooperation structure is an ORG collaboration of its participants
    ("structure-is-collaboration", f"""
        CONSTRUCT {{ ?c a <{ORG}OrganizationalCollaboration> }}
        WHERE {{ ?c a <{SAM}Cooperation> ; <{SAM}cooperationForm> <{FORM}structure> }}"""),
    # the status of a plan is its schema.org creative work status (not so for crisis groups)
    ("plan-status", f"""
        CONSTRUCT {{ ?plan <{SCHEMA}creativeWorkStatus> ?status }}
        WHERE {{ ?plan a <{SAM}Plan> ; <{SAM}status> ?status }}"""),
    # a territory's Wikidata item is the same territory: owl:sameAs (an authority gets only
    # schema:sameAs, through sam:wikidata's super-property, as its item conflates it with the
    # territory)
    ("territory-same-as", f"""
        CONSTRUCT {{ ?area <{OWL}sameAs> ?item }}
        WHERE {{ ?area a ?class ; <{SAM}wikidata> ?item
                 VALUES ?class {{ <{SAM}County> <{SAM}MunicipalityArea> }} }}"""),
)


def _closure(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Every term's strict ancestors under a set of (sub, super) pairs (cycles allowed)."""
    parents: dict[str, set[str]] = {}
    for sub, sup in pairs:
        if sub != sup:
            parents.setdefault(sub, set()).add(sup)
    ancestors: dict[str, set[str]] = {}
    for term in parents:
        seen: set[str] = set()
        todo = list(parents[term])
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            todo.extend(parents.get(current, ()))
        seen.discard(term)
        ancestors[term] = seen
    return ancestors


def _axiom_pairs(store: ox.Store, predicate: str, both_ways: bool) -> list[tuple[str, str]]:
    """(subject, object) of every IRI-to-IRI axiom with ``predicate`` in the ontology graph."""
    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    pairs: list[tuple[str, str]] = []
    for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, graph):
        if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
            pairs.append((quad.subject.value, quad.object.value))
            if both_ways:
                pairs.append((quad.object.value, quad.subject.value))
    return pairs


class Axioms:
    """The class and property hierarchy (and inverses) read from the ontology graph."""

    def __init__(self, store: ox.Store) -> None:
        classes = _axiom_pairs(store, RDFS + "subClassOf", False)
        classes += _axiom_pairs(store, OWL + "equivalentClass", True)
        self.superclasses = _closure([*classes, *REUSED_AXIOMS])
        properties = _axiom_pairs(store, RDFS + "subPropertyOf", False)
        properties += _axiom_pairs(store, OWL + "equivalentProperty", True)
        self.superproperties = _closure(properties)
        self.inverses: dict[str, set[str]] = {}
        for a, b in _axiom_pairs(store, OWL + "inverseOf", True):
            self.inverses.setdefault(a, set()).add(b)


Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class _Asserted:
    """Whether the sources assert a triple (the derived graphs do not count).

    Asked once per candidate the Python side of the closure makes (inverses, the mapping rules
    and what follows from them; the hierarchies' bulk is checked by the engine). A key (a type,
    or a predicate) asked about often has what the sources assert for it fetched once, as a
    set; a key asked about a few times keeps its point lookups.
    """

    SET_AFTER = 64  # lookups of one key before its whole set is fetched

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._asked: dict[tuple[Term, ...], int] = {}
        self._sets: dict[tuple[Term, ...], set[tuple[Term, ...]]] = {}

    def _asserted(self, quads: Iterable[ox.Quad]) -> Iterable[ox.Quad]:
        for quad in quads:
            name = quad.graph_name
            if not isinstance(name, ox.NamedNode) or name.value not in DERIVED:
                yield quad

    def __contains__(self, triple: ox.Triple) -> bool:
        # a type is keyed by (rdf:type, class) and holds subjects; any other predicate by
        # itself and holds (subject, object) pairs
        typed = triple.predicate.value == RDF_TYPE
        key = (triple.predicate, triple.object) if typed else (triple.predicate,)
        member = (triple.subject,) if typed else (triple.subject, triple.object)
        found = self._sets.get(key)
        if found is None:
            asked = self._asked[key] = self._asked.get(key, 0) + 1
            if asked <= self.SET_AFTER:
                lookup = self.store.quads_for_pattern(triple.subject, triple.predicate,
                                                      triple.object)
                return next(iter(self._asserted(lookup)), None) is not None
            everything = self.store.quads_for_pattern(None, triple.predicate,
                                                      triple.object if typed else None)
            found = {(q.subject,) if typed else (q.subject, q.object)
                     for q in self._asserted(everything)}
            self._sets[key] = found
        return member in found


def _outside(variable: str, graphs: Iterable[str]) -> str:
    return " && ".join(f"?{variable} != <{g}>" for g in graphs)


def _hierarchy_queries(axioms: Axioms) -> list[tuple[str, str]]:
    """(super-term, CONSTRUCT) for each superclass and super-property the sources reach.

    Each gives what the closed hierarchy adds to the sources for one super-term (the ontology
    graph and ``graph:entailments`` do not count as sources), minus what the sources assert.
    """
    def sources(targets: dict[str, set[str]], pairs: dict[str, set[str]]) -> dict[str, set[str]]:
        for sub, sups in pairs.items():
            for sup in sups:
                targets.setdefault(sup, set()).add(sub)
        return targets

    scanned = _outside("g", (ONTOLOGY_GRAPH, ENTAILMENT_GRAPH))
    asserted = _outside("h", DERIVED)
    queries = []
    for cls, subs in sorted(sources({}, axioms.superclasses).items()):
        values = " ".join(f"<{c}>" for c in sorted(subs))
        queries.append((cls, f"""CONSTRUCT {{ ?s a <{cls}> }} WHERE {{
            {{ VALUES ?c {{ {values} }} GRAPH ?g {{ ?s a ?c }} FILTER({scanned}) }}
            MINUS {{ GRAPH ?h {{ ?s a <{cls}> }} FILTER({asserted}) }} }}"""))
    # rdf:type gets only its class consequences, never a super-property's
    properties = {p: s for p, s in axioms.superproperties.items() if p != RDF_TYPE}
    for prop, subs in sorted(sources({}, properties).items()):
        values = " ".join(f"<{p}>" for p in sorted(subs))
        queries.append((prop, f"""CONSTRUCT {{ ?s <{prop}> ?o }} WHERE {{
            {{ VALUES ?p {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} FILTER({scanned}) }}
            MINUS {{ GRAPH ?h {{ ?s <{prop}> ?o }} FILTER({asserted}) }} }}"""))
    return queries


class _Entailments:
    """The entailed triples of a store, in two parts that may overlap.

    ``hierarchy``: N-Triples of what the closed hierarchies give the sources, computed and
    serialised by the engine (at a million triples nearly all of them: 60k ``opengov:post``
    copies of ``sam:post``, which as Python objects cost more than the rest of the build's
    derived graphs); ``rest``: Python triples of the few that hold a blank node (the bulk loader
    renames those) and of everything that needs expanding further: inverses, the mapping rules,
    and their consequences, run to a fixpoint.
    """

    def __init__(self, store: ox.Store) -> None:
        axioms = Axioms(store)
        chunks: list[bytes] = []
        self.rest: set[ox.Triple] = set()
        todo: list[ox.Triple] = []
        for term, text in _hierarchy_queries(axioms):
            result = store.query(text)
            if not isinstance(result, ox.QueryTriples):
                raise TypeError("a hierarchy query must be a CONSTRUCT")
            data = result.serialize(format=ox.RdfFormat.N_TRIPLES) or b""
            if term in axioms.inverses:
                # a hierarchy copy needs expanding only for its inverses (the hierarchies are
                # transitively closed already)
                triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
                self.rest.update(triples)
                todo.extend(triples)
            elif b"_:" in data:
                self.rest.update(q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
            else:
                chunks.append(data)
        self.hierarchy = b"".join(chunks)
        self._expand(store, axioms, todo)

    def _expand(self, store: ox.Store, axioms: Axioms, todo: list[ox.Triple]) -> None:
        """Add the inverses of the sources, the mapping rules' output, and their closure."""
        rdf_type = ox.NamedNode(RDF_TYPE)
        skipped = (ox.NamedNode(ONTOLOGY_GRAPH), ox.NamedNode(ENTAILMENT_GRAPH))
        asserted = _Asserted(store)
        new = self.rest

        def add(triple: ox.Triple, by_hierarchy: bool = False) -> None:
            if triple not in new and triple not in asserted:
                new.add(triple)
                if not by_hierarchy or triple.predicate.value in axioms.inverses:
                    todo.append(triple)

        def consequences(triple: ox.Triple) -> Iterable[tuple[ox.Triple, bool]]:
            """Each consequence, and whether the (closed) class or property hierarchy gave it."""
            predicate = triple.predicate.value
            if predicate == RDF_TYPE:
                if isinstance(triple.object, ox.NamedNode):
                    for sup in axioms.superclasses.get(triple.object.value, ()):
                        yield ox.Triple(triple.subject, rdf_type, ox.NamedNode(sup)), True
                return
            for sup in axioms.superproperties.get(predicate, ()):
                yield ox.Triple(triple.subject, ox.NamedNode(sup), triple.object), True
            if not isinstance(triple.object, ox.Literal):
                for inverse in axioms.inverses.get(predicate, ()):
                    yield ox.Triple(triple.object, ox.NamedNode(inverse), triple.subject), False

        for prop, inverses in axioms.inverses.items():
            if prop == RDF_TYPE:
                continue
            for quad in store.quads_for_pattern(None, ox.NamedNode(prop), None):
                if quad.graph_name not in skipped and not isinstance(quad.object, ox.Literal):
                    for inverse in inverses:
                        add(ox.Triple(quad.object, ox.NamedNode(inverse), quad.subject))
        for name, rule in MAPPING_RULES:
            triples = store.query(rule, use_default_graph_as_union=True)
            if not isinstance(triples, ox.QueryTriples):
                raise TypeError(f"mapping rule {name} must be a CONSTRUCT")
            for triple in triples:
                add(triple)
        while todo:
            for triple, by_hierarchy in consequences(todo.pop()):
                add(triple, by_hierarchy)


def entailed_triples(store: ox.Store) -> list[ox.Triple]:
    """The triples the axioms and mapping rules add to ``store``, none already asserted, sorted.

    Runs to a fixpoint: a rule's output (an inverse link, a collaboration type) is itself
    closed under the hierarchy. Only what the sources assert counts (never the ontology graph's
    own statements as data, nor an existing ``graph:entailments``), so a built store gives the
    same triples again.
    """
    found = _Entailments(store)
    triples = {q.triple for q in ox.parse(found.hierarchy, format=ox.RdfFormat.N_TRIPLES)}
    triples |= found.rest
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def add_entailments(store: ox.Store) -> int:
    """Write the entailed triples into ``graph:entailments`` of ``store``; return how many.

    The same triples as :func:`entailed_triples`, without making Python objects of most: the
    engine's N-Triples go straight to the bulk loader (the graph is a set, so the two parts'
    overlap is stored once). Bulk, not a transaction: the build writes into its own folder,
    removed whole if anything fails.
    """
    graph = ox.NamedNode(ENTAILMENT_GRAPH)
    found = _Entailments(store)
    if found.hierarchy:
        # lenient: the engine's own serialisation of terms it already holds
        store.bulk_load(input=found.hierarchy, format=ox.RdfFormat.N_TRIPLES, to_graph=graph,
                        lenient=True)
    if found.rest:
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in found.rest)
    # counted by the engine: iterating the graph would decode every term again
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ENTAILMENT_GRAPH}> "
                       "{ ?s ?p ?o } }")
    if not isinstance(rows, ox.QuerySolutions):
        raise TypeError("a count must be a SELECT")
    [[count]] = rows
    return int(count.value)


def without_graphs(store: ox.Store | ox.Dataset, graphs: Iterable[str]) -> ox.Dataset:
    """A copy of ``store`` without the named graphs given (``--no-entailments``)."""
    left_out = {ox.NamedNode(g) for g in graphs}
    return ox.Dataset(q for q in store if q.graph_name not in left_out)


def with_entailments(store: ox.Store, entailments: bool) -> ox.Store | ox.Dataset:
    """``store`` itself, or a copy without ``graph:entailments`` (``--no-entailments``)."""
    return store if entailments else without_graphs(store, [ENTAILMENT_GRAPH])
