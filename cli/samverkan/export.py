"""Serialise the whole dataset in a stable order, named graphs kept where the format can.

The same sources give the same bytes: quads are sorted by graph, subject, predicate and object
(in N-Quads form) and blank nodes are relabelled in order of first appearance.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .errors import BadInputError

EXPORT_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
GRAPH_FORMATS = ("trig", "nq", "jsonld")

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
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": "http://www.wikidata.org/entity/",
}


def _relabel(term: object, labels: dict[str, ox.BlankNode]) -> object:
    if isinstance(term, ox.BlankNode):
        if term.value not in labels:
            labels[term.value] = ox.BlankNode(f"b{len(labels)}")
        return labels[term.value]
    return term


def sorted_quads(store: ox.Store) -> list[ox.Quad]:
    """Every quad in named graphs, in a stable order with stable blank-node labels."""
    quads = [q for q in store if not isinstance(q.graph_name, ox.DefaultGraph)]
    # blank node ids differ between builds, so sort first on text without them
    def key(quad: ox.Quad) -> tuple[str, ...]:
        return tuple(
            "_:" if isinstance(t, ox.BlankNode) else str(t)
            for t in (quad.graph_name, quad.subject, quad.predicate, quad.object)
        )
    quads.sort(key=key)
    labels: dict[str, ox.BlankNode] = {}
    relabelled = [
        ox.Quad(_relabel(q.subject, labels), q.predicate, _relabel(q.object, labels),
                _relabel(q.graph_name, labels))
        for q in quads
    ]
    relabelled.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate),
                                   str(q.object)))
    return relabelled


def export_bytes(store: ox.Store, fmt: str) -> bytes:
    """The dataset in ``fmt``; triple formats (ttl, nt) merge the named graphs."""
    if fmt not in EXPORT_FORMATS:
        raise BadInputError(f"unknown export format {fmt!r}")
    quads = sorted_quads(store)
    rdf_format = EXPORT_FORMATS[fmt]
    if fmt in GRAPH_FORMATS:
        items: list = quads
    else:
        seen: set[ox.Triple] = set()
        items = []
        for quad in quads:
            if quad.triple not in seen:
                seen.add(quad.triple)
                items.append(quad.triple)
        items.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    prefixes = PREFIXES if fmt in ("trig", "ttl", "jsonld") else None
    return ox.serialize(items, format=rdf_format, prefixes=prefixes)


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it, so a failure leaves no half file."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise BadInputError(f"cannot write {path}: {error.strerror or error}") from error
