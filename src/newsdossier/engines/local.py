"""The local engine: batches run in this process, or in a pool of worker processes for ``workers`` > 1.

Worker processes are forked, so they start in a fraction of a second and share the parent's loaded modules;
each loads the spaCy pipeline once (``nlp.load`` is cached per process) and returns small result objects, never
parsed ``Doc`` objects, so nothing heavy crosses the process boundary on the way back.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

from newsdossier import settings
from newsdossier.engines.base import Task

In = TypeVar("In")
Out = TypeVar("Out")


class LocalEngine:
    """Runs batches in-process (one worker) or in ``workers`` forked processes."""

    def __init__(self, workers: int = 1) -> None:
        self._workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None

    @property
    def workers(self) -> int:
        return self._workers

    def map(self, fn: Callable[[list[In]], Out], batches: Iterable[list[In]]) -> Iterator[tuple[list[In], Out]]:
        if self._workers == 1:
            for batch in batches:
                yield batch, fn(batch)
            return
        if isinstance(fn, Task):
            fn.load()  # imported before the fork, so workers inherit the stage's modules instead of importing them
        pool = self._start()
        pending: deque[tuple[list[In], Future[Out]]] = deque()
        for batch in batches:
            pending.append((batch, pool.submit(fn, batch)))
            if len(pending) >= self._workers * settings.active().in_flight_per_worker:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # fork: workers inherit the imported modules (and a loaded model) instead of re-importing spaCy
            self._pool = ProcessPoolExecutor(self._workers, mp_context=multiprocessing.get_context("fork"),
                                             initializer=_die_with_parent, initargs=(os.getpid(),))
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


# prctl(2) option asking the kernel to send a signal to this process when its parent dies (Linux).
_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Worker start-up: end when the ingest that started us ends, even by SIGKILL (no orphaned parsers).

    On Linux the kernel signals the worker when its parent dies; elsewhere a watcher thread notices that the
    worker has been re-parented."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent died before the request took effect
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="newsdossier-parent-watch").start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)
