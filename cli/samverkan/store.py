"""Compile the sources into an embedded Oxigraph store kept in a cache folder.

The store lives in ``<cache>/<hash>/`` where the hash covers every source, so a changed source
gives a new store and an unchanged one is reused without parsing anything. A build is written to a
temporary folder and renamed into place; a store is trusted only when its manifest (written last)
is there and it opens, so an interrupted or corrupt build is rebuilt.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .errors import BadInputError, SamverkanError
from .paths import default_cache_dir
from .sources import SourceFile, all_sources, sources_hash

MANIFEST = "manifest.json"
STORE_SUBDIR = "oxigraph"
KEEP_OLD_STORES = 2

_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}
_POSITION = re.compile(r"(?:between |at )?line (\d+)(?: column (\d+))?")


@dataclass
class BuiltStore:
    """An opened store and what its manifest says about it."""

    store: ox.Store
    path: Path
    manifest: dict
    rebuilt: bool


def _rdf_error(source: SourceFile, error: Exception) -> BadInputError:
    """One line naming the file and line of a syntax error, as pyoxigraph reports it."""
    message = str(error)
    match = _POSITION.search(message)
    detail = message.split(": ", 1)[-1] if ": " in message else message
    detail = re.sub(r"\s*\([^()]*, line \d+\)\s*$", "", detail)
    where = f"{source.path}, line {match.group(1)}" if match else str(source.path)
    return BadInputError(f"bad RDF in {where}: {detail}")


def load_sources(store: ox.Store, sources: Iterable[SourceFile], *, bulk: bool = False) -> None:
    """Parse every source into ``store``; triples outside a named graph are refused."""
    default_graph = ox.DefaultGraph()
    for source in sources:
        kwargs = {"path": str(source.path), "format": _FORMATS[source.syntax]}
        if source.graph is not None:
            kwargs["to_graph"] = ox.NamedNode(source.graph)
        try:
            (store.bulk_load if bulk else store.load)(**kwargs)
        except SyntaxError as error:
            raise _rdf_error(source, error) from error
        except OSError as error:
            raise BadInputError(f"cannot read {source.path}: {error}") from error
        if next(iter(store.quads_for_pattern(None, None, None, default_graph)), None):
            raise BadInputError(
                f"bad RDF in {source.path}: triples outside any named graph "
                "(samverkan keeps every triple in a named graph; wrap them in GRAPH <…> { })"
            )


def _count(store: ox.Store) -> tuple[int, int]:
    graphs = sum(1 for _ in store.named_graphs())
    return len(store), graphs


def _read_manifest(folder: Path) -> dict | None:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _open_trusted(folder: Path, key: str) -> BuiltStore | None:
    manifest = _read_manifest(folder)
    if manifest is None or manifest.get("hash") != key:
        return None
    try:
        store = ox.Store.read_only(str(folder / STORE_SUBDIR))
    except (OSError, RuntimeError, ValueError):
        # pyoxigraph reports a damaged RocksDB folder as RuntimeError("Corruption: …")
        return None
    return BuiltStore(store, folder, manifest, rebuilt=False)


def _remove(folder: Path) -> None:
    for _ in range(5):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(0.05)


def _prune(cache_dir: Path, keep: Path) -> None:
    """Drop older stores, keeping a few in case another command still reads one."""
    stores = [p for p in cache_dir.iterdir() if p.is_dir() and len(p.name) == 64 and p != keep]
    stores += [p for p in cache_dir.iterdir() if p.name.startswith(".stale-")]
    stores.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in stores[KEEP_OLD_STORES:]:
        shutil.rmtree(old, ignore_errors=True)


def build(
    sources: Sequence[SourceFile], cache_dir: Path, *, force: bool = False
) -> BuiltStore:
    """Return the store for these sources, compiling it only if it is missing, stale or corrupt."""
    from .derived import DERIVED_VERSION, add_derived

    key = sources_hash(sources, salt=f"samverkan {__version__} pyoxigraph {ox.__version__}"
                       f" {DERIVED_VERSION}")
    target = cache_dir / key
    if not force:
        trusted = _open_trusted(target, key)
        if trusted is not None:
            return trusted
    started = time.perf_counter()
    # Parse everything in memory first: a bad source never touches the cache folder.
    parsed = ox.Store()
    load_sources(parsed, sources)
    add_derived(parsed)  # graph:entailments and graph:description (samverkan.derived)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=cache_dir))
    store = None
    try:
        store = ox.Store(str(tmp / STORE_SUBDIR))
        store.bulk_extend(parsed)
        del parsed
        store.optimize()
        quads, graphs = _count(store)
        manifest = {
            "hash": key,
            "samverkan": __version__,
            "pyoxigraph": ox.__version__,
            "quads": quads,
            "graphs": graphs,
            "sources": [s.label for s in sources],
            "seconds": round(time.perf_counter() - started, 3),
        }
        store.flush()
        store = None  # closes RocksDB before the folder is renamed
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        if not force and _open_trusted(target, key) is not None:
            # another command finished the same build first: use theirs, never delete it
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            if target.exists():
                # stale or corrupt: move it aside so the rename below is atomic
                aside = Path(tempfile.mkdtemp(prefix=".stale-", dir=cache_dir))
                os.replace(target, aside / "old")
                shutil.rmtree(aside, ignore_errors=True)
            try:
                os.replace(tmp, target)
            except OSError:
                # lost a race with a concurrent build of the same sources
                shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        store = None  # close RocksDB first, or its background threads refill the folder
        _remove(tmp)
        raise
    opened = _open_trusted(target, key)
    if opened is None:
        raise SamverkanError(f"the store built in {target} cannot be opened")
    opened.rebuilt = True
    _prune(cache_dir, target)
    return opened


def open_store(
    data_dirs: Iterable[Path] = (), cache_dir: Path | None = None, *, force: bool = False
) -> BuiltStore:
    """The current store for the shipped sources plus any user data folders."""
    return build(all_sources(data_dirs), cache_dir or default_cache_dir(), force=force)


def memory_store(data_dirs: Iterable[Path] = ()) -> ox.Store:
    """An in-memory store with every source: for tests and one-off work without a cache."""
    from .derived import add_derived

    store = ox.Store()
    load_sources(store, all_sources(data_dirs))
    add_derived(store)
    return store
