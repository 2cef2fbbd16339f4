"""Run read-only SPARQL on the embedded store, on rdflib, or on a remote endpoint.

Every answer comes back in one neutral shape (``Answer``), so the formats print the same bytes
whichever engine answered. Local queries never reach the network: ``SERVICE`` is refused before
an engine sees the query, and so is every SPARQL Update.

Named-graph semantics are the same everywhere: a query sees the union of all named graphs as its
default graph. The embedded store does that with ``use_default_graph_as_union``; rdflib with a
``Dataset(default_union=True)``; a remote endpoint is first asked for its named graphs, and the
query is sent with one ``FROM <g>`` and one ``FROM NAMED <g>`` per graph, which every SPARQL 1.1
store honours (a plain ``oxigraph serve`` included), unless the query names its own dataset.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import BadInputError, SamverkanError, UsageError, one_line
from .results import XSD_STRING, ResultTable, Term, table_from_json, table_from_oxigraph
from .savedqueries import token_spans, tokens

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = ("INSERT", "DELETE", "DROP", "CLEAR", "CREATE", "LOAD", "COPY", "MOVE", "ADD",
                "WITH")
ENGINES = ("oxigraph", "rdflib")
LIST_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
_MODIFIERS = ("WHERE", "ORDER", "LIMIT", "OFFSET", "VALUES", "GROUP", "HAVING")
_SAFE_GRAPH_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\s\x00-\x20]*$")


@dataclass
class Answer:
    """A SELECT table, an ASK boolean, or CONSTRUCT/DESCRIBE triples as Turtle bytes."""

    form: str
    table: ResultTable | None = None
    boolean: bool | None = None
    rdf: bytes | None = None


def query_form(text: str) -> str:
    """The form of a query, read from its tokens (comments and strings cannot fool it)."""
    in_declaration = False  # PREFIX/BASE: everything up to the IRI is the declaration
    for kind, token in tokens(text):
        if kind == "comment" or token.isspace():
            continue
        if in_declaration:
            in_declaration = kind != "iri"
            continue
        if kind == "word":
            upper = token.upper()
            if upper in ("PREFIX", "BASE"):
                in_declaration = True
                continue
            if upper in QUERY_FORMS:
                return upper
            if upper in UPDATE_WORDS:
                raise BadInputError(
                    f"updates are refused: samverkan runs read-only queries (got {upper})"
                )
        break
    raise BadInputError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")


def check_local(text: str) -> str:
    """Refuse what a local query must not do; return the query form."""
    form = query_form(text)
    for kind, token in tokens(text):
        if kind == "word" and token.upper() == "SERVICE":
            raise BadInputError(
                "SERVICE is refused in local queries (no network access); "
                "run the query on an endpoint with --endpoint URL instead"
            )
    return form


def turtle_from_ntriples(data: bytes) -> bytes:
    """Triples as Turtle with the samverkan prefixes, in a stable order."""
    import pyoxigraph as ox

    from .export import PREFIXES

    triples = sorted(set(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)), key=str)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


# ---- the embedded store (default) -----------------------------------------------------------


def run_local(store: object, text: str) -> Answer:
    """Run a query on the embedded store with the default graph as the union of named graphs."""
    import pyoxigraph as ox

    form = check_local(text)
    # a query naming its own dataset (FROM …) gets it: the union flag would override it
    union = not any(kind == "word" and token.upper() == "FROM" for kind, token in tokens(text))
    try:
        result = store.query(text, use_default_graph_as_union=union)
    except SyntaxError as error:
        raise BadInputError(f"SPARQL syntax error: {one_line(error)}") from error
    except OSError as error:  # evaluation errors (e.g. a FROM <url> that is not in the store)
        raise BadInputError(f"query failed: {one_line(error)}") from error
    if form == "ASK":
        return Answer(form, boolean=bool(result))
    if form in ("CONSTRUCT", "DESCRIBE"):
        nt = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""
        return Answer(form, rdf=turtle_from_ntriples(nt))
    return Answer(form, table=table_from_oxigraph(result))


# ---- rdflib (the reference engine) -----------------------------------------------------------


def rdflib_dataset(data_dirs: Iterable[Path] = ()):
    """The same sources as the embedded store, parsed into an rdflib Dataset (union default)."""
    from rdflib import Dataset

    from .sources import all_sources, parse_with_rdflib

    dataset = Dataset(default_union=True)
    for source in all_sources(data_dirs):
        parse_with_rdflib(source, dataset)
    from .derived import derived_nquads  # the derived graphs, as the embedded store has them
    from .store import memory_store

    dataset.parse(data=derived_nquads(memory_store(data_dirs)), format="nquads")
    return dataset


def _rdflib_term(term: object) -> Term | None:
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return Term("uri", str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    if isinstance(term, Literal):
        if term.language:
            return Term("literal", str(term), None, term.language)
        return Term("literal", str(term), str(term.datatype or XSD_STRING))
    return Term("triple", str(term))


def run_rdflib(dataset: object, text: str) -> Answer:
    """Run a query with rdflib's engine; it must not load FROM graphs or follow SERVICE."""
    form = check_local(text)
    parsed = _parse_with_rdflib(text)
    if _has_dataset_clause(parsed):
        raise BadInputError(
            "FROM and FROM NAMED are refused with --engine rdflib (it would load them from the "
            "web); use the default engine, which reads them from the store"
        )
    import rdflib.plugins.sparql as rdflib_sparql

    rdflib_sparql.SPARQL_LOAD_GRAPHS = False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's own internal calls
        try:
            result = dataset.query(text)
            if form == "ASK":
                return Answer(form, boolean=bool(result.askAnswer))
            if form in ("CONSTRUCT", "DESCRIBE"):
                nt = result.graph.serialize(format="nt", encoding="utf-8")
                return Answer(form, rdf=turtle_from_ntriples(nt))
            variables = [str(v) for v in result.vars]
            rows = [[_rdflib_term(row[i]) for i in range(len(variables))] for row in result]
        except BadInputError:
            raise
        except Exception as error:  # noqa: BLE001 - evaluation errors of any kind
            raise BadInputError(f"query failed: {one_line(error)}") from error
    return Answer(form, table=ResultTable(variables, rows))


# ---- remote endpoints --------------------------------------------------------------------------

_RDFLIB_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
                 "DescribeQuery": "DESCRIBE"}


def _parse_with_rdflib(text: str):
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return parseQuery(text)
    except Exception as error:  # noqa: BLE001 - pyparsing errors
        raise BadInputError(f"SPARQL syntax error: {one_line(error)}") from error


def _dataset_clauses(parsed: object) -> list:
    # CompValue.get returns the key itself when it is missing: test membership instead
    return list(parsed[1]["datasetClause"]) if "datasetClause" in parsed[1] else []


def _has_dataset_clause(parsed: object) -> bool:
    return bool(_dataset_clauses(parsed))


def parsed_form(text: str) -> str:
    """The query form as rdflib's parser sees it (never guessed from the raw text)."""
    query_form(text)  # refuses updates with a clear message first
    parsed = _parse_with_rdflib(text)
    return _RDFLIB_FORMS[parsed[1].name]


def dataset_insertion_point(text: str) -> int:
    """Where dataset clauses (FROM …) go: after the projection or template, before WHERE."""
    form = None
    paren = brace = 0
    in_declaration = False
    after_template = False
    for kind, token, start, end in token_spans(text):
        if kind == "comment" or token.isspace():
            continue
        if form is None:
            if in_declaration:
                in_declaration = kind != "iri"
                continue
            upper = token.upper() if kind == "word" else ""
            if upper in ("PREFIX", "BASE"):
                in_declaration = True
            elif upper in QUERY_FORMS:
                form = upper
                if form == "ASK":
                    return end
            continue
        if form == "CONSTRUCT":
            if after_template:
                return start
            if kind == "brace":
                brace += 1
            elif token == "}":
                brace -= 1
                if brace == 0:
                    after_template = True
            elif brace == 0 and kind == "word" and token.upper() == "WHERE":
                return start
            continue
        if kind == "open":
            paren += 1
        elif kind == "close":
            paren -= 1
        elif paren == 0 and (kind == "brace" or (kind == "word" and token.upper() in _MODIFIERS)):
            return start
    if form in ("DESCRIBE", "CONSTRUCT") and (form == "DESCRIBE" or after_template):
        return len(text)
    raise BadInputError("not a SPARQL query: no WHERE clause")


def with_union_dataset(text: str, graphs: list[str]) -> str:
    """The query with FROM and FROM NAMED for each graph, checked by parsing it again."""
    bad = [g for g in graphs if not _SAFE_GRAPH_IRI.match(g)]
    if bad:
        raise SamverkanError(f"the endpoint lists a graph name that is not an IRI: {bad[0]!r}")
    clauses = "".join(f"FROM <{g}>\n" for g in graphs)
    clauses += "".join(f"FROM NAMED <{g}>\n" for g in graphs)
    at = dataset_insertion_point(text)
    rewritten = f"{text[:at].rstrip()}\n{clauses}{text[at:].lstrip()}"
    parsed = _parse_with_rdflib(rewritten)
    found = len(_dataset_clauses(parsed))
    if found != 2 * len(graphs):
        raise SamverkanError("could not add the dataset clauses to the query")
    return rewritten


def endpoint_graphs(url: str, *, timeout: float, retries: int) -> list[str]:
    """The named graphs of an endpoint, sorted."""
    from .endpoint import query_endpoint

    document = query_endpoint(url, LIST_GRAPHS, "SELECT", timeout=timeout, retries=retries)
    table = table_from_json(document)
    return sorted({row[0].value for row in table.rows if row and row[0] and row[0].kind == "uri"})


def remote_query_text(url: str, text: str, *, timeout: float, retries: int) -> tuple[str, str]:
    """The query form and the text to send: over the union of the endpoint's named graphs."""
    query_form(text)  # refuses updates with a clear message first
    parsed = _parse_with_rdflib(text)
    form = _RDFLIB_FORMS[parsed[1].name]
    if _has_dataset_clause(parsed):
        return form, text
    graphs = endpoint_graphs(url, timeout=timeout, retries=retries)
    if not graphs:
        return form, text
    return form, with_union_dataset(text, graphs)


def run_remote(url: str, text: str, *, timeout: float = 30, retries: int = 2) -> Answer:
    """Run a read-only query on a SPARQL 1.1 endpoint, over the union of its named graphs."""
    from .endpoint import check_endpoint_url, query_endpoint

    check_endpoint_url(url)
    form, sent = remote_query_text(url, text, timeout=timeout, retries=retries)
    reply = query_endpoint(url, sent, form, timeout=timeout, retries=retries)
    if form == "ASK":
        return Answer(form, boolean=reply["boolean"])
    if form in ("CONSTRUCT", "DESCRIBE"):
        return Answer(form, rdf=turtle_from_ntriples(reply))
    try:
        return Answer(form, table=table_from_json(reply))
    except (KeyError, TypeError) as error:
        from .errors import EndpointError

        raise EndpointError(f"{url}: the answer is not SPARQL JSON results ({error})") from None


def run(text: str, *, engine: str | None, endpoint: str | None, timeout: float,
        store_factory, data_dirs: Iterable[Path] = ()) -> Answer:
    """Pick the engine: the embedded store by default, rdflib, or a remote endpoint."""
    if endpoint is not None and engine is not None:
        raise UsageError("--engine and --endpoint exclude each other (an endpoint has its own)")
    if endpoint is not None:
        return run_remote(endpoint, text, timeout=timeout)
    if engine in (None, "oxigraph"):
        return run_local(store_factory(), text)
    if engine == "rdflib":
        check_local(text)
        return run_rdflib(rdflib_dataset(data_dirs), text)
    raise UsageError(f"unknown engine {engine!r} (one of: {', '.join(ENGINES)})")
