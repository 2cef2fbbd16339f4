"""The Starlette application: SPARQL protocol, saved queries as an API, linked data, pages.

Routes (docs/serve.md has the full contract):

- ``/`` start page with search and figures; ``/search?q=`` accent-insensitive search;
- ``/id/…``, ``/ontology``, ``/vocab/…``, ``/graph/…``, ``/dataset``, ``/catalog``: every IRI under https://w3id.org/samverkan/
  answers directly (200, ``Vary: Accept``, no 303) with HTML, Turtle, N-Triples, JSON-LD, TriG or
  N-Quads by ``Accept`` or ``?format=``;
- ``/sparql``: SPARQL 1.1 Protocol (GET, POST form, POST direct), read-only, SERVICE refused;
- ``/api/<name>[.csv|.json|.tsv|.xml]?<param>=<value>``: saved queries (grlc-style), and
  ``/api/openapi.json``; ``/queries`` and ``/queries/<name>``: the same as pages with a form.

Every response carries a strict Content-Security-Policy (no script at all, styles from the site
only). Queries run in worker pools with a time limit and a row cap (``runner``).
"""

from __future__ import annotations

import asyncio
import json
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import backend
from .negotiation import (
    GRAPH_FORMATS,
    RDF_FORMATS,
    SELECT_FORMATS,
    choose,
    format_from_param,
    wants_html,
)
from .openapi import openapi_document
from .runner import Busy, Limits, QueryPool
from .views import Views

if TYPE_CHECKING:
    import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
MAX_BODY = 1_000_000  # bytes of a POSTed query
PAGE_CACHE = 2048  # rendered pages kept
PAGE_TIMEOUT = 30.0  # seconds, at least, for a page


class SecurityHeaders:
    """Pure ASGI middleware: the security headers on every response, cheaply."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Problem(Exception):
    """An HTTP error with the one-line message the CLI would print."""

    def __init__(self, status: int, message: str, headers: dict | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


def status_for(error: Exception) -> int:
    """The HTTP status of a library error."""
    if isinstance(error, Busy):
        return 503
    if isinstance(error, backend.LimitExceeded):
        return 503 if error.kind == "time" else 422
    if backend.is_update_refusal(error):
        return 403
    if isinstance(error, backend.UsageProblem | backend.BadInput):
        return 400
    return 500


class Server:
    """The application state: the store, the two worker pools and the page renderer."""

    def __init__(self, store: ox.Store, limits: Limits) -> None:
        self.store = store
        self.limits = limits
        self.queries = QueryPool(store, limits, "query")
        # pages run the web package's own selective queries: a limit of their own
        page_timeout = max(limits.timeout, PAGE_TIMEOUT)
        self.pages = QueryPool(store, Limits(page_timeout, 100_000, max(2, limits.workers)),
                               "page")
        self.views = Views(store, max_rows=100_000, timeout=page_timeout)
        self.saved = self.views.saved
        self._cache: OrderedDict[tuple, str | bytes] = OrderedDict()

    # ---- responses ---------------------------------------------------------------------------

    def problem(self, request: Request, status: int, message: str,
                headers: dict | None = None) -> Response:
        """Plain text 'Error: …' for programs; the same line in a page for browsers."""
        headers = dict(headers or {})
        if status == 503:
            headers.setdefault("Retry-After", "5")
        if wants_html(request.headers.get("accept", "")):
            html = self.views.error_page(status, message)
            return HTMLResponse(html, status_code=status, headers=headers)
        return Response(f"Error: {message}\n", status_code=status, media_type="text/plain",
                        headers=headers)

    def error_response(self, request: Request, error: Exception) -> Response:
        status = status_for(error)
        if status == 500:
            raise error
        return self.problem(request, status, str(error))

    async def page(self, fn: Callable[..., str | bytes | None], *args: Any) -> str | bytes | None:
        """A rendered page from the cache, or rendered in the page pool and kept.

        The store is read-only for the server's lifetime, so a page never goes stale; the
        cache is bounded (oldest pages are dropped first).
        """
        key = (fn.__name__, args)
        html = self._cache.get(key)
        if html is not None:
            self._cache.move_to_end(key)
            return html
        html = await self.pages.call(lambda *a, deadline: fn(*a), *args)
        if html is not None:
            self._cache[key] = html
            if len(self._cache) > PAGE_CACHE:
                self._cache.popitem(last=False)
        return html

    # ---- routes ------------------------------------------------------------------------------

    async def start(self, request: Request) -> Response:
        return HTMLResponse(await self.page(self.views.start_page))

    async def search(self, request: Request) -> Response:
        q = request.query_params.get("q", "")[:200]
        return HTMLResponse(await self.page(self.views.search_page, q))

    async def entity(self, request: Request) -> Response:
        path = request.url.path.lstrip("/")
        iri = backend.BASE + path
        if not backend.valid_iri(iri):
            return self.problem(request, 404, f"no such resource: /{path}")
        fmt = format_from_param(request.query_params.get("format"), RDF_FORMATS)
        if fmt is None:
            fmt = choose(request.headers.get("accept", ""), RDF_FORMATS, default="html")
        vary = {"Vary": "Accept"}
        if fmt == "html":
            if path == "ontology":
                html = await self.page(self.views.ontology_page, iri)
            else:
                html = await self.page(self.views.entity_page, iri)
            if html is None:
                return self.problem(request, 404, f"no such resource: {iri}")
            return HTMLResponse(html, headers=vary)
        data = await self.page(entity_rdf, self.store, iri, fmt)
        if data is None:
            return self.problem(request, 404, f"no such resource: {iri}")
        return Response(data, media_type=RDF_FORMATS[fmt], headers=vary)

    async def sparql(self, request: Request) -> Response:
        text = await self._query_text(request)
        if text is None:
            if wants_html(request.headers.get("accept", "")):
                return HTMLResponse(self.views.sparql_page(""))
            return self.problem(request, 400, "no query: give query=… (SPARQL 1.1 Protocol)")
        fmt_param = request.query_params.get("format")
        html = (fmt_param == "html" or (fmt_param is None
                                       and wants_html(request.headers.get("accept", ""))))
        try:
            result = await self.queries.run(text)
        except backend.Error as error:
            if html and status_for(error) != 500:
                return HTMLResponse(self.views.sparql_page(text, error=str(error)),
                                    status_code=status_for(error))
            return self.error_response(request, error)
        if html:
            rdf = (backend.render_triples(result.triples, "turtle").decode()
                   if result.triples is not None else None)
            return HTMLResponse(self.views.sparql_page(text, table=result.table,
                                                       boolean=result.boolean, rdf=rdf))
        return self.result_response(request, result)

    async def _query_text(self, request: Request) -> str | None:
        params = request.query_params
        for name in ("default-graph-uri", "named-graph-uri", "using-graph-uri",
                     "using-named-graph-uri"):
            if name in params:
                raise Problem(400, f"{name} is not supported: name graphs with FROM / FROM NAMED "
                              "in the query (the default graph is the union of all graphs)")
        if request.method == "GET":
            if "update" in params:
                raise Problem(403, "updates are refused: this endpoint is read-only")
            return params.get("query")
        body = await request.body()
        if len(body) > MAX_BODY:
            raise Problem(413, f"the request body is larger than {MAX_BODY} bytes")
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            raise Problem(403, "updates are refused: this endpoint is read-only")
        if media == "application/sparql-query":
            return body.decode("utf-8", errors="replace")
        if media == "application/x-www-form-urlencoded":
            form = dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))
            if "update" in form:
                raise Problem(403, "updates are refused: this endpoint is read-only")
            for name in ("default-graph-uri", "named-graph-uri"):
                if name in form:
                    raise Problem(400, f"{name} is not supported: name graphs with FROM / "
                                  "FROM NAMED in the query")
            return form.get("query")
        raise Problem(415, "send the query as application/sparql-query or as a form "
                      "(application/x-www-form-urlencoded, query=…)")

    def result_response(self, request: Request, result: backend.Result,
                        fmt_override: str | None = None, filename: str | None = None) -> Response:
        accept = request.headers.get("accept", "")
        headers = {"Vary": "Accept"}
        if filename:
            headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        if result.triples is not None:
            fmt = fmt_override or format_from_param(request.query_params.get("format"),
                                                    GRAPH_FORMATS)
            fmt = fmt if fmt in GRAPH_FORMATS else choose(accept, GRAPH_FORMATS, "turtle")
            return Response(backend.render_triples(result.triples, fmt),
                            media_type=GRAPH_FORMATS[fmt], headers=headers)
        fmt = fmt_override or format_from_param(request.query_params.get("format"),
                                                SELECT_FORMATS)
        fmt = fmt if fmt in SELECT_FORMATS else choose(accept, SELECT_FORMATS, "json")
        if result.boolean is not None:
            body = backend.render_boolean(result.boolean, fmt)
        else:
            if result.table is None:
                raise backend.Error("the query gave no table, boolean or triples")
            body = backend.render_table(result.table, fmt)
        media = SELECT_FORMATS[fmt]
        if media.startswith("text/"):
            media += "; charset=utf-8"
        return Response(body.encode("utf-8"), headers={**headers, "Content-Type": media})

    def _bound(self, name: str, request: Request) -> tuple[object, str, list[tuple[str, str]]]:
        query = self.saved[name]
        pairs = [(k, v) for k, v in request.query_params.multi_items()
                 if not (k == "format" and query.parameter("format") is None)]
        return query, backend.bind_saved_query(query, pairs), pairs

    async def api(self, request: Request) -> Response:
        name = request.path_params["name"]
        ext = None
        if "." in name:
            name, ext = name.rsplit(".", 1)
            if ext not in SELECT_FORMATS and ext not in GRAPH_FORMATS:
                return self.problem(request, 404, f"unknown format '.{ext}' (csv, json, tsv, "
                                    "xml; turtle, ntriples, jsonld for graphs)")
        if name not in self.saved:
            try:
                backend.saved_query(name)
            except backend.Error as error:
                return self.problem(request, 404, str(error))
        try:
            _query, text, _pairs = self._bound(name, request)
            result = await self.queries.run(text)
        except backend.Error as error:
            return self.error_response(request, error)
        filename = f"{name}.{ext}" if ext else None
        return self.result_response(request, result, fmt_override=ext, filename=filename)

    async def openapi(self, request: Request) -> Response:
        doc = openapi_document(self.saved.values(), str(request.base_url).rstrip("/"))
        return Response(json.dumps(doc, ensure_ascii=False, indent=1),
                        media_type="application/json")

    async def queries_list(self, request: Request) -> Response:
        return HTMLResponse(self.views.queries_page())

    async def query_page(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in self.saved:
            try:
                backend.saved_query(name)
            except backend.Error as unknown:
                return self.problem(request, 404, str(unknown))
        query = self.saved[name]
        given = {k: v for k, v in request.query_params.items() if query.parameter(k)}
        values = {p.name: given.get(p.name, p.default or "") for p in query.parameters}
        pairs = [(k, v) for k, v in values.items() if v != "" or k in given]
        required = {p.name for p in query.parameters if p.required}
        pairs = [(k, v) for k, v in pairs if v != "" or k in required]
        table = error = None
        status = 200
        try:
            text = backend.bind_saved_query(query, [(k, v) for k, v in pairs if v != ""])
            result = await self.queries.run(text)
            table = result.table
        except backend.Error as problem:
            status = status_for(problem)
            if status == 500:
                raise
            error = str(problem)
        html = self.views.query_page(name, values, table, error, ran=True)
        return HTMLResponse(html, status_code=status)

    async def style(self, request: Request) -> Response:
        return FileResponse(HERE / "static" / "style.css", media_type="text/css",
                            headers={"Cache-Control": "public, max-age=3600"})

    async def favicon(self, request: Request) -> Response:
        return Response(status_code=404)


def entity_rdf(store: ox.Store, iri: str, fmt: str) -> bytes | None:
    """The statements about an IRI (every graph) in an RDF format, or None when there are none.

    ``/ontology`` describes the ontology and each of its hash terms (``ontology#Municipality``).
    """
    quads = backend.describe_quads(store, iri)
    if iri == backend.BASE + "ontology":
        quads = quads + backend.describe_terms(store, iri + "#")
    if not quads:
        return None
    return backend.render_quads(quads, fmt)


def create_app(store: ox.Store, limits: Limits | None = None) -> Starlette:
    """The ASGI application over a read-only store."""
    server = Server(store, limits or Limits())

    def guard(
        handler: Callable[[Request], Awaitable[Response]],
    ) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except Problem as problem:
                return server.problem(request, problem.status, str(problem), problem.headers)
            except backend.Error as error:
                return server.error_response(request, error)
            except asyncio.CancelledError:
                raise
        return endpoint

    routes = [
        Route("/", guard(server.start)),
        Route("/search", guard(server.search)),
        Route("/sparql", guard(server.sparql), methods=["GET", "POST"]),
        Route("/api/openapi.json", guard(server.openapi)),
        Route("/api/{name}", guard(server.api)),
        Route("/api-local/{name}", guard(server.api)),  # grlc's path for local queries
        Route("/queries", guard(server.queries_list)),
        Route("/queries/{name}", guard(server.query_page)),
        Route("/ontology", guard(server.entity)),
        Route("/id/{path:path}", guard(server.entity)),
        Route("/vocab/{path:path}", guard(server.entity)),
        Route("/graph/{path:path}", guard(server.entity)),
        Route("/catalog", guard(server.entity)),  # the DCAT-AP record (graph:description)
        Route("/dataset", guard(server.entity)),
        Route("/dataset/{path:path}", guard(server.entity)),
        Route("/static/style.css", server.style),
        Route("/favicon.ico", server.favicon),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        return server.problem(request, 404, f"no such page: {request.url.path}")

    async def method_not_allowed(request: Request, exc: Exception) -> Response:
        return server.problem(request, 405, f"{request.method} is not allowed here")

    app = Starlette(routes=routes, exception_handlers={404: not_found,
                                                       405: method_not_allowed})
    app.state.server = server
    app.add_middleware(SecurityHeaders)
    return app
