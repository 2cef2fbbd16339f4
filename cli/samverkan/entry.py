"""The ``samverkan`` console script: ``--help`` and a plain ``query`` without click.

Why: importing click alone costs about three times the interpreter's own start-up, so neither
``samverkan --help`` nor ``samverkan query`` could be fast through it. This module imports only
what the interpreter has already loaded. It prints the main help exactly as click renders it
(``helptext.MAIN_HELP``, checked against click by tests/test_startup.py) when the terminal is as
wide as it was rendered for, and it runs ``query NAME [-p NAME VALUE]... [--format F]
[--timeout S]`` (with SAMVERKAN_DATA_DIR and SAMVERKAN_CACHE_DIR) through the same library
functions as the click command (``KnowledgeGraph.bind``, ``open_current``, ``sparql``,
``render``) when the compiled store is current. Only reading that narrow argv is its own.

Any other argv, any error before the answer is written, or a store that would have to be built or
hashed hands the whole command to the click CLI (``cli.main``), which then gives today's output,
errors and exit codes: nothing is written before that hand-over.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

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


def _data_dirs(environ: os._Environ[str] | dict[str, str]) -> list[Path] | None:
    """SAMVERKAN_DATA_DIR as the click option reads it (folders split on os.pathsep), or None
    for a value the click CLI is left to read (one with white space)."""
    from pathlib import Path

    value = environ.get("SAMVERKAN_DATA_DIR", "")
    if any(c.isspace() for c in value):
        return None
    return [Path(p) for p in value.split(os.pathsep) if p]


def _cache_dir(environ: os._Environ[str] | dict[str, str]) -> tuple[bool, Path | None]:
    """(usable, SAMVERKAN_CACHE_DIR as a Path or None when unset); not usable when click would
    refuse it or say something about it (a file, an unreadable folder)."""
    from pathlib import Path

    value = environ.get("SAMVERKAN_CACHE_DIR", "")
    if not value:
        return True, None
    if os.path.exists(value) and not (os.path.isdir(value) and os.access(value, os.R_OK)):
        return False, None
    return True, Path(value)


def serve_query(call: QueryCall, environ: os._Environ[str] | dict[str, str]) -> int | None:
    """Answer the saved query when the store is current; None hands it to the click CLI."""
    data_dirs = _data_dirs(environ)
    usable, cache_dir = _cache_dir(environ)
    if data_dirs is None or not usable:
        return None
    try:
        from .api import KnowledgeGraph
        from .savedqueries import parameter_values
        from .sparql import QueryTimeout

        notes: list[str] = []
        graph = KnowledgeGraph(data_dirs, cache_dir, timeout=call.timeout,
                               notice=notes.append)
        text = graph.bind(call.name, parameter_values(call.params))
        if graph.open_current() is None:
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
    from .store import stderr_notice

    for note in notes:
        stderr_notice(note)
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
