"""Export: the same data gives the same bytes in every format, named graphs kept or merged."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from samverkan.cli import main
from samverkan.errors import BadInputError
from samverkan.export import (
    EXPORT_FORMATS,
    canonical_quads,
    export_bytes,
    export_dataset,
    jsonld_bytes,
)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "export" / "tricky.trig"
GRAPH_A = "https://w3id.org/samverkan/graph/a"
GRAPH_B = "https://w3id.org/samverkan/graph/b"
FORMATS = sorted(EXPORT_FORMATS)


def fixture_store() -> ox.Store:
    store = ox.Store()
    store.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    return store


def scrambled(store: ox.Store, seed: int) -> ox.Store:
    """The same data with other blank-node labels, inserted in another order."""
    rng = random.Random(seed)
    fresh: dict[str, ox.BlankNode] = {}

    def relabel(term):
        if isinstance(term, ox.BlankNode):
            return fresh.setdefault(term.value, ox.BlankNode(f"z{rng.randrange(10**9)}"))
        return term

    quads = [ox.Quad(relabel(q.subject), q.predicate, relabel(q.object), q.graph_name)
             for q in store]
    rng.shuffle(quads)
    other = ox.Store()
    other.extend(quads)
    return other


def canonical_text(quads) -> list[str]:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(str(q) for q in dataset)


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_bytes_whatever_labels_and_order(fmt):
    store = fixture_store()
    first = export_bytes(store, fmt)
    for seed in (1, 2, 3):
        assert export_bytes(scrambled(store, seed), fmt) == first
    assert len(first) > 500


def test_nquads_are_sorted_with_canonical_blank_node_labels():
    lines = export_bytes(fixture_store(), "nq").decode("utf-8").splitlines()
    assert len(lines) == 23
    assert lines == sorted(lines, key=lambda line: line.rsplit(" ", 2)[-2])  # by graph
    blank_labels = {word for line in lines for word in line.split() if word.startswith("_:")}
    assert blank_labels == {f"_:c14n{i}" for i in range(7)}
    assert ('<http://example.org/s> <http://example.org/label> "B\u00e5stad"@sv '
            f"<{GRAPH_A}> .") in lines


def test_trig_keeps_every_graph_and_sorts_prefixes():
    data = export_bytes(fixture_store(), "trig")
    prefix_lines = [line for line in data.decode().splitlines() if line.startswith("@prefix")]
    assert prefix_lines == sorted(prefix_lines)
    assert prefix_lines[0] == (
        "@prefix agrtype: <https://w3id.org/samverkan/vocab/agreement-type/> .")
    back = ox.parse(data, format=ox.RdfFormat.TRIG)
    assert canonical_text(back) == canonical_text(fixture_store())
    assert {q.graph_name.value for q in ox.parse(data, format=ox.RdfFormat.TRIG)} == {
        GRAPH_A, GRAPH_B}


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_triple_formats_merge_graphs_once(fmt):
    exported = export_dataset(fixture_store(), fmt)
    assert (exported.quads, exported.graphs, exported.triples) == (23, 2, 22)
    rdf_format = EXPORT_FORMATS[fmt]
    triples = list(ox.parse(exported.data, format=rdf_format))
    assert len(triples) == 22
    shared = [t for t in triples if t.subject == ox.NamedNode("http://example.org/shared")]
    assert len(shared) == 1


def test_jsonld_has_inline_context_and_round_trips_without_network():
    store = fixture_store()
    data = export_bytes(store, "jsonld")
    document = json.loads(data)
    context = document["@context"]
    assert isinstance(context, dict)
    assert context["sam"] == "https://w3id.org/samverkan/ontology#"
    # <id:not-the-prefix> is in the data, so "id" must not be a prefix in the context
    assert "id" not in context
    assert [graph["@id"] for graph in document["@graph"]] == ["graph:a", "graph:b"]
    back = ox.parse(data, format=ox.RdfFormat.JSON_LD)
    assert canonical_text(back) == canonical_text(store)
    dataset = rdflib.Dataset()
    dataset.parse(data=data.decode("utf-8"), format="json-ld")
    assert len(list(dataset.quads())) == 23


def test_jsonld_values_keep_language_datatype_and_type():
    document = json.loads(jsonld_bytes(canonical_quads(fixture_store())))
    nodes = {node["@id"]: node for node in document["@graph"][0]["@graph"]}
    s = nodes["http://example.org/s"]
    assert s["@type"] == ["http://example.org/Thing"]
    assert {"@value": "Båstad", "@language": "sv"} in s["http://example.org/label"]
    assert {"@value": "3", "@type": "xsd:integer"} in s["http://example.org/label"]
    assert {"@value": 'plain "quoted"'} in s["http://example.org/label"]


def test_shipped_graph_export_counts_match_the_store(shipped_store):
    lines = export_bytes(shipped_store, "nq").splitlines()
    assert len(lines) == len(shipped_store)
    assert export_bytes(scrambled(shipped_store, 7), "trig") == export_bytes(shipped_store, "trig")


def test_unknown_format_is_refused():
    with pytest.raises(BadInputError, match="unknown export format 'rdfxml'"):
        export_bytes(fixture_store(), "rdfxml")


def test_cli_export_is_identical_across_rebuilds(tmp_path, isolated_cache):
    runner = CliRunner()
    first = runner.invoke(main, ["export", "--format", "nq"])
    second = runner.invoke(main, ["--cache-dir", str(tmp_path / "other-cache"),
                                  "export", "--format", "nq"])
    assert first.exit_code == second.exit_code == 0
    assert first.stdout_bytes == second.stdout_bytes
    assert first.stdout_bytes.count(b"\n") > 1000


def test_cli_export_to_file_says_what_it_wrote(tmp_path, isolated_cache):
    target = tmp_path / "out.trig"
    result = CliRunner().invoke(main, ["export", "-o", str(target)])
    assert result.exit_code == 0
    assert result.stderr.startswith(f"wrote {target} (")
    stdout = CliRunner().invoke(main, ["export", "-o", "-"])
    assert target.read_bytes() == stdout.stdout_bytes
    assert not (tmp_path / ".out.trig.tmp").exists()


def test_cli_ttl_says_graphs_are_merged(isolated_cache):
    result = CliRunner().invoke(main, ["export", "--format", "ttl"])
    assert result.exit_code == 0
    assert result.stderr.startswith("note: ttl has no named graphs: ")
    assert "graphs merged into one" in result.stderr
    assert result.stdout.startswith("@prefix agrtype: ")


def test_cli_export_into_missing_folder_exits_3_and_writes_nothing(tmp_path, isolated_cache):
    target = tmp_path / "missing" / "out.nq"
    result = CliRunner().invoke(main, ["export", "--format", "nq", "-o", str(target)])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: cannot write {target}: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "missing").exists()


def test_cli_unknown_format_is_a_usage_error(isolated_cache):
    result = CliRunner().invoke(main, ["export", "--format", "rdfxml"])
    assert result.exit_code == 2
    assert "'rdfxml' is not one of" in result.stderr
