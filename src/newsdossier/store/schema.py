"""The schema: every table of a dossier, on one ``MetaData``, for SQLite and PostgreSQL alike.

Three layers of tables, in the order data flows:

* inputs: ``articles`` (cleaned text with its fingerprint), ``sources`` (the ledger of every input seen),
  ``rejects``; derived from them, ``dup_groups`` and ``passages``;
* facts, replaced per article with its ``extractions`` row: ``events`` (+ ``event_evidence``, every sentence
  telling the event, and ``event_participants``, every actor it names with its part), ``quotes``,
  ``roles``, ``memberships``, ``mentions``, ``votes`` — every row keeps its evidence offsets;
* derived from every fact, replaced in one transaction: ``actors``, ``actor_names``, ``actor_links``,
  ``participant_codes``, ``consolidated_events``, ``contradictions``.

``meta`` holds the schema version. Only :mod:`newsdossier.store` and the driver use SQLAlchemy.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ColumnElement,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
)

from newsdossier.models import FACT_SLOTS

SCHEMA_VERSION = 1
# Bump when extractors change in a way that should redo stored articles on the next ingest.
EXTRACTOR_VERSION = 6
# published_method of dates inferred from other articles: derived data, recomputed after every ingest.
ANCHORED = "anchored"

# ---- inputs -------------------------------------------------------------------------------------------------
metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("seq", Integer, nullable=False, unique=True),
    Column("source", Text, nullable=False),
    Column("format", String(8), nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("author", Text),
    Column("outlet", Text),
    Column("published", String(10)),
    Column("published_precision", String(8)),
    Column("published_method", String(16)),
    Column("text", Text, nullable=False),
    Column("paragraphs", JSON, nullable=False),
    Column("captions", JSON, nullable=False),
    Column("removed", JSON, nullable=False),
    Column("exact_hash", String(64), nullable=False),
    Column("minhash", LargeBinary, nullable=False),
    Column("passages", JSON, nullable=False),
    Column("length", Integer, nullable=False),
    Column("duplicate_of", String(32)),
    Column("duplicate_kind", String(8)),
    Column("duplicate_similarity", Float),
    Column("ingested_at", String(32), nullable=False),
)
Index("ix_articles_published", articles.c.published)
Index("ix_articles_duplicate_of", articles.c.duplicate_of)

# The ledger of every input ever seen, stored or rejected: re-ingesting the same bytes from the same place is
# recognised here and skipped, so a second run adds nothing.
sources = Table(
    "sources",
    metadata,
    Column("source", Text, primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("article_id", String(32), ForeignKey("articles.id")),
    Column("status", String(16), nullable=False),
    Column("seen_at", String(32), nullable=False),
)
Index("ix_sources_article", sources.c.article_id)

rejects = Table(
    "rejects",
    metadata,
    Column("source", Text, primary_key=True),
    Column("reason", Text, nullable=False),
    Column("content_hash", String(64)),
    Column("rejected_at", String(32), nullable=False),
)

# What reading an input had to repair (invalid bytes replaced): the input was stored, and the user should know.
input_warnings = Table(
    "input_warnings",
    metadata,
    Column("source", Text, primary_key=True),
    Column("warning", Text, primary_key=True),
    Column("seen_at", String(32), nullable=False),
)

dup_groups = Table(
    "dup_groups",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("group_id", String(32), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("similarity", Float, nullable=False),
)
Index("ix_dup_groups_group", dup_groups.c.group_id)

passages = Table(
    "passages",
    metadata,
    Column("passage_hash", String(64), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("field", String(8), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)
Index("ix_passages_article", passages.c.article_id)

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)


# ---- facts --------------------------------------------------------------------------------------------------
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


# One row per extracted article, with the inputs its facts were computed from: the article itself (its id is
# the hash of its text), the extractor version and the publication date the facts were dated against. An article
# whose inputs no longer match (a newer extractor, a date anchored or changed since) is extracted again.
extractions = Table(
    "extractions",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("extracted_at", String(32), nullable=False),
    Column("error", Text),
    Column("published", String(10)),
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
    # An undirected act (a meeting, a signing) has no source and target, only participants.
    Column("directed", Boolean, nullable=False, default=True),
    # Known only from a speaker whose claim or accusation about it is an event of its own.
    Column("attributed", Boolean, nullable=False, default=False),
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

# Every actor an event names, in text order, with its part: source, target or participant (of an undirected act).
event_participants = Table(
    "event_participants",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("event_id", String(32), ForeignKey("events.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("role", String(12), nullable=False),
    *_actor_columns("actor"),
    Column("article_id", String(32), ForeignKey("articles.id"), nullable=False),
)
Index("ix_event_participants_event", event_participants.c.event_id)
Index("ix_event_participants_article", event_participants.c.article_id)
Index("ix_event_participants_lower", func.lower(event_participants.c.actor_name))

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


# ---- derived from every fact --------------------------------------------------------------------------------
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
    Column("fact", String(32), primary_key=True),
    Column("fact_id", String(32), primary_key=True),
    Column("slot", String(16), primary_key=True),
    Column("actor_id", String(96), nullable=False),
)
# Covering: an actor's linked facts are read from the index alone (timelines, networks).
Index("ix_actor_links_actor", actor_links.c.actor_id, actor_links.c.fact, actor_links.c.slot, actor_links.c.fact_id)

# The CAMEO-style code of every event participant (RUSGOV, UKRMIL, IGO, ---REB), set at resolution from the
# participant's role at the event's date (newsdossier.resolve.codes).
participant_codes = Table(
    "participant_codes",
    metadata,
    Column("participant_id", String(32), primary_key=True),
    Column("code", String(16), nullable=False),
)

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

# The fact tables with actor slots (see models.FACT_SLOTS).
SLOT_TABLES: tuple[Table, ...] = tuple(dict.fromkeys(metadata.tables[name] for name, _ in FACT_SLOTS))
