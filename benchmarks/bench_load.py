"""Load time and throughput (triples/s) into a real local Oxigraph server.

Two datasets: the shipped graph, and a synthetic one of about 1,000,000 triples in 20 named
graphs, shaped like the real data (labels, codes, dates, links between organisations and a
blank-node locator per entity). Two ways in: Graph Store PUT (one request per graph) and
SPARQL Update (chunks into a temporary graph, then MOVE). The shipped figures are medians of
five runs into the same server (after the first, every load replaces graphs that exist); the
synthetic graph is loaded once into empty graphs and once more replacing them, each way.
Run with ``make bench`` or ``python -m benchmarks.bench_load``.
"""

from __future__ import annotations

import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox

from samverkan.load import GraphStoreTarget, HttpClient, UpdateTarget, load
from samverkan.store import memory_store

SYNTHETIC_GRAPHS = 20
ENTITIES_PER_GRAPH = 5_000  # 10 triples each: 20 x 5,000 x 10 = 1,000,000 triples
RUNS_SHIPPED = 5


def _binary() -> str:
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        raise SystemExit("the oxigraph server binary is missing: pip install oxigraph")
    return found


class Server:
    """`oxigraph serve` on 127.0.0.1 and a free port, with its own store folder."""

    def __init__(self, folder: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [_binary(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(600):
            try:
                with urllib.request.urlopen(self.base + "/query?query=ASK%7B%7D", timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise SystemExit("oxigraph server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def synthetic_store() -> ox.Store:
    """About a million triples, ten per entity, spread over named graphs."""
    ns = "https://w3id.org/samverkan/"
    sam, skos, xsd = ns + "ontology#", "http://www.w3.org/2004/02/skos/core#", \
        "http://www.w3.org/2001/XMLSchema#"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    p = {name: ox.NamedNode(iri) for name, iri in {
        "label": skos + "prefLabel", "code": sam + "municipalityCode",
        "start": "https://schema.org/startDate", "org": "http://www.w3.org/ns/org#organization",
        "role": "http://www.w3.org/ns/org#role", "locator": sam + "locator",
        "paragraph": sam + "paragraph", "sentence": sam + "sentence",
    }.items()}
    membership = ox.NamedNode("http://www.w3.org/ns/org#Membership")
    role = ox.NamedNode(ns + "vocab/role/sakerhetschef")
    quads = []
    for g in range(SYNTHETIC_GRAPHS):
        graph = ox.NamedNode(f"{ns}graph/synthetic/{g:02d}")
        for i in range(ENTITIES_PER_GRAPH):
            s = ox.NamedNode(f"{ns}id/synthetic/{g}/{i}")
            locator = ox.BlankNode()
            quads += [
                ox.Quad(s, rdf_type, membership, graph),
                ox.Quad(s, p["label"], ox.Literal(f"post {g}-{i}", language="sv"), graph),
                ox.Quad(s, p["code"], ox.Literal(f"{i % 10000:04d}"), graph),
                ox.Quad(s, p["start"], ox.Literal(f"20{i % 25:02d}-01-01",
                                                  datatype=ox.NamedNode(xsd + "date")), graph),
                ox.Quad(s, p["org"], ox.NamedNode(f"{ns}id/kommun/{i % 290:04d}"), graph),
                ox.Quad(s, p["role"], role, graph),
                ox.Quad(s, p["locator"], locator, graph),
                ox.Quad(locator, p["paragraph"], ox.Literal(str(i % 40 + 1),
                                                            datatype=ox.NamedNode(xsd + "integer")),
                        graph),
                ox.Quad(locator, p["sentence"], ox.Literal(str(i % 7 + 1),
                                                           datatype=ox.NamedNode(xsd + "integer")),
                        graph),
                ox.Quad(locator, rdf_type, ox.NamedNode(sam + "TextLocator"), graph),
            ]
    store = ox.Store()
    store.bulk_extend(quads)
    return store


def _measure(store: ox.Store, make_target, runs: int) -> tuple[float, int, list[float]]:
    times, triples = [], 0
    for _ in range(runs):
        report = load(store, make_target())
        times.append(report.seconds)
        triples = report.triples
    return statistics.median(times), triples, times


def _line(label: str, seconds: float, triples: int, times: list[float]) -> None:
    runs = ", ".join(f"{t:.2f}" for t in times)
    print(f"   {label:<34} {triples:>9,} triples  median {seconds:7.2f} s  "
          f"{triples / seconds:>10,.0f} triples/s  (runs: {runs})", flush=True)


def main() -> None:
    """Print load figures for the shipped and the synthetic graph, both ways in."""
    with tempfile.TemporaryDirectory(prefix="samverkan-bench-load-") as tmp:
        server = Server(Path(tmp) / "store")
        try:
            client = HttpClient(timeout=600, retries=0)

            def gsp():
                return GraphStoreTarget(server.base + "/store", client)

            def update():
                return UpdateTarget(server.base + "/update", client)

            shipped = memory_store()
            _line("shipped, Graph Store PUT", *_measure(shipped, gsp, RUNS_SHIPPED))
            _line("shipped, SPARQL Update", *_measure(shipped, update, RUNS_SHIPPED))
            started = time.perf_counter()
            synthetic = synthetic_store()
            print(f"   (synthetic graph built in {time.perf_counter() - started:.1f} s)",
                  flush=True)
            # one run each: a million triples take minutes, and the spread is small beside that
            _line("synthetic, PUT into empty graphs", *_measure(synthetic, gsp, 1))
            _line("synthetic, PUT replacing graphs", *_measure(synthetic, gsp, 1))
            _line("synthetic, Update replacing graphs", *_measure(synthetic, update, 1))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
