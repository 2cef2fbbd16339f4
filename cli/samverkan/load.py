"""Put every named graph of the dataset into a triple store, so that loading twice equals once.

Two ways in, because stores differ in what they speak:

* SPARQL 1.1 Graph Store HTTP Protocol (``--graph-store URL``): one ``PUT ?graph=<iri>`` per
  named graph. A PUT replaces the graph in one request, so a store that runs each request in a
  transaction (Oxigraph, Fuseki, GraphDB) keeps every graph either as it was or fully replaced.
* SPARQL 1.1 Update (``--update URL``): a graph rarely fits one request, so it is written in
  chunks into a temporary graph (``graph:loading/<hash>``), then ``MOVE``d onto the real graph
  in a single request. A failure before the MOVE leaves the real graph untouched; the next load
  (or the cleanup after the failure) drops the temporary graph. Chunks never split the triples
  that share a blank node, because INSERT DATA mints fresh blank nodes per request.

Graphs go ``jobs`` at a time (default 2: the store writes one graph while the next is dumped and
on its way; measured into ``oxigraph serve`` on 2 cores, docs/loading.md; but 1 when the load
authenticates, as Virtuoso's Graph Store does, because Virtuoso 7.2 broke two concurrent
authenticated PUTs at 100k triples in three of three loads), each in its own
request or requests, so atomicity stays per graph. When one fails, no further graph is sent;
the ones in flight finish, and the error names the graphs loaded, the ones that failed and the
ones never sent (left unchanged).
Each graph is dumped from the store into a temporary file and streamed from there, so the
client holds one chunk of a graph at a time, never the graph.

Every request sends samverkan's User-Agent, has a timeout, and is retried a bounded number of
times with exponential backoff on connection errors, timeouts, 408, 429 and 5xx. For Update, a
retry restarts the whole graph (DROP the temporary graph, INSERT, MOVE), since re-sending one
INSERT DATA after a lost answer could duplicate blank nodes. One overall deadline (``--timeout``)
covers every request of every worker. Credentials come from an environment variable or a netrc
file, never from the command line.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import netrc
import os
import queue
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from . import httpclient
from .errors import BadInputError, EndpointError, UsageError
from .httpclient import (
    DEFAULT_BACKOFF,
    FORM,
    RETRY_STATUSES,
    SPARQL_JSON,
    Body,
    DeadlineExceeded,
    FileBody,
    HttpClient,
    HttpStatus,
    Transient,
    first_line,
    graph_listing_query,
    graphs_from_results,
    origin,
    retry_after,
    with_param,
)
from .namespaces import GRAPH_BASE, graph_name

T = TypeVar("T")

DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRIES = 3
DEFAULT_CHUNK_SIZE = 10_000
DEFAULT_JOBS = 2
AUTHENTICATED_JOBS = 1  # see the module docstring: Virtuoso and concurrent Digest PUTs
# bytes of N-Triples dumped between two openings of the store (see GraphSource)
REOPEN_AFTER = 1 << 20
TEMP_GRAPH_BASE = GRAPH_BASE + "loading/"
# N-Triples is a subset of Turtle, and Turtle is the one syntax every Graph Store accepts
GSP_CONTENT_TYPE = "text/turtle; charset=utf-8"


@dataclass(frozen=True)
class Credentials:
    """A user name and password for HTTP Basic or Digest authentication, and their origin."""

    user: str
    password: str = field(repr=False)  # never in a repr, a log or a traceback
    origin: str


class GraphSource:
    """The N-Triples of each named graph, dumped from the store one graph at a time.

    Given the store's folder, the source opens it afresh (read-only) after every
    ``reopen_after`` bytes dumped, dropping the instance before and handing the freed memory
    back. pyoxigraph lets no caller size RocksDB's caches (32 MB for the quad indexes, a 128 MB
    cache for the strings), and reading every graph through one instance fills them: the client
    then grows with the data (89 MB only to read the graphs of 1M triples). ``store`` may be
    None when ``location`` is given: the source then opens it, and holds the only reference.
    Dumps are serialised by a lock; the requests that send them are not.
    """

    def __init__(self, store: ox.Store | ox.Dataset | None, location: Path | None = None,
                 reopen_after: int = REOPEN_AFTER) -> None:
        from .export import as_store

        if store is None and location is None:
            raise ValueError("GraphSource needs a store or the folder of one")
        self.location = location
        self.reopen_after = reopen_after
        self.openings = 1
        self._store = as_store(store) if store is not None else \
            ox.Store.read_only(str(location))
        self._dumped = 0
        self._lock = threading.Lock()

    @property
    def store(self) -> ox.Store:
        """The instance dumps read from now (it changes when the folder is reopened)."""
        return self._store

    def _current(self) -> ox.Store:
        if self.location is not None and self._dumped >= self.reopen_after:
            del self._store  # the only reference: RocksDB closes and frees its caches
            release_freed_memory()
            self._store = ox.Store.read_only(str(self.location))
            self.openings += 1
            self._dumped = 0
        return self._store

    def ntriples(self, iri: str) -> bytes:
        """One graph as N-Triples bytes."""
        from .export import graph_ntriples

        with self._lock:
            data = graph_ntriples(self._current(), ox.NamedNode(iri))
            self._dumped += len(data)
            return data

    def spool(self, iri: str, path: str) -> int:
        """One graph as N-Triples into the file ``path``; returns its triples (its lines)."""
        with self._lock:
            self._current().dump(path, format=ox.RdfFormat.N_TRIPLES,
                                 from_graph=ox.NamedNode(iri))
            self._dumped += os.path.getsize(path)
        return sum(chunk.count(b"\n") for chunk in FileBody(path))


def release_freed_memory() -> None:
    """Give the heap pages freed so far back to the system (glibc's ``malloc_trim``; nothing
    where there is none): glibc keeps them otherwise, and the client's size would not go down."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    import ctypes

    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):  # no C library by that name, or no glibc
        return None


@dataclass(frozen=True)
class GraphData:
    """One named graph to send: its IRI, its triple count where counted (a dry run counts;
    a load counts what it sends), and where its N-Triples come from."""

    iri: str
    size: int | None
    source: GraphSource = field(repr=False, compare=False)

    def ntriples(self) -> bytes:
        """The graph as N-Triples bytes, dumped by the store when it is sent."""
        return self.source.ntriples(self.iri)

    def spool(self, path: str) -> int:
        """The graph as N-Triples into a file; returns its triple count."""
        return self.source.spool(self.iri, path)

    @property
    def triples(self) -> list[ox.Triple]:
        """The graph as Python triples (only SPARQL Update chunking needs them)."""
        return list(ox.parse(self.ntriples(), format=ox.RdfFormat.N_TRIPLES))


@dataclass
class LoadReport:
    """What a load did: graphs written (with triple counts), graphs dropped, wall time."""

    loaded: list[tuple[str, int]] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    dry_run: bool = False
    target: str = ""
    method: str = ""

    @property
    def triples(self) -> int:
        return sum(count for _, count in self.loaded)


ProgressCallback = Callable[[int, int, str, int, float], None]
"""Called after each graph: (number, total, graph IRI, triples, seconds for that graph)."""


class LoadFailed(EndpointError):
    """The load stopped: carries the graphs loaded, the first graph that failed (in IRI order),
    every graph that failed, and the graphs never sent, which keep their previous content."""

    def __init__(self, message: str, loaded: list[str], failed: str,
                 not_sent: list[str] | None = None, failures: list[str] | None = None) -> None:
        super().__init__(message)
        self.loaded = loaded
        self.failed = failed
        self.failures = failures if failures is not None else [failed]
        self.not_sent = not_sent if not_sent is not None else []


class HttpStatusError(EndpointError):
    """The store answered with an HTTP status that retrying will not change (most 4xx)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def check_url(url: str, option: str) -> str:
    """Refuse anything but an absolute http(s) URL without credentials before a request."""
    return httpclient.check_url(url, option)


def credentials_from_env(variable: str) -> Credentials:
    """``user:password`` from an environment variable named by the user."""
    value = os.environ.get(variable)
    if not value:
        raise UsageError(f"--auth-env {variable}: that environment variable is not set")
    if ":" not in value:
        raise BadInputError(f"the environment variable {variable} must hold user:password")
    user, password = value.split(":", 1)
    return Credentials(user, password, f"environment variable {variable}")


def credentials_from_netrc(url: str) -> Credentials | None:
    """The netrc entry for the URL's host ($NETRC or ~/.netrc), if there is one."""
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except (netrc.NetrcParseError, OSError) as error:
        raise BadInputError(f"cannot read {path}: {error}") from error
    if entry is None:
        return None
    login, _account, password = entry
    return Credentials(login or "", password or "", f"netrc entry for {host}")


def graph_names(store: ox.Store | ox.Dataset, leave_out: Iterable[str] = ()) -> list[str]:
    """Every named graph's IRI but those left out, sorted, so loads run in a stable order."""
    if isinstance(store, ox.Store):
        graphs = set(store.named_graphs())
    else:
        graphs = {q.graph_name for q in store if not isinstance(q.graph_name, ox.DefaultGraph)}
    for graph in graphs:
        if not isinstance(graph, ox.NamedNode):
            raise BadInputError(
                f"a named graph labelled by the blank node {graph} cannot be addressed in a store"
            )
    skip = set(leave_out)
    return sorted(g.value for g in graphs if g.value not in skip)


def graphs_of(store: ox.Store | ox.Dataset, leave_out: Iterable[str] = ()) -> list[GraphData]:
    """Every named graph with its size (one count over the store), in IRI order."""
    from .export import graph_sizes

    names = graph_names(store, leave_out)
    source, sizes = graph_sizes(store)
    counts = {graph.value: size for graph, size in sizes.items()}
    graphs = GraphSource(source)
    return [GraphData(iri, counts.get(iri, 0), graphs) for iri in names]


def temp_graph(iri: str) -> str:
    """The temporary graph an Update load writes into before moving it onto ``iri``."""
    return TEMP_GRAPH_BASE + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:24]


def blank_node_groups(triples: Iterable[ox.Triple]) -> list[list[ox.Triple]]:
    """Triples grouped so that triples sharing a blank node (even indirectly) stay together."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    singles: list[list[ox.Triple]] = []
    linked: list[tuple[str, ox.Triple]] = []
    for triple in triples:
        blanks = [t.value for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)]
        if not blanks:
            singles.append([triple])
            continue
        for blank in blanks:
            parent.setdefault(blank, blank)
        if len(blanks) == 2:
            a, b = find(blanks[0]), find(blanks[1])
            if a != b:
                parent[b] = a
        linked.append((blanks[0], triple))
    groups: dict[str, list[ox.Triple]] = {}
    for blank, triple in linked:
        groups.setdefault(find(blank), []).append(triple)
    return singles + list(groups.values())


def chunks(triples: list[ox.Triple], size: int) -> list[list[ox.Triple]]:
    """Chunks of at most ``size`` triples, never splitting a blank-node group.

    A group larger than ``size`` travels alone in one larger chunk.
    """
    result: list[list[ox.Triple]] = []
    current: list[ox.Triple] = []
    for group in blank_node_groups(triples):
        if current and len(current) + len(group) > size:
            result.append(current)
            current = []
        current.extend(group)
    if current:
        result.append(current)
    return result


def ntriples(triples: Iterable[ox.Triple]) -> bytes:
    """N-Triples bytes: valid Turtle and valid inside SPARQL INSERT DATA."""
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def send(client: HttpClient, method: str, url: str, body: Body | None = None,
         content_type: str | None = None, accept: str | None = None) -> tuple[int, bytes]:
    """One request; 408/429/5xx and connection failures raise Transient, the rest
    HttpStatusError (a status retrying will not change) or EndpointError."""
    try:
        reply = client.request(method, url, body, content_type, accept)
    except HttpStatus as error:
        status = error.status
        detail = first_line(error.body) or error.reason
        message = f"{method} {url} answered HTTP {status}: {detail}"
        if status >= 500 or status in RETRY_STATUSES:
            raise Transient(message, retry_after(error.headers)) from None
        if status in (401, 403):
            message += " (check the credentials: --auth-env VAR or a netrc entry)"
        elif status == 413:
            message += " (the graph is too large for one request: try --update)"
        raise HttpStatusError(message, status) from None
    return reply.status, reply.body


def with_retries(client: HttpClient, action: Callable[[], T], what: str) -> T:
    """Run ``action`` with the client's retries, inside its overall deadline."""
    def final(error: Transient, attempts: int) -> EndpointError:
        noun = "attempt" if attempts == 1 else "attempts"
        if client.deadline is not None and client.deadline.remaining() <= 0:
            return EndpointError(f"{what}: no answer within the overall --timeout of "
                                 f"{client.timeout:g} s ({attempts} {noun})")
        return EndpointError(f"{what}: {error} ({attempts} {noun})")

    try:
        return client.with_retries(action, final)
    except DeadlineExceeded:
        raise EndpointError(f"{what}: no answer within the overall --timeout of "
                            f"{client.timeout:g} s") from None


class GraphStoreTarget:
    """SPARQL 1.1 Graph Store HTTP Protocol: PUT replaces a graph, DELETE drops it."""

    method = "graph store"

    def __init__(self, url: str, client: HttpClient) -> None:
        self.url = check_url(url, "--graph-store")
        self.client = client

    def put(self, graph: GraphData) -> int:
        """Replace the graph by one PUT of its N-Triples, streamed from a temporary file;
        returns the triples sent."""
        target = with_param(self.url, "graph", graph.iri)
        handle, name = tempfile.mkstemp(prefix="samverkan-load-", suffix=".nt")
        os.close(handle)
        try:
            triples = graph.spool(name)
            body = FileBody(name)
            with_retries(self.client, lambda: send(self.client, "PUT", target, body,
                                                   GSP_CONTENT_TYPE), f"PUT <{graph.iri}>")
        finally:
            with contextlib.suppress(OSError):  # an abandoned request may still hold it open
                os.unlink(name)
        return triples

    def drop(self, iri: str) -> None:
        target = with_param(self.url, "graph", iri)

        def delete() -> None:
            try:
                send(self.client, "DELETE", target)
            except HttpStatusError as error:  # 404: already gone, which is what we want
                if error.status != 404:
                    raise

        with_retries(self.client, delete, f"DELETE <{iri}>")

    def cleanup(self, graph: GraphData) -> None:
        """Nothing to clean: a failed PUT leaves no trace."""


def _insert(graph: str, triples: list[ox.Triple]) -> str:
    """One INSERT request for a chunk.

    INSERT DATA where the chunk has no blank node; otherwise ``INSERT { … } WHERE {}``, whose
    template may hold blank nodes in every store (Virtuoso refuses them in INSERT DATA), and
    which mints one fresh blank node per label, as INSERT DATA would.
    """
    body = ntriples(triples).decode("utf-8")
    if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
           for t in triples):
        return f"INSERT {{ GRAPH <{graph}> {{\n{body}}} }} WHERE {{}}"
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}"


class UpdateTarget:
    """SPARQL 1.1 Update: chunks into a temporary graph, then one MOVE onto the real graph."""

    method = "SPARQL Update"

    def __init__(self, url: str, client: HttpClient, chunk_size: int = DEFAULT_CHUNK_SIZE) -> None:
        self.url = check_url(url, "--update")
        self.client = client
        self.chunk_size = chunk_size

    def _update(self, text: str) -> None:
        send(self.client, "POST", self.url, text.encode("utf-8"),
             "application/sparql-update; charset=utf-8")

    def put(self, graph: GraphData) -> int:
        """Replace the graph through a temporary graph and one MOVE; returns the triples sent."""
        tmp = temp_graph(graph.iri)
        triples = graph.triples
        requests = [_insert(tmp, chunk) for chunk in chunks(triples, self.chunk_size)]

        def replace() -> None:
            self._update(f"DROP SILENT GRAPH <{tmp}>")
            for text in requests:
                self._update(text)
            self._update(f"MOVE GRAPH <{tmp}> TO GRAPH <{graph.iri}>")

        with_retries(self.client, replace, f"loading <{graph.iri}> by SPARQL Update")
        return len(triples)

    def drop(self, iri: str) -> None:
        with_retries(self.client, lambda: self._update(f"DROP SILENT GRAPH <{iri}>"),
                     f"DROP GRAPH <{iri}>")

    def cleanup(self, graph: GraphData) -> None:
        """Best effort, one try: drop the temporary graph a failed load may have left."""
        try:
            self._update(f"DROP SILENT GRAPH <{temp_graph(graph.iri)}>")
        except (Transient, DeadlineExceeded, EndpointError):
            pass


def list_graphs(query_url: str, client: HttpClient, prefix: str = GRAPH_BASE) -> list[str]:
    """The named graphs in the store whose IRI starts with ``prefix`` (samverkan's own)."""
    check_url(query_url, "--query")
    body = urllib.parse.urlencode({"query": graph_listing_query(prefix)}).encode("ascii")

    def ask() -> tuple[int, bytes]:
        return send(client, "POST", query_url, body, FORM, SPARQL_JSON)

    _status, answer = with_retries(client, ask, "listing the graphs")
    try:
        document = json.loads(answer)
    except ValueError as error:
        raise EndpointError(f"{query_url} did not answer with SPARQL JSON results") from error
    return graphs_from_results(query_url, document)


short_name = graph_name


def default_jobs(target: GraphStoreTarget | UpdateTarget) -> int:
    """Graphs in flight when ``--jobs`` is not given: 2, or 1 when the load authenticates."""
    return AUTHENTICATED_JOBS if target.client.credentials is not None else DEFAULT_JOBS


def check_jobs(jobs: int) -> int:
    """``--jobs``: a whole number of graphs in flight, at least one."""
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise UsageError(f"--jobs must be a whole number of at least 1, got {jobs!r}")
    return jobs


@dataclass
class _Outcome:
    number: int
    graph: GraphData
    triples: int = 0
    seconds: float = 0.0
    error: EndpointError | None = None


def _put_all(target: GraphStoreTarget | UpdateTarget, graphs: list[GraphData], jobs: int,
             on_graph: ProgressCallback | None, report: LoadReport) -> None:
    """Send every graph, ``jobs`` at a time, in IRI order; after a failure send no more.

    Workers are daemon threads, so Ctrl-C ends the command at once; results are taken in IRI
    order, so the report and the progress lines come out the same whatever finishes first.
    """
    todo: queue.SimpleQueue[tuple[int, GraphData]] = queue.SimpleQueue()
    for number, graph in enumerate(graphs, 1):
        todo.put((number, graph))
    results: queue.SimpleQueue[_Outcome | BaseException | None] = queue.SimpleQueue()
    stop = threading.Event()

    def work() -> None:
        try:
            while not stop.is_set():
                try:
                    number, graph = todo.get_nowait()
                except queue.Empty:
                    return
                started = time.perf_counter()
                outcome = _Outcome(number, graph)
                try:
                    outcome.triples = target.put(graph)
                except EndpointError as error:
                    stop.set()
                    target.cleanup(graph)
                    outcome.error = error
                outcome.seconds = time.perf_counter() - started
                results.put(outcome)
        except BaseException as error:  # noqa: BLE001 - a bug: handed to the caller
            stop.set()
            results.put(error)
        finally:
            results.put(None)

    workers = [threading.Thread(target=work, name=f"samverkan-load-{n}", daemon=True)
               for n in range(min(jobs, len(graphs)))]
    for worker in workers:
        worker.start()
    finished: dict[int, _Outcome] = {}
    running = len(workers)
    reported = 1
    while running:
        item = results.get()
        if item is None:
            running -= 1
            continue
        if isinstance(item, BaseException):
            raise item
        finished[item.number] = item
        while reported in finished and finished[reported].error is None:
            done = finished[reported]
            report.loaded.append((done.graph.iri, done.triples))
            if on_graph is not None:
                on_graph(reported, len(graphs), done.graph.iri, done.triples, done.seconds)
            reported += 1
    failures = sorted((o for o in finished.values() if o.error is not None),
                      key=lambda o: o.number)
    if not failures:
        return
    for number in sorted(finished):  # loaded after the first failure, while it was in flight
        done = finished[number]
        if number >= reported and done.error is None:
            report.loaded.append((done.graph.iri, done.triples))
            if on_graph is not None:
                on_graph(number, len(graphs), done.graph.iri, done.triples, done.seconds)
    first = failures[0]
    loaded = [iri for iri, _ in report.loaded]
    failed = [o.graph.iri for o in failures]
    settled = set(loaded) | set(failed)
    not_sent = [g.iri for g in graphs if g.iri not in settled]
    also = f"; also failed: {_names(failed[1:])}" if failed[1:] else ""
    raise LoadFailed(
        f"load stopped at {short_name(first.graph.iri)} (graph {first.number} of "
        f"{len(graphs)}): {first.error}{also}; loaded: {_names(loaded)}; not sent, so "
        f"unchanged: {_names(not_sent)}",
        loaded, first.graph.iri, not_sent, failed,
    ) from first.error


def _names(iris: list[str]) -> str:
    return ", ".join(short_name(iri) for iri in iris) or "none"


def load(
    store: ox.Store | ox.Dataset | None,
    target: GraphStoreTarget | UpdateTarget,
    *,
    dry_run: bool = False,
    drop_missing: bool = False,
    query_url: str | None = None,
    on_graph: ProgressCallback | None = None,
    jobs: int | None = None,
    location: Path | None = None,
    leave_out: Iterable[str] = (),
) -> LoadReport:
    """Replace every named graph of ``store`` (but those in ``leave_out``) in the target
    store, ``jobs`` graphs at a time (None: :func:`default_jobs`), each graph whole.

    Graphs are loaded before any is dropped, so a failure never leaves the store with less
    than it had. With ``drop_missing``, samverkan graphs (IRIs under ``graph:``) that the
    store has and the sources no longer have are dropped; other graphs are never touched.
    ``location``, the folder of ``store`` on disk, lets the dumps reopen it to bound the
    client's memory (see GraphSource); with it, ``store`` may be None (then the load opens the
    folder itself, and no other reference keeps RocksDB's caches alive). ``on_graph`` is
    called in IRI order, from this thread.
    """
    jobs = default_jobs(target) if jobs is None else check_jobs(jobs)
    if drop_missing and not query_url:
        raise UsageError("--drop-missing needs --query URL (a SPARQL query endpoint that lists "
                         "the graphs in the store)")
    if query_url is not None:
        check_url(query_url, "--query")
    started = time.perf_counter()
    if not dry_run:
        target.client.start()  # one overall deadline: every request and retry of this load
    report = LoadReport(dry_run=dry_run, target=target.url, method=target.method)
    source = GraphSource(store, location)
    del store
    if dry_run:
        graphs = graphs_of(source.store, leave_out)
        for number, graph in enumerate(graphs, 1):
            report.loaded.append((graph.iri, graph.size or 0))
            if on_graph is not None:
                on_graph(number, len(graphs), graph.iri, graph.size or 0, 0.0)
    else:
        graphs = [GraphData(iri, None, source) for iri in graph_names(source.store, leave_out)]
        _put_all(target, graphs, jobs, on_graph, report)
    if drop_missing and query_url is not None:
        wanted = {g.iri for g in graphs}
        for iri in list_graphs(query_url, target.client):
            if iri in wanted:
                continue
            if not dry_run:
                try:
                    target.drop(iri)
                except EndpointError as error:
                    raise EndpointError(
                        f"all {len(graphs)} graphs loaded, but dropping {short_name(iri)} failed: "
                        f"{error}; dropped before it: "
                        f"{', '.join(short_name(i) for i in report.dropped) or 'none'}"
                    ) from error
            report.dropped.append(iri)
    report.seconds = time.perf_counter() - started
    return report


def make_target(
    *,
    graph_store: str | None,
    update: str | None,
    auth_env: str | None,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> GraphStoreTarget | UpdateTarget:
    """The target the options name, with credentials from the environment or netrc."""
    if (graph_store is None) == (update is None):
        raise UsageError("give --graph-store URL or --update URL (exactly one of them)")
    url = graph_store or update or ""
    check_url(url, "--graph-store" if graph_store else "--update")
    credentials = credentials_from_env(auth_env) if auth_env else credentials_from_netrc(url)
    client = HttpClient(credentials, origin=origin(url), timeout=timeout, retries=retries,
                        backoff=backoff)
    if graph_store is not None:
        return GraphStoreTarget(graph_store, client)
    return UpdateTarget(url, client, chunk_size)
