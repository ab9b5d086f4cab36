"""Event dates: turning the date expressions of a sentence into ranges relative to the publication date.

News text dates events mostly relative to the day it was written ("last week", "on Thursday", "In
February"), so every expression is read against ``published``. Absolute parts ("Nov. 9, 2023") go to
``dateparser`` with the publication date as its relative base; weeks, weekdays, seasons and vague
expressions are handled here because dateparser either has no notion of them (a Mon–Sun week, "early last
year") or misreads them inside running text. Durations and ages ("two-day", "for decades", "30 years old")
are not dates of anything and are dropped.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import TypeVar

from dateparser.date import DateDataParser
from spacy.tokens import Span, Token

from newsdossier import lexicon, settings
from newsdossier.errors import DataError
from newsdossier.lexicon.words import MONTHS, WEEKDAY_NAMES, WEEKDAYS
from newsdossier.models import ArticleContext, EventDate

REPORTED = "reported"
# The reader's English vocabulary: the words it looks for, and the words that stand for a number (see the headers).
WORDS, VALUES = "dates_words.tsv", "dates_values.tsv"
_V = TypeVar("_V")


def _words(cue: str) -> tuple[str, ...]:
    """The words of one cue of ``data/dates_words.tsv`` or ``data/dates_values.tsv``, in file order."""
    if found := tuple(cells[1] for name in (WORDS, VALUES) for cells in lexicon.table(name, 2) if cells[0] == cue):
        return found
    raise DataError(f"data/{WORDS}, data/{VALUES}: no words of {cue!r}")  # an empty alternation matches anywhere


def _values(cue: str, parse: Callable[[str], _V]) -> dict[str, _V]:
    """Word -> value of one cue of ``data/dates_values.tsv``; a value ``parse`` refuses is a :class:`DataError`."""
    found: dict[str, _V] = {}
    for number, (name, word, value, *_) in lexicon.rows(VALUES, 3):
        if name == cue:
            try:
                found[word] = parse(value)
            except ValueError:
                raise DataError(f"data/{VALUES}:{number}: {value!r} is not a value of {cue} {word!r}") from None
    return found


def _season_days(value: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """A season's "MM-DD..MM-DD" as its first and last (month, day), read in a leap year (a ValueError if not)."""
    first, last = (dt.datetime.strptime(f"2000-{day}", "%Y-%m-%d") for day in value.split(".."))
    return (first.month, first.day), (last.month, last.day)


@functools.cache
def _compile(template: str, flags: int = 0) -> re.Pattern[str]:
    """``template``, each ``<cue>`` a group of the cue's words in file order (``<month>``, ``<weekday>``: names)."""
    def group(cue: re.Match[str]) -> str:
        return "(?:" + "|".join(map(re.escape, _NAMES.get(cue[1]) or _words(cue[1]))) + ")"
    return re.compile(re.sub(r"<(\w+)>", group, template), flags)


# Every spelling of a month, longest first so that "september" is tried before "sept" and "sep".
_NAMES = {"month": sorted(MONTHS, key=len, reverse=True), "weekday": list(WEEKDAY_NAMES)}
# Northern-hemisphere meteorological seasons (month, day) → (month, day): what a Western newsroom means.
SEASONS = _values("season", _season_days)
# "early/mid/late" narrow a year or a month to a third (see _narrow); counts; days and weeks named relative to the
# writing or to the event told before; and the words that say which weekday, period, season or month is meant.
(PARTS, _COUNTS, _DAY_OFFSETS, _CHAINED_DAYS, _WEEK_SHIFTS, _WEEK_SIDES, _WEEKEND_SHIFTS, _WEEKDAY_MODIFIERS,
 _PERIOD_SHIFTS, _PERIOD_SIDES, _SEASON_SHIFTS, _MONTH_SHIFTS) = (_values(cue, int) for cue in (
    "part", "count", "day_offset", "chained_day", "week_shift", "week_side", "weekend_shift", "weekday_modifier",
    "period_shift", "period_side", "season_shift", "month_shift"))
_WEEKEND = frozenset(_words("weekend"))
_MONTH_RE = _compile(r"\b(<month>)\b\.?", re.I)
_WEEKDAY_RE = _compile(r"\b(<weekday>)\b", re.I)
_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NUMERIC_DATE_RE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")
# Leading words that only introduce the date ("on Thursday", "in February", "during the Nov. 9 …").
_LEAD_RE = _compile(r"^(?:<lead>\s+)+", re.I)
# Words that say the expression bounds or measures time rather than placing an event in it.
_NOT_A_POINT_RE = _compile(r"\b<not_a_point>\b|\b\w+-<measure_unit>s?\b|\b<age_unit>s?\s*-?\s*<age_word>\b", re.I)
# Measures of time: "two-day", "30 years old", "for decades", "decades to come", "a years-long war".
_DURATION_RE = _compile(r"\b\w+-<measure_unit>s?(?:-<measure_suffix>)?\b|\b<measure>\b|\b<long_period>\b"
                        r"|^<measure_preposition>\b", re.I)
# A plain count of units with no anchor word ("two years", "30 days") is a duration, not a date.
_COUNT_UNITS_RE = _compile(r"^(?:<count>|\d+)\s+<count_unit>s?$", re.I)
_AGO_RE = _compile(r"^(<count>|\d+)\s+(<count_unit>)s?\s+<ago>$", re.I)
_TIME_OF_DAY_RE = _compile(r"\b<time_of_day>\b", re.I)
_DAY_RANGE_RE = _compile(r"^(<month>)\.?\s+(\d{1,2})\s*<range_joiner>\s*(\d{1,2})(?:\s*,?\s*(\d{4}))?$", re.I)
_DECADE_RE = _compile(r"^(?:<decade_lead>\s+)?(?:<decade_part>\s+|<decade_part_joined>-?\s*)?'?(\d{2,4})0s$", re.I)
# Auxiliaries and governing verbs that put a clause in the future ("will meet", "is due to visit").
FUTURE_AUX, FUTURE_GOVERNORS = frozenset(_words("future_aux")), frozenset(_words("future_governor"))
# Prepositions that make a date a bound or a measure ("before 1991", "for two years"), not the event's date.
BOUNDING_PREPOSITIONS = frozenset(_words("bounding_preposition"))
# Prepositions of time order: a date in their object dates what it names ("after meetings this summer").
ORDER_PREPOSITIONS = frozenset(_words("order_preposition"))
# Adverbs of the recent past ("recently disparaged"): the month before publication, vaguer than "last week".
RECENT_ADVERBS = frozenset(_words("recent_adverb"))
RECENT = "month"
# Dependents and heads of a date's root that make it a measure or an age ("two years long", "aged 30").
_MEASURE_MODIFIERS, _MEASURE_HEADS = frozenset(_words("measure_modifier")), frozenset(_words("measure_head"))
# Dependency labels that keep a date inside the anchor's own clause; anything else crosses into another clause.
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "csubjpass", "parataxis"})


# ---- normalising one expression ----------------------------------------------------------------------------


def normalise(text: str, published: dt.date | None, *, future: bool = False,
              previous: EventDate | None = None) -> EventDate | None:
    """The range ``text`` denotes, read against ``published``; None when it is vague or not a point in time.

    ``future`` says the clause looks forward ("will meet on Thursday"), so bare weekdays, months and yearless
    dates resolve forward from the publication date instead of back. ``previous`` is the date of the event
    told just before, for "the next day" / "the day before"; without it those return None.
    """
    cleaned = _clean(text)
    if not cleaned:
        return None
    for reader in _READERS:
        try:
            found = reader(cleaned, published, future, previous)
        except (ValueError, OverflowError):  # out-of-range years and days ("year 0", "10000 years ago")
            return None
        if found is not None:
            return EventDate(found[0], found[1], found[2], text) if found[0] <= found[1] else None
    return None


_Found = tuple[dt.date, dt.date, str]
_Reader = Callable[[str, "dt.date | None", bool, "EventDate | None"], "_Found | None"]


def _clean(text: str) -> str:
    """Lower-case, drop introducing prepositions, possessives, times of day and a weekday before a date."""
    cleaned = " ".join(text.replace("’", "'").split()).strip(" .,;:")
    cleaned = re.sub(r"'s$", "", cleaned)
    cleaned = _LEAD_RE.sub("", cleaned)
    cleaned = _TIME_OF_DAY_RE.sub("", cleaned)
    cleaned = re.sub(r",(?=\d)", ", ", cleaned)
    if _MONTH_RE.search(cleaned) or _NUMERIC_DATE_RE.search(cleaned):
        cleaned = _WEEKDAY_RE.sub("", cleaned)
    return " ".join(cleaned.split()).strip(" .,;:").lower()


def _relative_day(text: str, published: dt.date | None, future: bool, previous: EventDate | None) -> _Found | None:
    """Days named relative to the writing or to the event just told."""
    if text in _DAY_OFFSETS and published is not None:
        day = published + dt.timedelta(days=_DAY_OFFSETS[text])
        return day, day, "day"
    if text in _CHAINED_DAYS and previous is not None and previous.start is not None and previous.precision == "day":
        day = previous.start + dt.timedelta(days=_CHAINED_DAYS[text])
        return day, day, "day"
    return None


def _ago(text: str, published: dt.date | None, future: bool, previous: EventDate | None) -> _Found | None:
    """"two weeks ago": the unit containing that day, at the unit's precision."""
    match = _AGO_RE.match(text)
    if match is None or published is None:
        return None
    count = _COUNTS.get(match.group(1).lower()) or int(match.group(1))
    unit = match.group(2).lower()
    if unit == "day":
        day = published - dt.timedelta(days=count)
        return day, day, "day"
    if unit == "week":
        return (*_week_of(published - dt.timedelta(weeks=count)), "week")
    if unit == "month":
        year, month = _shift_month(published.year, published.month, -count)
        return (*_month_range(year, month), "month")
    return dt.date(published.year - count, 1, 1), dt.date(published.year - count, 12, 31), "year"


def _week(text: str, published: dt.date | None, future: bool, previous: EventDate | None) -> _Found | None:
    """Mon–Sun weeks: "last week", "this week", "earlier this week", "next week", "the weekend"."""
    if published is None:
        return None
    monday = _week_of(published)[0]
    if text in _WEEK_SHIFTS:
        start = monday + dt.timedelta(weeks=_WEEK_SHIFTS[text])
        side = _WEEK_SIDES.get(text)  # "earlier this week" ends at publication, "later this week" starts there
        return published if side == 1 else start, published if side == -1 else start + dt.timedelta(days=6), "week"
    # "the weekend" on its own: the last one on a weekday, this one at the weekend or in a clause looking forward
    weekend = {**dict.fromkeys(_WEEKEND, 0 if future or published.weekday() >= 5 else -1), **_WEEKEND_SHIFTS}
    if text in weekend:
        saturday = monday + dt.timedelta(days=5, weeks=weekend[text])
        return saturday, saturday + dt.timedelta(days=1), "week"
    return None


def _weekday(text: str, published: dt.date | None, future: bool, previous: EventDate | None) -> _Found | None:
    """"Thursday", "last Thursday", "next Thursday": the nearest one in the clause's direction."""
    match = _compile(r"(<weekday_modifier>)?\s*(<weekday>)").fullmatch(text)
    if match is None or published is None:
        return None
    direction = _WEEKDAY_MODIFIERS.get((match.group(1) or "").strip(), 0)
    target = WEEKDAYS[match.group(2)]
    back = (published.weekday() - target) % 7
    ahead = (target - published.weekday()) % 7
    if direction == -1:
        day = published - dt.timedelta(days=back or 7)
    elif direction == 1:
        day = published + dt.timedelta(days=ahead or 7)
    elif future:
        day = published + dt.timedelta(days=ahead)
    else:
        day = published - dt.timedelta(days=back)
    return day, day, "day"


def _relative_period(text: str, published: dt.date | None, future: bool, previous: EventDate | None) -> _Found | None:
    """Months and years named relative to the writing, optionally narrowed: "early last year", "this month"."""
    match = _compile(r"(?:(<part>)[\s-]+(?:<period_of>\s+)?)?(?:(<period_side>)\s+)?"
                     r"(<period_shift>)\s+(<period_unit>)").fullmatch(text)
    if match is None or published is None:
        return None
    part, side, which, unit = match.groups()
    shift = _PERIOD_SHIFTS[which]
    if unit == "month":
        year, month = _shift_month(published.year, published.month, shift)
        start, end = _month_range(year, month)
        precision = "month"
    else:
        start, end = dt.date(published.year + shift, 1, 1), dt.date(published.year + shift, 12, 31)
        precision = "year"
    start, end = _narrow(start, end, part)
    cut = _PERIOD_SIDES.get(side or "") if shift == 0 else None  # "earlier this year" ends at publication
    return max(start, published) if cut == 1 else start, min(end, published) if cut == -1 else end, precision


def _season(text: str, published: dt.date | None, future: bool, previous: EventDate | None) -> _Found | None:
    """"this summer", "last winter", "the summer of 2022", "in spring": year precision over the season."""
    match = _compile(r"(?:(<season_part>)[\s-]+)?(?:(<season_shift>)\s+)?(<season>)"
                     r"(?:\s+(?:<period_of>\s+)?(\d{4}))?").fullmatch(text)
    if match is None:
        return None
    _part, which, season, year_text = match.groups()
    (start_month, start_day), (end_month, end_day) = SEASONS[season]
    if year_text:
        year = int(year_text)
    elif published is None:
        return None
    else:
        # a winter starts in December: until the summer, "this winter" is the one that began last December
        current = published.year - 1 if end_month < start_month and published.month < 6 else published.year
        year = current + _SEASON_SHIFTS.get(which or "", 0)
    end_year = year + 1 if end_month < start_month else year
    end = dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1] if end_month == 2 else end_day)
    return dt.date(year, start_month, start_day), end, "year"


def _decade(text: str, published: dt.date | None, future: bool, previous: EventDate | None) -> _Found | None:
    """"the 1990s": a ten-year range at year precision."""
    match = _DECADE_RE.match(text)
    if match is None or len(match.group(1)) != 3:
        return None
    start = int(match.group(1)) * 10
    return dt.date(start, 1, 1), dt.date(start + 9, 12, 31), "year"


def _year(text: str, published: dt.date | None, future: bool, previous: EventDate | None) -> _Found | None:
    """A bare year, optionally narrowed ("early 2022", "mid-2022")."""
    match = _compile(r"(?:(<part_phrase>)[\s-]+)?(\d{4})").fullmatch(text)
    if match is None:
        return None
    year = int(match.group(2))
    part = (match.group(1) or "").split(" ")[0] or None
    return (*_narrow(dt.date(year, 1, 1), dt.date(year, 12, 31), part), "year")


def _month(text: str, published: dt.date | None, future: bool, previous: EventDate | None) -> _Found | None:
    """A month without a day: "February", "last February", "February 2022", "February of last year"."""
    match = _compile(r"(?:(<part_phrase>)[\s-]+)?(?:(<month_shift>)\s+)?(<month>)\.?"
                     r"(?:,?\s+(?:<period_of>\s+)?(?:(\d{4})|(<month_shift>) <year_word>))?").fullmatch(text)
    if match is None:
        return None
    part_text, which, month_text, year_text, year_shift = match.groups()
    month = _month_number(month_text)
    if year_text:
        year = int(year_text)
    elif published is None:
        return None
    elif year_shift:
        year = published.year + _MONTH_SHIFTS[year_shift]
    else:
        year = _month_year(month, published, future, _MONTH_SHIFTS[which] if which else None)
    part = (part_text or "").split(" ")[0] or None
    return (*_narrow(*_month_range(year, month), part), "month")


def _month_year(month: int, published: dt.date, future: bool, shift: int | None) -> int:
    """The year of a month, bare or after a ``month_shift`` word (-1 "last", 0 "this", 1 "next"): the latest
    not after publication, or the next one for future clauses."""
    if shift == -1 or (shift is None and not future):
        year = published.year if month <= published.month else published.year - 1
        if shift == -1 and month >= published.month:
            year = published.year - 1
        return year
    if shift == 1:
        return published.year if month > published.month else published.year + 1
    if shift == 0:
        return published.year
    return published.year if month >= published.month else published.year + 1


def _day_range(text: str, published: dt.date | None, future: bool, previous: EventDate | None) -> _Found | None:
    """"Nov. 1-2" / "Nov. 1 and 2, 2023": a range of days."""
    match = _DAY_RANGE_RE.match(text)
    if match is None:
        return None
    month = _month_number(match.group(1))
    first, last = int(match.group(2)), int(match.group(3))
    if match.group(4):
        year = int(match.group(4))
    elif published is None:
        return None
    else:
        start = _absolute(f"{calendar.month_name[month]} {first}", published, future)
        if start is None:
            return None
        year = start[0].year
    try:
        return dt.date(year, month, first), dt.date(year, month, last), "day"
    except ValueError:
        return None


def _absolute_reader(text: str, published: dt.date | None, future: bool, previous: EventDate | None) -> _Found | None:
    """Calendar dates ("Nov. 9", "Nov. 9, 2023", "9 November 2023", "11/13/2023") through dateparser."""
    if _NOT_A_POINT_RE.search(text) or not (_MONTH_RE.search(text) or _NUMERIC_DATE_RE.search(text)):
        return None
    if published is None and not _YEAR_RE.search(text):
        return None
    return _absolute(text, published, future)


def _absolute(text: str, published: dt.date | None, future: bool) -> _Found | None:
    """Parse with the publication date as base; a yearless date is the latest on or before it (or next after)."""
    expanded = _MONTH_RE.sub(lambda m: calendar.month_name[_month_number(m.group(1))], text)
    found = _parse(expanded, published, "past")
    if found is None:
        return None
    day, period = found
    if future and published is not None and day < published and not _YEAR_RE.search(text):
        later = _parse(expanded, published, "future")
        if later is not None:
            day, period = later
    if period == "day":
        return day, day, "day"
    if period == "month":
        return (*_month_range(day.year, day.month), "month")
    if period == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year"
    return None


@functools.lru_cache(maxsize=4096)
def _parse(text: str, published: dt.date | None, prefer: str) -> tuple[dt.date, str] | None:
    settings: dict[str, object] = {"PREFER_DATES_FROM": prefer, "REQUIRE_PARTS": []}
    if published is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(published, dt.time())
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    except (ValueError, OverflowError):
        return None
    if data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


_READERS: tuple[_Reader, ...] = (_relative_day, _ago, _week, _weekday, _relative_period, _season, _decade, _year,
                                 _month, _day_range, _absolute_reader)


# ---- calendar helpers --------------------------------------------------------------------------------------


def _week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, shift: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + shift
    return index // 12, index % 12 + 1


def _month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _narrow(start: dt.date, end: dt.date, part: str | None) -> tuple[dt.date, dt.date]:
    """The first, middle or last third of a year (Jan–Apr, May–Aug, Sep–Dec) or a month (1–10, 11–20, 21–end).

    "Early last year" is still a year-precision fact; the narrower range only helps ordering and overlap.
    """
    if part is None or part not in PARTS:
        return start, end
    index = PARTS[part]
    if start.month == 1 and end.month == 12 and start.year == end.year:
        first, last = 1 + 4 * index, 4 + 4 * index
        return dt.date(start.year, first, 1), _month_range(start.year, last)[1]
    if index == 2:
        return start.replace(day=21), end
    return start.replace(day=1 + 10 * index), start.replace(day=10 + 10 * index)


# ---- choosing a sentence's date ----------------------------------------------------------------------------


def event_date(sentence: Span, context: ArticleContext, anchor: Token | None = None,
               previous: EventDate | None = None) -> EventDate:
    """The date of the event ``anchor`` (a verb) tells, from the DATE entities of ``sentence``.

    A date in the anchor's own clause wins (the shortest dependency path), because a sentence often holds
    dates of several events ("X said on Nov. 12 that Y visited last week"); otherwise the nearest date. No
    usable date means only the publication date is known: precision ``reported``.
    """
    head = anchor if anchor is not None else sentence.root
    future = is_future(head)
    candidates: list[tuple[tuple[int, int], EventDate]] = []
    for ent in sentence.ents:
        if ent.label_ != "DATE" or _is_duration(ent):
            continue
        found = normalise(ent.text, context.published, future=future, previous=previous)
        if found is None or _ordered_by(ent.root, head):
            continue
        hops = _clause_hops(ent.root, head)
        distance = min(abs(ent.start - head.i), abs(ent.end - 1 - head.i))
        candidates.append(((0, hops) if hops is not None else (1, distance), found))
    if candidates:
        return min(candidates, key=lambda item: item[0])[1]
    if context.published is not None and any(c.lower_ in RECENT_ADVERBS for c in head.children):
        start = context.published - dt.timedelta(days=settings.active().recent_days)
        return EventDate(start, context.published, RECENT, next(c.text for c in head.children
                                                                 if c.lower_ in RECENT_ADVERBS))
    return reported(context.published)


def _ordered_by(token: Token, anchor: Token) -> bool:
    """Whether ``token`` sits inside an after/before/since phrase of ``anchor``'s clause, so that it dates
    the thing that phrase names rather than the event itself."""
    current = token
    for _ in range(settings.active().date_max_hops):
        if current.i == anchor.i or current.head.i == current.i:
            return False
        if current.dep_ == "pobj" and current.head.lower_.lstrip("—–-") in ORDER_PREPOSITIONS \
                and current.head.head.i == anchor.i:
            return True
        current = current.head
    return False


def reported(published: dt.date | None) -> EventDate:
    """Only the publication date is known."""
    return EventDate(published, published, REPORTED)


def is_future(verb: Token) -> bool:
    """Whether the clause of ``verb`` looks forward: "will meet", "is due to visit", "plans to travel"."""
    current = verb
    for _ in range(4):
        if any(child.dep_ in ("aux", "auxpass") and child.lower_ in FUTURE_AUX for child in current.children):
            return True
        if current.dep_ != "xcomp" or current.head.i == current.i:
            return False
        current = current.head
        if current.lemma_.lower() in FUTURE_GOVERNORS:
            return True
    return False


def _clause_hops(token: Token, anchor: Token) -> int | None:
    """Dependency hops from ``token`` up to ``anchor`` without crossing into another clause, or None."""
    current, hops = token, 0
    while current.i != anchor.i:
        if current.dep_ in CLAUSE_DEPS or current.head.i == current.i or hops > 12:
            return None
        current, hops = current.head, hops + 1
    return hops


def _is_duration(ent: Span) -> bool:
    """"two-day", "for decades", "30 years old", "before 1991": measures and bounds of time, not event dates."""
    if _DURATION_RE.search(ent.text) or _COUNT_UNITS_RE.match(_clean(ent.text)):
        return True
    root = ent.root
    if root.dep_ == "pobj" and root.head.lower_ in BOUNDING_PREPOSITIONS:
        return True
    return any(child.lower_ in _MEASURE_MODIFIERS for child in root.children) or root.head.lower_ in _MEASURE_HEADS
