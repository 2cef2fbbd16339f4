"""The project stores facts, never the articles' sentences: no file repeats eight words in a row
of a seed article. Runs only where the seed articles sit beside the checkout (../shared)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
WORD = re.compile(r"\w+", re.UNICODE)


def eight_word_runs(text: str) -> set[str]:
    words = [w.lower() for w in WORD.findall(text)]
    return {" ".join(words[i:i + 8]) for i in range(len(words) - 7)}


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
