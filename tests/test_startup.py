"""The click-free start-up paths (``samverkan.entry``) answer exactly as the click CLI does.

``samverkan --help`` comes from a committed rendering of click's help (``helptext.py``; this file
regenerates it: ``python tests/test_startup.py --write-help``), and a plain ``samverkan query``
runs through the same library functions without click or PyYAML. Every saved query in every
table format, and a table of other command lines, must give the same stdout, stderr and exit code
both ways; whatever the fast path does not take is handed to click untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from samverkan import entry
from samverkan.savedqueries import HEADERS_FILE, saved_queries

HELPTEXT = ROOT / "cli" / "samverkan" / "helptext.py"
SCRIPT = Path(sys.executable).with_name("samverkan")
CLICK = "import sys; sys.argv[0] = 'samverkan'; from samverkan.cli import main; main()"
FORMATS = ("table", "csv", "tsv", "json", "md", "xml")
BASTAD = ["-p", "kommun", "id:kommun/1278"]
USER_TRIG = """@prefix ex: <https://example.org/> .
GRAPH <https://example.org/graph/mine> { ex:thing ex:says "hello" . }
"""


def click_help(columns: str = "80") -> str:
    """The main help as the click CLI prints it (a process of its own, as a user runs it)."""
    env = {**os.environ, "COLUMNS": columns}
    done = subprocess.run([sys.executable, "-c", CLICK, "--help"], env=env, capture_output=True,
                          text=True, check=True, timeout=120)
    return done.stdout


def helptext_source(text: str) -> str:
    lines = text.splitlines(keepends=True)
    body = "".join(f"    {line!r}\n" for line in lines)
    return (
        '"""The main ``samverkan --help`` as click renders it at 80 columns (``entry`` prints it\n'
        "without importing click).\n\n"
        "Generated from the click CLI by ``python tests/test_startup.py --write-help``;\n"
        "tests/test_startup.py fails when it differs from click's own rendering.\n"
        '"""\n\n'
        f"MAIN_HELP = (\n{body})\n"
    )


def both(args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
         ) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    """(console script, click CLI) run as processes with the same argv and environment."""
    full = {**os.environ, **(env or {})}
    fast = subprocess.run([str(SCRIPT), *args], env=full, capture_output=True, timeout=300,
                          cwd=cwd, check=False)
    slow = subprocess.run([sys.executable, "-c", CLICK, *args], env=full, capture_output=True,
                          timeout=300, cwd=cwd, check=False)
    return fast, slow


def same(fast: subprocess.CompletedProcess, slow: subprocess.CompletedProcess) -> None:
    assert (fast.stdout.decode(), fast.stderr.decode(), fast.returncode) == \
        (slow.stdout.decode(), slow.stderr.decode(), slow.returncode)


def modules_after(args: list[str], env: dict[str, str]) -> tuple[str, list[str]]:
    """What ``entry.fast`` returned for ``args`` in a fresh process, and which of click, yaml,
    rdflib and pyshacl it imported."""
    code = (
        "import os, sys\n"
        "from samverkan import entry\n"
        "code = entry.fast(sys.argv[1:], 'samverkan', os.environ)\n"
        "heavy = [m for m in ('click', 'yaml', 'rdflib', 'pyshacl') if m in sys.modules]\n"
        "print(code, heavy, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, *args], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=300, check=False)
    last = done.stderr.strip().splitlines()[-1]
    returned, _, heavy = last.partition(" ")
    return returned, eval(heavy)  # noqa: S307 - a list literal this test printed


@pytest.fixture(scope="module")
def built_cache(tmp_path_factory) -> Path:
    """One cache with the shipped store built and stamped (its sources are old enough)."""
    cache = tmp_path_factory.mktemp("startup") / "cache"
    env = {**os.environ, "SAMVERKAN_CACHE_DIR": str(cache)}
    env.pop("SAMVERKAN_DATA_DIR", None)
    subprocess.run([sys.executable, "-c", CLICK, "build"], env=env, check=True,
                   capture_output=True, timeout=600)
    assert sorted(p.name for p in (cache / ".stamps").iterdir())[-1] == "query-headers.json"
    assert len(list((cache / ".stamps").iterdir())) == 2  # one stamp, and the headers
    return cache


@pytest.fixture()
def cache_env(built_cache: Path, monkeypatch) -> dict[str, str]:
    monkeypatch.setenv("SAMVERKAN_CACHE_DIR", str(built_cache))
    monkeypatch.delenv("SAMVERKAN_DATA_DIR", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)
    return {"SAMVERKAN_CACHE_DIR": str(built_cache)}


# ---- --help ------------------------------------------------------------------------------


def test_committed_help_is_clicks_rendering() -> None:
    from samverkan.helptext import MAIN_HELP

    rendered = click_help()
    assert rendered.startswith("Usage: samverkan [OPTIONS] COMMAND [ARGS]...\n")
    assert MAIN_HELP == rendered, "run: python tests/test_startup.py --write-help"
    assert HELPTEXT.read_text(encoding="utf-8") == helptext_source(rendered)


@pytest.mark.parametrize("columns", ["80", "200", "79", "60", "0", "wide"])
@pytest.mark.parametrize("option", ["--help", "-h"])
def test_help_is_clicks_at_every_width(columns: str, option: str) -> None:
    fast, slow = both([option], env={"COLUMNS": columns})
    same(fast, slow)
    assert fast.returncode == 0
    assert fast.stdout.decode().startswith("Usage: samverkan [OPTIONS] COMMAND [ARGS]...")


@pytest.mark.parametrize("columns", ["80", "200", "79", "", "0", "-3", "wide"])
def test_terminal_columns_is_shutils_rule(columns: str, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    assert entry.terminal_columns(os.environ) == shutil.get_terminal_size().columns


@pytest.mark.parametrize(("columns", "served"), [("80", "0"), ("120", "0"), ("79", "None")])
def test_help_is_served_without_click_only_at_its_width(columns: str, served: str) -> None:
    returned, heavy = modules_after(["--help"], {"COLUMNS": columns})
    assert (returned, heavy) == (served, [])  # refused, it has imported nothing of click's yet


def test_help_imports_nothing_but_its_own_modules() -> None:
    code = (
        "import os, sys\n"
        "before = set(sys.modules)\n"
        "from samverkan import entry\n"
        "code = entry.fast(['--help'], 'samverkan', {'COLUMNS': '100'})\n"
        "print(code, sorted(set(sys.modules) - before), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.startswith("Usage: samverkan [OPTIONS] COMMAND [ARGS]...")
    assert done.stderr.strip() == (
        "0 ['__future__', 'samverkan', 'samverkan.entry', 'samverkan.helptext']")


def test_builtin_sha256_gives_hashlibs_digests() -> None:
    import hashlib

    from samverkan.sources import sha256

    for data in (b"", b"samverkan", bytes(range(256)) * 1000):
        assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    grown = sha256(b"same")
    grown.update(b"verkan")
    assert grown.hexdigest() == hashlib.sha256(b"sameverkan").hexdigest()


def test_help_under_another_program_name_is_left_to_click() -> None:
    assert entry.serve_help("python -m samverkan", {"COLUMNS": "80"}) is None


# ---- reading the command line ------------------------------------------------------------


@pytest.mark.parametrize(("argv", "expected"), [
    (["query", "sources"], "QueryCall('sources', params=[], fmt='table', timeout=30.0)"),
    (["query", "posts-in-kommun", *BASTAD, "--format", "csv"],
     "QueryCall('posts-in-kommun', params=[('kommun', 'id:kommun/1278')], fmt='csv', "
     "timeout=30.0)"),
    (["query", "--format=json", "--timeout", "2.5", "about", "--param", "thing", "x"],
     "QueryCall('about', params=[('thing', 'x')], fmt='json', timeout=2.5)"),
    (["query", "sources", "--format", "csv", "--format", "md"],
     "QueryCall('sources', params=[], fmt='md', timeout=30.0)"),
    (["query", "sources", "-p", "a", ""], "QueryCall('sources', params=[('a', '')], "
     "fmt='table', timeout=30.0)"),
])
def test_plain_query_lines_are_read(argv: list[str], expected: str) -> None:
    assert repr(entry.parse_query(argv)) == expected


@pytest.mark.parametrize("argv", [
    [], ["query"], ["sparql", "ASK {}"], ["query", "a", "b"], ["query", "a", "--help"],
    ["query", "--help"], ["query", "a", "-p", "kommun"], ["query", "a", "-p", "k", "-x"],
    ["query", "a", "--format", "yaml"], ["query", "a", "--format"], ["query", "a", "--timeout",
                                                                     "0"],
    ["query", "a", "--timeout", "1e3"], ["query", "a", "--timeout", "-1"],
    ["query", "a", "--engine", "rdflib"], ["query", "a", "--endpoint", "http://x/"],
    ["query", "a", "--debug"], ["query", "a", "--"], ["query", "-pkommun", "x", "a"],
    ["--debug", "query", "a"], ["--data-dir", "d", "query", "a"], ["query", "a", "-h"],
    ["query", "a", "--format=csv=x"], ["query", "a", "--timeout", "."],
])
def test_other_lines_are_left_to_click(argv: list[str]) -> None:
    assert entry.parse_query(argv) is None


# ---- query: the same answers -------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_every_saved_query_in_every_format_is_the_click_answer(name: str, cache_env, capsys
                                                               ) -> None:
    for fmt in FORMATS:
        args = ["query", name, "--format", fmt]
        slow = run_cli(*args)
        code = entry.fast(args, "samverkan", os.environ)
        out, err = capsys.readouterr()
        if slow.exit_code == 0:
            assert code == 0, f"{name} {fmt} was not answered by the fast path"
            # the bytes click wrote (Result.stdout would turn CRLF into LF)
            assert (out, err) == (slow.stdout_bytes.decode(), slow.stderr_bytes.decode()), \
                f"{name} {fmt}"
            assert out != ""
        else:  # the error is click's to word (a CONSTRUCT asked for csv, say)
            assert (code, out, err) == (None, "", "")
            assert slow.stderr.startswith("Error: ")


COMMANDS = {  # case: (command line, the exit code click gives)
    "answered": (["query", "posts-in-kommun", *BASTAD, "--format", "csv"], 0),
    "table": (["query", "kommun-police", "--timeout", "20"], 0),
    "bad value": (["query", "posts-in-kommun", "-p", "kommun", "not an iri"], 3),
    "unknown query": (["query", "posts-in-komun"], 2),
    "unknown parameter": (["query", "sources", "-p", "kommun", "id:kommun/1278"], 2),
    "given twice": (["query", "posts-in-kommun", *BASTAD, *BASTAD], 2),
    "missing value": (["query", "posts-in-kommun", "-p", "kommun"], 2),
    "help after the name": (["query", "posts-in-kommun", "--help"], 0),
    "help first": (["query", "--help"], 0),
    "unknown option": (["query", "posts-in-kommun", "--fast"], 2),
    "bad format": (["query", "posts-in-kommun", "--format", "yaml"], 2),
    "graph format for a table": (["query", "posts-in-kommun", "--format", "ttl"], 2),
    "bad timeout": (["query", "posts-in-kommun", "--timeout", "0"], 2),
    "two names": (["query", "sources", "about"], 2),
    "no name": (["query"], 2),
    "global option": (["--debug", "query", "sources", "--format", "csv"], 0),
}


@pytest.mark.parametrize("case", sorted(COMMANDS))
def test_command_lines_give_the_click_answer(case: str, cache_env) -> None:
    args, exit_code = COMMANDS[case]
    fast, slow = both(args, env=cache_env)
    same(fast, slow)
    assert fast.returncode == exit_code
    assert (fast.stdout != b"") == (exit_code == 0)
    assert (fast.stderr != b"") == (exit_code != 0)


def test_answered_query_imports_neither_click_nor_yaml(cache_env) -> None:
    returned, heavy = modules_after(COMMANDS["answered"][0], cache_env)
    assert (returned, heavy) == ("0", [])
    assert (Path(cache_env["SAMVERKAN_CACHE_DIR"]) / HEADERS_FILE).is_file()


# what a repeated query, answered from the record, must not import: together they cost it about
# 0.45 x the floor of a Python process that only opens the store and runs the query
AVOIDED = ("re", "pathlib", "json", "csv", "typing", "dataclasses", "collections.abc",
           "threading", "urllib.parse", "fnmatch", "enum", "yaml", "click", "rdflib", "pyshacl")


def test_repeated_query_loads_only_its_own_few_modules(cache_env) -> None:
    args = COMMANDS["answered"][0]
    first, _slow = both(args, env=cache_env)  # the library answers, if no record did yet
    assert first.returncode == 0
    code = (
        "import os, sys\n"
        "from samverkan import entry\n"
        "code = entry.fast(sys.argv[1:], 'samverkan', os.environ)\n"
        f"avoided = [m for m in {AVOIDED!r} if m in sys.modules]\n"
        "mine = sorted(m for m in sys.modules if m.startswith('samverkan'))\n"
        "print(code, mine, avoided, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, *args], env={**os.environ, **cache_env},
                          capture_output=True, timeout=300, check=False)
    assert done.stderr.decode().strip().splitlines()[-1] == (
        "0 ['samverkan', 'samverkan.entry', 'samverkan.errors', 'samverkan.namespaces', "
        "'samverkan.results'] []")
    assert done.stdout == first.stdout


def test_refused_value_is_left_to_click_before_any_output(cache_env) -> None:
    returned, heavy = modules_after(COMMANDS["bad value"][0], cache_env)
    assert returned == "None"
    assert "click" not in heavy


def old(path: Path) -> Path:
    """Give a file a modification time a minute back, so a stamp may be written for it."""
    stamp = time.time() - 60
    os.utime(path, (stamp, stamp))
    return path


def written(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` and make it a minute old."""
    path.write_text(text, encoding="utf-8")
    return old(path)


def test_stale_store_is_built_by_click(tmp_path: Path, cache_env) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    written(mine / "mine.trig", USER_TRIG)
    env = {**cache_env, "SAMVERKAN_DATA_DIR": str(mine)}
    returned, _heavy = modules_after(COMMANDS["answered"][0], env)
    assert returned == "None"  # no store for these sources yet
    fast, slow = both(COMMANDS["answered"][0], env=env)
    same(fast, slow)
    assert fast.returncode == 0
    returned, heavy = modules_after(COMMANDS["answered"][0], env)
    assert (returned, heavy) == ("0", [])  # built and stamped by the first run: current now


def test_data_dir_from_the_environment_is_answered_fast(tmp_path: Path, cache_env) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    written(mine / "mine.trig", USER_TRIG)
    (mine / "notes.rdf").write_text("<rdf/>", encoding="utf-8")
    env = {**cache_env, "SAMVERKAN_DATA_DIR": str(mine)}
    args = ["query", "about", "-p", "thing", "https://example.org/thing", "--format", "csv"]
    first, _ = both(args, env=env)
    assert first.returncode == 0
    returned, heavy = modules_after(args, env)
    assert (returned, heavy) == ("0", [])
    fast, slow = both(args, env=env)
    same(fast, slow)
    assert "hello" in fast.stdout.decode()
    assert fast.stderr.decode().startswith("note: skipped 1 file(s) in ")


def test_data_dir_option_gives_the_click_answer(tmp_path: Path, cache_env) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "mine.trig").write_text(USER_TRIG, encoding="utf-8")
    fast, slow = both(["--data-dir", str(mine), *COMMANDS["answered"][0]], env=cache_env)
    same(fast, slow)
    assert fast.returncode == 0
    assert fast.stdout.decode().startswith("role,roleLabel,")


def test_cache_dir_that_is_a_file_gives_the_click_answer(tmp_path: Path, cache_env) -> None:
    afile = tmp_path / "cache-file"
    afile.write_text("x", encoding="utf-8")
    fast, slow = both(COMMANDS["answered"][0], env={"SAMVERKAN_CACHE_DIR": str(afile)})
    same(fast, slow)
    assert fast.returncode == 2


def test_changed_query_header_is_read_again(tmp_path: Path) -> None:
    from samverkan.savedqueries import compile_headers, compiled_query

    folder = tmp_path / "queries"
    folder.mkdir()
    path = written(folder / "q.rq", "#+ summary: first\nSELECT ?_x_iri WHERE {}\n")
    written(folder / "bad.rq", "#+ summary: [unclosed\nSELECT * WHERE {}\n")
    cache = tmp_path / "cache"
    compile_headers(cache, folder)
    assert sorted(json.loads((cache / HEADERS_FILE).read_text(encoding="utf-8"))["queries"]) \
        == [str(path)]  # the header that does not read is left to its query
    path.write_text("#+ summary: first\nSELECT ?_y_iri WHERE {}\n", encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, json.loads(
        (cache / HEADERS_FILE).read_text(encoding="utf-8"))["queries"][str(path)]["stamp"][1]))
    # same size and time as compiled: the compiled header is used, the text read anew
    assert compiled_query(path, cache).parameters[0].name == "y"
    path.write_text("#+ summary: second one\nSELECT ?_x_iri WHERE {}\n", encoding="utf-8")
    assert compiled_query(path, cache).summary == "second one"  # changed: read with YAML
    compile_headers(cache, folder)  # changed just now: its stale entry goes, none comes yet
    assert json.loads((cache / HEADERS_FILE).read_text(encoding="utf-8"))["queries"] == {}
    old(path)
    compile_headers(cache, folder)
    entry = json.loads((cache / HEADERS_FILE).read_text(encoding="utf-8"))["queries"][str(path)]
    assert entry["fields"]["summary"] == "second one"


def test_failed_query_writes_nothing_to_the_cache(tmp_path: Path, cache_env) -> None:
    cache = tmp_path / "cache"  # its own: other tests here build stores that prune the shared one
    cache_env = {"SAMVERKAN_CACHE_DIR": str(cache)}
    built, _ = both(["build"], env=cache_env)
    assert built.returncode == 0 and (cache / HEADERS_FILE).is_file()
    before = sorted((p, p.stat().st_mtime_ns) for p in cache.rglob("*") if p.is_file())
    for case in ("bad value", "graph format for a table", "unknown parameter"):
        fast, _slow = both(COMMANDS[case][0], env=cache_env)
        assert fast.returncode != 0
    assert sorted((p, p.stat().st_mtime_ns) for p in cache.rglob("*") if p.is_file()) == before


def write_help() -> None:
    HELPTEXT.write_text(helptext_source(click_help()), encoding="utf-8")
    print(f"wrote {HELPTEXT.relative_to(ROOT)}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write-help"]:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        write_help()
    else:
        raise SystemExit("usage: python tests/test_startup.py --write-help")
