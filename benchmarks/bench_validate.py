"""Wall time of `samverkan validate` and where it goes: rdflib parse, pySHACL, report.

Two datasets: the shipped graph, and the shipped graph plus a synthetic source of about
100,000 triples from ``benchmarks.generate``. Each figure is the median of
a few runs in one process (the prepared SPARQL of the shapes is shared between runs, as it is
between the constraints of one run). Run with ``make bench`` or
``python -m benchmarks.bench_validate``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.generate import write_synthetic
from samverkan.sources import all_sources
from samverkan.validation import data_file_sources, validate

RUNS_SHIPPED = 3
RUNS_SYNTHETIC = 3
SYNTHETIC_TRIPLES = 100_000


def _measure(sources, runs: int) -> dict[str, float]:
    rows = []
    for _ in range(runs):
        started = time.perf_counter()
        report = validate(sources)
        wall = time.perf_counter() - started
        rows.append({**report.timings, "wall": wall, "triples": report.triples,
                     "results": len(report.findings)})
    return {key: statistics.median(r[key] for r in rows) for key in rows[0]}


def _print(name: str, m: dict[str, float], runs: int) -> None:
    print(
        f"{name}: {int(m['triples']):,} triples, {int(m['results'])} results; "
        f"median of {runs}: {m['wall']:.2f} s wall = parse {m['parse']:.2f} s "
        f"+ pySHACL {m['shacl']:.2f} s + report {m['report']:.3f} s",
        flush=True,
    )


def main() -> None:
    shipped = all_sources()
    _print("shipped graph", _measure(shipped, RUNS_SHIPPED), RUNS_SHIPPED)
    with tempfile.TemporaryDirectory(prefix="samverkan-bench-") as tmp:
        path = Path(tmp) / "synthetic.trig"
        write_synthetic(path, SYNTHETIC_TRIPLES)
        sources = shipped + data_file_sources([path])
        _print("shipped + synthetic", _measure(sources, RUNS_SYNTHETIC), RUNS_SYNTHETIC)


if __name__ == "__main__":
    main()
