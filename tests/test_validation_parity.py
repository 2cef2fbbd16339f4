"""pyshacl-turbo (the default engine) and pySHACL (the reference) give the same results.

Over every regression folder of tests/shapes/ (its failing example on the small base world) and
over the shipped graph, both engines must report the same (focus node, shape, severity, path,
value) set. Blank nodes are compared as blank nodes: their labels are the engine's own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from samverkan.sources import all_sources, shipped_sources
from samverkan.validation import data_file_sources, validate

CASES = Path(__file__).resolve().parent / "shapes"
BASE = CASES / "base.trig"
FOLDERS = sorted(p for p in CASES.iterdir() if p.is_dir())


def _rows(report) -> set[tuple[str, str, str, str | None, str | None]]:
    def plain(text: str | None) -> str | None:
        return "_:" if text is not None and text.startswith("_:") else text

    return {(plain(f.focus) if not f.focus.startswith("_:") else "_:", f.shape, f.severity,
             f.path, plain(f.value)) for f in report.findings}


def _both(sources) -> tuple[set, set]:
    return (_rows(validate(sources, engine="turbo")), _rows(validate(sources, engine="pyshacl")))


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_engines_agree_on_the_failing_example(folder: Path) -> None:
    ontology = [s for s in shipped_sources() if s.label.startswith("ontology/")]
    turbo, reference = _both(ontology + data_file_sources([BASE, folder / "fail.trig"]))
    assert turbo == reference
    assert turbo  # every failing example fails, on both engines


def test_engines_agree_on_the_shipped_graph() -> None:
    turbo, reference = _both(all_sources())
    assert turbo == reference == set()


def test_unknown_engine_is_a_usage_error() -> None:
    from samverkan.errors import UsageError

    with pytest.raises(UsageError, match="unknown validation engine 'jena'"):
        validate(all_sources(), engine="jena")
