"""Extracted facts as table rows: the records of one article become rows of the fact tables.

Ids are derived from the evidence and the content of each fact, so the same fact extracted again (a re-run, a
resumed ingest, another engine) gets the same id and a fact repeated within an article is stored once.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Table

from newsdossier.models import ActorRef, ArticleExtraction, EventDate, Evidence
from newsdossier.store.schema import (
    event_evidence,
    event_participants,
    events,
    memberships,
    mentions,
    quotes,
    roles,
    votes,
)


def _stable_id(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8")).hexdigest()[:16]


def _actor(prefix: str, actor: ActorRef | None) -> dict[str, Any]:
    return {f"{prefix}_name": actor.name if actor else None, f"{prefix}_kind": actor.kind if actor else None,
            f"{prefix}_country": actor.country if actor else None}


def _date(when: EventDate | None) -> dict[str, Any]:
    if when is None:
        return {"date_start": None, "date_end": None, "date_precision": None}
    return {"date_start": when.start.isoformat() if when.start else None,
            "date_end": when.end.isoformat() if when.end else None, "date_precision": when.precision}


def _evidence(evidence: Evidence) -> dict[str, Any]:
    return {"article_id": evidence.article, "field": evidence.field, "start": evidence.start, "end": evidence.end,
            "sentence": evidence.sentence}


def _where(evidence: Evidence) -> tuple[str, str, int, int]:
    return evidence.article, evidence.field, evidence.start, evidence.end


def fact_rows(result: ArticleExtraction) -> dict[Table, list[dict[str, Any]]]:
    rows: dict[Table, list[dict[str, Any]]] = {events: [], event_evidence: [], event_participants: [], quotes: [],
                                               roles: [], memberships: [], mentions: [], votes: []}
    for item in result.events:
        event_id = _stable_id("event", *_where(item.evidence), item.cameo, item.trigger,
                              item.source and item.source.name, item.target and item.target.name,
                              *(f"{p.role}:{p.actor.name}" for p in item.participants if not item.directed))
        rows[events].append({
            "id": event_id, "cameo": item.cameo, "cameo_root": item.cameo[:2], "plover": item.plover,
            **_actor("source", item.source), **_actor("target", item.target), **_date(item.date),
            "place": item.place, "negated": item.negated, "hedged": item.hedged, "trigger": item.trigger,
            "article_id": result.article_id, "directed": item.directed, "attributed": item.attributed,
        })
        for seq, told in enumerate((item.evidence, *item.also_told)):
            rows[event_evidence].append({"event_id": event_id, "seq": seq, **_evidence(told)})
        for position, participant in enumerate(item.participants):
            rows[event_participants].append({
                "id": _stable_id("participant", event_id, position), "event_id": event_id, "position": position,
                "role": participant.role, **_actor("actor", participant.actor), "article_id": result.article_id,
            })
    for quote in result.quotes:
        rows[quotes].append({
            "id": _stable_id("quote", *_where(quote.evidence)), **_actor("speaker", quote.speaker),
            "text": quote.text, "direct": quote.direct, "cue": quote.cue, **_date(quote.date),
            **_evidence(quote.evidence),
        })
    for role in result.roles:
        rows[roles].append({
            "id": _stable_id("role", *_where(role.evidence), role.person.name, role.title),
            **_actor("person", role.person), "title": role.title, **_actor("of", role.of), **_date(role.date),
            **_evidence(role.evidence),
        })
    for membership in result.memberships:
        rows[memberships].append({
            "id": _stable_id("membership", *_where(membership.evidence), membership.organisation.name,
                             membership.member.name, membership.status),
            **_actor("organisation", membership.organisation), **_actor("member", membership.member),
            "status": membership.status, **_date(membership.date), **_evidence(membership.evidence),
        })
    for mention in result.mentions:
        rows[mentions].append({
            "id": _stable_id("mention", mention.article, mention.field, mention.start, mention.end),
            "text": mention.text, **_actor("actor", mention.actor), "credit": mention.credit,
            "article_id": mention.article, "field": mention.field, "start": mention.start, "end": mention.end,
        })
    for vote in result.votes:
        rows[votes].append({
            "id": _stable_id("vote", *_where(vote.evidence), vote.voter.name, vote.value),
            **_actor("voter", vote.voter), "value": vote.value, **_actor("body", vote.body), **_date(vote.date),
            **_evidence(vote.evidence),
        })
    for table, table_rows in rows.items():
        rows[table] = list({row.get("id", (row.get("event_id"), row.get("seq"))): row for row in table_rows}.values())
    return rows
