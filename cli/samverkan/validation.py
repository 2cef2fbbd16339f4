"""SHACL validation of the whole graph: the shipped sources plus a user's files, as one union.

pySHACL validates each named graph of a dataset on its own, but the shapes need the union (a
claim in an article's graph refers to a kommun in the reference graph). So every source is parsed
with rdflib and its triples are added to one plain graph; inference is off. Named graphs are not
nodes of that union, so each one is described there as ``<graph> a sd:NamedGraph`` for the
provenance shapes. While parsing, a map from each subject to the files and source articles that
describe it is kept, so a report can say which article a failing claim came from.

pySHACL is imported only here, inside :func:`validate`, so other commands never load it.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from .errors import BadInputError, UsageError, one_line
from .namespaces import PREFIXES as NAMESPACES
from .namespaces import shorten
from .paths import resource_dir
from .sources import GRAPH_BASE, QUAD_FORMATS, TRIPLE_FORMATS, SourceFile, parse_with_rdflib

SH = Namespace("http://www.w3.org/ns/shacl#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
SAM = Namespace("https://w3id.org/samverkan/ontology#")

SEVERITIES = ("Violation", "Warning", "Info")
FAIL_ON = ("violation", "warning")

# Prefixes used to shorten IRIs in the text report (longest namespace wins).
PREFIXES = {
    "shp": "https://w3id.org/samverkan/shapes/",
    **{p: n for p, n in NAMESPACES.items() if p != "owl"},
    "sh": "http://www.w3.org/ns/shacl#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
}
_LABEL_PROPERTIES = (SKOS.prefLabel, SCHEMA.name, RDFS.label, SCHEMA.headline, SAM.name)


_PREPARED: dict[tuple, object] = {}


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

    def query(self, query_object, processor="sparql", result="sparql", initNs=None,  # noqa: N803
              initBindings=None, use_store_provided=True, **kwargs):  # noqa: N803
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
    """The union graph and where each of its subjects was described."""

    graph: Graph
    files_of: dict[Node, set[str]] = field(default_factory=dict)
    articles_of: dict[Node, set[Node]] = field(default_factory=dict)
    graph_count: int = 0


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
            graph = GRAPH_BASE + "user/" + path.stem
            sources.append(SourceFile(path, str(path), TRIPLE_FORMATS[suffix], graph))
        else:
            known = ", ".join(sorted(QUAD_FORMATS) + sorted(TRIPLE_FORMATS))
            raise BadInputError(f"cannot read {path}: unknown RDF format (use {known})")
    return sources


def load_union(sources: Sequence[SourceFile]) -> Union:
    """Parse every source with rdflib into one union graph; refuse triples outside named graphs."""
    union = Union(_PreparingGraph())
    files_of: dict[Node, set[str]] = defaultdict(set)
    graph_files: dict[Node, set[str]] = defaultdict(set)
    subjects_in: dict[Node, set[Node]] = defaultdict(set)
    graph_names: set[Node] = set()
    add = union.graph.add
    for source in sources:
        dataset = Dataset()
        parse_with_rdflib(source, dataset)
        for s, p, o, g in dataset.quads((None, None, None, None)):
            if g is None or g == dataset.default_graph.identifier:
                raise BadInputError(
                    f"bad RDF in {source.path}: triples outside any named graph "
                    "(samverkan keeps every triple in a named graph; wrap them in GRAPH <…> { })"
                )
            add((s, p, o))
            graph_names.add(g)
            subjects_in[s].add(g)
            files_of[s].add(source.label)
            graph_files[g].add(source.label)
    for g in graph_names:
        add((g, RDF.type, SD.NamedGraph))
        files_of[g] |= graph_files[g]
    # the source article of a graph is what the graph says it was derived from
    graph_articles = {
        g: set(union.graph.objects(g, PROV.wasDerivedFrom)) for g in graph_names
    }
    articles_of: dict[Node, set[Node]] = {}
    for s, graphs in subjects_in.items():
        articles = set(union.graph.objects(s, PROV.wasDerivedFrom))
        for g in graphs:
            articles |= graph_articles.get(g, set())
        if articles:
            articles_of[s] = articles
    union.files_of = dict(files_of)
    union.articles_of = articles_of
    union.graph_count = len(graph_names)
    return union


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
    sources: Sequence[SourceFile], shapes_dir: Path | None = None
) -> Report:
    """Run the shapes over the union of ``sources``; return findings labelled for people."""
    from pyshacl import validate as shacl_validate

    timings: dict[str, float] = {}
    started = time.perf_counter()
    union = load_union(sources)
    shapes = load_shapes(shapes_dir)
    timings["parse"] = time.perf_counter() - started

    started = time.perf_counter()
    _conforms, report_graph, _text = shacl_validate(
        union.graph,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=False,
        meta_shacl=False,
        advanced=False,
        debug=False,
    )
    timings["shacl"] = time.perf_counter() - started

    started = time.perf_counter()
    findings = _findings(report_graph, union)
    timings["report"] = time.perf_counter() - started
    return Report(findings, report_graph, len(union.graph), union.graph_count, timings)


def short(term: Node | None) -> str | None:
    """An IRI as prefix:local where a known prefix fits, a literal as its value."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return shorten(str(term), PREFIXES) or f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def label(graph: Graph, term: Node) -> str:
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


def _article_label(graph: Graph, article: Node) -> str:
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
    # only top-level results: pySHACL also types the nested sh:detail results of sh:node
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        shape = report.value(result, SH.sourceShape)
        severity = report.value(result, SH.resultSeverity)
        component = report.value(result, SH.sourceConstraintComponent)
        messages = [str(m) for m in report.objects(result, SH.resultMessage)]
        articles = sorted(union.articles_of.get(focus, set()), key=str)
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
                files=sorted(union.files_of.get(focus, set())),
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
