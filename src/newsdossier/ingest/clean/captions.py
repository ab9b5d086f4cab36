"""Photo captions and their credits: lines that describe a picture rather than tell the story.

Separate because captions are recognised by their own evidence (a credit on the line or under it, present-tense
scene verbs, position marks like "(L)"), and because what is found here is kept, not thrown away: the caption
and its credit go to :class:`~newsdossier.models.Caption`. Credits on a line of their own are dropped; the
vocabulary of agencies and scene verbs is ``data/clean_caption_cues.tsv``.
"""

from __future__ import annotations

import itertools
import re

from newsdossier import settings
from newsdossier.ingest.clean.lines import (
    BODY,
    CAPTION,
    CREDIT,
    QUOTE_RE,
    SENTENCE_END_RE,
    Line,
    comparison_key,
    drop,
)
from newsdossier.ingest.clean.vocabulary import AGENCIES, PHOTO_VERBS, POSITION_MARKS, SPEECH_VERBS
from newsdossier.ingest.pubdate import absolute_dates
from newsdossier.models import Caption

# Photo agencies, wire services and the words photo credits end with: a generic vocabulary of the trade.
_AGENCY = rf"(?:{AGENCIES})"
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
_POSITION_MARK_RE = re.compile(rf"\((?:{POSITION_MARKS})\)")
_PHOTO_VERB_RE = re.compile(rf"\b(?:{PHOTO_VERBS})\b", re.IGNORECASE)
_SPEECH_RE = re.compile(rf"\b(?:{SPEECH_VERBS})\b")


def is_credit_line(text: str) -> bool:
    """A photo credit on its own line: "Name | Agency | Getty Images", "Image: Name", "(Name/AFP)"."""
    if len(text) > 150 or len(text.split()) > 16:
        return False
    if SENTENCE_END_RE.search(text.rstrip(".")) and not text.startswith("("):
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
    return settings.active().caption_score_with_credit_line if _BARE_AGENCY_RE.match(credit) else 1


def _caption_score(text: str) -> int:
    """How much a line reads like a photo caption rather than story text (present tense, a dated scene)."""
    score = 2 if _LEFT_RIGHT_RE.match(text) else 0
    score += 1 if _POSITION_MARK_RE.search(text) else 0
    score += 1 if absolute_dates(text) else 0
    score += 1 if _PHOTO_VERB_RE.search(text) else 0
    score += 1 if len(text) <= 250 else 0
    if QUOTE_RE.search(text):
        score -= 2
    else:
        score += 1
    if _SPEECH_RE.search(text):
        score -= 2
    if len(re.findall(r"[a-z]{3,}[.!?]\s+[A-Z]", text)) > 1 or len(text) > 600:
        score -= 3
    return score


def mark_captions(lines: list[Line]) -> None:
    """Separate captions (with their credits) from the body; orphan credit lines are dropped."""
    for index, line in enumerate(lines):
        if line.kind != BODY:
            continue
        if is_credit_line(line.text):
            drop(line, "credit", CREDIT)
            continue
        inline = _split_inline_credit(line.text)
        if inline and _caption_score(inline[0]) >= _inline_threshold(inline[1]):
            line.kind, line.reason, line.caption, line.credit = CAPTION, "caption", inline[0], inline[1]
            continue
        credit_next = _next_credit_line(lines, index)
        if _LEFT_RIGHT_RE.match(line.text) or (
            credit_next is not None and _caption_score(line.text) >= settings.active().caption_score_with_credit_line
        ):
            line.kind, line.reason, line.caption = CAPTION, "caption", line.text
            line.credit = _credit_text(credit_next.text) if credit_next else None
    _mark_caption_labels(lines)


def _next_credit_line(lines: list[Line], index: int) -> Line | None:
    """The line after ``index`` if it is a photo credit on a line of its own."""
    if index + 1 < len(lines) and lines[index + 1].kind == BODY and is_credit_line(lines[index + 1].text):
        return lines[index + 1]
    return None


def _credit_text(text: str) -> str:
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    return text.strip().rstrip(".").strip()


def _mark_caption_labels(lines: list[Line]) -> None:
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
            and not SENTENCE_END_RE.search(line.text)
        ):
            drop(line, "caption-label")


def collect_captions(lines: list[Line]) -> list[Caption]:
    """Captions in order, each once (a caption repeated verbatim is one caption)."""
    seen: set[str] = set()
    captions = []
    for line in lines:
        if line.kind == CAPTION and line.caption is not None:
            key = comparison_key(line.caption)
            if key not in seen:
                seen.add(key)
                captions.append(Caption(line.caption, line.credit))
    return captions
