"""Serialise the whole dataset so that the same sources give the same bytes, in every format.

Byte-identical output needs two things the store does not give by itself: blank-node labels
that do not depend on the order the files were parsed in, and a stable order of statements and
prefixes. Blank nodes are relabelled with the W3C RDF Dataset Canonicalization (RDFC-1.0), a
standard algorithm whose labels depend only on the data; quads are then sorted by graph,
subject, predicate and object. TriG and N-Quads keep every named graph; Turtle and N-Triples
merge them (the caller says so). JSON-LD is written here with an inline context built from the
project's prefixes, so reading it back never needs the network.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import BadInputError
from .namespaces import PREFIXES, shorten
from .paths import write_atomically

EXPORT_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
GRAPH_FORMATS = ("trig", "nq", "jsonld")


RDF_TYPE = PREFIXES["rdf"] + "type"
XSD_STRING = PREFIXES["xsd"] + "string"


@dataclass(frozen=True)
class Export:
    """The serialised bytes and what went into them (for the note on merged graphs)."""

    data: bytes
    quads: int
    graphs: int
    triples: int


def _sort_key(quad: ox.Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def canonical_quads(store: ox.Store | ox.Dataset) -> list[ox.Quad]:
    """Every quad in a named graph, blank nodes labelled by RDFC-1.0, in sorted order.

    The labels depend only on the data, not on parse order or store internals, so a rebuilt
    store exports the same bytes. Quads in the default graph are left out: samverkan keeps
    every triple in a named graph.
    """
    dataset = ox.Dataset(q for q in store if not isinstance(q.graph_name, ox.DefaultGraph))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(dataset, key=_sort_key)


def merged_triples(quads: list[ox.Quad]) -> list[ox.Triple]:
    """The distinct triples of all graphs in sorted order (what Turtle and N-Triples can hold)."""
    triples = {q.triple for q in quads}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def _sorted_prefix_header(data: bytes) -> bytes:
    """Put the serialiser's ``@prefix`` lines in alphabetical order (it does not promise one)."""
    lines = data.split(b"\n")
    count = 0
    while count < len(lines) and lines[count].startswith(b"@prefix "):
        count += 1
    return b"\n".join(sorted(lines[:count]) + lines[count:])


def export_dataset(store: ox.Store | ox.Dataset, fmt: str) -> Export:
    """The dataset in ``fmt`` with counts; triple formats (ttl, nt) merge the named graphs."""
    if fmt not in EXPORT_FORMATS:
        raise BadInputError(
            f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})"
        )
    quads = canonical_quads(store)
    graphs = len({q.graph_name for q in quads})
    if fmt == "jsonld":
        data = jsonld_bytes(quads)
        triples = len(quads)
    elif fmt in GRAPH_FORMATS:
        data = ox.serialize(quads, format=EXPORT_FORMATS[fmt],
                            prefixes=PREFIXES if fmt == "trig" else None)
        triples = len(quads)
    else:
        merged = merged_triples(quads)
        data = ox.serialize(merged, format=EXPORT_FORMATS[fmt],
                            prefixes=PREFIXES if fmt == "ttl" else None)
        triples = len(merged)
    if fmt in ("trig", "ttl"):
        data = _sorted_prefix_header(data)
    return Export(data=data, quads=len(quads), graphs=graphs, triples=triples)


def export_bytes(store: ox.Store | ox.Dataset, fmt: str) -> bytes:
    """The dataset in ``fmt`` (see :func:`export_dataset`)."""
    return export_dataset(store, fmt).data


class _Compactor:
    """Shortens IRIs to ``prefix:local`` where JSON-LD will expand them back to the same IRI."""

    def __init__(self, quads: list[ox.Quad]) -> None:
        schemes = set()
        for quad in quads:
            for term in (quad.graph_name, quad.subject, quad.predicate, quad.object):
                if isinstance(term, ox.NamedNode):
                    schemes.add(term.value.split(":", 1)[0])
                elif isinstance(term, ox.Literal):
                    schemes.add(term.datatype.value.split(":", 1)[0])
        # a prefix named like the scheme of an IRI in the data would change that IRI: leave it out
        self.prefixes = {p: ns for p, ns in sorted(PREFIXES.items()) if p not in schemes}

    def iri(self, iri: str) -> str:
        return shorten(iri, self.prefixes) or iri

    def node(self, term: object) -> str:
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        raise BadInputError(f"JSON-LD cannot hold the term {term}; export as nq or trig")

    def value(self, term: object) -> dict[str, str]:
        if not isinstance(term, ox.Literal):
            return {"@id": self.node(term)}
        value = {"@value": term.value}
        datatype = term.datatype.value
        if term.language:
            value["@language"] = term.language
            direction = getattr(term, "direction", None)
            if direction is not None:
                value["@direction"] = direction.value
        elif datatype != XSD_STRING:
            value["@type"] = self.iri(datatype)
        return value


def jsonld_bytes(quads: list[ox.Quad]) -> bytes:
    """JSON-LD 1.1 with an inline context: one node object per subject, one graph per graph.

    Values keep their lexical form (numbers as typed strings) so nothing changes on the way
    back; ``rdf:type`` with an IRI object becomes ``@type``.
    """
    compact = _Compactor(quads)
    graphs: dict[str, dict[str, dict[str, list]]] = {}
    for quad in quads:
        nodes = graphs.setdefault(compact.node(quad.graph_name), {})
        node = nodes.setdefault(compact.node(quad.subject), {})
        if quad.predicate.value == RDF_TYPE and isinstance(quad.object, ox.NamedNode):
            node.setdefault("@type", []).append(compact.iri(quad.object.value))
        else:
            node.setdefault(compact.iri(quad.predicate.value), []).append(
                compact.value(quad.object))
    document = {
        "@context": compact.prefixes,
        "@graph": [
            {"@id": graph, "@graph": [{"@id": subject, **properties}
                                      for subject, properties in nodes.items()]}
            for graph, nodes in graphs.items()
        ],
    }
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False)
    return (text + "\n").encode("utf-8")


def write_atomic(path: Path, data: bytes) -> None:
    """Write the export so that a failure leaves no half file, or one clear error line."""
    try:
        write_atomically(path, data)
    except OSError as error:
        raise BadInputError(f"cannot write {path}: {error.strerror or error}") from error
