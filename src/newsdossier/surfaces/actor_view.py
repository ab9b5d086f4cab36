"""Actors as the surfaces see them: the resolved actor registry, with a fallback for names it does not hold.

Actors are the registry of resolution (``Dossier.actors()``/``Dossier.actor()``): one actor per real-world
actor with all its spellings, and facts reached through their links to it (``FactFilter(actor_id=...)``), so
an actor page shows every fact whatever spelling the article used. A name that no registry actor has (an
unresolved person, a role description) still gets a summary gathered by name, so no link on a page leads
nowhere. Contradictions come from consolidation (``Dossier.contradictions()``). Every page, endpoint and
export asks this module, and only this module, for actors and contradictions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from newsdossier.dossier import Dossier
from newsdossier.models import ActorFilter, FactFilter


def is_country_code(key: str) -> bool:
    return len(key) == 3 and key.isalpha() and key.isupper()


def _slot_matches(actor: dict[str, Any] | None, key: str) -> bool:
    if actor is None:
        return False
    if actor["name"].casefold() == key.casefold():
        return True
    return is_country_code(key) and actor.get("country") == key


def list_actors(dossier: Dossier, text: str | None = None, *, limit: int | None = None,
                offset: int = 0) -> list[dict[str, Any]]:
    """Registry actors, most mentioned first: ``{id, name, kind, country, variants, variant_counts, roles,
    mentions}``.

    ``text`` keeps actors whose name or any variant contains it (case-insensitive); an ISO3 code also keeps the
    actors of that country.
    """
    if not text:
        return list(dossier.actors(ActorFilter(limit=limit, offset=offset)))
    if not is_country_code(text.upper()):
        return list(dossier.actors(ActorFilter(name=text, limit=limit, offset=offset)))
    found = {actor["id"]: actor for actor in dossier.actors(ActorFilter(name=text))}
    found.update((actor["id"], actor) for actor in dossier.actors(ActorFilter(country=text.upper())))
    ranked = sorted(found.values(), key=lambda actor: (-actor["mentions"], actor["id"]))
    end = None if limit is None else offset + limit
    return ranked[offset:end]


def registry_actor(dossier: Dossier, key: str) -> dict[str, Any] | None:
    """The registry actor with id ``key``, else the one whose name or a variant is exactly ``key``."""
    found = dossier.actor(key)
    if found is not None:
        return found
    wanted = key.casefold()
    for candidate in dossier.actors(ActorFilter(name=key)):
        if wanted in {name.casefold() for name in (candidate["name"], *candidate["variants"])}:
            return dossier.actor(candidate["id"])
    return None


def actor_summary(dossier: Dossier, key: str) -> dict[str, Any] | None:
    """Everything known about one actor (a registry id, a name or variant, or an ISO3 code), or ``None``.

    ``events`` are in date order (the timeline), ``roles`` the titles the actor held over time
    (``{title, of, from, to, evidence}``), ``contradictions`` the disagreements of sources about the actor.
    """
    actor = registry_actor(dossier, key)
    if actor is None:
        return _name_summary(dossier, key)
    where = FactFilter(actor_id=actor["id"])

    def in_slot(record: dict[str, Any], *slots: str) -> bool:
        return any((record.get(slot) or {}).get("id") == actor["id"] for slot in slots)

    found_roles = list(dossier.roles(where))
    found_events = sorted(dossier.events(where), key=lambda event: (event["date_start"] or "", event["id"]))
    found_quotes = sorted(dossier.quotes(where), key=lambda quote: (quote["date"]["start"] or "", quote["id"]))
    return {
        **actor, "resolved": True,
        "roles_of": [role for role in found_roles if in_slot(role, "of") and not in_slot(role, "person")],
        "memberships": list(dossier.memberships(where)),
        "events": found_events,
        "quotes": found_quotes,
        "contradictions": [found for found in contradictions(dossier) if found["subject"] == actor["id"]],
    }


def _matching(records: Iterable[dict[str, Any]], slots: tuple[str, ...], key: str) -> list[dict[str, Any]]:
    return [record for record in records if any(_slot_matches(record.get(slot), key) for slot in slots)]


def _name_summary(dossier: Dossier, key: str) -> dict[str, Any] | None:
    """What the facts say about a name (or ISO3 code) that no registry actor holds, gathered by name."""
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
        "resolved": False, "variant_counts": dict(variants.most_common()),
        "roles": [_held(role) for role in sorted(found_roles, key=lambda role: role["date"]["start"] or "")],
        "roles_of": held_by_others,
        "memberships": found_memberships,
        "events": sorted(found_events, key=lambda event: (event["date_start"] or "", event["id"])),
        "quotes": sorted(found_quotes, key=lambda quote: (quote["date"]["start"] or "", quote["id"])),
        "contradictions": [],
    }


def _held(role: dict[str, Any]) -> dict[str, Any]:
    """A role record in the shape of the registry's roles over time."""
    return {"title": role["title"], "of": (role["of"] or {}).get("country"), "from": role["date"]["start"],
            "to": role["date"]["end"], "evidence": role["evidence"]}


def contradictions(dossier: Dossier, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Conflicting claims ``{id, about, kind, subject, claims: [{value, evidence: [{article, field, start,
    end}]}]}``."""
    return list(dossier.contradictions(ActorFilter(limit=limit)))


def contradictions_for(dossier: Dossier, evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Contradictions with a claim whose evidence overlaps any of ``evidence`` (same article, offsets overlap)."""
    def overlaps(claim_evidence: dict[str, Any]) -> bool:
        return any(item["article"] == claim_evidence.get("article") and item["start"] < claim_evidence.get("end", 0)
                   and claim_evidence.get("start", 0) < item["end"] for item in evidence)

    return [found for found in contradictions(dossier)
            if any(overlaps(item) for claim in found.get("claims", []) for item in claim.get("evidence", []))]
