"""Compile the sources into an embedded Oxigraph store kept in a cache folder.

The store lives in ``<cache>/<hash>/`` where the hash covers every source, so a changed source
gives a new store and an unchanged one is reused without parsing anything. Whether the sources
changed is first decided from their names, sizes and modification times (a stamp file per set of
sources); their bytes are hashed only when those changed, as make and git do.

A build bulk-loads the files straight into a temporary ``.build-*`` folder (locked with
``fcntl`` while the build runs) and renames it into place; a failure removes the folder, so a bad
source never reaches the cache. A store is trusted only when its manifest (written last) is there,
its files still have the sizes and times they had when it was built, and it opens; a garbled,
truncated or interrupted store is rebuilt with one line that says so. Build folders of killed
builds are pruned, but never one that a live build holds the lock of.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .entry import store_files
from .errors import BadInputError, SamverkanError
from .paths import default_cache_dir
from .sources import SourceFile, all_sources, sha256, skipped_notes, sources_hash

TYPE_CHECKING = False  # the typing and dataclasses modules cost `samverkan query` start-up
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any

MANIFEST = "manifest.json"
STORE_SUBDIR = "oxigraph"
STAMPS = ".stamps"
LOCK_NAME = ".lock"
KEEP_OLD_STORES = 2
# A source file nested deeper than this ([ [ [ … or ( ( ( …) is refused: deep nesting makes
# parsers and serialisers recurse, and no real source needs it.
MAX_NESTING = 64
# a modification within this many seconds of a stamp may not show in the file times yet
RACY_SECONDS = 2.0
STALE_BUILD_SECONDS = 60.0

_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}
# patterns of the build only, compiled on first use (re's cache): a query need not pay for them
_POSITION = r"(?:between |at )?line (\d+)(?: column (\d+))?"
# what a bracket inside a string, IRI or comment is not (long strings first)
_NOT_BRACKETS = (
    rb'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    rb'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*'
)
_KEEP = bytes(range(256)).translate(None, b"[]()\n")

Notice = Callable[[str], None]


def _shutil() -> ModuleType:
    """shutil and tempfile are imported only to build or clean (they cost a query 5-10 ms)."""
    import shutil

    return shutil


def _tempfile() -> ModuleType:
    import tempfile

    return tempfile


class BuiltStore:
    """An opened store and what its manifest says about it."""

    def __init__(self, store: ox.Store, path: Path, manifest: dict, rebuilt: bool) -> None:
        self.store = store
        self.path = path
        self.manifest = manifest
        self.rebuilt = rebuilt

    def __repr__(self) -> str:
        return f"BuiltStore(path={self.path!r}, rebuilt={self.rebuilt!r})"


def stderr_notice(message: str) -> None:
    """Say what the store is doing on stderr.

    Progress ("building store…") only when a person watches (stderr is a terminal), so scripts
    and logs get the command's own output and, on failure, its one error line; a ``warning:``
    (a damaged store rebuilt) or a ``note:`` (files skipped) always.
    """
    if message.startswith(("warning: ", "note: ")) or sys.stderr.isatty():
        print(message, file=sys.stderr, flush=True)


def _rdf_error(source: SourceFile, error: Exception) -> BadInputError:
    """One line naming the file and line of a syntax error, as pyoxigraph reports it."""
    message = str(error)
    match = re.search(_POSITION, message)
    detail = message.split(": ", 1)[-1] if ": " in message else message
    detail = re.sub(r"\s*\([^()]*, line \d+\)\s*$", "", detail)
    where = f"{source.path}, line {match.group(1)}" if match else str(source.path)
    return BadInputError(f"bad RDF in {where}: {' '.join(detail.split())}")


def check_nesting(source: SourceFile, data: bytes | None = None) -> None:
    """Refuse a source whose brackets nest deeper than MAX_NESTING, naming the file and line.

    Only a file with at least that many brackets can be that deep, so almost every file is
    passed on a byte count; the others are scanned with strings, IRIs and comments left out.
    """
    if data is None:
        try:
            data = source.path.read_bytes()
        except OSError as error:
            raise BadInputError(f"cannot read {source.path}: {error.strerror or error}") from error
    if data.count(b"[") + data.count(b"(") < MAX_NESTING:
        return
    kept = re.sub(_NOT_BRACKETS, lambda m: b"\n" * m.group().count(b"\n"), data, flags=re.DOTALL)
    depth, line = 0, 1
    for byte in kept.translate(None, _KEEP):
        if byte == 10:
            line += 1
        elif byte in (91, 40):
            depth += 1
            if depth > MAX_NESTING:
                raise BadInputError(
                    f"bad RDF in {source.path}, line {line}: brackets nested deeper than "
                    f"{MAX_NESTING} levels"
                )
        elif depth:
            depth -= 1


def load_sources(
    store: ox.Store, sources: Iterable[SourceFile], *, bulk: bool = False,
    progress: Callable[[int, SourceFile], None] | None = None,
) -> dict[str, list[str]]:
    """Parse every source into ``store``; triples outside a named graph are refused.

    Returns, for each named graph, the labels of the files that first brought it in (the
    validation report names them).
    """
    default_graph = ox.DefaultGraph()
    graph_files: dict[str, list[str]] = {}
    known: set[str] = set()
    for number, source in enumerate(sources, 1):
        if progress is not None:
            progress(number, source)
        check_nesting(source)
        kwargs: dict[str, Any] = {"path": str(source.path), "format": _FORMATS[source.syntax],
                                  "base_iri": source.path.resolve().as_uri()}
        if source.graph is not None:
            kwargs["to_graph"] = ox.NamedNode(source.graph)
        try:
            (store.bulk_load if bulk else store.load)(**kwargs)
        except SyntaxError as error:
            raise _rdf_error(source, error) from error
        except OSError as error:
            raise BadInputError(f"cannot read {source.path}: {error.strerror or error}") from error
        if next(iter(store.quads_for_pattern(None, None, None, default_graph)), None):
            raise BadInputError(
                f"bad RDF in {source.path}: triples outside any named graph "
                "(samverkan keeps every triple in a named graph; wrap them in GRAPH <…> { })"
            )
        if source.graph is not None:
            graph_files.setdefault(source.graph, []).append(source.label)
            known.add(source.graph)
        else:
            for graph in store.named_graphs():
                if graph.value not in known:
                    known.add(graph.value)
                    graph_files.setdefault(graph.value, []).append(source.label)
    return graph_files


def _count(store: ox.Store) -> tuple[int, int]:
    graphs = sum(1 for _ in store.named_graphs())
    return len(store), graphs


def _read_manifest(folder: Path) -> dict | None:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _store_files(folder: Path) -> dict[str, list[int]]:
    """Size and modification time of the files RocksDB reads (``entry.store_files``)."""
    return store_files(str(folder))


def _check_store(folder: Path, key: str) -> tuple[dict | None, str | None]:
    """The manifest of a store that can be trusted, or None and why it cannot."""
    manifest = _read_manifest(folder)
    if manifest is None or manifest.get("hash") != key:
        return None, "its manifest is missing or unreadable" if folder.exists() else None
    recorded = manifest.get("files")
    try:
        current = _store_files(folder / STORE_SUBDIR)
    except OSError:
        return None, "its files cannot be read"
    if isinstance(recorded, dict) and current != recorded:
        changed = sorted(set(recorded) ^ set(current)
                         | {n for n in recorded if current.get(n) != recorded[n]})
        return None, f"its files changed after the build ({', '.join(changed[:3])})"
    return manifest, None


def _open_trusted(folder: Path, key: str) -> tuple[BuiltStore | None, str | None]:
    manifest, why = _check_store(folder, key)
    if manifest is None:
        return None, why
    try:
        store = ox.Store.read_only(str(folder / STORE_SUBDIR))
    except (OSError, RuntimeError, ValueError) as error:
        # pyoxigraph reports a damaged RocksDB folder as RuntimeError("Corruption: …")
        return None, f"it cannot be opened ({' '.join(str(error).split())[:120]})"
    return BuiltStore(store, folder, manifest, rebuilt=False), None


def _remove(folder: Path) -> None:
    for _ in range(5):
        _shutil().rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(0.05)


class _BuildLock:
    """An exclusive ``fcntl`` lock on ``<build folder>/.lock``, held while the build runs.

    A pruner that can take the lock knows that no live process writes the folder.
    """

    def __init__(self, folder: Path) -> None:
        self.handle = open(folder / LOCK_NAME, "w")  # noqa: SIM115 - held until release()
        try:
            import fcntl

            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # Windows: the open handle itself keeps others from deleting
            pass

    def release(self) -> None:
        self.handle.close()


def _abandoned(folder: Path) -> bool:
    """True when no live build holds ``folder`` (its lock can be taken, or it is old and bare)."""
    lock = folder / LOCK_NAME
    fcntl: ModuleType | None
    try:
        import fcntl
    except ImportError:
        fcntl = None
    if not lock.exists() or fcntl is None:
        try:
            age = time.time() - folder.stat().st_mtime
        except OSError:
            return False
        return age > STALE_BUILD_SECONDS * (1 if fcntl is not None else 60 * 24)
    try:
        with open(lock, "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return False  # a live build holds it
            fcntl.flock(handle, fcntl.LOCK_UN)
            return True
    except OSError:
        return False


def prune_stale_builds(cache_dir: Path) -> list[Path]:
    """Remove the ``.build-*`` folders that killed builds left; return what was removed."""
    removed: list[Path] = []
    try:
        candidates = [p for p in cache_dir.iterdir() if p.name.startswith(".build-")]
    except OSError:
        return removed
    for folder in candidates:
        if folder.is_dir() and _abandoned(folder):
            _remove(folder)
            removed.append(folder)
    return removed


def _prune(cache_dir: Path, keep: Path) -> None:
    """Drop older stores, keeping a few in case another command still reads one."""
    stores = [p for p in cache_dir.iterdir() if p.is_dir() and len(p.name) == 64 and p != keep]
    stores += [p for p in cache_dir.iterdir() if p.name.startswith(".stale-")]
    stores.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in stores[KEEP_OLD_STORES:]:
        _shutil().rmtree(old, ignore_errors=True)
    prune_stale_builds(cache_dir)


# -- freshness -----------------------------------------------------------------------------


def _salt() -> str:
    from .derived import DERIVED_VERSION

    return f"samverkan {__version__} pyoxigraph {ox.__version__} {DERIVED_VERSION}"


def _signature(sources: Sequence[SourceFile]) -> tuple[str, float]:
    """A key over names, target graphs, sizes and times; and the newest modification time."""
    digest = sha256(_salt().encode())
    newest = 0.0
    for source in sources:
        try:
            stat = source.path.stat()
        except OSError as error:
            raise BadInputError(f"cannot read {source.path}: {error.strerror or error}") from error
        newest = max(newest, stat.st_mtime)
        digest.update(f"\0{source.label}\0{source.graph or ''}\0{source.path}\0"
                      f"{stat.st_size}\0{stat.st_mtime_ns}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest(), newest


def _stamped_key(cache_dir: Path, signature: str) -> str | None:
    try:
        key = (cache_dir / STAMPS / signature).read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        return None
    return key if re.fullmatch(r"[0-9a-f]{64}", key) else None


def _write_stamp(cache_dir: Path, signature: str, newest: float, key: str) -> None:
    """Remember which store these file times give, unless a file changed too recently."""
    if time.time() - newest < RACY_SECONDS:
        return
    folder = cache_dir / STAMPS
    try:
        folder.mkdir(exist_ok=True)
        handle = _tempfile().NamedTemporaryFile("w", dir=folder, delete=False, suffix=".tmp")
        with handle:
            handle.write(key + "\n")
        os.replace(handle.name, folder / signature)
    except OSError:
        return  # a read-only cache still works, it only hashes every time
    stamps = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in stamps[64:]:
        old.unlink(missing_ok=True)


def _stamped_store(cache_dir: Path, signature: str) -> BuiltStore | None:
    """The trusted store a stamp names for these file times, opened; None without one."""
    key = _stamped_key(cache_dir, signature)
    if key is None:
        return None
    trusted, _why = _open_trusted(cache_dir / key, key)
    return trusted


def _hash(sources: Sequence[SourceFile]) -> str:
    try:
        return sources_hash(sources, salt=_salt())
    except OSError as error:
        raise BadInputError(f"cannot read {getattr(error, 'filename', '') or 'a source'}: "
                            f"{error.strerror or error}") from error


def _prepare_cache(cache_dir: Path) -> None:
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        probe = _tempfile().NamedTemporaryFile(dir=cache_dir, prefix=".probe-")
        probe.close()
    except OSError as error:
        raise BadInputError(
            f"cannot write the cache folder {cache_dir}: {error.strerror or error} "
            "(choose another with --cache-dir or SAMVERKAN_CACHE_DIR)"
        ) from error


def current_key(sources: Sequence[SourceFile], cache_dir: Path) -> tuple[str, bool]:
    """The store key of ``sources`` and whether it came from a stamp (no bytes hashed)."""
    signature, newest = _signature(sources)
    key = _stamped_key(cache_dir, signature)
    if key is not None:
        return key, True
    key = _hash(sources)
    return key, False


# -- build ---------------------------------------------------------------------------------


def _terminal_progress(total: int, started: float) -> Callable[[int, SourceFile], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(number: int, source: SourceFile) -> None:
        if time.perf_counter() - started > 1.0:
            width = 24
            done = int(width * (number - 1) / total)
            print(f"\r[{'#' * done}{'.' * (width - done)}] {number}/{total} "
                  f"{source.label[-40:]:<40}", end="", file=sys.stderr, flush=True)

    return show


def build(
    sources: Sequence[SourceFile], cache_dir: Path, *, force: bool = False,
    notice: Notice | None = None,
) -> BuiltStore:
    """Return the store for these sources, compiling it only if it is missing, stale or corrupt.

    ``notice`` is told, in one line, when and why a store is (re)built.
    """
    from .derived import add_derived

    cache_dir = Path(cache_dir)
    signature, newest = _signature(sources)
    reason = None
    if not force:
        trusted = _stamped_store(cache_dir, signature)
        if trusted is not None:
            return trusted
        key = _hash(sources)
        trusted, why = _open_trusted(cache_dir / key, key)
        if trusted is not None:
            _write_stamp(cache_dir, signature, newest, key)
            return trusted
        if why is not None:
            reason = (f"warning: the cached store in {cache_dir / key} was damaged ({why}); "
                      f"rebuilding it from the {len(sources)} source files")
    else:
        key = _hash(sources)
    _prepare_cache(cache_dir)
    if notice is not None:
        if reason is None:
            had_store = any(len(p.name) == 64 for p in cache_dir.iterdir())
            reason = (f"sources changed, rebuilding store ({len(sources)} files)..." if had_store
                      else f"building store ({len(sources)} files)...")
        notice(reason)
    target = cache_dir / key
    started = time.perf_counter()
    tmp = Path(_tempfile().mkdtemp(prefix=".build-", dir=cache_dir))
    lock = _BuildLock(tmp)
    store = None
    progress = _terminal_progress(len(sources), started) if notice is not None else None
    try:
        store = ox.Store(str(tmp / STORE_SUBDIR))
        # no optimize(): compacting cost a fifth of a 1M build; measured at 1M, a selective
        # query is as fast without it (10-20 ms) and a query that scans the whole store about
        # 30% slower, which the saved queries avoid by being selective
        graph_files = load_sources(store, sources, bulk=True, progress=progress)
        add_derived(store)  # graph:entailments and graph:description (samverkan.derived)
        quads, graphs = _count(store)
        store.flush()
        store = None  # closes RocksDB before its files are listed and the folder renamed
        manifest = {
            "hash": key,
            "samverkan": __version__,
            "pyoxigraph": ox.__version__,
            "quads": quads,
            "graphs": graphs,
            "sources": [s.label for s in sources],
            "graph_files": graph_files,
            "files": _store_files(tmp / STORE_SUBDIR),
            "seconds": round(time.perf_counter() - started, 3),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        if not force and _open_trusted(target, key)[0] is not None:
            # another command finished the same build first: use theirs, never delete it
            _remove(tmp)
        else:
            if target.exists():
                # stale or corrupt: move it aside so the rename below is atomic
                aside = Path(_tempfile().mkdtemp(prefix=".stale-", dir=cache_dir))
                os.replace(target, aside / "old")
                _shutil().rmtree(aside, ignore_errors=True)
            try:
                os.replace(tmp, target)
            except OSError:
                # lost a race with a concurrent build of the same sources
                _remove(tmp)
    except BaseException:
        store = None  # close RocksDB first, or its background threads refill the folder
        _remove(tmp)
        raise
    finally:
        lock.release()
        if progress is not None and time.perf_counter() - started > 1.0:
            print(file=sys.stderr)
    opened, why = _open_trusted(target, key)
    if opened is None:
        raise SamverkanError(f"the store built in {target} cannot be opened: {why}")
    opened.rebuilt = True
    _write_stamp(cache_dir, signature, newest, key)
    _prune(cache_dir, target)
    return opened


def open_store(
    data_dirs: Iterable[Path] = (), cache_dir: Path | None = None, *, force: bool = False,
    notice: Notice | None = None,
) -> BuiltStore:
    """The current store for the shipped sources plus any user data folders."""
    data_dirs = tuple(data_dirs)
    if notice is not None:
        for note in skipped_notes(data_dirs):
            notice(note)
    return build(all_sources(data_dirs), cache_dir or default_cache_dir(), force=force,
                 notice=notice)


def open_current(
    data_dirs: Iterable[Path] = (), cache_dir: Path | None = None, *,
    notice: Notice | None = None,
) -> BuiltStore | None:
    """The store of these sources when a stamp says it is current and it opens, else None.

    Only sizes and times are read, nothing is hashed, built or written: the fast ``query``
    path (``entry``) uses it and leaves every other case to ``open_store``. ``notice`` gets the
    same skipped-file notes as ``open_store`` gives, once the store is open.
    """
    data_dirs = tuple(data_dirs)
    signature, _newest = _signature(all_sources(data_dirs))
    opened = _stamped_store(Path(cache_dir or default_cache_dir()), signature)
    if opened is not None and notice is not None:
        for note in skipped_notes(data_dirs):
            notice(note)
    return opened


def _watched_folders(root: Path, deep: bool, folders: list[str], links: list[str]) -> None:
    """``root`` and, when ``deep``, every folder below it that ``rglob`` enters (symlinked
    folders are not entered); the symlinks in them go to ``links``."""
    folders.append(os.path.abspath(root))
    try:
        with os.scandir(root) as scan:
            entries = list(scan)
    except OSError:
        return
    for entry in entries:
        if entry.is_symlink():
            links.append(os.path.abspath(entry.path))
        elif deep and entry.is_dir(follow_symlinks=False):
            _watched_folders(Path(entry.path), deep, folders, links)


def current_watch(
    built: BuiltStore, data_dirs: Iterable[Path], cache_dir: Path | None,
    stat: Callable[[str], object],
) -> dict[str, Any] | None:
    """What must stay as it is for ``built`` to stay the current store of these sources, so that
    the click-free ``query`` path (``entry``) can trust it again by ``stat`` alone: every
    source file; every folder the sources are listed from (a file added, removed or renamed in
    a folder changes its modification time) and every symlink in them; the per-user links
    folder whose appearance adds sources to an installed wheel; samverkan's own modules (the
    rules that list, key and derive). Also the store's folder, its files as its manifest lists
    them and the manifest's own ``stat``, and the skipped-file notes.

    ``stat`` (``entry``'s) gives what is compared; it is taken before the sources are listed and
    after their stamp is checked, and None is returned when anything moved in between, when the
    stamp does not name ``built``, or when a source cannot be read.
    """
    from .paths import installed_links_dir, resource_dir, user_data_dir

    data_dirs = tuple(data_dirs)
    roots = [(resource_dir("ontology"), False), (resource_dir("data"), True)]
    links_root = installed_links_dir()
    if links_root is not None:
        roots.append((links_root, True))
    roots += [(Path(d), True) for d in data_dirs]
    folders: list[str] = []
    links: list[str] = [os.path.abspath(user_data_dir() / "links")]
    for root, deep in roots:
        _watched_folders(root, deep, folders, links)
    package = os.path.dirname(os.path.abspath(__file__))
    code = sorted(os.path.join(package, name) for name in os.listdir(package)
                              if name.endswith(".py"))
    before = {path: stat(path) for path in folders + links + code}
    try:
        sources = all_sources(data_dirs)
        files = [os.path.abspath(source.path) for source in sources]
        listed = {path: stat(path) for path in files}
        signature, _newest = _signature(sources)
    except SamverkanError:
        return None
    key = built.manifest.get("hash")
    if _stamped_key(Path(cache_dir or default_cache_dir()), signature) != key:
        return None
    watch = {**before, **listed}
    if {path: stat(path) for path in watch} != watch:
        return None
    manifest = os.path.abspath(built.path / MANIFEST)
    return {
        "watch": sorted(watch.items()),
        "store": os.path.abspath(built.path / STORE_SUBDIR),
        "files": built.manifest.get("files"),
        "manifest": (manifest, stat(manifest)),
        "notes": skipped_notes(data_dirs),
    }


def memory_store(data_dirs: Iterable[Path] = ()) -> ox.Store:
    """An in-memory store with every source: for tests and one-off work without a cache."""
    from .derived import add_derived

    store = ox.Store()
    load_sources(store, all_sources(data_dirs))
    add_derived(store)
    return store


# -- the cache as a user sees it -------------------------------------------------------------


def _size(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


class CacheInfo:
    """What ``samverkan cache info`` reports."""

    def __init__(self, cache_dir: Path, current: Path | None, current_key: str,
                 stores: list[Path], builds: list[Path], size: int,
                 manifest: dict | None) -> None:
        self.cache_dir = cache_dir
        self.current = current
        self.current_key = current_key
        self.stores = stores
        self.builds = builds
        self.size = size
        self.manifest = manifest

    def __repr__(self) -> str:
        return f"CacheInfo(cache_dir={self.cache_dir!r}, current={self.current!r})"


def cache_info(data_dirs: Iterable[Path] = (), cache_dir: Path | None = None) -> CacheInfo:
    """Where the store for these sources is, whether it is current, and what the cache holds."""
    cache_dir = Path(cache_dir or default_cache_dir())
    sources = all_sources(tuple(data_dirs))
    key, _ = current_key(sources, cache_dir)
    stores, builds = [], []
    if cache_dir.is_dir():
        for item in sorted(cache_dir.iterdir()):
            if item.is_dir() and len(item.name) == 64:
                stores.append(item)
            elif item.name.startswith(".build-"):
                builds.append(item)
    manifest, _why = _check_store(cache_dir / key, key)
    current = cache_dir / key if manifest is not None else None
    size = _size(cache_dir) if cache_dir.is_dir() else 0
    return CacheInfo(cache_dir, current, key, stores, builds, size, manifest)


def clear_cache(cache_dir: Path | None = None) -> tuple[int, int]:
    """Remove every store, stamp and abandoned build; a live build is left alone.

    Returns (folders removed, bytes freed).
    """
    cache_dir = Path(cache_dir or default_cache_dir())
    if not cache_dir.is_dir():
        return 0, 0
    removed = freed = 0
    for item in list(cache_dir.iterdir()):
        is_store = item.is_dir() and len(item.name) == 64
        if item.name.startswith(".build-") and not _abandoned(item):
            continue
        if is_store or item.name.startswith((".build-", ".stale-", STAMPS, ".probe-")):
            size = _size(item) if item.is_dir() else item.stat().st_size
            if item.is_dir():
                _remove(item)
            else:
                item.unlink(missing_ok=True)
            if not item.exists():
                removed += 1
                freed += size
    return removed, freed
