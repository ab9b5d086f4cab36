"""The title, and where the header above the story ends.

Separate because the title is found first among the header rules and the others lean on it: the byline sits
next to it, a date printed above it is the page's, and its copies further down are dropped as duplicates.
The title is the source's hint when there is one (matched in the text allowing "Title | Site" and small
differences), else the first line that is not chrome if it is shaped like a headline.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from newsdossier import settings
from newsdossier.ingest.clean.byline import BY_RE
from newsdossier.ingest.clean.lines import BODY, TITLE, Line, clean_hint, comparison_key, drop, is_sentence
from newsdossier.models import ArticleHints


def mark_title(lines: list[Line], hints: ArticleHints) -> tuple[int | None, str | None]:
    """Find the title line (the hint's title if given) and mark it; returns its index and the title."""
    hint = clean_hint(hints.title)
    first = next((i for i, line in enumerate(lines) if line.kind == BODY), None)
    if hint:
        top = enumerate(lines[:settings.active().top_zone_max_lines])
        index = next((i for i, line in top if line.kind == BODY and _same_title(line.text, hint)), None)
        if index is not None:
            drop(lines[index], "title", TITLE)
        _mark_truncated_title_copies(lines, hint)
        return index, hint
    if first is None or not _title_shaped(lines[first].text):
        return None, None
    drop(lines[first], "title", TITLE)
    title = lines[first].text
    _mark_truncated_title_copies(lines, title)
    return first, title


def _same_title(line: str, title: str) -> bool:
    """Whether a line repeats the title, allowing a site name after a separator ("Title | Site") and small
    differences of punctuation or quotes."""
    line_key, title_key = comparison_key(line), comparison_key(title)
    if not line_key or not title_key:
        return False
    if line_key == title_key:
        return True
    shorter, longer = sorted((line_key, title_key), key=len)
    if longer.startswith(shorter) and re.match(r"^\s*[|:–—-]\s", longer[len(shorter):]) and len(shorter) >= 15:
        return True
    return len(shorter) >= 0.9 * len(longer) and fuzz.ratio(line_key, title_key) >= settings.active().title_similarity


def _title_shaped(text: str) -> bool:
    """A headline: a few words, starting with a capital, not ended like a sentence, not reported speech.

    Headlines are short and in the present tense; a long line or one with "said" is the lead paragraph of an
    untitled text, and taking it for the title would cut it from the body.
    """
    words = text.split()
    if not 2 <= len(words) <= settings.active().max_title_words or len(text) > 250 or re.search(r"\bsaid\b", text):
        return False
    if text.endswith((".", ",", ";", ":")) or not (text[0].isupper() or text[0].isdigit() or text[0] in "‘'\"“"):
        return False
    return not BY_RE.match(text)


def _mark_truncated_title_copies(lines: list[Line], title: str) -> None:
    """Drop a truncated copy of the title ("... saying it's...") left by a breadcrumb or a teaser."""
    title_key = comparison_key(title)
    for line in lines[:settings.active().top_zone_max_lines]:
        if line.kind == BODY and line.text.endswith(("...", "…")):
            tail = comparison_key(line.text)[-25:].strip()
            if len(tail) >= 12 and tail in title_key:
                drop(line, "title")


def top_zone_end(lines: list[Line]) -> int:
    """Index where the header area ends: the second full sentence of body text (or a fixed cap)."""
    sentences = 0
    for index, line in enumerate(lines[:settings.active().top_zone_max_lines]):
        if line.kind == BODY and is_sentence(line.text):
            sentences += 1
            if sentences == 2:
                return index
    return min(len(lines), settings.active().top_zone_max_lines)
