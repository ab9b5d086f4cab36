"""Quotes without a cue: they continue the speaker of the quote before, or of the next paragraph's quote.

Separate because it runs after both passes over the whole list in text order, and holds the reporting
conventions of a run of quotes (a pronoun cue keeps the current speaker unless the turn is handed over).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from newsdossier.lexicon import registry as actors
from newsdossier.models import ActorRef
from newsdossier.nlp.extract.quotes.attribution import Attribution, Found, State
from newsdossier.nlp.extract.quotes.vocabulary import (
    COLLECTIVE_PRONOUNS,
    FEMALE_PRONOUNS,
    PERSON_PRONOUNS,
    TURN_TAKING_CUES,
)


def attribute_continuations(state: State, found: list[Found]) -> None:
    """Quotes without a cue continue the quote before them, or the next paragraph's when theirs never closed.

    Runs in text order, so a pronoun cue can prefer the speaker of the quote just before (see
    :func:`_prefer_current_speaker`) once that quote's own speaker is settled.
    """
    for index, item in enumerate(found):
        if item.attribution is not None:
            if item.own_cue and item.attribution.via_pronoun:
                _prefer_current_speaker(state, found, index)
            continue
        if item.segment is not None and item.segment.closing is None:
            forward = _forward(state, found, index)
            if forward is not None:
                item.attribution = forward
                continue
        item.attribution = _backward(found, index)


def _forward(state: State, found: list[Found], index: int) -> Attribution | None:
    """A quote left open at a paragraph end continues into the next paragraph if that opens with a quote."""
    current = found[index]
    for later in found[index + 1:]:
        if later.paragraph == current.paragraph:
            continue
        if (later.paragraph != current.paragraph + 1 or later.segment is None
                or later.segment.opening != state.paragraphs[later.paragraph][0]):
            return None
        own = next((x for x in found if x.paragraph == later.paragraph and x.direct and x.own_cue), None)
        if own is not None:
            return own.attribution
        if later.segment.closing is not None:
            return None
        current = later
    return None


def _prefer_current_speaker(state: State, found: list[Found], index: int) -> None:
    """In a run of quotes, "he said" is the person already speaking, not the last person named.

    "“…,” Macron said as he addressed President Tokayev. / “…,” he said." — the nearest named person is the
    addressee, but reporting convention keeps the pronoun on the current speaker. Not applied when the cue
    hands over the turn ("he replied"), when the pronoun's antecedent is named in this same paragraph, when
    the two pronouns differ in gender, or for "it"/"they" when a sentence stands between quote and cue.
    """
    item = found[index]
    attribution = item.attribution
    earlier = _previous(found, index)
    previous = earlier.attribution if earlier is not None else None
    if attribution is None or earlier is None or previous is None or previous.speaker is None:
        return
    if attribution.cue is None or (attribution.pronoun in COLLECTIVE_PRONOUNS
                                   and not _adjacent(state.doc, earlier, attribution.cue)):
        return
    if not _fits_pronoun(attribution.pronoun, previous.speaker) or _same_actor(attribution.speaker, previous.speaker):
        return
    if attribution.cue.lemma_.lower() in TURN_TAKING_CUES or not _same_gender(attribution, previous):
        return
    paragraph_start = state.paragraphs[item.paragraph][0] if item.paragraph < len(state.paragraphs) else 0
    if attribution.antecedent is not None and paragraph_start <= attribution.antecedent:
        return
    if attribution.pronoun in PERSON_PRONOUNS and previous.speaker.kind != "person":
        # "he" refers to it, so the unknown name NER took for an organisation ("Umarov said") is a person
        previous.speaker = replace(previous.speaker, kind="person")
    attribution.speaker = previous.speaker
    attribution.antecedent = previous.speaker.start


def _adjacent(doc: Doc, earlier: Found, cue: Token) -> bool:
    """Whether the earlier quote ends in the cue's sentence or the one just before: "it"/"they" pick up the
    last sentence's subject, and any sentence between may introduce a new one ("The report … It says")."""
    sentence = cue.sent
    previous_sentence = doc[sentence.start - 1].sent if sentence.start > 0 else sentence
    return previous_sentence.start_char <= earlier.end <= sentence.end_char


def _fits_pronoun(pronoun: str | None, actor: ActorRef) -> bool:
    """"he"/"she" fit a person or an unplaced name (never a state or a registry organisation); "it"/"they" fit
    an organisation, government or state; other pronouns ("I", "we", "this") are not followed."""
    if pronoun in PERSON_PRONOUNS:
        return actor.kind == "person" or (actor.kind == "organisation" and actors.lookup(actor.name) is None)
    if pronoun in COLLECTIVE_PRONOUNS:
        return actor.kind != "person"
    return False


def _same_actor(one: ActorRef | None, other: ActorRef | None) -> bool:
    return one is not None and other is not None and one.name == other.name and one.kind == other.kind


def _same_gender(one: Attribution, other: Attribution) -> bool:
    if one.pronoun is None or other.pronoun is None:
        return True
    return (one.pronoun in FEMALE_PRONOUNS) == (other.pronoun in FEMALE_PRONOUNS)


def _backward(found: list[Found], index: int) -> Attribution | None:
    """The attribution of the previous quote in this paragraph or the last quote of the previous one."""
    earlier = _previous(found, index)
    return earlier.attribution if earlier is not None else None


def _previous(found: list[Found], index: int) -> Found | None:
    """The previous attributed quote in this paragraph or the previous one."""
    current = found[index]
    for earlier in reversed(found[:index]):
        if earlier.paragraph < current.paragraph - 1:
            return None
        if earlier.attribution is not None:
            return earlier
    return None
