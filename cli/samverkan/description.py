"""A DCAT-AP dataset record and a VoID description of the graph, generated from the graph itself.

Data portals (data.europa.eu, Sveriges dataportal, which builds on DCAT-AP as DCAT-AP-SE) harvest
DCAT records; linked-data tools read VoID. Both are computed at build time from the compiled
store (counts, classes, links per target dataset, spatial and temporal coverage, the latest
modification date), so they never go stale, and land in ``graph:description``, which the export
carries. Everything is derived from the data, so the same sources give the same record.
"""

from __future__ import annotations

import pyoxigraph as ox

from . import __version__

TYPE_CHECKING = False  # as typing's (mypy knows the name)
if TYPE_CHECKING:
    from datetime import date

DESCRIPTION_GRAPH = "https://w3id.org/samverkan/graph/description"
BASE = "https://w3id.org/samverkan/"
CATALOG = BASE + "catalog"
DATASET = BASE + "dataset"
PUBLISHER = BASE + "id/org/samverkan-contributors"
HOMEPAGE = BASE
LICENCE = "https://creativecommons.org/licenses/by/4.0/"

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
VOID = "http://rdfs.org/ns/void#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
EU = "http://publications.europa.eu/resource/authority/"
SWEDEN = EU + "country/SWE"
IANA = "https://www.iana.org/assignments/media-types/"
SAM = "https://w3id.org/samverkan/ontology#"
SCHEMA = "https://schema.org/"

# export format -> (EU file-type authority code, IANA media type, title)
DISTRIBUTIONS = {
    "trig": ("RDF_TRIG", "application/trig", "TriG, every named graph"),
    "nq": ("RDF_N_QUADS", "application/n-quads", "N-Quads, every named graph"),
    "jsonld": ("JSON_LD", "application/ld+json", "JSON-LD 1.1, every named graph"),
    "ttl": ("RDF_TURTLE", "text/turtle", "Turtle, graphs merged"),
    "nt": ("RDF_N_TRIPLES", "application/n-triples", "N-Triples, graphs merged"),
}
# link predicate -> (target dataset, its title)
LINK_TARGETS = {
    SAM + "wikidata": ("http://www.wikidata.org/", "Wikidata"),
    SAM + "dataportalOrganisation": ("https://dataportal.se/", "Sveriges dataportal"),
}
VOCABULARIES = ("http://www.w3.org/ns/org#", "http://data.europa.eu/m8g/",
                "http://www.w3.org/ns/prov#", "https://schema.org/",
                "http://www.w3.org/2004/02/skos/core#", "http://purl.org/dc/terms/",
                "http://www.w3.org/ns/opengov#", SAM)
TITLE = {"sv": "samverkan: kommunala säkerhetsaktörer och deras samverkan",
         "en": "samverkan: Swedish municipal safety actors and their cooperation"}
SUMMARY = {
    "sv": "Kunskapsgraf över vem som har säkerhetsrelaterade tjänster i svenska kommuner och "
          "organisationer, vilka organisationer som samverkar och hur, vilka planer och "
          "krisgrupper som finns, och vilken källa varje uppgift vilar på.",
    "en": "Knowledge graph of who holds safety-related posts in Swedish municipalities and "
          "organisations, which organisations cooperate and how, which plans and crisis groups "
          "exist, and which source each statement rests on.",
}
SKOS = "http://www.w3.org/2004/02/skos/core#"
# the EU vocabularies' concepts the record refers to, with their English labels (DCAT-AP asks
# every concept it meets for a skos:prefLabel)
CONCEPTS = {
    EU + "data-theme/GOVE": "Government and public sector",
    EU + "data-theme/JUST": "Justice, legal system and public safety",
    "http://purl.org/adms/publishertype/NonProfitOrganisation": "Non-Profit Organisation",
}
KEYWORDS = {"sv": ("kommun", "säkerhet", "samverkan", "krisberedskap", "brottsförebyggande"),
            "en": ("municipality", "security", "cooperation", "crisis preparedness",
                   "crime prevention")}


def _one(store: ox.Store, text: str) -> list[ox.QuerySolution]:
    """The rows of a SELECT over every graph (the description's queries are all SELECTs)."""
    solutions = store.query(text, use_default_graph_as_union=True)
    if not isinstance(solutions, ox.QuerySolutions):
        raise TypeError("a description query must be a SELECT")
    return list(solutions)


def _integer(row: ox.QuerySolution, index: int) -> int:
    """A COUNT of a row, which SPARQL always binds to an integer literal."""
    term = row[index]
    if not isinstance(term, ox.Literal):
        raise TypeError(f"expected a count, got {term!r}")
    return int(term.value)


def _bounds(value: str, datatype: str) -> tuple[date, date] | None:
    """The first and last day a dated literal covers (a gYear is its whole year), if valid.

    The sources state dates at the precision the article gives: a day, a month or a year.
    """
    from calendar import monthrange  # here: `samverkan query` imports this module for the
    from datetime import date  # store's cache key only, and calendar costs it 3 ms

    try:
        if datatype in (XSD + "date", XSD + "dateTime"):
            day = date.fromisoformat(value[:10])
            return day, day
        if datatype == XSD + "gYearMonth":
            year, month = int(value[:4]), int(value[5:7])
            return date(year, month, 1), date(year, month, monthrange(year, month)[1])
        if datatype == XSD + "gYear":
            year = int(value[:4])
            return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None
    return None


def _skip_derived(variable: str) -> str:
    return f"FILTER(?{variable} != <{DESCRIPTION_GRAPH}>)"


def description_triples(store: ox.Store) -> list[ox.Triple]:
    """The DCAT-AP and VoID triples describing every graph of ``store`` but this one."""
    nn, lit = ox.NamedNode, ox.Literal
    out: list[ox.Triple] = []

    def add(s: str, p: str, o: str | ox.NamedNode | ox.Literal) -> None:
        out.append(ox.Triple(nn(s), nn(p), nn(o) if isinstance(o, str) else o))

    def text(s: str, p: str, values: dict[str, str]) -> None:
        for language, value in values.items():
            add(s, p, lit(value, language=language))

    def integer(value: int) -> ox.Literal:
        return lit(str(value), datatype=nn(XSD + "integer"))

    [totals] = _one(store, f"""SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)
        WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_skip_derived('g')} }}""")
    classes = _one(store, f"""SELECT ?class (COUNT(DISTINCT ?s) AS ?n)
        WHERE {{ GRAPH ?g {{ ?s a ?class }} {_skip_derived('g')} }}
        GROUP BY ?class ORDER BY ?class""")
    counties = _one(store, f"""SELECT ?lan WHERE {{ ?lan a <{SAM}County> }} ORDER BY ?lan""")
    # every dated literal, at whatever precision: a plan started "2006"^^xsd:gYear covers 2006
    dated = _one(store, f"""SELECT DISTINCT ?d WHERE {{ ?x ?p ?d
        VALUES ?p {{ <{SCHEMA}startDate> <{SCHEMA}endDate> <{SCHEMA}datePublished>
                    <{SAM}earliestStart> <{SAM}latestEnd> }} }}""")
    days = [bounds for row in dated if isinstance(term := row[0], ox.Literal)
            and (bounds := _bounds(term.value, term.datatype.value)) is not None]
    [modified] = _one(store, """SELECT (MAX(?day) AS ?modified) WHERE {
        { ?x <http://purl.org/dc/terms/modified> ?d }
        UNION { ?x <https://schema.org/datePublished> ?d }
        UNION { ?x <http://www.w3.org/ns/prov#generatedAtTime> ?d }
        BIND(SUBSTR(STR(?d), 1, 10) AS ?day)
        FILTER(REGEX(?day, "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")) }""")

    # catalogue and dataset (DCAT-AP mandatory: title, description; recommended: the rest)
    add(CATALOG, RDF_TYPE, DCAT + "Catalog")
    text(CATALOG, DCT + "title", TITLE)
    text(CATALOG, DCT + "description", SUMMARY)
    add(CATALOG, DCT + "publisher", PUBLISHER)
    add(CATALOG, DCT + "license", LICENCE)
    add(CATALOG, FOAF + "homepage", HOMEPAGE)
    add(CATALOG, DCT + "language", EU + "language/SWE")
    add(CATALOG, DCAT + "dataset", DATASET)

    add(DATASET, RDF_TYPE, DCAT + "Dataset")
    add(DATASET, RDF_TYPE, VOID + "Dataset")
    text(DATASET, DCT + "title", TITLE)
    text(DATASET, DCT + "description", SUMMARY)
    for language, words in KEYWORDS.items():
        for word in words:
            add(DATASET, DCAT + "keyword", lit(word, language=language))
    add(DATASET, DCT + "publisher", PUBLISHER)
    add(DATASET, DCT + "license", LICENCE)
    add(DATASET, DCT + "accessRights", EU + "access-right/PUBLIC")
    add(DATASET, DCAT + "theme", EU + "data-theme/GOVE")
    add(DATASET, DCAT + "theme", EU + "data-theme/JUST")
    add(DATASET, DCT + "language", EU + "language/SWE")
    add(DATASET, DCAT + "landingPage", HOMEPAGE)
    add(DATASET, DCAT + "version", lit(__version__))
    add(DATASET, DCT + "conformsTo", BASE + "ontology")
    if modified[0] is not None:
        add(DATASET, DCT + "modified", lit(modified[0].value, datatype=nn(XSD + "date")))
    add(DATASET, DCT + "spatial", SWEDEN)
    add(SWEDEN, RDF_TYPE, DCT + "Location")
    for row in counties:
        add(DATASET, DCT + "spatial", row[0].value)
        add(row[0].value, RDF_TYPE, DCT + "Location")
    if days:
        when = BASE + "dataset/temporal"
        add(DATASET, DCT + "temporal", when)
        add(when, RDF_TYPE, DCT + "PeriodOfTime")
        start, end = min(d[0] for d in days), max(d[1] for d in days)
        add(when, DCAT + "startDate", lit(start.isoformat(), datatype=nn(XSD + "date")))
        add(when, DCAT + "endDate", lit(end.isoformat(), datatype=nn(XSD + "date")))

    # what the referenced resources are, as DCAT-AP's range shapes ask
    for iri, label in CONCEPTS.items():
        add(iri, RDF_TYPE, SKOS + "Concept")
        add(iri, SKOS + "prefLabel", lit(label, language="en"))
    add(EU + "language/SWE", RDF_TYPE, DCT + "LinguisticSystem")
    add(EU + "access-right/PUBLIC", RDF_TYPE, DCT + "RightsStatement")
    add(BASE + "ontology", RDF_TYPE, DCT + "Standard")
    add(HOMEPAGE, RDF_TYPE, FOAF + "Document")
    add(PUBLISHER, RDF_TYPE, FOAF + "Agent")
    add(PUBLISHER, FOAF + "name", lit("The samverkan contributors", language="en"))
    add(PUBLISHER, DCT + "type", "http://purl.org/adms/publishertype/NonProfitOrganisation")
    add(LICENCE, RDF_TYPE, DCT + "LicenseDocument")

    for fmt, (code, media, title) in DISTRIBUTIONS.items():
        dist = f"{BASE}dataset/distribution/{fmt}"
        add(DATASET, DCAT + "distribution", dist)
        add(dist, RDF_TYPE, DCAT + "Distribution")
        add(dist, DCT + "title", lit(title, language="en"))
        add(dist, DCAT + "accessURL", HOMEPAGE)
        add(dist, DCT + "format", EU + "file-type/" + code)
        add(EU + "file-type/" + code, RDF_TYPE, DCT + "MediaTypeOrExtent")
        add(dist, DCAT + "mediaType", IANA + media)
        add(IANA + media, RDF_TYPE, DCT + "MediaType")
        add(dist, DCT + "license", LICENCE)
        add(dist, DCT + "description", lit(
            f"samverkan export --format {fmt}", language="en"))

    # VoID: size, vocabularies, class partitions and one linkset per target dataset
    add(DATASET, VOID + "triples", integer(_integer(totals, 0)))
    add(DATASET, VOID + "distinctSubjects", integer(_integer(totals, 1)))
    add(DATASET, VOID + "classes", integer(len(classes)))
    add(DATASET, VOID + "uriSpace", lit(BASE + "id/"))
    for vocabulary in VOCABULARIES:
        add(DATASET, VOID + "vocabulary", vocabulary)
    for fmt in DISTRIBUTIONS:
        add(DATASET, VOID + "dataDump", f"{BASE}dataset/distribution/{fmt}")
    for row in classes:
        cls = row[0]
        if not isinstance(cls, ox.NamedNode):
            continue
        partition = f"{BASE}dataset/class/{_slug(cls.value)}"
        add(DATASET, VOID + "classPartition", partition)
        add(partition, VOID + "class", cls)
        add(partition, VOID + "entities", integer(_integer(row, 1)))
    for predicate, (target, title) in LINK_TARGETS.items():
        [count] = _one(store, f"""SELECT (COUNT(*) AS ?n)
            WHERE {{ GRAPH ?g {{ ?s <{predicate}> ?o }} {_skip_derived('g')} }}""")
        links = _integer(count, 0)
        if not links:
            continue
        linkset = f"{BASE}dataset/links/{_slug(target)}"
        add(DATASET, VOID + "subset", linkset)
        add(linkset, RDF_TYPE, VOID + "Linkset")
        add(linkset, VOID + "subjectsTarget", DATASET)
        add(linkset, VOID + "objectsTarget", target)
        add(linkset, VOID + "linkPredicate", predicate)
        add(linkset, VOID + "triples", integer(links))
        add(target, RDF_TYPE, VOID + "Dataset")
        add(target, DCT + "title", lit(title))
    return out


def _slug(iri: str) -> str:
    """A readable, stable path segment for an IRI (its namespace prefix and local name)."""
    from .namespaces import PREFIXES

    for prefix, namespace in sorted(PREFIXES.items(), key=lambda p: -len(p[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}-{iri[len(namespace):]}".replace("/", "-")
    keep = "".join(c if c.isalnum() else "-" for c in iri.split("://", 1)[-1])
    return keep.strip("-")


def add_description(store: ox.Store) -> int:
    """Write the description into ``graph:description`` of ``store``; return the triple count."""
    graph = ox.NamedNode(DESCRIPTION_GRAPH)
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph)
             for t in description_triples(store)]
    store.extend(quads)
    return len(quads)
