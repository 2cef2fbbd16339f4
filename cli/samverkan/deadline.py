"""One deadline, and work that runs under it in a worker thread the caller can stop waiting for.

Why a module of its own: a query on the embedded store evaluates in native code and an HTTP
request can hang in a socket; neither can be interrupted from Python. Both run here in a daemon
thread, and the caller gives up when the deadline passes, staying responsive to Ctrl-C while it
waits. Only the standard library is imported, so the query path can use it for free.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from .errors import BadInputError

TYPE_CHECKING = False  # typing costs `samverkan query` start-up (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")


class Deadline:
    """One overall time limit in seconds, shared by every attempt and every backoff."""

    def __init__(self, seconds: float) -> None:
        if not seconds > 0:
            raise BadInputError(f"timeout must be a positive number of seconds, got {seconds:g}")
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left (0 when over)."""
        return max(0.0, self.ends - time.monotonic())


class DeadlineExceeded(Exception):
    """The deadline passed while the work was still running (the caller words the error)."""


def within(deadline: Deadline, work: Callable[[], T], name: str = "samverkan-work") -> T:
    """Run ``work`` in a daemon thread and stop waiting for it when the deadline passes.

    The wait is interruptible (Ctrl-C raises KeyboardInterrupt here at once); the abandoned work
    ends with the process.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
            outcome["error"] = error

    worker = threading.Thread(target=run, name=name, daemon=True)
    worker.start()
    worker.join(deadline.remaining())
    if worker.is_alive():
        raise DeadlineExceeded()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
