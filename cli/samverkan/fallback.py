"""What ``entry`` hands to the library when its record cannot answer a ``samverkan query``, and
the record such an answer leaves for the next time.

Why a module of its own: ``entry`` is compiled on every run where no bytecode is kept
(PYTHONDONTWRITEBYTECODE), and a query answered from its record needs none of this.
"""

from __future__ import annotations

import os
import sys

from .entry import (
    EXIT_INTERRUPTED,
    RACY_SECONDS,
    RECORD_CONTEXTS,
    RECORD_VERSION,
    QueryCall,
    Record,
    _cache_value,
    _data_dir_value,
    stat_key,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from .store import BuiltStore


def data_dirs(environ: os._Environ[str] | dict[str, str]) -> list[Path] | None:
    """SAMVERKAN_DATA_DIR as the click option reads it (folders split on os.pathsep), or None
    for a value the click CLI is left to read (one with white space)."""
    value = _data_dir_value(environ)
    if value is None:
        return None
    from pathlib import Path

    return [Path(p) for p in value.split(os.pathsep) if p]


def cache_dir(environ: os._Environ[str] | dict[str, str]) -> tuple[bool, Path | None]:
    """(usable, SAMVERKAN_CACHE_DIR as a Path or None when unset); not usable when click would
    refuse it or say something about it (a file, an unreadable folder)."""
    value = _cache_value(environ)
    if value is None:
        return False, None
    if not value:
        return True, None
    from pathlib import Path

    return True, Path(value)


def library_answer(call: QueryCall, environ: os._Environ[str] | dict[str, str]
                   ) -> tuple[str, list[str], BuiltStore] | int | None:
    """(output, notes, store) through the same library calls as the click command, an exit
    code, or None: the click CLI answers."""
    folders = data_dirs(environ)
    _usable, cache = cache_dir(environ)
    try:
        from .api import KnowledgeGraph
        from .savedqueries import parameter_values
        from .sparql import QueryTimeout

        notes: list[str] = []
        graph = KnowledgeGraph(folders or [], cache, timeout=call.timeout, notice=notes.append)
        text = graph.bind(call.name, parameter_values(call.params))
        built = graph.open_current()
        if built is None:
            return None
        try:
            out = graph.sparql(text).render(call.fmt)
        except QueryTimeout as error:
            # the query ran its full time: asking the click CLI would run it again
            sys.stderr.write(f"Error: {error}\n")
            return error.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted\n")
        return EXIT_INTERRUPTED
    except Exception:  # noqa: BLE001 - every error is worded by the click CLI
        return None
    return out, notes, built


def write_record(record: Record, built: BuiltStore,
                 environ: os._Environ[str] | dict[str, str]) -> None:
    """Record what made this answer current (nothing when a change is too recent or anything
    moved meanwhile); a cache that cannot be written only goes without."""
    try:
        _write(record, built, data_dirs(environ) or [], cache_dir(environ)[1])
    except (Exception, KeyboardInterrupt):  # noqa: BLE001 - the answer is out already
        return


def _write(record: Record, built: BuiltStore, folders: list[Path], cache: Path | None) -> None:
    import marshal
    import time

    import pyoxigraph as ox

    from .savedqueries import query_plans
    from .store import current_watch

    if record.path is None:
        return
    entry = current_watch(built, folders, cache, stat_key)
    if entry is None or entry["files"] is None:
        return
    newest = max(key[2] for _path, key in entry["watch"] if key is not None)
    if time.time_ns() - newest < RACY_SECONDS * 1e9:
        return
    entry["pyoxigraph"] = ox.__version__
    entry["plans"] = query_plans(built.path.parent)
    kept = [(c, e) for c, e in record.entries() if c != record.context]
    data = {"version": RECORD_VERSION,
            "entries": [(record.context, entry)] + kept[:RECORD_CONTEXTS - 1]}
    folder = os.path.dirname(record.path)
    os.makedirs(folder, exist_ok=True)
    temporary = os.path.join(folder, f".query-record-{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(marshal.dumps(data))
        os.replace(temporary, record.path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
