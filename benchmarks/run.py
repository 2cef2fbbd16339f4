"""``make bench``: the one table of benchmarks/table.py, or named benchmark modules.

``python -m benchmarks.run`` prints the table at 6k and 100k triples; ``--sizes 6k,100k,1m``
(or ``SAMVERKAN_BENCH_SIZES``) adds the million (about 10 minutes here), ``--load`` adds the
``load`` rows and the parallel-PUT figures. ``python -m benchmarks.run cli validate`` runs the
older detail modules (benchmarks/bench_*.py) by name instead.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import time

import benchmarks


def run_modules(names: list[str]) -> None:
    found = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__)
                   if m.name.startswith("bench_"))
    for name in found:
        if name not in names and name.removeprefix("bench_") not in names:
            continue
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        importlib.import_module(f"benchmarks.{name}").main()
        print(f"   ({time.perf_counter() - started:.1f} s)\n", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("modules", nargs="*", help="bench_* modules to run instead of the table")
    parser.add_argument("--sizes", default=os.environ.get("SAMVERKAN_BENCH_SIZES", "6k,100k"),
                        help="comma-separated: 6k, 100k, 1m, 10m (default 6k,100k)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measure below 1M")
    parser.add_argument("--load", action="store_true",
                        help="also measure load into oxigraph serve, and parallel PUTs")
    args = parser.parse_args(argv)
    if args.modules:
        run_modules(args.modules)
        return
    from benchmarks.table import SIZES, parallel_loads
    from benchmarks.table import main as table

    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {', '.join(unknown)} (use {', '.join(SIZES)})")
    started = time.perf_counter()
    table(sizes, args.runs, args.load)
    if args.load:
        for size in ("100k", "1m"):
            if size in sizes:
                print(f"\nload --jobs N at {size} (in process) beside one PUT:", flush=True)
                parallel_loads(SIZES[size], args.runs if SIZES[size] < 1_000_000 else 1)
    print(f"\n({time.perf_counter() - started:.0f} s; medians of whole processes, anchors "
          "interleaved)", flush=True)


if __name__ == "__main__":
    main()
