"""The project stores facts, never the articles' sentences: no file repeats eight words in a row
of a seed article or of a text of the extraction dev set. Runs only where those articles sit
beside the checkout (../shared).

A source file's `schema:headline` and `schema:url` lines are the article's metadata (its title
and its address, whose slug often repeats the title; docs/curation.md), not sentences of its body,
and are left out of the comparison; nothing else is."""

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
        text = "\n".join(line for line in text.splitlines()
                         if "schema:headline" not in line and "schema:url" not in line)
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
    # a headline recorded as metadata may be shown wherever sources are listed (query rows)
    headlines = set()
    for path in (ROOT / "data" / "sources").glob("*.trig"):
        for match in re.finditer(r'schema:headline "([^"]*)"', path.read_text(encoding="utf-8")):
            headlines |= eight_word_runs(match.group(1))
    assert len(headlines) >= 10
    assert _copied(runs - headlines) == {}


def test_headline_lines_of_sources_are_the_only_exemption() -> None:
    assert _text_of("data/sources/0ca39221fbb1cfdd.trig").count("schema:headline") == 0
    assert "schema:identifier" in _text_of("data/sources/0ca39221fbb1cfdd.trig")
