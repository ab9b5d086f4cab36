"""The entry point: run the passes over one document in order and turn what they found into quote records.

Separate so the order of the passes (indirect before direct, continuations, then headings) is written in one
place, apart from what each pass does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from newsdossier.models import ArticleContext, Evidence, ExtractedQuote
from newsdossier.nlp import dates
from newsdossier.nlp.extract.quotes.attribution import Found, State
from newsdossier.nlp.extract.quotes.continuations import attribute_continuations
from newsdossier.nlp.extract.quotes.direct import direct_quotes
from newsdossier.nlp.extract.quotes.headings import reach_across_headings
from newsdossier.nlp.extract.quotes.indirect import indirect_quotes
from newsdossier.nlp.extract.quotes.quote_marks import Segment, paragraphs, quote_segments

if TYPE_CHECKING:
    from newsdossier.nlp.mentions import MentionResolver


def extract_quotes(doc: Doc, context: ArticleContext, resolver: MentionResolver) -> list[ExtractedQuote]:
    """Direct and indirect quotes of ``doc`` in text order, each with its speaker, date and exact evidence."""
    text = doc.text
    state = State(doc, context, resolver, text, paragraphs(text))
    segments = quote_segments(text)
    state.segments = segments
    state.quoted = _quoted_tokens(doc, segments)
    indirect, covered = indirect_quotes(state, segments)
    direct = direct_quotes(state, segments, covered)
    found = sorted(direct + indirect, key=lambda item: item.start)
    attribute_continuations(state, found)
    reach_across_headings(text, found)
    return [_record(state, item) for item in found]


def _quoted_tokens(doc: Doc, segments: list[Segment]) -> set[int]:
    """Indices of tokens inside quote marks (marks included): never cues, never speakers."""
    inside: set[int] = set()
    for segment in segments:
        stop = segment.closing + 1 if segment.closing is not None else segment.end
        span = doc.char_span(segment.opening, stop, alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start, span.end))
    return inside


def _record(state: State, item: Found) -> ExtractedQuote:
    text = state.text[item.start:item.end]
    attribution = item.attribution
    date = attribution.date if attribution is not None else dates.reported(state.context.published)
    cue = attribution.cue if attribution is not None and item.own_cue else None
    evidence = Evidence(state.context.article_id, item.start, item.end, text, state.context.field)
    return ExtractedQuote(attribution.speaker if attribution is not None else None, " ".join(text.split()),
                          item.direct, date, evidence, _cue_text(cue))


def _cue_text(cue: Token | None) -> str | None:
    if cue is None:
        return None
    if cue.lower_ == "according":
        return "according to"
    particle = next((child.text for child in cue.children if child.dep_ == "prt"), None)
    return f"{cue.text} {particle}" if particle else cue.text
