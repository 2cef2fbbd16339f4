"""Every call the web package makes into the samverkan library, in one place.

The web server and the static site never import ``store``, ``sparql``, ``savedqueries``,
``results``, ``export`` or ``namespaces`` themselves: they call the functions here. When the
library's public API changes, only this file is re-pointed. Nothing here reimplements the
library: the read-only and SERVICE checks are ``sparql.check_local``, saved-query binding is
``savedqueries.bind``, the result formats are ``results``' writers.

What this module adds is the one thing the CLI does not need: results are read lazily with a
row cap and a deadline, so that a huge or slow answer is stopped while it streams.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from .. import __version__
from ..errors import BadInputError, SamverkanError, UsageError
from ..export import jsonld_bytes
from ..namespaces import DISPLAY_PREFIXES, PREFIXES, shorten
from ..results import ResultTable, Term, term_from_oxigraph
from ..results import render as render_results
from ..results import render_boolean as render_boolean_results
from ..results import render_triples as render_graph_results
from ..savedqueries import SavedQuery, bind, find_query, parameter_values, saved_queries
from ..sparql import Answer as Result  # one answer shape for the CLI, the API and the web
from ..sparqltext import as_query
from ..store import open_store

VERSION = __version__
BASE = "https://w3id.org/samverkan/"
Error = SamverkanError
UsageProblem = UsageError
BadInput = BadInputError


class LimitExceeded(SamverkanError):
    """A query ran past its time limit or its result-size limit."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind  # "time" | "size"


# ---- the store --------------------------------------------------------------------------------


def open_graph(data_dirs: Iterable[Path] = (), cache_dir: Path | None = None) -> ox.Store:
    """The read-only compiled store for the shipped sources plus the user's data folders."""
    return open_store(tuple(data_dirs), cache_dir).store


# ---- saved queries ------------------------------------------------------------------------------


def list_saved_queries(folder: Path | None = None) -> dict[str, SavedQuery]:
    """Every saved query by name (``queries/*.rq``, or another folder)."""
    return saved_queries(folder)


def saved_query(name: str, folder: Path | None = None) -> SavedQuery:
    """One saved query; a UsageError with the CLI's 'did you mean' message when unknown."""
    return find_query(name, folder)


_BOUND: dict[tuple, str] = {}
_BOUND_MAX = 4096


def bind_saved_query(query: SavedQuery, pairs: list[tuple[str, str]]) -> str:
    """The query text with the values bound by the CLI's own safe binding (``-p`` pairs).

    Binding is a pure function of the query text and the values, so each distinct pair of
    them is bound once (a bounded cache; errors are raised every time).
    """
    key = (str(query.path), query.text, tuple(pairs))
    text = _BOUND.get(key)
    if text is None:
        text = bind(query, parameter_values(list(pairs)))
        if len(_BOUND) >= _BOUND_MAX:
            _BOUND.clear()
        _BOUND[key] = text
    return text


def is_update_refusal(error: Exception) -> bool:
    """True when the library refused a query because it is an update (a 403, not a 400)."""
    return isinstance(error, BadInputError) and str(error).startswith("updates are refused")


# ---- running queries ------------------------------------------------------------------------


@functools.lru_cache(maxsize=2048)
def _checked(text: str) -> tuple[str, bool]:
    """The library's read-only/SERVICE check and the union rule, once per distinct text.

    The union rule is sparql.run_local's: a query naming its own dataset (FROM …) gets it.
    A refused text raises every time (exceptions are not cached).
    """
    query = as_query(text)
    return query.check_local(), not query.names_dataset


def execute(store: ox.Store, text: str, *, max_rows: int, deadline: float | None) -> Result:
    """Run a read-only query; stop with LimitExceeded past ``max_rows`` or ``deadline``.

    ``deadline`` is a ``time.monotonic()`` value. Rows are read one by one, so a big answer is
    stopped at the cap rather than built whole; a query that spends its time before the first
    row (a big ORDER BY or aggregate) can only be stopped by the caller not waiting for it.
    """
    form, union = _checked(text)
    try:
        result = store.query(text, use_default_graph_as_union=union)
    except SyntaxError as error:
        raise BadInputError(f"SPARQL syntax error: {' '.join(str(error).split())}") from error
    except OSError as error:
        raise BadInputError(f"query failed: {' '.join(str(error).split())}") from error
    try:
        return _collect(form, result, max_rows, deadline)
    finally:
        # pyoxigraph's result objects must be dropped on the thread that made them, and an
        # exception's traceback would otherwise carry this frame (and the result) elsewhere
        del result


def _collect(form: str, result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
             max_rows: int, deadline: float | None) -> Result:
    if form == "ASK":
        return Result(form, boolean=bool(result))
    out: list = []
    try:
        if isinstance(result, ox.QueryBoolean):
            raise SamverkanError(f"the store answered a {form} query with a boolean")
        if form == "SELECT":
            if not isinstance(result, ox.QuerySolutions):
                raise SamverkanError("the store answered a SELECT query with triples")
            variables = [v.value for v in result.variables]
            for count, row in enumerate(result, 1):
                if count > max_rows:
                    raise _too_many(max_rows)
                if deadline is not None and count % 64 == 0 and time.monotonic() > deadline:
                    raise _too_slow()
                out.append([term_from_oxigraph(row[name]) for name in variables])
            return Result(form, table=ResultTable(variables, out))
        for count, triple in enumerate(result, 1):
            if count > max_rows:
                raise _too_many(max_rows, "triples")
            if deadline is not None and count % 64 == 0 and time.monotonic() > deadline:
                raise _too_slow()
            out.append(triple)
    except OSError as error:
        raise BadInputError(f"query failed: {' '.join(str(error).split())}") from error
    finally:
        del result
    return Result(form, triples=ox.serialize(out, format=ox.RdfFormat.N_TRIPLES) or b"")


def _too_many(limit: int, what: str = "rows") -> LimitExceeded:
    return LimitExceeded(
        f"the result has more than {limit} {what} (the server's limit); "
        "add LIMIT or narrow the query, or run it with 'samverkan sparql'", "size")


def _too_slow() -> LimitExceeded:
    return LimitExceeded("the query ran past the server's time limit", "time")


def select_rows(store: ox.Store, text: str, *, max_rows: int = 10_000,
                deadline: float | None = None) -> list[dict[str, Term]]:
    """A SELECT as a list of {variable: Term} (unbound variables left out), for the pages."""
    result = execute(store, text, max_rows=max_rows, deadline=deadline)
    if result.table is None:
        raise SamverkanError("a page query must be a SELECT")
    names = result.table.variables
    return [{n: t for n, t in zip(names, row, strict=True) if t is not None}
            for row in result.table.rows]


def describe_quads(store: ox.Store, iri: str) -> list:
    """Every quad with ``iri`` as subject, in every named graph, sorted (an entity's data)."""
    node = ox.NamedNode(iri)
    quads = [q for q in store.quads_for_pattern(node, None, None, None)
             if not isinstance(q.graph_name, ox.DefaultGraph)]
    return sorted(quads, key=lambda q: (str(q.graph_name), str(q.predicate), str(q.object)))


def describe_terms(store: ox.Store, prefix: str) -> list:
    """Every quad whose subject IRI starts with ``prefix`` (an ontology's hash terms)."""
    quads = [q for q in store.quads_for_pattern(None, None, None, None)
             if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(prefix)
             and not isinstance(q.graph_name, ox.DefaultGraph)]
    return sorted(quads, key=lambda q: (str(q.subject), str(q.graph_name), str(q.predicate),
                                        str(q.object)))


def has_subject(store: ox.Store, iri: str) -> bool:
    """True when the graph says something about ``iri`` (as subject) or uses it as object."""
    node = ox.NamedNode(iri)
    if next(iter(store.quads_for_pattern(node, None, None, None)), None) is not None:
        return True
    return next(iter(store.quads_for_pattern(None, None, node, None)), None) is not None


def valid_iri(text: str) -> bool:
    """True for a string that pyoxigraph accepts as an IRI (so a NamedNode can be made)."""
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


# ---- formats ------------------------------------------------------------------------------------

def render_table(table: ResultTable, fmt: str) -> str:
    """SPARQL 1.1 results as JSON, XML, CSV or TSV: the CLI's own writers."""
    if fmt not in ("json", "xml", "csv", "tsv"):
        raise ValueError(fmt)
    return render_results(table, fmt)


def render_boolean(value: bool, fmt: str) -> str:
    """An ASK answer in the SPARQL results formats."""
    return render_boolean_results(value, fmt if fmt in ("json", "xml") else "csv")


def render_triples(nt: bytes, fmt: str) -> bytes:
    """CONSTRUCT/DESCRIBE triples (N-Triples) as Turtle (the CLI's layout), N-Triples or
    JSON-LD."""
    names = {"turtle": "ttl", "ntriples": "nt", "jsonld": "jsonld"}
    if fmt not in names:
        raise ValueError(fmt)
    # expanded JSON-LD (no context to fetch); entity documents keep graphs via jsonld_bytes
    return render_graph_results(nt, names[fmt]).encode("utf-8")


def render_quads(quads: list, fmt: str) -> bytes:
    """An entity's quads: JSON-LD, TriG and N-Quads keep the graphs (the provenance)."""
    if fmt == "jsonld":
        return jsonld_bytes(quads)
    if fmt == "trig":
        return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b""
    if fmt == "nquads":
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    triples = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES) or b""
    return render_triples(triples, fmt)


def short_iri(iri: str) -> str:
    """The short form the CLI prints (``id:kommun/1278``), or the IRI itself."""
    return shorten(iri, DISPLAY_PREFIXES) or iri
