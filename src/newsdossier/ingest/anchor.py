"""Publication dates for undated articles, anchored on dated reports of the same events.

Scraped articles often lose their dateline but keep relative dates: "Putin is in Kazakhstan Thursday",
"Visiting Kazakhstan on Wednesday, Macron ...". Such a weekday pins the publication date to within a week of
an event. If another article *with* a trustworthy date reports an event that shares several names with the
weekday's context and falls on that weekday ("During the Nov. 9 meeting ... Putin ... Tokayev"), the event's
date is known, and with it a narrow range for the undated article's publication. Every weekday anchored this
way is a constraint; their intersection, bounded below by the latest absolute date the article mentions,
gives the publication date and its precision. Nothing is guessed when no constraint is found.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsdossier import lexicon, settings
from newsdossier.errors import DataError
from newsdossier.ingest.clean import absolute_dates
from newsdossier.lexicon.registry import is_demonym, lookup
from newsdossier.lexicon.words import MONTH_ABBREVIATIONS, MONTH_NAMES, MONTHS, WEEKDAY_NAMES, WEEKDAYS

# The English words anchoring reads around weekdays and names; the file's header says what each cue means.
WORDS = "anchor_words.tsv"


def _words(cue: str) -> tuple[str, ...]:
    """The words of one cue of ``data/anchor_words.tsv``, in file order."""
    return tuple(word for found, word in lexicon.pairs(WORDS) if found == cue)


def _alternatives(*cues: str) -> str:
    """The words of ``cues`` as regex alternatives, escaped, in file order (no group around them)."""
    return "|".join(re.escape(word) for cue in cues for word in _words(cue))


def _offsets() -> dict[str, int]:
    """``weekday_offset`` words -> the week they name: -1 the one before, 1 the one after, 0 the same."""
    offsets: dict[str, int] = {}
    for number, (cue, word, *value) in lexicon.rows(WORDS, 2):
        if cue == "weekday_offset":
            week = value[0] if value else ""
            if week not in ("-1", "0", "1"):
                raise DataError(f"data/{WORDS}:{number}: the week of {word!r} is not -1, 0 or 1: {week!r}")
            offsets[word] = int(week)
    return offsets


def _month_stems() -> list[str]:
    """What a month name starts with in news copy ("Nov", "Sept", "May"): its abbreviations, or the full name
    when it has none; in month order, longer first, so that "sept" is tried before "sep"."""
    abbreviated = set(MONTH_ABBREVIATIONS.values())
    stems = [*MONTH_ABBREVIATIONS, *(name for name, number in MONTH_NAMES.items() if number not in abbreviated)]
    return sorted(stems, key=lambda stem: (MONTHS[stem], -len(stem)))


# A bare weekday in news copy refers to the seven days around publication.
WEEK = dt.timedelta(days=6)
# "last Thursday" / "next Thursday" / "this Thursday" -> -1 / 1 / 0; a bare weekday has no offset (None).
_OFFSETS = _offsets()

_WEEKDAY = re.compile(rf"\b(?:({_alternatives('weekday_offset')})\s+)?({'|'.join(WEEKDAY_NAMES)})\b", re.IGNORECASE)
_FUTURE = re.compile(rf"\b(?:{_alternatives('future_verb')})\s+(?:{_alternatives('future_cue')})\b"
                     rf"|\b(?:{_alternatives('future_word')})\b", re.IGNORECASE)
_PRESENT = re.compile(rf"\b(?:{_alternatives('present_verb')})\s+(?:{_alternatives('present_cue')})\b",
                      re.IGNORECASE)
_MONTH_DAY = re.compile(
    rf"\b({'|'.join(_month_stems())})[a-z]*\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d{{4}})",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_SENTENCE = re.compile(r"(?<=[.!?…”\"])\s+(?=[“\"A-Z])")
_PHRASE = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’-]*)*")
_LOWER_WORD = re.compile(r"\b[a-z][\w'’-]*")
# Words that end a name inside a run of capitalised words: weekdays, months (full and abbreviated) and the
# function words of the data file.
_STOP = frozenset({*WEEKDAY_NAMES, *MONTHS, *_words("stop")})


@dataclass(frozen=True, slots=True)
class AnchorInput:
    """What anchoring needs of an article: its text (body and captions) and its date if it has one."""

    article_id: str
    paragraphs: Sequence[str]
    published: dt.date | None


@dataclass(frozen=True, slots=True)
class AnchoredDate:
    article_id: str
    published: dt.date
    precision: str
    earliest: dt.date
    latest: dt.date


@dataclass(frozen=True, slots=True)
class _DatedMention:
    """An event date stated (or resolvable) in a dated article, with the names around it."""

    day: dt.date
    names: frozenset[str]


@dataclass(frozen=True, slots=True)
class _WeekdayRef:
    weekday: int
    tense: str  # "past", "present", "future"
    offset: int | None  # -1 "last", 1 "next", 0 "this" (see _OFFSETS), None for a bare weekday
    names: frozenset[str]


def anchor_publication_dates(articles: Iterable[AnchorInput]) -> list[AnchoredDate]:
    """Dates for the undated articles that dated reports of the same events pin down.

    ``articles`` is iterated twice and never held: pass a sequence, or an object whose ``__iter__`` streams
    from the store each time (a one-shot iterator is refused). The first pass counts names and keeps, for each
    undated article, only its weekday references and date bounds; the second indexes the dated mentions whose
    names some reference shares. Memory grows with the number of undated articles and matching mentions, not
    with the text of the corpus.
    """
    if iter(articles) is articles:
        raise TypeError("anchor_publication_dates iterates its input twice: pass a sequence or a re-iterable")
    undated, common = _scan_undated(articles)
    wanted = {name for item in undated for ref in item.refs for name in ref.names} - common
    index: dict[str, list[_DatedMention]] = defaultdict(list)
    if wanted:
        for item in articles:
            if item.published is None:
                continue
            for mention in _dated_mentions(item):
                for name in mention.names & wanted:
                    index[name].append(mention)
    results = []
    for pending in undated:
        anchored = _anchor(pending, index)
        if anchored is not None:
            results.append(anchored)
    return results


@dataclass(frozen=True, slots=True)
class _Undated:
    """What anchoring keeps of an undated article between the two passes (no text)."""

    article_id: str
    refs: tuple[_WeekdayRef, ...]
    floor: dt.date | None
    max_year: int | None


def _scan_undated(articles: Iterable[AnchorInput]) -> tuple[list[_Undated], frozenset[str]]:
    """First pass: the undated articles' weekday references, and the names too common to tell events apart.

    Names found in more than ``anchor_common_name_share`` of a large corpus ("US", "New York") say nothing about which
    event is meant.
    """
    frequency: Counter[str] = Counter()
    undated: list[_Undated] = []
    count = 0
    for item in articles:
        count += 1
        frequency.update(_names_in(item.paragraphs, _lowercase_words(item.paragraphs)))
        if item.published is None:
            undated.append(_undated(item))
    if count < settings.active().anchor_common_name_min_docs:
        return undated, frozenset()
    limit = settings.active().anchor_common_name_share * count
    return undated, frozenset(name for name, seen in frequency.items() if seen > limit)


def _undated(item: AnchorInput) -> _Undated:
    full_text = "\n".join(item.paragraphs)
    stated = [found[0] for found in absolute_dates(full_text)]
    years = [int(year) for year in _YEAR.findall(full_text)]
    return _Undated(item.article_id, tuple(_weekday_refs(item)), max(stated) if stated else None,
                    max(years) if years else None)


def _anchor(item: _Undated, index: dict[str, list[_DatedMention]]) -> AnchoredDate | None:
    floor, max_year = item.floor, item.max_year
    ranges: list[tuple[dt.date, dt.date, str, int]] = []
    unanchored: list[_WeekdayRef] = []
    for ref in item.refs:
        best = _best_event(ref, index, floor, max_year)
        if best is None:
            unanchored.append(ref)
            continue
        event_day, shared = best
        low, high = _publication_range(event_day, ref)
        ranges.append((low, high, "past" if ref.offset == -1 else ref.tense, shared))
    agreeing = _most_supported(ranges)
    if not agreeing:
        return None
    earliest = max(low for low, _, _, _ in agreeing)
    latest = min(high for _, high, _, _ in agreeing)
    anchored_tenses = {tense for _, _, tense, _ in agreeing}
    if floor is not None:
        earliest = max(earliest, floor)
    earliest = _push_past_unanchored(earliest, latest, unanchored)
    if earliest > latest:
        return None
    # News is published promptly: past-tense reports are dated the earliest consistent day, previews (future
    # or present tense only) the latest one, i.e. closest to the event they announce.
    chosen = earliest if "past" in anchored_tenses else latest
    if chosen in (dt.date.min, dt.date.max):
        return None
    width = (min(latest, chosen + WEEK) - max(earliest, chosen - WEEK)).days
    return AnchoredDate(item.article_id, chosen, "day" if width <= 1 else "week", max(earliest, chosen - WEEK),
                        min(latest, chosen + WEEK))


def _most_supported(ranges: Sequence[tuple[dt.date, dt.date, str, int]]) -> list[tuple[dt.date, dt.date, str, int]]:
    """The anchors that agree on one date with the most support (weighted by shared names).

    Two anchors can disagree when a weekday is matched to the wrong report ("told reporters Wednesday" next to
    a Wednesday meeting in another article); the date most anchors agree on wins instead of giving up.
    """
    best: list[tuple[dt.date, dt.date, str, int]] = []
    best_score = 0
    for point in sorted({bound for low, high, _, _ in ranges for bound in (low, high)}):
        covering = [r for r in ranges if r[0] <= point <= r[1]]
        score = sum(r[3] for r in covering)
        if score > best_score:
            best, best_score = covering, score
    return best


def _push_past_unanchored(earliest: dt.date, latest: dt.date, refs: Sequence[_WeekdayRef]) -> dt.date:
    """An unanchored past weekday must have happened by publication: move the earliest date past it."""
    if earliest == dt.date.min:
        return earliest
    for ref in refs:
        if ref.tense != "past" or ref.offset is not None:
            continue
        candidate = earliest + dt.timedelta(days=(ref.weekday - earliest.weekday()) % 7)
        if candidate <= latest:
            earliest = max(earliest, candidate)
    return earliest


def _publication_range(event_day: dt.date, ref: _WeekdayRef) -> tuple[dt.date, dt.date]:
    if ref.offset == -1:
        return event_day + dt.timedelta(days=1), event_day + dt.timedelta(days=13)
    if ref.offset == 1:
        return event_day - dt.timedelta(days=13), event_day - dt.timedelta(days=1)
    if ref.tense == "future":
        return dt.date.min, event_day
    if ref.tense == "present":
        return event_day - dt.timedelta(days=1), event_day
    return event_day, event_day + WEEK


def _best_event(ref: _WeekdayRef, index: dict[str, list[_DatedMention]], floor: dt.date | None,
                max_year: int | None) -> tuple[dt.date, int] | None:
    shared: dict[_DatedMention, int] = defaultdict(int)
    others: dict[_DatedMention, int] = defaultdict(int)
    for name in ref.names:
        for mention in index.get(name, ()):
            shared[mention] += 1
            others[mention] += not name.startswith("@")
    best: tuple[int, dt.date] | None = None
    tuning = settings.active()
    for mention, count in shared.items():
        if count < tuning.anchor_min_shared_names or others[mention] < tuning.anchor_min_shared_other_names:
            continue
        if mention.day.weekday() != ref.weekday:
            continue
        if floor is not None and mention.day < floor - WEEK:
            continue
        if max_year is not None and mention.day.year > max_year + 1:
            continue
        key = (count, -mention.day.toordinal())
        if best is None or key > (best[0], -best[1].toordinal()):
            best = (count, mention.day)
    return (best[1], best[0]) if best else None


def _weekday_refs(item: AnchorInput) -> list[_WeekdayRef]:
    lowercase = _lowercase_words(item.paragraphs)
    refs = []
    for position, paragraph in enumerate(item.paragraphs):
        window = _window_names(item.paragraphs, position, lowercase)
        for sentence in _SENTENCE.split(paragraph):
            for match in _WEEKDAY.finditer(sentence):
                if not match.group(2)[0].isupper():
                    continue
                tense = "future" if _FUTURE.search(sentence) else "present" if _PRESENT.search(sentence) else "past"
                refs.append(_WeekdayRef(WEEKDAYS[match.group(2).lower()], tense, _offset(match), window))
    return refs


def _dated_mentions(item: AnchorInput) -> list[_DatedMention]:
    assert item.published is not None
    lowercase = _lowercase_words(item.paragraphs)
    mentions: list[_DatedMention] = []
    for position, paragraph in enumerate(item.paragraphs):
        days = [found[0] for found in absolute_dates(paragraph)]
        days += [day for day in (_resolve_month_day(m, item.published) for m in _MONTH_DAY.finditer(paragraph)) if day]
        days += [_resolve_weekday(m, paragraph, item.published) for m in _WEEKDAY.finditer(paragraph)
                 if m.group(2)[0].isupper()]
        if not days:
            continue
        window = _window_names(item.paragraphs, position, lowercase)
        mentions.extend(_DatedMention(day, window) for day in set(days))
    return mentions


def _resolve_month_day(match: re.Match[str], published: dt.date) -> dt.date | None:
    """"Nov. 9" in an article of 2023-11-13 is 2023-11-09; a date well after publication is last year's."""
    try:
        day = dt.date(published.year, MONTHS[match.group(1).lower()], int(match.group(2)))
    except ValueError:
        return None
    if day > published + dt.timedelta(days=31):
        try:
            day = day.replace(year=day.year - 1)
        except ValueError:
            return None
    return day


def _resolve_weekday(match: re.Match[str], paragraph: str, published: dt.date) -> dt.date:
    """A weekday in a dated article is the nearest such day before publication, or after it for previews."""
    weekday = WEEKDAYS[match.group(2).lower()]
    sentence = next((s for s in _SENTENCE.split(paragraph) if match.group(0) in s), paragraph)
    back = (published.weekday() - weekday) % 7
    offset = _offset(match)
    if offset == -1:
        back = back or 7
    if _FUTURE.search(sentence) or offset == 1:
        return published + dt.timedelta(days=(weekday - published.weekday()) % 7)
    return published - dt.timedelta(days=back)


def _offset(match: re.Match[str]) -> int | None:
    """The week a :data:`_WEEKDAY` match names relative to the article's (see :data:`_OFFSETS`), if it names one."""
    return _OFFSETS[match.group(1).lower()] if match.group(1) else None


def _lowercase_words(paragraphs: Sequence[str]) -> set[str]:
    return {word for paragraph in paragraphs for word in _LOWER_WORD.findall(paragraph)}


def _window_names(paragraphs: Sequence[str], position: int, lowercase: set[str]) -> frozenset[str]:
    """Names in a paragraph and its neighbours (see :func:`_names_in`)."""
    return _names_in(paragraphs[max(0, position - 1): position + 2], lowercase)


def _names_in(paragraphs: Sequence[str], lowercase: set[str]) -> frozenset[str]:
    """Names in some paragraphs, one key per name phrase.

    A phrase of capitalised words ("Kassym-Jomart Tokayev", "New York") is one name. Places, organisations and
    nationalities known to the registry are keyed with a leading ``@``: they are shared by countless unrelated
    stories, so matching needs other names (people, mostly) as well. Other phrases are keyed by their last word,
    so "Mr. Putin" and "Vladimir Putin" meet.
    """
    names = set()
    for paragraph in paragraphs:
        for phrase in _PHRASE.findall(paragraph):
            for words in _split_at_stop_words(phrase):
                text = " ".join(words)
                if lookup(text) is not None or is_demonym(text):
                    names.add("@" + text.lower())
                    continue
                key = words[-1].lower()
                if len(key) > 1 and key not in lowercase:
                    names.add(key)
    return frozenset(names)


def _split_at_stop_words(phrase: str) -> list[list[str]]:
    """"On Thursday Ingrid Valter" holds one name: function words, weekdays and months separate names."""
    parts: list[list[str]] = [[]]
    for word in phrase.split():
        cleaned = re.sub(r"[’']s$", "", word).strip("-'’.")
        if not cleaned or cleaned.lower() in _STOP:
            parts.append([])
        else:
            parts[-1].append(cleaned)
    return [part for part in parts if part]
