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

from dateparser.date import DateDataParser
from spacy.tokens import Span, Token

from newsdossier import settings
from newsdossier.models import ArticleContext, EventDate

REPORTED = "reported"

MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                       "sept": 9, "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}
# Northern-hemisphere meteorological seasons (month, day) → (month, day): what a Western newsroom means.
SEASONS = {"spring": ((3, 1), (5, 31)), "summer": ((6, 1), (8, 31)), "autumn": ((9, 1), (11, 30)),
           "fall": ((9, 1), (11, 30)), "winter": ((12, 1), (2, 28))}
# "early/mid/late" narrow a year to its thirds and a month to its thirds (days 1–10, 11–20, 21–end).
PARTS = {"early": 0, "beginning": 0, "start": 0, "mid": 1, "middle": 1, "late": 2, "end": 2}

_MONTH_WORD = "|".join(sorted([*MONTHS, *MONTH_ABBREVIATIONS], key=len, reverse=True))
_MONTH_RE = re.compile(rf"\b({_MONTH_WORD})\b\.?", re.I)
_WEEKDAY_RE = re.compile(rf"\b({'|'.join(WEEKDAYS)})\b", re.I)
_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NUMERIC_DATE_RE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")
# Leading words that only introduce the date ("on Thursday", "in February", "during the Nov. 9 …").
_LEAD_RE = re.compile(r"^(?:(?:on|in|at|during|of|the|as of|as early as|back)\s+)+", re.I)
# Words that say the expression bounds or measures time rather than placing an event in it.
_NOT_A_POINT_RE = re.compile(
    r"\b(?:before|after|since|until|till|by|within|for|over|through|throughout|past|recent|coming|next few"
    r"|to come|old|aged|long|lasting|decades?|centuries|century|generations?|several|few|many|some)\b"
    r"|\b\w+-(?:day|week|month|year|hour|minute)s?\b|\b(?:years?|months?|weeks?|days?|hours?)\s*-?\s*old\b",
    re.I,
)
# Measures of time: "two-day", "30 years old", "for decades", "decades to come", "a years-long war".
_DURATION_RE = re.compile(
    r"\b\w+-(?:day|week|month|year|hour|minute)s?(?:-long)?\b|\b(?:old|aged|long|lasting|to come)\b"
    r"|\b(?:decades?|centuries|century|generations?)\b|^(?:for|over|within|throughout)\b",
    re.I,
)
# A plain count of units with no anchor word ("two years", "30 days") is a duration, not a date.
_COUNT_UNITS_RE = re.compile(r"^(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+"
                             r"(?:days?|weeks?|months?|years?)$", re.I)
_AGO_RE = re.compile(r"^(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(day|week|month|year)s?\s+ago$",
                     re.I)
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10}
_TIME_OF_DAY_RE = re.compile(r"\b(?:morning|afternoon|evening|night|noon|midday|overnight)\b", re.I)
_DAY_RANGE_RE = re.compile(
    rf"^({_MONTH_WORD})\.?\s+(\d{{1,2}})\s*(?:-|–|—|to|and)\s*(\d{{1,2}})(?:\s*,?\s*(\d{{4}}))?$", re.I)
_DECADE_RE = re.compile(r"^(?:the\s+)?(?:early\s+|mid-?\s*|late\s+)?'?(\d{2,4})0s$", re.I)
# Auxiliaries and governing verbs that put a clause in the future ("will meet", "is due to visit").
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
FUTURE_GOVERNORS = frozenset({"plan", "schedule", "expect", "due", "set", "intend", "prepare", "go"})
# Prepositions that make a date a bound or a measure ("before 1991", "for two years"), not the event's date.
BOUNDING_PREPOSITIONS = frozenset({"for", "over", "within", "throughout", "before", "after", "since", "until",
                                   "till", "by", "from", "between", "through"})
# Prepositions of time order: a date inside their object dates what the object names, not the event they
# order ("disparaged ... after meetings this summer": the meetings were in summer, the remark later).
ORDER_PREPOSITIONS = frozenset({"before", "after", "since", "until", "till", "following", "ahead"})
# Adverbs of the recent past: with no date of its own, an event told with one lies in the month before
# publication ("recently disparaged"), which is vaguer than "last week" but more than "reported".
RECENT_ADVERBS = frozenset({"recently", "lately"})
RECENT = "month"
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
    offsets = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "day before yesterday": -2,
               "day after tomorrow": 2}
    if text in offsets and published is not None:
        day = published + dt.timedelta(days=offsets[text])
        return day, day, "day"
    chained = {"next day": 1, "following day": 1, "day after": 1, "day before": -1, "previous day": -1,
               "preceding day": -1}
    if text in chained and previous is not None and previous.start is not None and previous.precision == "day":
        day = previous.start + dt.timedelta(days=chained[text])
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
    shifts = {"last week": -1, "previous week": -1, "past week": -1, "this week": 0, "earlier this week": 0,
              "later this week": 0, "next week": 1, "coming week": 1}
    if text in shifts:
        start = monday + dt.timedelta(weeks=shifts[text])
        end = start + dt.timedelta(days=6)
        if text == "earlier this week":
            end = published
        if text == "later this week":
            start = published
        return start, end, "week"
    weekend = {"weekend": -1 if published.weekday() < 5 else 0, "last weekend": -1, "this weekend": 0,
               "next weekend": 1}
    if text in weekend:
        saturday = monday + dt.timedelta(days=5, weeks=weekend[text])
        if text == "weekend" and future:
            saturday = monday + dt.timedelta(days=5)
        return saturday, saturday + dt.timedelta(days=1), "week"
    return None


def _weekday(text: str, published: dt.date | None, future: bool, previous: EventDate | None) -> _Found | None:
    """"Thursday", "last Thursday", "next Thursday": the nearest one in the clause's direction."""
    match = re.fullmatch(rf"(last|this|next|this past|this coming|past|coming)?\s*({'|'.join(WEEKDAYS)})", text)
    if match is None or published is None:
        return None
    modifier = (match.group(1) or "").strip()
    target = WEEKDAYS[match.group(2)]
    back = (published.weekday() - target) % 7
    ahead = (target - published.weekday()) % 7
    if modifier in ("last", "past", "this past"):
        day = published - dt.timedelta(days=back or 7)
    elif modifier in ("next", "coming", "this coming"):
        day = published + dt.timedelta(days=ahead or 7)
    elif future:
        day = published + dt.timedelta(days=ahead)
    else:
        day = published - dt.timedelta(days=back)
    return day, day, "day"


def _relative_period(text: str, published: dt.date | None, future: bool,
                     previous: EventDate | None) -> _Found | None:
    """Months and years named relative to the writing, optionally narrowed: "early last year", "this month"."""
    match = re.fullmatch(r"(?:(early|mid|middle|late|beginning|start|end)[\s-]+(?:of\s+)?)?(?:(earlier|later)\s+)?"
                         r"(last|this|next|past|previous|current|coming)\s+(month|year)", text)
    if match is None or published is None:
        return None
    part, side, which, unit = match.groups()
    shift = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[which]
    if unit == "month":
        year, month = _shift_month(published.year, published.month, shift)
        start, end = _month_range(year, month)
        precision = "month"
    else:
        start, end = dt.date(published.year + shift, 1, 1), dt.date(published.year + shift, 12, 31)
        precision = "year"
    start, end = _narrow(start, end, part)
    if side == "earlier" and shift == 0:
        end = min(end, published)
    elif side == "later" and shift == 0:
        start = max(start, published)
    return start, end, precision


def _season(text: str, published: dt.date | None, future: bool, previous: EventDate | None) -> _Found | None:
    """"this summer", "last winter", "the summer of 2022", "in spring": year precision over the season."""
    match = re.fullmatch(rf"(?:(early|late|mid)[\s-]+)?(?:(last|this|next|past)\s+)?({'|'.join(SEASONS)})"
                         r"(?:\s+(?:of\s+)?(\d{4}))?", text)
    if match is None:
        return None
    _part, which, season, year_text = match.groups()
    if year_text:
        year = int(year_text)
    elif published is None:
        return None
    else:
        # a winter starts in December: until the summer, "this winter" is the one that began last December
        current = published.year - 1 if season == "winter" and published.month < 6 else published.year
        year = current + {"last": -1, "past": -1, "next": 1}.get(which or "", 0)
    (start_month, start_day), (end_month, end_day) = SEASONS[season]
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
    match = re.fullmatch(r"(?:(early|mid|middle|late|beginning of|end of|start of)[\s-]+)?(\d{4})", text)
    if match is None:
        return None
    year = int(match.group(2))
    part = (match.group(1) or "").split(" ")[0] or None
    return (*_narrow(dt.date(year, 1, 1), dt.date(year, 12, 31), part), "year")


def _month(text: str, published: dt.date | None, future: bool, previous: EventDate | None) -> _Found | None:
    """A month without a day: "February", "last February", "February 2022", "February of last year"."""
    match = re.fullmatch(rf"(?:(early|mid|middle|late|end of|beginning of|start of)[\s-]+)?(?:(last|this|next)\s+)?"
                         rf"({_MONTH_WORD})\.?(?:,?\s+(?:of\s+)?(?:(\d{{4}})|(last|this|next) year))?", text)
    if match is None:
        return None
    part_text, which, month_text, year_text, year_shift = match.groups()
    month = _month_number(month_text)
    if year_text:
        year = int(year_text)
    elif published is None:
        return None
    elif year_shift:
        year = published.year + {"last": -1, "this": 0, "next": 1}[year_shift]
    else:
        year = _month_year(month, published, future, which)
    part = (part_text or "").split(" ")[0] or None
    return (*_narrow(*_month_range(year, month), part), "month")


def _month_year(month: int, published: dt.date, future: bool, which: str | None) -> int:
    """The year of a bare month: the latest not after publication, or the next one for future clauses."""
    if which == "last" or (which is None and not future):
        year = published.year if month <= published.month else published.year - 1
        if which == "last" and month >= published.month:
            year = published.year - 1
        return year
    if which == "next":
        return published.year if month > published.month else published.year + 1
    if which == "this":
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


def _absolute_reader(text: str, published: dt.date | None, future: bool,
                     previous: EventDate | None) -> _Found | None:
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
    key = word.lower().rstrip(".")
    return MONTHS.get(key) or MONTH_ABBREVIATIONS[key]


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
    if _DURATION_RE.search(ent.text):
        return True
    if _COUNT_UNITS_RE.match(_clean(ent.text)):
        return True
    root = ent.root
    if root.dep_ == "pobj" and root.head.lower_ in BOUNDING_PREPOSITIONS:
        return True
    return any(child.lower_ in ("old", "long") for child in root.children) or root.head.lower_ in ("old", "aged")
