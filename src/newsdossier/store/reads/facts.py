"""Reads of extracted facts (events, quotes, roles, memberships) with the filters every surface offers.

Kept apart from :mod:`newsdossier.query` (articles and duplicates) so each module stays small; both return
plain JSON-ready dicts in the documented output contract.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Select, Table, and_, case, distinct, func, or_, select, union

from newsdossier.models import ActorFilter, FactFilter
from newsdossier.store.schema import (
    SPAN_INDEXES,
    actor_links,
    actor_names,
    actor_table,
    consolidated_events,
    contradiction_table,
    event_evidence,
    event_participants,
    events,
    memberships,
    participant_codes,
    quotes,
    roles,
    span_days,
    votes,
)

_MAX_LISTED = 2000


def _registry_exists(conn: Connection) -> bool:
    return conn.execute(select(actor_table.c.id).limit(1)).first() is not None


def _actor_match(conn: Connection, table: Table, prefixes: tuple[str, ...], actor: str) -> ColumnElement[bool]:
    """Facts with an actor slot matching ``actor``: a case-insensitive substring of its name, or its ISO3 code.

    With a resolution registry (built at every ingest), the substring is looked up in the small ``actors`` and
    ``actor_names`` tables, and the facts are reached through indexes: those linked to a matching actor (so
    every spelling of that actor counts), those whose written name is one of the matching spellings, those
    whose written name equals the query (case-insensitive: how a fact no resolved actor covers, such as a
    descriptive "the president of ..." slot, is found), and those of that country. A substring of such an
    unresolved written name is not searched: that would scan every fact, which is what this avoids. Only a
    dossier without a registry (an older one, or one whose resolution has not run) scans every fact's name with
    LIKE, as there is nothing smaller to search.
    """
    needle = actor.lower()
    if not _registry_exists(conn):
        clauses = []
        for prefix in prefixes:
            clauses.append(func.lower(table.c[f"{prefix}_name"]).contains(needle, autoescape=True))
            clauses.append(table.c[f"{prefix}_country"] == actor.upper())
        return or_(*clauses)
    def contains(column: Any) -> ColumnElement[bool]:
        # SQLite's LIKE already ignores ASCII case, exactly as far as its lower() folds, and skips a function
        # call per row of the registry; other databases compare case-sensitively, hence lower() there.
        # autoescape: "_" and "%" in the query are characters to find, not LIKE wildcards.
        target = column if conn.dialect.name == "sqlite" else func.lower(column)
        return target.contains(needle, autoescape=True)

    named = select(actor_names.c.actor_id, actor_names.c.variant).where(contains(actor_names.c.variant))
    canonical = select(actor_table.c.id, actor_table.c.name).where(contains(actor_table.c.name))
    actor_ids: Any = select(named.subquery().c.actor_id).union(select(canonical.subquery().c.id))
    spellings: Any = select(named.subquery().c.variant).union(select(canonical.subquery().c.name))
    # The registry is scanned once here rather than once per slot inside the query; a very common substring
    # keeps the subqueries instead, so the statement stays within the database's limit on parameters.
    found = [*conn.execute(named).all(), *conn.execute(canonical).all()]
    if 2 * len(found) <= _MAX_LISTED:
        actor_ids, spellings = sorted({row[0] for row in found}), sorted({row[1] for row in found})
    matching: list[Select[Any]] = [
        select(actor_links.c.fact_id).where(actor_links.c.actor_id.in_(actor_ids), actor_links.c.fact == table.name,
                                            actor_links.c.slot.in_(prefixes))]
    for prefix in prefixes:
        matching.append(select(table.c.id).where(table.c[f"{prefix}_name"].in_(spellings)))
        matching.append(select(table.c.id).where(func.lower(table.c[f"{prefix}_name"]) == actor.lower()))
        matching.append(select(table.c.id).where(table.c[f"{prefix}_country"] == actor.upper()))
    return table.c.id.in_(union(*matching))


def _overlap(conn: Connection, table: Table, since: str | None, until: str | None) -> list[ColumnElement[bool]]:
    """Facts whose date range overlaps [since, until], written so the date indexes bound the scan.

    A range overlaps when it starts by ``until`` and ends from ``since``; the end alone is not indexed, so the
    start is also bounded from below by ``since`` minus the longest range stored (read from an expression index
    in O(log n) on SQLite), which keeps exactly the same facts.
    """
    conditions: list[ColumnElement[bool]] = []
    if since:
        conditions.append(func.coalesce(table.c.date_end, table.c.date_start) >= since)
        if table.name in SPAN_INDEXES and conn.dialect.name == "sqlite":
            longest = conn.execute(select(func.max(span_days(table)))).scalar()
            days = math.ceil(longest) if longest is not None else 0
            try:
                floor = (dt.date.fromisoformat(since) - dt.timedelta(days=days)).isoformat()
            except (ValueError, OverflowError):
                floor = None
            if floor is not None:
                conditions.append(table.c.date_start >= floor)
    if until:
        conditions.append(table.c.date_start <= until)
    return conditions


def _cameo_match(table: Table, prefix: str) -> ColumnElement[bool]:
    """A CAMEO code prefix as an index range (a two-digit one is the stored root), not an unindexed LIKE."""
    if len(prefix) == 2 and "cameo_root" in table.c:
        return table.c.cameo_root == prefix
    if not prefix:
        return table.c.cameo.is_not(None)
    following = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(table.c.cameo >= prefix, table.c.cameo < following)


def _filtered(conn: Connection, query: Select[Any], table: Table, prefixes: tuple[str, ...],
              where: FactFilter) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = []
    if where.actor:
        match = _actor_match(conn, table, prefixes, where.actor)
        if table is events:  # the parties of an undirected act are participants, not a source or target
            party = select(event_participants.c.event_id).where(
                _actor_match(conn, event_participants, ("actor",), where.actor))
            match = or_(match, table.c.id.in_(party))
        conditions.append(match)
    if where.actor_id:
        linked = select(actor_links.c.fact_id).where(actor_links.c.fact == table.name,
                                                     actor_links.c.slot.in_(prefixes),
                                                     actor_links.c.actor_id == where.actor_id)
        conditions.append(table.c.id.in_(linked.union(_participant_events(where.actor_id))
                                         if table is events else linked))
    if where.event and table is events:
        conditions.append(table.c.id.in_(select(consolidated_events.c.event_id)
                                         .where(consolidated_events.c.group_id == where.event)))
    conditions += _overlap(conn, table, where.since, where.until)
    if where.cameo and "cameo" in table.c:
        conditions.append(_cameo_match(table, where.cameo))
    if conditions:
        query = query.where(and_(*conditions))
    return _paged(query, where.offset, where.limit)


def _participant_events(actor_id: str) -> Select[Any]:
    """Ids of the events naming ``actor_id`` among their participants."""
    named = select(actor_links.c.fact_id).where(actor_links.c.fact == event_participants.name,
                                                actor_links.c.actor_id == actor_id)
    return select(event_participants.c.event_id).where(event_participants.c.id.in_(named))


def _paged(query: Select[Any], offset: int, limit: int | None) -> Select[Any]:
    query = query.offset(offset)
    return query.limit(limit) if limit is not None else query


def _actor(row: Any, prefix: str) -> dict[str, Any] | None:
    name = row[f"{prefix}_name"]
    if name is None:
        return None
    return {"name": name, "country": row[f"{prefix}_country"], "kind": row[f"{prefix}_kind"]}


def _linked(actor: dict[str, Any] | None, actor_id: str | None) -> dict[str, Any] | None:
    """An actor as written plus the id of the resolved actor it refers to (None when unresolved)."""
    if actor is None:
        return None
    return {**actor, "id": actor_id}


def _date(row: Any) -> dict[str, Any]:
    return {"start": row["date_start"], "end": row["date_end"], "precision": row["date_precision"]}


def _evidence(row: Any) -> dict[str, Any]:
    return {"article": row["article_id"], "field": row["field"], "start": row["start"], "end": row["end"],
            "sentence": row["sentence"]}


def iter_events(engine: Engine, where: FactFilter = FactFilter()) -> Iterator[dict[str, Any]]:
    with engine.connect() as conn:
        query = _filtered(conn, select(events).order_by(events.c.date_start, events.c.id), events,
                          ("source", "target"), where)
        rows = conn.execute(query).mappings().all()
        ids = [row["id"] for row in rows]
        evidence: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for start in range(0, len(ids), 500):
            found = conn.execute(select(event_evidence).where(event_evidence.c.event_id.in_(ids[start:start + 500]))
                                 .order_by(event_evidence.c.event_id, event_evidence.c.seq)).mappings()
            for row in found:
                evidence[row["event_id"]].append(_evidence(row))
        links, groups = event_links(conn, ids)
        parties = event_parties(conn, ids)
    for row in rows:
        yield event_record(row, evidence.get(row["id"], []), links, groups.get(row["id"]), parties.get(row["id"], []))


def event_parties(conn: Any, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The participants of each event in text order (contract: id, name, kind, country, code, role), read in
    chunks; ``code`` is the CAMEO-style code resolution gave the participant (None before resolution)."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        rows = conn.execute(
            select(event_participants, participant_codes.c.code)
            .outerjoin(participant_codes, participant_codes.c.participant_id == event_participants.c.id)
            .where(event_participants.c.event_id.in_(ids[start:start + 500]))
            .order_by(event_participants.c.event_id, event_participants.c.position)).mappings().all()
        links = _fact_links(conn, event_participants.name, [row["id"] for row in rows])
        for row in rows:
            actor = _linked(_actor(row, "actor"), links.get((row["id"], "actor")))
            found[row["event_id"]].append({**(actor or {}), "code": row["code"], "role": row["role"]})
    return found


def event_record(row: Any, evidence: list[dict[str, Any]], links: dict[tuple[str, str], str],
                 group: Any, participants: list[dict[str, Any]]) -> dict[str, Any]:
    """One event in the output contract, from its row, evidence, actor links, consolidated-event row and
    participants; ``source`` and ``target`` carry the code of their participant."""
    def coded(slot: str) -> dict[str, Any] | None:
        actor = _linked(_actor(row, slot), links.get((row["id"], slot)))
        if actor is not None:
            actor["code"] = next((party["code"] for party in participants
                                  if party["role"] == slot and party["name"] == actor["name"]), None)
        return actor

    return {
        "id": row["id"], "cameo": row["cameo"], "plover": row["plover"],
        "source": coded("source"), "target": coded("target"),
        "directed": row["directed"] is not False, "participants": participants,
        "date_start": row["date_start"], "date_end": row["date_end"], "date_precision": row["date_precision"],
        "place": row["place"], "negated": row["negated"], "hedged": row["hedged"],
        "attributed": bool(row["attributed"]),
        "trigger": row["trigger"], "evidence": evidence,
        "event": group.group_id if group else row["id"], "reports": group.reports if group else 1,
        "sources": group.sources if group else 1,
    }


def iter_quotes(engine: Engine, where: FactFilter = FactFilter()) -> Iterator[dict[str, Any]]:
    query = select(quotes).order_by(quotes.c.article_id, quotes.c.field, quotes.c.start)
    rows, links = _rows_with_links(engine, query, quotes, ("speaker",), where)
    for row in rows:
        yield {"id": row["id"], "speaker": _linked(_actor(row, "speaker"), links.get((row["id"], "speaker"))),
               "text": row["text"], "direct": row["direct"], "cue": row["cue"], "date": _date(row),
               "evidence": [_evidence(row)]}


def iter_roles(engine: Engine, where: FactFilter = FactFilter()) -> Iterator[dict[str, Any]]:
    query = select(roles).order_by(roles.c.person_name, roles.c.date_start)
    rows, links = _rows_with_links(engine, query, roles, ("person", "of"), where)
    for row in rows:
        yield {"id": row["id"], "person": _linked(_actor(row, "person"), links.get((row["id"], "person"))),
               "title": row["title"], "of": _linked(_actor(row, "of"), links.get((row["id"], "of"))),
               "date": _date(row), "evidence": [_evidence(row)]}


def iter_memberships(engine: Engine, where: FactFilter = FactFilter()) -> Iterator[dict[str, Any]]:
    query = select(memberships).order_by(memberships.c.organisation_name, memberships.c.member_name)
    rows, links = _rows_with_links(engine, query, memberships, ("organisation", "member"), where)
    for row in rows:
        yield {"id": row["id"],
               "organisation": _linked(_actor(row, "organisation"), links.get((row["id"], "organisation"))),
               "member": _linked(_actor(row, "member"), links.get((row["id"], "member"))),
               "status": row["status"], "date": _date(row), "evidence": [_evidence(row)]}


def fact_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {table.name: int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)
                for table in (events, quotes, roles, memberships)}


# ---- resolved actors, consolidated events, contradictions ---------------------------------------------------


def _fact_links(conn: Any, fact: str, ids: list[str]) -> dict[tuple[str, str], str]:
    """(fact id, slot) -> resolved actor id for the given facts of one table, read in chunks of 500."""
    links: dict[tuple[str, str], str] = {}
    for start in range(0, len(ids), 500):
        for row in conn.execute(select(actor_links).where(actor_links.c.fact == fact,
                                                          actor_links.c.fact_id.in_(ids[start:start + 500]))):
            links[(row.fact_id, row.slot)] = row.actor_id
    return links


def _rows_with_links(engine: Engine, query: Select[Any], table: Table, prefixes: tuple[str, ...],
                     where: FactFilter) -> tuple[list[Any], dict[tuple[str, str], str]]:
    with engine.connect() as conn:
        rows = list(conn.execute(_filtered(conn, query, table, prefixes, where)).mappings().all())
        return rows, _fact_links(conn, table.name, [row["id"] for row in rows])


def event_links(conn: Any, ids: list[str]) -> tuple[dict[tuple[str, str], str], dict[str, Any]]:
    """The resolved actors of the events' slots and the consolidated-event row of each event."""
    links = _fact_links(conn, "events", ids)
    groups: dict[str, Any] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for row in conn.execute(select(consolidated_events).where(consolidated_events.c.event_id.in_(chunk))):
            groups[row.event_id] = row
    return links, groups


def _roles_of(conn: Any, actor_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, dict[tuple[str, str | None], dict[str, Any]]] = defaultdict(dict)
    query = (select(actor_links.c.actor_id, roles).join(roles, roles.c.id == actor_links.c.fact_id)
             .where(actor_links.c.fact == "roles", actor_links.c.slot == "person",
                    actor_links.c.actor_id.in_(actor_ids))
             # A total order (NULL dates first on every backend) so both backends list the same evidence.
             .order_by(func.coalesce(roles.c.date_start, ""), roles.c.article_id, roles.c.field, roles.c.start,
                       roles.c.id))
    for row in conn.execute(query).mappings():
        key = (" ".join(row["title"].lower().split()), row["of_country"])
        entry = found[row["actor_id"]].setdefault(key, {"title": row["title"], "of": row["of_country"],
                                                        "from": row["date_start"], "to": row["date_end"],
                                                        "evidence": []})
        if row["date_start"] and (entry["from"] is None or row["date_start"] < entry["from"]):
            entry["from"] = row["date_start"]
        if row["date_end"] and (entry["to"] is None or row["date_end"] > entry["to"]):
            entry["to"] = row["date_end"]
        entry["evidence"].append({"article": row["article_id"], "field": row["field"], "start": row["start"],
                                  "end": row["end"]})
    return {actor_id: list(entries.values()) for actor_id, entries in found.items()}


def iter_actors(engine: Engine, where: ActorFilter = ActorFilter()) -> Iterator[dict[str, Any]]:
    """Resolved actors, most mentioned first (contract: id, name, kind, country, variants [names], variant_counts,
    roles [{title, of, from, to, evidence}], mentions)."""
    query = select(actor_table).order_by(actor_table.c.mentions.desc(), actor_table.c.id)
    if where.id:
        query = query.where(actor_table.c.id == where.id)
    if where.kind:
        query = query.where(actor_table.c.kind == where.kind)
    if where.country:
        query = query.where(actor_table.c.country == where.country.upper())
    if where.name:
        needle = where.name.lower()
        variants = select(actor_names.c.actor_id).where(
            func.lower(actor_names.c.variant).contains(needle, autoescape=True))
        query = query.where(or_(func.lower(actor_table.c.name).contains(needle, autoescape=True),
                                actor_table.c.id.in_(variants)))
    query = _paged(query, where.offset, where.limit)
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
        ids = [row["id"] for row in rows]
        names: dict[str, list[tuple[str, int]]] = defaultdict(list)
        role_map: dict[str, list[dict[str, Any]]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            query_names = select(actor_names).where(actor_names.c.actor_id.in_(chunk))
            for name_row in conn.execute(query_names).mappings():
                names[name_row["actor_id"]].append((name_row["variant"], int(name_row["count"])))
            role_map.update(_roles_of(conn, chunk))
    for row in rows:
        spellings = sorted(names.get(row["id"], []), key=lambda item: (-item[1], item[0]))
        yield {"id": row["id"], "name": row["name"], "kind": row["kind"], "country": row["country"],
               "variants": [variant for variant, _ in spellings],
               "variant_counts": {variant: count for variant, count in spellings},
               "roles": role_map.get(row["id"], []), "mentions": row["mentions"]}


def get_actor(engine: Engine, actor_id: str) -> dict[str, Any] | None:
    """One actor with its record (as in :func:`iter_actors`) plus how many facts of each table name it."""
    record = next(iter_actors(engine, ActorFilter(id=actor_id)), None)
    if record is None:
        return None
    with engine.connect() as conn:
        facts = {fact: int(count) for fact, count in conn.execute(
            select(actor_links.c.fact, func.count()).where(actor_links.c.actor_id == actor_id)
            .group_by(actor_links.c.fact)).all()}
    return {**record, "facts": facts}


def iter_contradictions(engine: Engine, where: ActorFilter = ActorFilter()) -> Iterator[dict[str, Any]]:
    """Contradictions (contract: id, about, kind, subject, claims [{value, evidence [{article, field, start,
    end}]}]); ``where.name`` matches the text of ``about``, ``where.kind`` the kind (vote, role, ...)."""
    query = select(contradiction_table).order_by(contradiction_table.c.kind, contradiction_table.c.about)
    if where.kind:
        query = query.where(contradiction_table.c.kind.startswith(where.kind, autoescape=True))
    if where.name:
        query = query.where(func.lower(contradiction_table.c.about).contains(where.name.lower(), autoescape=True))
    query = _paged(query, where.offset, where.limit)
    with engine.connect() as conn:
        for row in conn.execute(query).mappings():
            yield {"id": row["id"], "about": row["about"], "kind": row["kind"], "subject": row["subject"],
                   "claims": row["claims"]}


def resolution_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        def count(query: Any) -> int:
            return int(conn.execute(query).scalar() or 0)

        return {
            "actors": count(select(func.count()).select_from(actor_table)),
            "people": count(select(func.count()).select_from(actor_table).where(actor_table.c.kind == "person")),
            "consolidated_events": count(select(func.count(func.distinct(consolidated_events.c.group_id)))),
            "contradictions": count(select(func.count()).select_from(contradiction_table)),
            "votes": count(select(func.count()).select_from(votes)),
        }


def network(engine: Engine, actor_id: str | None = None, limit: int | None = 50) -> list[dict[str, Any]]:
    """Resolved actor pairs of events with how many events link them, most frequent first (contract: source {id,
    name}, target {id, name}, events, directed): a directed act links each of its sources to each of its
    targets; an undirected act (a meeting, a signing) links each pair of its participants once per event, as
    ``directed: false`` with the lower actor id as ``source``. ``actor_id`` keeps the events involving that
    actor.

    Read from the participants' event index and ``actor_links`` (its primary key), so an actor's network costs
    in proportion to its events, not to the dossier.
    """
    first, second = event_participants.alias("first_party"), event_participants.alias("second_party")
    first_link, second_link = actor_links.alias("first_link"), actor_links.alias("second_link")
    pairs = (select().select_from(first)
             .join(second, second.c.event_id == first.c.event_id)
             .join(first_link, and_(first_link.c.fact == event_participants.name,
                                    first_link.c.fact_id == first.c.id, first_link.c.slot == "actor"))
             .join(second_link, and_(second_link.c.fact == event_participants.name,
                                     second_link.c.fact_id == second.c.id, second_link.c.slot == "actor"))
             .where(first_link.c.actor_id != second_link.c.actor_id))
    # One count per event however many of its participants stand for the same two actors.
    count = func.count(distinct(first.c.event_id)).label("events")
    # A directed act: each of its sources with each of its targets.
    directed = (pairs.add_columns(first_link.c.actor_id.label("source"), second_link.c.actor_id.label("target"),
                                  count)
                .where(first.c.role == "source", second.c.role == "target"))
    # An undirected pair is unordered: its lower actor id first.
    low = case((first_link.c.actor_id < second_link.c.actor_id, first_link.c.actor_id), else_=second_link.c.actor_id)
    high = case((first_link.c.actor_id < second_link.c.actor_id, second_link.c.actor_id),
                else_=first_link.c.actor_id)
    undirected = (pairs.add_columns(low.label("source"), high.label("target"), count)
                  .where(first.c.role == "participant", second.c.role == "participant",
                         second.c.position > first.c.position))
    if actor_id is not None:
        involved = _participant_events(actor_id)
        directed = directed.where(first.c.event_id.in_(involved))
        undirected = undirected.where(first.c.event_id.in_(involved))
    edges: list[tuple[int, str, str, bool]] = []
    with engine.connect() as conn:
        for query, is_directed in ((directed, True), (undirected, False)):
            query = query.group_by("source", "target").order_by(count.desc(), "source", "target")
            edges += [(row.events, row.source, row.target, is_directed)
                      for row in conn.execute(_paged(query, 0, limit)).all()]
        edges.sort(key=lambda edge: (-edge[0], edge[1], edge[2], not edge[3]))
        edges = edges[:limit] if limit is not None else edges
        ids = sorted({edge[1] for edge in edges} | {edge[2] for edge in edges})
        names: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            names.update((row.id, row.name) for row in conn.execute(
                select(actor_table.c.id, actor_table.c.name).where(actor_table.c.id.in_(ids[start:start + 500]))))
    return [{"source": {"id": source_id, "name": names.get(source_id)},
             "target": {"id": target_id, "name": names.get(target_id)}, "events": events_count,
             "directed": is_directed} for events_count, source_id, target_id, is_directed in edges]
