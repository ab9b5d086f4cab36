"""Date expressions read against the publication date, and the choice of a sentence's event date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from newsdossier.models import ArticleContext, EventDate
from newsdossier.nlp.dates import event_date, normalise

D = dt.date
MON = D(2023, 11, 13)  # a Monday
THU = D(2023, 11, 9)  # a Thursday
FEB = D(2024, 2, 15)

CASES = [
    # expression, published, future, expected (start, end, precision) or None
    ("Last week", MON, False, (D(2023, 11, 6), D(2023, 11, 12), "week")),
    ("last week's", THU, False, (D(2023, 10, 30), D(2023, 11, 5), "week")),
    ("this week", MON, False, (D(2023, 11, 13), D(2023, 11, 19), "week")),
    ("next week", MON, True, (D(2023, 11, 20), D(2023, 11, 26), "week")),
    ("on Thursday", MON, False, (THU, THU, "day")),
    ("Thursday", MON, False, (THU, THU, "day")),
    ("Thursday", THU, False, (THU, THU, "day")),
    ("Thursday", MON, True, (D(2023, 11, 16), D(2023, 11, 16), "day")),
    ("last Thursday", THU, False, (D(2023, 11, 2), D(2023, 11, 2), "day")),
    ("Thursday morning", MON, False, (THU, THU, "day")),
    ("yesterday", MON, False, (D(2023, 11, 12), D(2023, 11, 12), "day")),
    ("today", MON, False, (MON, MON, "day")),
    ("Nov. 9", MON, False, (THU, THU, "day")),
    ("Nov. 9, 2023", MON, False, (THU, THU, "day")),
    ("Nov. 9,2023", MON, False, (THU, THU, "day")),
    ("November 9", MON, False, (THU, THU, "day")),
    ("9 November 2023", None, False, (THU, THU, "day")),
    ("Nov. 20", MON, False, (D(2022, 11, 20), D(2022, 11, 20), "day")),
    ("Nov. 20", MON, True, (D(2023, 11, 20), D(2023, 11, 20), "day")),
    ("Sept. 5", MON, False, (D(2023, 9, 5), D(2023, 9, 5), "day")),
    ("Thursday, Nov. 9", MON, False, (THU, THU, "day")),
    ("Nov. 1-2", MON, False, (D(2023, 11, 1), D(2023, 11, 2), "day")),
    ("Early last year", MON, False, (D(2022, 1, 1), D(2022, 4, 30), "year")),
    ("late 2021", MON, False, (D(2021, 9, 1), D(2021, 12, 31), "year")),
    ("In February", MON, False, (D(2023, 2, 1), D(2023, 2, 28), "month")),
    ("In February", FEB, False, (D(2024, 2, 1), D(2024, 2, 29), "month")),
    ("in March", FEB, False, (D(2023, 3, 1), D(2023, 3, 31), "month")),
    ("in March", FEB, True, (D(2024, 3, 1), D(2024, 3, 31), "month")),
    ("February of last year", MON, False, (D(2022, 2, 1), D(2022, 2, 28), "month")),
    ("February 2022", None, False, (D(2022, 2, 1), D(2022, 2, 28), "month")),
    ("On February 28", MON, False, (D(2023, 2, 28), D(2023, 2, 28), "day")),
    ("last month", MON, False, (D(2023, 10, 1), D(2023, 10, 31), "month")),
    ("last year", MON, False, (D(2022, 1, 1), D(2022, 12, 31), "year")),
    ("in 2022", MON, False, (D(2022, 1, 1), D(2022, 12, 31), "year")),
    ("in 2022", None, False, (D(2022, 1, 1), D(2022, 12, 31), "year")),
    ("the 1990s", None, False, (D(1990, 1, 1), D(1999, 12, 31), "year")),
    ("two weeks ago", MON, False, (D(2023, 10, 30), D(2023, 11, 5), "week")),
    ("three days ago", MON, False, (D(2023, 11, 10), D(2023, 11, 10), "day")),
    ("this summer", MON, False, (D(2023, 6, 1), D(2023, 8, 31), "year")),
    ("11/13/2023", None, False, (MON, MON, "day")),
    ("the day before", MON, False, None),
    ("The next day", MON, False, None),
    ("a week after the summit", MON, False, None),
    ("in recent years", MON, False, None),
    ("decades", MON, False, None),
    ("two-day", MON, False, None),
    ("30 years old", MON, False, None),
    ("Last week", None, False, None),
    ("on Thursday", None, False, None),
    ("Nov. 9", None, False, None),
    ("yesterday", None, False, None),
    ("", MON, False, None),
]


@pytest.mark.parametrize(("text", "published", "future", "expected"), CASES)
def test_normalise(text: str, published: dt.date | None, future: bool,
                   expected: tuple[dt.date, dt.date, str] | None) -> None:
    found = normalise(text, published, future=future)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert (found.start, found.end, found.precision) == expected
        assert found.text == text


@pytest.mark.parametrize(("text", "expected"), [("The next day", D(2023, 11, 10)), ("the day before", D(2023, 11, 8))])
def test_normalise_chains_on_the_previous_date(text: str, expected: dt.date) -> None:
    previous = EventDate(THU, THU, "day")
    found = normalise(text, MON, previous=previous)
    assert found is not None and found.start == found.end == expected


CONTEXT = ArticleContext("a", MON)


def _date(english: Language, sentence: str, anchor: str | None = None,
          context: ArticleContext = CONTEXT) -> EventDate:
    doc = english(sentence)
    sent = next(iter(doc.sents))
    token = next(t for t in doc if t.text == anchor) if anchor else None
    return event_date(sent, context, token)


@pytest.mark.parametrize(("sentence", "anchor", "expected"), [
    ("Last week, the president paid a landmark visit to the capital.", "paid", (D(2023, 11, 6), "week")),
    ("During the Nov. 9 meeting, the two sides signed a host of agreements.", "signed", (THU, "day")),
    ("In February, all five abstained on a draft resolution.", "abstained", (D(2023, 2, 1), "month")),
    ("“We will win,” he said on Nov. 12 in televised comments.", "said", (D(2023, 11, 12), "day")),
    ("The two leaders will meet on Thursday in the capital.", "meet", (D(2023, 11, 16), "day")),
    ("The minister said on Nov. 12 that the president visited the capital last week.", "visited",
     (D(2023, 11, 6), "week")),
    ("The minister said on Nov. 12 that the president visited the capital last week.", "said",
     (D(2023, 11, 12), "day")),
    ("The presidents of both countries at the summit in the capital, on Oct. 13, 2023.", None,
     (D(2023, 10, 13), "day")),
])
def test_event_date_picks_the_anchor_date(english: Language, sentence: str, anchor: str | None,
                                          expected: tuple[dt.date, str]) -> None:
    found = _date(english, sentence, anchor)
    assert (found.start, found.precision) == expected


@pytest.mark.parametrize("sentence", [
    "The minister paid a two-day visit to the region.",
    "The deal will shape their strategic relations for decades to come.",
    "The country has been a member for decades.",
    "The president met the students.",
])
def test_event_date_falls_back_to_reported(english: Language, sentence: str) -> None:
    found = _date(english, sentence)
    assert found == EventDate(MON, MON, "reported")


def test_date_inside_an_after_phrase_dates_its_object_not_the_event(english: Language) -> None:
    found = _date(english, "The minister criticised the plan after several meetings with the unions in February.",
                  "criticised")
    assert found.precision == "reported"


def test_recently_spans_the_month_before_publication(english: Language) -> None:
    found = _date(english, "The minister recently criticised the plan.", "criticised")
    assert (found.start, found.end, found.precision) == (MON - dt.timedelta(days=30), MON, "month")


def test_event_date_without_publication_date(english: Language) -> None:
    context = ArticleContext("a", None)
    assert _date(english, "The president met the students.", context=context) == EventDate(None, None, "reported")
    assert _date(english, "The president met them on Feb. 28, 2023.", context=context).start == D(2023, 2, 28)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.one_of(st.none(), st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31))),
       st.booleans())
def test_normalise_never_fails(text: str, published: dt.date | None, future: bool) -> None:
    found = normalise(text, published, future=future)
    if found is not None:
        assert found.start is not None and found.end is not None and found.start <= found.end
        assert found.precision in ("day", "week", "month", "year")


DATE_WORDS = ["Nov.", "February", "9", "31", "0", "0000", "2023", "99999", "-", ",", "early", "late", "mid-", "last",
              "this", "next", "week", "month", "year", "Thursday", "ago", "two", "of", "the", "winter", "1990s", "on"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(DATE_WORDS), max_size=6).map(" ".join),
       st.one_of(st.none(), st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31))), st.booleans())
def test_normalise_never_fails_on_date_like_text(text: str, published: dt.date | None, future: bool) -> None:
    found = normalise(text, published, future=future)
    assert found is None or (found.start is not None and found.end is not None and found.start <= found.end)
