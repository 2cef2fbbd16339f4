"""``samverkan serve``: uvicorn over the application, loopback unless told otherwise."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from pathlib import Path

from . import backend
from .runner import Limits


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost'."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(data_dirs: Iterable[Path], cache_dir: Path | None, *, host: str, port: int,
          timeout: float, max_rows: int, workers: int,
          echo: Callable[[str], None]) -> None:
    """Open the read-only store and serve it until interrupted."""
    import uvicorn

    from .app import create_app

    if not is_loopback(host):
        echo(f"warning: listening on {host}, not loopback: every machine that reaches this "
             "address can read the pages and query the endpoint")
    store = backend.open_graph(data_dirs, cache_dir)
    app = create_app(store, Limits(timeout=timeout, max_rows=max_rows, workers=workers))
    try:
        sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as error:
        reason = error.strerror or error
        raise backend.BadInput(f"cannot listen on {host}:{port}: {reason}") from None
    bound_port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    echo(f"samverkan serve: open http://{shown}:{bound_port}/ (Ctrl-C stops)")
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
