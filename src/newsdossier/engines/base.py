"""What every engine provides (see :mod:`newsdossier.engines`)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol, TypeVar

from newsdossier.settings import Settings, active, use

In = TypeVar("In")
Out = TypeVar("Out")

ENGINES = ("local", "ray")


class Executor(Protocol):
    """Maps a batch function over batches, yielding ``(batch, result)`` pairs in input order."""

    @property
    def workers(self) -> int: ...

    def map(self, fn: Callable[[list[In]], Out], batches: Iterable[list[In]]) -> Iterator[tuple[list[In], Out]]: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Task:
    """A stage's batch function, named ``"package.module:function"`` rather than imported by the driver.

    The driver hands engines a task by name, and the engine loads the stage where the batch runs (this process,
    forked workers, Ray workers). That is what keeps the stages' heavy libraries (spaCy, trafilatura) out of the
    driver's imports and out of every read path; a name is also all a remote worker needs to find the code.
    """

    path: str
    # The settings the driver runs with, made active where the task runs (a Ray worker has no other way to know).
    settings: Settings | None = None

    def load(self) -> Callable[[Any], Any]:
        return _load(self.path)

    def __call__(self, batch: Any) -> Any:
        if self.settings is not None and self.settings is not active():
            use(self.settings)
        return self.load()(batch)


@cache
def _load(path: str) -> Callable[[Any], Any]:
    module, _, name = path.partition(":")
    function: Callable[[Any], Any] = getattr(importlib.import_module(module), name)
    return function
