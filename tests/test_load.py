"""Load into real stores: counts, idempotence, faults (server stopped, injected failures), auth.

Faults are injected by a small HTTP proxy on 127.0.0.1 in front of a real Oxigraph server: it
forwards requests, or answers with an error status, or closes the connection unanswered.
"""

from __future__ import annotations

import base64
import http.client
import http.server
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import free_port

import samverkan.cli as cli_module
from samverkan import USER_AGENT
from samverkan.cli import main
from samverkan.errors import BadInputError, EndpointError, UsageError
from samverkan.export import export_bytes
from samverkan.httpclient import FileBody, origin
from samverkan.load import (
    TEMP_GRAPH_BASE,
    Credentials,
    GraphSource,
    GraphStoreTarget,
    HttpClient,
    LoadFailed,
    UpdateTarget,
    check_jobs,
    chunks,
    credentials_from_env,
    credentials_from_netrc,
    graph_names,
    graphs_of,
    load,
    make_target,
    temp_graph,
)

pytestmark = pytest.mark.server

GRAPH = "https://w3id.org/samverkan/graph/"
MARKER = ox.NamedNode("urn:test:version")


# ---------------------------------------------------------------- helpers


def no_sleep_client(retries: int = 2, credentials=None) -> tuple[HttpClient, list[float]]:
    """A client whose backoff waits are recorded instead of slept."""
    waits: list[float] = []
    return HttpClient(credentials, timeout=10, retries=retries, sleep=waits.append), waits


def server_quads(server) -> list[ox.Quad]:
    request = urllib.request.Request(server.store_url, headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return list(ox.parse(response.read(), format=ox.RdfFormat.N_QUADS))


def canonical(quads, graph: str | None = None) -> list[str]:
    dataset = ox.Dataset(q for q in quads if graph is None or q.graph_name.value == graph)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(str(q) for q in dataset)


def old_version(store: ox.Store) -> ox.Store:
    """The shipped data plus one marker triple per graph: an 'earlier load' to replace."""
    old = ox.Store()
    old.extend(store)
    for graph in store.named_graphs():
        old.add(ox.Quad(graph, MARKER, ox.Literal("old"), graph))
    return old


def graph_iris(store) -> list[str]:
    return [g.iri for g in graphs_of(store)]


def names(iris: list[str]) -> str:
    """Graph IRIs as a load error lists them."""
    return ", ".join(f"graph:{iri[len(GRAPH):]}" for iri in iris) or "none"


def reported_graphs(line: str) -> tuple[list[str], list[str]]:
    """The graphs a load error says were loaded and were not sent, as IRIs."""
    match = re.search(r"; loaded: (.*); not sent, so unchanged: (.*)$", line)
    assert match is not None, line

    def iris(text: str) -> list[str]:
        return [] if text == "none" else [GRAPH + n[len("graph:"):] for n in text.split(", ")]

    return iris(match[1]), iris(match[2])


def assert_each_graph_whole(quads, new: ox.Store, old: ox.Store) -> dict[str, str]:
    """Every graph equals exactly its old or its new version; returns which one per graph."""
    state = {}
    for iri in graph_iris(new):
        content = canonical(quads, iri)
        if content == canonical(new, iri):
            state[iri] = "new"
        elif content == canonical(old, iri):
            state[iri] = "old"
        else:
            pytest.fail(f"graph {iri} is neither its old nor its new version")
    return state


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def graph(self) -> str | None:
        values = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("graph")
        return values[0] if values else None


class FaultProxy:
    """Forwards to an upstream server unless ``decide`` says to answer a status or to drop."""

    def __init__(self, upstream: str,
                 decide: Callable[[Seen, int], int | str | None] = lambda seen, n: None) -> None:
        self.upstream = urllib.parse.urlsplit(upstream)
        self.decide = decide
        self.seen: list[Seen] = []
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                seen = Seen(self.command, self.path, dict(self.headers.items()), body)
                proxy.seen.append(seen)
                action = proxy.decide(seen, len(proxy.seen))
                if action == "drop":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if isinstance(action, int):
                    payload = b"injected failure\n"
                    self.send_response(action)
                    if action == 401:
                        self.send_header("WWW-Authenticate", 'Basic realm="test"')
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                connection = http.client.HTTPConnection(proxy.upstream.hostname,
                                                        proxy.upstream.port, timeout=30)
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "connection", "authorization")}
                connection.request(self.command, self.path, body=body or None, headers=headers)
                answer = connection.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                connection.close()

            do_GET = do_PUT = do_POST = do_DELETE = _handle

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FaultProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.base_url + path


# ---------------------------------------------------------------- chunking (no server)


def test_chunks_never_split_triples_that_share_a_blank_node():
    ex = "http://example.org/"
    a, b, c = ox.BlankNode("a"), ox.BlankNode("b"), ox.BlankNode("c")
    p = ox.NamedNode(ex + "p")
    triples = [
        ox.Triple(ox.NamedNode(ex + "s"), p, a),
        ox.Triple(ox.NamedNode(ex + "s"), p, ox.Literal("1")),
        ox.Triple(a, p, b),
        ox.Triple(c, p, ox.Literal("alone")),
        ox.Triple(b, p, ox.Literal("end")),
        ox.Triple(ox.NamedNode(ex + "t"), p, ox.Literal("2")),
    ]
    parts = chunks(triples, 2)
    assert [len(part) for part in parts] == [2, 3, 1]
    chain = parts[1]
    assert {str(t.subject) for t in chain} == {"<http://example.org/s>", "_:a", "_:b"}
    assert parts[2] == [ox.Triple(c, p, ox.Literal("alone"))]


def test_temp_graph_is_under_the_loading_path_and_stable():
    name = temp_graph(GRAPH + "reference")
    assert name.startswith(TEMP_GRAPH_BASE)
    assert name == temp_graph(GRAPH + "reference")
    assert len(name) == len(TEMP_GRAPH_BASE) + 24


# ---------------------------------------------------------------- against a real server


def test_graph_store_load_puts_every_quad_of_the_export(oxigraph_server, shipped_store):
    client, _ = no_sleep_client()
    report = load(shipped_store, GraphStoreTarget(oxigraph_server.store_url, client))
    quads = server_quads(oxigraph_server)
    exported = export_bytes(shipped_store, "nq").count(b"\n")
    assert len(quads) == exported == report.triples
    assert canonical(quads) == canonical(shipped_store)
    assert len(report.loaded) == len(list(shipped_store.named_graphs()))
    assert client.requests == len(report.loaded)


def test_second_load_changes_nothing(oxigraph_server, shipped_store):
    client, _ = no_sleep_client()
    target = GraphStoreTarget(oxigraph_server.store_url, client)
    load(shipped_store, target)
    before = canonical(server_quads(oxigraph_server))
    load(shipped_store, target)
    after = server_quads(oxigraph_server)
    assert canonical(after) == before
    assert len(after) == len(shipped_store)


def test_update_load_in_small_chunks_keeps_blank_nodes(oxigraph_server, shipped_store):
    client, _ = no_sleep_client()
    target = UpdateTarget(oxigraph_server.update_url, client, chunk_size=97)
    load(old_version(shipped_store), target)
    report = load(shipped_store, target)
    quads = server_quads(oxigraph_server)
    assert canonical(quads) == canonical(shipped_store)
    assert not [q for q in quads if q.graph_name.value.startswith(TEMP_GRAPH_BASE)]
    assert report.triples == len(shipped_store)


def test_server_stopped_between_graphs_leaves_each_graph_whole(oxigraph_server, shipped_store):
    old = old_version(shipped_store)
    client, waits = no_sleep_client(retries=2)
    target = GraphStoreTarget(oxigraph_server.store_url, client)
    load(old, target)
    iris = graph_iris(shipped_store)

    def stop_after_first(number, total, iri, triples, seconds):
        if number == 1:
            oxigraph_server.stop()

    with pytest.raises(LoadFailed) as failure:
        load(shipped_store, target, on_graph=stop_after_first, jobs=1)
    assert failure.value.loaded == iris[:1]
    assert failure.value.failed == iris[1]
    assert failure.value.not_sent == iris[2:]
    message = str(failure.value)
    assert f"load stopped at graph:{iris[1][len(GRAPH):]} (graph 2 of {len(iris)})" in message
    assert message.endswith(f"; loaded: {names(iris[:1])}; not sent, so unchanged: "
                            f"{names(iris[2:])}")
    assert "(3 attempts)" in message
    assert waits == [0.25, 0.5]
    oxigraph_server.start()
    state = assert_each_graph_whole(server_quads(oxigraph_server), shipped_store, old)
    assert list(state.values()) == ["new"] + ["old"] * (len(iris) - 1)


def test_transient_503_is_retried_and_the_load_completes(oxigraph_server, shipped_store):
    second = graph_iris(shipped_store)[1]
    failed_once: list[Seen] = []

    def decide(seen: Seen, n: int):
        if seen.graph == second and not failed_once:
            failed_once.append(seen)
            return 503
        return None

    with FaultProxy(oxigraph_server.base_url, decide) as proxy:
        client, waits = no_sleep_client(retries=2)
        load(shipped_store, GraphStoreTarget(proxy.url("/store"), client))
    assert [s.graph for s in proxy.seen].count(second) == 2
    assert waits == [0.25]
    assert canonical(server_quads(oxigraph_server)) == canonical(shipped_store)
    assert {s.headers["User-Agent"] for s in proxy.seen} == {USER_AGENT}


def test_persistent_500_stops_with_exit_4_naming_graphs(oxigraph_server, shipped_store,
                                                         isolated_cache, no_netrc):
    old = old_version(shipped_store)
    load(old, GraphStoreTarget(oxigraph_server.store_url, no_sleep_client()[0]))
    iris = graph_iris(shipped_store)
    third = iris[2]
    with FaultProxy(oxigraph_server.base_url,
                    lambda seen, n: 500 if seen.graph == third else None) as proxy:
        result = CliRunner().invoke(main, ["load", "--graph-store", proxy.url("/store"),
                                           "--retries", "1"])
    assert result.exit_code == 4
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    assert line.startswith(f"Error: load stopped at graph:{third[len(GRAPH):]} (graph 3 of ")
    assert "answered HTTP 500: injected failure (2 attempts); loaded: " in line
    loaded, not_sent = reported_graphs(line)
    # two PUTs at a time (the default): the graphs before the failed one were all sent first;
    # the other worker went on until the failure, then no graph was sent
    assert loaded[:2] == iris[:2]
    assert third not in loaded + not_sent
    assert sorted(loaded + not_sent + [third]) == iris
    assert not_sent == iris[len(loaded) + 1:]
    sent = [s.graph for s in proxy.seen]
    assert sent.count(third) == 2
    assert not set(not_sent) & set(sent)
    state = assert_each_graph_whole(server_quads(oxigraph_server), shipped_store, old)
    assert [iri for iri in iris if state[iri] == "new"] == loaded


def test_update_load_cut_mid_graph_keeps_the_old_graph(oxigraph_server, shipped_store):
    old = old_version(shipped_store)
    load(old, GraphStoreTarget(oxigraph_server.store_url, no_sleep_client()[0]))
    iris = graph_iris(shipped_store)
    biggest = max(graphs_of(shipped_store), key=lambda g: g.size).iri
    inserts: list[int] = []

    def decide(seen: Seen, n: int):
        if b"INSERT DATA" in seen.body and temp_graph(biggest).encode() in seen.body:
            inserts.append(n)
            if len(inserts) == 3:
                return "drop"
        return None

    with FaultProxy(oxigraph_server.base_url, decide) as proxy:
        client, _ = no_sleep_client(retries=0)
        with pytest.raises(LoadFailed) as failure:
            load(shipped_store, UpdateTarget(proxy.url("/update"), client, chunk_size=500))
    assert failure.value.failed == biggest
    assert len(inserts) == 3
    quads = server_quads(oxigraph_server)
    state = assert_each_graph_whole(quads, shipped_store, old)
    assert state[biggest] == "old"
    assert [state[i] for i in iris[:iris.index(biggest)]] == ["new"] * iris.index(biggest)
    # the cleanup after the failure dropped the half-filled temporary graph
    assert not [q for q in quads if q.graph_name.value.startswith(TEMP_GRAPH_BASE)]


def test_unreachable_store_exits_4(isolated_cache, no_netrc):
    url = f"http://127.0.0.1:{free_port()}/store"
    result = CliRunner().invoke(main, ["load", "--graph-store", url, "--retries", "1"])
    assert result.exit_code == 4
    # graphs load in IRI order: the derived graph:description comes first
    assert result.stderr.startswith("Error: load stopped at graph:description (graph 1 of ")
    assert f"cannot reach http://127.0.0.1:{url.split(':')[2].split('/')[0]}: " in result.stderr
    # two PUTs at a time: the second graph was on its way, and failed the same way
    assert ("(2 attempts); also failed: graph:entailments; loaded: none; not sent, so "
            "unchanged: graph:ontology, graph:reference, graph:source/") in result.stderr


def test_client_error_is_not_retried(oxigraph_server, shipped_store):
    with FaultProxy(oxigraph_server.base_url, lambda seen, n: 400) as proxy:
        client, waits = no_sleep_client(retries=3)
        with pytest.raises(LoadFailed, match="answered HTTP 400: injected failure"):
            load(shipped_store, GraphStoreTarget(proxy.url("/store"), client))
    # two PUTs at a time: the first graph, and the second if it was on its way; none twice
    sent = [s.graph for s in proxy.seen]
    assert sent == graph_iris(shipped_store)[:len(sent)]
    assert len(sent) in (1, 2)
    assert waits == []


def test_rejected_credentials_say_where_they_come_from(oxigraph_server, shipped_store):
    with FaultProxy(oxigraph_server.base_url, lambda seen, n: 401) as proxy:
        with pytest.raises(LoadFailed, match=r"HTTP 401: .*check the credentials: --auth-env"):
            load(shipped_store, GraphStoreTarget(proxy.url("/store"), no_sleep_client()[0]))


def basic_auth_proxy(server, user: str, password: str) -> FaultProxy:
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    return FaultProxy(server.base_url,
                      lambda seen, n: None if seen.headers.get("Authorization") == expected
                      else 401)


def test_credentials_from_environment(oxigraph_server, isolated_cache, monkeypatch, no_netrc):
    monkeypatch.setenv("SAMVERKAN_TEST_AUTH", "loader:s3cret:with-colon")
    with basic_auth_proxy(oxigraph_server, "loader", "s3cret:with-colon") as proxy:
        result = CliRunner().invoke(main, ["load", "--graph-store", proxy.url("/store"),
                                           "--auth-env", "SAMVERKAN_TEST_AUTH"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("loaded ")
    # the first request of each graph is challenged, the second carries the credentials and,
    # streamed from its file anew, the whole graph again
    by_graph: dict[str | None, list[Seen]] = {}
    for seen in proxy.seen:
        by_graph.setdefault(seen.graph, []).append(seen)
    assert len(by_graph) == int(result.stdout.split()[1])
    for requests in by_graph.values():
        assert [s.headers.get("Authorization") is None for s in requests] == [True, False]
        assert requests[1].body == requests[0].body != b""


def test_credentials_from_netrc(oxigraph_server, shipped_store, tmp_path, monkeypatch):
    netrc_file = tmp_path / "netrc"
    netrc_file.write_text("machine 127.0.0.1 login fromnetrc password pw1\n")
    netrc_file.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc_file))
    with basic_auth_proxy(oxigraph_server, "fromnetrc", "pw1") as proxy:
        target = make_target(graph_store=proxy.url("/store"), update=None, auth_env=None)
        report = load(shipped_store, target)
    assert report.triples == len(shipped_store)
    assert target.client.credentials.origin == "netrc entry for 127.0.0.1"


def test_dry_run_sends_nothing(oxigraph_server, isolated_cache, no_netrc):
    with FaultProxy(oxigraph_server.base_url) as proxy:
        result = CliRunner().invoke(main, ["load", "--graph-store", proxy.url("/store"),
                                           "--dry-run"])
    assert result.exit_code == 0
    assert proxy.seen == []
    lines = result.stdout.splitlines()
    assert lines[0].startswith("would load graph:description: ")  # IRI order
    assert lines[-1].endswith("(graph store); nothing was written")


def test_drop_missing_drops_only_stale_samverkan_graphs(oxigraph_server, shipped_store,
                                                         isolated_cache, no_netrc):
    extra = ox.Store()
    for graph in (GRAPH + "source/gone", "http://example.org/not-ours"):
        extra.add(ox.Quad(ox.NamedNode("http://example.org/s"), MARKER, ox.Literal("x"),
                          ox.NamedNode(graph)))
    load(extra, GraphStoreTarget(oxigraph_server.store_url, no_sleep_client()[0]))
    result = CliRunner().invoke(main, [
        "load", "--graph-store", oxigraph_server.store_url, "--drop-missing",
        "--query", oxigraph_server.query_url])
    assert result.exit_code == 0, result.stderr
    assert "dropped graph:source/gone\n" in result.stdout
    graphs = {q.graph_name.value for q in server_quads(oxigraph_server)}
    assert GRAPH + "source/gone" not in graphs
    assert "http://example.org/not-ours" in graphs
    assert len(graphs) == len(graph_iris(shipped_store)) + 1


def test_progress_line_per_graph_on_a_terminal(oxigraph_server, isolated_cache, monkeypatch,
                                               no_netrc):
    monkeypatch.setattr(cli_module, "_stderr_is_terminal", lambda: True)
    result = CliRunner().invoke(main, ["load", "--graph-store", oxigraph_server.store_url])
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines[0].startswith("[1/")
    assert "] graph:description: " in lines[0]  # IRI order
    assert len(lines) == sum(1 for _ in server_graphs(oxigraph_server))
    assert result.stdout.startswith(f"loaded {len(lines)} graphs, ")


def server_graphs(server) -> set[str]:
    return {q.graph_name.value for q in server_quads(server)}


class InFlight:
    """A proxy decision that holds every PUT back a little and records how many overlap."""

    def __init__(self, hold: float = 0.05) -> None:
        self.hold = hold
        self.now = 0
        self.most = 0
        self.lock = threading.Lock()

    def __call__(self, seen: Seen, n: int):
        if seen.method != "PUT":
            return None
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        time.sleep(self.hold)
        with self.lock:
            self.now -= 1
        return None


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_jobs_puts_that_many_graphs_at_a_time(jobs, oxigraph_server, shipped_store):
    decide = InFlight()
    with FaultProxy(oxigraph_server.base_url, decide) as proxy:
        client, _ = no_sleep_client()
        report = load(shipped_store, GraphStoreTarget(proxy.url("/store"), client), jobs=jobs)
    assert decide.most == jobs
    assert [iri for iri, _ in report.loaded] == graph_iris(shipped_store)
    assert sorted(s.graph for s in proxy.seen) == graph_iris(shipped_store)  # each once
    assert canonical(server_quads(oxigraph_server)) == canonical(shipped_store)
    assert client.requests == len(report.loaded)


@pytest.mark.parametrize("credentials, expected", [
    (None, 2), (Credentials("loader", "s3cret", "test"), 1)])
def test_jobs_default_to_two_or_one_when_the_load_authenticates(
        credentials, expected, oxigraph_server, shipped_store):
    # Virtuoso 7.2 broke two concurrent authenticated Graph Store PUTs (docs/loading.md)
    decide = InFlight()
    with FaultProxy(oxigraph_server.base_url, decide) as proxy:
        client = HttpClient(credentials, origin=origin(proxy.url("/store")), timeout=10)
        report = load(shipped_store, GraphStoreTarget(proxy.url("/store"), client))
    assert decide.most == expected
    assert [iri for iri, _ in report.loaded] == graph_iris(shipped_store)


def test_progress_lines_come_in_iri_order_whatever_finishes_first(oxigraph_server,
                                                                  shipped_store):
    iris = graph_iris(shipped_store)

    proxies: list[FaultProxy] = []

    def first_is_slow(seen: Seen, n: int):
        if seen.graph == iris[0]:  # held until the second worker has sent two more graphs
            waited = time.monotonic() + 10
            while len(proxies[0].seen) < 3 and time.monotonic() < waited:
                time.sleep(0.01)
        return None

    calls: list[tuple[int, int, str, int]] = []
    with FaultProxy(oxigraph_server.base_url, first_is_slow) as proxy:
        proxies.append(proxy)
        report = load(shipped_store, GraphStoreTarget(proxy.url("/store"),
                                                      no_sleep_client()[0]),
                      on_graph=lambda n, total, iri, triples, s: calls.append(
                          (n, total, iri, triples)))
    # the first three graphs were all sent before the first came back, in whatever order
    assert sorted(s.graph for s in proxy.seen[:3]) == iris[:3]
    sizes = {g.iri: g.size for g in graphs_of(shipped_store)}
    assert calls == [(n, len(iris), iri, sizes[iri]) for n, iri in enumerate(iris, 1)]
    assert report.loaded == [(iri, sizes[iri]) for iri in iris]


def test_overall_timeout_holds_across_workers(oxigraph_server, shipped_store, isolated_cache,
                                              no_netrc):
    old = old_version(shipped_store)
    load(old, GraphStoreTarget(oxigraph_server.store_url, no_sleep_client()[0]))
    iris = graph_iris(shipped_store)
    with FaultProxy(oxigraph_server.base_url, InFlight(hold=0.4)) as proxy:
        result = CliRunner().invoke(main, ["load", "--graph-store", proxy.url("/store"),
                                           "--timeout", "1.5"])
    assert result.exit_code == 4
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    assert "no answer within the overall --timeout of 1.5 s" in line
    loaded, not_sent = reported_graphs(line)
    failed = len(iris) - len(loaded) - len(not_sent)
    # 0.4 s per PUT, two at a time: at most 8 graphs in 1.5 s; the two in flight at the
    # deadline failed, and nothing more was sent
    assert len(loaded) <= 8
    assert failed in (1, 2)
    assert set(loaded) | set(not_sent) < set(iris)
    assert not set(not_sent) & {s.graph for s in proxy.seen}
    state = assert_each_graph_whole(server_quads(oxigraph_server), shipped_store, old)
    assert all(state[iri] == "new" for iri in loaded)
    assert all(state[iri] == "old" for iri in not_sent)


def test_load_leaves_no_temporary_file(oxigraph_server, shipped_store, tmp_path, monkeypatch):
    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    load(shipped_store, GraphStoreTarget(oxigraph_server.store_url, no_sleep_client()[0]))
    with FaultProxy(oxigraph_server.base_url, lambda seen, n: 500 if n == 3 else None) as proxy:
        with pytest.raises(LoadFailed):
            load(shipped_store, GraphStoreTarget(proxy.url("/store"), no_sleep_client(0)[0]))
    assert list(spool.iterdir()) == []


# ---------------------------------------------------------------- bad input (no server)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([], 2, "Error: give --graph-store URL or --update URL (exactly one of them)"),
        (["--graph-store", "http://127.0.0.1:9/s", "--update", "http://127.0.0.1:9/u"], 2,
         "Error: give --graph-store URL or --update URL (exactly one of them)"),
        (["--graph-store", "ftp://example.org/store"], 3,
         "Error: --graph-store: not an http(s) URL: 'ftp://example.org/store'"),
        (["--update", "localhost:7878/update"], 3,
         "Error: --update: not an http(s) URL: 'localhost:7878/update'"),
        (["--graph-store", "http://127.0.0.1:9/s", "--auth-env", "SAMVERKAN_TEST_UNSET"], 2,
         "Error: --auth-env SAMVERKAN_TEST_UNSET: that environment variable is not set"),
        (["--graph-store", "http://127.0.0.1:9/s", "--auth-env", "SAMVERKAN_TEST_NOCOLON"], 3,
         "Error: the environment variable SAMVERKAN_TEST_NOCOLON must hold user:password"),
        (["--graph-store", "http://127.0.0.1:9/s", "--drop-missing"], 2,
         "Error: --drop-missing needs --query URL"),
        (["--graph-store", "http://127.0.0.1:9/s", "--drop-missing", "--query", "file:///x"],
         3, "Error: --query: not an http(s) URL: 'file:///x'"),
    ],
)
def test_bad_options_exit_with_one_line(args, code, message, isolated_cache, monkeypatch,
                                        no_netrc):
    monkeypatch.delenv("SAMVERKAN_TEST_UNSET", raising=False)
    monkeypatch.setenv("SAMVERKAN_TEST_NOCOLON", "just-a-token")
    result = CliRunner().invoke(main, ["load", *args])
    assert result.exit_code == code
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("option", "value"), [("--timeout", "0"), ("--chunk-size", "0"),
                                               ("--retries", "-1"), ("--jobs", "0"),
                                               ("--jobs", "-2"), ("--jobs", "two")])
def test_out_of_range_numbers_are_usage_errors(option, value, isolated_cache):
    result = CliRunner().invoke(main, ["load", "--graph-store", "http://127.0.0.1:9/s",
                                       option, value])
    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in result.stderr


def test_malformed_netrc_is_bad_input(tmp_path, monkeypatch):
    netrc_file = tmp_path / "netrc"
    netrc_file.write_text("machine\n")
    monkeypatch.setenv("NETRC", str(netrc_file))
    with pytest.raises(BadInputError, match=f"cannot read {netrc_file}: "):
        credentials_from_netrc("http://127.0.0.1:7878/store")


def test_credentials_split_at_the_first_colon(monkeypatch):
    monkeypatch.setenv("SAMVERKAN_TEST_AUTH", "dba:pa:ss")
    credentials = credentials_from_env("SAMVERKAN_TEST_AUTH")
    assert (credentials.user, credentials.password) == ("dba", "pa:ss")
    monkeypatch.setenv("SAMVERKAN_TEST_AUTH", "")
    with pytest.raises(UsageError, match="SAMVERKAN_TEST_AUTH: that environment variable"):
        credentials_from_env("SAMVERKAN_TEST_AUTH")


def test_blank_node_graph_names_are_refused():
    dataset = ox.Dataset([ox.Quad(ox.NamedNode("http://example.org/s"), MARKER,
                                  ox.Literal("x"), ox.BlankNode("g"))])
    with pytest.raises(BadInputError, match="blank node _:g cannot be addressed"):
        graphs_of(dataset)


@pytest.mark.parametrize("jobs", [0, -1, True, 1.5])
def test_jobs_below_one_are_refused_by_the_library(jobs, shipped_store):
    target = GraphStoreTarget("http://127.0.0.1:9/store", no_sleep_client()[0])
    with pytest.raises(UsageError, match=f"--jobs must be a whole number of at least 1, got "
                                         f"{re.escape(repr(jobs))}"):
        load(shipped_store, target, jobs=jobs)
    assert target.client.requests == 0
    assert check_jobs(3) == 3


def test_jobs_below_one_are_refused_by_the_api(isolated_cache):
    import samverkan

    with pytest.raises(UsageError, match="--jobs must be a whole number of at least 1, got 0"):
        samverkan.open(cache_dir=isolated_cache).load(graph_store="http://127.0.0.1:9/s",
                                                       jobs=0)
    assert not isolated_cache.exists()  # refused before the store was built


def test_file_body_is_whole_at_every_reading(tmp_path):
    path = tmp_path / "body.nt"
    data = b"".join(b"<urn:s> <urn:p> \"%d\" .\n" % i for i in range(20_000))
    path.write_bytes(data)
    body = FileBody(path)
    assert body.size == len(data)
    first, second = list(body), list(body)
    assert b"".join(first) == b"".join(second) == data
    assert max(len(chunk) for chunk in first) == FileBody.CHUNK


def test_graph_source_reopened_gives_the_same_dumps(tmp_path, shipped_store):
    location = tmp_path / "store"
    disk = ox.Store(str(location))
    disk.bulk_extend(shipped_store)
    disk.flush()
    del disk
    iris = graph_names(shipped_store)
    source = GraphSource(shipped_store, location, reopen_after=1)
    spooled = tmp_path / "g.nt"
    memory = GraphSource(shipped_store)
    for iri in iris:
        triples = source.spool(iri, str(spooled))
        lines = sorted(spooled.read_bytes().splitlines())
        assert lines == sorted(memory.ntriples(iri).splitlines())
        assert triples == len(lines) == len(list(shipped_store.quads_for_pattern(
            None, None, None, ox.NamedNode(iri))))
    # every dump after the first reopened the store (the budget is one byte)
    assert source.openings == len(iris)
    assert sorted(source.ntriples(iris[0]).splitlines()) == \
        sorted(memory.ntriples(iris[0]).splitlines())
    assert source.openings == len(iris) + 1


def test_drop_missing_without_query_is_refused_by_the_library(shipped_store):
    target = GraphStoreTarget("http://127.0.0.1:9/store", no_sleep_client()[0])
    with pytest.raises(UsageError, match="--drop-missing needs --query URL"):
        load(shipped_store, target, drop_missing=True)
    assert target.client.requests == 0


def test_endpoint_error_is_exit_4():
    assert EndpointError.exit_code == 4


# ---------------------------------------------------------------- Virtuoso (skipped if missing)

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A throwaway Virtuoso 7 (Debian package virtuoso-opensource) with its own database."""
    binary = shutil.which("virtuoso-t")
    if binary is None or not VIRTUOSO_INI.is_file():
        pytest.skip("Virtuoso (virtuoso-t) is not installed")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    text = VIRTUOSO_INI.read_text()
    text = re.sub(r"/var/lib/virtuoso-opensource-7/db", str(folder), text)
    text = re.sub(r"(?m)^ServerPort(\s*)=\s*1111", rf"ServerPort\g<1>= {sql_port}", text)
    text = re.sub(r"(?m)^ServerPort(\s*)=\s*8890", rf"ServerPort\g<1>= {http_port}", text)
    (folder / "virtuoso.ini").write_text(text)
    process = subprocess.Popen([binary, "+foreground", "+configfile", "virtuoso.ini"],
                               cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http_port}"
    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(base + "/sparql?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                if process.poll() is not None:
                    pytest.skip("Virtuoso did not start")
                time.sleep(0.5)
        else:
            pytest.skip("Virtuoso did not answer within 120 s")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def virtuoso_graph(base: str, iri: str) -> list[ox.Quad]:
    query = urllib.parse.urlencode({"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> "
                                             "{ ?s ?p ?o } }"})
    request = urllib.request.Request(f"{base}/sparql?{query}",
                                     headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=60) as response:
        triples = ox.parse(response.read(), format=ox.RdfFormat.N_TRIPLES)
        return [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(iri)) for t in triples]


@pytest.mark.parametrize("method", ["graph-store", "update"])
def test_virtuoso_gets_every_graph_whole(virtuoso, method, isolated_cache, monkeypatch,
                                         shipped_store, no_netrc):
    monkeypatch.setenv("SAMVERKAN_TEST_VIRTUOSO", "dba:dba")
    url = virtuoso + ("/sparql-graph-crud-auth" if method == "graph-store" else "/sparql-auth")
    for _ in range(2):  # the second load must leave the same graphs
        result = CliRunner().invoke(main, ["load", f"--{method}", url, "--chunk-size", "1000",
                                           "--auth-env", "SAMVERKAN_TEST_VIRTUOSO"])
        assert result.exit_code == 0, result.stderr
    for iri in graph_iris(shipped_store):
        assert canonical(virtuoso_graph(virtuoso, iri)) == canonical(shipped_store, iri)
