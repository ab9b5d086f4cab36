"""Storage: the SQLAlchemy Core schema and every write, for SQLite (default) and PostgreSQL (by URL).

Writes happen in transactions that leave the database consistent whatever moment the process dies at:
articles, the ledger of seen inputs and rejects of one batch commit together, and derived tables
(duplicate groups, shared passages) are recomputed from the articles and replaced in one transaction.
That is what makes a killed ingest resume to exactly the state of an uninterrupted one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy.exc import ArgumentError, OperationalError

from newsdossier.errors import StoreError

SCHEMA_VERSION = 1
# published_method of dates inferred from other articles: derived data, recomputed after every ingest.
ANCHORED = "anchored"
DEFAULT_DB = "newsdossier.db"

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


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def database_url(path_or_url: str | Path) -> str:
    """Accept a plain file path (SQLite) or any SQLAlchemy URL (``postgresql+psycopg://...``)."""
    text = str(path_or_url)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL keeps readers unblocked during an ingest and survives a killed writer; NORMAL sync is safe in WAL."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _create_missing_indexes(conn: Any) -> None:
    """``create_all`` only indexes the tables it creates: a database made by an older newsdossier gets the
    indexes added since (the ones its reads now rely on) here, once, when it is opened."""
    existing: dict[str, set[str]] = {}
    for table in metadata.sorted_tables:
        for index in table.indexes:
            if index.name is None:
                continue
            if table.name not in existing:
                existing[table.name] = {found["name"] for found in _reflected_indexes(conn, table.name)}
            if index.name not in existing[table.name]:
                index.create(conn)


def _reflected_indexes(conn: Any, table: str) -> list[Any]:
    """Index names of ``table``; expression indexes, which SQLAlchemy cannot reflect, are listed too."""
    if conn.dialect.name == "sqlite":
        return [{"name": row[1]} for row in conn.exec_driver_sql(f'PRAGMA index_list("{table}")')]
    return list(inspect(conn).get_indexes(table))


def connect(path_or_url: str | Path) -> Engine:
    """Open (and create if needed) a database, checking that its schema is one we understand."""
    url = database_url(path_or_url)
    try:
        engine = create_engine(url, future=True)
    except (ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot open database {url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        with engine.begin() as conn:
            metadata.create_all(conn)
            _create_missing_indexes(conn)
            version = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
            if version is None:
                conn.execute(insert(meta).values(key="schema_version", value=str(SCHEMA_VERSION)))
            elif int(version) > SCHEMA_VERSION:
                raise StoreError(
                    f"database {url!r} has schema version {version}, newer than this newsdossier "
                    f"({SCHEMA_VERSION}); upgrade newsdossier"
                )
    except OperationalError as exc:
        raise StoreError(f"cannot open database {url!r}: {exc.orig}") from exc
    return engine


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One article ready to insert (built by the pipeline, which knows nothing of SQL)."""

    values: dict[str, Any]


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    source: str
    content_hash: str
    article_id: str | None
    status: str


def known_sources(engine: Engine) -> dict[str, str]:
    """Map of every input already seen to the hash of its content."""
    with engine.connect() as conn:
        return {row.source: row.content_hash for row in conn.execute(select(sources.c.source, sources.c.content_hash))}


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
    with engine.begin() as conn:
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


def iter_dedup_rows(engine: Engine) -> Iterator[Any]:
    """Stream what duplicate detection needs, without the article text."""
    columns = (articles.c.id, articles.c.exact_hash, articles.c.minhash, articles.c.passages,
               articles.c.published, articles.c.length, articles.c.seq)
    with engine.connect() as conn:
        yield from conn.execution_options(stream_results=True).execute(select(*columns).order_by(articles.c.seq))


def replace_duplicates(
    engine: Engine,
    group_rows: Sequence[dict[str, Any]],
    passage_rows: Sequence[dict[str, Any]],
) -> None:
    """Replace the derived duplicate tables in one transaction, so readers never see half a recomputation."""
    with engine.begin() as conn:
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


def replace_anchored_dates(engine: Engine, dates: Sequence[tuple[str, str, str]]) -> None:
    """Replace every anchored publication date (id, ISO date, precision) in one transaction."""
    with engine.begin() as conn:
        conn.execute(update(articles).where(articles.c.published_method == ANCHORED)
                     .values(published=None, published_precision=None, published_method=None))
        for article_id, published, precision in dates:
            conn.execute(update(articles).where(articles.c.id == article_id).values(
                published=published, published_precision=precision, published_method=ANCHORED))


def set_meta(engine: Engine, key: str, value: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(meta).where(meta.c.key == key))
        conn.execute(insert(meta).values(key=key, value=value))
