"""Dates an article states about itself, and the absolute dates it mentions.

A scraped page carries two kinds of dates near its top: the article's own dateline ("11/13/2023", "Updated:
Nov. 13, 2023") and dates the scraper's host added later (the aggregator's "today", "Wednesday, October 8,
2025" above a 2023 story). Both look the same; what tells them apart is the story itself. An article is
written shortly after the latest events it reports, so a top date far later than every date in the body is a
page date, not a publication date. This module finds the candidate dates; ``clean`` decides where they sit.

Only regex candidates ever reach ``dateparser`` (it costs about half a millisecond a call and runs on thousands
of articles), and its answers are cached because the same few date strings recur across a corpus. Month names
come from :mod:`newsdossier.lexicon.words`; the words of date lines (labels, weekday stems, time zones) from
``data/pubdate_date_words.tsv``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import dateparser

from newsdossier import lexicon
from newsdossier.lexicon.words import MONTHS
from newsdossier.models import DatePrecision

# How much later than the latest date the body mentions a top-of-page date may be before it is taken for the
# scraper's or aggregator's page date. News copy reports events of the last days or weeks; four months covers
# slow features and weekly round-ups, while page dates of later scrapes are typically a year or more off.
MAX_PAGE_DATE_LAG = dt.timedelta(days=120)
# A yearless "Nov. 12" is resolved to its latest occurrence no later than this after the candidate date:
# articles announce events of the coming days ("the summit on Nov. 15").
YEARLESS_LOOKAHEAD = dt.timedelta(days=7)

# Only absolute dates: a stated date is never read against the clock ("tomorrow" in a hint is no date).
_ABSOLUTE_ONLY = ["timestamp", "custom-formats", "absolute-time"]
_DAY_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "MDY",
                 "PARSERS": _ABSOLUTE_ONLY}
_MONTH_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month", "year"], "DATE_ORDER": "MDY",
                   "PARSERS": _ABSOLUTE_ONLY}


def _cue(cue: str) -> tuple[str, ...]:
    """The patterns of one cue of ``data/pubdate_date_words.tsv``, in file order."""
    return tuple(pattern for name, pattern in lexicon.pairs("pubdate_date_words.tsv") if name == cue)


def _alternation(cue: str) -> str:
    """The patterns of one cue as a regex alternation (without a group around it)."""
    return "|".join(_cue(cue))


# Every spelling of a month, longest first so that "september" is tried before "sept" and "sep".
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_ORD = r"(?:st|nd|rd|th)?"
# re.ASCII keeps \b, \d and case-folding to ASCII, so odd Unicode digits or letters never reach dateparser.
_FLAGS = re.IGNORECASE | re.ASCII
_ABSOLUTE_RE = re.compile(
    rf"\b{_MONTH}\.?\s+\d{{1,2}}{_ORD}\s*,?\s*\d{{4}}(?![\d:])"  # Nov. 9, 2022 / Oct. 13,2023
    rf"|\b\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH}\.?,?\s+\d{{4}}(?![\d:])"  # 13 November 2023
    r"|\b\d{1,2}/\d{1,2}/\d{4}(?![\d/])"  # 11/13/2023
    r"|\b\d{4}-\d{2}-\d{2}(?![\d-])",  # 2023-11-13
    _FLAGS,
)
_MONTH_YEAR_RE = re.compile(rf"\b{_MONTH}\.?,?\s+\d{{4}}(?![\d:])", _FLAGS)
# "Nov. 12" with no year after it (a following ", 2023" makes it absolute and is handled above).
_YEARLESS_RE = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}}){_ORD}\b(?!\s*,?\s*\d{{4}})(?!\s*,?\s*\d)", _FLAGS)

# What may surround the date on a date-only line: labels, weekdays, clock times and zones, separators.
# A label: "Updated", "Last updated on", "Published at".
_LABEL = (
    "(?:" + "|".join(rf"{word}\s+" for word in _cue("qualifier")) + ")?"
    rf"(?:{_alternation('label')})(?:\s+(?:{_alternation('preposition')}))?"
)
_DATE_LINE_LABEL_RE = re.compile(rf"^(?:{_LABEL}\s*:?\s*)", _FLAGS)
_LABEL_ONLY_RE = re.compile(rf"^{_LABEL}\s*:?$", _FLAGS)
# The words of a label that are not the label itself ("last", "on").
_LABEL_EXTRAS = frozenset(_cue("qualifier") + _cue("preposition"))
_DATE_LINE_FILLER_RE = re.compile(
    rf"\b(?:{_alternation('weekday')})(?:day)?\b\.?"
    r"|\b\d{1,2}(?::\d{2}){1,2}\s*(?:[ap]\.?m\.?)?"
    r"|\b\d{1,2}\s*[ap]\.?m\.?"
    rf"|\b(?:{_alternation('time_zone')})\b"
    rf"|\b(?:{_alternation('filler')})\b"
    r"|[\s,.;:|/()\-–—·•]+",
    _FLAGS,
)
# Labels of a later revision ("updated"): such a date ranks after a publication date.
REVISION_LABELS = frozenset(_cue("revision"))


@dataclass(frozen=True, slots=True)
class StatedDate:
    """A date a line states about the article, with its precision and any label ("updated", "published")."""

    day: dt.date
    precision: DatePrecision
    label: str | None


def absolute_dates(text: str) -> list[tuple[dt.date, DatePrecision, int, int]]:
    """Dates with an explicit day, month and year in ``text``: ``(date, "day", start, end)`` in text order.

    Shared with anchoring, which bounds an undated article's publication below by the latest of them.
    """
    found: list[tuple[dt.date, DatePrecision, int, int]] = []
    for match in _ABSOLUTE_RE.finditer(text):
        day = _parse_day(match.group(0))
        if day is not None:
            found.append((day, "day", match.start(), match.end()))
    return found


def yearless_month_days(text: str) -> list[tuple[int, int]]:
    """(month, day) pairs written without a year ("Nov. 12"): events near the publication date."""
    found = []
    for match in _YEARLESS_RE.finditer(text):
        month = MONTHS[match.group(1)[:3].lower()]
        day = int(match.group(2))
        if _valid_month_day(month, day):
            found.append((month, day))
    return found


def resolve_yearless(month: int, day: int, around: dt.date) -> dt.date | None:
    """The latest (month, day) no later than shortly after ``around``: how a reader dates "Nov. 12"."""
    limit = around + YEARLESS_LOOKAHEAD
    for year in (limit.year, limit.year - 1, limit.year - 2):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue  # Feb. 29 outside a leap year
        if candidate <= limit:
            return candidate
    return None


def is_label_only(line: str) -> bool:
    """A line that only announces a date on the next line ("Updated:", "Published on")."""
    return len(line) <= 30 and bool(_LABEL_ONLY_RE.match(line))


def label_of(line: str) -> str | None:
    """The date label a line starts with, lower-cased ("updated", "published"), or None."""
    match = _DATE_LINE_LABEL_RE.match(line)
    if not match or not match.group(0).strip():
        return None
    words = re.findall(r"[a-z]+", match.group(0).lower())
    return next((word for word in words if word not in _LABEL_EXTRAS), None)


def date_only_line(line: str) -> StatedDate | None:
    """The date a line consists of, or None if the line says anything else.

    Accepts "11/13/2023", "Updated: Nov. 13, 2023 10:42 a.m. ET", "Wednesday, October 8, 2025", "Published
    2023-11-13" and "November 2023" (month precision); a sentence that merely contains a date is not a date line.
    """
    if len(line) > 80:
        return None
    label = label_of(line)
    rest = _DATE_LINE_LABEL_RE.sub("", line, count=1)
    dates = absolute_dates(rest)
    precision: DatePrecision = "day"
    if dates:
        if len({found[0] for found in dates}) != 1:
            return None
        day = dates[0][0]
        leftover = "".join(part for part in _split_out(rest, [(s, e) for _, _, s, e in dates]))
    else:
        match = _MONTH_YEAR_RE.search(rest)
        if not match:
            return None
        month_start = _parse_month(match.group(0))
        if month_start is None:
            return None
        day, precision = month_start, "month"
        leftover = rest[: match.start()] + rest[match.end():]
    if _DATE_LINE_FILLER_RE.sub("", leftover):
        return None
    return StatedDate(day, precision, label)


def latest_evidence(texts: Iterable[str], candidate: dt.date) -> dt.date | None:
    """The latest date the body and captions point at, read as if the article were dated ``candidate``.

    Absolute dates count as written; yearless month-days ("Nov. 12") are resolved against the candidate, so
    they support a candidate of the right year and cannot rescue a page date years after the story.
    """
    latest: dt.date | None = None
    for text in texts:
        for day, _, _, _ in absolute_dates(text):
            latest = day if latest is None or day > latest else latest
        for month, day_of_month in yearless_month_days(text):
            resolved = resolve_yearless(month, day_of_month, candidate)
            if resolved is not None and (latest is None or resolved > latest):
                latest = resolved
    return latest


def is_page_date(candidate: dt.date, texts: list[str], *, scraped_header: bool) -> bool:
    """True when ``candidate`` is far later than what the article reports and the page looks scraped.

    The lag alone is not enough: an obituary or an anniversary piece may mention only old dates under a
    perfectly good dateline. It condemns the candidate only together with a sign of a scraped page
    (``scraped_header``: navigation residue in the header, or the date printed above the title).
    """
    if not scraped_header:
        return False
    evidence = latest_evidence(texts, candidate)
    return evidence is not None and candidate - evidence > MAX_PAGE_DATE_LAG


def parse_hint(value: str | None) -> tuple[dt.date, DatePrecision] | None:
    """A source's stated publication date (ISO date or datetime, "2023-11", "2023") as (date, precision)."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    iso = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$", text)
    if iso:
        year, month, day = int(iso.group(1)), iso.group(2), iso.group(3)
        try:
            if day:
                return dt.date(year, int(month), int(day)), "day"
            if month:
                return dt.date(year, int(month), 1), "month"
            return dt.date(year, 1, 1), "year"
        except ValueError:
            return None
    if len(text) > 60:
        return None
    day = _parse_day(text)
    return (day, "day") if day else None


def _split_out(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """The parts of ``text`` outside ``spans``."""
    parts, cursor = [], 0
    for start, end in spans:
        parts.append(text[cursor:start])
        cursor = end
    parts.append(text[cursor:])
    return parts


def _valid_month_day(month: int, day: int) -> bool:
    try:
        dt.date(2000, month, day)  # a leap year, so Feb. 29 is valid
    except ValueError:
        return False
    return True


def _normalise_candidate(text: str) -> str:
    """Spacing dateparser reads reliably: "Oct. 13,2023" -> "Oct. 13, 2023", ordinals dropped."""
    text = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text, flags=_FLAGS)
    text = re.sub(r",\s*", ", ", text)
    return " ".join(text.split())


def _parse_day(text: str) -> dt.date | None:
    return _parse_cached(_normalise_candidate(text), "day")


def _parse_month(text: str) -> dt.date | None:
    return _parse_cached(_normalise_candidate(text), "month")


@functools.lru_cache(maxsize=8192)
def _parse_cached(text: str, precision: str) -> dt.date | None:
    """dateparser on one regex candidate; None for impossible dates ("Feb. 30, 2023") or odd years."""
    settings = _DAY_SETTINGS if precision == "day" else _MONTH_SETTINGS
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:  # dateparser has raised on exotic input; a candidate is never worth a crash
        return None
    if parsed is None or not 1800 <= parsed.year <= 2199:
        return None
    return parsed.date()
