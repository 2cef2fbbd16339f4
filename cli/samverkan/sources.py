"""The source files of the graph and the named graph each one loads into.

Sources are the shipped ontology (Turtle, into ``graph:ontology``), the shipped data (TriG keeps
its own graphs; Turtle goes to a graph named after the file) and any user data folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .errors import BadInputError, one_line
from .namespaces import GRAPH_BASE, ONTOLOGY_GRAPH
from .paths import installed_links_dir, resource_dir

TYPE_CHECKING = False  # as typing's (mypy knows the name); typing costs `query` start-up
if TYPE_CHECKING:  # rdflib is imported only by the callers that parse with it
    from typing import Any

    from rdflib import Dataset

QUAD_FORMATS = {".trig": "trig", ".nq": "nquads"}
TRIPLE_FORMATS = {".ttl": "turtle", ".nt": "ntriples"}
DATA_SUFFIXES = tuple(QUAD_FORMATS) + tuple(TRIPLE_FORMATS)
# RDF files samverkan does not read from a data folder, and why (said on stderr, never silent)
UNREAD_SUFFIXES = {
    ".rdf": "RDF/XML", ".owl": "RDF/XML or OWL/XML", ".xml": "XML", ".jsonld": "JSON-LD",
    ".json": "JSON", ".n3": "Notation3", ".trix": "TriX", ".hdt": "HDT",
}


class SourceFile:
    """One file to load; ``graph`` is the target graph for triple formats, None for quads
    (a value: equal by content)."""

    __slots__ = ("path", "label", "syntax", "graph")

    def __init__(self, path: Path, label: str, syntax: str, graph: str | None) -> None:
        self.path = path
        self.label = label
        self.syntax = syntax
        self.graph = graph

    def _key(self) -> tuple[Path, str, str, str | None]:
        return (self.path, self.label, self.syntax, self.graph)

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, SourceFile) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"SourceFile(path={self.path!r}, label={self.label!r}, syntax={self.syntax!r}, "
                f"graph={self.graph!r})")


_IRI_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")


def iri_path(text: str) -> str:
    """``text`` percent-encoded for an IRI path (a space or quote in a file name, say).

    Written here rather than imported from urllib.parse, which costs the query path 15 ms.
    """
    if all(c in _IRI_SAFE for c in text):
        return text
    return "".join(c if c in _IRI_SAFE else "".join(f"%{b:02X}" for b in c.encode("utf-8"))
                   for c in text)


def shown_name(path: Path) -> str:
    """A file name as one printable line: undecodable bytes and control characters escaped."""
    text = str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _data_files(root: Path, label_prefix: str, graph_prefix: str) -> list[SourceFile]:
    files = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        suffix = path.suffix.lower()
        if suffix not in DATA_SUFFIXES:
            continue
        try:
            str(path).encode("utf-8")
        except UnicodeEncodeError:
            raise BadInputError(
                f"cannot read {shown_name(path)}: its file name is not UTF-8 text "
                "(samverkan names graphs after files; rename it)"
            ) from None
        rel = path.relative_to(root).as_posix()
        graph = None
        if suffix in TRIPLE_FORMATS:
            # a name with spaces or quotes still gives a valid IRI
            graph = graph_prefix + iri_path(rel.rsplit(".", 1)[0])
        syntax = QUAD_FORMATS.get(suffix) or TRIPLE_FORMATS[suffix]
        files.append(SourceFile(path, f"{label_prefix}{rel}", syntax, graph))
    return files


def shipped_sources() -> list[SourceFile]:
    """The ontology and data that ship with samverkan, in a stable order."""
    ontology = [
        SourceFile(p, f"ontology/{p.name}", "turtle", ONTOLOGY_GRAPH)
        for p in sorted(resource_dir("ontology").glob("*.ttl"))
    ]
    data = _data_files(resource_dir("data"), "data/", GRAPH_BASE + "data/")
    links = installed_links_dir()  # an installed wheel's `link wikidata --write` output
    if links is not None:
        data += _data_files(links, "data/links/", GRAPH_BASE + "data/links/")
    return ontology + data


def user_sources(data_dir: Path) -> list[SourceFile]:
    """A user's own TriG/Turtle/N-Quads/N-Triples files; Turtle goes to graph:user/<path>."""
    if not data_dir.exists():
        raise BadInputError(f"data dir not found: {data_dir}")
    if not data_dir.is_dir():
        raise BadInputError(f"data dir is not a folder: {data_dir}")
    return _data_files(data_dir, f"{data_dir}/", GRAPH_BASE + "user/")


def all_sources(data_dirs: Iterable[Path] = ()) -> list[SourceFile]:
    """Every source, shipped first; two user files that would fill the same graph are refused.

    (The shipped ontology files share graph:ontology on purpose.)
    """
    sources = shipped_sources()
    shipped = len(sources)
    owner: dict[str, SourceFile] = {}
    for data_dir in data_dirs:
        sources.extend(user_sources(Path(data_dir)))
    for source in sources[shipped:]:
        if source.graph is None:
            continue
        other = owner.setdefault(source.graph, source)
        if other is not source:
            raise BadInputError(
                f"two data files would both fill graph {source.graph}: {shown_name(other.path)} "
                f"and {shown_name(source.path)} (rename one of them)"
            )
    return sources


def skipped_notes(data_dirs: Iterable[Path]) -> list[str]:
    """One line per data folder that holds RDF files samverkan does not read, naming them."""
    notes = []
    for data_dir in data_dirs:
        root = Path(data_dir)
        if not root.is_dir():
            continue
        skipped = sorted(p for p in root.rglob("*")
                         if p.is_file() and p.suffix.lower() in UNREAD_SUFFIXES)
        if skipped:
            names = ", ".join(f"{shown_name(p.relative_to(root))} "
                              f"({UNREAD_SUFFIXES[p.suffix.lower()]})" for p in skipped[:5])
            more = f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
            notes.append(
                f"note: skipped {len(skipped)} file(s) in {shown_name(root)} that samverkan does "
                f"not read: {names}{more}; convert them to TriG, Turtle, N-Quads or N-Triples"
            )
    return notes


def sha256(data: bytes = b"") -> Any:
    """A SHA-256 hash object, CPython's built-in one where it is there: the same digests, and
    ``hashlib`` (which loads OpenSSL) would cost every `samverkan query` 3 ms to import."""
    try:
        from _sha256 import sha256 as builtin  # CPython 3.11
    except ImportError:
        try:
            from _sha2 import sha256 as builtin  # CPython 3.12 and later
        except ImportError:
            from hashlib import sha256 as builtin
    return builtin(data)


def sources_hash(sources: Iterable[SourceFile], salt: str = "") -> str:
    """A key over names, target graphs and bytes: any change to a source gives a new store."""
    digest = sha256(salt.encode())
    for source in sources:
        name = f"\0{source.label}\0{source.graph or ''}\0"
        digest.update(name.encode("utf-8", "surrogateescape"))
        digest.update(source.path.read_bytes())
    return digest.hexdigest()


_RDFLIB_FORMATS = {"trig": "trig", "nquads": "nquads", "turtle": "turtle", "ntriples": "nt"}


def parse_with_rdflib(source: SourceFile, dataset: Dataset) -> None:
    """Parse one source into an rdflib Dataset, triple formats into their target graph.

    The one place where samverkan reads its sources with rdflib (validation, --engine rdflib);
    rdflib is imported only by those callers.
    """
    import warnings

    from rdflib import URIRef

    target = dataset if source.graph is None else dataset.graph(URIRef(source.graph))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's own internal calls
            target.parse(source=str(source.path), format=_RDFLIB_FORMATS[source.syntax])
    except OSError as error:
        raise BadInputError(f"cannot read {source.path}: {error.strerror or error}") from error
    except Exception as error:  # noqa: BLE001 - rdflib raises many types for bad syntax
        raise BadInputError(f"bad RDF in {source.path}: {one_line(error)}") from error
