"""The project's prefixes: one table for export, display, validation reports and the importer.

Own namespaces sit under https://w3id.org/samverkan/ (docs/model.md); the others are the
vocabularies samverkan reuses.
"""

from __future__ import annotations

TYPE_CHECKING = False  # `re` is only named in a type hint; importing it costs `query` start-up
if TYPE_CHECKING:
    import re

PREFIXES = {
    "sam": "https://w3id.org/samverkan/ontology#",
    "id": "https://w3id.org/samverkan/id/",
    "graph": "https://w3id.org/samverkan/graph/",
    "role": "https://w3id.org/samverkan/vocab/role/",
    "orgtype": "https://w3id.org/samverkan/vocab/org-type/",
    "agrtype": "https://w3id.org/samverkan/vocab/agreement-type/",
    "plantype": "https://w3id.org/samverkan/vocab/plan-type/",
    "eventtype": "https://w3id.org/samverkan/vocab/event-type/",
    "area": "https://w3id.org/samverkan/vocab/work-area/",
    "status": "https://w3id.org/samverkan/vocab/status/",
    "precision": "https://w3id.org/samverkan/vocab/precision/",
    "form": "https://w3id.org/samverkan/vocab/cooperation-form/",
    "org": "http://www.w3.org/ns/org#",
    "cv": "http://data.europa.eu/m8g/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": "http://www.wikidata.org/entity/",
}

BASE = "https://w3id.org/samverkan/"
GRAPH_BASE = PREFIXES["graph"]
ONTOLOGY_GRAPH = GRAPH_BASE + "ontology"
REFERENCE_GRAPH = GRAPH_BASE + "reference"
LINKS_GRAPH = GRAPH_BASE + "links"
XSD_STRING = PREFIXES["xsd"] + "string"
RDF_TYPE = PREFIXES["rdf"] + "type"

# Compacted in the human output formats (table, md, graph names in messages): the vocabularies
# whose IRIs people read; rdf/rdfs/owl/xsd/dct stay full there.
DISPLAY_PREFIXES = {p: ns for p, ns in PREFIXES.items()
                    if p not in ("dct", "owl", "rdf", "rdfs", "xsd")}


def shorten(iri: str, prefixes: dict[str, str] | None = None, *,
            local: re.Pattern[str] | None = None) -> str | None:
    """``prefix:local`` for an IRI under one of ``prefixes`` (default: every project prefix).

    The one IRI-shortening rule of samverkan: the longest matching namespace wins, an empty
    local part or one starting with ``//`` (it would read as a scheme-relative IRI) does not
    shorten, and ``local`` (a compiled regular expression) may restrict the local part to what a
    syntax allows. Returns None where no prefix fits, so each caller keeps its own fallback
    (``<iri>``, the IRI itself).
    """
    table = PREFIXES if prefixes is None else prefixes
    best: tuple[str, str] | None = None
    for prefix, namespace in table.items():
        if iri.startswith(namespace) and (best is None or len(namespace) > len(best[1])):
            rest = iri[len(namespace):]
            if not rest or rest.startswith("//"):
                continue
            if local is not None and not local.match(rest):
                continue
            best = (prefix, namespace)
    if best is None:
        return None
    return f"{best[0]}:{iri[len(best[1]):]}"


def graph_name(iri: str) -> str:
    """``graph:…`` for samverkan's graphs, ``<iri>`` for others: short enough for one line."""
    return shorten(iri, {"graph": GRAPH_BASE}) or f"<{iri}>"
