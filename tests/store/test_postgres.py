"""PostgreSQL gives the same schema and the same results as SQLite.

Runs when ``NEWSDOSSIER_TEST_PG_URL`` points at a server (``.ci/run`` starts one); skipped otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect
from typer.testing import CliRunner

from newsdossier.dossier import Dossier
from newsdossier.errors import StoreError
from newsdossier.store import connection, schema, writes
from newsdossier.surfaces import actor_view
from newsdossier.surfaces.cli import app

from ..conftest import DEMO_CORPUS, SEEDS, fresh_database


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Dossier, Dossier]]:
    """The demo corpus ingested into SQLite and into PostgreSQL."""
    folder = tmp_path_factory.mktemp("same")
    with fresh_database("postgresql", folder) as pg_url, fresh_database("sqlite", folder) as sqlite_url:
        pair = Dossier(sqlite_url), Dossier(pg_url)
        for dossier in pair:
            report = dossier.ingest([DEMO_CORPUS])
            assert report.stored == 6 and report.extraction_failed == 0
        yield pair
        for dossier in pair:
            dossier.close()


def _canonical(records: Any) -> list[str]:
    """Records as sorted JSON strings: the backends may order rows with equal sort keys (or NULLs) differently."""
    return sorted(json.dumps(record, sort_keys=True, default=str) for record in records)


def _without_timestamps(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: value for key, value in record.items() if key != "rejected_at"} for record in records]


@pytest.mark.parametrize("read", ["articles", "duplicates", "passages", "events", "quotes", "roles", "memberships",
                                  "actors", "contradictions"])
def test_every_read_is_the_same_on_both_backends(both: tuple[Dossier, Dossier], read: str) -> None:
    sqlite, pg = both
    left, right = list(getattr(sqlite, read)()), list(getattr(pg, read)())
    # The demo corpus shares no passage between distinct articles and its sources never disagree.
    assert left or read in ("passages", "contradictions"), read
    assert _canonical(left) == _canonical(right)


def test_stats_and_actors_are_the_same(both: tuple[Dossier, Dossier]) -> None:
    sqlite, pg = both
    assert sqlite.stats() == pg.stats()
    assert actor_view.list_actors(sqlite) == actor_view.list_actors(pg)
    top = actor_view.list_actors(sqlite, limit=1)[0]
    assert _canonical([actor_view.actor_summary(sqlite, top["id"])]) == \
        _canonical([actor_view.actor_summary(pg, top["id"])])


def test_resolution_of_the_sample_is_the_same(seeds_dossier: Dossier, tmp_path: Path) -> None:
    """The five sample articles resolve to the same actors, events and contradictions on PostgreSQL."""
    with fresh_database("postgresql", tmp_path) as pg_url:
        pg = Dossier(pg_url)
        try:
            assert pg.ingest([SEEDS]).stored == 5
            for read in ("actors", "events", "contradictions"):
                left, right = list(getattr(seeds_dossier, read)()), list(getattr(pg, read)())
                assert left and _canonical(left) == _canonical(right), read
            person = next(a for a in seeds_dossier.actors() if a["kind"] == "person" and len(a["variants"]) > 2)
            variant = person["variants"][-1]
            assert _canonical([actor_view.actor_summary(seeds_dossier, variant)]) == \
                _canonical([actor_view.actor_summary(pg, variant)])
        finally:
            pg.close()


def test_schema_is_the_same(both: tuple[Dossier, Dossier]) -> None:
    sqlite, pg = both
    tables = {name: {column["name"] for column in inspect(sqlite.engine).get_columns(name)}
              for name in inspect(sqlite.engine).get_table_names()}
    assert tables == {name: {column["name"] for column in inspect(pg.engine).get_columns(name)}
                      for name in inspect(pg.engine).get_table_names()}


def test_reingest_on_postgres_adds_nothing(both: tuple[Dossier, Dossier]) -> None:
    _, pg = both
    before = pg.stats()
    report = pg.ingest([DEMO_CORPUS])
    assert report.stored == 0 and report.unchanged == 6
    assert pg.stats() == before


def test_newer_schema_is_refused_on_postgres(tmp_path: Path) -> None:
    with fresh_database("postgresql", tmp_path) as url:
        engine = connection.connect(url)
        writes.set_meta(engine, "schema_version", str(schema.SCHEMA_VERSION + 1))
        engine.dispose()
        with pytest.raises(StoreError, match="newer than this newsdossier"):
            connection.connect(url)


def test_commands_take_a_postgres_url(both: tuple[Dossier, Dossier], tmp_path: Path) -> None:
    sqlite, pg = both
    runner = CliRunner()
    outputs = []
    for dossier in (sqlite, pg):
        result = runner.invoke(app, ["events", "--db", dossier.url, "--format", "jsonl", "--cameo", "04"])
        assert result.exit_code == 0, result.output
        outputs.append(sorted(result.output.splitlines()))
    assert outputs[0] == outputs[1] and outputs[0]
    out = tmp_path / "pg-events.graphml"
    assert runner.invoke(app, ["export", "--db", pg.url, "--what", "events", "--format", "graphml",
                               "--out", str(out)]).exit_code == 0
    assert out.stat().st_size > 0
