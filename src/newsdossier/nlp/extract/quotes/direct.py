"""Direct quotes: standalone quoted stretches, and embedded partial quotes that a speech cue governs.

Separate because it decides from the marks' position (standalone or embedded, scare quotes) and from the cue
found next to the quote in the same sentence, after it ("“…,” he said") or before it ("Lavrov told the
agency: “…”").
"""

from __future__ import annotations

from spacy.tokens import Token

from newsdossier import settings
from newsdossier.nlp.extract.quotes.attribution import Found, State, cue_attribution
from newsdossier.nlp.extract.quotes.cue_subject import speaker_token
from newsdossier.nlp.extract.quotes.cues import is_cue
from newsdossier.nlp.extract.quotes.quote_marks import Segment

_SENTENCE_END = frozenset({".", "!", "?"})


def direct_quotes(state: State, segments: list[Segment], covered: set[Segment]) -> list[Found]:
    """Standalone quotes, and embedded partial quotes that a speech cue governs."""
    by_paragraph: dict[int, list[Segment]] = {}
    for segment in segments:
        by_paragraph.setdefault(segment.paragraph, []).append(segment)
    found: list[Found] = []
    for members in by_paragraph.values():
        anchors = [s for s in members if s.standalone]
        for segment in members:
            if segment in covered:
                continue
            item = _direct(state, segment, anchors)
            if item is not None:
                found.append(item)
    return found


def _direct(state: State, segment: Segment, anchors: list[Segment]) -> Found | None:
    """One quoted stretch as a quote, with the cue that introduces it if there is one."""
    cue = _cue_after(state, segment, anchors) or _cue_before(state, segment, anchors)
    if not segment.standalone:
        if segment.words <= settings.active().scare_words or cue is None or _inside_speaker(state, cue, segment):
            return None
    elif segment.words <= settings.active().scare_words and not _starts_sentence(state.text, segment) and cue is None:
        return None
    attribution = cue_attribution(state, cue) if cue is not None else None
    return Found(segment.start, segment.end, True, segment.paragraph, attribution, cue is not None, segment)


def _starts_sentence(text: str, segment: Segment) -> bool:
    before = text[:segment.opening].rstrip()
    return not before or before[-1] in ".!?:\n"


def _region_tokens(state: State, start: int, end: int) -> list[Token]:
    """Unquoted tokens whose text lies in ``[start, end)``."""
    span = state.doc.char_span(start, end, alignment_mode="contract") if end > start else None
    if span is None:
        return []
    return [t for t in span if t.i not in state.quoted]


def _cue_after(state: State, segment: Segment, anchors: list[Segment]) -> Token | None:
    """"“…,” he said": the first cue after the quote, in the same sentence."""
    text = state.text
    if segment.closing is None or text[segment.start:segment.end].rstrip()[-1:] == ".":
        return None
    limit = _next_anchor_opening(segment, anchors, state.paragraphs[segment.paragraph][1])
    for token in _region_tokens(state, segment.closing + 1, limit):
        if token.text in _SENTENCE_END:
            return None
        if is_cue(token):
            return token
    return None


def _cue_before(state: State, segment: Segment, anchors: list[Segment]) -> Token | None:
    """"Lavrov told the agency: “…”", "adding, “…”": the last cue before the quote, in the same sentence."""
    region_start = _previous_anchor_end(segment, anchors, state.paragraphs[segment.paragraph][0])
    for token in reversed(_region_tokens(state, region_start, segment.opening)):
        if token.text in _SENTENCE_END:
            return None
        if is_cue(token):
            return token
    return None


def _next_anchor_opening(segment: Segment, anchors: list[Segment], paragraph_end: int) -> int:
    later = [s.opening for s in anchors if s.opening > segment.opening]
    return min(later) if later else paragraph_end


def _previous_anchor_end(segment: Segment, anchors: list[Segment], paragraph_start: int) -> int:
    earlier = [s.closing + 1 for s in anchors if s.opening < segment.opening and s.closing is not None]
    return max(earlier) if earlier else paragraph_start


def _inside_speaker(state: State, cue: Token, segment: Segment) -> bool:
    """A quoted title inside the speaker's description ("author of “Economic War”") is not their quote."""
    holder = speaker_token(cue, state.quoted)
    if holder is None:
        return False
    subtree = list(holder.subtree)
    return subtree[0].idx <= segment.opening and segment.end <= subtree[-1].idx + len(subtree[-1])
