"""Every read the surfaces need, in one place, returning plain JSON-ready dicts.

The CLI, the Python API and (later) the web layer all call these, so an output contract changes here once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, func, select

from newsdossier.store.schema import articles, dup_groups, input_warnings, passages, rejects, sources

ARTICLE_FIELDS = (
    "id", "source", "url", "title", "author", "outlet", "published", "published_precision",
    "published_method", "text", "paragraphs", "captions", "duplicate_of", "duplicate_kind",
)


def iter_articles(engine: Engine, *, limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
    """Stored articles in ingest order, each with every source it was read from."""
    columns = [articles.c[name] for name in ARTICLE_FIELDS]
    query = select(*columns).order_by(articles.c.seq).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
        ids = [row["id"] for row in rows]
        extra: dict[str, list[str]] = defaultdict(list)
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start:chunk_start + 500]
            found = conn.execute(
                select(sources.c.article_id, sources.c.source)
                .where(sources.c.article_id.in_(chunk)).order_by(sources.c.source)
            )
            for article_id, source in found:
                extra[article_id].append(source)
    for row in rows:
        record = dict(row)
        record["sources"] = extra.get(record["id"]) or [record["source"]]
        yield record


def duplicate_groups(engine: Engine) -> list[dict[str, Any]]:
    """Groups of copies, the original first, with titles and sources so a person can check them."""
    query = (
        select(dup_groups.c.group_id, dup_groups.c.article_id, dup_groups.c.kind, dup_groups.c.similarity,
               articles.c.title, articles.c.source, articles.c.published)
        .join(articles, articles.c.id == dup_groups.c.article_id)
        # Copies by date, then id: never by ingest order, which two runs of the same articles need not share.
        .order_by(dup_groups.c.group_id, func.coalesce(articles.c.published, "9999"), articles.c.id)
    )
    groups: dict[str, dict[str, Any]] = {}
    with engine.connect() as conn:
        for row in conn.execute(query).mappings():
            group = groups.setdefault(row["group_id"], {"group": row["group_id"], "original": row["group_id"],
                                                        "members": []})
            group["members"].append({
                "id": row["article_id"], "kind": row["kind"], "similarity": round(row["similarity"], 3),
                "title": row["title"], "source": row["source"], "published": row["published"],
            })
    for group in groups.values():
        group["members"].sort(key=lambda member: member["kind"] != "original")
    return list(groups.values())


def shared_passages(engine: Engine) -> list[dict[str, Any]]:
    """Paragraphs and captions that occur in more than one (non-duplicate) article, with the passage text."""
    query = (
        select(passages.c.passage_hash, passages.c.article_id, passages.c.field, passages.c.idx,
               passages.c.start, passages.c.end, articles.c.text, articles.c.captions)
        .join(articles, articles.c.id == passages.c.article_id)
        .order_by(passages.c.passage_hash, articles.c.id, passages.c.field, passages.c.idx)
    )
    found: dict[str, dict[str, Any]] = {}
    with engine.connect() as conn:
        for row in conn.execute(query).mappings():
            if row["field"] == "caption":
                caption = row["captions"][row["idx"]]["text"] if row["idx"] < len(row["captions"]) else ""
                text = caption[row["start"]:row["end"]]
            else:
                text = row["text"][row["start"]:row["end"]]
            entry = found.setdefault(row["passage_hash"], {"passage": row["passage_hash"], "text": text,
                                                           "occurrences": []})
            entry["occurrences"].append({"article": row["article_id"], "field": row["field"], "index": row["idx"],
                                         "start": row["start"], "end": row["end"]})
    return list(found.values())


def list_rejects(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(rejects.c.source, rejects.c.reason, rejects.c.rejected_at)
                            .order_by(rejects.c.source)).mappings().all()
    return [dict(row) for row in rows]


def list_warnings(engine: Engine) -> list[dict[str, Any]]:
    """What reading stored inputs had to repair (contract: source, warning), by source."""
    with engine.connect() as conn:
        rows = conn.execute(select(input_warnings.c.source, input_warnings.c.warning)
                            .order_by(input_warnings.c.source, input_warnings.c.warning)).mappings().all()
    return [dict(row) for row in rows]


def stats(engine: Engine) -> dict[str, int]:
    """Counts for a one-screen overview."""
    with engine.connect() as conn:
        def count(query: Any) -> int:
            return int(conn.execute(query).scalar() or 0)

        return {
            "articles": count(select(func.count()).select_from(articles)),
            "independent_articles": count(
                select(func.count()).select_from(articles).where(articles.c.duplicate_of.is_(None))
            ),
            "duplicates": count(select(func.count()).select_from(articles).where(articles.c.duplicate_of.is_not(None))),
            "duplicate_groups": count(select(func.count(func.distinct(dup_groups.c.group_id)))),
            "shared_passages": count(select(func.count(func.distinct(passages.c.passage_hash)))),
            "dated_articles": count(
                select(func.count()).select_from(articles).where(articles.c.published.is_not(None))
            ),
            "sources_seen": count(select(func.count()).select_from(sources)),
            "rejects": count(select(func.count()).select_from(rejects)),
        }
