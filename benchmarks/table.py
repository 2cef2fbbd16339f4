"""The one benchmark table of ``make bench``: samverkan beside the engine beneath, at each size.

Every row is a whole process (wall clock, median of the runs) with its anchor run interleaved in
the same loop, so machine load hits both alike; memory is the peak resident size of each
process. Sizes are the shipped graph (about 6k triples) plus synthetic data from
``benchmarks.generate`` added through ``--data-dir``. Anchors:

- ``--help``: ``python -c pass``;
- warm query: ``oxigraph query`` on the same store with the same bound text, and the Python floor:
  a script that only imports pyoxigraph, opens the same store read-only and runs the same text;
- build: ``oxigraph load`` of the same TriG files into an empty folder (the two small ontology
  Turtle files aside);
- export: pyoxigraph's own ``Store.dump`` of the same store as N-Quads;
- validate: pyshacl-turbo alone on the same union, read from an N-Triples file;
- load: one HTTP PUT of the same N-Quads into a fresh ``oxigraph serve`` (what ``curl -T`` does).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SIZES = {"6k": 0, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
QUERY = "posts-in-kommun"
PARAMS = ["-p", "kommun", "id:kommun/1278"]
BIN = Path(sys.executable).parent


@dataclass
class Row:
    measure: str
    size: str
    ours: float
    anchor: float
    ours_mb: float
    anchor_mb: float
    anchor_name: str

    def line(self) -> str:
        ratio = self.ours / self.anchor if self.anchor else float("nan")
        return (f"| {self.measure} | {self.size} | {_fmt(self.ours)} | {self.anchor_name} "
                f"{_fmt(self.anchor)} | {ratio:.2f} | {self.ours_mb:,.0f} MB / "
                f"{self.anchor_mb:,.0f} MB |")


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


TIME = shutil.which("time") if Path("/usr/bin/time").exists() else None


def run(command: list[str], env: dict, stdout=subprocess.DEVNULL,
        stdin=None) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one process; a failure stops the benchmark.

    The peak comes from GNU time where it is installed: a child forked from this (large)
    Python process would otherwise count the parent's pages as its own.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        wrapped = [TIME, "-f", "%M", "-o", rss.name, *command] if TIME else command
        started = time.perf_counter()
        proc = subprocess.Popen(wrapped, env=env, stdout=stdout, stderr=subprocess.PIPE,
                                stdin=stdin)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode("utf-8", "replace")
        proc.stderr.close()
        peak_kb = usage.ru_maxrss
        if TIME:
            text = rss.read().strip().splitlines()
            peak_kb = int(text[-1]) if text and text[-1].isdigit() else peak_kb
    if code not in (0, 1):
        raise SystemExit(f"benchmark command failed ({code}): {command}\n{err}")
    return wall, peak_kb / 1024


def paired(runs: int, ours, anchor, before=None) -> tuple[float, float, float, float]:
    """Medians of interleaved runs: (ours s, anchor s, ours MB, anchor MB)."""
    a, b, am, bm = [], [], [], []
    for _ in range(runs):
        if before is not None:
            before()
        t, m = ours()
        a.append(t)
        am.append(m)
        if before is not None:
            before()
        t, m = anchor()
        b.append(t)
        bm.append(m)
    return statistics.median(a), statistics.median(b), max(am), max(bm)


SCRIPT_FLOOR = """
import sys, pyoxigraph as ox
result = ox.Store.read_only(sys.argv[1]).query(sys.argv[2], use_default_graph_as_union=True)
sys.stdout.buffer.write(result.serialize(format=ox.QueryResultsFormat.CSV))
"""
SCRIPT_DUMP = """
import sys, pyoxigraph as ox
with open(sys.argv[2], "wb") as out:
    ox.Store.read_only(sys.argv[1]).dump(out, format=ox.RdfFormat.N_QUADS)
"""
SCRIPT_TURBO = """
import sys, pyoxigraph as ox, rdflib, pyshacl_turbo
from pathlib import Path
data = ox.Store()
data.load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
shapes = rdflib.Graph()
for path in sorted(Path(sys.argv[2]).glob("*.ttl")):
    shapes.parse(path, format="turtle")
pyshacl_turbo.validate(data, shacl_graph=shapes, inference="none", allow_infos=True,
                       advanced=False, meta_shacl=False)
"""
SCRIPT_READ = """
import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
for graph in store.named_graphs():
    store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
"""
SCRIPT_PUT = """
import sys, urllib.request
body = open(sys.argv[2], "rb").read()
request = urllib.request.Request(sys.argv[1], data=body, method="POST",
                                 headers={"Content-Type": "application/n-quads"})
urllib.request.urlopen(request, timeout=3600).read()
"""


def measure_size(label: str, triples: int, runs: int, work: Path, with_load: bool) -> list[Row]:
    """Every measure at one size."""
    from benchmarks.generate import write_synthetic
    from samverkan.paths import resource_dir
    from samverkan.savedqueries import bind, find_query, parameter_values
    from samverkan.sources import all_sources
    from samverkan.store import open_store
    from samverkan.validation import union_store

    python = sys.executable
    samverkan = str(BIN / "samverkan")
    oxigraph = shutil.which("oxigraph", path=str(BIN)) or "oxigraph"
    folder = work / label
    data = folder / "data"
    data.mkdir(parents=True)
    if triples:
        write_synthetic(data / "synthetic.trig", triples)
    cache = folder / "cache"
    env = {**os.environ, "SAMVERKAN_CACHE_DIR": str(cache), "SAMVERKAN_DATA_DIR": str(data)}
    built = open_store([data], cache)
    location = built.path / "oxigraph"
    quads = built.manifest["quads"]
    size = f"{label} ({quads:,} quads)"
    rows: list[Row] = []

    def row(measure: str, result, anchor_name: str) -> None:
        rows.append(Row(measure, size, result[0], result[1], result[2], result[3], anchor_name))
        print(rows[-1].line(), flush=True)

    if label == "6k":
        row("`--help`", paired(max(runs, 5), lambda: run([samverkan, "--help"], env),
                               lambda: run([python, "-c", "pass"], env)), "`python -c pass`")

    text = bind(find_query(QUERY), parameter_values([tuple(PARAMS[1:])]))
    # warm: one run first stamps the sources' times and writes the query record, which entry
    # writes only once every file it records is over 2 s old (a change within the file
    # system's time resolution could otherwise go unseen); the store was built just now
    time.sleep(2.1)
    run([samverkan, "query", QUERY, *PARAMS, "--format", "csv"], env)
    row(f"warm `query {QUERY} -p kommun id:kommun/1278`",
        paired(max(runs, 5), lambda: run([samverkan, "query", QUERY, *PARAMS, "--format", "csv"],
                                         env),
               lambda: run([oxigraph, "query", "--location", str(location), "--query", text,
                            "--results-format", "csv", "--union-default-graph"], env)),
        "`oxigraph query`")
    row(f"warm `query {QUERY} -p kommun id:kommun/1278`",
        paired(max(runs, 5), lambda: run([samverkan, "query", QUERY, *PARAMS, "--format", "csv"],
                                         env),
               lambda: run([python, "-c", SCRIPT_FLOOR, str(location), text], env)),
        "Python floor (pyoxigraph, open read-only, query)")

    if label == "1m":  # every saved query once, at the size the goals name
        saved_query_rows(row, location, env, runs)

    sources = [s for s in all_sources([data]) if s.syntax in ("trig", "nquads")]
    scratch = folder / "scratch"

    def clean() -> None:
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir()

    row("`build --force`", paired(runs, lambda: run([samverkan, "build", "--force"], env),
                                  lambda: run([oxigraph, "load", "--location", str(scratch / "ox"),
                                               "--file", *[str(s.path) for s in sources]], env),
                                  before=clean), "`oxigraph load`")
    if label == "10m":  # the issue asks only build and one query at ten million
        shutil.rmtree(folder, ignore_errors=True)
        return rows
    built = open_store([data], cache)
    location = built.path / "oxigraph"
    del built

    row("`export --format nq`",
        paired(runs, lambda: run([samverkan, "export", "--format", "nq", "-o",
                                  str(folder / "ours.nq")], env),
               lambda: run([python, "-c", SCRIPT_DUMP, str(location), str(folder / "dump.nq")],
                           env)), "pyoxigraph dump")

    union_nt = folder / "union.nt"
    union, _parts, _names = union_store(all_sources([data]))
    union.dump(str(union_nt), format=__import__("pyoxigraph").RdfFormat.N_TRIPLES,
               from_graph=__import__("pyoxigraph").DefaultGraph())
    del union
    row("`validate`", paired(runs, lambda: run([samverkan, "validate"], env),
                             lambda: run([python, "-c", SCRIPT_TURBO, str(union_nt),
                                          str(resource_dir("shapes"))], env)),
        "pyshacl-turbo alone")

    if with_load:
        from benchmarks.bench_load import Server

        def fresh_server():
            shutil.rmtree(scratch, ignore_errors=True)
            scratch.mkdir()
            return Server(scratch / "served")

        servers: list = []

        def ours():
            servers.append(fresh_server())
            try:
                return run([samverkan, "load", "--graph-store", servers[-1].base + "/store",
                            "--timeout", "3600"], env)
            finally:
                servers.pop().stop()

        def anchor():
            servers.append(fresh_server())
            try:
                return run([python, "-c", SCRIPT_PUT, servers[-1].base + "/store",
                            str(folder / "ours.nq")], env)
            finally:
                servers.pop().stop()

        row("`load --graph-store` into `oxigraph serve`", paired(runs, ours, anchor),
            "one PUT of the N-Quads")
        # the client's memory floor: what pyoxigraph (RocksDB's block cache and table readers)
        # holds after reading every graph of the store once, with no HTTP at all
        row("`load` client vs reading every graph", paired(runs, ours, lambda: run(
            [python, "-c", SCRIPT_READ, str(location)], env)), "pyoxigraph read, no HTTP")
    shutil.rmtree(folder, ignore_errors=True)
    return rows


def saved_query_rows(row: Callable[..., None], location: Path, env: dict, runs: int) -> None:
    """Every saved query (benchmarks/bench_queries.py's runs): `samverkan query` beside
    `oxigraph query` with the same bound text, and the in-process time in the measure's name."""
    from benchmarks.bench_queries import every_run, expand, time_text
    from samverkan.savedqueries import bind, find_query

    samverkan = str(BIN / "samverkan")
    oxigraph = shutil.which("oxigraph", path=str(BIN)) or "oxigraph"
    for name, params in every_run():
        text = bind(find_query(name), {k: expand(v) for k, v in params.items()})
        seconds, _rows = time_text(location, text, max(runs, 3), 600)
        given = "".join(f" -p {k} {v}" for k, v in params.items())
        if seconds is None:
            print(f"| `query {name}{given}` | stopped after 600 s in process | | | | |",
                  flush=True)
            continue
        inside = f"{seconds * 1000:,.1f} ms in process"
        cli = [samverkan, "query", name, *[a for k, v in params.items() for a in ("-p", k, v)],
               "--format", "csv", "--timeout", "600"]
        row(f"`query {name}{given}` ({inside})",
            paired(max(runs, 3), lambda cli=cli: run(cli, env),
                   lambda text=text: run([oxigraph, "query", "--location", str(location),
                                          "--query", text, "--results-format", "csv",
                                          "--union-default-graph"], env)),
            "`oxigraph query`")


PARALLEL_JOBS = (1, 2, 4)


def parallel_loads(triples: int, runs: int = 1) -> None:
    """`load --jobs N` (in process, per-graph PUTs) beside one PUT of the same N-Quads, each
    into a fresh `oxigraph serve`, interleaved in one loop; `samverkan load` uses the default,
    2, which the table's load row measures as a whole process."""
    import pyoxigraph as ox

    from benchmarks.bench_load import Server
    from benchmarks.generate import write_synthetic
    from samverkan.load import DEFAULT_JOBS, GraphStoreTarget, HttpClient, load

    with tempfile.TemporaryDirectory(prefix="samverkan-bench-par-") as tmp:
        path = Path(tmp) / "s.trig"
        write_synthetic(path, triples)
        # on disk, as `samverkan load` reads it: per-graph dumps of an in-memory Store scan
        # every quad (1M triples then took 330 s one graph at a time, 23 s as one PUT)
        location = Path(tmp) / "store"
        built = ox.Store(str(location))
        built.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
        built.flush()
        del built
        store = ox.Store.read_only(str(location))
        nquads = Path(tmp) / "s.nq"
        store.dump(str(nquads), format=ox.RdfFormat.N_QUADS)
        graphs = len(list(store.named_graphs()))

        def fresh() -> Server:
            shutil.rmtree(Path(tmp) / "served", ignore_errors=True)
            return Server(Path(tmp) / "served")

        def one_put() -> float:
            server = fresh()
            try:
                started = time.perf_counter()
                subprocess.run([sys.executable, "-c", SCRIPT_PUT, server.base + "/store",
                                str(nquads)], check=True)
                return time.perf_counter() - started
            finally:
                server.stop()

        def jobs(n: int) -> float:
            server = fresh()
            try:
                target = GraphStoreTarget(server.base + "/store", HttpClient(timeout=3600,
                                                                             retries=0))
                return load(store, target, jobs=n, location=location).seconds
            finally:
                server.stop()

        times: dict[str, list[float]] = {}
        for _ in range(runs):
            times.setdefault("one PUT of the N-Quads", []).append(one_put())
            for n in PARALLEL_JOBS:
                label = f"--jobs {n}" + (" (default)" if n == DEFAULT_JOBS else "")
                times.setdefault(label, []).append(jobs(n))
        anchor = statistics.median(times["one PUT of the N-Quads"])
        for label, values in times.items():
            seconds = statistics.median(values)
            print(f"   {graphs} graphs, {len(store):,} triples, {label}: {seconds:.2f} s "
                  f"({seconds / anchor:.2f} x one PUT; runs: "
                  f"{', '.join(f'{v:.2f}' for v in values)})", flush=True)


def compile_package() -> None:
    """Byte-compile the package first, as pip does on install: start-up rows measure the
    installed command, not Python compiling its sources (PYTHONDONTWRITEBYTECODE aside)."""
    import compileall

    import samverkan

    compileall.compile_dir(str(Path(samverkan.__file__).parent), quiet=1)


def main(sizes: list[str], runs: int, with_load: bool) -> None:
    compile_package()
    print("| measure | size | samverkan | anchor | ratio | memory (samverkan / anchor) |")
    print("|---|---|---|---|---|---|", flush=True)
    with tempfile.TemporaryDirectory(prefix="samverkan-bench-") as tmp:
        for label in sizes:
            measure_size(label, SIZES[label], 1 if SIZES[label] >= 1_000_000 else runs,
                         Path(tmp), with_load)
