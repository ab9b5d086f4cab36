"""The local engine: batches run in this process, or in a pool of worker processes for ``workers`` > 1.

Worker processes are forked, so they start in a fraction of a second and share the parent's loaded modules;
each loads the spaCy pipeline once (``nlp.load`` is cached per process) and returns small result objects, never
parsed ``Doc`` objects, so nothing heavy crosses the process boundary on the way back.
"""

from __future__ import annotations

import multiprocessing
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
            self._pool = ProcessPoolExecutor(self._workers, mp_context=multiprocessing.get_context("fork"))
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
