"""Queries in worker threads with a deadline, so one slow query never stops the server.

pyoxigraph cannot interrupt a query, but it releases the GIL while it evaluates, so a query in
a worker thread leaves the event loop free. Two limits apply: rows are read lazily and counted
(``backend.execute`` stops at the row cap and checks the deadline while it streams), and the
caller stops waiting at the deadline and answers 503. A query stuck before its first row keeps
its worker until the engine is done; while every worker of a pool is taken, new queries of that
pool are refused at once with 503 and pages (their own pool) keep being served.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from . import backend

if TYPE_CHECKING:
    import pyoxigraph as ox

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """Per-query limits, configurable on the command line."""

    timeout: float = 10.0  # seconds
    max_rows: int = 10_000  # rows of a SELECT, triples of a CONSTRUCT/DESCRIBE
    workers: int = 4


class Busy(backend.Error):
    """Every worker of the pool is running a query."""


def time_limit(seconds: float) -> backend.LimitExceeded:
    """The one message for a query that ran out of time, wherever it was stopped."""
    return backend.LimitExceeded(
        f"the query ran past the server's time limit of {seconds:g} s; narrow it or add LIMIT",
        "time")


class QueryPool:
    """A bounded pool of worker threads for queries on one read-only store.

    Requests wait in a short queue while every worker is running; the pool refuses at once
    (Busy) only when the queue is full, or when every worker is held by a query that already
    ran past its deadline (it cannot be stopped, so new work would only wait for the limit).
    """

    QUEUE_PER_WORKER = 16

    def __init__(self, store: ox.Store, limits: Limits, name: str) -> None:
        self.store = store
        self.limits = limits
        self._executor = ThreadPoolExecutor(max_workers=limits.workers,
                                            thread_name_prefix=f"samverkan-{name}")
        self._lock = threading.Lock()
        self._pending = 0  # submitted and not finished (waiting or running)
        self._abandoned = 0  # past their deadline and still running

    @property
    def running(self) -> int:
        """Queries submitted and not yet finished."""
        with self._lock:
            return self._pending

    def _work(self, fn: Callable[..., T], args: tuple, deadline: float) -> T:
        if time.monotonic() > deadline:  # waited in the queue past the deadline
            raise time_limit(self.limits.timeout)
        return fn(*args, deadline=deadline)

    def _finished(self, future: Future[Any], abandoned: list[bool]) -> None:
        with self._lock:
            self._pending -= 1
            if abandoned[0]:
                self._abandoned -= 1

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(*args, deadline=…)`` in a worker; LimitExceeded when the deadline passes
        (the worker may go on until the engine is done), Busy when the pool cannot take it."""
        with self._lock:
            if (self._abandoned >= self.limits.workers
                    or self._pending >= self.limits.workers * self.QUEUE_PER_WORKER):
                raise Busy("the server is busy with other queries; try again in a moment")
            self._pending += 1
        deadline = time.monotonic() + self.limits.timeout
        abandoned = [False]
        try:
            future = self._executor.submit(self._work, fn, args, deadline)
        except RuntimeError:
            with self._lock:
                self._pending -= 1
            raise
        future.add_done_callback(lambda f: self._finished(f, abandoned))
        try:
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)),
                                          self.limits.timeout)
        except TimeoutError:
            with self._lock:
                if not future.done():
                    abandoned[0] = True
                    self._abandoned += 1
            raise time_limit(self.limits.timeout) from None

    async def run(self, text: str, *, max_rows: int | None = None) -> backend.Result:
        """Run a read-only query in a worker, with the pool's row cap and deadline."""
        return await self.call(self._execute, text, max_rows or self.limits.max_rows)

    def _execute(self, text: str, max_rows: int, *, deadline: float) -> backend.Result:
        try:
            return backend.execute(self.store, text, max_rows=max_rows, deadline=deadline)
        except backend.LimitExceeded as error:
            if error.kind == "time":
                raise time_limit(self.limits.timeout) from None
            raise

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
