"""Extraction speed: articles per second over the development set, and a 1 MB invented text.

The reference measured in the same run is the tokenizer alone on the same text (the least any
pass over the words costs), so the ratio says how much the patterns add on this machine.
The development set lives in ../shared; without it that part is skipped with a note.
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.timing import median_seconds
from samverkan.extraction import Article, extract
from samverkan.extraction.gazetteer import gazetteer
from samverkan.extraction.patterns import tokenize

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "extraction" / "dev"
FIXTURES = ROOT / "tests" / "fixtures" / "extraction"
RUNS = 5


def invented_text(size: int = 1_000_000) -> str:
    """About ``size`` bytes of the invented test articles, one after the other."""
    bodies = [Article.from_bytes(path.read_bytes()).text
              for path in sorted(FIXTURES.glob("*.txt"))]
    parts, total, index = [], 0, 0
    while total < size:
        body = bodies[index % len(bodies)]
        parts.append(body)
        total += len(body.encode("utf-8")) + 1
        index += 1
    return "\n".join(parts)


def main() -> None:
    started = time.perf_counter()
    gazetteer()
    print(f"gazetteer load (vocabulary, 290 kommuner, names): "
          f"{(time.perf_counter() - started) * 1000:.1f} ms")
    if DEV.is_dir():
        articles = [Article.from_bytes(p.read_bytes(), p.stem) for p in sorted(DEV.glob("*.txt"))]
        extract(articles[0])
        seconds = median_seconds(lambda: [extract(a) for a in articles], RUNS)
        print(f"dev set: {len(articles)} articles in {seconds:.3f} s (median of {RUNS}) = "
              f"{len(articles) / seconds:.0f} articles/s on one core")
    else:
        print(f"dev set: skipped ({DEV} is absent)")
    text = invented_text()
    article = Article.from_text(text, "invented-1mb")
    seconds = median_seconds(lambda: extract(article), runs=3)
    reference = median_seconds(lambda: tokenize(text), runs=3)
    print(f"1 MB invented text ({len(text.encode('utf-8'))} bytes, "
          f"{len(article.paragraphs)} paragraphs): {seconds:.2f} s (median of 3); "
          f"tokenizer alone {reference:.3f} s; ratio {seconds / reference:.0f}x")


if __name__ == "__main__":
    main()
