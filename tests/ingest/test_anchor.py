"""Undated articles anchored on dated reports of the same events (synthetic texts of our own)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from newsdossier.ingest.anchor import AnchorInput, anchor_publication_dates

DATED = AnchorInput(
    "dated",
    [
        "Last week, Chancellor Ingrid Valter paid a visit to Porto Vell, where she held talks with "
        "Prime Minister Oskar Lind.",
        "During the Mar. 14 meeting, the two sides signed agreements on energy.",
    ],
    dt.date(2024, 3, 20),  # a Wednesday; Mar. 14, 2024 was a Thursday
)


def _undated(*paragraphs: str) -> AnchorInput:
    return AnchorInput("undated", list(paragraphs), None)


def _dates(*items: AnchorInput) -> dict[str, tuple[dt.date, str]]:
    return {a.article_id: (a.published, a.precision) for a in anchor_publication_dates(items)}


def test_preview_is_dated_on_the_event_day() -> None:
    preview = _undated(
        "Chancellor Ingrid Valter is in Porto Vell Thursday for talks.",
        "On Thursday, Valter will meet Prime Minister Oskar Lind.",
    )
    assert _dates(DATED, preview) == {"undated": (dt.date(2024, 3, 14), "day")}


def test_report_after_the_event_is_dated_the_earliest_consistent_day() -> None:
    report = _undated(
        "Visiting Porto Vell on Thursday, Ingrid Valter praised Oskar Lind for his reforms.",
        "Valter travelled on to the coast on Friday.",
    )
    published, precision = _dates(DATED, report)["undated"]
    assert published == dt.date(2024, 3, 15)
    assert precision == "week"


def test_weekday_without_matching_report_stays_undated() -> None:
    other = _undated("On Thursday, Minister Teodor Brun opened a bridge in Kalla Fjord.")
    assert _dates(DATED, other) == {}


def test_wrong_weekday_is_not_anchored() -> None:
    mismatch = _undated("On Monday, Ingrid Valter met Oskar Lind in Porto Vell.")
    assert _dates(DATED, mismatch) == {}


def test_report_years_later_than_the_article_is_not_used() -> None:
    old = _undated("In 2004, the talks failed.", "On Thursday, Ingrid Valter met Oskar Lind in Porto Vell.")
    assert _dates(DATED, old) == {}


class _Stream:
    """A re-iterable source like the store's: every iteration builds the inputs afresh and is counted."""

    def __init__(self, *items: AnchorInput) -> None:
        self.items = items
        self.passes = 0

    def __iter__(self) -> Iterator[AnchorInput]:
        self.passes += 1
        yield from self.items


def test_streamed_input_gives_the_same_dates_in_two_passes() -> None:
    preview = _undated(
        "Chancellor Ingrid Valter is in Porto Vell Thursday for talks.",
        "On Thursday, Valter will meet Prime Minister Oskar Lind.",
    )
    stream = _Stream(DATED, preview)
    assert {a.article_id: a.published for a in anchor_publication_dates(stream)} == {
        "undated": dt.date(2024, 3, 14)
    }
    assert stream.passes == 2


def test_one_shot_iterator_is_refused() -> None:
    with pytest.raises(TypeError):
        anchor_publication_dates(iter([DATED]))
