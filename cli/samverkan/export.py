"""Serialise the whole dataset so that the same sources give the same bytes, in every format.

Byte-identical output needs two things the store does not give by itself: blank-node labels
that do not depend on the order the files were parsed in, and a stable order of statements and
prefixes. Blank nodes are relabelled with the W3C RDF Dataset Canonicalization (RDFC-1.0), a
standard algorithm whose labels depend only on the data; quads are then sorted by graph,
subject, predicate and object. TriG and N-Quads keep every named graph; Turtle and N-Triples
merge them (the caller says so). JSON-LD is written here with an inline context built from the
project's prefixes, so reading it back never needs the network.

The work is linear in the data and streams graph by graph: each graph is dumped by the store as
N-Triples and its lines are sorted as bytes (which is the order of (subject, predicate, object)
by their N-Triples text, because a term is only ever followed by a space, lower than any byte a
term may continue with). Only the graphs that hold a blank node are canonicalised, together:
RDFC-1.0 labels depend only on the quads that mention a blank node, so leaving the other graphs
out gives the same labels as canonicalising the whole dataset.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

import pyoxigraph as ox

from .errors import BadInputError, SamverkanError
from .namespaces import PREFIXES, shorten
from .paths import open_atomically

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
_NT = ox.RdfFormat.N_TRIPLES


@dataclass(frozen=True)
class Export:
    """The serialised bytes and what went into them (for the note on merged graphs)."""

    data: bytes
    quads: int
    graphs: int
    triples: int


@dataclass(frozen=True)
class Exported:
    """What a streamed export wrote: counts for the note on merged graphs, and its size."""

    quads: int
    graphs: int
    triples: int
    size: int


def as_store(store: ox.Store | ox.Dataset) -> ox.Store:
    """The store itself, or a Dataset's named graphs copied into an in-memory Store."""
    if isinstance(store, ox.Store):
        return store
    copy = ox.Store()
    copy.extend(q for q in store if not isinstance(q.graph_name, ox.DefaultGraph))
    return copy


def _sorted_lines(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    lines.sort()
    return lines


def graph_lines(
    store: ox.Store | ox.Dataset,
) -> Iterator[tuple[ox.NamedNode | ox.BlankNode, list[bytes]]]:
    """Each named graph in sorted order with its triples as sorted N-Triples lines.

    Blank nodes carry their RDFC-1.0 labels. Quads in the default graph are left out:
    samverkan keeps every triple in a named graph.
    """
    store = as_store(store)
    graphs = sorted(store.named_graphs(), key=str)
    with_blanks: list[ox.NamedNode | ox.BlankNode] = []
    dumps: dict[str, bytes] = {}
    data: bytes | None
    for graph in graphs:
        # cast: the stub has no overload for dump() without output, which returns bytes
        data = cast(bytes, store.dump(format=_NT, from_graph=graph))
        # "_:" can also occur inside an IRI or a literal: then the graph is canonicalised for
        # nothing, which changes no byte
        if b"_:" in data or isinstance(graph, ox.BlankNode):
            with_blanks.append(graph)
        else:
            dumps[str(graph)] = data
        del data
    canonical: dict[str, bytes] = {}
    if with_blanks:
        dataset = ox.Dataset(q for g in with_blanks for q in store.quads_for_pattern(None, None,
                                                                                    None, g))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        by_graph: dict[str, list[ox.Triple]] = {}
        renamed_graphs: dict[str, ox.NamedNode | ox.BlankNode] = {}
        for quad in dataset:
            key = str(quad.graph_name)
            renamed_graphs[key] = quad.graph_name
            by_graph.setdefault(key, []).append(quad.triple)
        for key, triples in by_graph.items():
            # cast: the stub has no overload for serialize() without output (bytes)
            canonical[key] = cast(bytes, ox.serialize(triples, format=_NT))
        if any(isinstance(g, ox.BlankNode) for g in with_blanks):
            # a blank graph name gets its canonical label too: order by that
            graphs = sorted([g for g in graphs if not isinstance(g, ox.BlankNode)]
                            + [g for k, g in renamed_graphs.items() if k.startswith("_:")],
                            key=str)
    for graph in graphs:
        key = str(graph)
        data = dumps.pop(key, None)
        if data is None:
            data = canonical.pop(key, b"")
        yield graph, _sorted_lines(data)


def canonical_quads(store: ox.Store | ox.Dataset) -> list[ox.Quad]:
    """Every quad in a named graph, blank nodes labelled by RDFC-1.0, in sorted order.

    The labels depend only on the data, not on parse order or store internals, so a rebuilt
    store exports the same bytes.
    """
    return list(_quads(graph_lines(store)))


def _quads(blocks: Iterable[tuple[ox.NamedNode | ox.BlankNode, list[bytes]]]) -> Iterator[ox.Quad]:
    for graph, lines in blocks:
        if lines:
            for triple in ox.parse(b"\n".join(lines), format=_NT, rename_blank_nodes=False):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, graph)


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


class _Counter:
    """A binary writer that counts the bytes going through it."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.size = 0

    def write(self, data: bytes) -> int:
        self.out.write(data)
        self.size += len(data)
        return len(data)


def write_export(store: ox.Store | ox.Dataset, fmt: str, out: BinaryIO) -> Exported:
    """Stream the dataset in ``fmt`` to ``out``; triple formats (ttl, nt) merge the graphs.

    Memory stays at about one graph's dump (the merged formats hold the distinct triples'
    lines), never a Python object per quad, except for JSON-LD.
    """
    if fmt not in EXPORT_FORMATS:
        raise BadInputError(
            f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})"
        )
    counter = _Counter(out)
    quads = graphs = 0
    if fmt == "nq":
        for graph, lines in graph_lines(store):
            graphs += 1
            quads += len(lines)
            tail = b" " + str(graph).encode("utf-8") + b" .\n"
            counter.write(b"".join(line[:-2] + tail for line in lines))
        return Exported(quads, graphs, quads, counter.size)
    if fmt == "trig":
        blocks = []

        def counted() -> Iterator[tuple[ox.NamedNode | ox.BlankNode, list[bytes]]]:
            nonlocal quads, graphs
            for graph, lines in graph_lines(store):
                graphs += 1
                quads += len(lines)
                blocks.append(graph)
                yield graph, lines

        header = io.BytesIO()
        ox.serialize(_quads(counted()), header, format=EXPORT_FORMATS[fmt], prefixes=PREFIXES)
        counter.write(_sorted_prefix_header(header.getvalue()))
        return Exported(quads, graphs, quads, counter.size)
    if fmt == "jsonld":
        all_quads = canonical_quads(store)
        counter.write(jsonld_bytes(all_quads))
        graphs = len({q.graph_name for q in all_quads})
        return Exported(len(all_quads), graphs, len(all_quads), counter.size)
    merged: set[bytes] = set()
    for _graph, lines in graph_lines(store):
        graphs += 1
        quads += len(lines)
        merged.update(lines)
    lines = sorted(merged)
    del merged
    if fmt == "nt":
        for start in range(0, len(lines), 65536):
            counter.write(b"".join(line + b"\n" for line in lines[start:start + 65536]))
    else:
        # cast: the stub has no overload for serialize() without output (bytes)
        data = cast(bytes, ox.serialize(
            ox.parse(b"\n".join(lines), format=_NT, rename_blank_nodes=False),
            format=EXPORT_FORMATS[fmt], prefixes=PREFIXES))
        counter.write(_sorted_prefix_header(data))
    return Exported(quads, graphs, len(lines), counter.size)


def export_dataset(store: ox.Store | ox.Dataset, fmt: str) -> Export:
    """The dataset in ``fmt`` with counts; triple formats (ttl, nt) merge the named graphs."""
    buffer = io.BytesIO()
    done = write_export(store, fmt, buffer)
    return Export(data=buffer.getvalue(), quads=done.quads, graphs=done.graphs,
                  triples=done.triples)


def export_bytes(store: ox.Store | ox.Dataset, fmt: str) -> bytes:
    """The dataset in ``fmt`` (see :func:`export_dataset`)."""
    return export_dataset(store, fmt).data


def graph_sizes(
    store: ox.Store | ox.Dataset,
) -> tuple[ox.Store, dict[ox.NamedNode | ox.BlankNode, int]]:
    """The store (a Dataset is copied into one) and the triple count of each graph.

    For ``load``: each graph is then dumped on its own with :func:`graph_ntriples`, so the
    client holds one graph's bytes at a time, never a Python object per triple.
    """
    store = as_store(store)
    counts: dict[ox.NamedNode | ox.BlankNode, int] = {}
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    solutions = store.query(query)
    if not isinstance(solutions, ox.QuerySolutions):
        raise SamverkanError("the graph-size SELECT gave no solutions")
    for row in solutions:
        counts[row["g"]] = int(row["n"].value)
    return store, counts


def graph_ntriples(store: ox.Store, graph: ox.NamedNode) -> bytes:
    """One named graph as N-Triples bytes, straight from the store (order not canonical)."""
    # cast: the stub has no overload for dump() without output, which returns bytes
    return cast(bytes, store.dump(format=_NT, from_graph=graph))


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
        with open_atomically(path) as out:
            out.write(data)
    except OSError as error:
        raise BadInputError(f"cannot write {path}: {error.strerror or error}") from error


def export_to(store: ox.Store | ox.Dataset, fmt: str, output: Path | None) -> Exported:
    """Stream the export to ``output`` (atomically) or to standard output (``None`` or '-').

    A full disk or a closed output gives one error line; a reader that stops early
    (``| head``) is left to the caller as BrokenPipeError.
    """
    import sys

    if output is None or str(output) == "-":
        stdout = sys.stdout.buffer
        try:
            done = write_export(store, fmt, stdout)
            stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise BadInputError(
                f"cannot write to standard output: {error.strerror or error}") from error
        return done
    try:
        with open_atomically(Path(output)) as out:
            return write_export(store, fmt, out)
    except OSError as error:
        raise BadInputError(f"cannot write {output}: {error.strerror or error}") from error
