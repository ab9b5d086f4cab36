"""Who said something and when: the records the passes share, and the attribution of one cue.

Separate because the direct, indirect, continuation and heading passes all read and amend the same
:class:`Attribution` objects through :class:`Found` items and the per-document :class:`State`; keeping them
here lets each pass live in its own module without importing the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from newsdossier.models import ActorRef, ArticleContext, EventDate
from newsdossier.nlp import dates
from newsdossier.nlp.extract.quotes.cue_subject import speaker_token
from newsdossier.nlp.extract.quotes.quote_marks import Segment
from newsdossier.nlp.extract.quotes.speaker import antecedent_offset, resolve_speaker

if TYPE_CHECKING:
    from newsdossier.nlp.mentions import MentionResolver


@dataclass(slots=True)
class Attribution:
    """Who said something and when; shared by the quotes that continue one cue."""

    speaker: ActorRef | None
    date: EventDate
    cue: Token | None
    via_pronoun: bool = False
    pronoun: str | None = None
    antecedent: int | None = None  # where a pronoun speaker was last named before the cue


@dataclass(slots=True)
class Found:
    """One quote a pass found: its offsets, whether direct, its paragraph and (once known) who said it."""

    start: int
    end: int
    direct: bool
    paragraph: int
    attribution: Attribution | None = None
    own_cue: bool = False
    segment: Segment | None = None


@dataclass(slots=True)
class State:
    """What the passes share about one document: its text, paragraphs, quoted stretches, cue attributions."""

    doc: Doc
    context: ArticleContext
    resolver: MentionResolver
    text: str  # doc.text, joined once: spaCy rebuilds it from the tokens on every access
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    quoted: set[int] = field(default_factory=set)
    attributions: dict[int, Attribution] = field(default_factory=dict)

    def segment_at(self, offset: int) -> Segment | None:
        """The quoted stretch (marks included) holding ``offset``, if any."""
        for segment in self.segments:
            stop = segment.closing if segment.closing is not None else segment.end
            if segment.opening <= offset <= stop:
                return segment
        return None


def cue_attribution(state: State, cue: Token) -> Attribution:
    """Speaker and date of one cue, computed once."""
    known = state.attributions.get(cue.i)
    if known is None:
        holder = speaker_token(cue, state.quoted)
        speaker, via_pronoun = (resolve_speaker(holder, state.resolver, state.segment_at, state.text)
                                if holder is not None else (None, False))
        date = dates.event_date(cue.sent, state.context, cue)
        pronoun = holder.lower_ if holder is not None and holder.pos_ == "PRON" else None
        antecedent = (antecedent_offset(state.text, speaker.name, holder.idx)
                      if via_pronoun and speaker is not None and holder is not None else None)
        known = state.attributions[cue.i] = Attribution(speaker, date, cue, via_pronoun, pronoun, antecedent)
    return known
