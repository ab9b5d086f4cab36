"""Actors as the surfaces see them, and the adapter for consolidated facts (contradictions).

An actor is, for now, a name or an ISO3 country code that appears in facts: listing groups the actor slots of
every event, quote, role and membership by name, and a summary gathers the facts whose actor slot has that name
(or, for an ISO3 code, that country). Every page, endpoint and export asks this module, and only this module,
for actors and contradictions, so moving to a real actor registry (``Dossier.actors()``/``Dossier.actor()``)
and to consolidated contradictions (``Dossier.contradictions()``) is a change here alone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select

from ..dossier import Dossier
from ..extraction_store import events, memberships, quotes, roles
from ..facts_query import FactFilter

# Which actor slots each fact table has (column prefixes in extraction_store).
SLOTS = ((events, ("source", "target")), (quotes, ("speaker",)), (roles, ("person", "of")),
         (memberships, ("organisation", "member")))


def is_country_code(key: str) -> bool:
    return len(key) == 3 and key.isalpha() and key.isupper()


def _slot_matches(actor: dict[str, Any] | None, key: str) -> bool:
    if actor is None:
        return False
    if actor["name"].casefold() == key.casefold():
        return True
    return is_country_code(key) and actor.get("country") == key


def _name_counts(dossier: Dossier) -> dict[str, dict[str, Any]]:
    """Every actor name in the facts with its most frequent kind and country and its number of mentions."""
    kinds: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    with dossier.engine.connect() as conn:
        for table, prefixes in SLOTS:
            for prefix in prefixes:
                name, kind, country = (table.c[f"{prefix}_{part}"] for part in ("name", "kind", "country"))
                query = select(name, kind, country, func.count()).where(name.is_not(None)).group_by(name, kind,
                                                                                                   country)
                for row_name, row_kind, row_country, count in conn.execute(query):
                    kinds[row_name][(row_kind or "", row_country or "")] += int(count)
    actors: dict[str, dict[str, Any]] = {}
    for name, counter in kinds.items():
        (kind, country), _ = counter.most_common(1)[0]
        actors[name] = {"id": name, "name": name, "kind": kind or None, "country": country or None,
                        "variants": [name], "mentions": sum(counter.values())}
    return actors


def list_actors(dossier: Dossier, text: str | None = None, *, limit: int | None = None,
                offset: int = 0) -> list[dict[str, Any]]:
    """Actors, most mentioned first: ``{id, name, kind, country, variants, mentions}``.

    ``text`` keeps actors whose name contains it (case-insensitive) or whose country code is it.
    """
    found = list(_name_counts(dossier).values())
    if text:
        needle = text.casefold()
        found = [actor for actor in found
                 if needle in actor["name"].casefold() or (actor["country"] or "") == text.upper()]
    found.sort(key=lambda actor: (-actor["mentions"], actor["name"].casefold()))
    end = None if limit is None else offset + limit
    return found[offset:end]


def _matching(records: Iterable[dict[str, Any]], slots: tuple[str, ...], key: str) -> list[dict[str, Any]]:
    return [record for record in records if any(_slot_matches(record.get(slot), key) for slot in slots)]


def actor_summary(dossier: Dossier, key: str) -> dict[str, Any] | None:
    """Everything known about one actor (a name or an ISO3 code), or ``None`` when no fact mentions it.

    ``events`` are in date order (the timeline), ``roles`` are the titles the actor held, in date order.
    """
    where = FactFilter(actor=key)
    found_events = _matching(dossier.events(where), ("source", "target"), key)
    found_quotes = _matching(dossier.quotes(where), ("speaker",), key)
    found_roles = _matching(dossier.roles(where), ("person",), key)
    held_by_others = [role for role in _matching(dossier.roles(where), ("of",), key) if role not in found_roles]
    found_memberships = _matching(dossier.memberships(where), ("organisation", "member"), key)
    slots = [record[slot] for record, names in (
        *((event, ("source", "target")) for event in found_events),
        *((quote, ("speaker",)) for quote in found_quotes),
        *((role, ("person", "of")) for role in found_roles + held_by_others),
        *((membership, ("organisation", "member")) for membership in found_memberships),
    ) for slot in names if _slot_matches(record[slot], key)]
    if not slots:
        return None
    variants = Counter(slot["name"] for slot in slots)
    kinds = Counter((slot.get("kind"), slot.get("country")) for slot in slots)
    (kind, country), _ = kinds.most_common(1)[0]
    name = key if is_country_code(key) else variants.most_common(1)[0][0]
    return {
        "id": key, "name": name, "kind": "country" if is_country_code(key) else kind, "country": country,
        "variants": [variant for variant, _ in variants.most_common()], "mentions": len(slots),
        "roles": sorted(found_roles, key=lambda role: role["date"]["start"] or ""),
        "roles_of": held_by_others,
        "memberships": found_memberships,
        "events": sorted(found_events, key=lambda event: (event["date_start"] or "", event["id"])),
        "quotes": sorted(found_quotes, key=lambda quote: (quote["date"]["start"] or "", quote["id"])),
    }


def contradictions(dossier: Dossier, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Conflicting claims ``{id, about, claims: [{value, evidence: [{article, start, end}]}]}``.

    Empty until the dossier consolidates facts: the one place that knows whether it does.
    """
    method = getattr(dossier, "contradictions", None)
    if method is None:
        return []
    found = list(method())
    return found if limit is None else found[:limit]


def contradictions_for(dossier: Dossier, evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Contradictions with a claim whose evidence overlaps any of ``evidence`` (same article, offsets overlap)."""
    def overlaps(claim_evidence: dict[str, Any]) -> bool:
        return any(item["article"] == claim_evidence.get("article") and item["start"] < claim_evidence.get("end", 0)
                   and claim_evidence.get("start", 0) < item["end"] for item in evidence)

    return [found for found in contradictions(dossier)
            if any(overlaps(item) for claim in found.get("claims", []) for item in claim.get("evidence", []))]
