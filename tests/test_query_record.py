"""The record behind a repeated ``samverkan query`` (``entry.Record``): a call is answered from
it only while everything it rests on is unchanged, and then exactly as the library and the click
command answer; whatever it cannot prove is left to them.

Also the pieces it is made of: the query plans (``savedqueries.query_plan``) bind as ``bind``
does, the IRI check without regular expressions writes what ``term_for`` writes, the CSV writer
writes what the csv module writes, and the cache folder is the one ``paths`` names.
"""

from __future__ import annotations

import csv
import io
import itertools
import marshal
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_cli

from samverkan import entry
from samverkan.paths import default_cache_dir
from samverkan.results import ResultTable, Term, to_csv
from samverkan.savedqueries import (
    Parameter,
    bind,
    query_plan,
    saved_queries,
    term_for,
)
from samverkan.sparqltext import QueryText

CLICK = "import sys; sys.argv[0] = 'samverkan'; from samverkan.cli import main; main()"
ANSWERED = ["query", "posts-in-kommun", "-p", "kommun", "id:kommun/1278", "--format", "csv"]
MINE = """@prefix ex: <https://example.org/> .
GRAPH <https://example.org/graph/mine> { ex:thing ex:says "hello" . }
"""
MORE = """@prefix ex: <https://example.org/> .
GRAPH <https://example.org/graph/more> { ex:other ex:says "more" . }
"""


def aged(*paths: Path) -> None:
    """Give files and folders a modification time a minute back (a record may rest on them)."""
    stamp = time.time() - 60
    for path in paths:
        os.utime(path, (stamp, stamp))


def click(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CLICK, *args], env={**os.environ, **env},
                          capture_output=True, timeout=600, check=False)


def call(args: list[str] = ANSWERED) -> entry.QueryCall:
    parsed = entry.parse_query(args)
    assert parsed is not None
    return parsed


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict[str, str]:
    """A store built for the shipped sources plus a data folder (with a file samverkan skips),
    everything a minute old, and one answer through the library that left the record."""
    root = tmp_path_factory.mktemp("record")
    data = root / "data"
    (data / "sub").mkdir(parents=True)
    (data / "sub" / "mine.trig").write_text(MINE, encoding="utf-8")
    (data / "notes.rdf").write_text("<rdf/>", encoding="utf-8")
    aged(data / "sub" / "mine.trig", data / "notes.rdf", data / "sub", data)
    env = {"SAMVERKAN_CACHE_DIR": str(root / "cache"), "SAMVERKAN_DATA_DIR": str(data)}
    assert click(["build"], env).returncode == 0
    first = subprocess.run([str(Path(sys.executable).with_name("samverkan")), *ANSWERED],
                           env={**os.environ, **env}, capture_output=True, timeout=600,
                           check=False)
    assert first.returncode == 0
    assert (root / "cache" / entry.RECORD_FILE).is_file()
    return env


@pytest.fixture()
def world_env(world: dict[str, str], monkeypatch) -> dict[str, str]:
    for name, value in world.items():
        monkeypatch.setenv(name, value)
    return world


def record(env: dict[str, str]) -> entry.Record:
    return entry.Record(env["SAMVERKAN_DATA_DIR"], env["SAMVERKAN_CACHE_DIR"],
                        {**os.environ, **env})


def answered(env: dict[str, str], args: list[str] = ANSWERED
             ) -> tuple[str, list[str]] | int | None:
    return record(env).answer(call(args))


# ---- answered from the record, as the click command answers ---------------------------------


def test_repeated_query_is_answered_from_the_record_as_click(world_env, capsys) -> None:
    slow = click(ANSWERED, world_env)
    out = answered(world_env)
    assert isinstance(out, tuple)
    assert (out[0], "".join(f"{n}\n" for n in out[1])) == (slow.stdout.decode(),
                                                            slow.stderr.decode())
    assert out[1][0].startswith("note: skipped 1 file(s) in ")
    assert entry.fast(ANSWERED, "samverkan", os.environ) == 0
    assert capsys.readouterr() == (slow.stdout.decode(), slow.stderr.decode())


def test_every_saved_query_and_format_from_the_record_is_the_click_answer(world_env) -> None:
    unanswered = []
    for name in sorted(saved_queries()):
        for fmt in ("table", "csv", "tsv", "json", "md", "xml", "ttl"):
            args = ["query", name, "--format", fmt]
            slow = run_cli(*args)
            out = answered(world_env, args)
            if slow.exit_code == 0:
                assert isinstance(out, tuple), f"{name} {fmt} was not answered from the record"
                assert out[0] == slow.stdout_bytes.decode(), f"{name} {fmt}"
            else:  # a refusal is the library's to word
                assert out is None, f"{name} {fmt}"
                unanswered.append((name, fmt))
    assert ("posts-in-kommun", "ttl") in unanswered  # a table cannot be written as Turtle
    assert ("posts-in-kommun", "csv") not in unanswered


@pytest.mark.parametrize("args", [
    ["query", "posts-in-kommun", "-p", "kommun", "not an iri"],
    ["query", "posts-in-kommun", "-p", "kommun", "http://example.org:80/x"],  # a port: urllib's
    ["query", "posts-in-kommun", "-p", "kommun", "https://exämple.org/x"],  # not ASCII
    ["query", "posts-in-kommun", "-p", "kommun", "x", "-p", "kommun", "y"],
    ["query", "posts-in-kommun", "-p", "lan", "id:lan/13"],
    ["query", "about", "-p", "thing", ""],
    ["query", "posts-in-komun"],
])
def test_what_the_record_cannot_judge_is_left_to_the_library(args: list[str], world_env
                                                              ) -> None:
    assert answered(world_env, args) is None


def test_port_and_non_ascii_iris_still_answer_through_the_library(world_env, capsys) -> None:
    for value in ("http://example.org:80/x", "https://exämple.org/x"):
        args = ["query", "about", "-p", "thing", value, "--format", "csv"]
        slow = click(args, world_env)
        assert slow.returncode == 0
        assert entry.fast(args, "samverkan", os.environ) == 0
        assert capsys.readouterr() == (slow.stdout.decode(), slow.stderr.decode())


def test_the_query_runs_under_its_timeout(world_env, monkeypatch, capsys) -> None:
    monkeypatch.setattr(entry, "_evaluate", lambda *_args: time.sleep(5))
    started = time.monotonic()
    code = answered(world_env, [*ANSWERED, "--timeout", "0.2"])
    assert code == 4
    assert time.monotonic() - started < 4
    assert capsys.readouterr().err == (
        "Error: the query did not finish within 0.2 s (timeout; raise it with --timeout S)\n")


# ---- what makes the record stale -------------------------------------------------------------


def test_changed_source_is_not_answered_from_the_record(world_env) -> None:
    source = Path(world_env["SAMVERKAN_DATA_DIR"]) / "sub" / "mine.trig"
    before = source.stat()
    source.write_text(MINE.replace("hello", "hallå"), encoding="utf-8")
    try:
        assert answered(world_env) is None
    finally:
        source.write_text(MINE, encoding="utf-8")
        os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert isinstance(answered(world_env), tuple)  # the same file, size and time again


@pytest.mark.parametrize("name", ["more.trig", "more.ttl", "skipped.owl"])
def test_file_added_to_a_source_folder_is_not_answered_from_the_record(name: str, world_env
                                                                       ) -> None:
    folder = Path(world_env["SAMVERKAN_DATA_DIR"]) / "sub"
    before = folder.stat()
    added = folder / name
    added.write_text(MORE, encoding="utf-8")
    aged(added)
    try:
        assert answered(world_env) is None
    finally:
        added.unlink()
        os.utime(folder, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert isinstance(answered(world_env), tuple)


def test_symlink_whose_target_appears_is_not_answered_from_the_record(world_env, tmp_path,
                                                                      capsys) -> None:
    folder = Path(world_env["SAMVERKAN_DATA_DIR"])
    path = Path(world_env["SAMVERKAN_CACHE_DIR"]) / entry.RECORD_FILE
    kept, before = path.read_bytes(), folder.stat()
    link = folder / "elsewhere.trig"
    target = tmp_path / "elsewhere.trig"
    link.symlink_to(target)  # dangling: not a source
    try:
        aged(folder)
        assert answered(world_env) is None  # the folder changed
        assert entry.fast(ANSWERED, "samverkan", os.environ) == 0  # the library: a new record
        capsys.readouterr()
        assert isinstance(answered(world_env), tuple)
        target.write_text(MORE, encoding="utf-8")  # now a source, and no folder changed
        assert answered(world_env) is None
    finally:
        link.unlink()
        os.utime(folder, ns=(before.st_atime_ns, before.st_mtime_ns))
        path.write_bytes(kept)
    assert isinstance(answered(world_env), tuple)


def test_changed_query_text_with_the_same_size_and_time_is_not_answered(world_env, tmp_path
                                                                        ) -> None:
    path = Path(world_env["SAMVERKAN_CACHE_DIR"]) / entry.RECORD_FILE
    kept = path.read_bytes()
    data = marshal.loads(kept)
    plan = dict(data["entries"][0][1]["plans"]["posts-in-kommun"])
    copy = tmp_path / "posts-in-kommun.rq"
    copy.write_text(plan["text"], encoding="utf-8")
    plan["path"] = str(copy)
    data["entries"][0][1]["plans"]["posts-in-kommun"] = plan
    try:
        path.write_bytes(marshal.dumps(data))
        assert isinstance(answered(world_env), tuple)
        before = copy.stat()
        copy.write_text(plan["text"].replace("?role ", "?rolf ", 1), encoding="utf-8")
        os.utime(copy, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert copy.stat().st_size == before.st_size
        assert answered(world_env) is None
    finally:
        path.write_bytes(kept)


@pytest.mark.parametrize("garbage", [b"", b"\x00\x01garbage", marshal.dumps({"version": 0}),
                                     marshal.dumps({"version": 1, "entries": [((), {})]}),
                                     marshal.dumps([1, 2])])
def test_unreadable_record_is_left_to_the_library(garbage: bytes, world_env, capsys) -> None:
    path = Path(world_env["SAMVERKAN_CACHE_DIR"]) / entry.RECORD_FILE
    kept = path.read_bytes()
    try:
        path.write_bytes(garbage)
        assert answered(world_env) is None
        slow = click(ANSWERED, world_env)
        assert entry.fast(ANSWERED, "samverkan", os.environ) == 0
        assert capsys.readouterr() == (slow.stdout.decode(), slow.stderr.decode())
        assert isinstance(answered(world_env), tuple)  # the library wrote a record again
    finally:
        path.write_bytes(kept)


def test_record_of_other_data_folders_is_not_used(world_env) -> None:
    other = {**world_env, "SAMVERKAN_DATA_DIR": world_env["SAMVERKAN_DATA_DIR"] + os.sep}
    assert answered(other) is None  # the same folder, but a label of another spelling


def test_change_too_recent_leaves_no_record(tmp_path, monkeypatch, capsys) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "mine.trig").write_text(MINE, encoding="utf-8")
    aged(data / "mine.trig", data)
    env = {"SAMVERKAN_CACHE_DIR": str(tmp_path / "cache"), "SAMVERKAN_DATA_DIR": str(data)}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert click(["build"], env).returncode == 0
    os.utime(data)  # the folder changed just now (the sources' stamp holds: no file changed)
    assert entry.fast(ANSWERED, "samverkan", os.environ) == 0
    assert capsys.readouterr().out.startswith("role,roleLabel,")
    assert not (tmp_path / "cache" / entry.RECORD_FILE).exists()


def test_changed_store_file_is_rebuilt_as_click_does(tmp_path, monkeypatch, capsys) -> None:
    env = {"SAMVERKAN_CACHE_DIR": str(tmp_path / "cache")}
    monkeypatch.setenv("SAMVERKAN_CACHE_DIR", env["SAMVERKAN_CACHE_DIR"])
    monkeypatch.delenv("SAMVERKAN_DATA_DIR", raising=False)
    assert click(["build"], env).returncode == 0
    assert entry.fast(ANSWERED, "samverkan", os.environ) == 0  # through the library
    capsys.readouterr()
    lean = entry.Record("", env["SAMVERKAN_CACHE_DIR"], os.environ)
    assert isinstance(lean.answer(call()), tuple)
    store = next((tmp_path / "cache").glob("*/oxigraph"))
    touched = next(p for p in sorted(store.iterdir()) if p.suffix == ".sst")
    os.utime(touched, (time.time() - 5, time.time() - 5))
    assert entry.Record("", env["SAMVERKAN_CACHE_DIR"], os.environ).answer(call()) is None
    slow = click(ANSWERED, env)
    assert slow.returncode == 0
    assert slow.stderr.decode().startswith("warning: the cached store in ")


# ---- the pieces ----------------------------------------------------------------------------


IRI = Parameter("thing", "?_thing_iri", True, "iri")
SOME_IRIS = [
    "id:kommun/1278", "wd:Q499464", "https://w3id.org/samverkan/id/kommun/1278", "urn:x",
    "http://example.org", "http://example.org/", "http://example.org:80/x", "http://u@h/x",
    "http://[::1]/x", "http://[::1/x", "http://h]/x", "https://exämple.org/x", "mailto:a@b",
    " id:kommun/1278 ", "id://x", "wd:", "id:", "x", ":x", "1x:y", "a+b.c-d:e", "a_b:c",
    "http://h/a b", "http://h/a\tb", "http://h/<x>", 'http://h/"', "http://h/{x}", "http://h/|",
    "http://h/^", "http://h/`", "http://h/\\u0041", "http://h/\x7f", "http://h/\x00",
    "http://h/#frag", "http://h?q=1", "http://h#f:1", "tag:x,2020:y", "\u212aelvin:x",
    "http://h/\udcff", "http:", "http://", "HTTP://H/X", "sam:Post", "rdf:type",
]


def _iri_values() -> list[str]:
    random.seed(15)
    alphabet = "ab:/?#@[]%<> \"\\{}|^`.+-_~é\x1f\x7f1"
    made = ["".join(random.choice(alphabet) for _ in range(random.randint(0, 12)))
            for _ in range(3000)]
    return SOME_IRIS + made + ["http://" + m for m in made] + ["id:" + m for m in made]


def test_lean_iri_writes_what_term_for_writes_or_leaves_the_value() -> None:
    from samverkan.errors import BadInputError

    taken = 0
    for value in _iri_values():
        lean = entry.lean_iri(value)
        try:
            slow = term_for(IRI, value)
        except BadInputError:
            slow = None
        if lean is not None:
            assert lean == slow, value
            taken += 1
    assert entry.lean_iri("id:kommun/1278") == "<https://w3id.org/samverkan/id/kommun/1278>"
    assert entry.lean_iri(" wd:Q1 ") == "<http://www.wikidata.org/entity/Q1>"
    assert taken > 100


def test_plans_bind_every_saved_query_as_bind_does() -> None:
    value = "https://example.org/thing"
    checked = 0
    for name, query in sorted(saved_queries().items()):
        plan = query_plan(query)
        assert plan is not None, name
        optional = [p for p in query.parameters if not p.required and p.default is None]
        for count in range(len(optional) + 1):
            for unbound in itertools.combinations(optional, count):
                given = {p.name: value for p in query.parameters if p not in unbound}
                bound = entry._bind(plan, list(given.items()))
                if any(p.required and p.name not in given for p in query.parameters):
                    assert bound is None
                    continue
                text = bind(query, given)
                assert bound is not None, name
                parsed = QueryText(text)
                assert bound == (text, parsed.check_local(), not parsed.names_dataset), name
                checked += 1
    assert checked >= len(saved_queries())


def test_query_text_with_escapes_or_the_marker_gets_a_plan_only_when_it_checks(tmp_path
                                                                               ) -> None:
    from samverkan.savedqueries import parse_query_file

    cases = {
        "plain.rq": ("SELECT ?_x_iri WHERE { ?s ?p ?_x_iri }\n", "SELECT"),
        "marker.rq": ('SELECT ?_x_iri WHERE { ?s ?p "\x00" }\n', None),
        "service.rq": ("SELECT * WHERE { SERVICE <urn:s> { ?s ?p ?_x_iri } }\n", None),
        "escaped.rq": ("SELECT * WHERE { ?_x_iri\\u0053ERVICE ?p ?o }\n", None),
        "update.rq": ("INSERT DATA { <urn:a> <urn:b> <urn:c> }\n", None),
        "from.rq": ("SELECT * FROM <urn:g> WHERE { ?s ?p ?_x_iri }\n", "SELECT"),
    }
    for name, (text, form) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        plan = query_plan(parse_query_file(tmp_path / name))
        if form is None:
            assert plan is None, name
        else:
            assert plan is not None
            variants = plan["variants"]
            assert {k: v[1:] for k, v in variants.items()} == {
                (0,): (form, name != "from.rq")}, name


def test_csv_writer_writes_what_the_csv_module_writes() -> None:
    chars = ["a", ",", '"', "\r", "\n", " ", "\x00", "\t", ";", "'", "\\", "é", "\u2028", ""]
    values = ["".join(p) for n in range(3) for p in itertools.product(chars, repeat=n)]
    random.seed(15)
    rows = [[v] for v in values]
    rows += [[random.choice(values) for _ in range(random.randint(0, 4))] for _ in range(3000)]
    for row in rows:
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerow(row)
        names = [f"v{i}" for i in range(len(row))]
        table = ResultTable(names, [[Term("literal", v) for v in row]])
        expected = io.StringIO()
        csv.writer(expected, lineterminator="\r\n").writerow(names)
        assert to_csv(table) == expected.getvalue() + out.getvalue(), repr(row)
    unbound = ResultTable(["x"], [[None]])
    assert to_csv(unbound) == 'x\r\n""\r\n'


@pytest.mark.parametrize("env", [
    {}, {"XDG_CACHE_HOME": "/tmp/xdg-cache"}, {"XDG_CACHE_HOME": ""},
    {"XDG_CACHE_HOME": "relative/cache"}, {"HOME": "/tmp/some-home"},
])
def test_default_cache_folder_is_the_one_paths_names(env: dict[str, str], monkeypatch) -> None:
    monkeypatch.delenv("SAMVERKAN_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    folder = entry.default_cache_folder(os.environ)
    assert folder is not None
    assert os.path.abspath(folder) == os.path.abspath(default_cache_dir())
