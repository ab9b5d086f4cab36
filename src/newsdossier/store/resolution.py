"""Derived tables of resolution and consolidation: actors, their names, links from facts to actors,
consolidated events and contradictions.

Like duplicate groups they are derived data: recomputed from every stored fact at the end of each ingest
and replaced in one transaction, so readers never see half a recomputation and the result does not depend
on the order articles arrived in.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, Column, Engine, Index, Integer, String, Table, Text, delete, insert, select

from newsdossier.resolve.consolidate import (
    Claim,
    Passage,
    Report,
    Where,
    consolidate_events,
    contradictions,
    date_conflicts,
    date_range,
    independent_sources,
)
from newsdossier.resolve.names import fold
from newsdossier.resolve.people import LocalPerson, local_people, registry_actor_id, resolve_people, title_key
from newsdossier.store.base import articles, metadata
from newsdossier.store.base import passages as passage_table
from newsdossier.store.facts import event_evidence, events, memberships, mentions, quotes, roles, votes

actor_table = Table(
    "actors",
    metadata,
    Column("id", String(96), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("name", Text, nullable=False),
    Column("country", String(3)),
    Column("mentions", Integer, nullable=False),
)

actor_names = Table(
    "actor_names",
    metadata,
    Column("actor_id", String(96), primary_key=True),
    Column("variant", Text, primary_key=True),
    Column("count", Integer, nullable=False),
)

# Which actor each fact slot (events.source, quotes.speaker, mentions.actor, ...) refers to.
actor_links = Table(
    "actor_links",
    metadata,
    Column("fact", String(16), primary_key=True),
    Column("fact_id", String(32), primary_key=True),
    Column("slot", String(16), primary_key=True),
    Column("actor_id", String(96), nullable=False),
)
# Covering: an actor's linked facts are read from the index alone (timelines, networks).
Index("ix_actor_links_actor", actor_links.c.actor_id, actor_links.c.fact, actor_links.c.slot, actor_links.c.fact_id)

consolidated_events = Table(
    "consolidated_events",
    metadata,
    Column("event_id", String(32), primary_key=True),
    Column("group_id", String(32), nullable=False),
    Column("reports", Integer, nullable=False),
    Column("sources", Integer, nullable=False),
)
Index("ix_consolidated_group", consolidated_events.c.group_id)

contradiction_table = Table(
    "contradictions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("about", Text, nullable=False),
    Column("subject", String(96), nullable=False),
    Column("claims", JSON, nullable=False),
)

# (fact table, slot prefix) of every actor slot in the fact tables.
FACT_SLOTS: tuple[tuple[Table, str], ...] = (
    (events, "source"), (events, "target"), (quotes, "speaker"), (roles, "person"), (roles, "of"),
    (memberships, "organisation"), (memberships, "member"), (votes, "voter"), (votes, "body"),
    (mentions, "actor"),
)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class _Resolution:
    """Everything read once from the store for one recomputation."""

    def __init__(self, engine: Engine) -> None:
        with engine.connect() as conn:
            self.duplicate_of = {row.id: row.duplicate_of for row in conn.execute(
                select(articles.c.id, articles.c.duplicate_of).where(articles.c.duplicate_of.is_not(None)))}
            self.authors = {row.id: row.author for row in conn.execute(select(articles.c.id, articles.c.author))}
            self.slot_rows = {table.name: conn.execute(select(table)).mappings().all()
                              for table in {table for table, _ in FACT_SLOTS}}
            self.event_evidence: dict[str, list[Where]] = defaultdict(list)
            for row in conn.execute(select(event_evidence)):
                self.event_evidence[row.event_id].append(Where(row.article_id, row.field, row.start, row.end))
            self.passages = [
                Passage(row.passage_hash, Where(row.article_id, row.field if row.field == "text"
                                                else f"caption:{row.idx}", row.start, row.end))
                for row in conn.execute(select(passage_table))
            ]

    def byline(self, article: str, name: str) -> bool:
        """Whether ``name`` is (part of) the article's byline: its author writes the story, not in it."""
        author = self.authors.get(article)
        words = set(fold(name).split())
        return bool(author) and bool(words) and words <= set(fold(author or "").split())

    def people(self) -> tuple[list[LocalPerson], dict[tuple[str, str], int]]:
        mention_rows = [(r["article_id"], r["actor_name"], r["text"], r["actor_country"])
                        for r in self.slot_rows["mentions"] if r["actor_kind"] == "person" and not r["credit"]
                        and not self.byline(r["article_id"], r["actor_name"])]
        role_rows = [(r["article_id"], r["person_name"], r["person_country"] or r["of_country"], r["title"])
                     for r in self.slot_rows["roles"] if not self.byline(r["article_id"], r["person_name"])]
        people = local_people(mention_rows, role_rows, self.duplicate_of)
        index = {(p.article, p.name): i for i, p in enumerate(people)}
        return people, index


def recompute(engine: Engine) -> dict[str, int]:
    """Resolve actors, link facts, consolidate events and find contradictions; replace the derived tables."""
    data = _Resolution(engine)
    people, index = data.people()
    resolved = resolve_people(people)
    person_of: dict[int, str] = {}
    actor_rows: dict[str, dict[str, Any]] = {}
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for actor in resolved:
        for member in actor.members:
            person_of[member] = actor.id
        actor_rows[actor.id] = {"id": actor.id, "kind": "person", "name": actor.name, "country": actor.country,
                                "mentions": 0}
        names[actor.id].update(actor.variants)

    def link(row: Any, prefix: str) -> str | None:
        name, kind = row[f"{prefix}_name"], row[f"{prefix}_kind"]
        if name is None:
            return None
        if kind == "person":
            found = index.get((row["article_id"], name))
            return person_of.get(found) if found is not None else None
        registry = registry_actor_id(name, kind, row[f"{prefix}_country"])
        if registry is None:
            return None
        actor_id, actor_kind, canonical, country = registry
        actor_rows.setdefault(actor_id, {"id": actor_id, "kind": actor_kind, "name": canonical,
                                         "country": country, "mentions": 0})
        return actor_id

    links: list[dict[str, Any]] = []
    linked: dict[tuple[str, str, str], str] = {}
    holders = _role_holders(data.slot_rows["roles"], index, person_of)
    for table, prefix in FACT_SLOTS:
        for row in data.slot_rows[table.name]:
            if table is mentions and row["credit"]:
                continue
            actor_id = link(row, prefix) or _holder(row, prefix, holders)
            if actor_id is None:
                continue
            linked[(table.name, row["id"], prefix)] = actor_id
            links.append({"fact": table.name, "fact_id": row["id"], "slot": prefix, "actor_id": actor_id})
            if table is mentions:
                actor_rows[actor_id]["mentions"] += 1
                if actor_rows[actor_id]["kind"] != "person":
                    names[actor_id][" ".join(row["text"].split()).rstrip(".,;:")] += 1
    country_of = {actor_id: row["country"] for actor_id, row in actor_rows.items()}

    labels = {actor_id: row["name"] for actor_id, row in actor_rows.items()}
    group_rows, date_found = _consolidate(data, linked, country_of, labels)
    found = _contradictions(data, linked, actor_rows) + date_found
    with engine.begin() as conn:
        for table in (actor_table, actor_names, actor_links, consolidated_events, contradiction_table):
            conn.execute(delete(table))
        _insert(conn, actor_table, list(actor_rows.values()))
        _insert(conn, actor_names, [{"actor_id": a, "variant": v, "count": c} for a, counter in names.items()
                                    for v, c in counter.items()])
        _insert(conn, actor_links, links)
        _insert(conn, consolidated_events, group_rows)
        _insert(conn, contradiction_table, [{"id": c["id"], "kind": c["kind"], "about": c["about"],
                                             "subject": c["subject"], "claims": c["claims"]} for c in found])
    return {"actors": len(actor_rows), "consolidated_events": len({r["group_id"] for r in group_rows}),
            "contradictions": len(found)}


def _role_holders(role_rows: Sequence[Any], index: dict[tuple[str, str], int],
                  person_of: dict[int, str]) -> dict[tuple[str, str], set[str]]:
    """(title, country) -> the people holding that title for that country in any article."""
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in role_rows:
        country = row["of_country"] or row["person_country"]
        found = index.get((row["article_id"], row["person_name"]))
        if country and found is not None and found in person_of:
            holders[(title_key(row["title"]), country)].add(person_of[found])
    return holders


def _holder(row: Any, prefix: str, holders: dict[tuple[str, str], set[str]]) -> str | None:
    """A person the extraction could only describe by role ("the foreign minister of Kyrgyzstan", when the
    article never names them) is the one person other articles name with that role, if there is one."""
    name, country = row[f"{prefix}_name"], row[f"{prefix}_country"]
    if row[f"{prefix}_kind"] != "person" or not name or not country or not name.startswith("the "):
        return None
    title = name[4:].rsplit(" of ", 1)[0]
    found = holders.get((title_key(title), country), set())
    return next(iter(found)) if len(found) == 1 else None


# Title prefixes that put a role at another time than the article's ("former minister", "then-president").
TIME_SHIFTED = frozenset({"former", "ex", "then", "outgoing", "incoming", "future", "late", "designate", "elect"})


def _past_or_future(title: str) -> bool:
    words = fold(title).split()
    return not words or bool(TIME_SHIFTED & set(words)) or not title[:1].isalpha()


def _insert(conn: Any, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 5000):
        conn.execute(insert(table), list(rows[start:start + 5000]))


def _side(actor_id: str | None, country_of: dict[str, str | None]) -> frozenset[str]:
    if actor_id is None:
        return frozenset()
    country = country_of.get(actor_id)
    return frozenset({actor_id, country} if country else {actor_id})


def _consolidate(data: _Resolution, linked: dict[tuple[str, str, str], str], country_of: dict[str, str | None],
                 labels: dict[str, str]) -> tuple[list[dict[str, Any]], list[dict[str, object]]]:
    evidence = data.event_evidence
    reports = [
        Report(row["id"], row["cameo_root"], _side(linked.get(("events", row["id"], "source")), country_of),
               _side(linked.get(("events", row["id"], "target")), country_of), _date(row["date_start"]),
               _date(row["date_end"]), row["date_precision"],
               (evidence.get(row["id"]) or [Where(row["article_id"], "text", 0, 0)])[0])
        for row in data.slot_rows["events"] if not row["negated"]
    ]
    rows: list[dict[str, Any]] = []
    groups = consolidate_events(reports)
    for group in groups:
        wheres = [w for member in group.members for w in evidence.get(member.id, ())]
        reports_count = len({w.article for w in wheres})
        sources = independent_sources(wheres, data.duplicate_of, data.passages)
        rows += [{"event_id": member.id, "group_id": group.id, "reports": reports_count, "sources": sources}
                 for member in group.members]
    grouped = {row["event_id"] for row in rows}
    for row in data.slot_rows["events"]:
        if row["id"] not in grouped:  # negated events are reports of their own
            rows.append({"event_id": row["id"], "group_id": row["id"], "reports": 1, "sources": 1})
    return rows, date_conflicts(groups, data.duplicate_of, labels)


def _span(row: Any) -> tuple[dt.date | None, dt.date | None]:
    found = date_range(_date(row["date_start"]), _date(row["date_end"]), row["date_precision"])
    return found if found is not None else (None, None)


def _contradictions(data: _Resolution, linked: dict[tuple[str, str, str], str],
                    actor_rows: dict[str, dict[str, Any]]) -> list[dict[str, object]]:
    claims: list[Claim] = []

    def where(row: Any) -> Where:
        return Where(row["article_id"], row["field"], row["start"], row["end"])

    def label(actor_id: str) -> str:
        return actor_rows[actor_id]["name"] if actor_id in actor_rows else actor_id

    for row in data.slot_rows["votes"]:
        voter = linked.get(("votes", row["id"], "voter"))
        if voter is None:
            continue
        body = linked.get(("votes", row["id"], "body"))
        claims.append(Claim("vote", voter, label(body) if body else None, row["value"], *_span(row), where(row),
                            label(voter)))
    for row in data.slot_rows["memberships"]:
        member = linked.get(("memberships", row["id"], "member"))
        organisation = linked.get(("memberships", row["id"], "organisation"))
        if member is None or organisation is None:
            continue
        claims.append(Claim(f"membership in {label(organisation)}", member, None, row["status"],
                            *_span(row), where(row), label(member)))
    # Titles that differ only in case or "acting" are one role: each is shown as its most common spelling.
    written: dict[str, Counter[str]] = defaultdict(Counter)
    for row in data.slot_rows["roles"]:
        written[title_key(row["title"])][" ".join(row["title"].lower().split())] += 1
    for row in data.slot_rows["roles"]:
        person = linked.get(("roles", row["id"], "person"))
        if person is None or _past_or_future(row["title"]):
            continue
        title = written[title_key(row["title"])].most_common(1)[0][0]
        claims.append(Claim("role", person, row["of_country"], title, *_span(row), where(row), label(person)))
    return contradictions(claims, data.duplicate_of)
