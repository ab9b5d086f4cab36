"""Engines run the per-batch work of an ingest (cleaning, parsing and extraction) somewhere.

The driver (:meth:`newsdossier.Dossier.ingest`) reads inputs, cuts them into batches, hands each batch to an
engine together with a pure stage function named as a :class:`Task` (``newsdossier.ingest.process:process_batch``,
``newsdossier.nlp.analyse:extract_batch``), and writes the results to the store itself, in input order. Because
the functions are pure and results come back in order, every engine stores the same rows:

- ``local``: in this process (one worker) or in a pool of forked processes (``workers`` > 1);
- ``ray``: Ray tasks on a local Ray instance or an existing cluster (``pip install "newsdossier[ray]"``).

At most a few batches per worker are in flight, so memory stays bounded however large the input is.
"""

from __future__ import annotations

import importlib

from newsdossier.engines.base import ENGINES, Executor, Task
from newsdossier.engines.local import LocalEngine
from newsdossier.errors import EngineUnavailable

__all__ = ["ENGINES", "EngineUnavailable", "Executor", "LocalEngine", "Task", "create"]


def create(name: str = "local", *, workers: int = 1, address: str | None = None) -> Executor:
    """The engine called ``name``; ``address`` is a Ray cluster address (``ray://host:10001`` or ``auto``).

    Ray is an optional dependency, so its module is imported only when asked for.
    """
    if name not in ENGINES:
        raise EngineUnavailable(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}")
    if name == "local":
        if address:
            raise EngineUnavailable("--address only applies to --engine ray")
        return LocalEngine(workers)
    try:
        module = importlib.import_module(".ray", __name__)
    except ImportError as exc:
        raise EngineUnavailable(
            f"the ray engine needs Ray ({exc}); install it with: pip install \"newsdossier[ray]\""
        ) from None
    engine: Executor = module.RayEngine(workers=workers, address=address)
    return engine
