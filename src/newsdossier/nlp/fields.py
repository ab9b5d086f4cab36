"""Articles as parser input: each article's body and captions as separate fields, cut into engine batches.

Kept apart from the parser (no spaCy here), so the driver can feed the extraction stage without loading it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from newsdossier import settings
from newsdossier.lexicon.topics import topic_of


@dataclass(frozen=True, slots=True)
class FieldMeta:
    article_id: str
    field: str
    published: dt.date | None
    title: str | None
    fields_in_article: int
    topic: str | None = None


def article_fields(row: Any) -> list[tuple[str, FieldMeta]]:
    """The fields of one stored article (``id, text, captions, published, title``) as parser input: the body,
    then each caption with text, each cut to the ``max_field_chars`` setting."""
    fields = [("text", row.text)]
    fields += [(f"caption:{index}", caption["text"]) for index, caption in enumerate(row.captions)
               if caption.get("text")]
    published = dt.date.fromisoformat(row.published) if row.published else None
    limit = settings.active().max_field_chars
    topic = topic_of(row.title, row.text)
    return [(text[:limit], FieldMeta(row.id, name, published, row.title, len(fields), topic))
            for name, text in fields]


def batches(fields: Iterator[tuple[str, FieldMeta]]) -> Iterator[list[tuple[str, FieldMeta]]]:
    """Cut the field stream into batches of about ``parse_batch`` fields, never splitting an article."""
    size = settings.active().parse_batch
    batch: list[tuple[str, FieldMeta]] = []
    for item in fields:
        if len(batch) >= size and item[1].article_id != batch[-1][1].article_id:
            yield batch
            batch = []
        batch.append(item)
    if batch:
        yield batch
