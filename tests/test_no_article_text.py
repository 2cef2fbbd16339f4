"""The project stores facts, never the articles' sentences: no file repeats eight words in a row
of a seed article or of a text of the extraction dev set. Runs only where those articles sit
beside the checkout (../shared).

A source file's `schema:url` line is the article's address, whose slug often repeats the title;
it is left out of the comparison, nothing else is. Headlines of eight words or more are not
recorded at all (docs/curation.md)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
DEV = ROOT.parent / "shared" / "extraction" / "dev"
WORD = re.compile(r"\w+", re.UNICODE)


def eight_word_runs(text: str) -> set[str]:
    words = [w.lower() for w in WORD.findall(text)]
    return {" ".join(words[i:i + 8]) for i in range(len(words) - 7)}


def _tracked_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    return listed.stdout.split() or [str(p.relative_to(ROOT)) for p in ROOT.rglob("*")
                                     if p.is_file() and ".venv" not in p.parts]


def _text_of(name: str) -> str | None:
    try:
        text = (ROOT / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if name.startswith("data/sources/"):
        text = "\n".join(line for line in text.splitlines() if "schema:url" not in line)
    return text


def _copied(articles: set[str]) -> dict[str, str]:
    copied = {}
    for name in _tracked_files():
        text = _text_of(name)
        if text is None:
            continue
        common = eight_word_runs(text) & articles
        if common:
            copied[name] = sorted(common)[0]
    return copied


def test_run_detection() -> None:
    runs = eight_word_runs("Ett två tre fyra fem sex sju åtta nio")
    assert runs == {"ett två tre fyra fem sex sju åtta", "två tre fyra fem sex sju åtta nio"}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles (../shared/seeds) not present")
def test_no_tracked_file_copies_an_article_sentence() -> None:
    seeds: set[str] = set()
    for path in SEEDS.glob("*.txt"):
        seeds |= eight_word_runs(path.read_text(encoding="utf-8"))
    assert len(seeds) > 500
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    files = listed.stdout.split() or [str(p.relative_to(ROOT)) for p in ROOT.rglob("*")
                                      if p.is_file() and ".venv" not in p.parts]
    copied = {}
    for name in files:
        path = ROOT / name
        try:
            common = eight_word_runs(path.read_text(encoding="utf-8")) & seeds
        except (OSError, UnicodeDecodeError):
            continue
        if common:
            copied[name] = sorted(common)[0]
    assert copied == {}


@pytest.mark.skipif(not DEV.is_dir(), reason="extraction dev set (../shared/extraction/dev) "
                    "not present")
def test_no_tracked_file_copies_a_dev_set_sentence() -> None:
    runs: set[str] = set()
    texts = sorted(DEV.glob("*.txt"))
    for path in texts:
        lines = path.read_text(encoding="utf-8").splitlines()
        runs |= eight_word_runs("\n".join(lines[1:]))  # the `source:` line is an address
    assert len(texts) == 30 and len(runs) > 5000
    assert _copied(runs) == {}


def test_address_lines_of_sources_are_the_only_exemption() -> None:
    text = _text_of("data/sources/454fdfd2f4c427fc.trig")
    assert "schema:url" not in text and "schema:identifier" in text


def test_no_source_records_a_headline_of_eight_words() -> None:
    """A headline of eight words or more would be a run of the article's text: left out."""
    long = [path.name for path in (ROOT / "data" / "sources").glob("*.trig")
            for match in re.finditer(r'schema:headline "([^"]*)"', path.read_text(encoding="utf-8"))
            if len(WORD.findall(match.group(1))) >= 8]
    assert long == []
