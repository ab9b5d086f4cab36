"""Paragraph spans: blank-line splitting, trimming of given spans and the check that spans cover a text.

Separate from normalisation because it works on offsets into the original text (what the store keeps for
passages), not on normalised words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdossier.models import Span

_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def split_paragraphs(text: str) -> list[Span]:
    """Blocks of ``text`` separated by blank lines, as trimmed spans (used when no paragraphs are given)."""
    spans = []
    start = 0
    for match in [*_BLANK_LINES.finditer(text), None]:
        end = match.start() if match else len(text)
        span = _trimmed(text, start, end)
        if span.end > span.start:
            spans.append(span)
        if match:
            start = match.end()
    return spans


def _trimmed(text: str, start: int, end: int) -> Span:
    """``start:end`` without surrounding whitespace, so stored offsets point at the passage itself.

    Offsets are clamped to the text first: a span from a buggy cleaner must cost a passage, not the article.
    """
    if 0 <= start < end <= len(text) and not text[start].isspace() and not text[end - 1].isspace():
        return Span(start, end)  # the usual case (spans from a cleaner or split_paragraphs), without loops
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _blank(text: str, start: int, end: int) -> bool:
    return start >= end or text[start:end].isspace()


def _covers(text: str, spans: Sequence[Span]) -> bool:
    """Whether ``spans`` are in order, do not overlap and leave only whitespace of ``text`` outside them."""
    position = 0
    for span in spans:
        if span.start < position or not _blank(text, position, span.start):
            return False
        position = span.end
    return _blank(text, position, len(text))
