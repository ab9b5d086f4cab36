"""Reads of extracted facts (events, quotes, roles, memberships) with the filters every surface offers.

Kept apart from :mod:`newsdossier.query` (articles and duplicates) so each module stays small; both return
plain JSON-ready dicts in the documented output contract.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Engine, Select, Table, and_, func, or_, select

from .extraction_store import event_evidence, events, memberships, quotes, roles


@dataclass(frozen=True, slots=True)
class FactFilter:
    """Filters shared by every fact listing; ``None`` means no restriction.

    ``actor`` matches an actor's name (case-insensitive substring) or its ISO3 country code; ``since`` and
    ``until`` are ISO dates and keep facts whose date range overlaps them; ``cameo`` is a code prefix.
    """

    actor: str | None = None
    since: str | None = None
    until: str | None = None
    cameo: str | None = None
    limit: int | None = None
    offset: int = 0


def _actor_match(table: Table, prefixes: tuple[str, ...], actor: str) -> ColumnElement[bool]:
    needle = f"%{actor.lower()}%"
    clauses = []
    for prefix in prefixes:
        clauses.append(func.lower(table.c[f"{prefix}_name"]).like(needle))
        clauses.append(table.c[f"{prefix}_country"] == actor.upper())
    return or_(*clauses)


def _filtered(query: Select[Any], table: Table, prefixes: tuple[str, ...], where: FactFilter) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = []
    if where.actor:
        conditions.append(_actor_match(table, prefixes, where.actor))
    if where.since:
        conditions.append(func.coalesce(table.c.date_end, table.c.date_start) >= where.since)
    if where.until:
        conditions.append(table.c.date_start <= where.until)
    if where.cameo and "cameo" in table.c:
        conditions.append(table.c.cameo.like(f"{where.cameo}%"))
    if conditions:
        query = query.where(and_(*conditions))
    query = query.offset(where.offset)
    return query.limit(where.limit) if where.limit is not None else query


def _actor(row: Any, prefix: str) -> dict[str, Any] | None:
    name = row[f"{prefix}_name"]
    if name is None:
        return None
    return {"name": name, "country": row[f"{prefix}_country"], "kind": row[f"{prefix}_kind"]}


def _date(row: Any) -> dict[str, Any]:
    return {"start": row["date_start"], "end": row["date_end"], "precision": row["date_precision"]}


def _evidence(row: Any) -> dict[str, Any]:
    return {"article": row["article_id"], "field": row["field"], "start": row["start"], "end": row["end"],
            "sentence": row["sentence"]}


def iter_events(engine: Engine, where: FactFilter = FactFilter()) -> Iterator[dict[str, Any]]:
    query = _filtered(select(events).order_by(events.c.date_start, events.c.id), events, ("source", "target"), where)
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
        ids = [row["id"] for row in rows]
        evidence: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for start in range(0, len(ids), 500):
            found = conn.execute(select(event_evidence).where(event_evidence.c.event_id.in_(ids[start:start + 500]))
                                 .order_by(event_evidence.c.event_id, event_evidence.c.seq)).mappings()
            for row in found:
                evidence[row["event_id"]].append(_evidence(row))
    for row in rows:
        yield {
            "id": row["id"], "cameo": row["cameo"], "plover": row["plover"],
            "source": _actor(row, "source"), "target": _actor(row, "target"),
            "date_start": row["date_start"], "date_end": row["date_end"], "date_precision": row["date_precision"],
            "place": row["place"], "negated": row["negated"], "hedged": row["hedged"], "trigger": row["trigger"],
            "evidence": evidence.get(row["id"], []),
        }


def iter_quotes(engine: Engine, where: FactFilter = FactFilter()) -> Iterator[dict[str, Any]]:
    query = _filtered(select(quotes).order_by(quotes.c.article_id, quotes.c.field, quotes.c.start), quotes,
                      ("speaker",), where)
    with engine.connect() as conn:
        for row in conn.execute(query).mappings():
            yield {"id": row["id"], "speaker": _actor(row, "speaker"), "text": row["text"], "direct": row["direct"],
                   "cue": row["cue"], "date": _date(row), "evidence": [_evidence(row)]}


def iter_roles(engine: Engine, where: FactFilter = FactFilter()) -> Iterator[dict[str, Any]]:
    query = _filtered(select(roles).order_by(roles.c.person_name, roles.c.date_start), roles, ("person", "of"), where)
    with engine.connect() as conn:
        for row in conn.execute(query).mappings():
            yield {"id": row["id"], "person": _actor(row, "person"), "title": row["title"], "of": _actor(row, "of"),
                   "date": _date(row), "evidence": [_evidence(row)]}


def iter_memberships(engine: Engine, where: FactFilter = FactFilter()) -> Iterator[dict[str, Any]]:
    query = _filtered(select(memberships).order_by(memberships.c.organisation_name, memberships.c.member_name),
                      memberships, ("organisation", "member"), where)
    with engine.connect() as conn:
        for row in conn.execute(query).mappings():
            yield {"id": row["id"], "organisation": _actor(row, "organisation"), "member": _actor(row, "member"),
                   "status": row["status"], "date": _date(row), "evidence": [_evidence(row)]}


def fact_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {table.name: int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)
                for table in (events, quotes, roles, memberships)}
