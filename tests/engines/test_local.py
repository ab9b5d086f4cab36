"""The local engine: a pool of processes returns what in-process runs return, in order, reading lazily."""

from __future__ import annotations

from collections.abc import Iterator

from newsdossier import settings
from newsdossier.engines import LocalEngine, Task
from newsdossier.ingest.process import process_batch
from newsdossier.ingest.readers import content_hash
from newsdossier.models import ArticleRow, RawDocument, Reject


def _documents(count: int) -> list[RawDocument | Reject]:
    items: list[RawDocument | Reject] = []
    for index in range(count):
        if index % 5 == 4:
            items.append(Reject(f"bad-{index}", "binary data"))
            continue
        body = f"Delegation {index} arrived in the capital on Monday for talks on trade and energy. " * (1 + index % 3)
        text = f"Talks number {index}\n\n{body}" if index % 7 else "Too short."
        items.append(RawDocument(f"doc-{index}.txt", text, "text", content_hash(text.encode())))
    return items


def _summary(results: list[ArticleRow | Reject | None]) -> list[object]:
    return [result.values if isinstance(result, ArticleRow) else result for result in results]


def test_pool_matches_in_process_run_and_keeps_order() -> None:
    documents = _documents(60)
    batches = [documents[start:start + 8] for start in range(0, len(documents), 8)]
    single = [_summary(result) for _, result in LocalEngine(1).map(process_batch, batches)]
    pool = LocalEngine(2)
    try:
        pairs = list(pool.map(process_batch, batches))
        named = list(pool.map(Task("newsdossier.ingest.process:process_batch", settings.active()), batches))
    finally:
        pool.close()
    assert [batch for batch, _ in pairs] == batches
    assert [_summary(result) for _, result in pairs] == single
    assert [_summary(result) for _, result in named] == single, "a task named by its path runs the same function"
    kinds = {type(result).__name__ for batch in single for result in batch}
    assert kinds == {"dict", "Reject", "NoneType"}


def test_pool_reads_its_input_lazily() -> None:
    pulled = 0

    def batches() -> Iterator[list[RawDocument | Reject]]:
        nonlocal pulled
        for start in range(0, 200, 4):
            pulled += 1
            yield _documents(200)[start:start + 4]

    pool = LocalEngine(2)
    try:
        results = pool.map(process_batch, batches())
        next(results)
        assert pulled <= 2 * settings.active().in_flight_per_worker + 1
        assert len(list(results)) == 49
    finally:
        pool.close()
