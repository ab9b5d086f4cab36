"""The publication date: the source's own if it states one, else a dateline the page gives, else none.

Separate because it is a decision over everything the other rules found: the date lines marked by ``junk``,
the title's position, the navigation residue above it, and the dates the body mentions (a top date far later
than every date in the story is the scraper's page date, see :func:`newsdossier.ingest.pubdate.is_page_date`).
"""

from __future__ import annotations

import datetime as dt
import re

from newsdossier.ingest.clean.lines import BODY, CAPTION, DATE, Line
from newsdossier.ingest.pubdate import REVISION_LABELS, StatedDate, absolute_dates, is_page_date, parse_hint
from newsdossier.models import ArticleHints, DatePrecision

# The place before a dateline's date: capitals or capitalised words, then a comma ("PORT ELVAN, ", "Astana, ").
_DATELINE_PLACE_RE = re.compile(r"(?:(?:[A-Z][A-Z.'’ -]{1,40}|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,3}),\s*)?")


def publication(
    lines: list[Line], hints: ArticleHints, title_index: int | None, zone_end: int
) -> tuple[dt.date, DatePrecision, str] | None:
    """(date, precision, method): the source's date if it states one, else a trustworthy dateline, else None."""
    hinted = parse_hint(hints.published)
    if hinted:
        return hinted[0], hinted[1], "hint"
    evidence = [line.caption or line.text for line in lines if line.kind in (BODY, CAPTION)]
    navigation_above = [i for i, line in enumerate(lines[:zone_end]) if line.reason == "navigation"]
    for index in _date_candidates(lines, zone_end):
        stated = lines[index].stated
        assert stated is not None
        above_title = title_index is not None and index < title_index
        in_chrome = above_title and title_index is not None and any(i < title_index for i in navigation_above)
        scraped = above_title or bool(navigation_above)
        if in_chrome or is_page_date(stated.day, evidence, scraped_header=scraped):
            lines[index].reason = "page-date"
            continue
        return stated.day, stated.precision, "stated"
    return _leading_dateline(lines)


def _date_candidates(lines: list[Line], zone_end: int) -> list[int]:
    """Indexes of date lines in the header, publication dates before "updated" ones, else in reading order."""
    indexes = [i for i, line in enumerate(lines[: max(zone_end, 1)]) if line.kind == DATE and line.stated]
    return sorted(indexes, key=lambda i: (_is_revision(lines[i].stated), i))


def _is_revision(stated: StatedDate | None) -> bool:
    """Whether a date line states a later revision ("Updated: ...") rather than the publication."""
    return stated is not None and stated.label in REVISION_LABELS


def _leading_dateline(lines: list[Line]) -> tuple[dt.date, DatePrecision, str] | None:
    """A wire dateline opening the first paragraph: "MOSCOW, Nov. 13, 2023 (Reuters) — ..."."""
    first = next((line.text for line in lines if line.kind == BODY), None)
    if not first:
        return None
    head = first[:80]
    for day, precision, start, end in absolute_dates(head):
        before, after = head[:start], head[end:]
        if _DATELINE_PLACE_RE.fullmatch(before) and re.match(r"\s*(?:\(|[-—–]|/)", after):
            return day, precision, "stated"
    return None
