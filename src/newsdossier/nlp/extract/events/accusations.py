"""Speech that accuses: "X said that Y attacked Z" also records X accusing Y (CAMEO 112), and a speaker owning
a past harmful act claims responsibility for it (015).

Separate because it reads the events already found in a sentence against the speech verbs above them, after
every trigger of the sentence has been coded.
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Span, Token

from newsdossier import settings
from newsdossier.lexicon import cameo
from newsdossier.models import ActorRef, ExtractedEvent, Participant
from newsdossier.nlp.extract.events.actor_refs import same_actor
from newsdossier.nlp.extract.events.actors import actors_of
from newsdossier.nlp.extract.events.arguments import clause_args
from newsdossier.nlp.extract.events.circumstances import event_date
from newsdossier.nlp.extract.events.modality import is_hedged
from newsdossier.nlp.extract.events.run import Run, is_new
from newsdossier.nlp.extract.events.syntax import OBJECT_DEPS
from newsdossier.nlp.extract.events.triggers import intended, match


def nested_accusations(run: Run, sent: Span,
                        found: list[tuple[Token, ExtractedEvent]]) -> list[tuple[ExtractedEvent, ExtractedEvent]]:
    """"X said/claimed that Y attacked Z" also records X accusing Y (CAMEO 112), as CAMEO coders do; the
    accusation is dated by the speech, and is itself no less certain for the claim being unproven. Returns
    (reported event, accusation or claim) pairs."""
    out: list[tuple[ExtractedEvent, ExtractedEvent]] = []
    sources_of: dict[int, set[str]] = {}
    for trigger, event in found:
        if event.source is not None:
            sources_of.setdefault(trigger.i, set()).add(event.source.name)
    for trigger, event in found:
        conflict = cameo.quad_class(event.cameo) in ("verbal conflict", "material conflict")
        if event.source is None or event.negated or not conflict:
            continue
        speech = _speech_head(trigger)
        if speech is None:
            continue
        subject = clause_args(speech)[0]
        speakers = actors_of(run, subject) if subject is not None else []
        for speaker in speakers:
            own = speaker.name in sources_of[trigger.i] or same_actor(speaker, event.source)
            if own or (speaker.country and speaker.country == event.source.country):
                # "Obama and Putin said they will attack": the speakers tell their own plan; "the US claimed
                # that they had attacked Iraq": a speaker owning a past act claims responsibility (015)
                claim = _own_claim(run, sent, speech, trigger, event, speaker)
                if claim is not None and is_new(run, claim):
                    out.append((event, claim))
                continue
            accused = tuple(Participant(p.actor, "target") for p in event.participants if p.role == "source")
            accusation = dataclasses.replace(
                event, cameo="112", plover=cameo.plover("112"), source=speaker, target=event.source,
                date=event_date(run, sent, speech), place=None, hedged=is_hedged(speech), trigger=speech.text,
                participants=(Participant(speaker, "source"), *accused))
            if is_new(run, accusation):
                out.append((event, accusation))
    return out


def _own_claim(run: Run, sent: Span, speech: Token, trigger: Token, event: ExtractedEvent,
               speaker: ActorRef) -> ExtractedEvent | None:
    """The claim of responsibility (015) when a speaker says with a verb of owning ("claimed", "admitted")
    that it did a harmful act already done; a plan ("will attack") is no such claim."""
    if speech.lemma_.lower() not in cameo.cues()["own_claim_verb"] or event.target is None:
        return None
    plan_aux = cameo.cues()["plan_aux"]
    if any(c.dep_ == "aux" and c.lower_ in plan_aux for c in trigger.children):
        return None
    return dataclasses.replace(
        event, cameo="015", plover=cameo.plover("015"), source=speaker, target=event.target,
        date=event_date(run, sent, speech), place=None, hedged=False, trigger=speech.text,
        participants=(Participant(speaker, "source"), *(p for p in event.participants if p.role == "target")))


def _speech_head(tok: Token) -> Token | None:
    """The speech or claim verb whose that-clause holds ``tok``, if any."""
    cues = cameo.cues()
    current = tok
    for _ in range(settings.active().max_depth):
        if current.head.i == current.i:
            return None
        child, current = current, current.head
        if child.dep_ == "ccomp":
            pattern = match(current)
            if (pattern is not None and "say" in pattern.flags) or current.lemma_.lower() in cues["hedge_verb"]:
                return current
            return None
        # "said [the EU] does not hide its intention to restrain Russia": through the intention to its clause
        through_intention = (child.dep_ == "acl" and intended(child)) or (
            child.dep_ in OBJECT_DEPS and child.lemma_.lower() in cues["intent_noun"])
        if child.dep_ not in ("conj", "xcomp", "aux") and not through_intention:
            return None
    return None
