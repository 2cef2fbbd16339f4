"""The ``samverkan`` console script: ``--help`` and a plain ``query`` without click.

Why: importing click alone costs about three times the interpreter's own start-up, so neither
``samverkan --help`` nor ``samverkan query`` could be fast through it. This module imports only
what the interpreter has already loaded. It prints the main help exactly as click renders it
(``helptext.MAIN_HELP``, checked against click by tests/test_startup.py) when the terminal is as
wide as it was rendered for, and it runs ``query NAME [-p NAME VALUE]... [--format F]
[--timeout S]`` (with SAMVERKAN_DATA_DIR and SAMVERKAN_CACHE_DIR) on a current store: from the
record an earlier answer left (``Record``), or else (``fallback``) through the same library
functions as the click command (``KnowledgeGraph.bind``, ``open_current``, ``sparql``,
``render``), which then leaves the record. Only reading that narrow argv is its own.

Any other argv, any error before the answer is written, or a store that would have to be built or
hashed hands the whole command to the click CLI (``cli.main``), which then gives today's output,
errors and exit codes: nothing is written before that hand-over.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType
    from typing import Any

PROG = "samverkan"
HELP_WIDTH = 80  # click wraps its help to min(terminal columns, 80)
HELP_OPTIONS = ("--help", "-h")
FORMATS = ("table", "csv", "tsv", "json", "md", "xml", "ttl", "nt", "jsonld")  # = results
DEFAULT_TIMEOUT = 30.0  # = sparql.DEFAULT_TIMEOUT = cli.QUERY_TIMEOUT
EXIT_INTERRUPTED = 130  # = errors.EXIT_INTERRUPTED (errors is not imported for --help)


class QueryCall:
    """What a plain ``samverkan query`` command line asks for."""

    def __init__(self, name: str, params: list[tuple[str, str]], fmt: str,
                 timeout: float) -> None:
        self.name = name
        self.params = params
        self.fmt = fmt
        self.timeout = timeout

    def __repr__(self) -> str:
        return (f"QueryCall({self.name!r}, params={self.params!r}, fmt={self.fmt!r}, "
                f"timeout={self.timeout!r})")


def main(prog_name: str | None = None) -> None:
    """Run the command: the fast paths when they apply, else the click CLI with the same argv."""
    argv = sys.argv[1:]
    code = fast(argv, prog_name, os.environ)
    if code is None:
        from .cli import main as click_main

        click_main(prog_name=prog_name)
        return
    raise SystemExit(code)


def fast(argv: list[str], prog_name: str | None, environ: os._Environ[str] | dict[str, str]
         ) -> int | None:
    """The exit code of a command answered here, or None: the click CLI must answer it."""
    if len(argv) == 1 and argv[0] in HELP_OPTIONS:
        return serve_help(prog_name, environ)
    call = parse_query(argv)
    if call is None:
        return None
    return serve_query(call, environ)


# ---- --help ------------------------------------------------------------------------------


def program_name(prog_name: str | None) -> str:
    """The name click shows in ``Usage:``: the given one, or the script's file name."""
    if prog_name is not None:
        return prog_name
    main_module = sys.modules.get("__main__")
    if getattr(main_module, "__package__", None) not in (None, ""):
        return ""  # `python -m …` without a name: click words it itself
    return os.path.basename(sys.argv[0])


def terminal_columns(environ: os._Environ[str] | dict[str, str]) -> int:
    """The columns ``shutil.get_terminal_size`` gives (which click asks), without importing
    shutil: COLUMNS when it is a positive number, else the terminal of stdout, else 80."""
    try:
        columns = int(environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        size = os.get_terminal_size(sys.__stdout__.fileno())  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        size = os.terminal_size((80, 24))
    return size.columns or 80


def _utf8(stream: object) -> bool:
    encoding = getattr(stream, "encoding", None) or ""
    return encoding.lower().replace("_", "-") in ("utf-8", "utf8")


def serve_help(prog_name: str | None, environ: os._Environ[str] | dict[str, str]) -> int | None:
    """Print the main help click would print, when it would print this very text."""
    if program_name(prog_name) != PROG or terminal_columns(environ) < HELP_WIDTH:
        return None
    if not _utf8(sys.stdout):
        return None
    from .helptext import MAIN_HELP

    return _write(MAIN_HELP)


def _write(text: str) -> int:
    """Write the answer to stdout; a reader that stopped early is not an error (as the CLI)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0


# ---- query -------------------------------------------------------------------------------


def _plain(value: str) -> bool:
    """A value the click parser reads the same way whatever it is: not an option-like word."""
    return not value.startswith("-")


def _timeout(value: str) -> float | None:
    """A plain positive decimal number of seconds (anything else is the click CLI's to judge)."""
    if not value or value.count(".") > 1 or any(c not in "0123456789." for c in value):
        return None
    if value == ".":
        return None
    seconds = float(value)
    return seconds if seconds > 0 else None


def parse_query(argv: list[str]) -> QueryCall | None:
    """``query NAME [-p NAME VALUE]... [--format F] [--timeout S]`` in any order, or None."""
    if len(argv) < 2 or argv[0] != "query":
        return None
    name: str | None = None
    params: list[tuple[str, str]] = []
    fmt, timeout = "table", DEFAULT_TIMEOUT
    rest = argv[1:]
    i = 0
    while i < len(rest):
        word = rest[i]
        if word in ("-p", "--param"):
            if i + 2 >= len(rest):
                return None
            key, value = rest[i + 1], rest[i + 2]
            if not (_plain(key) and _plain(value)):
                return None
            params.append((key, value))
            i += 3
            continue
        option, eq, inline = word.partition("=")
        if option in ("--format", "--timeout"):
            if eq:
                value = inline
                i += 1
            elif i + 1 < len(rest) and _plain(rest[i + 1]):
                value = rest[i + 1]
                i += 2
            else:
                return None
            if option == "--format":
                if value not in FORMATS:
                    return None
                fmt = value
            else:
                seconds = _timeout(value)
                if seconds is None:
                    return None
                timeout = seconds
            continue
        if not _plain(word) or name is not None:
            return None
        name = word
        i += 1
    if name is None:
        return None
    return QueryCall(name, params, fmt, timeout)


def _data_dir_value(environ: os._Environ[str] | dict[str, str]) -> str | None:
    value = environ.get("SAMVERKAN_DATA_DIR", "")
    if any(c.isspace() for c in value):
        return None
    return value


def _cache_value(environ: os._Environ[str] | dict[str, str]) -> str | None:
    value = environ.get("SAMVERKAN_CACHE_DIR", "")
    if value and os.path.exists(value) and not (os.path.isdir(value)
                                                 and os.access(value, os.R_OK)):
        return None
    return value


def serve_query(call: QueryCall, environ: os._Environ[str] | dict[str, str]) -> int | None:
    """Answer the saved query when the store is current; None hands it to the click CLI.

    First from the record of an earlier answer (``Record``: no listing, hashing or tokenising),
    else through the library, which then leaves a record for the next time."""
    data = _data_dir_value(environ)
    cache = _cache_value(environ)
    if data is None or cache is None:
        return None
    record = Record(data, cache, environ)
    try:
        answered = record.answer(call)
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted\n")
        return EXIT_INTERRUPTED
    except Exception:  # noqa: BLE001 - a record of another shape: the library answers
        answered = None
    if isinstance(answered, int):
        return answered
    if answered is not None:
        out, notes = answered
    else:
        from .fallback import library_answer

        served = library_answer(call, environ)
        if served is None or isinstance(served, int):
            return served
        out, notes, built = served
    for note in notes:  # as store.stderr_notice prints a note (always)
        sys.stderr.write(note + "\n")
        sys.stderr.flush()
    code = _echo(out)
    if answered is None and not record.valid and code == 0:
        from .fallback import write_record

        write_record(record, built, environ)
    return code


def _echo(out: str) -> int:
    if "\x1b" in out or not _utf8(sys.stdout):
        # click strips terminal escapes from what is not a terminal and mends a misconfigured
        # stream: leave both to click's own echo
        from click import echo

        try:
            echo(out, nl=False)
        except BrokenPipeError:
            return _write("")
        return 0
    return _write(out)


# ---- the record: answering again without listing, hashing or tokenising --------------------

RECORD_FILE = os.path.join(".stamps", "query-record.marshal")  # cleared with the stamps
RECORD_VERSION = 1
RECORD_CONTEXTS = 8  # sets of data folders (and environments) remembered per cache folder
RACY_SECONDS = 2.0  # = store.RACY_SECONDS: a change this recent may not show in the times yet
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_SCHEME = _LETTERS | frozenset("0123456789+.-")
# what a lean IRI may hold after its scheme: printable ASCII but for the characters the
# binding's IRI check refuses (``savedqueries._IRI``)
_IRI_CHARS = frozenset(chr(c) for c in range(0x21, 0x7F)) - frozenset('<>"{}|^`\\')
_AUTHORITY_ENDS = "/?#"


def stat_key(path: str) -> tuple[int, int, int, int] | None:
    """What the record compares of a file or folder: type, size, modification time, inode."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ino)


def default_cache_folder(environ: os._Environ[str] | dict[str, str]) -> str | None:
    """The folder ``paths.default_cache_dir`` names, without pathlib (None: let it say)."""
    home = os.path.expanduser("~")
    if home.startswith("~"):
        return None  # Path.home() fails: the library words it
    if os.name == "nt":
        base = environ.get("LOCALAPPDATA", os.path.join(home, "AppData", "Local"))
    elif os.uname().sysname == "Darwin":
        base = os.path.join(home, "Library", "Caches")
    else:
        base = environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache")
    return os.path.join(base, "samverkan")


class Record:
    """What an earlier answer through the library proved about one set of data folders in one
    cache folder, kept in ``<cache>/.stamps/query-record.marshal`` (marshal: no import).

    It holds the store that was current, what must keep its ``stat`` for that to stay so
    (``store.current_watch``: the sources, the folders they are listed from, samverkan's own
    modules; the store's files and manifest) and every saved query's plan
    (``savedqueries.query_plan``: its text and its bound text cut at the parameters). A call is
    answered from it only when all of that is unchanged, the query file still holds the planned
    text, every parameter is an IRI that the binding's own checks take as it is, and the query
    runs and renders; anything else is left to the library, which answers or refuses exactly as
    before and then writes a new record.
    """

    def __init__(self, data: str, cache: str, environ: os._Environ[str] | dict[str, str]
                 ) -> None:
        self.cache = cache or default_cache_folder(environ)
        names = [p for p in data.split(os.pathsep) if p]
        homes = [environ.get(name, "") for name in
                 ("SAMVERKAN_DATA_HOME", "XDG_DATA_HOME", "HOME", "APPDATA")]
        context: list[object] = [RECORD_VERSION, sys.hexversion, __file__, data, self.cache, *homes]
        if any(p and not os.path.isabs(p) for p in [*names, self.cache or "", *homes]):
            context.append(os.getcwd())  # relative folders: where they are depends on it
        self.context = tuple(context)
        self.valid = False  # the record exists and was found unchanged

    @property
    def path(self) -> str | None:
        return os.path.join(self.cache, RECORD_FILE) if self.cache else None

    def entries(self) -> list[tuple[tuple[object, ...], dict[str, Any]]]:
        import marshal

        if self.path is None:
            return []
        try:
            with open(self.path, "rb") as handle:
                data = marshal.loads(handle.read())
        except (OSError, EOFError, ValueError, TypeError):
            return []
        if not isinstance(data, dict) or data.get("version") != RECORD_VERSION:
            return []
        entries = data.get("entries")
        return entries if isinstance(entries, list) else []

    def _current(self, version: str) -> dict[str, Any] | None:
        """This context's entry when nothing it depends on changed."""
        entry = next((e for c, e in self.entries() if c == self.context), None)
        if entry is None:
            return None
        try:
            if entry["pyoxigraph"] != version:
                return None
            for path, key in entry["watch"]:
                if stat_key(path) != key:
                    return None
            manifest, key = entry["manifest"]
            if stat_key(manifest) != key or store_files(entry["store"]) != entry["files"]:
                return None
        except (KeyError, TypeError, ValueError, OSError):
            return None
        self.valid = True
        return entry

    def answer(self, call: QueryCall) -> tuple[str, list[str]] | int | None:
        """(output, notes), an exit code, or None: the library answers."""
        if self.path is None:
            return None
        import pyoxigraph as ox

        entry = self._current(ox.__version__)
        if entry is None:
            return None
        plan = entry["plans"].get(call.name)
        if plan is None:
            return None
        try:
            with open(plan["path"], encoding="utf-8") as handle:
                if handle.read() != plan["text"]:
                    return None
        except (OSError, UnicodeDecodeError):
            return None
        bound = _bind(plan, call.params)
        if bound is None:
            return None
        text, form, union = bound
        try:
            store = ox.Store.read_only(entry["store"])
        except (OSError, RuntimeError, ValueError):
            return None
        outcome = _within(call.timeout, lambda: _evaluate(ox, store, text, form, union))
        if outcome is None:
            return None
        if outcome is _TIMED_OUT:
            from .sparql import timed_out

            error = timed_out(call.timeout)
            sys.stderr.write(f"Error: {error}\n")
            return error.exit_code
        try:
            out = _render(form, outcome, call.fmt)
        except Exception:  # noqa: BLE001 - the refusal is worded by the library and click
            return None
        return out, list(entry["notes"])


def store_files(folder: str) -> dict[str, list[int]]:
    """Size and modification time of the files RocksDB reads (not its own LOG files): the
    store's integrity check and the record both compare these. Here, not in ``store``, so the
    record path does not import ``store``."""
    files = {}
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.is_file() and not entry.name.startswith(("LOG", "LOCK")):
                stat = entry.stat()
                files[entry.name] = [stat.st_size, stat.st_mtime_ns]
    return files


def lean_iri(value: str) -> str | None:
    """The term ``savedqueries.term_for`` writes for an IRI parameter, for the values whose
    checks need no regular expression (None for every other value: the library judges it).

    Short forms are expanded as ``savedqueries.expand_iri`` does; then an ASCII scheme, and after
    it only printable ASCII that the IRI check allows, with an authority (``//…``) that holds no
    port, user or brackets that ``urllib`` would have to read.
    """
    from .namespaces import DISPLAY_PREFIXES

    iri = value.strip()
    for prefix, namespace in DISPLAY_PREFIXES.items():
        if iri.startswith(prefix + ":") and not iri.startswith(prefix + "://"):
            iri = namespace + iri[len(prefix) + 1:]
            break
    scheme, colon, rest = iri.partition(":")
    if not colon or not scheme or scheme[0] not in _LETTERS:
        return None
    if not all(c in _SCHEME for c in scheme) or not all(c in _IRI_CHARS for c in rest):
        return None
    if rest.startswith("//"):
        authority = rest[2:]
        for end in _AUTHORITY_ENDS:
            authority = authority.split(end, 1)[0]
        if any(c in authority for c in ":@[]"):
            return None
    return f"<{iri}>"


def _bind(plan: dict, pairs: list[tuple[str, str]]) -> tuple[str, str, bool] | None:
    """(bound text, form, union default graph) as ``savedqueries.bind`` and the checks of
    ``sparqltext`` give them, or None where the library must judge the values."""
    values: dict[str, str] = {}
    for name, value in pairs:
        if name in values:
            return None  # given twice
        values[name] = value
    parameters = plan["parameters"]
    if any(name not in {p[0] for p in parameters} for name in values):
        return None  # an unknown parameter
    terms: dict[int, str] = {}
    for index, (name, required, kind, default) in enumerate(parameters):
        value = values.get(name, default)
        if value is None:
            if required:
                return None
            continue
        term = lean_iri(value) if kind == "iri" else None
        if term is None:
            return None
        terms[index] = term
    variant = plan["variants"].get(tuple(terms))
    if variant is None:
        return None
    segments, form, union = variant
    text = "".join(terms[part] if isinstance(part, int) else part for part in segments)
    if len(text.encode("utf-8")) > plan["max_bytes"]:
        return None
    return text, form, union


def _evaluate(ox: ModuleType, store: object, text: str, form: str, union: bool) -> object:
    """The answer of ``sparql.run_local``'s evaluation: a result table, a boolean or
    N-Triples bytes."""
    from .results import table_from_oxigraph

    result = store.query(text, use_default_graph_as_union=union)  # type: ignore[attr-defined]
    if form == "ASK":
        return bool(result)
    if form in ("CONSTRUCT", "DESCRIBE"):
        return ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""
    return table_from_oxigraph(result)


def _render(form: str, answer: object, fmt: str) -> str:
    """As ``api.Result.render``."""
    from .results import render, render_boolean, render_triples

    if form == "ASK":
        return render_boolean(answer, fmt)  # type: ignore[arg-type]
    if form in ("CONSTRUCT", "DESCRIBE"):
        return render_triples(answer, fmt)  # type: ignore[arg-type]
    return render(answer, fmt)  # type: ignore[arg-type]


_TIMED_OUT = object()


def _within(seconds: float, work: Callable[[], object]) -> object:
    """``work``'s value, computed in a thread of its own that is waited for ``seconds``
    (as ``deadline.within``, on ``_thread``: ``threading`` costs a query more than its run):
    _TIMED_OUT when time ran out, None when ``work`` failed (the library words why)."""
    import _thread

    if seconds > _thread.TIMEOUT_MAX:
        return None
    done = _thread.allocate_lock()
    done.acquire()
    box: list[object] = []

    def run() -> None:
        try:
            box.append(work())
        except BaseException:  # noqa: BLE001 - the library runs it again and words it
            box.append(None)
        finally:
            done.release()

    _thread.start_new_thread(run, ())
    if not done.acquire(timeout=seconds):  # Ctrl-C raises KeyboardInterrupt here at once
        return _TIMED_OUT
    return box[0]
