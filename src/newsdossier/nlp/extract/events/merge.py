"""One record per act per article: the events an article tells more than once become one event with every
sentence that tells it as evidence.

An article tells one act many times: a photo caption and the body ("Putin meets Tokayev" / "Putin met Tokayev on
Tuesday"), a back-reference ("During the meeting, Blinken stressed ..." re-reads the meeting), a second trigger in
one sentence ("met and held talks"). Two events of one article are taken for one act when

* they have the same CAMEO root and polarity (a meeting is not a refused meeting);
* the parties of one are among the parties of the other (compared as the states or people they name: a
  country and its government are one party), and for directed acts nobody swaps sides;
* their dates can be the same: the ranges overlap, or one of them is dated only by its article;
* they do not name two different places.

Otherwise they stay apart: the same pair meeting on two dates, or accusing each other, are two acts. The kept
record is the first told with the most parties and the most precise date; the others' sentences become its
``also_told`` evidence. The order of records is the order of first telling, so a re-run gives the same result.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from newsdossier.models import ActorRef, EventDate, ExtractedEvent, Participant
from newsdossier.nlp.extract.events.actor_refs import STATE_KINDS

# Date precisions, most precise first: the merged record keeps the most precise date of its tellings.
_PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3, "reported": 4}


def party_key(actor: ActorRef) -> str:
    """Who an actor is for comparing tellings: a state by its country, anyone else by name."""
    if actor.kind in STATE_KINDS and actor.country:
        return f"state:{actor.country}"
    return f"name:{actor.name.lower()}"


def _sides(event: ExtractedEvent) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(source keys, target keys, all party keys) of an event."""
    def keys(role: str) -> frozenset[str]:
        return frozenset(party_key(p.actor) for p in event.participants if p.role == role)
    return keys("source"), keys("target"), frozenset(party_key(p.actor) for p in event.participants)


def _dates_can_match(a: EventDate, b: EventDate) -> bool:
    if a.precision == "reported" or b.precision == "reported" or a.start is None or b.start is None:
        return True
    a_end, b_end = a.end or a.start, b.end or b.start
    return a.start <= b_end and b.start <= a_end


def same_act(a: ExtractedEvent, b: ExtractedEvent) -> bool:
    """Whether two events of one article are two tellings of one act (see the module docstring)."""
    if a.cameo[:2] != b.cameo[:2] or a.negated != b.negated or a.directed != b.directed:
        return False
    a_sources, a_targets, a_all = _sides(a)
    b_sources, b_targets, b_all = _sides(b)
    if not a_all or not b_all or not (a_all <= b_all or b_all <= a_all):
        return False
    if a.directed and (a_sources & b_targets or a_targets & b_sources):
        return False
    if a.directed and not (a_sources <= b_sources or b_sources <= a_sources):
        return False
    if a.place and b.place and a.place.lower() != b.place.lower():
        return False
    return _dates_can_match(a.date, b.date)


def _rank(event: ExtractedEvent) -> tuple[int, int]:
    """Better representatives first: more parties, then a more precise date."""
    return -len(event.participants), _PRECISION_ORDER.get(event.date.precision, 5)


def _merged(tellings: Sequence[ExtractedEvent]) -> ExtractedEvent:
    best = min(tellings, key=_rank)  # min keeps the first of equals: the first telling
    parties: list[Participant] = list(best.participants)
    known = {party_key(p.actor) for p in parties}
    for telling in tellings:
        for participant in telling.participants:
            if party_key(participant.actor) not in known:
                known.add(party_key(participant.actor))
                parties.append(participant)
    evidence = [best.evidence]
    for telling in tellings:
        for told in (telling.evidence, *telling.also_told):
            if told not in evidence:
                evidence.append(told)
    return dataclasses.replace(best, participants=tuple(parties), also_told=tuple(evidence[1:]),
                               hedged=all(t.hedged for t in tellings),
                               attributed=all(t.attributed for t in tellings))


def merge_tellings(events: Sequence[ExtractedEvent]) -> list[ExtractedEvent]:
    """The article's events with each act once (see the module docstring), in order of first telling."""
    groups: list[list[ExtractedEvent]] = []
    for event in events:
        for group in groups:
            if all(same_act(event, other) for other in group):
                group.append(event)
                break
        else:
            groups.append([event])
    return [_merged(group) if len(group) > 1 else group[0] for group in groups]
