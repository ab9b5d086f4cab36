"""Plain records passed between pipeline stages.

Every stage reads the previous stage's records and returns its own; none of them knows about storage,
so each can be tested alone. Offsets are character offsets into ``CleanedArticle.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

SourceFormat = Literal["text", "html", "jsonl"]
DatePrecision = Literal["day", "week", "month", "year"]


@dataclass(frozen=True, slots=True)
class ArticleHints:
    """Metadata a source already states (JSONL fields, HTML metadata); trusted over guesses from the text."""

    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = None
    external_id: str | None = None


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One article as read from disk, decoded but not yet cleaned.

    ``source`` names where it came from in a way that is stable across runs (a path, or ``path#L12`` for a
    JSONL line) so a second ingest of the same input can be recognised and skipped.
    """

    source: str
    text: str
    format: SourceFormat
    content_hash: str
    hints: ArticleHints = field(default_factory=ArticleHints)


@dataclass(frozen=True, slots=True)
class Reject:
    """An input that could not become an article, with a reason a person can act on."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Caption:
    """A photo caption kept apart from the body: captions carry dated facts but are not the story."""

    text: str
    credit: str | None = None


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line taken out of the body and why (kept for evaluation and debugging)."""

    text: str
    reason: str


@dataclass(slots=True)
class CleanedArticle:
    """The cleaner's result: body text with paragraph offsets plus what was found about the article."""

    text: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: date | None = None
    published_precision: DatePrecision | None = None
    published_method: str | None = None
    paragraphs: list[Span] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)
