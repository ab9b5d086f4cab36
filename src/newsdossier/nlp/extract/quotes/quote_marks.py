"""Quoted stretches in plain text: paragraphs, and the words between matching quote marks.

Direct quotes are found from the marks, not from the parse (see the package docstring), so this module works on
the raw text alone and knows nothing of spaCy. It is separate because every other pass starts from its
:class:`Segment` list, and because mark pairing has its own conventions (apostrophes, German „…“, unclosed
quotes that run to the end of a paragraph).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Opening mark -> the marks that may close it. „ closes with “ (German) or ” (some English reprints).
PAIRS: dict[str, str] = {"“": "”", "«": "»", "„": "“”", "‘": "’", '"': '"', "‚": "‘’", "»": "«"}
CLOSING_MARKS = frozenset("”»’\"")
# A word as quotes and headings count them: letters and digits, joined by an apostrophe or a hyphen.
WORD = re.compile(r"\w+(?:[’'-]\w+)*")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_OPEN_CONTEXT = frozenset("([{—–-/")


@dataclass(frozen=True, slots=True)
class Segment:
    """A quoted stretch: ``text[start:end]`` are the words between the marks (trimmed).

    ``opening`` is the offset of the opening mark; ``closing`` of the closing mark, or None when the quote
    runs to the end of its paragraph without closing.
    """

    start: int
    end: int
    opening: int
    closing: int | None
    paragraph: int
    standalone: bool
    words: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph: text between blank lines, trimmed of surrounding whitespace."""
    spans = []
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        stop = match.start() if match else len(text)
        chunk = text[position:stop]
        stripped = chunk.strip()
        if stripped:
            begin = position + len(chunk) - len(chunk.lstrip())
            spans.append((begin, begin + len(stripped)))
        position = match.end() if match else len(text)
    return spans


def quote_segments(text: str) -> list[Segment]:
    """Every top-level quoted stretch of ``text``, paragraph by paragraph; never fails on unbalanced marks."""
    found: list[Segment] = []
    for index, (start, end) in enumerate(paragraphs(text)):
        found.extend(_paragraph_segments(text, start, end, index))
    return found


def _paragraph_segments(text: str, start: int, end: int, paragraph: int) -> Iterator[Segment]:
    """Scan one paragraph for opening and closing marks; inner quotes of other kinds are left inside."""
    position = start
    while position < end:
        opening = _next_opening(text, position, end)
        if opening is None:
            return
        closing = _closing(text, opening, end)
        segment = _segment(text, start, opening, closing, end, paragraph)
        if segment is not None:
            yield segment
        position = (closing if closing is not None else end) + 1


def _next_opening(text: str, position: int, end: int) -> int | None:
    for index in range(position, end):
        if text[index] in PAIRS and _can_open(text, index, end):
            return index
    return None


def _can_open(text: str, index: int, end: int) -> bool:
    """A mark opens when it starts a word: not an apostrophe ("it’s") nor a closing mark."""
    mark = text[index]
    after = text[index + 1] if index + 1 < end else ""
    if not after or after.isspace():
        return False
    before = text[index - 1] if index > 0 else " "
    if mark in "‘'\"‚»" or mark == "„":
        return before.isspace() or before in _OPEN_CONTEXT or before in "“\"«„" or index == 0
    return True


def _closing(text: str, opening: int, end: int) -> int | None:
    """The first mark that closes ``text[opening]`` and ends a word; None if the paragraph ends first."""
    closers = PAIRS[text[opening]]
    single = text[opening] in "‘‚"
    for index in range(opening + 1, end):
        char = text[index]
        if char not in closers:
            continue
        after = text[index + 1] if index + 1 < end else " "
        if single and (after.isalnum() or text[index - 1].isspace()):
            continue  # an apostrophe: "it’s", "’90s"
        return index
    return None


def _segment(text: str, paragraph_start: int, opening: int, closing: int | None, end: int,
             paragraph: int) -> Segment | None:
    raw_end = closing if closing is not None else end
    content = text[opening + 1:raw_end]
    left = len(content) - len(content.lstrip())
    trimmed = content.strip().rstrip(",;:").rstrip()
    if not trimmed:
        return None
    start = opening + 1 + left
    words = len(WORD.findall(trimmed))
    return Segment(start, start + len(trimmed), opening, closing, paragraph,
                   _standalone(text, paragraph_start, opening), words)


def _standalone(text: str, paragraph_start: int, opening: int) -> bool:
    """Whether the quote stands alone: at a paragraph start or after sentence-end, colon, comma or dash."""
    before = text[paragraph_start:opening].rstrip()
    if not before:
        return True
    return before[-1] in ".!?:,;—–" or before[-1] in "”\"»’"
