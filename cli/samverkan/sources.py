"""The source files of the graph and the named graph each one loads into.

Sources are the shipped ontology (Turtle, into ``graph:ontology``), the shipped data (TriG keeps
its own graphs; Turtle goes to a graph named after the file) and any user data folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import BadInputError, one_line
from .namespaces import GRAPH_BASE, ONTOLOGY_GRAPH
from .paths import installed_links_dir, resource_dir

QUAD_FORMATS = {".trig": "trig", ".nq": "nquads"}
TRIPLE_FORMATS = {".ttl": "turtle", ".nt": "ntriples"}
DATA_SUFFIXES = tuple(QUAD_FORMATS) + tuple(TRIPLE_FORMATS)


@dataclass(frozen=True)
class SourceFile:
    """One file to load; ``graph`` is the target graph for triple formats, None for quads."""

    path: Path
    label: str
    syntax: str
    graph: str | None


def _data_files(root: Path, label_prefix: str, graph_prefix: str) -> list[SourceFile]:
    files = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        suffix = path.suffix.lower()
        if suffix not in DATA_SUFFIXES:
            continue
        rel = path.relative_to(root).as_posix()
        graph = None
        if suffix in TRIPLE_FORMATS:
            graph = graph_prefix + rel.rsplit(".", 1)[0]
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
    sources = shipped_sources()
    for data_dir in data_dirs:
        sources.extend(user_sources(Path(data_dir)))
    return sources


def sources_hash(sources: Iterable[SourceFile], salt: str = "") -> str:
    """A key over names, target graphs and bytes: any change to a source gives a new store."""
    digest = hashlib.sha256(salt.encode())
    for source in sources:
        digest.update(f"\0{source.label}\0{source.graph or ''}\0".encode())
        digest.update(source.path.read_bytes())
    return digest.hexdigest()


_RDFLIB_FORMATS = {"trig": "trig", "nquads": "nquads", "turtle": "turtle", "ntriples": "nt"}


def parse_with_rdflib(source: SourceFile, dataset: object) -> None:
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
