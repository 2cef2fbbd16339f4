"""The one HTTP layer of samverkan: every network call (query endpoints, Graph Store and Update
loads, link wikidata, graph listings) goes through ``HttpClient``.

Why one module: every call must behave the same way. A URL is checked once, the same way
(absolute http(s), and never credentials in it: those come from the environment or netrc, and a
refused URL is never echoed). Every request sends samverkan's User-Agent, runs under one overall
deadline that covers retries (a socket timeout alone lets a server that trickles bytes hold a
request for ever, so each attempt runs in a worker thread that the caller stops waiting for),
retries a bounded number of times with doubling backoff through an injectable ``sleep`` (tests do
not sleep through it), and never follows a redirect: urllib would turn a redirected POST into a
GET without its body, so a 3xx is one clear error naming where the server points. Several
threads may send at once (``load --jobs``): they share the deadline, and each request in flight
has an opener of its own, since urllib's Digest handler keeps per-challenge state. A large body
is a ``FileBody``: streamed from a file with its Content-Length, and read again from the start
at every attempt, so a retry or an answered authentication challenge always sends all of it.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from . import USER_AGENT
from .deadline import Deadline, DeadlineExceeded, within
from .errors import BadInputError, EndpointError

T = TypeVar("T")

DEFAULT_BACKOFF = 0.25
MAX_BACKOFF = 8.0
RETRY_STATUSES = frozenset({408, 429})
SPARQL_JSON = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"


# ---- URLs ----------------------------------------------------------------------------------


def check_url(url: str, what: str) -> str:
    """An absolute http(s) URL without credentials, or a BadInputError that never echoes them.

    ``what`` names the option or role of the URL (``--endpoint``, ``--graph-store``…).
    """
    try:
        parts = urllib.parse.urlsplit(url)
        has_credentials = "@" in parts.netloc
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        raise BadInputError(f"{what}: not a valid URL") from None
    if has_credentials:
        raise BadInputError(
            f"{what}: credentials in a URL are refused (the URL is not shown); give them "
            "through --auth-env VAR or a netrc entry"
        )
    if parts.scheme not in ("http", "https") or not host:
        raise BadInputError(f"{what}: not an http(s) URL: {url!r}")
    return url


def origin(url: str) -> str:
    """scheme://host:port of a URL: what credentials are bound to and messages name."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def with_param(url: str, name: str, value: str) -> str:
    """The URL with one more query parameter."""
    separator = "&" if urllib.parse.urlsplit(url).query else "?"
    return f"{url}{separator}{urllib.parse.urlencode({name: value})}"


def first_line(data: bytes | str, limit: int = 200) -> str:
    """The first non-blank line of a body, cut to ``limit`` characters, for one-line errors."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


# ---- deadlines and retries -----------------------------------------------------------------


class Transient(Exception):
    """A failure worth another attempt: a refused connection, a timeout, 408/429/5xx."""

    def __init__(self, message: str, retry_after: float | None = None,
                 kind: str = "status", cause: str = "") -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.kind = kind  # "status" (408/429/5xx), "connect", "timeout" or "broken"
        self.cause = cause or message

    @property
    def timed_out(self) -> bool:
        return self.kind == "timeout"


class HttpStatus(Exception):
    """The server answered with an error status; the caller words it."""

    def __init__(self, status: int, reason: str, body: bytes, headers: Any) -> None:
        super().__init__(f"HTTP {status} ({reason})")
        self.status = status
        self.reason = reason
        self.body = body
        self.headers = headers


class FileBody:
    """A request body streamed from a file, read again from its start at every attempt.

    A retry, or the second request urllib sends after an authentication challenge, iterates the
    body anew, so it always carries the whole file; and only one chunk of it is in memory at a
    time, however large the file is.
    """

    CHUNK = 1 << 16

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self.size = os.path.getsize(self.path)

    def __iter__(self) -> Iterator[bytes]:
        with open(self.path, "rb") as source:
            while chunk := source.read(self.CHUNK):
                yield chunk


Body = bytes | FileBody


@dataclass
class Response:
    """A 2xx answer."""

    status: int
    content_type: str
    body: bytes


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an error: following it would drop the POST body (RFC 9110 lets clients)."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> None:
        return None


class HttpClient:
    """HTTP with a User-Agent, a deadline, Basic/Digest credentials and bounded retries."""

    def __init__(
        self,
        credentials: Any = None,
        *,
        origin: str | None = None,
        timeout: float = 60.0,
        retries: int = 3,
        backoff: float = DEFAULT_BACKOFF,
        max_backoff: float = MAX_BACKOFF,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.sleep = sleep
        self.credentials = credentials
        self.requests = 0
        self.deadline: Deadline | None = None
        if credentials is not None and origin is None:
            raise ValueError("credentials need the origin (scheme://host:port) they are for")
        self._origin = origin
        # one opener per request in flight: the Digest handler counts nonces and retries in
        # itself, so requests sent at the same time (``load --jobs``) must not share one
        self._openers: list[urllib.request.OpenerDirector] = []
        self._lock = threading.Lock()

    def _new_opener(self) -> urllib.request.OpenerDirector:
        handlers: list[urllib.request.BaseHandler] = [_NoRedirect()]
        if self.credentials is not None:
            # only this origin gets the password, whichever realm it names
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, f"{self._origin}/", self.credentials.user,
                                 self.credentials.password)
            handlers += [urllib.request.HTTPDigestAuthHandler(manager),
                         urllib.request.HTTPBasicAuthHandler(manager)]
        return urllib.request.build_opener(*handlers)

    def start(self) -> Deadline:
        """Start the overall deadline (``timeout`` seconds) for what follows."""
        self.deadline = Deadline(self.timeout)
        return self.deadline

    def request(self, method: str, url: str, body: Body | None = None,
                content_type: str | None = None, accept: str | None = None) -> Response:
        """One request. Raises HttpStatus (an error status), Transient (connection, timeout),
        DeadlineExceeded, or EndpointError for a redirect. Safe to call from several threads
        at once; they share the deadline."""
        headers = {"User-Agent": USER_AGENT}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        if isinstance(body, FileBody):
            headers["Content-Length"] = str(body.size)  # sent as is, never chunked
        deadline = self.deadline
        seconds = self.timeout if deadline is None else deadline.remaining()
        if seconds <= 0:
            raise DeadlineExceeded()
        prepared = urllib.request.Request(url, data=body, method=method, headers=headers)
        with self._lock:
            self.requests += 1

        def attempt() -> Response:
            with self._lock:
                opener = self._openers.pop() if self._openers else self._new_opener()
            try:
                return exchange(opener)
            finally:  # back for the next request once this one is over, even if abandoned
                with self._lock:
                    self._openers.append(opener)

        def exchange(opener: urllib.request.OpenerDirector) -> Response:
            try:
                with opener.open(prepared, timeout=max(0.05, seconds)) as answer:
                    kind = answer.headers.get("Content-Type", "") or ""
                    return Response(answer.status, kind, answer.read())
            except urllib.error.HTTPError as error:
                if 300 <= error.code < 400:
                    where = error.headers.get("Location", "") if error.headers else ""
                    where = f" to {where}" if where and "@" not in where else ""
                    raise EndpointError(
                        f"{method} {url} answered HTTP {error.code} (a redirect{where}); "
                        "samverkan does not follow redirects (they would drop the request "
                        "body): give the final URL"
                    ) from None
                data = error.read() if error.fp else b""
                raise HttpStatus(error.code, str(error.reason), data, error.headers) from None
            except urllib.error.URLError as error:
                reason = error.reason
                if isinstance(reason, TimeoutError):
                    raise Transient("timed out", kind="timeout") from error
                text = getattr(reason, "strerror", None) or str(reason)
                raise Transient(f"cannot reach {origin(url)}: {text}", kind="connect",
                                cause=str(reason)
                                ) from error
            except TimeoutError as error:
                raise Transient("timed out", kind="timeout") from error
            except (ConnectionError, http.client.HTTPException, OSError) as error:
                text = getattr(error, "strerror", None) or str(error) or type(error).__name__
                raise Transient(f"{method} {url} failed: {text}", kind="broken",
                                cause=f"{type(error).__name__}: {error}") from error

        return within(deadline if deadline is not None else Deadline(seconds), attempt,
                      "samverkan-http")

    def with_retries(self, action: Callable[[], T], final: Callable[[Transient, int], Exception]
                     ) -> T:
        """Run ``action``, retrying Transient failures with doubling backoff, within the
        deadline; ``final(error, attempts)`` words the error when no attempt is left."""
        attempts = self.retries + 1
        for attempt in range(1, attempts + 1):
            try:
                return action()
            except Transient as error:
                remaining = self.deadline.remaining() if self.deadline else math.inf
                if attempt == attempts or remaining <= 0:
                    raise final(error, attempt) from error
                delay = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
                if error.retry_after is not None:
                    delay = min(self.max_backoff, max(delay, error.retry_after))
                self.sleep(min(delay, remaining))
        raise AssertionError("unreachable")  # pragma: no cover


def retry_after(headers: Any) -> float | None:
    """The Retry-After header in seconds, where a server sent one as a number."""
    value = headers.get("Retry-After") if headers is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


# ---- the one graph listing -----------------------------------------------------------------


def graph_listing_query(prefix: str | None = None) -> str:
    """SELECT of the named graphs of a store; with ``prefix``, only those under it."""
    if prefix is None:
        return "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
    literal = json.dumps(prefix)  # a JSON string is a valid SPARQL string literal here
    return ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER(STRSTARTS(STR(?g), {literal})) }}")


def graphs_from_results(url: str, document: Any) -> list[str]:
    """The graph IRIs of a graph listing's SPARQL JSON results, sorted; a binding that is not
    an IRI (or has no type) is an EndpointError, never a KeyError."""
    try:
        rows = document["results"]["bindings"]
        iter(rows)
    except (KeyError, TypeError):
        raise EndpointError(f"{url}: the answer is not SPARQL JSON results (no head/results)"
                            ) from None
    graphs = set()
    for row in rows:
        cell = row.get("g") if isinstance(row, dict) else None
        if cell is None:
            continue
        if not isinstance(cell, dict) or cell.get("type") != "uri" or \
                not isinstance(cell.get("value"), str):
            kind = cell.get("type", "no type") if isinstance(cell, dict) else type(cell).__name__
            raise EndpointError(f"{url}: the graph listing holds a graph name that is not an "
                                f"IRI ({kind})")
        graphs.add(cell["value"])
    return sorted(graphs)
