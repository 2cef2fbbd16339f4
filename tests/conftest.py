"""Shared fixtures: the shipped graph in memory, a SELECT helper, and a real Oxigraph server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from samverkan.store import memory_store

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


def term_text(term: object | None) -> str | None:
    """An IRI's text, a literal's lexical value, a blank node's id; None for unbound."""
    if term is None:
        return None
    return term.value


def select(store: ox.Store, sparql: str) -> list[tuple[str | None, ...]]:
    """Run a SELECT over the union of named graphs; rows as tuples of plain strings."""
    solutions = store.query(sparql, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [tuple(term_text(row[name]) for name in names) for row in solutions]


@pytest.fixture(scope="session")
def shipped_store() -> ox.Store:
    return memory_store()


@pytest.fixture()
def isolated_cache(tmp_path, monkeypatch) -> Path:
    """A fresh cache folder for CLI tests, so they never touch the user's cache."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("SAMVERKAN_CACHE_DIR", str(cache))
    monkeypatch.delenv("SAMVERKAN_DATA_DIR", raising=False)
    return cache


def run_cli(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None,
            catch_exceptions: bool = True):
    """Run ``samverkan ARGS`` in-process with click's CliRunner (stderr kept apart)."""
    from click.testing import CliRunner

    from samverkan.cli import main

    return CliRunner().invoke(main, list(args), input=input, env=env,
                              catch_exceptions=catch_exceptions)


@pytest.fixture()
def no_netrc(tmp_path, monkeypatch):
    """Tests never read the user's own ~/.netrc."""
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str | None:
    """The `oxigraph` server binary of the test extra, beside this Python or on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.exists():
        return str(beside)
    return shutil.which("oxigraph")


class OxigraphServer:
    """A real `oxigraph serve` on 127.0.0.1 with its own store folder."""

    def __init__(self, location: Path) -> None:
        self.location = location
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.query_url = self.base_url + "/query"
        self.update_url = self.base_url + "/update"
        self.store_url = self.base_url + "/store"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        binary = oxigraph_binary()
        if binary is None:
            raise RuntimeError("the oxigraph server binary is missing: pip install oxigraph")
        self.process = subprocess.Popen(
            [binary, "serve", "--location", str(self.location), "--bind",
             f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base_url + "/query?query=ASK%7B%7D", timeout=1):
                    return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("oxigraph server did not start within 30 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def load(self, path: Path, content_type: str = "application/trig") -> None:
        """POST an RDF file into the server's store (quads keep their graphs)."""
        request = urllib.request.Request(
            self.store_url, data=Path(path).read_bytes(), method="POST",
            headers={"Content-Type": content_type},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status in (200, 201, 204)

    def clear(self) -> None:
        request = urllib.request.Request(
            self.update_url, data=b"CLEAR ALL", method="POST",
            headers={"Content-Type": "application/sparql-update"},
        )
        with urllib.request.urlopen(request, timeout=60):
            pass


@pytest.fixture()
def oxigraph_server(tmp_path):
    server = OxigraphServer(tmp_path / "oxigraph-server")
    server.start()
    try:
        yield server
    finally:
        server.stop()


class CannedEndpoint:
    """A local HTTP server on 127.0.0.1 that gives every request the same (usually bad) answer.

    ``delay`` holds the answer back (a hung endpoint); ``requests`` records (method, User-Agent,
    Content-Type) of what arrived, so tests can check retries and headers.
    """

    def __init__(self, status: int, body: bytes, content_type: str, delay: float = 0,
                 headers: dict[str, str] | None = None) -> None:
        import http.server
        import threading

        self.requests: list[tuple[str, str, str]] = []
        self.release = threading.Event()
        canned = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                canned.requests.append((self.command, self.headers.get("User-Agent", ""),
                                        self.headers.get("Content-Type", "")))
                if delay and canned.release.wait(delay):
                    return
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_PUT = do_POST  # noqa: N815

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> CannedEndpoint:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
