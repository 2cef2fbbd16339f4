"""SHACL validation of the whole graph: the shipped sources plus a user's files, as one union.

SHACL engines validate each named graph of a dataset on its own, but the shapes need the union (a
claim in an article's graph refers to a kommun in the reference graph). So the triples of every
named graph go into the default graph of one in-memory pyoxigraph store, inference off. Named
graphs are not nodes of that union, so each one is described there as ``<graph> a
sd:NamedGraph`` for the provenance shapes.

Every source is parsed by pyoxigraph, the parser of ``build`` (one error format for all
commands); the shipped graph and ``--data-dir`` are parsed again from the files the compiled
store was built from (faster than decoding the store), and the store answers where a failing
node is described. Two engines run the shapes: pyshacl-turbo (the default; it reads the
pyoxigraph union store directly) and pySHACL (``engine="pyshacl"``, the reference, on an
rdflib copy of the same union); a parity test keeps their results equal. A report names the
files and source articles a failing node rests on, looked up for the failing nodes only.

The engines are imported only here, inside :func:`validate`, so other commands never load them.
"""

from __future__ import annotations

import io
import json
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast, overload

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from .errors import BadInputError, SamverkanError, UsageError, one_line
from .namespaces import PREFIXES as NAMESPACES
from .namespaces import shorten
from .paths import resource_dir
from .sources import GRAPH_BASE, QUAD_FORMATS, TRIPLE_FORMATS, SourceFile, iri_path

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query
    from rdflib.query import Processor, Result
    from rdflib.term import Identifier

SH = Namespace("http://www.w3.org/ns/shacl#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
SAM = Namespace("https://w3id.org/samverkan/ontology#")

SEVERITIES = ("Violation", "Warning", "Info")
ENGINES = ("turbo", "pyshacl")
FAIL_ON = ("violation", "warning")

# Prefixes used to shorten IRIs in the text report (longest namespace wins).
PREFIXES = {
    "shp": "https://w3id.org/samverkan/shapes/",
    **{p: n for p, n in NAMESPACES.items() if p != "owl"},
    "sh": "http://www.w3.org/ns/shacl#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
}
_LABEL_PROPERTIES = (SKOS.prefLabel, SCHEMA.name, RDFS.label, SCHEMA.headline, SAM.name)


_PREPARED: dict[tuple, Query] = {}


def _normalised(text: str) -> str:
    """The query text with its leading PREFIX lines sorted: pySHACL writes them in set order."""
    lines = text.splitlines()
    head = 0
    while head < len(lines) and lines[head].startswith("PREFIX "):
        head += 1
    return "\n".join(sorted(lines[:head]) + lines[head:])


class _PreparingGraph(Graph):
    """A Graph that parses each distinct SPARQL text once per process.

    pySHACL sends the same constraint text once per focus node, and rdflib would parse and
    translate it every time (0.01-0.2 s each): on the shipped graph that was over 95% of the
    validation time. A prepared query gives the same answers with the same bindings, and does
    not depend on the graph, so the cache is shared by every validation in the process.
    """

    def query(self, query_object: str | Query, processor: str | Processor = "sparql",
              result: str | type[Result] = "sparql",
              initNs: Mapping[str, Any] | None = None,  # noqa: N803
              initBindings: Mapping[str, Identifier] | None = None,  # noqa: N803
              use_store_provided: bool = True, **kwargs: Any) -> Result:
        if isinstance(query_object, str):
            from rdflib.plugins.sparql import prepareQuery

            key = (_normalised(query_object), tuple(sorted((initNs or {}).items())))
            prepared = _PREPARED.get(key)
            if prepared is None:
                prepared = prepareQuery(query_object, initNs=initNs)
                _PREPARED[key] = prepared
            query_object = prepared
        return super().query(query_object, processor, result, initNs, initBindings,
                             use_store_provided, **kwargs)


@dataclass
class Union:
    """The union of the graphs and where its nodes were described (looked up on demand).

    ``graph`` answers ``objects``/``value``/``subjects``/``__len__`` like an rdflib Graph: an
    rdflib Graph for pySHACL, a view over the pyoxigraph union store for pyshacl-turbo.
    """

    graph: Graph | _StoreView
    store: ox.Store
    parts: list[tuple[ox.Store, dict[str, list[str]]]]
    graph_names: set[str]
    graph_count: int = 0
    files_of: dict[Node, set[str]] = field(default_factory=dict)
    articles_of: dict[Node, set[Node]] = field(default_factory=dict)

    def describe(self, nodes: Iterable[Node | None]) -> None:
        """Fill ``files_of``/``articles_of`` for these nodes (the focus nodes of a report)."""
        derived = URIRef(str(PROV.wasDerivedFrom))
        for node in nodes:
            if node in self.files_of or isinstance(node, Literal) or node is None:
                continue
            term = _ox_term(node)
            files: set[str] = set()
            graphs: set[str] = set()
            if term is not None and not isinstance(term, ox.BlankNode):
                for store, graph_files in self.parts:
                    seen: set[str] = set()
                    for quad in store.quads_for_pattern(term, None, None, None):
                        name = quad.graph_name
                        if isinstance(name, ox.NamedNode) and name.value not in seen:
                            seen.add(name.value)
                            files.update(graph_files.get(name.value, ()))
                    graphs |= seen
                if str(node) in self.graph_names:
                    for _store, graph_files in self.parts:
                        files.update(graph_files.get(str(node), ()))
            self.files_of[node] = files
            articles = set(self.graph.objects(node, derived))
            for g in graphs:
                articles |= set(self.graph.objects(URIRef(g), derived))
            if articles:
                self.articles_of[node] = articles


@overload
def _ox_term(term: URIRef) -> ox.NamedNode: ...
@overload
def _ox_term(term: Node) -> ox.NamedNode | ox.BlankNode | None: ...
def _ox_term(term: Node) -> ox.NamedNode | ox.BlankNode | None:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    return None


def _rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Triple):  # the N-Triples union cannot hold one (union_store)
        raise SamverkanError(f"a triple term reached the report's labels: {term}")
    datatype = None if term.language else URIRef(term.datatype.value)
    return Literal(term.value, lang=term.language, datatype=datatype)


class _StoreView:
    """The few rdflib Graph methods the report needs, answered by a pyoxigraph store."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def __len__(self) -> int:
        return len(self.store)

    def objects(self, subject: Node | None = None,
                predicate: URIRef | None = None) -> Iterator[Node]:
        s = _ox_term(subject) if subject is not None else None
        p = _ox_term(predicate) if predicate is not None else None
        if (subject is not None and s is None) or (predicate is not None and p is None):
            return
        for quad in self.store.quads_for_pattern(s, p, None, None):
            yield _rdflib_term(quad.object)

    def subjects(self, predicate: URIRef | None = None,
                 obj: Node | None = None) -> Iterator[Node]:
        p = _ox_term(predicate) if predicate is not None else None
        o = _ox_term(obj) if obj is not None and not isinstance(obj, Literal) else None
        for quad in self.store.quads_for_pattern(None, p, o, None):
            yield _rdflib_term(quad.subject)

    def value(self, subject: Node, predicate: URIRef) -> Node | None:
        return next(iter(self.objects(subject, predicate)), None)


@dataclass
class Finding:
    """One validation result, resolved to human labels and the source it rests on."""

    severity: str
    shape: str
    constraint: str
    focus: str
    focus_label: str
    path: str | None
    value: str | None
    value_label: str | None
    message: str
    sources: list[str]
    source_labels: list[str]
    files: list[str]

    def as_json(self) -> dict:
        """The documented JSON object (docs/validation.md), for machines."""
        return {
            "severity": self.severity,
            "shape": self.shape,
            "constraint": self.constraint,
            "focusNode": self.focus,
            "focusLabel": self.focus_label,
            "path": self.path,
            "value": self.value,
            "valueLabel": self.value_label,
            "message": self.message,
            "sources": [
                {"iri": iri, "label": label}
                for iri, label in zip(self.sources, self.source_labels, strict=True)
            ],
            "files": self.files,
        }


@dataclass
class Report:
    """The outcome of one validation run."""

    findings: list[Finding]
    report_graph: Graph
    triples: int
    graphs: int
    timings: dict[str, float]

    def count(self, severity: str) -> int:
        """How many results have this severity, for the summary line."""
        return sum(1 for f in self.findings if f.severity == severity)

    def fails(self, fail_on: str = "violation") -> bool:
        """Violations always fail; warnings only with ``fail_on='warning'``; info never."""
        if fail_on not in FAIL_ON:
            raise UsageError(f"--fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
        failing = {"Violation"} if fail_on == "violation" else {"Violation", "Warning"}
        return any(f.severity in failing for f in self.findings)


# -- input ---------------------------------------------------------------------------------


def data_file_sources(paths: Iterable[Path]) -> list[SourceFile]:
    """``--data`` files as sources: TriG/N-Quads keep their graphs, Turtle/N-Triples go to
    ``graph:user/<file stem>``, as a user's own article would."""
    sources = []
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise BadInputError(f"data file not found: {path}")
        suffix = path.suffix.lower()
        if suffix in QUAD_FORMATS:
            sources.append(SourceFile(path, str(path), QUAD_FORMATS[suffix], None))
        elif suffix in TRIPLE_FORMATS:
            graph = GRAPH_BASE + "user/" + iri_path(path.stem).replace("/", "%2F")
            sources.append(SourceFile(path, str(path), TRIPLE_FORMATS[suffix], graph))
        else:
            known = ", ".join(sorted(QUAD_FORMATS) + sorted(TRIPLE_FORMATS))
            raise BadInputError(f"cannot read {path}: unknown RDF format (use {known})")
    return sources


_NAMED_GRAPH = "http://www.w3.org/ns/sparql-service-description#NamedGraph"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class _GraphDumps(io.RawIOBase):
    """The N-Triples of several graphs of a store as one readable stream, dumped one graph at
    a time: at a million triples this keeps 160 MB of joined bytes out of memory."""

    def __init__(self, store: ox.Store, graphs: Sequence[ox.NamedNode | ox.BlankNode |
                                                          ox.DefaultGraph]) -> None:
        self._store = store
        self._graphs = iter(graphs)
        self._chunk = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._chunk:
            graph = next(self._graphs, None)
            if graph is None:
                return 0
            # cast: the stub has no overload for dump() without output, which returns bytes
            self._chunk = memoryview(cast(bytes, self._store.dump(
                format=ox.RdfFormat.N_TRIPLES, from_graph=graph)))
        size = min(len(buffer), len(self._chunk))
        buffer[:size] = self._chunk[:size]
        self._chunk = self._chunk[size:]
        return size


def union_store(
    sources: Sequence[SourceFile] = (), compiled: ox.Store | None = None,
    compiled_graph_files: dict[str, list[str]] | None = None,
    compiled_sources: Sequence[SourceFile] = (),
) -> tuple[ox.Store, list[tuple[ox.Store, dict[str, list[str]]]], set[str]]:
    """The union of the compiled store (if given) and ``sources`` in one default graph.

    ``compiled_sources``, the files the compiled store was built from, are parsed instead of
    reading the store itself: pyoxigraph decodes an on-disk store term by term (20 s at a
    million triples on a loaded machine, against 11 s to parse the same files), and the store
    is then kept only to look up where a failing node is described.

    Returns the union store, the stores to look nodes up in with their graph-to-files maps,
    and the names of the named graphs. Blank nodes stay one node across the graphs of one
    store.
    """
    from .store import load_sources

    parts: list[tuple[ox.Store, dict[str, list[str]]]] = []
    readers: list[ox.Store] = []
    if compiled is not None:
        parts.append((compiled, compiled_graph_files or {}))
        if not compiled_sources:
            readers.append(compiled)
    union = ox.Store()
    names: set[str] = set()
    if compiled_sources:
        parsed = ox.Store()
        load_sources(parsed, compiled_sources)
        names |= _fill(union, parsed)
        del parsed  # only the compiled store is kept for look-ups
    if sources:
        extra = ox.Store()
        parts.append((extra, load_sources(extra, sources)))
        readers.append(extra)
    for store in readers:
        names |= _fill(union, store)
    kind, named = ox.NamedNode(_RDF_TYPE), ox.NamedNode(_NAMED_GRAPH)
    union.extend(ox.Quad(ox.NamedNode(g), kind, named) for g in sorted(names))
    return union, parts, names


def _fill(union: ox.Store, store: ox.Store) -> set[str]:
    """Copy the named graphs of ``store`` into the default graph of ``union``; their names."""
    from .derived import DERIVED_GRAPHS

    # the shapes check what the sources say; the graphs computed from them at build time
    # (entailments, the dataset description) are samverkan's own output, not claims
    graphs = [g for g in store.named_graphs()
              if not (isinstance(g, ox.NamedNode) and g.value in DERIVED_GRAPHS)]
    # one document per store, so a blank node keeps its label across the store's graphs;
    # read graph by graph, so the whole store is never held as one bytes object
    union.load(io.BufferedReader(_GraphDumps(store, graphs)), format=ox.RdfFormat.N_TRIPLES)
    return {g.value for g in graphs if isinstance(g, ox.NamedNode)}


def _unreadable(parts: list[tuple[ox.Store, dict[str, list[str]]]],
                error: Exception) -> SamverkanError:
    """Why an engine could not read the union: an RDF 1.2 triple term (named by its file), or
    else the parser's own words. Looked for only after a failure, so valid data pays nothing;
    build and export keep triple terms, but neither SHACL engine reads one."""
    for store, files in parts:
        for quad in store:
            if isinstance(quad.subject, ox.Triple) or isinstance(quad.object, ox.Triple):
                graph = quad.graph_name
                where = ", ".join(files.get(graph.value, ())) if isinstance(
                    graph, ox.NamedNode) else ""
                return BadInputError(f"cannot validate {where or graph}: it holds an RDF 1.2 "
                                     "triple term, which SHACL validation cannot read")
    return SamverkanError(f"the SHACL engine could not read the graph: {one_line(error)}")


def load_union(
    sources: Sequence[SourceFile] = (), *, engine: str = "pyshacl",
    compiled: ox.Store | None = None, compiled_graph_files: dict[str, list[str]] | None = None,
    compiled_sources: Sequence[SourceFile] = (),
) -> Union:
    """The union of every source, as an rdflib Graph (pySHACL) or a store view (turbo)."""
    store, parts, names = union_store(sources, compiled, compiled_graph_files, compiled_sources)
    graph: Graph | _StoreView
    if engine == "pyshacl":
        # rdflib warns and then fails on a triple term: look first (pySHACL is slow anyway)
        if any(isinstance(q.object, ox.Triple) or isinstance(q.subject, ox.Triple)
               for q in store):
            raise _unreadable(parts, ValueError("a triple term"))
        graph = _PreparingGraph()
        graph.parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()),
                    format="nt")
    else:
        graph = _StoreView(store)
    return Union(graph, store, parts, names, graph_count=len(names))


def load_shapes(shapes_dir: Path | None = None) -> Graph:
    """Every Turtle file of the shapes folder in one shapes graph."""
    folder = shapes_dir or resource_dir("shapes")
    shapes = Graph()
    files = sorted(Path(folder).glob("*.ttl"))
    if not files:
        raise BadInputError(f"no shapes (*.ttl) in {folder}")
    for path in files:
        try:
            shapes.parse(source=str(path), format="turtle")
        except Exception as error:  # noqa: BLE001 - shown as one line
            raise BadInputError(f"bad RDF in {path}: {one_line(error)}") from error
    return shapes


# -- validation ----------------------------------------------------------------------------


def validate(
    sources: Sequence[SourceFile] = (), shapes_dir: Path | None = None, *,
    engine: str = "turbo", compiled: ox.Store | None = None,
    compiled_graph_files: dict[str, list[str]] | None = None,
    compiled_sources: Sequence[SourceFile] = (),
    compiled_location: Path | None = None,
) -> Report:
    """Run the shapes over the union of ``sources`` (and the compiled store, when given, read
    from ``compiled_sources`` when those are given too: see :func:`union_store`); return
    findings labelled for people. ``engine`` is ``turbo`` or ``pyshacl``.

    ``compiled_location``, the compiled store's folder, instead of ``compiled``: the store is
    opened only after pyshacl-turbo has run, to look up where failing nodes are described.
    Why: with a RocksDB store open in the process, the engine's call took 2-3 s longer at a
    million triples (21.3-23.6 s against 19.6-20.8 s, docs/validation.md)."""
    if engine not in ENGINES:
        raise UsageError(f"unknown validation engine {engine!r} (use {', '.join(ENGINES)})")
    if compiled_location is not None and compiled is None and engine == "pyshacl":
        compiled = ox.Store.read_only(str(compiled_location))  # its triple-term check reads it
        compiled_location = None
    timings: dict[str, float] = {}
    started = time.perf_counter()
    union = load_union(sources, engine=engine, compiled=compiled,
                       compiled_graph_files=compiled_graph_files,
                       compiled_sources=compiled_sources)
    shapes = load_shapes(shapes_dir)
    timings["parse"] = time.perf_counter() - started

    started = time.perf_counter()
    data: ox.Store | Graph | _StoreView
    if engine == "turbo":
        from pyshacl_turbo import validate as shacl_validate

        data = union.store
    else:
        from pyshacl import validate as shacl_validate

        data = union.graph
    try:
        _conforms, report_graph, _text = shacl_validate(
            data,
            shacl_graph=shapes,
            inference="none",
            abort_on_first=False,
            allow_infos=True,
            allow_warnings=False,
            meta_shacl=False,
            advanced=False,
            debug=False,
        )
    except ValueError as error:
        _open_for_look_ups(union, compiled_location, compiled_graph_files)
        raise _unreadable(union.parts, error) from error
    timings["shacl"] = time.perf_counter() - started
    _open_for_look_ups(union, compiled_location, compiled_graph_files)

    started = time.perf_counter()
    findings = _findings(report_graph, union)
    timings["report"] = time.perf_counter() - started
    return Report(findings, report_graph, len(union.store), union.graph_count, timings)


def _open_for_look_ups(union: Union, location: Path | None,
                       graph_files: dict[str, list[str]] | None) -> None:
    """Add the compiled store at ``location`` (if any) to the stores the report looks in."""
    if location is not None:
        union.parts.insert(0, (ox.Store.read_only(str(location)), graph_files or {}))


@overload
def short(term: Node) -> str: ...
@overload
def short(term: Node | None) -> str | None: ...
def short(term: Node | None) -> str | None:
    """An IRI as prefix:local where a known prefix fits, a literal as its value."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return shorten(str(term), PREFIXES) or f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def label(graph: Graph | _StoreView, term: Node) -> str:
    """The human label of a node: its Swedish prefLabel, name or headline; else its short IRI."""
    if isinstance(term, Literal):
        return str(term)
    candidates: list[Literal] = []
    for prop in _LABEL_PROPERTIES:
        candidates = [o for o in graph.objects(term, prop) if isinstance(o, Literal)]
        if candidates:
            break
    if candidates:
        candidates.sort(key=lambda lit: (lit.language not in ("sv", None), str(lit)))
        return str(candidates[0])
    return short(term) or ""


def _path_text(report: Graph, path: Node | None) -> str | None:
    if path is None:
        return None
    if isinstance(path, URIRef):
        return short(path)
    alternatives = report.value(path, SH.alternativePath)
    if alternatives is not None:
        from rdflib.collection import Collection

        parts = []
        for item in Collection(report, alternatives):
            if isinstance(item, URIRef):
                parts.append(short(item))
            else:
                parts.append("/".join(short(x) for x in Collection(report, item)))
        return "|".join(parts)
    try:
        from rdflib.collection import Collection

        return "/".join(short(x) for x in Collection(report, path))
    except Exception:  # noqa: BLE001 - an unusual path shape: show it raw
        return short(path)


def _article_label(graph: Graph | _StoreView, article: Node) -> str:
    headline = graph.value(article, SCHEMA.headline)
    ident = graph.value(article, SCHEMA.identifier)
    name = short(article) or ""
    if headline is not None:
        return f"{name} \u201c{headline}\u201d"
    if ident is not None and str(ident) not in name:
        return f"{name} ({ident})"
    return name


def _findings(report: Graph, union: Union) -> list[Finding]:
    data = union.graph
    findings = []
    union.describe(report.value(r, SH.focusNode) for r in report.objects(None, SH.result))
    # only top-level results: pySHACL also types the nested sh:detail results of sh:node
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        shape = report.value(result, SH.sourceShape)
        severity = report.value(result, SH.resultSeverity)
        component = report.value(result, SH.sourceConstraintComponent)
        messages = [str(m) for m in report.objects(result, SH.resultMessage)]
        articles = sorted(union.articles_of.get(focus, set()), key=str) if focus is not None else []
        findings.append(
            Finding(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                shape=short(shape) if isinstance(shape, URIRef) else "(anonymous shape)",
                constraint=short(component) or "",
                focus=str(focus),
                focus_label=label(data, focus) if focus is not None else "",
                path=_path_text(report, path),
                value=None if value is None else (
                    short(value) if not isinstance(value, Literal) else str(value)
                ),
                value_label=None if value is None or isinstance(value, Literal)
                else label(data, value),
                message=messages[0] if messages else "",
                sources=[str(a) for a in articles],
                source_labels=[_article_label(data, a) for a in articles],
                files=sorted(union.files_of.get(focus, set())) if focus is not None else [],
            )
        )
    order = {name: i for i, name in enumerate(SEVERITIES)}
    findings.sort(key=lambda f: (order.get(f.severity, 9), f.shape, f.focus, f.path or "",
                                 f.value or ""))
    return findings


# -- output --------------------------------------------------------------------------------


def summary(report: Report, fail_on: str = "violation") -> str:
    """One line: the verdict and the counts by severity."""
    counts = ", ".join(
        f"{report.count(s)} {s.lower()}{'s' if report.count(s) != 1 else ''}"
        for s in SEVERITIES
    )
    verdict = "does not conform" if report.fails(fail_on) else "conforms"
    return (
        f"{verdict}: {counts} ({report.triples} triples in {report.graphs} named graphs)"
    )


def render_text(report: Report, fail_on: str = "violation") -> str:
    """Results grouped by shape, each with the focus node's label, path, value, message and
    the source article it rests on; a summary line last."""
    lines: list[str] = []
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in report.findings:
        groups[(finding.severity, finding.shape)].append(finding)
    for (severity, shape), items in groups.items():
        lines.append(f"{shape} ({severity}, {len(items)})")
        for f in items:
            focus_short = short(URIRef(f.focus)) if not f.focus.startswith("_:") else f.focus
            head = f.focus_label if f.focus_label == focus_short else (
                f"{f.focus_label} [{focus_short}]"
            )
            lines.append(f"  {head}")
            lines.append(f"    message: {f.message}")
            if f.path:
                lines.append(f"    path:    {f.path}")
            if f.value is not None:
                value = f.value if not f.value_label or f.value_label == f.value else (
                    f"{f.value_label} [{f.value}]"
                )
                lines.append(f"    value:   {value}")
            if f.source_labels:
                lines.append(f"    source:  {'; '.join(f.source_labels)}")
            if f.files:
                lines.append(f"    file:    {', '.join(f.files)}")
        lines.append("")
    lines.append(summary(report, fail_on))
    return "\n".join(lines) + "\n"


def render_json(report: Report) -> str:
    """A JSON list of results (see docs/validation.md)."""
    return json.dumps([f.as_json() for f in report.findings], ensure_ascii=False, indent=2) + "\n"


def render_turtle(report: Report) -> str:
    """The standard SHACL validation report (sh:ValidationReport) as Turtle."""
    graph = report.report_graph
    graph.bind("sh", SH)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, Namespace(namespace), override=False)
    return graph.serialize(format="turtle")


def render(report: Report, fmt: str, fail_on: str = "violation") -> str:
    """The report in one of the formats of ``samverkan validate --format``."""
    if fmt == "text":
        return render_text(report, fail_on)
    if fmt == "json":
        return render_json(report)
    if fmt == "turtle":
        return render_turtle(report)
    raise UsageError(f"unknown report format {fmt!r} (use text, turtle or json)")
