"""Issue 15: every SPARQL constraint of the shapes reads only what its focus node reaches.

`samverkan validate` took 188 s at a million triples; without shp:Graph-source, 83 s. That
shape wrote ``NOT EXISTS { $this prov:wasDerivedFrom ?source . ?source a ?type }``, and the
engine beneath (Oxigraph's planner) evaluates the second pattern over every typed node of the
graph and joins afterwards, once per named graph: 206,540 rows per focus node at 1M.
Incident-noPerson (every person, per incident) and Municipality-territory (every kommun code,
per kommun) had the same problem. The constraints now keep every pattern joined to ``$this``.

The test asks Oxigraph's own explanation (``oxigraph query --explain-file --stats``: the number
of rows each quad pattern produced) for every constraint, bound to real focus nodes, on a union
padded with thousands of typed nodes and persons: a pattern that reads more than a few dozen rows
scans the graph. Counts, not times, so it is exact on any machine.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from benchmarks.bench_shapes import constraints
from conftest import oxigraph_binary
from rdflib import Graph

from samverkan.paths import resource_dir
from samverkan.sources import shipped_sources
from samverkan.validation import data_file_sources, union_store

CASES = Path(__file__).resolve().parents[1] / "shapes"
PADDING = 5000  # typed nodes and persons added, so a scan cannot hide in a small graph
MOST_ROWS = 100  # rows one quad pattern may produce for one focus node
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _constraints() -> list[tuple[str, str, str]]:
    """(shape, SELECT with prefixes, focus-node pattern) of every SPARQL constraint."""
    shapes = Graph()
    for path in sorted(Path(resource_dir("shapes")).glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return [(name, text, " UNION ".join("{ " + t + " }" for t in targets))
            for name, text, targets in constraints(shapes)]


@pytest.fixture(scope="module")
def padded_store(tmp_path_factory) -> Path:
    """The validation union (shipped graph + every regression folder's failing file) plus
    padding, in an on-disk store the `oxigraph` CLI can open."""
    if oxigraph_binary() is None:
        pytest.skip("the oxigraph CLI is missing: pip install oxigraph")
    folder = tmp_path_factory.mktemp("plans")
    fails = sorted(CASES.glob("*/fail.trig"))
    union, _parts, _names = union_store(shipped_sources() + data_file_sources(fails))
    person = ox.NamedNode("https://schema.org/Person")
    union.extend(ox.Quad(ox.NamedNode(f"https://example.org/padding/{i}"), RDF_TYPE,
                         person if i % 2 else ox.NamedNode(f"https://example.org/Kind{i % 7}"))
                 for i in range(PADDING))
    dump = folder / "union.nq"
    union.dump(str(dump), format=ox.RdfFormat.N_QUADS)
    location = folder / "store"
    subprocess.run([str(oxigraph_binary()), "load", "--location", str(location),
                    "--file", str(dump)], check=True, capture_output=True)
    return location


def _quad_pattern_rows(plan: dict) -> list[tuple[int, str]]:
    rows = [(plan["number of results"], plan["name"])] if plan["name"].startswith(
        "QuadPattern") else []
    for child in plan.get("children", []):
        rows += _quad_pattern_rows(child)
    return rows


def _focus_nodes(location: Path, targets: str) -> list[str]:
    """The three focus nodes with the most triples of their own: the most to join against."""
    store = ox.Store.read_only(str(location))
    nodes = [str(row["this"]) for row in store.query(
        f"SELECT ?this (COUNT(*) AS ?n) {{ {{ {targets} }} ?this ?p ?o }} "
        "GROUP BY ?this ORDER BY DESC(?n) ?this LIMIT 3")]
    del store
    return nodes


def _bound(text: str, node: str) -> str:
    """The constraint with ``$this`` written as the node's IRI, as the engine plans it once the
    validator has bound it (SPARQL has no other way to pre-bind a variable in a query text)."""
    head, body = text.split("WHERE {", 1)
    prologue, _, projection = head.rpartition("SELECT")
    projection = projection.replace("$this", "").strip() or "*"
    return f"{prologue}SELECT {projection} WHERE {{{body.replace('$this', node)}"


def test_the_padding_is_there_to_be_scanned(padded_store):
    store = ox.Store.read_only(str(padded_store))
    typed = len(list(store.quads_for_pattern(None, RDF_TYPE, None)))
    assert typed > PADDING + 1000
    assert len(_constraints()) == 12


@pytest.mark.parametrize("name, text, targets", _constraints(), ids=lambda v: v[:40])
def test_constraint_reads_only_near_its_focus_node(padded_store, tmp_path, name, text, targets):
    nodes = _focus_nodes(padded_store, targets)
    assert nodes, f"{name}: no focus node in the regression folders"
    for node in nodes:
        query = _bound(text, node)
        explanation = tmp_path / "plan.json"
        subprocess.run([str(oxigraph_binary()), "query", "--location", str(padded_store),
                        "--query", query, "--results-format", "csv", "--explain-file",
                        str(explanation), "--stats"], check=True, capture_output=True)
        rows = _quad_pattern_rows(json.loads(explanation.read_text())["plan"])
        assert rows, f"{name}: the explanation lists no quad pattern"
        most, pattern = max(rows)
        assert most <= MOST_ROWS, f"{name} on {node}: {pattern} read {most} rows"
