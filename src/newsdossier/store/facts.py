"""Storage of extracted facts: events, quotes, roles and memberships, each with its evidence offsets.

Extraction results are replaced per article inside one transaction together with the article's
``extractions`` row, so an interrupted extraction resumes with the articles that have no row yet and a
re-extraction (a newer extractor version) never leaves half an article's facts behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    Engine,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
)

from newsdossier.models import (
    ActorRef,
    EventDate,
    Evidence,
    ExtractedEvent,
    ExtractedMembership,
    ExtractedMention,
    ExtractedQuote,
    ExtractedRole,
    ExtractedVote,
)
from newsdossier.store.base import articles, metadata, now

# Bump when extractors change in a way that should redo stored articles on the next ingest.
EXTRACTOR_VERSION = 4


def _actor_columns(prefix: str) -> list[Column[Any]]:
    return [Column(f"{prefix}_name", Text), Column(f"{prefix}_kind", String(16)),
            Column(f"{prefix}_country", String(3))]


def _date_columns() -> list[Column[Any]]:
    return [Column("date_start", String(10)), Column("date_end", String(10)), Column("date_precision", String(10))]


def _evidence_columns() -> list[Column[Any]]:
    return [
        Column("article_id", String(32), ForeignKey("articles.id"), nullable=False),
        Column("field", String(16), nullable=False),
        Column("start", Integer, nullable=False),
        Column("end", Integer, nullable=False),
        Column("sentence", Text, nullable=False),
    ]


extractions = Table(
    "extractions",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("extracted_at", String(32), nullable=False),
    Column("error", Text),
)

events = Table(
    "events",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("cameo", String(8), nullable=False),
    Column("cameo_root", String(2), nullable=False),
    Column("plover", String(24)),
    *_actor_columns("source"),
    *_actor_columns("target"),
    *_date_columns(),
    Column("place", Text),
    Column("negated", Boolean, nullable=False),
    Column("hedged", Boolean, nullable=False),
    Column("trigger", Text, nullable=False),
    Column("article_id", String(32), ForeignKey("articles.id"), nullable=False),
)
Index("ix_events_article", events.c.article_id)
Index("ix_events_date", events.c.date_start)
Index("ix_events_cameo", events.c.cameo)
# Timelines, networks and searches by actor and date (see bench/bench_queries.py for the reads they serve).
Index("ix_events_source_date", events.c.source_name, events.c.date_start)
Index("ix_events_target_date", events.c.target_name, events.c.date_start)
Index("ix_events_root_date", events.c.cameo_root, events.c.date_start)
Index("ix_events_source_country_date", events.c.source_country, events.c.date_start)
Index("ix_events_target_country_date", events.c.target_country, events.c.date_start)
# Case-insensitive exact names, for the facts no resolved actor covers (facts_query._actor_match).
Index("ix_events_source_lower", func.lower(events.c.source_name))
Index("ix_events_target_lower", func.lower(events.c.target_name))

event_evidence = Table(
    "event_evidence",
    metadata,
    Column("event_id", String(32), ForeignKey("events.id"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    *_evidence_columns(),
)
Index("ix_event_evidence_article", event_evidence.c.article_id)

quotes = Table(
    "quotes",
    metadata,
    Column("id", String(32), primary_key=True),
    *_actor_columns("speaker"),
    Column("text", Text, nullable=False),
    Column("direct", Boolean, nullable=False),
    Column("cue", Text),
    *_date_columns(),
    *_evidence_columns(),
)
Index("ix_quotes_article", quotes.c.article_id)
Index("ix_quotes_speaker_date", quotes.c.speaker_name, quotes.c.date_start)
Index("ix_quotes_speaker_country_date", quotes.c.speaker_country, quotes.c.date_start)
Index("ix_quotes_date", quotes.c.date_start)
Index("ix_quotes_speaker_lower", func.lower(quotes.c.speaker_name))


def span_days(table: Table) -> ColumnElement[Any]:
    """Days from a fact's first to its last date (0 for a single day; NULL when undated)."""
    return func.julianday(func.coalesce(table.c.date_end, table.c.date_start)) - func.julianday(table.c.date_start)


# The longest date range of each large fact table is read from these (SQLite) expression indexes in O(log n), so a
# date-overlap filter can bound ``date_start`` from below and the date indexes bound the scan (facts_query).
SPAN_INDEXES = {table.name: Index(f"ix_{table.name}_span", span_days(table)).ddl_if(dialect="sqlite")
                for table in (events, quotes)}

roles = Table(
    "roles",
    metadata,
    Column("id", String(32), primary_key=True),
    *_actor_columns("person"),
    Column("title", Text, nullable=False),
    *_actor_columns("of"),
    *_date_columns(),
    *_evidence_columns(),
)
Index("ix_roles_article", roles.c.article_id)

memberships = Table(
    "memberships",
    metadata,
    Column("id", String(32), primary_key=True),
    *_actor_columns("organisation"),
    *_actor_columns("member"),
    Column("status", String(16), nullable=False),
    *_date_columns(),
    *_evidence_columns(),
)
Index("ix_memberships_article", memberships.c.article_id)


mentions = Table(
    "mentions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("text", Text, nullable=False),
    *_actor_columns("actor"),
    Column("credit", Boolean, nullable=False),
    Column("article_id", String(32), ForeignKey("articles.id"), nullable=False),
    Column("field", String(16), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)
Index("ix_mentions_article", mentions.c.article_id)

votes = Table(
    "votes",
    metadata,
    Column("id", String(32), primary_key=True),
    *_actor_columns("voter"),
    Column("value", String(16), nullable=False),
    *_actor_columns("body"),
    *_date_columns(),
    *_evidence_columns(),
)
Index("ix_votes_article", votes.c.article_id)


@dataclass(slots=True)
class ArticleExtraction:
    """Everything extracted from one article (all its fields)."""

    article_id: str
    error: str | None = None
    events: list[ExtractedEvent] = field(default_factory=list)
    quotes: list[ExtractedQuote] = field(default_factory=list)
    roles: list[ExtractedRole] = field(default_factory=list)
    memberships: list[ExtractedMembership] = field(default_factory=list)
    mentions: list[ExtractedMention] = field(default_factory=list)
    votes: list[ExtractedVote] = field(default_factory=list)


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


def _rows(result: ArticleExtraction) -> dict[Table, list[dict[str, Any]]]:
    rows: dict[Table, list[dict[str, Any]]] = {events: [], event_evidence: [], quotes: [], roles: [],
                                               memberships: [], mentions: [], votes: []}
    for item in result.events:
        event_id = _stable_id("event", *_where(item.evidence), item.cameo, item.trigger,
                              item.source and item.source.name, item.target and item.target.name)
        rows[events].append({
            "id": event_id, "cameo": item.cameo, "cameo_root": item.cameo[:2], "plover": item.plover,
            **_actor("source", item.source), **_actor("target", item.target), **_date(item.date),
            "place": item.place, "negated": item.negated, "hedged": item.hedged, "trigger": item.trigger,
            "article_id": result.article_id,
        })
        rows[event_evidence].append({"event_id": event_id, "seq": 0, **_evidence(item.evidence)})
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


def pending_articles(engine: Engine) -> list[str]:
    """Ids of articles with no extraction at the current version, in ingest order."""
    done = select(extractions.c.article_id).where(extractions.c.version == EXTRACTOR_VERSION)
    query = select(articles.c.id).where(articles.c.id.not_in(done)).order_by(articles.c.seq)
    with engine.connect() as conn:
        return list(conn.execute(query).scalars())


def write_extractions(engine: Engine, results: Sequence[ArticleExtraction]) -> None:
    """Replace the facts of each article in ``results`` and mark them extracted, atomically."""
    if not results:
        return
    ids = [result.article_id for result in results]
    stamp = now()
    with engine.begin() as conn:
        old_events = select(events.c.id).where(events.c.article_id.in_(ids))
        conn.execute(delete(event_evidence).where(event_evidence.c.event_id.in_(old_events)))
        for table in (events, quotes, roles, memberships, mentions, votes):
            conn.execute(delete(table).where(table.c.article_id.in_(ids)))
        conn.execute(delete(extractions).where(extractions.c.article_id.in_(ids)))
        merged: dict[Table, list[dict[str, Any]]] = {}
        for result in results:
            for table, table_rows in _rows(result).items():
                merged.setdefault(table, []).extend(table_rows)
        for table in (events, event_evidence, quotes, roles, memberships, mentions, votes):
            if merged.get(table):
                conn.execute(insert(table), merged[table])
        conn.execute(insert(extractions), [{"article_id": result.article_id, "version": EXTRACTOR_VERSION,
                                            "extracted_at": stamp, "error": result.error} for result in results])
