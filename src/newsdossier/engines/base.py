"""What every engine provides (see :mod:`newsdossier.engines`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")

ENGINES = ("local", "ray")
# Batches in flight per worker: two keeps every worker busy while the driver writes the previous result,
# and bounds what is held in memory to a few batches whatever the size of the input.
IN_FLIGHT_PER_WORKER = 2


class Executor(Protocol):
    """Maps a batch function over batches, yielding ``(batch, result)`` pairs in input order."""

    @property
    def workers(self) -> int: ...

    def map(self, fn: Callable[[list[In]], Out], batches: Iterable[list[In]]) -> Iterator[tuple[list[In], Out]]: ...

    def close(self) -> None: ...
