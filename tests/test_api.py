"""The public Python API: the same answers, binding and errors as the CLI, remote and local."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal

import pytest
from conftest import run_cli

import samverkan
from samverkan.api import Result, python_value
from samverkan.errors import BadInputError, UsageError
from samverkan.export import export_bytes
from samverkan.results import Term
from samverkan.sparql import Answer

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(("term", "value"), [
    (Term("uri", "https://w3id.org/samverkan/id/kommun/1278"),
     "https://w3id.org/samverkan/id/kommun/1278"),
    (Term("literal", "42", XSD + "integer"), 42),
    (Term("literal", "4.20", XSD + "decimal"), Decimal("4.20")),
    (Term("literal", "1e3", XSD + "double"), 1000.0),
    (Term("literal", "true", XSD + "boolean"), True),
    (Term("literal", "2024-02-29", XSD + "date"), dt.date(2024, 2, 29)),
    (Term("literal", "2024", XSD + "gYear"), "2024"),
    (Term("literal", "Båstad", None, "sv"), "Båstad"),
    (Term("literal", "forty", XSD + "integer"), "forty"),  # ill-typed: keeps its text
    (None, None),
])
def test_python_values(term, value):
    assert python_value(term) == value
    assert type(python_value(term)) is type(value)


def test_query_like_the_cli(isolated_cache):
    kg = samverkan.open()
    result = kg.query("posts-in-kommun", kommun="id:kommun/1278")
    cli = run_cli("query", "posts-in-kommun", "-p", "kommun", "id:kommun/1278", "--format", "csv")
    assert result.to_csv().replace("\r\n", "\n") == cli.stdout.replace("\r\n", "\n")
    assert len(result) == 4
    assert {row["organisationLabel"] for row in result.to_dicts()} == {
        "Båstad", "Polismyndigheten"}


def test_parameters_by_mapping_and_errors(isolated_cache):
    kg = samverkan.open()
    same = kg.query("posts-in-kommun", params={"kommun": "id:kommun/1278"})
    assert len(same) == 4
    with pytest.raises(UsageError, match="parameter 'kommun' is given twice"):
        kg.query("posts-in-kommun", params={"kommun": "x"}, kommun="y")
    with pytest.raises(BadInputError, match="not an absolute IRI"):
        kg.query("posts-in-kommun", kommun="Båstad")


def test_ask_and_construct_results(isolated_cache):
    kg = samverkan.open()
    assert kg.sparql("ASK { ?s a <https://schema.org/NewsArticle> }").boolean is True
    graph = kg.sparql("CONSTRUCT { ?s a <https://schema.org/NewsArticle> } WHERE { "
                      "?s a <https://schema.org/NewsArticle> }")
    assert graph.rows == [] and graph.render("nt").count("\n") == 52  # the 52 articles


def test_to_pandas_without_pandas_says_how_to_get_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    result = Result(Answer("SELECT"))
    with pytest.raises(UsageError) as caught:
        result.to_pandas()
    assert str(caught.value) == "to_pandas needs pandas: pip install 'samverkan[pandas]'"


def test_endpoint_graph_refuses_local_operations():
    kg = samverkan.open(endpoint="http://127.0.0.1:9/query")
    with pytest.raises(UsageError, match="export works on the local graph, not on an endpoint"):
        kg.export("trig")


@pytest.mark.server
def test_endpoint_answers_as_the_local_graph(oxigraph_server, shipped_store, tmp_path,
                                            isolated_cache):
    dump = tmp_path / "all.nq"
    dump.write_bytes(export_bytes(shipped_store, "nq"))
    oxigraph_server.load(dump, "application/n-quads")
    remote = samverkan.open(endpoint=oxigraph_server.query_url)
    local = samverkan.open()
    for name in ("posts-in-kommun", "sources"):
        assert remote.query(name).rows == local.query(name).rows
