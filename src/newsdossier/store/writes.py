"""Every write to a dossier's database, each one transaction that leaves the database consistent.

Whatever moment the process dies at, what is committed is whole: articles, the ledger of seen inputs and
rejects of one batch commit together; an article's facts are replaced together with its ``extractions`` row; and
derived tables (duplicate groups, shared passages, anchored dates, actors, consolidated events, contradictions)
are replaced in one transaction each. That is what makes a killed ingest resume to exactly the state of an
uninterrupted one, and what lets readers run during an ingest without ever seeing half a recomputation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, func, insert, select, update

from newsdossier.models import ArticleExtraction, ArticleRow, LedgerEntry
from newsdossier.store.connection import writing
from newsdossier.store.fact_rows import fact_rows
from newsdossier.store.schema import (
    ANCHORED,
    EXTRACTOR_VERSION,
    actor_links,
    actor_names,
    actor_table,
    articles,
    consolidated_events,
    contradiction_table,
    dup_groups,
    event_evidence,
    event_participants,
    events,
    extractions,
    input_warnings,
    memberships,
    mentions,
    meta,
    participant_codes,
    passages,
    quotes,
    rejects,
    roles,
    sources,
    votes,
)

# Rows per INSERT statement of a derived table: well under every backend's limit on bound parameters.
INSERT_CHUNK = 5000
# The derived tables of resolution, in the order they are replaced.
RESOLUTION_TABLES = (actor_table, actor_names, actor_links, participant_codes, consolidated_events,
                     contradiction_table)


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def write_batch(
    engine: Engine,
    new_articles: Sequence[ArticleRow],
    ledger: Sequence[LedgerEntry],
    new_rejects: Sequence[tuple[str, str, str | None]],
) -> set[str]:
    """Store a batch atomically and return the ids of articles that were new.

    An article whose id already exists (the same cleaned text from another source) is not inserted again; its
    ledger entry points at the stored one. A source seen before with different bytes replaces its old entry.
    """
    stamp = now()
    inserted: set[str] = set()
    with writing(engine) as conn:
        ids = [row.values["id"] for row in new_articles]
        existing = set(conn.execute(select(articles.c.id).where(articles.c.id.in_(ids))).scalars()) if ids else set()
        next_seq = (conn.execute(select(func.max(articles.c.seq))).scalar() or 0) + 1
        for row in new_articles:
            article_id = row.values["id"]
            if article_id in existing or article_id in inserted:
                continue
            conn.execute(insert(articles).values(**row.values, seq=next_seq, ingested_at=stamp))
            inserted.add(article_id)
            next_seq += 1
        touched = [entry.source for entry in ledger] + [source for source, _, _ in new_rejects]
        if touched:
            conn.execute(delete(sources).where(sources.c.source.in_(touched)))
            conn.execute(delete(rejects).where(rejects.c.source.in_(touched)))
            conn.execute(delete(input_warnings).where(input_warnings.c.source.in_(touched)))
        warned = {(row.values["source"], warning) for row in new_articles for warning in row.warnings}
        for source, warning in sorted(warned):
            conn.execute(insert(input_warnings).values(source=source, warning=warning, seen_at=stamp))
        for entry in ledger:
            conn.execute(insert(sources).values(
                source=entry.source, content_hash=entry.content_hash, article_id=entry.article_id,
                status=entry.status, seen_at=stamp,
            ))
        for source, reason, digest in new_rejects:
            conn.execute(insert(rejects).values(source=source, reason=reason, content_hash=digest, rejected_at=stamp))
            if digest is not None:
                conn.execute(insert(sources).values(
                    source=source, content_hash=digest, article_id=None, status="rejected", seen_at=stamp,
                ))
    return inserted


def replace_duplicates(
    engine: Engine,
    group_rows: Sequence[dict[str, Any]],
    passage_rows: Sequence[dict[str, Any]],
) -> None:
    """Replace the derived duplicate tables in one transaction, so readers never see half a recomputation."""
    with writing(engine) as conn:
        conn.execute(delete(dup_groups))
        conn.execute(delete(passages))
        conn.execute(update(articles).values(duplicate_of=None, duplicate_kind=None, duplicate_similarity=None))
        if group_rows:
            conn.execute(insert(dup_groups), list(group_rows))
            for row in group_rows:
                if row["kind"] != "original":
                    conn.execute(
                        update(articles).where(articles.c.id == row["article_id"]).values(
                            duplicate_of=row["group_id"], duplicate_kind=row["kind"],
                            duplicate_similarity=row["similarity"],
                        )
                    )
        if passage_rows:
            conn.execute(insert(passages), list(passage_rows))


def replace_anchored_dates(engine: Engine, dates: Sequence[tuple[str, str, str]]) -> None:
    """Replace every anchored publication date (id, ISO date, precision) in one transaction."""
    with writing(engine) as conn:
        conn.execute(update(articles).where(articles.c.published_method == ANCHORED)
                     .values(published=None, published_precision=None, published_method=None))
        for article_id, published, precision in dates:
            conn.execute(update(articles).where(articles.c.id == article_id).values(
                published=published, published_precision=precision, published_method=ANCHORED))


def set_meta(engine: Engine, key: str, value: str) -> None:
    with writing(engine) as conn:
        conn.execute(delete(meta).where(meta.c.key == key))
        conn.execute(insert(meta).values(key=key, value=value))


def write_extractions(engine: Engine, results: Sequence[ArticleExtraction]) -> None:
    """Replace the facts of each article in ``results`` and mark them extracted, atomically."""
    if not results:
        return
    ids = [result.article_id for result in results]
    stamp = now()
    with writing(engine) as conn:
        old_events = select(events.c.id).where(events.c.article_id.in_(ids))
        conn.execute(delete(event_evidence).where(event_evidence.c.event_id.in_(old_events)))
        conn.execute(delete(event_participants).where(event_participants.c.article_id.in_(ids)))
        for table in (events, quotes, roles, memberships, mentions, votes):
            conn.execute(delete(table).where(table.c.article_id.in_(ids)))
        conn.execute(delete(extractions).where(extractions.c.article_id.in_(ids)))
        merged: dict[Table, list[dict[str, Any]]] = {}
        for result in results:
            for table, table_rows in fact_rows(result).items():
                merged.setdefault(table, []).extend(table_rows)
        for table in (events, event_evidence, event_participants, quotes, roles, memberships, mentions, votes):
            if merged.get(table):
                conn.execute(insert(table), merged[table])
        conn.execute(insert(extractions), [{"article_id": result.article_id, "version": EXTRACTOR_VERSION,
                                            "extracted_at": stamp, "error": result.error,
                                            "published": result.published.isoformat() if result.published else None}
                                           for result in results])


def forget_extractions(engine: Engine) -> None:
    """Mark every article as not extracted, so the next extraction redoes all of them (their facts stay until
    each article's new facts replace them)."""
    with writing(engine) as conn:
        conn.execute(delete(extractions))


def replace_resolution(engine: Engine, tables: Mapping[str, Sequence[dict[str, Any]]]) -> None:
    """Replace every derived table of resolution (by table name) with ``tables`` in one transaction."""
    with writing(engine) as conn:
        for table in RESOLUTION_TABLES:
            conn.execute(delete(table))
        for table in RESOLUTION_TABLES:
            _insert(conn, table, tables.get(table.name, ()))


def _insert(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    for start in range(0, len(rows), INSERT_CHUNK):
        conn.execute(insert(table), list(rows[start:start + INSERT_CHUNK]))
