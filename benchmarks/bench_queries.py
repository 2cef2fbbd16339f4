"""Every saved query at one size: in-process and whole-process times, `oxigraph query` beside.

``python -m benchmarks.bench_queries --triples 1000000`` generates synthetic data
(``benchmarks.generate``), builds the store and runs every saved query with its defaults and
with the parameter sets of the exact-rows tests. Per query it prints the median in-process time
(open read-only once, then the query and its result table, in a child process so that a
runaway query is stopped at ``--timeout``), the median whole process of ``samverkan query`` and
the median of ``oxigraph query`` on the same store with the same bound text (the anchor, run
interleaved). ``--data-dir``/``--cache-dir`` reuse data and a store already built.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
# the parameter sets of the exact-rows tests beyond each query's defaults (tests/test_queries.py)
EXTRA_RUNS: list[tuple[str, dict[str, str]]] = [
    ("posts-in-kommun", {"kommun": "id:kommun/1780"}),
    ("post-succession", {"kommun": "id:kommun/1380", "role": "role:sakerhetsstrateg"}),
    ("cooperation-partners", {"kommun": "id:kommun/1278"}),
    ("plans-and-crisis-groups", {"kommun": "id:kommun/1780"}),
    ("work-areas", {"area": "area:totalforsvar"}),
    ("about", {"thing": "id:org/raddningstjansten-karlstad"}),
    ("kommun-police", {"kommun": "id:kommun/1780"}),
    ("incidents-in-kommun", {"kommun": "id:kommun/1278"}),
    ("claim-sources", {"claim": "id:cooperation/8dbca589b678"}),
    ("kommuner-without-security-post", {"lan": "id:area/lan/17"}),
    ("current-as-of", {"kommun": "https://w3id.org/samverkan/id/kommun/2309"}),
    # not a test's: `about` a kommun, the thing with the most statements at every size
    ("about", {"thing": "id:kommun/1278"}),
]
PREFIXES = {
    "id:": "https://w3id.org/samverkan/id/",
    "role:": "https://w3id.org/samverkan/vocab/role/",
    "area:": "https://w3id.org/samverkan/vocab/work-area/",
}
# the child process: open the store read-only once, then time the query N times
CHILD = """
import json, statistics, sys, time
import pyoxigraph as ox
from samverkan.sparql import run_local
location, path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(path, encoding="utf-8").read()
store = ox.Store.read_only(location)
times = []
for _ in range(runs):
    started = time.perf_counter()
    table = run_local(store, text).table
    times.append(time.perf_counter() - started)
    if times[0] > 1:  # a slow query is timed once
        break
print(json.dumps({"seconds": statistics.median(times), "rows": len(table.rows)}))
"""


@dataclass
class Timing:
    """One saved query with one parameter set, at one size (seconds; None after a timeout)."""

    name: str
    params: dict[str, str]
    rows: int | None
    in_process: float | None
    whole: float | None
    anchor: float | None

    @property
    def label(self) -> str:
        given = " ".join(f"-p {k} {v}" for k, v in self.params.items())
        return f"{self.name} {given}".strip()


def expand(value: str) -> str:
    """A parameter value of the table above as a full IRI (the CLI accepts the short form)."""
    for prefix, namespace in PREFIXES.items():
        if value.startswith(prefix):
            return namespace + value[len(prefix):]
    return value


def every_run(folder: Path | None = None) -> list[tuple[str, dict[str, str]]]:
    """Every saved query with its defaults, then the extra parameter sets."""
    from samverkan.savedqueries import saved_queries

    names = saved_queries(folder)
    return [(name, {}) for name in sorted(names)] + [r for r in EXTRA_RUNS if r[0] in names]


def _wall(command: list[str], env: dict, timeout: float) -> float | None:
    started = time.perf_counter()
    try:
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - started


def _median(values: list[float | None]) -> float | None:
    """The median; None when a run was stopped, NaN when nothing was run."""
    if not values:
        return float("nan")
    return None if any(v is None for v in values) else statistics.median(values)


def time_text(location: Path, text: str, runs: int, timeout: float) -> tuple[float | None,
                                                                          int | None]:
    """Median in-process seconds and row count of ``text``; (None, None) after ``timeout``."""
    with tempfile.NamedTemporaryFile("w", suffix=".rq", encoding="utf-8") as query:
        query.write(text)
        query.flush()
        try:
            done = subprocess.run([sys.executable, "-c", CHILD, str(location), query.name,
                                   str(runs)], capture_output=True, text=True, check=True,
                                  timeout=timeout)
        except subprocess.TimeoutExpired:
            return None, None
    result = json.loads(done.stdout)
    return result["seconds"], result["rows"]


def measure(location: Path, env: dict, runs: int, timeout: float,
            only: list[str] | None = None, folder: Path | None = None) -> list[Timing]:
    """Time every saved query (or those named in ``only``) on the store at ``location``.

    With ``folder``, the saved queries of that folder (another version, to compare): in process
    and `oxigraph query` only, as `samverkan query` runs the installed ones.
    """
    from samverkan.savedqueries import bind, find_query

    samverkan = str(BIN / "samverkan")
    oxigraph = shutil.which("oxigraph", path=str(BIN)) or "oxigraph"
    timings = []
    for name, params in every_run(folder):
        if only and name not in only:
            continue
        text = bind(find_query(name, folder), {k: expand(v) for k, v in params.items()})
        in_process, rows = time_text(location, text, runs, timeout)
        whole: list[float | None] = []
        anchor: list[float | None] = []
        if in_process is not None:
            cli = [samverkan, "query", name, "--format", "csv"]
            for key, value in params.items():
                cli += ["-p", key, value]
            for _ in range(runs if in_process < 1 else 1):
                if folder is None:
                    whole.append(_wall(cli, env, timeout))
                anchor.append(_wall([oxigraph, "query", "--location", str(location), "--query",
                                     text, "--results-format", "csv", "--union-default-graph"],
                                    env, timeout))
        stopped = in_process is None
        timing = Timing(name, params, rows, in_process, None if stopped else _median(whole),
                        None if stopped else _median(anchor))
        print(line(timing), flush=True)
        timings.append(timing)
    return timings


def _ms(seconds: float | None, timeout: float) -> str:
    if seconds is None:
        return f"> {timeout:.0f} s"
    return "–" if seconds != seconds else f"{seconds * 1000:,.1f} ms"


TIMEOUT = 120.0


def line(timing: Timing) -> str:
    """One row of the printed table."""
    timeout = TIMEOUT
    rows = "?" if timing.rows is None else str(timing.rows)
    return (f"| `{timing.label}` | {rows} | {_ms(timing.in_process, timeout)} | "
            f"{_ms(timing.whole, timeout)} | {_ms(timing.anchor, timeout)} |")


HEADER = ("| saved query | rows | in process | `samverkan query` | `oxigraph query` |\n"
          "|---|---|---|---|---|")


def main(argv: list[str] | None = None) -> None:
    """Generate (or reuse) data, build the store, time every saved query."""
    global TIMEOUT
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_queries",
                                     description=__doc__)
    parser.add_argument("--triples", type=int, default=100_000, help="synthetic triples")
    parser.add_argument("--runs", type=int, default=5, help="runs per query (median)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT,
                        help="seconds before one query process is stopped")
    parser.add_argument("--data-dir", type=Path, help="reuse this data folder (no generation)")
    parser.add_argument("--cache-dir", type=Path, help="reuse this cache folder")
    parser.add_argument("--only", action="append", help="only this saved query (repeatable)")
    parser.add_argument("--queries", type=Path,
                        help="time the .rq files of this folder instead (an older version, to "
                             "compare; no `samverkan query` column)")
    args = parser.parse_args(argv)
    TIMEOUT = args.timeout
    from benchmarks.generate import write_synthetic
    from samverkan.store import open_store

    with tempfile.TemporaryDirectory(prefix="samverkan-bench-q-") as tmp:
        data = args.data_dir
        if data is None:
            data = Path(tmp) / "data"
            data.mkdir()
            if args.triples:
                write_synthetic(data / "synthetic.trig", args.triples)
        cache = args.cache_dir or Path(tmp) / "cache"
        built = open_store([data], cache)
        location = built.path / "oxigraph"
        quads = built.manifest["quads"]
        del built
        env = {**os.environ, "SAMVERKAN_CACHE_DIR": str(cache), "SAMVERKAN_DATA_DIR": str(data)}
        print(f"{quads:,} quads; medians of {args.runs} runs; timeout {args.timeout:.0f} s")
        print(HEADER, flush=True)
        measure(location, env, args.runs, args.timeout, args.only, args.queries)


if __name__ == "__main__":
    main()
