"""Issue 12 items 9, 11, 12 and 14 on the store side: nesting depth limited with file and line,
export linear in the data, odd file names, skipped and clashing data files, one parser error
format for build and validate."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner

from samverkan.cli import main
from samverkan.export import export_bytes
from samverkan.store import MAX_NESTING, memory_store

HEAD = "@prefix ex: <https://example.org/> .\n"
GRAPH = "<https://w3id.org/samverkan/graph/source/00000000000000aa>"


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def _nested(depth: int) -> str:
    return f"{HEAD}{GRAPH} {{\n  ex:a ex:b {'[ ex:p ' * depth}ex:c {']' * depth} .\n}}\n"


def test_deep_nesting_is_refused_with_file_and_line(isolated_cache, tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    (data / "deep.trig").write_text(_nested(100_000), encoding="utf-8")
    result = _run("--data-dir", str(data), "export")
    assert result.exit_code == 3
    assert result.stderr == (f"Error: bad RDF in {data}/deep.trig, line 3: brackets nested "
                             f"deeper than {MAX_NESTING} levels\n")


def test_brackets_inside_strings_iris_and_comments_do_not_count(tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    noise = "[" * 400
    (data / "noise.trig").write_text(
        f'{HEAD}# {noise}\n{GRAPH} {{ ex:a ex:b "{noise}", """{noise}\n{noise}""" ;\n'
        f"  ex:c <https://example.org/{'(' * 300}> . }}\n", encoding="utf-8")
    store = memory_store([data])
    assert len(list(store.quads_for_pattern(ox.NamedNode("https://example.org/a"), None, None,
                                            None))) == 3


def test_export_of_deep_blank_nodes_below_the_limit(tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    (data / "chain.trig").write_text(_nested(MAX_NESTING), encoding="utf-8")
    store = memory_store([data])
    exported = export_bytes(store, "nq").decode("utf-8").splitlines()
    chain = [line for line in exported if "00000000000000aa" in line and "_:" in line]
    assert len(chain) == MAX_NESTING + 1  # ex:a ex:b [ … ] and every link of the chain
    assert all("_:c14n" in line for line in chain)
    assert chain[0].startswith("<https://example.org/a> <https://example.org/b> _:c14n")


def test_file_names_with_a_space_or_a_quote_load(isolated_cache, tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    for name in ("my file.ttl", "it's.ttl"):
        (data / name).write_text(f'{HEAD}ex:a ex:b "{name}" .\n', encoding="utf-8")
    result = _run("--data-dir", str(data), "sparql", "--format", "csv",
                  "SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), '/user/'))"
                  " } ORDER BY ?g")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [
        "https://w3id.org/samverkan/graph/user/it%27s,it's.ttl",
        "https://w3id.org/samverkan/graph/user/my%20file,my file.ttl",
    ]


def test_non_utf8_file_name_is_one_line(isolated_cache, tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    (data / os.fsdecode(b"caf\xe9.ttl")).write_text(f'{HEAD}ex:a ex:b "x" .\n', encoding="utf-8")
    result = _run("--data-dir", str(data), "build")
    assert result.exit_code == 3
    assert result.stderr == (f"Error: cannot read {data}/caf\\xe9.ttl: its file name is not "
                             "UTF-8 text (samverkan names graphs after files; rename it)\n")


def test_unwritable_cache_folder_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = _run("--cache-dir", str(tmp_path / "file" / "cache"), "build")
    assert result.exit_code == 3
    assert result.stderr == (f"Error: cannot write the cache folder {tmp_path}/file/cache: Not a "
                             "directory (choose another with --cache-dir or SAMVERKAN_CACHE_DIR)\n")


def test_skipped_files_are_named(isolated_cache, tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    for name in ("a.rdf", "b.jsonld", "c.n3", "d.owl", "notes.md"):
        (data / name).write_text("x", encoding="utf-8")
    result = _run("--data-dir", str(data), "build")
    assert result.exit_code == 0
    assert result.stderr == (
        f"note: skipped 4 file(s) in {data} that samverkan does not read: a.rdf (RDF/XML), "
        "b.jsonld (JSON-LD), c.n3 (Notation3), d.owl (RDF/XML or OWL/XML); convert them to TriG, "
        "Turtle, N-Quads or N-Triples\n")


def test_two_data_dirs_with_the_same_file_name_are_refused(isolated_cache, tmp_path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.ttl").write_text(f'{HEAD}ex:a ex:b "{folder}" .\n',
                                                 encoding="utf-8")
    result = _run("--data-dir", str(tmp_path / "one"), "--data-dir", str(tmp_path / "two"),
                  "build")
    assert result.exit_code == 3
    assert result.stderr == (
        "Error: two data files would both fill graph https://w3id.org/samverkan/graph/user/x: "
        f"{tmp_path}/one/x.ttl and {tmp_path}/two/x.ttl (rename one of them)\n")
    assert not isolated_cache.exists() or not any(
        len(p.name) == 64 for p in isolated_cache.iterdir())


def test_build_and_validate_word_a_syntax_error_alike(isolated_cache, tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    bad = data / "bad.trig"
    bad.write_text(f'{HEAD}{GRAPH} {{\n  ex:a ex:b "open .\n}}\n', encoding="utf-8")
    built = _run("--data-dir", str(data), "build")
    validated = _run("validate", "--data", str(bad))
    assert built.exit_code == validated.exit_code == 3
    assert built.stderr == validated.stderr
    assert built.stderr.startswith(f"Error: bad RDF in {bad}, line 3: ")
    assert "b'" not in validated.stderr and len(validated.stderr.splitlines()) == 1
