"""Start-up and warm-query wall times of the CLI, against `python -c pass`, `oxigraph query` and
the Python floor (a script that imports pyoxigraph, opens the store read-only, runs the query).

Also compares the two ways DESIGN.md names to serve a compiled graph: opening the on-disk
RocksDB store read-only versus loading an N-Quads dump into an in-memory store.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

from benchmarks.table import SCRIPT_FLOOR, compile_package
from benchmarks.timing import median_seconds
from samverkan.savedqueries import bind, find_query
from samverkan.store import open_store

RUNS = 9
QUERY = "posts-in-kommun"


def _median_seconds(command: list[str], env: dict, runs: int = RUNS) -> float:
    return median_seconds(lambda: subprocess.run(command, env=env, stdout=subprocess.DEVNULL,
                                                 stderr=subprocess.DEVNULL, check=True), runs)


def main() -> None:
    cache = Path(tempfile.mkdtemp(prefix="samverkan-bench-"))
    env = {**os.environ, "SAMVERKAN_CACHE_DIR": str(cache)}
    env.pop("SAMVERKAN_DATA_DIR", None)
    samverkan = str(Path(sys.executable).with_name("samverkan"))
    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or "oxigraph"
    try:
        built = open_store(cache_dir=cache)
        quads = built.manifest["quads"]
        location = built.path / "oxigraph"
        text = bind(find_query(QUERY), {})
        del built
        compile_package()
        python = sys.executable
        help_s = _median_seconds([samverkan, "--help"], env)
        pass_s = _median_seconds([python, "-c", "pass"], env)
        query_s = _median_seconds([samverkan, "query", QUERY, "--format", "csv"], env)
        oxigraph_s = _median_seconds(
            [oxigraph, "query", "--location", str(location), "--query", text,
             "--results-format", "csv", "--union-default-graph"], env)
        floor_s = _median_seconds([python, "-c", SCRIPT_FLOOR, str(location), text], env)
        print(f"graph: {quads} quads; medians of {RUNS} runs (wall clock, whole process)")
        print(f"  samverkan --help                 {help_s * 1000:7.0f} ms")
        print(f"  python -c pass                   {pass_s * 1000:7.0f} ms")
        print(f"  samverkan query {QUERY} (warm) {query_s * 1000:7.0f} ms")
        print(f"  oxigraph query, same store/query {oxigraph_s * 1000:7.0f} ms")
        print(f"  Python floor, same store/query   {floor_s * 1000:7.0f} ms")
        print(f"  ratio samverkan/oxigraph          {query_s / oxigraph_s:7.2f}")
        print(f"  ratio samverkan/Python floor      {query_s / floor_s:7.2f}")

        dump = ox.Store.read_only(str(location)).dump(format=ox.RdfFormat.N_QUADS)
        def open_disk() -> None:
            ox.Store.read_only(str(location)).query(text, use_default_graph_as_union=True)
        def load_memory() -> None:
            store = ox.Store()
            store.bulk_load(dump, format=ox.RdfFormat.N_QUADS)
            store.query(text, use_default_graph_as_union=True)
        disk_s = median_seconds(open_disk, RUNS)
        memory_s = median_seconds(load_memory, RUNS)
        print("in-process, open + one query:")
        print(f"  RocksDB store opened read-only   {disk_s * 1000:7.1f} ms")
        print(f"  N-Quads dump into memory store   {memory_s * 1000:7.1f} ms")
    finally:
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
