"""The command-line frame: build caching, user data folders, errors and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import run_cli

from samverkan import store as store_module
from samverkan.cli import main
from samverkan.sources import all_sources

COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
USER_TRIG = """@prefix ex: <https://example.org/> .
GRAPH <https://example.org/graph/mine> { ex:thing ex:says "hello" . }
"""


def run(*args: str, **kwargs):
    return run_cli(*args, catch_exceptions=False, **kwargs)


def count(*global_args: str) -> int:
    result = run(*global_args, "sparql", COUNT_ALL, "--format", "csv")
    assert result.exit_code == 0, result.output
    return int(result.output.splitlines()[1])


@pytest.fixture()
def user_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "mine.trig").write_text(USER_TRIG, encoding="utf-8")
    return folder


def test_build_then_current(isolated_cache: Path) -> None:
    first = run("build")
    assert first.exit_code == 0
    assert first.output.startswith("store built in ")
    second = run("build")
    assert second.exit_code == 0
    assert second.output.startswith("store current: ")
    quads = sum(1 for _ in store_module.memory_store())
    assert f": {quads} quads in " in second.output
    assert len([p for p in isolated_cache.iterdir() if len(p.name) == 64]) == 1


def test_changed_source_gives_new_store(isolated_cache: Path, user_dir: Path) -> None:
    before = count("--data-dir", str(user_dir))
    (user_dir / "more.ttl").write_text(
        "<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n",
        encoding="utf-8",
    )
    assert count("--data-dir", str(user_dir)) == before + 1
    # the Turtle file went into a named graph of its own
    result = run("--data-dir", str(user_dir), "sparql", "--format", "csv",
                 "SELECT ?g WHERE { GRAPH ?g { <https://example.org/a> ?p ?o } }")
    assert result.output.splitlines()[1] == "https://w3id.org/samverkan/graph/user/more"


def test_data_dir_adds_user_graph(isolated_cache: Path, user_dir: Path) -> None:
    result = run("--data-dir", str(user_dir), "sparql", "--format", "csv",
                 'SELECT ?o WHERE { <https://example.org/thing> ?p ?o }')
    assert result.exit_code == 0
    assert result.output.splitlines() == ["o", "hello"]
    assert count("--data-dir", str(user_dir)) == count() + 1


def test_data_dir_from_environment(isolated_cache: Path, user_dir: Path) -> None:
    query = "SELECT ?o WHERE { ?s <https://example.org/says> ?o }"
    result = run("sparql", "--format", "csv", query, env={"SAMVERKAN_DATA_DIR": str(user_dir)})
    assert result.output.splitlines() == ["o", "hello"]


def test_missing_data_dir_exits_3(isolated_cache: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = run("--data-dir", str(missing), "build")
    assert result.exit_code == 3
    assert result.output == f"Error: data dir not found: {missing}\n"


def test_malformed_turtle_names_file_and_line(isolated_cache: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    bad = folder / "broken.ttl"
    bad.write_text('@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "x" ;\n'
                   "  ex:c .\n", encoding="utf-8")
    result = run("--data-dir", str(folder), "stats")
    assert result.exit_code == 3
    assert result.output.startswith(f"Error: bad RDF in {bad}, line 4: ")
    assert len(result.output.splitlines()) == 1
    # a bad source is caught before anything is written to the cache
    assert not isolated_cache.exists() or list(isolated_cache.iterdir()) == []


def test_trig_triples_outside_graph_are_refused(isolated_cache: Path, tmp_path: Path) -> None:
    folder = tmp_path / "loose"
    folder.mkdir()
    (folder / "loose.trig").write_text(
        "<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n",
        encoding="utf-8")
    result = run("--data-dir", str(folder), "build")
    assert result.exit_code == 3
    assert "triples outside any named graph" in result.output


def test_sparql_syntax_error_exits_3(isolated_cache: Path) -> None:
    result = run("sparql", "SELECT * WHERE { ?s ?p }")
    assert result.exit_code == 3
    assert result.output.startswith("Error: SPARQL syntax error: ")
    assert len(result.output.splitlines()) == 1


@pytest.mark.parametrize("update", [
    "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }",
    "INSERT DATA { GRAPH <https://example.org/g> { <https://e/a> <https://e/b> 1 } }",
    "DROP ALL",
    "PREFIX ex: <https://example.org/>\n# SELECT is only a comment here\nCLEAR GRAPH ex:g",
])
def test_updates_are_refused_and_store_unchanged(isolated_cache: Path, update: str) -> None:
    before = count()
    result = run("sparql", update)
    assert result.exit_code == 3
    word = update.split("\n")[-1].split()[0]
    assert result.output == (
        f"Error: updates are refused: samverkan runs read-only queries (got {word})\n"
    )
    assert count() == before


def test_service_is_refused_locally(isolated_cache: Path) -> None:
    result = run("sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    assert result.exit_code == 3
    assert "SERVICE is refused in local queries" in result.output


def test_sparql_needs_exactly_one_query(isolated_cache: Path, tmp_path: Path) -> None:
    assert run("sparql").exit_code == 2
    query_file = tmp_path / "q.rq"
    query_file.write_text("ASK { }", encoding="utf-8")
    assert run("sparql", "ASK {}", "-f", str(query_file)).exit_code == 2
    result = run("sparql", "-f", str(query_file))
    assert (result.exit_code, result.output) == (0, "true\n")


def test_sparql_unreadable_file_exits_3(isolated_cache: Path, tmp_path: Path) -> None:
    result = run("sparql", "-f", str(tmp_path / "none.rq"))
    assert result.exit_code == 3
    assert result.output.startswith("Error: cannot read ")


def test_unknown_query_suggests_close_name(isolated_cache: Path) -> None:
    result = run("query", "posts-in-komun")
    assert result.exit_code == 2
    assert result.output == (
        "Error: unknown query 'posts-in-komun'; did you mean 'posts-in-kommun'?\n"
    )


def test_unknown_query_without_close_name(isolated_cache: Path) -> None:
    result = run("query", "zzzzzz")
    assert result.exit_code == 2
    assert result.output == "Error: unknown query 'zzzzzz'; see 'samverkan queries'\n"


def test_missing_required_parameter_exits_2(isolated_cache: Path, tmp_path: Path) -> None:
    from samverkan.errors import UsageError
    from samverkan.savedqueries import bind, parse_query_file

    rq = tmp_path / "needs-kommun.rq"
    rq.write_text("#+ summary: test\nSELECT ?x WHERE { BIND(?_kommun_iri AS ?x) }\n",
                  encoding="utf-8")
    with pytest.raises(UsageError) as raised:
        bind(parse_query_file(rq), {})
    assert str(raised.value) == (
        "query 'needs-kommun' needs parameter 'kommun' (-p kommun VALUE)"
    )


def test_internal_error_is_one_line_and_exit_5(isolated_cache: Path, monkeypatch) -> None:
    def boom(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store_module, "build", boom)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 5
    assert result.output == (
        "Error: internal error: RuntimeError: disk on fire (run with --debug for the traceback)\n"
    )


def test_debug_shows_traceback(isolated_cache: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--debug", "--data-dir", str(tmp_path / "x"), "build"])
    assert result.exit_code == 3
    assert "Traceback (most recent call last)" in result.output


def test_corrupt_manifest_is_rebuilt(isolated_cache: Path) -> None:
    assert run("build").exit_code == 0
    [folder] = [p for p in isolated_cache.iterdir() if len(p.name) == 64]
    (folder / "manifest.json").write_text("{not json", encoding="utf-8")
    result = run("build")
    assert result.stdout.startswith("store built in ")
    assert json.loads((folder / "manifest.json").read_text())["hash"] == folder.name


def test_corrupt_store_files_are_rebuilt(isolated_cache: Path) -> None:
    assert run("build").exit_code == 0
    [folder] = [p for p in isolated_cache.iterdir() if len(p.name) == 64]
    for item in (folder / "oxigraph").iterdir():
        if item.is_file():
            item.write_bytes(b"garbage")
    result = run("build")
    assert result.exit_code == 0
    assert result.stdout.startswith("store built in ")
    assert count() == sum(1 for _ in store_module.memory_store())


def test_interrupted_build_leaves_nothing_trusted(isolated_cache: Path, monkeypatch) -> None:
    calls = {"n": 0}

    def interrupted(store):
        # called on the half-written on-disk store, after its quads went in
        calls["n"] += 1
        assert any((isolated_cache / p.name / "oxigraph").exists()
                   for p in isolated_cache.iterdir() if p.name.startswith(".build-"))
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(store_module, "_count", interrupted)
        result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 130
    assert calls["n"] == 1
    assert list(isolated_cache.iterdir()) == []
    assert run("build").output.startswith("store built in ")


def test_store_is_keyed_by_every_source(isolated_cache: Path, user_dir: Path) -> None:
    plain = store_module.sources_hash(all_sources())
    mine = store_module.sources_hash(all_sources([user_dir]))
    assert plain != mine and len(plain) == 64


def test_two_commands_at_once_both_succeed(tmp_path: Path) -> None:
    env = {**os.environ, "SAMVERKAN_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("SAMVERKAN_DATA_DIR", None)
    command = [sys.executable, "-m", "samverkan", "sparql", "--format", "csv", COUNT_ALL]
    procs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(3)]
    outputs = [p.communicate(timeout=120) for p in procs]
    expected = str(sum(1 for _ in store_module.memory_store()))
    assert [p.returncode for p in procs] == [0, 0, 0], [o[1] for o in outputs]
    assert [o[0].splitlines()[1] for o in outputs] == [expected] * 3


def test_every_command_has_help_text() -> None:
    for name, command in main.commands.items():
        commands = getattr(command, "commands", {name: command})
        for sub in commands.values():
            assert sub.help and len(sub.help.strip()) > 10, name
            for param in sub.params:
                if param.param_type_name == "option" and param.name not in ("help",):
                    assert param.help, f"{name} {param.name}"


def test_current_store_parses_nothing(isolated_cache: Path, monkeypatch) -> None:
    assert run("build").exit_code == 0

    def no_parsing(*_args, **_kwargs):
        raise AssertionError("a current store must not parse any source")

    monkeypatch.setattr(store_module, "load_sources", no_parsing)
    result = run("query", "posts-in-kommun", "--format", "csv")
    assert result.exit_code == 0
    assert "Christofer Thorén" in result.output


def test_reader_closing_the_pipe_is_not_an_error(tmp_path: Path) -> None:
    env = {**os.environ, "SAMVERKAN_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("SAMVERKAN_DATA_DIR", None)
    command = [sys.executable, "-m", "samverkan", "export", "--format", "nt"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    # the first sorted subject is an EU authority IRI that the dataset's DCAT record describes
    assert first.startswith(b"<http://publications.europa.eu/resource/authority/access-right/"
                            b"PUBLIC> ")
    assert "Error" not in stderr
