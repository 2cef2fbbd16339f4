"""`samverkan serve` under load on loopback, with `oxigraph serve` on the same query as reference.

Prints requests/s and p50/p99 latency for a kommun page, a saved query through /api and the
same query through /sparql, at 1, 10 and 50 concurrent clients (keep-alive connections, client
threads spread over a few processes so the client is not the bottleneck), the ratio to
`oxigraph serve --union-default-graph` on the same SPARQL text, and the server's errors and
memory (RSS) over 10,000 mixed requests. Every loop is bounded; nothing here is a test.

    python -m benchmarks.bench_serve            # or: make bench (runs every benchmark)
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEVELS = (1, 10, 50)
REQUESTS = {1: 300, 10: 1500, 50: 2500}
MEMORY_REQUESTS = 10_000
PROCESSES = 4


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _binary(name: str) -> str | None:
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name)


def _wait(url: str, process: subprocess.Popen) -> None:
    for _ in range(600):  # up to about 60 s
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.stderr.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not start")


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _client(args: tuple) -> tuple[list[float], int]:
    """One process: ``threads`` keep-alive clients sharing ``count`` requests of ``paths``."""
    import threading

    port, paths, headers, count, threads = args
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    todo = [count]

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        n = 0
        while True:
            with lock:
                if todo[0] <= 0:
                    break
                todo[0] -= 1
            path = paths[n % len(paths)]
            n += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                reply = conn.getresponse()
                reply.read()
                ok = reply.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors[0] += 1
        conn.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return latencies, errors[0]


def drive(port: int, paths: list[str], headers: dict, clients: int, count: int) -> dict:
    """Run ``count`` requests with ``clients`` concurrent connections; figures of the run."""
    processes = min(PROCESSES, clients)
    per = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    share = [count // processes + (1 if i < count % processes else 0) for i in range(processes)]
    jobs = [(port, paths, headers, share[i], per[i]) for i in range(processes)]
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        results = pool.map(_client, jobs)
    wall = time.perf_counter() - started
    latencies = sorted(x for lat, _ in results for x in lat)
    errors = sum(e for _, e in results)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return {"rps": len(latencies) / wall, "p50": statistics.median(latencies) * 1000,
            "p99": p99 * 1000, "errors": errors, "n": len(latencies)}


def main() -> None:
    sys.path.insert(0, str(ROOT / "cli"))
    from samverkan.savedqueries import bind, find_query

    oxigraph = _binary("oxigraph")
    samverkan = _binary("samverkan")
    if samverkan is None:
        print("samverkan is not installed in this environment; skipped")
        return
    text = bind(find_query("posts-in-kommun"), {"kommun": "id:kommun/1278"})
    sparql_path = "/sparql?" + urllib.parse.urlencode({"query": text})
    json_accept = {"Accept": "application/sparql-results+json"}
    cases = [
        ("kommun page", ["/id/kommun/1278"], {"Accept": "text/html"}),
        ("saved query /api", ["/api/posts-in-kommun?kommun=id%3Akommun%2F1278"], json_accept),
        ("/sparql", [sparql_path], json_accept),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, SAMVERKAN_CACHE_DIR=str(Path(tmp) / "cache"))
        env.pop("SAMVERKAN_DATA_DIR", None)
        port = _free_port()
        server = subprocess.Popen([samverkan, "serve", "--port", str(port), "--workers", "8"],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        reference = None
        try:
            _wait(f"http://127.0.0.1:{port}/static/style.css", server)
            ox_port = None
            if oxigraph:
                dump = Path(tmp) / "all.trig"
                subprocess.run([samverkan, "export", "--format", "trig", "-o", str(dump)],
                               env=env, check=True, capture_output=True)
                location = Path(tmp) / "oxigraph"
                subprocess.run([oxigraph, "load", "--location", str(location), "--file",
                                str(dump)], check=True, capture_output=True)
                ox_port = _free_port()
                reference = subprocess.Popen(
                    [oxigraph, "serve-read-only", "--location", str(location), "--bind",
                     f"127.0.0.1:{ox_port}", "--union-default-graph"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                _wait(f"http://127.0.0.1:{ox_port}/query?query=ASK%7B%7D", reference)
            ox_path = "/query?" + urllib.parse.urlencode({"query": text})
            print(f"machine: {os.cpu_count()} cores, shared with other work (figures are "
                  "indicative); loopback, keep-alive, GET")
            print(f"{'case':<22}{'clients':>8}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}"
                  f"{'errors':>8}{'vs oxigraph':>13}")
            for clients in LEVELS:
                count = REQUESTS[clients]
                drive(port, cases[0][1], cases[0][2], clients, min(100, count))  # warm up
                ref = None
                if ox_port:
                    drive(ox_port, [ox_path], json_accept, clients, min(100, count))
                    ref = drive(ox_port, [ox_path], json_accept, clients, count)
                    print(f"{'oxigraph serve':<22}{clients:>8}{ref['rps']:>10.0f}"
                          f"{ref['p50']:>9.2f}{ref['p99']:>9.2f}{ref['errors']:>8}{'1.00':>13}")
                for name, paths, headers in cases:
                    fig = drive(port, paths, headers, clients, count)
                    ratio = f"{ref['rps'] / fig['rps']:.2f}x" if ref and name != "kommun page" \
                        else "-"
                    print(f"{name:<22}{clients:>8}{fig['rps']:>10.0f}{fig['p50']:>9.2f}"
                          f"{fig['p99']:>9.2f}{fig['errors']:>8}{ratio:>13}")
            mixed = [p for _, paths, _ in cases for p in paths]
            drive(port, mixed, {"Accept": "*/*"}, 10, 1000)
            before = _rss_kib(server.pid)
            fig = drive(port, mixed, {"Accept": "*/*"}, 10, MEMORY_REQUESTS)
            after = _rss_kib(server.pid)
            print(f"memory over {fig['n']} mixed requests (10 clients): RSS {before / 1024:.1f} "
                  f"MiB before, {after / 1024:.1f} MiB after ({(after - before) / 1024:+.1f} "
                  f"MiB); errors: {fig['errors']}; {fig['rps']:.0f} req/s")
            print("ratio = oxigraph serve req/s divided by samverkan req/s on the same query "
                  "(goal: /sparql <= 1.3x, /api <= 1.5x)")
        finally:
            for process in (server, reference):
                if process is not None:
                    process.terminate()
                    try:
                        process.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        process.kill()


if __name__ == "__main__":
    main()
