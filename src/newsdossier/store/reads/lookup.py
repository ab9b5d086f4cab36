"""Reads by id and by text that the browsing surfaces need: one article, one event, the facts of an article,
and a text search over articles.

The listings with filters live in :mod:`newsdossier.query` and :mod:`newsdossier.facts_query`; this module adds
the point look-ups a page or an ``/api/.../{id}`` endpoint needs, returning the same record shapes. Every value
coming from a user is a bound parameter (``LIKE`` patterns are escaped), never spliced into SQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Engine, func, or_, select

from newsdossier import settings
from newsdossier.store.reads.articles import ARTICLE_FIELDS, duplicate_groups
from newsdossier.store.reads.facts import event_links, event_parties, event_record
from newsdossier.store.schema import articles, event_evidence, events, memberships, quotes, roles, sources


def article(engine: Engine, article_id: str) -> dict[str, Any] | None:
    """One stored article with every source it was read from and its duplicate group (``None`` if unknown)."""
    columns = [articles.c[name] for name in ARTICLE_FIELDS]
    with engine.connect() as conn:
        row = conn.execute(select(*columns).where(articles.c.id == article_id)).mappings().first()
        if row is None:
            return None
        found = conn.execute(select(sources.c.source).where(sources.c.article_id == article_id)
                             .order_by(sources.c.source)).scalars().all()
    record = dict(row)
    record["sources"] = list(found) or [record["source"]]
    group_id = record["duplicate_of"] or article_id
    record["duplicate_group"] = next((group for group in duplicate_groups(engine) if group["group"] == group_id),
                                     None)
    return record


def _evidence(row: Any) -> dict[str, Any]:
    return {"article": row["article_id"], "field": row["field"], "start": row["start"], "end": row["end"],
            "sentence": row["sentence"]}


def event(engine: Engine, event_id: str) -> dict[str, Any] | None:
    """One event in the contract of :func:`newsdossier.facts_query.iter_events` (``None`` if unknown)."""
    with engine.connect() as conn:
        row = conn.execute(select(events).where(events.c.id == event_id)).mappings().first()
        if row is None:
            return None
        evidence = [_evidence(found) for found in conn.execute(
            select(event_evidence).where(event_evidence.c.event_id == event_id).order_by(event_evidence.c.seq)
        ).mappings()]
        links, groups = event_links(conn, [event_id])
        parties = event_parties(conn, [event_id])
    return event_record(row, evidence, links, groups.get(event_id), parties.get(event_id, []))


def article_spans(engine: Engine, article_id: str) -> list[dict[str, Any]]:
    """Every extracted item of one article as a span: kind, fact id, field, start, end and a short label."""
    spans: list[dict[str, Any]] = []
    with engine.connect() as conn:
        query = (select(event_evidence.c.event_id, event_evidence.c.field, event_evidence.c.start,
                        event_evidence.c.end, events.c.cameo, events.c.trigger)
                 .join(events, events.c.id == event_evidence.c.event_id)
                 .where(event_evidence.c.article_id == article_id))
        for row in conn.execute(query).mappings():
            spans.append({"kind": "event", "id": row["event_id"], "field": row["field"], "start": row["start"],
                          "end": row["end"], "label": f"event {row['cameo']} ({row['trigger']})"})
        for kind, table, label in (("quote", quotes, "speaker_name"), ("role", roles, "title"),
                                   ("membership", memberships, "status")):
            found = conn.execute(select(table.c.id, table.c.field, table.c.start, table.c.end, table.c[label])
                                 .where(table.c.article_id == article_id)).mappings()
            for row in found:
                spans.append({"kind": kind, "id": row["id"], "field": row["field"], "start": row["start"],
                              "end": row["end"], "label": f"{kind}: {row[label] or 'unknown'}"})
    spans.sort(key=lambda span: (span["field"], span["start"], span["end"]))
    return spans


def search_articles(engine: Engine, text: str, *, since: str | None = None, until: str | None = None,
                    limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    """Articles whose title or text contains ``text`` (case-insensitive), with a snippet around the first hit,
    optionally published within ``since``..``until``."""
    needle = text.lower()
    condition = or_(func.lower(articles.c.title).contains(needle, autoescape=True),
                    func.lower(articles.c.text).contains(needle, autoescape=True))
    query = (select(articles.c.id, articles.c.title, articles.c.outlet, articles.c.published, articles.c.text,
                    articles.c.duplicate_of)
             .where(condition, *_published_within(since, until)).order_by(articles.c.seq).limit(limit)
             .offset(offset))
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [{"id": row["id"], "title": row["title"], "outlet": row["outlet"], "published": row["published"],
             "duplicate_of": row["duplicate_of"], "snippet": snippet(row["text"], needle)} for row in rows]


def _published_within(since: str | None, until: str | None) -> list[ColumnElement[bool]]:
    conditions = []
    if since:
        conditions.append(articles.c.published >= since)
    if until:
        conditions.append(articles.c.published <= until)
    return conditions


def snippet(text: str, needle: str) -> str:
    """A short window of ``text`` around the first case-insensitive occurrence of ``needle``."""
    at = text.lower().find(needle) if needle else -1
    if at < 0:
        return text[:settings.active().snippet_chars]
    start = max(0, at - settings.active().snippet_chars // 2)
    end = min(len(text), at + len(needle) + settings.active().snippet_chars // 2)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def list_articles(engine: Engine, *, since: str | None = None, until: str | None = None, limit: int = 50,
                  offset: int = 0) -> list[dict[str, Any]]:
    """Article summaries (no text) in ingest order, optionally by publication date range."""
    query = select(articles.c.id, articles.c.title, articles.c.outlet, articles.c.author, articles.c.published,
                   articles.c.published_precision, articles.c.duplicate_of, articles.c.source)
    query = query.where(*_published_within(since, until))
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(articles.c.seq).limit(limit).offset(offset)).mappings().all()
    return [dict(row) for row in rows]
