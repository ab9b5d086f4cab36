"""What the driver reads back from the store to run the next stage: seen inputs, fingerprints, texts to anchor,
articles to extract, and every fact to resolve.

Reads stream or chunk where the corpus can be large, so memory stays flat whatever the size of the dossier.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Engine, and_, or_, select

from newsdossier import settings
from newsdossier.models import Passage, ResolutionInputs, Where
from newsdossier.store.schema import (
    ANCHORED,
    EXTRACTOR_VERSION,
    SLOT_TABLES,
    articles,
    event_evidence,
    extractions,
    passages,
    sources,
)


def known_sources(engine: Engine) -> dict[str, str]:
    """Map of every input already seen to the hash of its content."""
    with engine.connect() as conn:
        return {row.source: row.content_hash for row in conn.execute(select(sources.c.source, sources.c.content_hash))}


def iter_dedup_rows(engine: Engine) -> Iterator[Any]:
    """Stream what duplicate detection needs, without the article text."""
    columns = (articles.c.id, articles.c.exact_hash, articles.c.minhash, articles.c.passages,
               articles.c.published, articles.c.length, articles.c.seq)
    with engine.connect() as conn:
        yield from conn.execution_options(stream_results=True).execute(select(*columns).order_by(articles.c.seq))


def iter_anchor_rows(engine: Engine) -> Iterator[Any]:
    """Text, captions and own date of every article, for anchoring undated ones."""
    columns = (articles.c.id, articles.c.text, articles.c.captions, articles.c.published,
               articles.c.published_method)
    with engine.connect() as conn:
        yield from conn.execution_options(stream_results=True).execute(select(*columns).order_by(articles.c.seq))


def has_undated(engine: Engine) -> bool:
    undated = or_(articles.c.published.is_(None), articles.c.published_method == ANCHORED)
    with engine.connect() as conn:
        return conn.execute(select(articles.c.id).where(undated).limit(1)).first() is not None


def pending_articles(engine: Engine) -> list[str]:
    """Ids of articles whose facts are missing or out of date, in ingest order: never extracted, extracted by
    another extractor version, or dated against another publication date than the article has now."""
    same_date = or_(extractions.c.published == articles.c.published,
                    and_(extractions.c.published.is_(None), articles.c.published.is_(None)))
    done = (select(extractions.c.article_id).join(articles, articles.c.id == extractions.c.article_id)
            .where(extractions.c.version == EXTRACTOR_VERSION, same_date))
    query = select(articles.c.id).where(articles.c.id.not_in(done)).order_by(articles.c.seq)
    with engine.connect() as conn:
        return list(conn.execute(query).scalars())


def iter_articles_to_extract(engine: Engine, ids: Sequence[str]) -> Iterator[Any]:
    """Id, text, captions, publication date and title of each article in ``ids``, in that order."""
    columns = (articles.c.id, articles.c.text, articles.c.captions, articles.c.published, articles.c.title)
    size = settings.active().read_chunk
    for start in range(0, len(ids), size):
        chunk = ids[start:start + size]
        with engine.connect() as conn:
            rows = {row.id: row for row in conn.execute(select(*columns).where(articles.c.id.in_(chunk)))}
        for article_id in chunk:
            if article_id in rows:
                yield rows[article_id]


def resolution_inputs(engine: Engine) -> ResolutionInputs:
    """Everything resolution and consolidation read, in one pass over the store."""
    with engine.connect() as conn:
        duplicate_of = {row.id: row.duplicate_of for row in conn.execute(
            select(articles.c.id, articles.c.duplicate_of).where(articles.c.duplicate_of.is_not(None)))}
        authors = {row.id: row.author for row in conn.execute(select(articles.c.id, articles.c.author))}
        slot_rows = {table.name: list(conn.execute(select(table)).mappings().all())
                     for table in SLOT_TABLES}
        evidence: dict[str, list[Where]] = defaultdict(list)
        for row in conn.execute(select(event_evidence)):
            evidence[row.event_id].append(Where(row.article_id, row.field, row.start, row.end))
        shared = [
            Passage(row.passage_hash, Where(row.article_id, row.field if row.field == "text"
                                            else f"caption:{row.idx}", row.start, row.end))
            for row in conn.execute(select(passages))
        ]
    return ResolutionInputs(duplicate_of, authors, slot_rows, evidence, shared)
