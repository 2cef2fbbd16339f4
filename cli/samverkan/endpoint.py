"""Read-only queries on remote SPARQL 1.1 endpoints (the SPARQL 1.1 Protocol, POST).

Why a module of its own: it words every endpoint failure as one EndpointError line and checks the
shape of every answer, so the rest of samverkan sees only SPARQL JSON results or N-Triples. The
requests themselves go through ``httpclient`` (User-Agent, one overall deadline covering retries,
bounded backoff on connection errors and 5xx, no redirects). A timeout is not retried: its time
is spent.

The caller names the query form (SELECT, ASK, CONSTRUCT, DESCRIBE) from the parsed query; it is
never guessed from the raw text, which a comment could fool.
"""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

from .errors import BadInputError, EndpointError, UsageError
from .httpclient import (
    FORM,
    SPARQL_JSON,
    DeadlineExceeded,
    HttpClient,
    HttpStatus,
    Response,
    Transient,
    check_url,
    first_line,
    graph_listing_query,
    graphs_from_results,
)

QUERY_TYPES = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/turtle;q=0.8"
JSON_ACCEPT = f"{SPARQL_JSON}, application/json;q=0.9"
BACKOFF_SECONDS = 0.5
_STATUS_WORDS = {
    404: "no SPARQL endpoint at this URL (HTTP 404)",
    401: "access denied (HTTP 401)",
    414: "the endpoint refused the request as too long (HTTP 414)",
}


def check_endpoint_url(url: str) -> str:
    """An http(s) URL without credentials in it (those belong in the environment, not argv)."""
    return check_url(url, "--endpoint")


def _status_error(url: str, error: HttpStatus) -> Exception:
    if error.status >= 500:
        words = "internal server error" if error.status == 500 else error.reason
        return Transient(f"HTTP {error.status} ({words})")
    if error.status == 400:
        detail = first_line(error.body, 160)
        return EndpointError(f"{url}: the endpoint rejected the query (HTTP 400): {detail}")
    if error.status in _STATUS_WORDS:
        return EndpointError(f"{url}: {_STATUS_WORDS[error.status]}")
    return EndpointError(f"{url}: HTTP {error.status} ({error.reason})")


def _ask(client: HttpClient, url: str, query: str, query_type: str) -> Response:
    body = urllib.parse.urlencode({"query": query}).encode("utf-8")
    accept = JSON_ACCEPT if query_type in ("SELECT", "ASK") else RDF_ACCEPT

    def attempt() -> Response:
        try:
            return client.request("POST", url, body, FORM, accept)
        except HttpStatus as error:
            raise _status_error(url, error) from None
        except Transient as error:
            if error.timed_out:
                raise DeadlineExceeded() from None
            if error.kind == "connect":
                raise Transient(f"cannot connect ({first_line(error.cause, 160)})") from None
            raise Transient(f"connection failed ({first_line(error.cause, 160)})") from None

    def final(error: Transient, attempts: int) -> EndpointError:
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        return EndpointError(f"{url}: {error}{tries}")

    try:
        return client.with_retries(attempt, final)
    except DeadlineExceeded:
        seconds = client.deadline.seconds if client.deadline else client.timeout
        raise EndpointError(f"{url}: no answer within {seconds:g} s (timeout)") from None


def _parse_results(url: str, reply: Response, query_type: str) -> dict[str, Any]:
    """The SPARQL 1.1 JSON results of a SELECT or ASK, checked for their shape."""
    kind = reply.content_type.split(";")[0].strip() or "no content type"
    try:
        document = json.loads(reply.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise EndpointError(
            f"{url}: the answer is not SPARQL JSON results ({kind}: "
            f"{first_line(reply.body, 60)!r})"
        ) from None
    if not isinstance(document, dict):
        raise EndpointError(f"{url}: the answer is not SPARQL JSON results (not an object)")
    if query_type == "ASK":
        if not isinstance(document.get("boolean"), bool):
            raise EndpointError(f"{url}: the answer to ASK has no boolean")
        return document
    head = document.get("head")
    results = document.get("results")
    if not (
        isinstance(head, dict)
        and isinstance(head.get("vars", []), list)
        and isinstance(results, dict)
        and isinstance(results.get("bindings"), list)
        and all(isinstance(row, dict) for row in results["bindings"])
    ):
        raise EndpointError(f"{url}: the answer is not SPARQL JSON results (no head/results)")
    for row in results["bindings"]:
        for cell in row.values():
            if not (isinstance(cell, dict) and isinstance(cell.get("type"), str)
                    and isinstance(cell.get("value"), str)):
                raise EndpointError(f"{url}: the answer is not SPARQL JSON results "
                                    "(a binding without type or value)")
    return document


def _parse_rdf(url: str, reply: Response) -> bytes:
    """The triples of a CONSTRUCT/DESCRIBE answer, re-serialised as N-Triples."""
    import pyoxigraph as ox

    kind = reply.content_type.split(";")[0].strip().lower()
    fmt = ox.RdfFormat.N_TRIPLES if kind in ("application/n-triples", "text/plain") else \
        ox.RdfFormat.TURTLE
    if kind and kind not in ("application/n-triples", "text/plain", "text/turtle",
                             "application/turtle", "application/x-turtle"):
        raise EndpointError(f"{url}: the answer is not N-Triples or Turtle ({kind})")
    try:
        triples = list(ox.parse(reply.body, format=fmt))
    except SyntaxError as error:
        raise EndpointError(f"{url}: the answer is not valid RDF ({first_line(str(error))})"
                            ) from None
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def make_client(timeout: float, retries: int,
                sleep: Callable[[float], None] = time.sleep) -> HttpClient:
    """A client for one endpoint call: the deadline starts now and covers every retry."""
    if not timeout > 0:
        raise BadInputError(f"timeout must be a positive number of seconds, got {timeout:g}")
    if retries < 0:
        raise BadInputError(f"retries must be 0 or more, got {retries}")
    client = HttpClient(timeout=timeout, retries=retries, backoff=BACKOFF_SECONDS,
                        max_backoff=timeout, sleep=sleep)
    client.start()
    return client


def query_endpoint(
    url: str,
    query: str,
    query_type: str,
    *,
    timeout: float = 30,
    retries: int = 2,
    client: HttpClient | None = None,
) -> dict[str, Any] | bytes:
    """Run a read-only query on a remote SPARQL 1.1 endpoint.

    Returns the SPARQL 1.1 JSON results (a dict) for SELECT and ASK, and the triples as
    N-Triples bytes for CONSTRUCT and DESCRIBE. ``timeout`` bounds the whole call, retries
    included (pass a ``client`` to share one deadline between calls); ``retries`` is how many
    more attempts follow a connection error or a 5xx answer. Every failure raises EndpointError
    with one line.
    """
    check_endpoint_url(url)
    query_type = query_type.upper()
    if query_type not in QUERY_TYPES:
        raise UsageError(f"query type {query_type!r} is not one of {', '.join(QUERY_TYPES)}")
    client = client or make_client(timeout, retries)
    reply = _ask(client, url, query, query_type)
    if query_type in ("SELECT", "ASK"):
        return _parse_results(url, reply, query_type)
    return _parse_rdf(url, reply)


def endpoint_graphs(url: str, client: HttpClient, prefix: str | None = None) -> list[str]:
    """The named graphs of an endpoint, sorted (the one graph listing of samverkan)."""
    document = query_endpoint(url, graph_listing_query(prefix), "SELECT", client=client)
    return graphs_from_results(url, document)
