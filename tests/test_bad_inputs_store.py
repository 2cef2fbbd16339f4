"""Bad input to the store side (build, sources, export, validate), table-driven.

Each case sets up its input in a fresh folder, runs one command against a cache that already
holds the shipped store, and asserts the exit code, the one error line on stderr (no
traceback), and that the cache, the tracked files and the output path are unchanged.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from samverkan.cli import main

ROOT = Path(__file__).resolve().parents[1]
TRACKED = [ROOT / name for name in ("ontology", "data", "shapes", "queries")]
HEAD = "@prefix ex: <https://example.org/> .\n"
GRAPH = "<https://w3id.org/samverkan/graph/source/00000000000000aa>"


def _write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def _nested(opening: str, closing: str, depth: int) -> str:
    return (f"{HEAD}{GRAPH} {{\n  ex:a ex:b {opening * depth} ex:c ex:d "
            f"{closing * depth} .\n}}\n")


@dataclass
class Case:
    """One bad input: how to make it, the command words, the exit code and the message."""

    name: str
    setup: Callable[[Path], list[str]]
    code: int
    message: str  # a regular expression for the whole error line; {tmp} is the case folder


def _data_dir_with(name: str, body: str | bytes) -> Callable[[Path], list[str]]:
    def setup(tmp: Path) -> list[str]:
        _write(tmp / "d" / name, body)
        return ["--data-dir", str(tmp / "d"), "build"]
    return setup


def _validate_with(name: str, body: str | bytes) -> Callable[[Path], list[str]]:
    def setup(tmp: Path) -> list[str]:
        return ["validate", "--data", str(_write(tmp / name, body))]
    return setup


def _two_dirs(tmp: Path) -> list[str]:
    body = f'{HEAD}ex:a ex:b "x" .\n'
    _write(tmp / "one" / "x.ttl", body)
    _write(tmp / "two" / "x.ttl", body)
    return ["--data-dir", str(tmp / "one"), "--data-dir", str(tmp / "two"), "build"]


def _non_utf8_name(tmp: Path) -> list[str]:
    folder = tmp / "d"
    folder.mkdir()
    name = os.fsdecode(b"bad\xff.ttl")
    (folder / name).write_text(f'{HEAD}ex:a ex:b "x" .\n', encoding="utf-8")
    return ["--data-dir", str(folder), "build"]


def _missing_dir(tmp: Path) -> list[str]:
    return ["--data-dir", str(tmp / "nowhere"), "build"]


def _dir_is_file(tmp: Path) -> list[str]:
    return ["--data-dir", str(_write(tmp / "plain.txt", "x")), "build"]


def _cache_under_a_file(tmp: Path) -> list[str]:
    _write(tmp / "afile", "x")
    return ["--cache-dir", str(tmp / "afile" / "cache"), "--data-dir",
            str(_write(tmp / "d" / "ok.ttl", f'{HEAD}ex:a ex:b "x" .\n').parent), "build"]


def _export_into_missing_folder(tmp: Path) -> list[str]:
    return ["export", "-o", str(tmp / "missing" / "out.trig")]


def _export_below_a_file(tmp: Path) -> list[str]:
    _write(tmp / "afile", "x")
    return ["export", "--format", "nq", "-o", str(tmp / "afile" / "out.nq")]


BAD_TRIG = f"{HEAD}{GRAPH} {{\n  ex:a ex:b ex:c .\n  ex:a ex:b \"unterminated .\n}}\n"

CASES = [
    Case("trig syntax error", _data_dir_with("bad.trig", BAD_TRIG), 3,
         r"Error: bad RDF in {tmp}/d/bad\.trig, line 4: .+"),
    Case("turtle undeclared prefix", _data_dir_with("bad.ttl", "nope:a nope:b nope:c .\n"), 3,
         r"Error: bad RDF in {tmp}/d/bad\.ttl, line 1: The prefix nope: has not been declared"),
    Case("n-triples bad line", _data_dir_with("bad.nt", "<a> <b> .\n"), 3,
         r"Error: bad RDF in {tmp}/d/bad\.nt, line 1: .+"),
    Case("n-quads bad line",
         _data_dir_with("bad.nq", "<https://x/a> <https://x/b> \"c\" <g\n"), 3,
         r"Error: bad RDF in {tmp}/d/bad\.nq, line 1: .+"),
    Case("triples outside a named graph",
         _data_dir_with("loose.trig", f"{HEAD}ex:a ex:b ex:c .\n"), 3,
         r"Error: bad RDF in {tmp}/d/loose\.trig: triples outside any named graph .+"),
    Case("not UTF-8 content",
         _data_dir_with("latin1.ttl", b'<https://x/a> <https://x/b> "\xe5" .\n'), 3,
         r"Error: bad RDF in {tmp}/d/latin1\.ttl, line 1: .+"),
    Case("100k nested blank-node brackets",
         _data_dir_with("deep.trig", _nested("[ ex:p", "]", 100_000)), 3,
         r"Error: bad RDF in {tmp}/d/deep\.trig, line 3: brackets nested deeper than 64 levels"),
    Case("deep collections", _data_dir_with("lists.trig", _nested("(", ")", 100)), 3,
         r"Error: bad RDF in {tmp}/d/lists\.trig, line 3: brackets nested deeper than 64 levels"),
    Case("non-UTF-8 file name", _non_utf8_name, 3,
         r"Error: cannot read {tmp}/d/bad\\xff\.ttl: its file name is not UTF-8 text .+"),
    Case("two data dirs with x.ttl", _two_dirs, 3,
         r"Error: two data files would both fill graph https://w3id\.org/samverkan/graph/user/x: "
         r"{tmp}/one/x\.ttl and {tmp}/two/x\.ttl \(rename one of them\)"),
    Case("missing data dir", _missing_dir, 3, r"Error: data dir not found: {tmp}/nowhere"),
    Case("data dir is a file", _dir_is_file, 3,
         r"Error: data dir is not a folder: {tmp}/plain\.txt"),
    Case("cache folder under a file", _cache_under_a_file, 3,
         r"Error: cannot write the cache folder {tmp}/afile/cache: Not a directory .+"),
    Case("export into a missing folder", _export_into_missing_folder, 3,
         r"Error: cannot write {tmp}/missing/out\.trig: No such file or directory"),
    Case("export -o below a file", _export_below_a_file, 3,
         r"Error: cannot write {tmp}/afile/out\.nq: Not a directory"),
    Case("validate: missing data file", lambda tmp: ["validate", "--data", str(tmp / "no.trig")],
         3, r"Error: data file not found: {tmp}/no\.trig"),
    Case("validate: unknown format", _validate_with("x.rdf", "<rdf/>"), 3,
         r"Error: cannot read {tmp}/x\.rdf: unknown RDF format \(use .+\)"),
    Case("validate: syntax error, same words as build", _validate_with("bad.trig", BAD_TRIG), 3,
         r"Error: bad RDF in {tmp}/bad\.trig, line 4: .+"),
    Case("validate: deep nesting", _validate_with("deep.trig", _nested("[ ex:p", "]", 1000)), 3,
         r"Error: bad RDF in {tmp}/deep\.trig, line 3: brackets nested deeper than 64 levels"),
    Case("validate: triples outside a named graph",
         _validate_with("loose.trig", f"{HEAD}ex:a ex:b ex:c .\n"), 3,
         r"Error: bad RDF in {tmp}/loose\.trig: triples outside any named graph .+"),
]


def _digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for root in paths:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _cache_state(cache: Path) -> list[tuple[str, int, int]]:
    return sorted((str(p.relative_to(cache)), p.stat().st_size, p.stat().st_mtime_ns)
                  for p in cache.rglob("*") if p.is_file() and "/LOG" not in str(p)
                  and not p.name.startswith("LOG"))


@pytest.fixture(scope="module")
def tracked_digest() -> str:
    return _digest(TRACKED)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case, tmp_path: Path, isolated_cache: Path, tracked_digest: str) -> None:
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    before = _cache_state(isolated_cache)
    work = tmp_path / "case"
    work.mkdir()
    args = case.setup(work)
    files_before = sorted(p.name for p in work.rglob("*"))
    result = CliRunner().invoke(main, args)
    assert result.exit_code == case.code, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert re.fullmatch(case.message.format(tmp=re.escape(str(work))), lines[0]), lines[0]
    assert result.stdout == ""
    assert _cache_state(isolated_cache) == before  # no half build, nothing replaced
    assert not any(p.name.startswith(".build-") for p in isolated_cache.iterdir())
    assert sorted(p.name for p in work.rglob("*")) == files_before  # no output file appeared
    assert _digest(TRACKED) == tracked_digest


def test_export_to_a_full_device_is_one_line(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("this system has no /dev/full")
    env = {**os.environ, "SAMVERKAN_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("SAMVERKAN_DATA_DIR", None)
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "samverkan", "export"], env=env,
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 3
    assert done.stderr == "Error: cannot write to standard output: No space left on device\n"
