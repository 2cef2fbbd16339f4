"""Injection-proof binding: no parameter value can change the shape of a saved query.

A hostile value is either refused (IRIs, integers, dates: exit 3 naming the parameter) or bound
as one literal that reads back exactly as given, on both local engines.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import samverkan.savedqueries as sq
from samverkan.cli import main
from samverkan.errors import BadInputError, UsageError
from samverkan.sparql import rdflib_dataset, run_local, run_rdflib

HOSTILE = [
    'a"b',
    "a'b",
    '" } ; DROP ALL ; SELECT * { "',
    "x\" . ?s ?p ?o } #",
    "{}",
    "a>b",
    "line one\nline two\r\tend",
    "\\u0022) } #",
    "\\\\u0022",
    "\\U0000007D",
    "\\",
    "\\u0061",
    "ends with backslash \\",
    '"""',
    "'''",
    "# not a comment",
    "?_text",
]

ECHO_QUERIES = {
    "echo-string": "SELECT ?echo WHERE { BIND(?_text AS ?echo) }",
    "echo-lang": "SELECT ?echo WHERE { BIND(?_text_sv AS ?echo) }",
    "echo-typed": "SELECT ?echo WHERE { BIND(?_text_xsd_string AS ?echo) }",
}


@pytest.fixture()
def query_folder(tmp_path, monkeypatch):
    """A folder of test queries, used as the saved-query folder by library and CLI."""
    for name, text in ECHO_QUERIES.items():
        (tmp_path / f"{name}.rq").write_text(f"#+ summary: {name}\n{text}\n", encoding="utf-8")
    (tmp_path / "typed.rq").write_text(
        "#+ summary: typed parameters\n"
        "#+ defaults:\n#+   - n: 1\n#+   - day: 2020-02-29\n#+   - year: 2019\n"
        "#+   - thing: https://w3id.org/samverkan/id/kommun/1278\n"
        "SELECT ?n ?day ?year ?thing WHERE {\n"
        "  BIND(?_n_integer AS ?n) BIND(?_day_xsd_date AS ?day)\n"
        "  BIND(?_year_xsd_gYear AS ?year) BIND(?_thing_iri AS ?thing)\n}\n",
        encoding="utf-8",
    )
    (tmp_path / "ordered.rq").write_text(
        "SELECT ?_k_iri ?x WHERE { VALUES ?x { 1 } } ORDER BY ?_k_iri ?x\n", encoding="utf-8")
    monkeypatch.setattr(sq, "resource_dir", lambda name: tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def rdflib_data():
    return rdflib_dataset()


def echo(store, dataset, name: str, value: str) -> list[tuple]:
    text = sq.bind(sq.find_query(name), {"text": value})
    local = run_local(store, text).table
    reference = run_rdflib(dataset, text).table
    assert local == reference
    assert local.variables == ["echo"]
    return [tuple((t.value, t.datatype, t.lang) for t in row) for row in local.rows]


@pytest.mark.parametrize("value", HOSTILE)
def test_plain_string_reads_back_exactly(query_folder, shipped_store, rdflib_data, value):
    assert echo(shipped_store, rdflib_data, "echo-string", value) == [
        ((value, "http://www.w3.org/2001/XMLSchema#string", None),)]


@pytest.mark.parametrize("value", HOSTILE)
def test_language_string_reads_back_exactly(query_folder, shipped_store, rdflib_data, value):
    assert echo(shipped_store, rdflib_data, "echo-lang", value) == [((value, None, "sv"),)]


@pytest.mark.parametrize("value", HOSTILE)
def test_typed_string_reads_back_exactly(query_folder, shipped_store, rdflib_data, value):
    assert echo(shipped_store, rdflib_data, "echo-typed", value) == [
        ((value, "http://www.w3.org/2001/XMLSchema#string", None),)]


@pytest.mark.parametrize("value", HOSTILE + [
    "https://example.org/a b", "https://example.org/a>b", "https://example.org/{x}",
    "https://example.org/\\u003E", "https://example.org/x\ny", "not an iri", "",
    "https://example.org/a\"b", "<https://example.org/a>",
])
def test_hostile_iri_is_refused_naming_the_parameter(query_folder, value):
    with pytest.raises(BadInputError) as caught:
        sq.bind(sq.find_query("typed"), {"thing": value})
    assert caught.value.exit_code == 3
    assert str(caught.value).startswith("parameter 'thing': not an absolute IRI: ")


@pytest.mark.parametrize(("name", "value", "message"), [
    ("n", "1.5", "parameter 'n': not an xsd:integer: '1.5'"),
    ("n", "1\n} #", "parameter 'n': not an xsd:integer: '1\\n} #'"),
    ("n", "1\n", "parameter 'n': not an xsd:integer: '1\\n'"),
    ("n", "\\u0031", "parameter 'n': not an xsd:integer: '\\\\u0031'"),
    ("day", "2020-02-30", "parameter 'day': not an xsd:date (YYYY-MM-DD): '2020-02-30'"),
    ("day", "2020-02-29\"", "parameter 'day': not an xsd:date (YYYY-MM-DD): '2020-02-29\"'"),
    ("day", "20200229", "parameter 'day': not an xsd:date (YYYY-MM-DD): '20200229'"),
    ("year", "19", "parameter 'year': not an xsd:gYear: '19'"),
])
def test_wrong_typed_values_are_refused(query_folder, name, value, message):
    with pytest.raises(BadInputError) as caught:
        sq.bind(sq.find_query("typed"), {name: value})
    assert caught.value.exit_code == 3
    assert str(caught.value) == message


def test_typed_values_bind_as_typed_literals(query_folder, shipped_store):
    text = sq.bind(sq.find_query("typed"), {"n": "-42", "day": "2024-01-31", "year": "2025",
                                            "thing": "id:org/bra"})
    row = run_local(shipped_store, text).table.rows[0]
    assert [(t.value, t.datatype) for t in row] == [
        ("-42", "http://www.w3.org/2001/XMLSchema#integer"),
        ("2024-01-31", "http://www.w3.org/2001/XMLSchema#date"),
        ("2025", "http://www.w3.org/2001/XMLSchema#gYear"),
        ("https://w3id.org/samverkan/id/org/bra", None),
    ]


def test_defaults_make_the_query_run_as_it_stands(query_folder, shipped_store):
    row = run_local(shipped_store, sq.bind(sq.find_query("typed"), {})).table.rows[0]
    assert [t.value for t in row] == ["1", "2020-02-29", "2019",
                                      "https://w3id.org/samverkan/id/kommun/1278"]


def test_projection_and_order_by_keep_their_shape(query_folder, shipped_store):
    text = sq.bind(sq.find_query("ordered"), {"k": "id:kommun/1278"})
    assert text.splitlines()[0] == (
        "SELECT (<https://w3id.org/samverkan/id/kommun/1278> AS ?_k_iri) ?x WHERE "
        "{ VALUES ?x { 1 } } ORDER BY (<https://w3id.org/samverkan/id/kommun/1278>) ?x")
    table = run_local(shipped_store, text).table
    assert table.variables == ["_k_iri", "x"]
    assert [t.value for t in table.rows[0]] == ["https://w3id.org/samverkan/id/kommun/1278", "1"]


def test_variable_text_inside_strings_iris_and_comments_is_untouched():
    query = sq.SavedQuery(
        name="q", path=None, summary="", description="", tags=[],
        text='SELECT * WHERE { ?s <urn:x?_a> "?_a" . ?s ?p ?_a } # ?_a\n',
        parameters=[sq.Parameter("a", "?_a", True, "literal")],
    )
    assert sq.bind(query, {"a": "v"}) == (
        'SELECT * WHERE { ?s <urn:x?_a> "?_a" . ?s ?p "v" } # ?_a\n')


def test_missing_required_parameter_without_default(query_folder):
    with pytest.raises(UsageError) as caught:
        sq.bind(sq.find_query("echo-string"), {})
    assert str(caught.value) == "query 'echo-string' needs parameter 'text' (-p text VALUE)"


def test_parameter_given_twice_is_a_usage_error():
    with pytest.raises(UsageError) as caught:
        sq.parameter_values([("kommun", "a"), ("kommun", "b")])
    assert str(caught.value) == "parameter 'kommun' is given twice"


def test_escape_never_leaves_a_codepoint_escape_behind():
    written = sq.term_for(sq.Parameter("t", "?_t", True, "literal"), "\\u0022x")
    # the u and the hex digits after it are escapes themselves, so no engine sees \u0022
    assert written == '"\\\\\\u0075\\u0030\\u0030\\u0032\\u0032x"'
    assert sq.decode_codepoints(written) == '"\\\\u0022x"'


# ---- through the CLI -------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["not an iri", "id:kommun/1278> } ; DROP ALL ; {",
                                   "https://x.org/a\nb", 'id:kommun/1278" .'])
def test_cli_hostile_iri_exits_3_with_one_line(isolated_cache, value):
    result = CliRunner().invoke(main, ["query", "posts-in-kommun", "-p", "kommun", value])
    assert result.exit_code == 3
    assert result.output.startswith("Error: parameter 'kommun': not an absolute IRI: ")
    assert result.output.count("\n") == 1


def test_cli_wrong_integer_exits_3(isolated_cache, query_folder):
    result = CliRunner().invoke(main, ["query", "typed", "-p", "n", "ten"])
    assert (result.exit_code, result.output) == (
        3, "Error: parameter 'n': not an xsd:integer: 'ten'\n")


def test_cli_wrong_date_exits_3(isolated_cache, query_folder):
    result = CliRunner().invoke(main, ["query", "typed", "-p", "day", "2024-13-01"])
    assert (result.exit_code, result.output) == (
        3, "Error: parameter 'day': not an xsd:date (YYYY-MM-DD): '2024-13-01'\n")


def test_cli_hostile_string_reads_back(isolated_cache, query_folder):
    value = '" } ; DROP ALL ; SELECT * { "\n\\u0022'
    result = CliRunner().invoke(main, ["query", "echo-string", "-p", "text", value,
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    assert json.loads(result.output)["results"]["bindings"] == [
        {"echo": {"type": "literal", "value": value}}]


def test_cli_short_iri_is_expanded(isolated_cache):
    result = CliRunner().invoke(main, ["query", "kommun-police", "-p", "kommun",
                                       "id:kommun/1780", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].startswith("Karlstad,")
