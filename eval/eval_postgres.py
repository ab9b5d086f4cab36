"""Same results on SQLite and PostgreSQL, on a slice of the real news corpus, with read timings side by side.

    python eval/eval_postgres.py --pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres [--articles 300]

Ingests the first N articles of ``../shared/eval/news_corpus.jsonl`` into a fresh SQLite file and a fresh
PostgreSQL database (created and dropped on the given server), compares every read the surfaces make, and
prints how long the common reads take on each backend.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, make_url, text

from newsdossier.dossier import Dossier
from newsdossier.models import FactFilter
from newsdossier.surfaces import actor_view

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "news_corpus.jsonl"


def _canonical(records: Any) -> list[str]:
    return sorted(json.dumps(record, sort_keys=True, default=str) for record in records)


def _timed(call: Callable[[], Any], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", required=True, help="URL of a PostgreSQL server database to create one beside")
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    name = f"newsdossier_eval_{uuid.uuid4().hex[:10]}"
    admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        with tempfile.TemporaryDirectory() as scratch:
            sample = Path(scratch) / "sample.jsonl"
            with CORPUS.open(encoding="utf-8") as source:
                sample.write_text("".join(line for _, line in zip(range(args.articles), source, strict=False)),
                                  encoding="utf-8")
            backends = {"sqlite": Dossier(Path(scratch) / "d.db"),
                        "postgresql": Dossier(make_url(args.pg).set(database=name).render_as_string(False))}
            for label, dossier in backends.items():
                report = dossier.ingest([sample])
                print(f"{label:10} ingest {report.stored} stored, {report.rejected} rejected, "
                      f"{report.extracted} extracted ({report.extraction_failed} failed) in {report.seconds:.1f} s")
            sqlite, pg = backends.values()
            print(f"stats equal: {sqlite.stats() == pg.stats()}  {sqlite.stats()}")
            for read in ("articles", "duplicates", "passages", "events", "quotes", "roles", "memberships"):
                left, right = list(getattr(sqlite, read)()), list(getattr(pg, read)())
                print(f"{read:12} {len(left):6} records, identical: {_canonical(left) == _canonical(right)}")
            top = actor_view.list_actors(sqlite, limit=1)[0]["id"]
            reads: dict[str, Callable[[Dossier], Any]] = {
                "events page (50)": lambda d: list(d.events(FactFilter(limit=50))),
                "events of top actor": lambda d: list(d.events(FactFilter(actor=top))),
                "actor list": lambda d: actor_view.list_actors(d),
                "actor summary": lambda d: actor_view.actor_summary(d, top),
            }
            print(f"{'read':22} {'sqlite s':>10} {'postgres s':>11} {'pg/sqlite':>10}")
            for label, read_call in reads.items():
                a, b = _timed(lambda r=read_call: r(sqlite)), _timed(lambda r=read_call: r(pg))
                print(f"{label:22} {a:10.4f} {b:11.4f} {b / a:10.2f}")
            for dossier in backends.values():
                dossier.close()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
