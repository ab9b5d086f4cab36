"""Plain-text cleaning: one scraped article in, its body, title, byline, outlet, date and captions out.

Scraped text mixes the story with site chrome (menus, share bars, "Source link"), aggregator disclaimers,
video-player residue, photo captions with their credits, and dates added by whoever scraped the page. Every
rule here reads the *shape* of a line (its length, punctuation, capitalisation, where it sits, what surrounds
it) or a generic web-boilerplate vocabulary (``data/clean_junk_patterns.txt``), never strings of a particular
site. The rules are deliberately one-sided: a junk line left in costs a little noise, a body sentence taken
out loses a fact, so a line is removed only when its shape leaves no doubt.

The pipeline marks each non-empty line with a kind (body, title, byline, date, caption, credit, dropped) in
a fixed order, because later rules need the earlier verdicts (a caption is recognised by the credit under
it; the title is the first line that is not chrome; the byline sits near the title).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import fuzz

from newsdossier.ingest.pubdate import (
    StatedDate,
    absolute_dates,
    date_only_line,
    is_label_only,
    is_page_date,
    label_of,
    parse_hint,
)
from newsdossier.models import ArticleHints, Caption, CleanedArticle, RemovedLine, Span

__all__ = ["absolute_dates", "clean_text"]

BODY, TITLE, BYLINE, DATE, CAPTION, CREDIT, DROP = "body", "title", "byline", "date", "caption", "credit", "drop"

# Lines above the story proper where a title, byline and dateline may sit: up to the second full sentence of
# body text, and never further than this many lines (a dateline 30 lines down is part of the story).
TOP_ZONE_MAX_LINES = 15
# Boilerplate and shape rules only look at lines up to this long: longer lines are paragraphs, whatever they say.
SHORT_LINE = 160
# A repeated body line is a scraping artefact only if it is long enough not to be a legitimate repetition
# ("Yes." twice in an interview).
MIN_DUPLICATE_CHARS = 40
# A line this similar to the hint title (rapidfuzz ratio, 0–100) is the title again with a typo or other quotes.
TITLE_SIMILARITY = 92
# Headlines run to about 15 words; 20 leaves room for long ones without taking an unended lead sentence.
MAX_TITLE_WORDS = 20
# Line-level caption evidence needed when the only other signal is a credit on the next line.
CAPTION_SCORE_WITH_CREDIT_LINE = 3

_SPACE_LIKE = str.maketrans({"\u200b": " ", "\ufeff": " ", "\u2060": " "})
_LINE_BREAKS_RE = re.compile(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_TERMINAL = ".!?…\"”’'):;]"
_SENTENCE_END_RE = re.compile(r"[.!?…][\"”’')\]]*$")
_QUOTE_RE = re.compile(r"[\"“”]")
_CURLY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})
_KEY_STRIP = " \t:.!?»«>|•·–—-*#›<,;'\""

# ---- junk shapes ---------------------------------------------------------------------------------------
_META_SEPARATOR_RE = re.compile(r"\s+[|•·—–]\s+|\s+-\s+|\s+(?=by\s+[A-Z])")
_IDENTIFIER_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+$")  # template residue: spot_img, td_block
_URL_RE = re.compile(r"^(?:<?(?:https?://|www\.)\S+>?)$", re.IGNORECASE)
_BREADCRUMB_RE = re.compile(r"^(?:Home|Start|Main)(?=[A-Z]|\s*[|>»›/])")
_NAV_SEPARATOR_RE = re.compile(r"\s*[|»›>•]\s*|\s+/\s+")
_DISCLAIMER_CUES = re.compile(
    r"aggregator|trademarks?|rightful owners?|responsibility|not responsible|disclaimer|copyright (?:owner|holder)s?|"
    r"all rights reserved|automatically (?:generated|published|collected)|affiliate links?|"
    r"(?:does|do) not (?:necessarily )?(?:reflect|represent|endorse)",
    re.IGNORECASE,
)
# Disclaimers sit at the edges of a page: only this many lines from the top or the bottom are checked.
DISCLAIMER_EDGE_LINES = 6
_FOOTER_REASONS = {"source", "comments", "aggregator", "share", "subscribe", "tags"}

# ---- credits and captions ------------------------------------------------------------------------------
# Photo agencies, wire services and the words photo credits end with: a generic vocabulary of the trade.
_AGENCY = (
    r"(?:getty(?:\s+images)?|images?|photos?|photography|photographer|pictures|reuters|afp|ap|epa(?:-efe)?|efe|"
    r"sputnik|tass|ria novosti|xinhua|bloomberg|shutterstock|alamy|anadolu(?:\s+agency)?|nurphoto|sopa|"
    r"zuma(?:\s+press|\s+wire)?|pool|handout|kyodo|yonhap|upi|dpa|ansa|pa(?:\s+wire)?|imago|corbis|"
    r"wikimedia(?:\s+commons)?|flickr|courtesy|file|stock|times|post|news|press|staff|agency)"
)
_AGENCY_END_RE = re.compile(rf"(?:^|\s|/){_AGENCY}\.?$", re.IGNORECASE)
_AGENCY_ONLY_RE = re.compile(rf"^(?:{_AGENCY})(?:\s+(?:photo|images?|pool))?(?:\s*/\s*.+)?$", re.IGNORECASE)
_VIA_AGENCY_RE = re.compile(rf"\bvia\s+(?=(?-i:[A-Z]))(?:{_AGENCY}|(?-i:[A-Z]{{2,}}))\b", re.IGNORECASE)
_PREFIX_CREDIT_RE = re.compile(
    r"^(?:(?:photo|image|picture|photograph|video)s?\s*(?:credit)?|credits?|photo\s+illustration)\s*[:：]\s*(.{2,100}?)\.?$"
    r"|^(?:photo|photograph|image|picture)s?\s+(?:by|courtesy(?:\s+of)?)\s+(.{2,80}?)\.?$",
    re.IGNORECASE,
)
_BARE_AGENCY_RE = re.compile(r"^(?!.*(?:photo|image|getty|/|\bvia\b|:))[^()]{1,40}$", re.IGNORECASE)
_SLASH_SEGMENT_RE = re.compile(r"^[A-Z][\w.'’&-]*(?:\s+[\w.'’&-]+){0,5}$")
_PAREN_TAIL_RE = re.compile(r"\s*\(([^()]{2,120})\)\s*$")
_INLINE_PREFIX_CREDIT_RE = re.compile(
    r"(?:(?<=[.!?”\"’])\s*|\s+|(?<=[a-z]))((?:image|photo|picture|photograph)s?\s*(?:credit)?\s*:\s*[^:]{2,80}?)\.?\s*$",
    re.IGNORECASE,
)
_LEFT_RIGHT_RE = re.compile(
    r"^(?:\((?:L|l)\s*[-–—]\s*(?:R|r)\)|\(?(?:L|l)\s*[-–—]\s*(?:R|r)\s*:|\(?(?:from\s+)?left(?:\s+to\s+right)?\s*[:)]|"
    r"\((?:from\s+)?left\s+to\s+right\))",
    re.IGNORECASE,
)
_POSITION_MARK_RE = re.compile(r"\((?:L|R|C|centre|center|left|right|front|back)\)")
_PHOTO_VERB_RE = re.compile(
    r"\b(?:poses?|attends?|arrives?|arrive|speaks?|gestures?|looks on|walks?|shakes? hands|shake hands|waves?|"
    r"(?:is|are) seen|seen here|pictured|(?:general |aerial )?view of|stands?|sits?|holds?|meets?|greets?|enters?|"
    r"listens?|talks? to|delivers?|addresses|inspects?|during a)\b",
    re.IGNORECASE,
)
_SPEECH_RE = re.compile(r"\b(?:said|says|told|according to|added|stated)\b")

# ---- title, byline, outlet -----------------------------------------------------------------------------
_NAME_TOKEN_RE = re.compile(r"^(?:[A-Z]\.){1,2}$|^[A-Z][a-z]{0,2}['’]?[A-Z]?[a-z]+(?:-[A-Z]?[a-z]+)*\.?$")
_NAME_PARTICLES = {"van", "von", "de", "da", "del", "der", "di", "du", "la", "le", "al", "bin", "ibn", "el", "dos"}
_NOT_NAME_WORDS = {
    "news", "home", "top", "stories", "story", "world", "video", "videos", "photo", "photos", "live", "updated",
    "published", "more", "latest", "breaking", "opinion", "analysis", "politics", "business", "sport", "sports",
    "health", "science", "technology", "tech", "entertainment", "culture", "europe", "asia", "africa",
    "america", "americas", "middle", "east", "west", "north", "south", "central", "local", "national",
    "international", "global", "editorial", "report", "reports", "agency", "media", "times", "post", "daily",
    "weekly", "today", "tribune", "herald", "journal", "review", "magazine", "edition", "section", "feature",
    "features", "comment", "comments", "related", "read", "share", "follow", "subscribe", "menu", "search",
    "contact", "about", "advertisement", "the", "a", "an", "in", "on", "of", "and", "for", "to", "with",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "government", "president", "minister", "ministry", "war", "crisis", "summit", "election", "elections",
}
_BY_RE = re.compile(r"^by\s+(.{3,80})$", re.IGNORECASE)
_FUNCTION_WORDS = {
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "with", "from", "by", "as",
    "is", "are", "was", "were", "be", "has", "have", "had", "its", "it", "his", "her", "their", "not", "after",
    "before", "over", "into", "amid", "says", "said", "vs", "v",
}
_OUTLET_NAME = r"((?:The\s+)?[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*){0,3})"
_OUTLET_STRONG_RES = (
    re.compile(
        _OUTLET_NAME + r"\s+(?:has|had|have)\s+(?:asked|contacted|approached|reached out to|sought comment from)"
        r"\b[^.]{0,80}?\b(?:for (?:a )?comment|to comment|for (?:a )?response|for (?:a )?reaction)"
    ),
    re.compile(
        _OUTLET_NAME + r"\s+(?:could not|couldn[’']t|was unable to|has been unable to|cannot|can[’']t|"
        r"did not|didn[’']t|has not been able to)\s+independently\s+(?:verify|confirm)"
    ),
)
# A wire dateline: a place in capitals or in capitalised words ("MOSCOW", "Astana, Kazakhstan"), the agency in
# parentheses, then a dash. Lower-case words before the parenthesis mean a sentence, not a dateline.
_OUTLET_DATELINE_RE = re.compile(
    r"^(?:[A-Z][A-Z .'’-]{1,40}|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,3}(?:,\s*[A-Z][a-z.]+(?:\s[A-Z][a-z]+){0,2})?)?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?,?\s*"  # an optional date: "MOSCOW, Nov. 13, 2023 (...)"
    r"\(([A-Z][A-Za-z&.]*(?:\s+[A-Z][A-Za-z&.]*){0,3})\)\s*[-—–]"
)
# "told CNBC", "told the BBC": only an acronym counts (people, parliaments and parties are told things too), and
# only when written at least twice, because quoting another outlet's interview once is common.
_OUTLET_TOLD_RE = re.compile(r"\btold\s+(?:the\s+)?([A-Z]{3,6}|AP)\b(?![\w-])")
_OUTLET_STOP = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "on", "in", "that", "this",
    "last", "earlier", "news", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "after", "during", "when", "while",
}
# The place before a dateline's date: capitals or capitalised words, then a comma ("PORT ELVAN, ", "Astana, ").
_DATELINE_PLACE_RE = re.compile(r"(?:(?:[A-Z][A-Z.'’ -]{1,40}|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,3}),\s*)?")
_NOT_OUTLETS = {"he", "she", "it", "they", "we", "i", "you", "police", "officials", "the", "this", "that", "there"}


@dataclass(slots=True)
class _Line:
    """One non-empty input line and the cleaner's verdict on it."""

    text: str
    blank_before: bool
    kind: str = BODY
    reason: str = ""
    credit: str | None = None
    caption: str | None = None
    stated: StatedDate | None = None
    author: str | None = None  # a byline written on the dateline ("Posted on May 2, 2024 by Jane Roe")


# ---- public --------------------------------------------------------------------------------------------


def clean_text(raw: str, hints: ArticleHints | None = None) -> CleanedArticle:
    """Clean one article's decoded text; never raises, returns ``text=""`` when nothing of a body is left.

    ``hints`` (metadata the source states) win over what the text suggests for title, date, outlet and author,
    but the body is cleaned all the same.
    """
    hints = hints or ArticleHints()
    lines = _split_lines(raw if isinstance(raw, str) else "")
    if not lines:
        return CleanedArticle(text="", title=_clean_hint(hints.title), outlet=_clean_hint(hints.outlet))
    _mark_junk(lines)
    _mark_captions(lines)
    title_index, title = _mark_title(lines, hints)
    zone_end = _top_zone_end(lines)
    author = _mark_byline(lines, zone_end)
    _mark_tag_lines(lines)
    _mark_footer_lists(lines)
    _mark_duplicates(lines, title)
    text, spans = _assemble([line.text for line in lines if line.kind == BODY])
    published = _publication(lines, hints, title_index, zone_end)
    return CleanedArticle(
        text=text,
        title=title,
        author=_clean_hint(hints.author) or author,
        outlet=_clean_hint(hints.outlet) or (_find_outlet(text) if text else None),
        published=published[0] if published else None,
        published_precision=published[1] if published else None,  # type: ignore[arg-type]
        published_method=published[2] if published else None,
        paragraphs=spans,
        captions=_captions(lines),
        removed=[RemovedLine(line.text, line.reason or line.kind) for line in lines if line.kind != BODY],
    )


# ---- lines ---------------------------------------------------------------------------------------------


def _split_lines(raw: str) -> list[_Line]:
    """Non-empty, whitespace-normalised lines with a note of whether a blank line preceded each one."""
    text = _CONTROL_RE.sub("", _LINE_BREAKS_RE.sub("\n", raw)).translate(_SPACE_LIKE)
    lines: list[_Line] = []
    blank = True
    for part in text.split("\n"):
        normalised = " ".join(part.split())
        if not normalised:
            blank = True
            continue
        lines.append(_Line(normalised, blank))
        blank = False
    return _join_wrapped(lines)


def _join_wrapped(lines: list[_Line]) -> list[_Line]:
    """Undo hard wrapping: a line that stops mid-sentence and a next line that starts in lower case are one.

    Only applies inside a block (no blank line between), so one-paragraph-per-line texts stay as they are.
    """
    joined: list[_Line] = []
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


def _key(text: str) -> str:
    """Comparison form of a line: case, quotes, spacing and end punctuation do not matter."""
    text = text.translate(_CURLY).lower().replace("…", "...")
    return " ".join(text.split()).strip(_KEY_STRIP)


def _is_sentence(text: str) -> bool:
    """A full sentence of body text: long enough and properly ended (or long enough to be prose anyway)."""
    count = len(text.split())
    return (count >= 8 and bool(_SENTENCE_END_RE.search(text))) or count >= 25


def _drop(line: _Line, reason: str, kind: str = DROP) -> None:
    line.kind, line.reason = kind, reason


# ---- junk ----------------------------------------------------------------------------------------------


@cache
def _junk_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The boilerplate vocabulary, compiled once per process."""
    source = resources.files("newsdossier").joinpath("data/clean_junk_patterns.txt").read_text(encoding="utf-8")
    rules = []
    for row in source.splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        reason, _, pattern = row.partition("\t")
        rules.append((reason.strip(), re.compile(pattern.strip(), re.IGNORECASE)))
    return tuple(rules)


def _mark_junk(lines: list[_Line]) -> None:
    """Mark lines that are chrome by themselves: boilerplate, template residue, breadcrumbs, disclaimers, dates."""
    pending_label: str | None = None
    for index, line in enumerate(lines):
        text = line.text
        if is_label_only(text):
            _drop(line, "date")
            pending_label = label_of(text)
            continue
        stated, line.author = _date_line(text)
        if stated is not None:
            if stated.label is None and pending_label:
                stated = StatedDate(stated.day, stated.precision, pending_label)
            line.stated = stated
            _drop(line, "date", DATE)
        else:
            at_edge = index < DISCLAIMER_EDGE_LINES or index >= len(lines) - DISCLAIMER_EDGE_LINES
            reason = "aggregator" if at_edge and _is_disclaimer(text) else _junk_reason(text)
            if reason:
                _drop(line, reason)
        pending_label = None


def _junk_reason(text: str) -> str | None:
    """Why a short line is site chrome, or None when it may be article text."""
    if len(text) > SHORT_LINE:
        return None
    if _IDENTIFIER_RE.match(text):
        return "navigation"
    if _URL_RE.match(text):
        return "url"
    if _BREADCRUMB_RE.match(text) or _is_nav_list(text):
        return "navigation"
    key = _key(text)
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
    authors += [part for part in others if _is_person_name(part, strict=True)]
    return dates[0], authors[0] if authors else None


def _meta_name(part: str) -> str | None:
    """A byline part of a meta line: "By Jane Roe" or "by Jane Roe"."""
    match = re.match(r"^by\s+(.+?)$", part, re.IGNORECASE)
    return _by_name(f"By {match.group(1)}") if match else None


def _is_short_name(part: str) -> bool:
    """A source or a person in a meta line: up to four capitalised words and no sentence punctuation."""
    words = part.split()
    return 0 < len(words) <= 4 and all(word[0].isupper() for word in words) and not _SENTENCE_END_RE.search(part)


def _is_disclaimer(text: str) -> bool:
    """Aggregator and copyright disclaimers pack three of their stock phrases into one unquoted line.

    Two are not enough: a story about a trademark dispute can say "trademarks" and "copyright owner".
    """
    if len(text) > 1200 or _QUOTE_RE.search(text):
        return False
    return len({match.lower() for match in _DISCLAIMER_CUES.findall(text)}) >= 3


def _is_nav_list(text: str) -> bool:
    """A menu or breadcrumb: three or more short items joined by separators, no sentence punctuation."""
    if _is_credit_line(text) or _SENTENCE_END_RE.search(text):
        return False
    items = [item for item in _NAV_SEPARATOR_RE.split(text) if item]
    return len(items) >= 3 and all(len(item.split()) <= 4 for item in items)


# ---- captions and credits ------------------------------------------------------------------------------


def _is_credit_line(text: str) -> bool:
    """A photo credit on its own line: "Name | Agency | Getty Images", "Image: Name", "(Name/AFP)"."""
    if len(text) > 150 or len(text.split()) > 16:
        return False
    if _SENTENCE_END_RE.search(text.rstrip(".")) and not text.startswith("("):
        return False
    if "|" in text:
        parts = [part.strip() for part in text.split("|")]
        if 2 <= len(parts) <= 4 and all(0 < len(part.split()) <= 6 for part in parts):
            return bool(_AGENCY_END_RE.search(parts[-1]) or any(part.lower().startswith("via ") for part in parts))
        return False
    if _PREFIX_CREDIT_RE.match(text):
        return True
    inner = text[1:-1] if text.startswith("(") and text.endswith(")") else text
    return _is_credit(inner)


def _is_credit(inner: str) -> bool:
    """Whether a parenthesised tail ("Olivier Douliery/AP", "AP Photo", "... via AP") is a photo credit."""
    inner = inner.strip()
    if not inner or len(inner) > 120:
        return False
    if _AGENCY_ONLY_RE.match(inner) or _VIA_AGENCY_RE.search(inner) or _PREFIX_CREDIT_RE.match(inner):
        return True
    segments = [segment.strip() for segment in inner.split("/")]
    return (
        len(segments) >= 2
        and all(_SLASH_SEGMENT_RE.match(segment) for segment in segments)
        and any(_AGENCY_END_RE.search(segment) for segment in segments)
    )


def _split_inline_credit(text: str) -> tuple[str, str] | None:
    """(caption, credit) when a line ends with a photo credit: "... 2011. (Name/AFP/Getty Images)"."""
    match = _INLINE_PREFIX_CREDIT_RE.search(text)
    if match and match.start() > 0:
        caption = text[: match.start()].strip()
        return (caption, match.group(1).strip()) if caption else None
    match = _PAREN_TAIL_RE.search(text)
    if match and _is_credit(match.group(1)):
        caption = text[: match.start()].strip()
        return (caption, match.group(1).strip()) if caption else None
    return None


def _inline_threshold(credit: str) -> int:
    """Caption evidence needed beside an inline credit: little for a photo credit ("Name/AFP", "AP Photo"),
    as much as for a credit line when the parenthesis only names a wire ("(Reuters)" may attribute a paragraph).
    """
    return CAPTION_SCORE_WITH_CREDIT_LINE if _BARE_AGENCY_RE.match(credit) else 1


def _caption_score(text: str) -> int:
    """How much a line reads like a photo caption rather than story text (present tense, a dated scene)."""
    score = 2 if _LEFT_RIGHT_RE.match(text) else 0
    score += 1 if _POSITION_MARK_RE.search(text) else 0
    score += 1 if absolute_dates(text) else 0
    score += 1 if _PHOTO_VERB_RE.search(text) else 0
    score += 1 if len(text) <= 250 else 0
    if _QUOTE_RE.search(text):
        score -= 2
    else:
        score += 1
    if _SPEECH_RE.search(text):
        score -= 2
    if len(re.findall(r"[a-z]{3,}[.!?]\s+[A-Z]", text)) > 1 or len(text) > 600:
        score -= 3
    return score


def _mark_captions(lines: list[_Line]) -> None:
    """Separate captions (with their credits) from the body; orphan credit lines are dropped."""
    for index, line in enumerate(lines):
        if line.kind != BODY:
            continue
        if _is_credit_line(line.text):
            _drop(line, "credit", CREDIT)
            continue
        inline = _split_inline_credit(line.text)
        if inline and _caption_score(inline[0]) >= _inline_threshold(inline[1]):
            line.kind, line.reason, line.caption, line.credit = CAPTION, "caption", inline[0], inline[1]
            continue
        credit_next = _next_credit_line(lines, index)
        if _LEFT_RIGHT_RE.match(line.text) or (
            credit_next is not None and _caption_score(line.text) >= CAPTION_SCORE_WITH_CREDIT_LINE
        ):
            line.kind, line.reason, line.caption = CAPTION, "caption", line.text
            line.credit = _credit_text(credit_next.text) if credit_next else None
    _mark_caption_labels(lines)


def _next_credit_line(lines: list[_Line], index: int) -> _Line | None:
    """The line after ``index`` if it is a photo credit on a line of its own."""
    if index + 1 < len(lines) and lines[index + 1].kind == BODY and _is_credit_line(lines[index + 1].text):
        return lines[index + 1]
    return None


def _credit_text(text: str) -> str:
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    return text.strip().rstrip(".").strip()


def _mark_caption_labels(lines: list[_Line]) -> None:
    """Drop a short label glued (no blank line) on top of a caption: an image title or alt text.

    Only in texts that separate paragraphs by blank lines; where every line is a paragraph, a short line
    above a caption may be a real section heading.
    """
    if sum(line.blank_before for line in lines) < len(lines) / 2:
        return
    for line, following in itertools.pairwise(lines):
        if (
            line.kind == BODY
            and following.kind == CAPTION
            and not following.blank_before
            and len(line.text.split()) <= 8
            and not _SENTENCE_END_RE.search(line.text)
        ):
            _drop(line, "caption-label")


def _captions(lines: list[_Line]) -> list[Caption]:
    """Captions in order, each once (a caption repeated verbatim is one caption)."""
    seen: set[str] = set()
    captions = []
    for line in lines:
        if line.kind == CAPTION and line.caption is not None:
            key = _key(line.caption)
            if key not in seen:
                seen.add(key)
                captions.append(Caption(line.caption, line.credit))
    return captions


# ---- title and byline ----------------------------------------------------------------------------------


def _mark_title(lines: list[_Line], hints: ArticleHints) -> tuple[int | None, str | None]:
    """Find the title line (the hint's title if given) and mark it; returns its index and the title."""
    hint = _clean_hint(hints.title)
    first = next((i for i, line in enumerate(lines) if line.kind == BODY), None)
    if hint:
        top = enumerate(lines[:TOP_ZONE_MAX_LINES])
        index = next((i for i, line in top if line.kind == BODY and _same_title(line.text, hint)), None)
        if index is not None:
            _drop(lines[index], "title", TITLE)
        _mark_truncated_title_copies(lines, hint)
        return index, hint
    if first is None or not _title_shaped(lines[first].text):
        return None, None
    _drop(lines[first], "title", TITLE)
    title = lines[first].text
    _mark_truncated_title_copies(lines, title)
    return first, title


def _same_title(line: str, title: str) -> bool:
    """Whether a line repeats the title, allowing a site name after a separator ("Title | Site") and small
    differences of punctuation or quotes."""
    line_key, title_key = _key(line), _key(title)
    if not line_key or not title_key:
        return False
    if line_key == title_key:
        return True
    shorter, longer = sorted((line_key, title_key), key=len)
    if longer.startswith(shorter) and re.match(r"^\s*[|:–—-]\s", longer[len(shorter):]) and len(shorter) >= 15:
        return True
    return len(shorter) >= 0.9 * len(longer) and fuzz.ratio(line_key, title_key) >= TITLE_SIMILARITY


def _title_shaped(text: str) -> bool:
    """A headline: a few words, starting with a capital, not ended like a sentence, not reported speech.

    Headlines are short and in the present tense; a long line or one with "said" is the lead paragraph of an
    untitled text, and taking it for the title would cut it from the body.
    """
    words = text.split()
    if not 2 <= len(words) <= MAX_TITLE_WORDS or len(text) > 250 or re.search(r"\bsaid\b", text):
        return False
    if text.endswith((".", ",", ";", ":")) or not (text[0].isupper() or text[0].isdigit() or text[0] in "‘'\"“"):
        return False
    return not _BY_RE.match(text)


def _mark_truncated_title_copies(lines: list[_Line], title: str) -> None:
    """Drop a truncated copy of the title ("... saying it's...") left by a breadcrumb or a teaser."""
    title_key = _key(title)
    for line in lines[:TOP_ZONE_MAX_LINES]:
        if line.kind == BODY and line.text.endswith(("...", "…")):
            tail = _key(line.text)[-25:].strip()
            if len(tail) >= 12 and tail in title_key:
                _drop(line, "title")


def _top_zone_end(lines: list[_Line]) -> int:
    """Index where the header area ends: the second full sentence of body text (or a fixed cap)."""
    sentences = 0
    for index, line in enumerate(lines[:TOP_ZONE_MAX_LINES]):
        if line.kind == BODY and _is_sentence(line.text):
            sentences += 1
            if sentences == 2:
                return index
    return min(len(lines), TOP_ZONE_MAX_LINES)


def _mark_byline(lines: list[_Line], zone_end: int) -> str | None:
    """Mark the first byline near the top ("By Jane Doe and Li Wei", or a bare "Adam Morrow") as the byline.

    A bare name is taken only next to other header furniture (title, dateline, caption, credit): a short
    capitalised line alone at the top is as likely a venue or a heading ("Ewood Park").
    """
    for index, line in enumerate(lines[:zone_end]):
        if line.kind != BODY:
            continue
        name = _by_name(line.text)
        if name is None and _is_person_name(line.text, strict=True) and _next_to_header(lines, index):
            name = line.text
        if name:
            _drop(line, "byline", BYLINE)
            return name
    return next((line.author for line in lines[:zone_end] if line.kind == DATE and line.author), None)


def _next_to_header(lines: list[_Line], index: int) -> bool:
    """Whether the line above or below is a title, dateline or caption (and the line below is not a caption
    glued to this one, which would make it the caption's label)."""
    after = lines[index + 1] if index + 1 < len(lines) else None
    if after is not None and after.kind == CAPTION and not after.blank_before:
        return False
    neighbours = [lines[index - 1] if index > 0 else None, after]
    return any(other is not None and other.kind in (TITLE, DATE, CAPTION, CREDIT) for other in neighbours) or any(
        other is not None and other.reason == "date" for other in neighbours
    )


def _by_name(text: str) -> str | None:
    """The author named by a "By ..." line, or None."""
    by = _BY_RE.match(text) if len(text) <= 90 else None
    if not by:
        return None
    names = re.split(r"\s*[,|–—]\s*|\s+-\s+", by.group(1))[0]
    people = re.split(r"\s+(?:and|&)\s+", names)
    return names.strip() if all(_is_person_name(person, strict=False) for person in people) else None


def _is_person_name(text: str, *, strict: bool) -> bool:
    """2–4 capitalised name tokens (particles like "van" allowed), none of them a common headline word."""
    tokens = text.split()
    if not 2 <= len(tokens) <= (4 if strict else 5):
        return False
    capitalised = 0
    for token in tokens:
        if token.lower() in _NAME_PARTICLES:
            continue
        if not _NAME_TOKEN_RE.match(token) or token.lower().rstrip(".") in _NOT_NAME_WORDS:
            return False
        capitalised += 1
    return capitalised >= 2


# ---- tags, footers, duplicates -------------------------------------------------------------------------


def _mark_tag_lines(lines: list[_Line]) -> None:
    """Drop topic-tag lines ("Harbours Ferries Estmark Northern Isles") next to a photo or after the story.

    A tag line is only capitalised words, no function word, no punctuation. Mid-story, the same shape is a
    Title Case heading ("Ferry Operator Cuts Routes"), so it is kept there.
    """
    sentences = [i for i, line in enumerate(lines) if line.kind == BODY and _is_sentence(line.text)]
    last_sentence = sentences[-1] if sentences else -1
    for index, line in enumerate(lines):
        if line.kind != BODY or not _tag_shaped(line.text):
            continue
        near_photo = any(
            0 <= other < len(lines) and lines[other].kind in (CAPTION, CREDIT) for other in (index - 1, index + 1)
        )
        if near_photo or index > last_sentence:
            _drop(line, "tags")


def _tag_shaped(text: str) -> bool:
    if len(text) > 120 or re.search(r"[.,;:!?\"“”()]", text):
        return False
    tokens = text.split()
    return (
        len(tokens) >= 3
        and all(token[0].isupper() and token.isalpha() for token in tokens)
        and not any(token.lower() in _FUNCTION_WORDS for token in tokens)
    )


def _mark_footer_lists(lines: list[_Line]) -> None:
    """After the story's last sentence, a footer marker ("Related articles") heads lists of link titles.

    Only headline-shaped lines (no sentence punctuation) go: a short closing sentence stays.
    """
    sentences = (i for i, line in enumerate(lines) if line.kind == BODY and _is_sentence(line.text))
    last_sentence = max(sentences, default=-1)
    footer_seen = False
    for line in lines[last_sentence + 1:]:
        if line.kind == DROP and line.reason in _FOOTER_REASONS | {"navigation"}:
            footer_seen = True
        elif footer_seen and line.kind == BODY and _headline_shaped(line.text):
            _drop(line, "related")


def _headline_shaped(text: str) -> bool:
    """A short line that does not end like a sentence: a link title, a heading, a label."""
    return len(text) <= SHORT_LINE and not _SENTENCE_END_RE.search(text)


def _mark_duplicates(lines: list[_Line], title: str | None) -> None:
    """Drop verbatim repeats: of the title anywhere, of captions, and of body lines long enough to matter."""
    seen: dict[str, str] = {}
    if title:
        seen[_key(title)] = TITLE
    for line in lines:
        if line.kind not in (BODY, CAPTION):
            continue
        key = _key(line.text)
        earlier = seen.get(key)
        if earlier == TITLE:
            _drop(line, "title")
        elif earlier is not None and (CAPTION in (line.kind, earlier) or len(line.text) >= MIN_DUPLICATE_CHARS):
            _drop(line, "duplicate")
        else:
            seen.setdefault(key, line.kind)
            if line.kind == CAPTION and line.caption:
                seen.setdefault(_key(line.caption), CAPTION)


# ---- output --------------------------------------------------------------------------------------------


def _assemble(paragraphs: list[str]) -> tuple[str, list[Span]]:
    """Join paragraphs with blank lines and record where each one sits in the joined text."""
    spans, cursor = [], 0
    for paragraph in paragraphs:
        spans.append(Span(cursor, cursor + len(paragraph)))
        cursor += len(paragraph) + 2
    return "\n\n".join(paragraphs), spans


def _clean_hint(value: str | None) -> str | None:
    if not value or not isinstance(value, str):
        return None
    cleaned = " ".join(value.split())
    return cleaned or None


# ---- publication date ----------------------------------------------------------------------------------


def _publication(
    lines: list[_Line], hints: ArticleHints, title_index: int | None, zone_end: int
) -> tuple[dt.date, str, str] | None:
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
        in_chrome = above_title and any(i < title_index for i in navigation_above)  # type: ignore[operator]
        scraped = above_title or bool(navigation_above)
        if in_chrome or is_page_date(stated.day, evidence, scraped_header=scraped):
            lines[index].reason = "page-date"
            continue
        return stated.day, stated.precision, "stated"
    return _leading_dateline(lines)


def _date_candidates(lines: list[_Line], zone_end: int) -> list[int]:
    """Indexes of date lines in the header, publication dates before "updated" ones, else in reading order."""
    indexes = [i for i, line in enumerate(lines[: max(zone_end, 1)]) if line.kind == DATE and line.stated]
    return sorted(indexes, key=lambda i: (lines[i].stated.label in {"updated", "modified"}, i))  # type: ignore[union-attr]


def _leading_dateline(lines: list[_Line]) -> tuple[dt.date, str, str] | None:
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


# ---- outlet --------------------------------------------------------------------------------------------


def _find_outlet(text: str) -> str | None:
    """The outlet when the story names itself: a wire dateline "(Reuters) —", "CNBC has asked X for comment",
    "X could not independently verify", or "told ABC" written twice. Contributors ("Reuters contributed to
    this report") and sources quoted once are not the outlet."""
    dateline = _OUTLET_DATELINE_RE.match(text)
    if dateline:
        return dateline.group(1)
    for pattern in _OUTLET_STRONG_RES:
        for match in pattern.finditer(text):
            name = _outlet_name(match.group(1))
            if name:
                return name
    told = [match.group(1) for match in _OUTLET_TOLD_RE.finditer(text)]
    return next((name for name in told if told.count(name) >= 2), None)


def _outlet_name(raw: str) -> str | None:
    """Trim a captured name at the first weekday/month/connector; reject pronouns and generic nouns."""
    tokens: list[str] = []
    for token in raw.split():
        if token.lower().strip(".,") in _OUTLET_STOP:
            break
        tokens.append(token)
    name = " ".join(tokens).strip(" .,")
    if not name or name.lower() in _NOT_OUTLETS or name.lower().startswith(("mr", "ms", "mrs", "dr ")):
        return None
    return name
