"""The one place that talks to remote SPARQL endpoints (SPARQLWrapper, POST, timeout, retries).

Why a module of its own: every network call of samverkan must behave the same way. It sends POST
with a User-Agent naming samverkan and its version, gives up after one overall timeout (the
timeout of SPARQLWrapper covers only socket operations, so a server that trickles bytes could
hold it for ever; here the request runs in a worker thread the caller stops waiting for), retries
a bounded number of times with backoff on connection errors and 5xx answers, and turns every
failure into one EndpointError line.

The caller names the query form (SELECT, ASK, CONSTRUCT, DESCRIBE) from the parsed query, because
SPARQLWrapper's own guess reads the raw text and a comment can fool it.
"""

from __future__ import annotations

import json
import math
import threading
import time
import urllib.error
import urllib.parse
from dataclasses import dataclass
from typing import Any

from samverkan import USER_AGENT
from samverkan.errors import BadInputError, EndpointError, UsageError

QUERY_TYPES = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/turtle;q=0.8"
BACKOFF_SECONDS = 0.5


@dataclass
class _Reply:
    content_type: str
    body: bytes


class _Retryable(Exception):
    """A failure worth another attempt: the connection failed or the server answered 5xx."""


class _Timeout(Exception):
    """The socket gave up waiting."""


def check_endpoint_url(url: str) -> str:
    """An http(s) URL without credentials in it (those belong in the environment, not argv)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInputError(f"endpoint {url!r} is not an http:// or https:// URL")
    if parts.username or parts.password:
        raise BadInputError("endpoint URL must not contain credentials (user:password@)")
    return url


def _first_line(data: bytes | str, limit: int = 160) -> str:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _attempt(url: str, query: str, query_type: str, socket_timeout: float) -> _Reply:
    """One HTTP request through SPARQLWrapper; sorts failures into retryable or final."""
    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import (
        EndPointInternalError,
        EndPointNotFound,
        QueryBadFormed,
        Unauthorized,
        URITooLong,
    )

    wrapper = SPARQLWrapper(url, agent=USER_AGENT)
    wrapper.setQuery(query)
    wrapper.queryType = query_type  # from the parsed query, not SPARQLWrapper's text guess
    wrapper.setMethod(POST)
    wrapper.setOnlyConneg(True)  # no format=/output= parameters some servers refuse
    wrapper.setTimeout(max(1, math.ceil(socket_timeout)))
    if query_type in ("SELECT", "ASK"):
        wrapper.setReturnFormat(JSON)
    else:
        wrapper.setReturnFormat(TURTLE)
        wrapper.addCustomHttpHeader("Accept", RDF_ACCEPT)
    try:
        result = wrapper.query()
        response = result.response
        body = response.read()
        content_type = response.headers.get("Content-Type", "") or ""
        return _Reply(content_type, body)
    except EndPointInternalError as error:
        raise _Retryable("HTTP 500 (internal server error)") from error
    except QueryBadFormed as error:
        raise EndpointError(f"{url}: the endpoint rejected the query (HTTP 400): "
                            f"{_first_line(str(error).split('Response:', 1)[-1])}") from None
    except EndPointNotFound:
        raise EndpointError(f"{url}: no SPARQL endpoint at this URL (HTTP 404)") from None
    except Unauthorized:
        raise EndpointError(f"{url}: access denied (HTTP 401)") from None
    except URITooLong:
        raise EndpointError(f"{url}: the endpoint refused the request as too long (HTTP 414)"
                            ) from None
    except urllib.error.HTTPError as error:
        if error.code >= 500:
            raise _Retryable(f"HTTP {error.code} ({error.reason})") from error
        raise EndpointError(f"{url}: HTTP {error.code} ({error.reason})") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise _Timeout() from error
        raise _Retryable(f"cannot connect ({_first_line(str(error.reason))})") from error
    except TimeoutError as error:
        raise _Timeout() from error
    except (ConnectionError, OSError) as error:
        raise _Retryable(f"connection failed ({type(error).__name__}: {error})") from error
    except Exception as error:  # http.client protocol errors and the like
        name = type(error).__name__
        raise _Retryable(f"broken answer ({name}: {_first_line(str(error))})") from error


def _attempt_within(url: str, query: str, query_type: str, seconds: float) -> _Reply:
    """Run one attempt in a daemon thread and stop waiting for it after ``seconds``."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["reply"] = _attempt(url, query, query_type, seconds)
        except BaseException as error:  # handed to the waiting thread
            outcome["error"] = error

    worker = threading.Thread(target=work, name="samverkan-endpoint", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise _Timeout()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["reply"]


def _parse_results(url: str, reply: _Reply, query_type: str) -> dict[str, Any]:
    """The SPARQL 1.1 JSON results of a SELECT or ASK, checked for their shape."""
    kind = reply.content_type.split(";")[0].strip() or "no content type"
    try:
        document = json.loads(reply.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise EndpointError(
            f"{url}: the answer is not SPARQL JSON results ({kind}: "
            f"{_first_line(reply.body, 60)!r})"
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
    return document


def _parse_rdf(url: str, reply: _Reply) -> bytes:
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
        raise EndpointError(f"{url}: the answer is not valid RDF ({_first_line(str(error))})"
                            ) from None
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def query_endpoint(
    url: str,
    query: str,
    query_type: str,
    *,
    timeout: float = 30,
    retries: int = 2,
) -> dict[str, Any] | bytes:
    """Run a read-only query on a remote SPARQL 1.1 endpoint.

    Returns the SPARQL 1.1 JSON results (a dict) for SELECT and ASK, and the triples as
    N-Triples bytes for CONSTRUCT and DESCRIBE. ``timeout`` bounds the whole call, retries
    included; ``retries`` is how many more attempts follow a connection error or a 5xx answer.
    Every failure raises EndpointError with one line.
    """
    check_endpoint_url(url)
    query_type = query_type.upper()
    if query_type not in QUERY_TYPES:
        raise UsageError(f"query type {query_type!r} is not one of {', '.join(QUERY_TYPES)}")
    if not timeout > 0:
        raise BadInputError(f"timeout must be a positive number of seconds, got {timeout}")
    if retries < 0:
        raise BadInputError(f"retries must be 0 or more, got {retries}")
    deadline = time.monotonic() + timeout
    attempts = retries + 1
    for attempt in range(1, attempts + 1):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise EndpointError(f"{url}: no answer within {timeout:g} s (timeout)")
        try:
            reply = _attempt_within(url, query, query_type, remaining)
        except _Timeout:
            raise EndpointError(f"{url}: no answer within {timeout:g} s (timeout)") from None
        except _Retryable as error:
            remaining = deadline - time.monotonic()
            if attempt == attempts or remaining <= 0:
                tries = f" after {attempt} attempts" if attempt > 1 else ""
                raise EndpointError(f"{url}: {error}{tries}") from None
            time.sleep(min(BACKOFF_SECONDS * 2 ** (attempt - 1), remaining))
            continue
        if query_type in ("SELECT", "ASK"):
            return _parse_results(url, reply, query_type)
        return _parse_rdf(url, reply)
    raise AssertionError("unreachable")  # the loop always returns or raises
