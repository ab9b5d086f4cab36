"""The cleaner's unit of work: one non-empty, whitespace-normalised line of the input and the verdict on it.

Separate because every rule works on these lines and shares their vocabulary: the kinds a line can be marked
with, the comparison form of a line (:func:`comparison_key`), what counts as a full sentence, and how a line
is dropped. Splitting the raw text into lines (line breaks, control characters, hard wrapping) happens here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdossier.ingest.pubdate import StatedDate

BODY, TITLE, BYLINE, DATE, CAPTION, CREDIT, DROP = "body", "title", "byline", "date", "caption", "credit", "drop"


_SPACE_LIKE = str.maketrans({"\u200b": " ", "\ufeff": " ", "\u2060": " "})
_LINE_BREAKS_RE = re.compile(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_TERMINAL = ".!?…\"”’'):;]"
SENTENCE_END_RE = re.compile(r"[.!?…][\"”’')\]]*$")
QUOTE_RE = re.compile(r"[\"“”]")
_CURLY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})
_KEY_STRIP = " \t:.!?»«>|•·–—-*#›<,;'\""


@dataclass(slots=True)
class Line:
    """One non-empty input line and the cleaner's verdict on it."""

    text: str
    blank_before: bool
    kind: str = BODY
    reason: str = ""
    credit: str | None = None
    caption: str | None = None
    stated: StatedDate | None = None
    author: str | None = None  # a byline written on the dateline ("Posted on May 2, 2024 by Jane Roe")


def split_lines(raw: str) -> list[Line]:
    """Non-empty, whitespace-normalised lines with a note of whether a blank line preceded each one."""
    text = _CONTROL_RE.sub("", _LINE_BREAKS_RE.sub("\n", raw)).translate(_SPACE_LIKE)
    lines: list[Line] = []
    blank = True
    for part in text.split("\n"):
        normalised = " ".join(part.split())
        if not normalised:
            blank = True
            continue
        lines.append(Line(normalised, blank))
        blank = False
    return _join_wrapped(lines)


def _join_wrapped(lines: list[Line]) -> list[Line]:
    """Undo hard wrapping: a line that stops mid-sentence and a next line that starts in lower case are one.

    Only applies inside a block (no blank line between), so one-paragraph-per-line texts stay as they are.
    """
    joined: list[Line] = []
    for line in lines:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and not line.blank_before
            and line.text[0].islower()
            and previous.text[-1] not in _TERMINAL
            and len(previous.text) >= 30
        ):
            previous.text = f"{previous.text} {line.text}"
            continue
        joined.append(line)
    return joined


def comparison_key(text: str) -> str:
    """Comparison form of a line: case, quotes, spacing and end punctuation do not matter."""
    text = text.translate(_CURLY).lower().replace("…", "...")
    return " ".join(text.split()).strip(_KEY_STRIP)


def is_sentence(text: str) -> bool:
    """A full sentence of body text: long enough and properly ended (or long enough to be prose anyway)."""
    count = len(text.split())
    return (count >= 8 and bool(SENTENCE_END_RE.search(text))) or count >= 25


def drop(line: Line, reason: str, kind: str = DROP) -> None:
    """Take ``line`` out of the body as ``kind``, noting why."""
    line.kind, line.reason = kind, reason


def clean_hint(value: str | None) -> str | None:
    """A metadata hint with its whitespace collapsed, or None when it is missing, empty or not a string."""
    if not value or not isinstance(value, str):
        return None
    cleaned = " ".join(value.split())
    return cleaned or None
