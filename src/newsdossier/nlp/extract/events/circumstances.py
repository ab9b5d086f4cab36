"""Where and when an event took place: the named place of an in/at phrase (or a "where" clause), and the
trigger's date, which an event told "then" borrows from the event before.

Separate because place and date are read around the trigger once its sides are known, and they do not change
what the event is or between whom.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsdossier.lexicon import cameo
from newsdossier.models import EventDate
from newsdossier.nlp import dates
from newsdossier.nlp.extract.events.modality import clause_chain
from newsdossier.nlp.extract.events.run import Run
from newsdossier.nlp.extract.events.syntax import PLACE_LABELS, VERB_POS, objects_of
from newsdossier.nlp.mentions import entity_of


def place_token(tok: Token) -> Token | None:
    """The first named place in an in/at phrase of the trigger, its object or its clause; else a relative
    "where" antecedent ("Astana, where he held talks")."""
    place_preps = cameo.cues()["place_prep"]
    holders = [tok, *objects_of(tok)] if tok.pos_ in VERB_POS else [tok, tok.head]
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ in place_preps:
                for t in child.subtree:
                    if t.ent_type_ in PLACE_LABELS:
                        return t
        where = holder.dep_ == "relcl" and any(c.lower_ == "where" for c in holder.children)
        if where and holder.head.ent_type_ in PLACE_LABELS:
            return holder.head
    return None


def place_name(tok: Token) -> str | None:
    place = place_token(tok)
    if place is None:
        return None
    return entity_text(place)


def entity_text(tok: Token) -> str:
    entity = entity_of(tok)
    return entity.text if entity is not None else tok.text


def event_date(run: Run, sent: Span, tok: Token) -> EventDate:
    """The trigger's own date (``dates.event_date`` prefers a date in its clause, else the nearest in the
    sentence); with none, an event told "then"/"afterward" takes the date of the last dated event."""
    date = run.dates.get(tok.i)
    if date is None:
        date = run.dates[tok.i] = dates.event_date(sent, run.context, tok, previous=run.last_own_date)
    if date.precision != dates.REPORTED:
        run.last_own_date = date
        return date
    if run.last_own_date is not None and _follows_previous(tok):
        return run.last_own_date
    return date


def _follows_previous(tok: Token) -> bool:
    sequence = cameo.cues()["sequence_adverb"]
    for holder in [*clause_chain(tok), tok.head]:
        if any(c.dep_ == "advmod" and c.lower_ in sequence for c in holder.children):
            return True
    return False
