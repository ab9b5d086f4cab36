"""Site chrome recognised line by line: boilerplate, template residue, URLs, menus, disclaimers and datelines.

Separate because these rules need no context beyond the line itself (and, for disclaimers, whether it sits at
an edge of the page), so they run first and give the later rules their verdicts to lean on. The boilerplate
vocabulary is ``data/clean_junk_patterns.txt`` (whole-line rules) and ``data/clean_junk_cues.tsv``
(disclaimer phrases, breadcrumb roots). Date lines are marked here too, since a dateline is chrome of the
same kind; which of them is the publication date is decided later (``published``).
"""

from __future__ import annotations

import re
from functools import cache

from newsdossier import lexicon, settings
from newsdossier.ingest.clean.byline import by_name, is_person_name
from newsdossier.ingest.clean.captions import is_credit_line
from newsdossier.ingest.clean.lines import DATE, QUOTE_RE, SENTENCE_END_RE, Line, comparison_key, drop
from newsdossier.ingest.clean.vocabulary import BREADCRUMB_ROOTS, DISCLAIMER_CUES
from newsdossier.ingest.pubdate import StatedDate, date_only_line, is_label_only, label_of

_META_SEPARATOR_RE = re.compile(r"\s+[|•·—–]\s+|\s+-\s+|\s+(?=by\s+[A-Z])")
_IDENTIFIER_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+$")  # template residue: spot_img, td_block
_URL_RE = re.compile(r"^(?:<?(?:https?://|www\.)\S+>?)$", re.IGNORECASE)
_BREADCRUMB_RE = re.compile(rf"^(?:{BREADCRUMB_ROOTS})(?=[A-Z]|\s*[|>»›/])")
_NAV_SEPARATOR_RE = re.compile(r"\s*[|»›>•]\s*|\s+/\s+")
_DISCLAIMER_CUES = re.compile(DISCLAIMER_CUES, re.IGNORECASE)


@cache
def _junk_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The boilerplate vocabulary (``data/clean_junk_patterns.txt``: reason, regex), compiled once per process."""
    return tuple(
        (reason, re.compile(pattern, re.IGNORECASE)) for reason, pattern in lexicon.pairs("clean_junk_patterns.txt")
    )


def mark_junk(lines: list[Line]) -> None:
    """Mark lines that are chrome by themselves: boilerplate, template residue, breadcrumbs, disclaimers, dates."""
    pending_label: str | None = None
    for index, line in enumerate(lines):
        text = line.text
        if is_label_only(text):
            drop(line, "date")
            pending_label = label_of(text)
            continue
        stated, line.author = _date_line(text)
        if stated is not None:
            if stated.label is None and pending_label:
                stated = StatedDate(stated.day, stated.precision, pending_label)
            line.stated = stated
            drop(line, "date", DATE)
        else:
            edge = settings.active().disclaimer_edge_lines
            at_edge = index < edge or index >= len(lines) - edge
            reason = "aggregator" if at_edge and _is_disclaimer(text) else _junk_reason(text)
            if reason:
                drop(line, reason)
        pending_label = None


def _junk_reason(text: str) -> str | None:
    """Why a short line is site chrome, or None when it may be article text."""
    if len(text) > settings.active().short_line:
        return None
    if _IDENTIFIER_RE.match(text):
        return "navigation"
    if _URL_RE.match(text):
        return "url"
    if _BREADCRUMB_RE.match(text) or _is_nav_list(text):
        return "navigation"
    key = comparison_key(text)
    if not key:
        return "navigation"  # punctuation only: separators, bullets, ellipses
    for reason, pattern in _junk_patterns():
        if pattern.fullmatch(key):
            return reason
    return None


def _date_line(text: str) -> tuple[StatedDate | None, str | None]:
    """The date (and byline) of a dateline: "11/13/2023", "Updated: Nov. 13, 2023", and the meta lines that
    put a byline or a source next to the date ("Posted on May 2, 2024 by Jane Roe", "Jane Roe | May 2, 2024",
    "May 2, 2024 - Estwire")."""
    stated = date_only_line(text)
    if stated is not None or len(text) > 120:
        return stated, None
    parts = [part.strip() for part in _META_SEPARATOR_RE.split(text) if part.strip()]
    if not 2 <= len(parts) <= 4:
        return None, None
    dates = [found for found in map(date_only_line, parts) if found is not None]
    others = [part for part in parts if date_only_line(part) is None]
    if len(dates) != 1 or not all(_meta_name(part) or _is_short_name(part) for part in others):
        return None, None
    authors = [name for name in map(_meta_name, others) if name]
    authors += [part for part in others if is_person_name(part, strict=True)]
    return dates[0], authors[0] if authors else None


def _meta_name(part: str) -> str | None:
    """A byline part of a meta line: "By Jane Roe" or "by Jane Roe"."""
    match = re.match(r"^by\s+(.+?)$", part, re.IGNORECASE)
    return by_name(f"By {match.group(1)}") if match else None


def _is_short_name(part: str) -> bool:
    """A source or a person in a meta line: up to four capitalised words and no sentence punctuation."""
    words = part.split()
    return 0 < len(words) <= 4 and all(word[0].isupper() for word in words) and not SENTENCE_END_RE.search(part)


def _is_disclaimer(text: str) -> bool:
    """Aggregator and copyright disclaimers pack three of their stock phrases into one unquoted line.

    Two are not enough: a story about a trademark dispute can say "trademarks" and "copyright owner".
    """
    if len(text) > 1200 or QUOTE_RE.search(text):
        return False
    return len({match.lower() for match in _DISCLAIMER_CUES.findall(text)}) >= 3


def _is_nav_list(text: str) -> bool:
    """A menu or breadcrumb: three or more short items joined by separators, no sentence punctuation."""
    if is_credit_line(text) or SENTENCE_END_RE.search(text):
        return False
    items = [item for item in _NAV_SEPARATOR_RE.split(text) if item]
    return len(items) >= 3 and all(len(item.split()) <= 4 for item in items)
