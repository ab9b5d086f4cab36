"""Storage round-trips: whatever the pipeline produces is read back unchanged, and writes are idempotent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from newsdossier.errors import StoreError
from newsdossier.ingest.process import ProcessedArticle, process_document
from newsdossier.models import ArticleHints, LedgerEntry, RawDocument
from newsdossier.store import connection, schema, writes
from newsdossier.store.reads.articles import iter_articles

from ..conftest import BACKENDS, fresh_database

# Text both backends store: any character but NUL and lone surrogates (the pipeline never produces either).
stored_text = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
paragraph = st.text(alphabet=stored_text, min_size=1, max_size=300)


@pytest.fixture(scope="module", params=BACKENDS)
def store_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """An empty store on each backend, shared by the examples of one property test."""
    with fresh_database(request.param, tmp_path_factory.mktemp(f"rt-{request.param}")) as url:
        engine = connection.connect(url)
        yield engine
        engine.dispose()


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(title=st.text(alphabet=stored_text, max_size=80), paragraphs=st.lists(paragraph, min_size=1, max_size=6))
def test_processed_articles_round_trip_through_the_store(store_engine: Engine, title: str,
                                                         paragraphs: list[str]) -> None:
    raw = "\n\n".join(paragraphs)
    document = RawDocument(source=f"mem://{hash((title, raw))}", text=raw, format="jsonl",
                           content_hash=str(hash((title, raw))), hints=ArticleHints(title=title or None))
    result = process_document(document)
    if not isinstance(result, ProcessedArticle):
        return
    entry = LedgerEntry(document.source, document.content_hash, result.id, "stored")
    writes.write_batch(store_engine, [result.row()], [entry], [])
    assert writes.write_batch(store_engine, [result.row()], [entry], []) == set(), "a second write adds nothing"
    stored = next(a for a in iter_articles(store_engine) if a["id"] == result.id)
    assert stored["text"] == result.cleaned.text
    assert stored["title"] == result.cleaned.title
    assert stored["captions"] == json.loads(json.dumps(result.row().values["captions"]))
    for start, end in stored["paragraphs"]:
        assert stored["text"][start:end].strip() == stored["text"][start:end]


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    engine = connection.connect(tmp_path / "v.db")
    writes.set_meta(engine, "schema_version", str(schema.SCHEMA_VERSION + 1))
    engine.dispose()
    with pytest.raises(StoreError, match="newer than this newsdossier"):
        connection.connect(tmp_path / "v.db")


def test_plain_paths_and_urls_are_both_accepted(tmp_path: Path) -> None:
    assert connection.database_url(tmp_path / "x.db") == f"sqlite:///{tmp_path / 'x.db'}"
    assert connection.database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_opening_an_older_database_adds_the_indexes_it_lacks(tmp_path: Path) -> None:
    """A database created before an index existed gets it when opened, and opening twice changes nothing."""
    import sqlite3


    expected = {index.name for table in schema.metadata.sorted_tables for index in table.indexes}
    engine = connection.connect(tmp_path / "old.db")
    engine.dispose()
    db = sqlite3.connect(tmp_path / "old.db")
    for name in ("ix_events_root_date", "ix_events_span", "ix_actor_links_actor", "ix_articles_published"):
        db.execute(f"DROP INDEX {name}")
    db.commit()

    def present() -> set[str]:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}

    assert "ix_events_span" not in present()
    for _ in range(2):
        connection.connect(tmp_path / "old.db").dispose()
        assert expected <= present()
    plan = " ".join(str(row[-1]) for row in db.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM events WHERE cameo_root = '04' AND date_start >= '2024-01-01'"))
    assert "ix_events_root_date" in plan
    db.close()
