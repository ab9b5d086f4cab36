"""One matched trigger -> its event, with its participants, date, place, polarity, hedging and evidence sentence:
one record per act. A directed act names every doer and everyone it is done to as source and target
participants ("Russia and Belarus condemned Poland and Lithuania" is one act of four dyads); an undirected act
(a meeting, a signing, a clash: the pattern's ``sym`` flag) has parties as participants rather than a source and
a target.

Separate because this is where the findings of the other steps (code, sides, circumstances) are put together
into :class:`~newsdossier.models.ExtractedEvent` records.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import permutations

from spacy.tokens import Span

from newsdossier import settings
from newsdossier.lexicon import cameo
from newsdossier.models import ActorRef, Evidence, ExtractedEvent, Participant
from newsdossier.nlp.extract.events.actor_refs import resolved, same_actor
from newsdossier.nlp.extract.events.circumstances import event_date, place_name
from newsdossier.nlp.extract.events.groups import remember
from newsdossier.nlp.extract.events.modality import is_hedged, polarity
from newsdossier.nlp.extract.events.roles import roles
from newsdossier.nlp.extract.events.run import Run, Trigger, is_new
from newsdossier.nlp.extract.events.senses import out_of_sense

# Who a statement can be addressed to and still be an event between actors.
SPEAKER_KINDS = frozenset({"person", "country", "government"})


def trigger_events(run: Run, sent: Span, trigger: Trigger) -> list[ExtractedEvent]:
    tok, pattern = trigger.token, trigger.pattern
    if out_of_sense(pattern.pos, tok, run.context.topic):
        return []
    sources, targets = roles(run, tok, pattern)
    if "rev" in pattern.flags:
        sources, targets = targets, sources
    if targets and {a.name for a in targets} == {a.name for a in sources}:
        targets = []  # reflexive: "they announced their withdrawal" is no event between them
    if not targets and ("say" in pattern.flags or "tgt" in pattern.flags):
        return []
    pairs = [(s, t) for s, t in _pairs(sources, targets, "sym" in pattern.flags) if _enough(pattern, s, t)]
    if not pairs:
        return []
    date = event_date(run, sent, tok)
    place = place_name(tok)
    code, negated = polarity(trigger)
    hedged = is_hedged(tok)
    evidence = _evidence(run, sent)
    events = []
    if "sym" in pattern.flags:
        parties = _parties(sources, targets)
        event = ExtractedEvent(cameo=code, plover=cameo.plover(code), source=None, target=None, date=date,
                               place=place, negated=negated, hedged=hedged, evidence=evidence, trigger=tok.text,
                               directed=False,
                               participants=tuple(Participant(actor, "participant") for actor in parties))
        if is_new(run, event):
            events.append(event)
        remember(run, parties)
        return events
    source, target = pairs[0]
    doers = _in_text_order({(s.name, s.start): s for s, _ in pairs if s is not None}.values())
    done_to = _in_text_order({(t.name, t.start): t for _, t in pairs if t is not None}.values())
    participants = (*(Participant(actor, "source") for actor in doers),
                    *(Participant(actor, "target") for actor in done_to))
    event = ExtractedEvent(cameo=code, plover=cameo.plover(code), source=source, target=target, date=date,
                           place=place, negated=negated, hedged=hedged, evidence=evidence, trigger=tok.text,
                           participants=participants)
    if is_new(run, event):
        events.append(event)
    if source is not None and target is not None:
        remember(run, [source, target])
    return events


def _in_text_order(actors: Iterable[ActorRef]) -> list[ActorRef]:
    return sorted(actors, key=lambda a: a.start if a.start is not None else -1)


def _parties(sources: list[ActorRef], targets: list[ActorRef]) -> list[ActorRef]:
    """The parties of an undirected act in text order, each once (a person and the state they speak for count
    as one party when both are named)."""
    parties: list[ActorRef] = []
    for actor in sorted(sources + targets, key=lambda a: a.start if a.start is not None else -1):
        if not any(same_actor(actor, other) or actor.name == other.name for other in parties):
            parties.append(actor)
    return parties


def _pairs(sources: list[ActorRef], targets: list[ActorRef],
           symmetric: bool) -> list[tuple[ActorRef | None, ActorRef | None]]:
    """One (source, target) per pair; a symmetric event among a plural subject pairs its members."""
    if symmetric and not targets and 2 <= len(sources) <= settings.active().max_pairwise:
        return list(permutations(sources, 2))
    if not sources and not targets:
        return []
    no_side: list[ActorRef | None] = [None]
    pairs: list[tuple[ActorRef | None, ActorRef | None]] = [
        (s, t) for s in (sources or no_side) for t in (targets or no_side) if not same_actor(s, t)
    ]
    return pairs


def _enough(pattern: cameo.Pattern, source: ActorRef | None, target: ActorRef | None) -> bool:
    """Whether a pair makes an event: one resolved side, or for a statement two sides of known country
    (statements are the commonest verbs, and "X told Russia's news agency" is reporting, not an event)."""
    if "say" in pattern.flags:
        return bool(source and source.country and target and target.country and target.kind in SPEAKER_KINDS)
    return resolved(source) or resolved(target)


def _evidence(run: Run, sent: Span) -> Evidence:
    """The sentence without surrounding whitespace, so ``doc.text[start:end] == sentence``."""
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    end = sent.start_char + len(text.rstrip())
    return Evidence(run.context.article_id, start, end, run.doc.text[start:end], run.context.field)
