"""The ontology and its SKOS vocabularies: they parse, every own term is documented in Swedish
and English, every own IRI the project uses is declared, and an OWL RL closure over the ontology
and the shipped data finds no inconsistency (while it does find a planted one)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import owlrl
import pyoxigraph as ox
import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "samverkan.ttl"
VOCAB_FILE = ONTOLOGY_DIR / "vocabularies.ttl"

SAM = rdflib.Namespace("https://w3id.org/samverkan/ontology#")
VOCAB = "https://w3id.org/samverkan/vocab/"
ONTOLOGY_IRI = URIRef("https://w3id.org/samverkan/ontology")
VOCAB_IRI = URIRef(VOCAB)
OWN_PREFIXES = (str(SAM), VOCAB)
SCHEMA = rdflib.Namespace("https://schema.org/")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
VANN = rdflib.Namespace("http://purl.org/vocab/vann/")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
ERR = rdflib.Namespace("http://www.daml.org/2002/03/agents/agent-ont#")

SCHEMES = {
    "role": "role", "orgtype": "org-type", "agrtype": "agreement-type",
    "plantype": "plan-type", "eventtype": "event-type", "area": "work-area",
    "status": "status", "precision": "precision", "form": "cooperation-form",
}
PREFIX_IRIS = {prefix: VOCAB + path + "/" for prefix, path in SCHEMES.items()}
PREFIX_IRIS["sam"] = str(SAM)

# Axioms of the reused vocabularies that the closure needs to connect the shipped data to the
# disjointness axioms: the class hierarchy and the domains and ranges of W3C ORG, the CPOV
# public organisation (a formal organisation, as docs/model.md states) and schema.org's article
# classes. They are stated here, for the test, because the project never defines terms in other
# namespaces.
REUSED_AXIOMS = """
@prefix org: <http://www.w3.org/ns/org#> .
@prefix cv: <http://data.europa.eu/m8g/> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
org:FormalOrganization rdfs:subClassOf org:Organization .
org:OrganizationalUnit rdfs:subClassOf org:Organization .
cv:PublicOrganisation rdfs:subClassOf org:FormalOrganization .
schema:NewsArticle rdfs:subClassOf schema:Article .
schema:Article rdfs:subClassOf schema:CreativeWork .
org:organization rdfs:domain org:Membership ; rdfs:range org:Organization .
org:member rdfs:domain org:Membership .
org:memberDuring rdfs:domain org:Membership .
org:postIn rdfs:domain org:Post ; rdfs:range org:Organization .
org:unitOf rdfs:domain org:OrganizationalUnit ; rdfs:range org:Organization .
org:hasUnit rdfs:domain org:Organization ; rdfs:range org:OrganizationalUnit .
org:subOrganizationOf rdfs:domain org:Organization ; rdfs:range org:Organization .
org:classification rdfs:domain org:Organization ; rdfs:range skos:Concept .
org:role rdfs:range org:Role .
"""


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------


@cache
def ontology_graph() -> rdflib.Graph:
    """Both ontology files in one graph, parsed once per test session."""
    graph = rdflib.Graph()
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def is_own(term: object) -> bool:
    """True for an IRI in the project's own ontology or vocabulary namespaces."""
    return isinstance(term, URIRef) and str(term).startswith(OWN_PREFIXES)


def own_terms(graph: rdflib.Graph) -> set[URIRef]:
    """Own IRIs the ontology describes, apart from the two ontology documents."""
    return {s for s in set(graph.subjects()) if is_own(s) and s != VOCAB_IRI}


def declared_terms() -> set[URIRef]:
    """An own IRI counts as declared when the ontology gives it a type."""
    graph = ontology_graph()
    return {s for s in own_terms(graph) if (s, RDF.type, None) in graph}


def langs(graph: rdflib.Graph, subject: URIRef, predicate: URIRef) -> list[str]:
    """The language tags of a term's literals, sorted, so a test can demand exactly sv and en."""
    return sorted(
        o.language or "" for o in graph.objects(subject, predicate) if isinstance(o, Literal)
    )


def own_iris_in_graph(graph: rdflib.Graph) -> set[URIRef]:
    """Own IRIs in any position of any triple."""
    return {t for triple in graph for t in triple if is_own(t)}


def _walk(node: object, found: set[URIRef]) -> None:
    """Collect own IRIs from rdflib's SPARQL algebra, where prefixes are already expanded."""
    if isinstance(node, URIRef):
        if is_own(node):
            found.add(node)
    elif isinstance(node, CompValue | dict):
        for value in node.values():
            _walk(value, found)
    elif isinstance(node, list | tuple | set):
        for value in node:
            _walk(value, found)


PREFIXED = re.compile(r"(?<![\w<])([A-Za-z][\w-]*):([A-Za-z0-9_][\w.\-]*[\w-]|[A-Za-z0-9_])")
FULL_IRI = re.compile(r"<(https://w3id\.org/samverkan/(?:ontology#|vocab/)[^>\s]*)>")


def own_iris_in_text(text: str, prefixes: dict[str, str]) -> set[URIRef]:
    """Own IRIs written in free text (a query header, a SPARQL string in a shape)."""
    found = {URIRef(iri) for iri in FULL_IRI.findall(text)}
    for prefix, local in PREFIXED.findall(text):
        namespace = prefixes.get(prefix)
        if namespace is not None and namespace.startswith(OWN_PREFIXES):
            found.add(URIRef(namespace + local))
    return found


def own_iris_in_query(text: str) -> set[URIRef]:
    """Own IRIs of a saved query: the parsed algebra plus any named in its header comments."""
    found: set[URIRef] = set()
    _walk(translateQuery(parseQuery(text)).algebra, found)
    declared = dict(re.findall(r"PREFIX\s+([\w-]*):\s*<([^>]*)>", text, flags=re.IGNORECASE))
    comments = "\n".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
    found |= own_iris_in_text(comments, declared)
    return found


def own_iris_in_shapes(graph: rdflib.Graph) -> set[URIRef]:
    """Own IRIs of a shapes graph: its triples plus those inside SPARQL-based constraints."""
    found = own_iris_in_graph(graph)
    prefixes = {p: str(n) for p, n in graph.namespaces()}
    for declaration in graph.objects(None, SH.declare):
        prefix = graph.value(declaration, SH.prefix)
        namespace = graph.value(declaration, SH.namespace)
        if prefix is not None and namespace is not None:
            prefixes[str(prefix)] = str(namespace)
    for predicate in (SH.select, SH.ask, SH.construct, SH.update):
        for text in graph.objects(None, predicate):
            found |= own_iris_in_text(str(text), prefixes)
    return found


def used_own_iris() -> dict[URIRef, set[str]]:
    """Every own IRI used in data/, shapes/ and queries/, with the files that use it."""
    used: dict[URIRef, set[str]] = {}

    def note(iris: set[URIRef], path: Path) -> None:
        for iri in iris:
            used.setdefault(iri, set()).add(path.relative_to(ROOT).as_posix())

    formats = {".trig": ox.RdfFormat.TRIG, ".ttl": ox.RdfFormat.TURTLE,
               ".nq": ox.RdfFormat.N_QUADS, ".nt": ox.RdfFormat.N_TRIPLES}
    for path in sorted((ROOT / "data").rglob("*")):
        if path.suffix in formats:
            terms = {
                URIRef(term.value)
                for quad in ox.parse(path=path, format=formats[path.suffix])
                for term in (quad.subject, quad.predicate, quad.object)
                if isinstance(term, ox.NamedNode)
            }
            note({t for t in terms if is_own(t)}, path)
    for path in sorted((ROOT / "shapes").rglob("*.ttl")):
        note(own_iris_in_shapes(rdflib.Graph().parse(path, format="turtle")), path)
    for path in sorted((ROOT / "queries").rglob("*.rq")):
        note(own_iris_in_query(path.read_text(encoding="utf-8")), path)
    return used


def closure_errors(graph: rdflib.Graph) -> list[str]:
    """Expand the graph under OWL RL and return what owlrl reports as inconsistent.

    owlrl records each clash (disjoint classes sharing a member, a member of owl:Nothing, an
    invalid literal) as an error-message node; a member of owl:Nothing is reported here too.
    """
    for triple in rdflib.Graph().parse(data=REUSED_AXIOMS, format="turtle"):
        graph.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    errors = sorted(str(message) for message in graph.objects(None, ERR.error))
    nothing = graph.subjects(RDF.type, OWL.Nothing)
    errors += sorted(f"{s} is a member of owl:Nothing" for s in nothing)
    return errors


def ontology_plus(turtle: str) -> rdflib.Graph:
    """A copy of the ontology with a small Turtle fixture added, for the negative tests."""
    graph = rdflib.Graph()
    for triple in ontology_graph():
        graph.add(triple)
    graph.parse(data=turtle, format="turtle")
    return graph


FIXTURE_PREFIXES = """
@prefix sam: <https://w3id.org/samverkan/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix cv: <http://data.europa.eu/m8g/> .
@prefix schema: <https://schema.org/> .
@base <https://w3id.org/samverkan/id/> .
"""


# ---------------------------------------------------------------------------------------------
# parsing and header
# ---------------------------------------------------------------------------------------------


def test_both_files_parse_into_the_expected_kinds_of_terms() -> None:
    ontology = rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")
    vocab = rdflib.Graph().parse(VOCAB_FILE, format="turtle")
    assert set(ontology.subjects(RDF.type, OWL.Ontology)) == {ONTOLOGY_IRI}
    assert set(vocab.subjects(RDF.type, OWL.Ontology)) == {VOCAB_IRI}
    assert SAM.Municipality in set(ontology.subjects(RDF.type, OWL.Class))
    assert SAM.orgnr in set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    assert SAM.party in set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    assert set(vocab.subjects(RDF.type, SKOS.ConceptScheme)) == {
        URIRef(iri) for prefix, iri in PREFIX_IRIS.items() if prefix != "sam"
    }
    # the ontology file holds no concepts, the vocabulary file no classes
    assert not set(ontology.subjects(RDF.type, SKOS.Concept))
    assert not set(vocab.subjects(RDF.type, OWL.Class))


def test_ontology_header_is_complete() -> None:
    g = ontology_graph()
    o = ONTOLOGY_IRI
    assert langs(g, o, DCTERMS.title) == ["en", "sv"]
    assert langs(g, o, DCTERMS.description) == ["en", "sv"]
    assert g.value(o, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    creator = g.value(o, DCTERMS.creator)
    assert str(g.value(creator, SCHEMA.name)) == "The samverkan contributors"
    assert g.value(o, DCTERMS.created).datatype == XSD_DATE
    assert g.value(o, DCTERMS.modified).datatype == XSD_DATE
    version_iri = g.value(o, OWL.versionIRI)
    assert version_iri == URIRef("https://w3id.org/samverkan/ontology/0.1.0")
    assert version_iri != o
    assert str(g.value(o, OWL.versionInfo)) == "0.1.0"
    assert str(g.value(o, VANN.preferredNamespacePrefix)) == "sam"
    assert str(g.value(o, VANN.preferredNamespaceUri)) == str(SAM)


def test_version_info_matches_the_package_version() -> None:
    import samverkan

    assert str(ontology_graph().value(ONTOLOGY_IRI, OWL.versionInfo)) == samverkan.__version__


# ---------------------------------------------------------------------------------------------
# documentation of every own term
# ---------------------------------------------------------------------------------------------


def test_every_own_term_has_one_label_and_one_definition_in_swedish_and_english() -> None:
    g = ontology_graph()
    problems = []
    for term in sorted(own_terms(g)):
        is_skos = (term, RDF.type, SKOS.Concept) in g or (term, RDF.type, SKOS.ConceptScheme) in g
        label = SKOS.prefLabel if is_skos else RDFS.label
        if langs(g, term, label) != ["en", "sv"]:
            problems.append(f"{term}: {label} in {langs(g, term, label)}")
        if langs(g, term, SKOS.definition) != ["en", "sv"]:
            problems.append(f"{term}: skos:definition in {langs(g, term, SKOS.definition)}")
    assert problems == []
    assert len(own_terms(g)) >= 130


def test_every_own_property_has_a_domain_and_a_range() -> None:
    g = ontology_graph()
    properties = {
        s for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in g.subjects(RDF.type, kind) if is_own(s)
    }
    assert len(properties) >= 40
    missing = sorted(
        str(p) for p in properties
        if g.value(p, RDFS.domain) is None or g.value(p, RDFS.range) is None
    )
    assert missing == []


DECLARATION_TYPES = {OWL.AnnotationProperty, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.Class}


def test_no_term_is_defined_in_a_namespace_the_project_does_not_own() -> None:
    # a reused term may only be declared (one rdf:type triple, as OWL 2 DL asks), never defined
    g = ontology_graph()
    foreign = sorted(
        {str(s) for s in g.subjects() if isinstance(s, URIRef)}
        - {str(t) for t in own_terms(g)} - {str(ONTOLOGY_IRI), str(VOCAB_IRI)}
    )
    defined = [f for f in foreign
               if {(p, o) for p, o in g.predicate_objects(URIRef(f))}
               - {(RDF.type, t) for t in DECLARATION_TYPES}]
    assert defined == []
    assert len(foreign) == 11


def test_model_md_subclass_and_subproperty_links() -> None:
    g = ontology_graph()
    cv = rdflib.Namespace("http://data.europa.eu/m8g/")
    dct_location = DCTERMS.Location
    prov_plan = URIRef("http://www.w3.org/ns/prov#Plan")
    assert set(g.objects(SAM.Municipality, RDFS.subClassOf)) == {
        cv.PublicOrganisation, ORG.FormalOrganization,
    }
    assert set(g.objects(SAM.MunicipalityArea, RDFS.subClassOf)) == {cv.AdminUnit, dct_location}
    assert set(g.objects(SAM.County, RDFS.subClassOf)) == {cv.AdminUnit, dct_location}
    assert g.value(SAM.CrisisGroup, RDFS.subClassOf) == ORG.Organization
    assert g.value(SAM.Plan, RDFS.subClassOf) == prov_plan
    assert g.value(SAM.Incident, RDFS.subClassOf) == SCHEMA.Event
    assert g.value(SAM.wikidata, RDFS.subPropertyOf) == SCHEMA.sameAs
    assert (SAM.wikidata, RDF.type, OWL.ObjectProperty) in g
    assert g.value(SAM.policeRegion, OWL.inverseOf) == SAM.coversCounty


# ---------------------------------------------------------------------------------------------
# SKOS vocabularies
# ---------------------------------------------------------------------------------------------


def concept(prefix: str, local: str) -> URIRef:
    """A concept IRI from its model.md prefix and slug."""
    return URIRef(PREFIX_IRIS[prefix] + local)


def test_every_concept_sits_in_its_own_scheme_as_top_concept_or_narrower() -> None:
    g = ontology_graph()
    problems = []
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    for c in concepts:
        schemes = set(g.objects(c, SKOS.inScheme))
        expected = URIRef(str(c).rsplit("/", 1)[0] + "/")
        if schemes != {expected}:
            problems.append(f"{c} in {schemes}")
        tops = set(g.objects(c, SKOS.topConceptOf))
        broader = set(g.objects(c, SKOS.broader))
        if bool(tops) == bool(broader):
            problems.append(f"{c}: needs exactly one of topConceptOf / broader")
        if tops and tops != {expected}:
            problems.append(f"{c} top concept of {tops}")
        for b in broader:
            if set(g.objects(b, SKOS.inScheme)) != {expected}:
                problems.append(f"{c} broader {b} outside its scheme")
    assert problems == []
    assert len(concepts) >= 70


def test_pref_labels_are_unique_within_each_scheme_and_language() -> None:
    g = ontology_graph()
    seen: dict[tuple, URIRef] = {}
    clashes = []
    for c in g.subjects(RDF.type, SKOS.Concept):
        for label in g.objects(c, SKOS.prefLabel):
            key = (g.value(c, SKOS.inScheme), label.language, str(label).lower())
            if key in seen and seen[key] != c:
                clashes.append((str(seen[key]), str(c), str(label)))
            seen[key] = c
        # an altLabel never repeats the concept's own prefLabel (SKOS S13)
        assert not set(g.objects(c, SKOS.prefLabel)) & set(g.objects(c, SKOS.altLabel))
    assert clashes == []


@pytest.mark.parametrize(
    ("prefix", "locals_"),
    [
        ("role", [
            "sakerhetschef", "sakerhetssamordnare", "sakerhetsstrateg", "beredskapssamordnare",
            "beredskapschef", "brottsforebyggande-samordnare", "trygghetssamordnare",
            "kommunpolis", "lokalpolisomradeschef", "raddningschef", "kommundirektor",
            "kommunstyrelsens-ordforande", "kommunalrad", "posom-samordnare",
        ]),
        ("orgtype", [
            "kommun", "region", "lansstyrelse", "statlig-myndighet", "polisregion",
            "polisomrade", "lokalpolisomrade", "raddningstjanst", "raddningstjanstforbund",
            "forvaltning", "kommunal-enhet", "intresseorganisation", "politiskt-parti", "posom",
            "krisledningsnamnd", "nyhetsmedium",
        ]),
        ("agrtype", ["samverkansoverenskommelse", "medborgarlofte", "samverkansavtal"]),
        ("plantype", ["risk-och-sarbarhetsanalys", "krisledningsplan", "handlingsplan"]),
        ("eventtype", ["trygghetsdag", "konferens", "trygghetsvandring", "incident"]),
        ("area", [
            "krisberedskap", "hojd-beredskap", "totalforsvar", "civilt-forsvar",
            "militart-forsvar", "brottsforebyggande-arbete", "trygghetsskapande-arbete",
            "intern-sakerhet", "sakerhetsskydd", "sakerhetskultur", "krisstod",
        ]),
        ("status", [
            "current", "previous", "missing", "being-set-up", "existing", "to-be-updated",
            "to-be-revised-and-adopted", "adopted",
        ]),
        ("precision", ["day", "month", "season", "year", "approximate"]),
        ("form", ["structure", "agreement", "event"]),
    ],
)
def test_the_issue_s_concepts_exist(prefix: str, locals_: list[str]) -> None:
    g = ontology_graph()
    missing = [
        local for local in locals_ if (concept(prefix, local), RDF.type, SKOS.Concept) not in g
    ]
    assert missing == []


def test_role_concepts_are_org_roles() -> None:
    g = ontology_graph()
    roles = {c for c in g.subjects(SKOS.inScheme, URIRef(PREFIX_IRIS["role"]))}
    assert len(roles) >= 15
    assert all((c, RDF.type, ORG.Role) in g for c in roles)


def test_alt_labels_and_broader_links() -> None:
    g = ontology_graph()
    assert Literal("säkerhetskoordinator", lang="sv") in set(
        g.objects(concept("role", "sakerhetssamordnare"), SKOS.altLabel)
    )
    assert Literal("civilförsvar", lang="sv") in set(
        g.objects(concept("area", "civilt-forsvar"), SKOS.altLabel)
    )
    narrower_of_total = set(g.subjects(SKOS.broader, concept("area", "totalforsvar")))
    assert narrower_of_total == {
        concept("area", "civilt-forsvar"), concept("area", "militart-forsvar"),
    }
    assert g.value(concept("eventtype", "trygghetsdag"), SKOS.broader) == concept(
        "eventtype", "konferens"
    )
    assert g.value(concept("orgtype", "raddningstjanstforbund"), SKOS.broader) == concept(
        "orgtype", "raddningstjanst"
    )


def test_label_lookup_finds_a_concept_by_any_variant_through_sparql() -> None:
    store = ox.Store()
    store.load(VOCAB_FILE.read_bytes(), format=ox.RdfFormat.TURTLE)
    rows = list(store.query(
        """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?c WHERE { ?c skos:prefLabel|skos:altLabel "säkerhetskoordinator"@sv }"""
    ))
    assert [row["c"].value for row in rows] == [str(concept("role", "sakerhetssamordnare"))]


# ---------------------------------------------------------------------------------------------
# every own IRI used anywhere is declared
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "at_least"),
    [("docs/model.md", 60), ("ontology/README.md", 50), ("docs/diagram.md", 20)],
)
def test_every_own_term_named_in_the_documentation_is_declared(
    document: str, at_least: int
) -> None:
    text = (ROOT / document).read_text(encoding="utf-8")
    named = own_iris_in_text(text, PREFIX_IRIS)
    assert len(named) >= at_least
    assert sorted(str(iri) for iri in named - declared_terms()) == []


def test_every_own_iri_used_in_data_shapes_and_queries_is_declared() -> None:
    used = used_own_iris()
    undeclared = {
        str(iri): sorted(files) for iri, files in used.items()
        if iri not in declared_terms() and URIRef(str(iri)) not in {
            URIRef(ns) for ns in PREFIX_IRIS.values() if ns != str(SAM)
        }
    }
    assert undeclared == {}


def test_undeclared_iri_detection_catches_typos_in_every_kind_of_file() -> None:
    query = """#+ summary: x
#+ defaults:
#+   - role: role:sakerhetschefx
PREFIX sam: <https://w3id.org/samverkan/ontology#>
PREFIX role: <https://w3id.org/samverkan/vocab/role/>
SELECT ?p WHERE { ?p sam:tenureStatuss ?s ; <https://w3id.org/samverkan/ontology#postt> ?x }"""
    assert own_iris_in_query(query) == {
        SAM.tenureStatuss, SAM.postt, concept("role", "sakerhetschefx"),
    }
    shapes = rdflib.Graph().parse(data="""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix sam: <https://w3id.org/samverkan/ontology#> .
@prefix ex: <https://example.org/> .
ex:s a sh:NodeShape ; sh:targetClass sam:Municipalityy ;
  sh:sparql [ sh:select "SELECT $this WHERE { $this sam:inCountyy ?c }" ] .
""", format="turtle")
    assert own_iris_in_shapes(shapes) == {SAM.Municipalityy, SAM.inCountyy}
    declared = declared_terms()
    assert SAM.Municipalityy not in declared
    assert SAM.Municipality in declared


# ---------------------------------------------------------------------------------------------
# OWL RL consistency
# ---------------------------------------------------------------------------------------------


def test_owl_rl_closure_over_ontology_and_shipped_data_is_consistent(shipped_store) -> None:
    triples = shipped_store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
    ).serialize(format=ox.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph().parse(data=triples, format="nt")
    assert (SAM.Municipality, RDF.type, OWL.Class) in graph  # the ontology is in the store
    assert closure_errors(graph) == []
    # the closure did infer: a kommun is an org:Organization through CPOV and ORG
    kommun = URIRef("https://w3id.org/samverkan/id/kommun/1278")
    if (kommun, RDF.type, SAM.Municipality) in graph:
        assert (kommun, RDF.type, ORG.Organization) in graph


# Disjointness is declared between own classes only (issue 16, item 4): a node that is both
# schema:Person and org:Organization, or both org:Post and org:Membership, is no longer an OWL
# inconsistency (merged Wikidata-style data must stay consistent); the SHACL shapes catch those
# in samverkan's own data (tests/shapes/person-closed, incident-person, tenure-post).


def test_closure_catches_an_authority_typed_as_its_territory() -> None:
    graph = ontology_plus(
        FIXTURE_PREFIXES + "<kommun/1278> a sam:Municipality, sam:MunicipalityArea ."
    )
    assert closure_errors(graph) == [
        "Disjoint classes https://w3id.org/samverkan/ontology#Municipality and "
        "https://w3id.org/samverkan/ontology#MunicipalityArea have a common individual "
        "https://w3id.org/samverkan/id/kommun/1278"
    ]


def test_closure_catches_an_agreement_used_as_a_plan() -> None:
    graph = ontology_plus(FIXTURE_PREFIXES + "<agreement/x> a sam:Agreement, sam:Plan .")
    assert closure_errors(graph) == [
        "Disjoint classes https://w3id.org/samverkan/ontology#Agreement and "
        "https://w3id.org/samverkan/ontology#Plan have a common individual "
        "https://w3id.org/samverkan/id/agreement/x"
    ]


def test_closure_accepts_an_organisation_that_is_also_a_place() -> None:
    # Wikidata-style merged data: one item for the government and the territory
    graph = ontology_plus(FIXTURE_PREFIXES + """
<http://www.wikidata.org/entity/Q499464> a org:Organization, schema:Place,
    <http://purl.org/dc/terms/Location>, schema:Organization .
""")
    assert closure_errors(graph) == []


# ---------------------------------------------------------------------------------------------
# documentation (make docs)
# ---------------------------------------------------------------------------------------------


def test_pylode_renders_the_ontology_with_every_class() -> None:
    pylode = pytest.importorskip("pylode", reason="pylode (the docs extra) is not installed")
    html = pylode.OntPub(str(ONTOLOGY_FILE)).make_html()
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert title in {str(t) for t in ontology_graph().objects(ONTOLOGY_IRI, DCTERMS.title)}
    classes = sorted(
        str(c) for c in ontology_graph().subjects(RDF.type, OWL.Class) if is_own(c)
    )
    assert len(classes) == 11
    assert [c for c in classes if c not in html] == []
