"""Run read-only SPARQL on the embedded store, on rdflib, or on a remote endpoint.

Every answer comes back in one neutral shape (``Answer``), so the formats print the same bytes
whichever engine answered. Local queries never reach the network: ``SERVICE`` and every SPARQL
Update are refused before an engine sees the query (checked on the text as the engine decodes it,
``\\u`` escapes included, see ``sparqltext``), and rdflib's own SERVICE evaluation and FROM loading
are switched off as well, so no spelling can reach the network.

Every query runs under a deadline (``timeout`` seconds, on every engine): the evaluation runs in
a worker thread that the caller stops waiting for when time is up (the embedded store evaluates in
Rust, outside Python's reach), and the waiting thread stays responsive to Ctrl-C.

Named-graph semantics are the same everywhere: a query sees the union of all named graphs as its
default graph. The embedded store does that with ``use_default_graph_as_union``; rdflib with a
``Dataset(default_union=True)``; a remote endpoint is first asked for its named graphs, and the
query is sent with one ``FROM <g>`` and one ``FROM NAMED <g>`` per graph, which every SPARQL 1.1
store honours (a plain ``oxigraph serve`` included), unless the query names its own dataset.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from .deadline import Deadline, DeadlineExceeded, within
from .errors import BadInputError, EndpointError, SamverkanError, UsageError, one_line
from .namespaces import XSD_STRING
from .results import ResultTable, Term, table_from_json, table_from_oxigraph
from .sparqltext import QueryText, as_query, insert_dataset_clauses

TYPE_CHECKING = False  # the typing and dataclasses modules cost `samverkan query` start-up
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")

ENGINES = ("oxigraph", "rdflib")
DEFAULT_TIMEOUT = 30.0
"""Seconds a query may take by default, on every engine (``--timeout``)."""
_SAFE_GRAPH_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\s\x00-\x20]*$")
_RDFLIB_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
                 "DescribeQuery": "DESCRIBE"}


class Answer:
    """A SELECT table, an ASK boolean, or CONSTRUCT/DESCRIBE triples as N-Triples bytes."""

    def __init__(self, form: str, table: ResultTable | None = None, boolean: bool | None = None,
                 triples: bytes | None = None) -> None:
        self.form = form
        self.table = table
        self.boolean = boolean
        self.triples = triples

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Answer):
            return NotImplemented
        return ((self.form, self.table, self.boolean, self.triples)
                == (other.form, other.table, other.boolean, other.triples))

    def __repr__(self) -> str:
        return (f"Answer(form={self.form!r}, table={self.table!r}, boolean={self.boolean!r}, "
                f"triples={self.triples!r})")


class QueryTimeout(EndpointError):
    """A query ran past its deadline (exit 4, as a timeout of an endpoint)."""


def bounded(seconds: float | None, work: Callable[[], T], what: str = "the query") -> T:
    """Run ``work`` under a deadline of ``seconds`` (``deadline.within``); give up with one
    QueryTimeout line. ``seconds=None`` runs ``work`` here, without a limit."""
    if seconds is None:
        return work()
    try:
        return within(Deadline(seconds), work, "samverkan-query")
    except DeadlineExceeded:
        raise timed_out(seconds, what) from None


def timed_out(seconds: float, what: str = "the query") -> QueryTimeout:
    """The error of work that ran past its ``seconds`` (the click-free `query` path words its
    own deadline with it too)."""
    return QueryTimeout(f"{what} did not finish within {seconds:g} s (timeout; "
                        "raise it with --timeout S)")


# ---- the embedded store (default) -----------------------------------------------------------


def run_local(store: Any, text: str | QueryText, *, timeout: float | None = None) -> Answer:
    """Run a query on the embedded store with the default graph as the union of named graphs."""
    import pyoxigraph as ox

    query = as_query(text)
    form = query.check_local()
    # a query naming its own dataset (FROM …) gets it: the union flag would override it
    union = not query.names_dataset

    def evaluate() -> Answer:
        try:
            result = store.query(query.text, use_default_graph_as_union=union)
            if form == "ASK":
                return Answer(form, boolean=bool(result))
            if form in ("CONSTRUCT", "DESCRIBE"):
                return Answer(form, triples=ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
                              or b"")
            return Answer(form, table=table_from_oxigraph(result))
        except SyntaxError as error:
            raise BadInputError(f"SPARQL syntax error: {one_line(error)}") from error
        except OSError as error:  # evaluation errors (e.g. a FROM <url> that is not in the store)
            raise BadInputError(f"query failed: {one_line(error)}") from error

    return bounded(timeout, evaluate)


# ---- rdflib (the reference engine) -----------------------------------------------------------


def rdflib_dataset(data_dirs: Iterable[Path] = ()) -> Any:
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


def _no_service(*_args: object, **_kwargs: object) -> None:
    raise BadInputError("SERVICE is refused in local queries (no network access)")


def disable_rdflib_network() -> None:
    """Switch off what lets rdflib's engine reach the network: FROM loading and SERVICE."""
    import rdflib.plugins.sparql as rdflib_sparql
    import rdflib.plugins.sparql.evaluate as evaluate

    rdflib_sparql.SPARQL_LOAD_GRAPHS = False
    evaluate.evalServiceQuery = _no_service


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


def run_rdflib(dataset: Any, text: str | QueryText, *, timeout: float | None = None) -> Answer:
    """Run a query with rdflib's engine; it must not load FROM graphs or follow SERVICE."""
    query = as_query(text)
    form = query.check_local()
    parsed = _parse_with_rdflib(query.text)
    if _dataset_clauses(parsed):
        raise BadInputError(
            "FROM and FROM NAMED are refused with --engine rdflib (it would load them from the "
            "web); use the default engine, which reads them from the store"
        )
    disable_rdflib_network()

    def evaluate() -> Answer:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's own internal calls
            try:
                result = dataset.query(query.text)
                if form == "ASK":
                    return Answer(form, boolean=bool(result.askAnswer))
                if form in ("CONSTRUCT", "DESCRIBE"):
                    nt = result.graph.serialize(format="nt", encoding="utf-8")
                    return Answer(form, triples=_canonical_ntriples(nt))
                variables = [str(v) for v in result.vars]
                rows = [[_rdflib_term(row[i]) for i in range(len(variables))] for row in result]
            except SamverkanError:
                raise
            except RecursionError:
                raise BadInputError("query failed: nested too deeply for rdflib") from None
            except Exception as error:  # noqa: BLE001 - evaluation errors of any kind
                raise BadInputError(f"query failed: {one_line(error)}") from error
        return Answer(form, table=ResultTable(variables, rows))

    return bounded(timeout, evaluate)


def _canonical_ntriples(data: bytes) -> bytes:
    import pyoxigraph as ox

    return ox.serialize(list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)),
                        format=ox.RdfFormat.N_TRIPLES) or b""


# ---- remote endpoints --------------------------------------------------------------------------


def _parse_with_rdflib(text: str) -> Any:
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return parseQuery(text)
    except RecursionError:
        raise BadInputError("SPARQL syntax error: nested too deeply") from None
    except Exception as error:  # noqa: BLE001 - pyparsing errors
        raise BadInputError(f"SPARQL syntax error: {one_line(error)}") from error


def _dataset_clauses(parsed: Any) -> list[Any]:
    # CompValue.get returns the key itself when it is missing: test membership instead
    return list(parsed[1]["datasetClause"]) if "datasetClause" in parsed[1] else []


def with_union_dataset(text: str | QueryText, graphs: list[str]) -> str:
    """The query with FROM and FROM NAMED for each graph, checked by parsing it again."""
    bad = [g for g in graphs if not _SAFE_GRAPH_IRI.match(g)]
    if bad:
        raise EndpointError(f"the endpoint lists a graph name that is not an IRI: {bad[0]!r}")
    rewritten = insert_dataset_clauses(text, graphs)
    parsed = _parse_with_rdflib(rewritten)
    if len(_dataset_clauses(parsed)) != 2 * len(graphs):
        raise SamverkanError("could not add the dataset clauses to the query")
    return rewritten


def remote_query_text(url: str, text: str | QueryText, client: Any) -> tuple[str, str]:
    """The query form and the text to send: over the union of the endpoint's named graphs."""
    from .endpoint import endpoint_graphs

    query = as_query(text)
    query.form  # noqa: B018 - refuses updates with a clear message first
    parsed = _parse_with_rdflib(query.text)
    form = _RDFLIB_FORMS[parsed[1].name]
    if _dataset_clauses(parsed):
        return form, query.text
    graphs = endpoint_graphs(url, client)
    if not graphs:
        return form, query.text
    return form, with_union_dataset(query, graphs)


def run_remote(url: str, text: str | QueryText, *, timeout: float = DEFAULT_TIMEOUT,
               retries: int = 2) -> Answer:
    """Run a read-only query on a SPARQL 1.1 endpoint, over the union of its named graphs.

    ``timeout`` is one deadline for the graph listing, the query and every retry.
    """
    from .endpoint import check_endpoint_url, make_client, query_endpoint

    check_endpoint_url(url)
    client = make_client(timeout, retries)
    form, sent = remote_query_text(url, text, client)
    reply = query_endpoint(url, sent, form, client=client)
    if form == "ASK":
        assert isinstance(reply, dict)
        return Answer(form, boolean=reply["boolean"])
    if form in ("CONSTRUCT", "DESCRIBE"):
        assert isinstance(reply, bytes)
        return Answer(form, triples=reply)
    assert isinstance(reply, dict)
    try:
        return Answer(form, table=table_from_json(reply))
    except (KeyError, TypeError) as error:
        raise EndpointError(f"{url}: the answer is not SPARQL JSON results ({error})") from None


def run(text: str | QueryText, *, engine: str | None, endpoint: str | None, timeout: float,
        store_factory: Callable[[], Any], data_dirs: Iterable[Path] = ()) -> Answer:
    """Pick the engine: the embedded store by default, rdflib, or a remote endpoint."""
    if endpoint is not None and engine is not None:
        raise UsageError("--engine and --endpoint exclude each other (an endpoint has its own)")
    query = as_query(text)
    if endpoint is not None:
        return run_remote(endpoint, query, timeout=timeout)
    if engine in (None, "oxigraph"):
        query.check_local()
        return run_local(store_factory(), query, timeout=timeout)
    if engine == "rdflib":
        query.check_local()
        return run_rdflib(rdflib_dataset(data_dirs), query, timeout=timeout)
    raise UsageError(f"unknown engine {engine!r} (one of: {', '.join(ENGINES)})")
