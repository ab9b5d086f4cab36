"""Questions about actors already found: does one count as resolved, are two the same actor, a list without
repeats.

Separate because pairing, roles, groups, owners and accusations all compare actors the same way, and none of
it needs the parse.
"""

from __future__ import annotations

from newsdossier.models import ActorRef

# Kinds of a state actor: a country and its government act for the same state.
STATE_KINDS = frozenset({"country", "government"})
# The kind a mention gets when it is kept as written, unresolved to a known actor.
UNRESOLVED = "other"


def resolved(actor: ActorRef | None) -> bool:
    return actor is not None and (actor.country is not None or actor.kind != UNRESOLVED)


def same_actor(a: ActorRef | None, b: ActorRef | None) -> bool:
    """One actor twice: the same name, a country and its government ("France accused Paris"), or a person and
    their own state ("Blinken reiterated Washington's commitment")."""
    if a is None or b is None or a.country != b.country:
        return False
    if a.name == b.name:
        return True
    kinds = {a.kind, b.kind}
    return bool(a.country) and kinds <= STATE_KINDS | {"person"} and bool(kinds & STATE_KINDS)


def unique(actors: list[ActorRef]) -> list[ActorRef]:
    seen: set[tuple[str, str | None]] = set()
    out = []
    for actor in actors:
        key = (actor.name, actor.country)
        if key not in seen:
            seen.add(key)
            out.append(actor)
    return out
