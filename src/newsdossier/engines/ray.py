"""The Ray engine: cleaning, parsing and extraction batches run as Ray tasks; the driver writes the results.

Without an address a local Ray instance is started with ``workers`` CPUs (default: every CPU of the machine).
With ``address`` ("ray://head:10001" for Ray Client, or "auto" on a cluster node) the tasks run on an existing
cluster whose nodes have newsdossier installed; one task uses one CPU, and each Ray worker process loads the
spaCy pipeline once and keeps it for every later task. Results come back in input order, so the store ends up
exactly as with the local engine.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import ray

from newsdossier import settings

In = TypeVar("In")
Out = TypeVar("Out")



class RayEngine:
    """Runs batches as Ray tasks, at most ``in_flight_per_worker`` (a setting) per CPU in flight."""

    def __init__(self, workers: int = 0, address: str | None = None) -> None:
        self._started_here = not ray.is_initialized()
        if self._started_here:
            if address:
                ray.init(address=address, log_to_driver=False)
            else:
                # a local instance we start ourselves reports nothing to Ray's usage statistics service
                os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
                ray.init(num_cpus=workers if workers > 0 else os.cpu_count() or 1, include_dashboard=False,
                         object_store_memory=settings.active().ray_object_store_bytes, log_to_driver=False)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self._workers = min(workers, cpus) if workers > 0 else cpus
        self._remote: dict[Callable[..., Any], Any] = {}

    @property
    def workers(self) -> int:
        return self._workers

    def map(self, fn: Callable[[list[In]], Out], batches: Iterable[list[In]]) -> Iterator[tuple[list[In], Out]]:
        remote = self._remote.get(_call)
        if remote is None:
            remote = self._remote[_call] = ray.remote(num_cpus=1)(_call)
        pending: deque[tuple[list[In], Any]] = deque()
        for batch in batches:
            pending.append((batch, remote.remote(fn, batch)))
            if len(pending) >= self._workers * settings.active().in_flight_per_worker:
                done, ref = pending.popleft()
                yield done, ray.get(ref)
        while pending:
            done, ref = pending.popleft()
            yield done, ray.get(ref)

    def close(self) -> None:
        if self._started_here and ray.is_initialized():
            ray.shutdown()


def _call(fn: Callable[[Any], Any], batch: Any) -> Any:
    """Runs one batch in a Ray worker: ``fn`` is a :class:`~newsdossier.engines.base.Task` (loaded there by name)
    or any picklable function."""
    return fn(batch)
