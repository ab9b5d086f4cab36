"""The entry point: events of one parsed field, sentence by sentence, in text order.

Separate because it only runs the steps in order (groups to remember, triggers, their events, the accusations
in speech, hedging by a following "could not verify") and owns nothing they decide.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from newsdossier.models import ArticleContext, ExtractedEvent, ExtractedQuote
from newsdossier.nlp.extract.events.accusations import nested_accusations
from newsdossier.nlp.extract.events.groups import remember_coordinations
from newsdossier.nlp.extract.events.modality import says_unverified
from newsdossier.nlp.extract.events.run import Run
from newsdossier.nlp.extract.events.trigger_events import trigger_events
from newsdossier.nlp.extract.events.triggers import find_triggers

if TYPE_CHECKING:
    from newsdossier.nlp.mentions import MentionResolver


def extract_events(doc: Doc, context: ArticleContext, resolver: MentionResolver,
                   quotes: Sequence[ExtractedQuote] = ()) -> list[ExtractedEvent]:
    """Events of one parsed field (body or caption), in text order, each with its evidence sentence; the
    field's ``quotes`` say who a first-person pronoun inside a quotation is."""
    run = Run(doc, context, resolver, quotes=[q for q in quotes if q.direct and q.speaker is not None])
    previous_start = 0
    for number, sent in enumerate(doc.sents):
        run.sentence = number
        start = len(run.events)
        run.events.extend(_sentence_events(run, sent))
        if says_unverified(sent):
            run.events[previous_start:] = [dataclasses.replace(e, hedged=True) for e in run.events[previous_start:]]
        previous_start = start
    return run.events


def _sentence_events(run: Run, sent: Span) -> list[ExtractedEvent]:
    remember_coordinations(run, sent)
    found: list[tuple[Token, ExtractedEvent]] = []
    for trigger in find_triggers(sent):
        found.extend((trigger.token, event) for event in trigger_events(run, sent, trigger))
    speech = nested_accusations(run, sent, found)
    told = {id(content) for content, _ in speech}
    return ([dataclasses.replace(e, attributed=True) if id(e) in told else e for _, e in found]
            + [statement for _, statement in speech])
