"""One regression folder per shape and problem (pySHACL style), under tests/shapes/.

Each folder holds fail.trig (one problem), pass.trig (its corrected twin) and expect.txt (the
focus node and source shape of every result fail.trig must give). Both files are validated on top
of tests/shapes/base.trig, a small world that conforms, and the shipped ontology.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from samverkan.sources import shipped_sources
from samverkan.validation import PREFIXES, data_file_sources, validate

CASES = Path(__file__).resolve().parent / "shapes"
BASE = CASES / "base.trig"
FOLDERS = sorted(p for p in CASES.iterdir() if p.is_dir())


def _expand(short: str) -> str:
    prefix, _, local = short.partition(":")
    return PREFIXES[prefix] + local


def _expected(folder: Path) -> set[tuple[str, str, str]]:
    rows = set()
    for line in (folder / "expect.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        severity = parts[2] if len(parts) > 2 else "Violation"
        rows.add((_expand(parts[0]), parts[1], severity))
    return rows


def _results(*files: Path) -> set[tuple[str, str, str]]:
    ontology = [s for s in shipped_sources() if s.label.startswith("ontology/")]
    report = validate(ontology + data_file_sources(files))
    return {(f.focus, f.shape, f.severity) for f in report.findings}


def test_base_conforms() -> None:
    assert _results(BASE) == set()


def test_every_shape_has_a_failing_example() -> None:
    from samverkan.validation import load_shapes

    shapes = load_shapes()
    named = {
        str(s).replace(PREFIXES["shp"], "shp:")
        for s in shapes.subjects()
        if str(s).startswith(PREFIXES["shp"])
        and (s, None, None) in shapes
        and any(True for _ in shapes.objects(s, None))
    }
    # helpers used only through sh:node / sh:not / sh:prefixes have no results of their own
    helpers = {"shp:prefixes", "shp:Organisation", "shp:NamedAgent", "shp:PoliticalParty",
               "shp:Municipality", "shp:MunicipalityArea", "shp:County", "shp:Post",
               "shp:Agreement", "shp:Article", "shp:Claim", "shp:TextLocator"}
    helpers |= {n for n in named if n.startswith("shp:In") and n.endswith("Scheme")}
    covered = {shape for folder in FOLDERS for _, shape, _ in _expected(folder)}
    assert sorted(named - helpers - covered) == []


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_failing_example(folder: Path) -> None:
    assert _results(BASE, folder / "fail.trig") == _expected(folder)


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_passing_twin(folder: Path) -> None:
    assert _results(BASE, folder / "pass.trig") == set()
