"""Random and adversarial input to the SPARQL checker, the parameter binder and the source
loader: whatever the bytes, the outcome is an answer or a SamverkanError with exit 1, 3 or 4,
never another exception (which the CLI would report as exit 5) and never a crash.

Deterministic (fixed seeds) and bounded by a case count, not by time. Every query the checker
accepts is also run on an empty store, and every value the binder accepts is bound into a query
that must then parse: the binder never writes a term a SPARQL parser refuses.
"""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import ROOT

from samverkan.errors import SamverkanError
from samverkan.savedqueries import Parameter, term_for
from samverkan.sources import SourceFile
from samverkan.sparql import run_local
from samverkan.sparqltext import QueryText
from samverkan.store import load_sources

ALLOWED_EXITS = {1, 3, 4}
XSD = "http://www.w3.org/2001/XMLSchema#"
SPARQL_PIECES = [
    "{", "}", "(", ")", "[", "]", "SERVICE", "SERV\\u0049CE", "\\u0053ERVICE", "\\U00000049",
    "INSERT", "DELETE", "DROP", "LOAD <http://127.0.0.1:9/>", "FROM", "FROM NAMED", "GRAPH",
    '"""', "'''", '"', "'", "<", ">", "<http://127.0.0.1:9/x>", "#", "\n", "\\", "?x", "$y",
    "PREFIX ex: <urn:x#>", "BASE <urn:b>", "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE",
    "FILTER(", "BIND(", " AS ", "VALUES ?v { 1 }", "LIMIT 1", "ORDER BY", "\x00", "\u202e",
    "\ud800", "é", "𝔘", "^^", "@sv", "_:b", "a", ";", ",", ".", "*", "1e999", "-0",
]
RDF_PIECES = [
    "{", "}", "[", "]", "(", ")", "<", ">", "<urn:x>", '"', '"""', "'", "@prefix ex: <urn:x#> .",
    "@base <urn:b> .", "GRAPH", "ex:a", "_:b", ";", ",", ".", "^^", "@sv", "\\u0000", "\x00",
    "\ud800", "é", "\n", "#", "<<", ">>", "a", "true", "1.5e3",
]


def _seed_queries() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").glob("*.rq"))]


def _mutate(rng: random.Random, text: str, pieces: list[str], max_depth: int) -> str:
    for _ in range(rng.randint(1, 6)):
        at = rng.randint(0, len(text))
        action = rng.random()
        if action < 0.35:
            text = text[:at] + rng.choice(pieces) + text[at:]
        elif action < 0.55:
            text = text[:at] + text[at + rng.randint(1, 40):]
        elif action < 0.7:
            depth = rng.randint(1, max_depth)
            opener, closer = rng.choice([("{", "}"), ("(", ")"), ("[", "]")])
            text = text[:at] + opener * depth + text[at:at + 20] + closer * depth + text[at + 20:]
        elif action < 0.85:
            text = text[:at] + "".join(chr(rng.randint(0, 0x2FF)) for _ in range(8)) + text[at:]
        else:
            text = text[:at]
    return text


def _outcome(action) -> str:
    try:
        action()
    except SamverkanError as error:
        assert error.exit_code in ALLOWED_EXITS, (type(error).__name__, str(error))
        return "refused"
    return "ok"


def test_fuzz_sparql_checker_and_engine():
    rng = random.Random(20261201)
    seeds = _seed_queries()
    store = ox.Store()
    outcomes = {"ok": 0, "refused": 0}
    for _ in range(2500):
        text = _mutate(rng, rng.choice(seeds), SPARQL_PIECES, max_depth=200)

        def check_and_run(text: str = text) -> None:
            query = QueryText(text, "fuzz")
            query.check_local()
            run_local(store, query, timeout=10)

        outcomes[_outcome(check_and_run)] += 1
    assert outcomes["refused"] > 500 and outcomes["ok"] > 50, outcomes


PARAMETERS = [
    Parameter("p", "?_p_iri", True, "iri"),
    Parameter("p", "?_p", True, "literal"),
    Parameter("p", "?_p_sv", True, "lang", lang="sv"),
    Parameter("p", "?_p_integer", True, "typed", datatype=XSD + "integer"),
    Parameter("p", "?_p_xsd_date", True, "typed", datatype=XSD + "date"),
    Parameter("p", "?_p_xsd_boolean", True, "typed", datatype=XSD + "boolean"),
    Parameter("p", "?_p_xsd_gYear", True, "typed", datatype=XSD + "gYear"),
]
VALUE_PIECES = ["\\", "\\u", "\\U0001", "u0022", '"', "'", ">", "<", "}", "{", " ", "\n", "#",
                "http://", "urn:", "id:", "wd:Q1", "0041", "2024-02-30", "2024-01-01", "true",
                "-12", "\x00", "\ud800", "é", "@en", "^^<urn:x>", "<urn:x>"]


def test_fuzz_parameter_binder_writes_only_terms_that_parse():
    rng = random.Random(7)
    store = ox.Store()
    accepted = 0
    for _ in range(2000):
        value = "".join(rng.choice(VALUE_PIECES) for _ in range(rng.randint(0, 6)))
        parameter = rng.choice(PARAMETERS)
        try:
            term = term_for(parameter, value)
        except SamverkanError as error:
            assert error.exit_code == 3, str(error)
            continue
        accepted += 1
        query = f"SELECT ?v WHERE {{ BIND({term} AS ?v) }}"
        answer = run_local(store, query)  # a syntax error here would be BadInputError: a defect
        assert answer.table is not None and len(answer.table.rows) == 1, (value, term)
    assert accepted > 200


def _load(path: Path, syntax: str) -> None:
    graph = None if syntax == "trig" else "https://w3id.org/samverkan/graph/user/fuzz"
    load_sources(ox.Store(), [SourceFile(path, "fuzz", syntax, graph)])


@pytest.mark.parametrize("syntax", ["trig", "turtle"])
def test_fuzz_source_loader(syntax, tmp_path):
    rng = random.Random(syntax)
    seed = (ROOT / "data" / "sources").glob("*.trig")
    text = next(iter(sorted(seed))).read_text(encoding="utf-8")
    if syntax == "turtle":
        text = "@prefix ex: <urn:x#> .\nex:a ex:b ex:c ; ex:d [ ex:e ( 1 2 \"x\"@sv ) ] .\n"
    outcomes = {"ok": 0, "refused": 0}
    path = tmp_path / f"fuzz.{'trig' if syntax == 'trig' else 'ttl'}"
    for _ in range(400):
        mutated = _mutate(rng, text, RDF_PIECES, max_depth=40)
        data = mutated.encode("utf-8", "surrogatepass")
        if rng.random() < 0.2:  # raw bytes: invalid UTF-8 too
            at = rng.randint(0, len(data))
            data = data[:at] + bytes(rng.randint(0, 255) for _ in range(6)) + data[at:]
        path.write_bytes(data)
        outcomes[_outcome(lambda: _load(path, syntax))] += 1
    assert outcomes["refused"] > 100, outcomes
