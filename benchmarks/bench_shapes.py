"""What each SPARQL-based constraint of the shapes costs per focus node, on the engine beneath.

Why: a SPARQL constraint runs once per focus node, so one whose plan scans the whole graph
(an unbound pattern joined after the bound one) costs nodes × graph: invisible on the shipped
graph, minutes at a million triples. This runs every ``sh:select`` of ``shapes/`` through
pyoxigraph on the validation union (``$this`` substituted, as SHACL pre-binds it) for a sample
of its focus nodes and prints the median per node and the estimate for all of them, worst
first. Run as ``python -m benchmarks.run shapes`` (``SAMVERKAN_BENCH_TRIPLES`` sets the
synthetic size; default 1,000,000).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Namespace

from benchmarks.generate import write_synthetic
from samverkan.paths import resource_dir
from samverkan.sources import all_sources
from samverkan.validation import data_file_sources, union_store

SH = Namespace("http://www.w3.org/ns/shacl#")
SAMPLE = 40  # focus nodes timed per constraint
TARGETS = {  # how each SHACL target finds its focus nodes, as a pattern over ?t
    SH.targetClass: "?this a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{t}>",
    SH.targetSubjectsOf: "?this <{t}> ?any",
    SH.targetObjectsOf: "?any <{t}> ?this",
}


def constraints(shapes: Graph) -> list[tuple[str, str, list[str]]]:
    """(shape, SELECT text with prefixes, target patterns) of every SPARQL constraint."""
    prefixes = "".join(f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
                       for d in shapes.objects(None, SH.declare))
    found = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        select = shapes.value(constraint, SH.select)
        targets = [TARGETS[kind].format(t=target) for kind in TARGETS
                   for target in shapes.objects(shape, kind)]
        if select is not None and targets:
            found.append((str(shape).rsplit("/", 1)[-1], prefixes + str(select), targets))
    return sorted(found)


def measure(union: ox.Store, shapes: Graph) -> list[tuple[str, int, float]]:
    """(shape, focus nodes, median ms per node) for every SPARQL constraint."""
    rows = []
    this = ox.Variable("this")
    for name, text, targets in constraints(shapes):
        pattern = " UNION ".join("{ " + t + " }" for t in targets)
        nodes = [row["this"] for row in union.query(f"SELECT DISTINCT ?this {{ {pattern} }}")]
        prepared = text.replace("$this", "?this")
        times = []
        for node in nodes[:: max(1, len(nodes) // SAMPLE)][:SAMPLE]:
            started = time.perf_counter()
            list(union.query(prepared, substitutions={this: node}))
            times.append(time.perf_counter() - started)
        rows.append((name, len(nodes), 1000 * statistics.median(times) if times else 0.0))
    return rows


def main() -> None:
    triples = int(os.environ.get("SAMVERKAN_BENCH_TRIPLES", "1000000"))
    shapes = Graph()
    for path in sorted(Path(resource_dir("shapes")).glob("*.ttl")):
        shapes.parse(path, format="turtle")
    with tempfile.TemporaryDirectory(prefix="samverkan-bench-") as tmp:
        path = Path(tmp) / "synthetic.trig"
        write_synthetic(path, triples)
        union, _parts, _names = union_store(all_sources() + data_file_sources([path]))
        print(f"{len(union):,} triples in the validation union; "
              f"median of up to {SAMPLE} focus nodes per constraint", flush=True)
        rows = measure(union, shapes)
    for name, nodes, per_node in sorted(rows, key=lambda r: -r[1] * r[2]):
        print(f"  {name:32} {nodes:>8,} nodes × {per_node:8.3f} ms = "
              f"{nodes * per_node / 1000:8.2f} s", flush=True)


if __name__ == "__main__":
    main()
