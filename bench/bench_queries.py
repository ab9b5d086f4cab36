"""Query latency on a synthetic dossier of 100k articles and 1M actor mentions.

    python bench/bench_queries.py [--articles 100000] [--mentions 1000000] [--queries 40] [--keep DB]
                                  [--rest-url http://127.0.0.1:8000]

The database is generated directly through the store's tables (no NLP) in a temporary folder: articles, and
facts whose actor fields are the mentions -- events carry two (source and target) and quotes one (speaker), in
a 4:1 ratio of events to quotes, so 1M mentions are 444k events (with their evidence rows) and 111k quotes.
Actor names are drawn from 20,000 made-up people and 200 country codes with a Zipf-like skew, as in news,
where a few actors are everywhere and most appear a handful of times; event dates span ten years.

Three reads, each ``--queries`` times with fresh random arguments, through the Python API:

- actor timeline: ``Dossier.events(FactFilter(actor=NAME, limit=100))``, the first page of an actor's events
  in date order, for an actor drawn uniformly from those that occur (so mostly rare ones: the hard case);
- event search: ``Dossier.events(FactFilter(cameo=ROOT, since=D, until=D + 30 days, limit=100))``;
- network: counts of (source, target) pairs of the events involving an actor, the 50 most frequent.

It prints p50 and p95 in milliseconds (target p95 < 50 ms) and the query plan of each read. With
``--rest-url`` the same reads are also timed over HTTP against a server started on a kept database
(``--keep``); :func:`rest_latencies` is the small function to point at any REST surface.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Engine, Table, and_, desc, func, or_, select, text

import newsdossier
from _common import machine, percentile
from newsdossier.extraction_store import event_evidence, events, extractions, quotes
from newsdossier.facts_query import FactFilter
from newsdossier.store import articles

CHUNK = 20_000
PEOPLE = 20_000
COUNTRIES = 200
CAMEO_ROOTS = [f"{root:02d}" for root in range(1, 21)]
FIRST_DAY = dt.date(2015, 1, 1)
DAYS = 3650


def _actor_pool(rng: random.Random) -> tuple[list[tuple[str, str, str | None]], list[float]]:
    syllables = ["ka", "lo", "mi", "ren", "to", "va", "sha", "dor", "bel", "quin", "ar", "zu", "pet", "nov", "ix"]
    countries = sorted({"".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(3)) for _ in range(400)})
    countries = countries[:COUNTRIES]
    names: set[str] = set()
    while len(names) < PEOPLE:
        first = "".join(rng.choice(syllables) for _ in range(2)).capitalize()
        last = "".join(rng.choice(syllables) for _ in range(3)).capitalize()
        names.add(f"{first} {last}")
    pool: list[tuple[str, str, str | None]] = [(code, "country", code) for code in countries]
    pool += [(name, "person", rng.choice(countries)) for name in sorted(names)]
    weights = [1.0 / (rank + 10) for rank in range(len(pool))]
    rng.shuffle(weights)
    return pool, weights


def _insert(raw: Any, table: Table, rows: list[dict[str, Any]]) -> None:
    """executemany straight on the DB-API connection: SQLAlchemy's per-row processing would dominate."""
    columns = [column.name for column in table.columns if column.name in rows[0]]
    json_columns = {column.name for column in table.columns if isinstance(column.type, JSON)}
    sql = (f'INSERT INTO {table.name} ({", ".join(chr(34) + c + chr(34) for c in columns)}) '
           f'VALUES ({", ".join("?" for _ in columns)})')
    raw.executemany(sql, [tuple(json.dumps(row[c]) if c in json_columns else row[c] for c in columns)
                          for row in rows])


def build(engine: Engine, n_articles: int, n_mentions: int, seed: int) -> list[str]:
    """Fill an empty SQLite dossier; returns the actor names that occur."""
    rng = random.Random(seed)
    pool, weights = _actor_pool(rng)
    cumulative = list(itertools.accumulate(weights))
    n_events = n_mentions * 4 // 9
    n_quotes = n_mentions - 2 * n_events
    stamp = "2026-12-02T00:00:00+00:00"
    raw = engine.raw_connection()
    cursor = raw.cursor()
    for start in range(0, n_articles, CHUNK):
        _insert(cursor, articles, [{
            "id": f"a{index:015d}", "seq": index + 1, "source": f"synthetic/{index}", "format": "jsonl",
            "title": f"Report {index}", "published": (FIRST_DAY + dt.timedelta(days=index % DAYS)).isoformat(),
            "text": "Synthetic article body.", "paragraphs": [[0, 23]], "captions": [], "removed": [],
            "exact_hash": f"{index:064x}", "minhash": b"", "passages": [], "length": 23, "ingested_at": stamp,
        } for index in range(start, min(n_articles, start + CHUNK))])
    _insert(cursor, extractions, [{"article_id": f"a{index:015d}", "version": 1, "extracted_at": stamp}
                                  for index in range(n_articles)])
    seen: set[str] = set()
    for start in range(0, n_events, CHUNK):
        rows, evidence = [], []
        for index in range(start, min(n_events, start + CHUNK)):
            source, target = rng.choices(pool, cum_weights=cumulative, k=2)
            seen.update((source[0], target[0]))
            day = (FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))).isoformat()
            cameo = rng.choice(CAMEO_ROOTS) + str(rng.randrange(10))
            article = f"a{rng.randrange(n_articles):015d}"
            event_id = f"e{index:015d}"
            rows.append({
                "id": event_id, "cameo": cameo, "cameo_root": cameo[:2], "plover": "CONSULT",
                "source_name": source[0], "source_kind": source[1], "source_country": source[2],
                "target_name": target[0], "target_kind": target[1], "target_country": target[2],
                "date_start": day, "date_end": day, "date_precision": "day",
                "place": None, "negated": False, "hedged": False, "trigger": "met", "article_id": article,
            })
            evidence.append({"event_id": event_id, "seq": 0, "article_id": article, "field": "text",
                             "start": 0, "end": 23, "sentence": "Synthetic article body."})
        _insert(cursor, events, rows)
        _insert(cursor, event_evidence, evidence)
    for start in range(0, n_quotes, CHUNK):
        rows = []
        for index in range(start, min(n_quotes, start + CHUNK)):
            (speaker,) = rng.choices(pool, cum_weights=cumulative, k=1)
            seen.add(speaker[0])
            day = (FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))).isoformat()
            rows.append({
                "id": f"q{index:015d}", "speaker_name": speaker[0], "speaker_kind": speaker[1],
                "speaker_country": speaker[2], "text": "We will talk.", "direct": True, "cue": "said",
                "date_start": day, "date_end": day, "date_precision": "day",
                "article_id": f"a{rng.randrange(n_articles):015d}", "field": "text", "start": 0, "end": 23,
                "sentence": "Synthetic article body.",
            })
        _insert(cursor, quotes, rows)
    cursor.execute("ANALYZE")
    raw.commit()
    raw.close()
    return sorted(seen)


def network(engine: Engine, actor: str, limit: int = 50) -> list[dict[str, Any]]:
    """Actor-pair counts of the events involving ``actor`` (exact name or country code), most frequent first.

    There is no network read in the Python API yet; this is the query it would run, so its latency is what the
    indexes give it.
    """
    involving = or_(events.c.source_name == actor, events.c.target_name == actor)
    count = func.count().label("events")
    query = (select(events.c.source_name, events.c.target_name, count)
             .where(and_(involving, events.c.source_name.is_not(None), events.c.target_name.is_not(None)))
             .group_by(events.c.source_name, events.c.target_name).order_by(desc(count)).limit(limit))
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def timeline_indexed(engine: Engine, actor: str, limit: int = 100) -> list[dict[str, Any]]:
    """An actor's first events by exact name, in date order: the form the actor/date indexes serve."""
    query = (select(events).where(or_(events.c.source_name == actor, events.c.target_name == actor))
             .order_by(events.c.date_start, events.c.id).limit(limit))
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def search_indexed(engine: Engine, root: str, since: str, until: str, limit: int = 100) -> list[dict[str, Any]]:
    """Events of one CAMEO root starting in a date window: the form the root/date index serves."""
    query = (select(events).where(and_(events.c.cameo_root == root, events.c.date_start.between(since, until)))
             .order_by(events.c.date_start, events.c.id).limit(limit))
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def _timed(call: Callable[[], Any], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def rest_latencies(get: Callable[[str], Any], paths: Sequence[str]) -> list[float]:
    """Milliseconds of ``get(path)`` for each path: point ``get`` at any client (urllib, a TestClient...)."""
    times = []
    for path in paths:
        start = time.perf_counter()
        get(path)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _urllib_get(base: str) -> Callable[[str], bytes]:
    def get(path: str) -> bytes:
        with urllib.request.urlopen(base.rstrip("/") + path, timeout=30) as response:
            return bytes(response.read())

    return get


def _plan(engine: Engine, query: Any) -> str:
    compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
    with engine.connect() as conn:
        rows = conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all()
    return "; ".join(str(row[-1]) for row in rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--keep", type=Path, default=None, help="build (or reuse) the database at this path")
    parser.add_argument("--rest-url", default=None, help="also time the reads over HTTP against this server")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "queries.db"
        reuse = path.exists()
        dossier = newsdossier.open(path)
        start = time.perf_counter()
        if reuse:
            with dossier.engine.connect() as conn:
                actors = sorted(set(conn.execute(select(events.c.source_name)).scalars()))
        else:
            actors = build(dossier.engine, args.articles, args.mentions, args.seed)
        counts = dossier.stats()
        print(f"{machine()}; {counts['articles']} articles, {counts['events']} events, {counts['quotes']} quotes "
              f"({2 * counts['events'] + counts['quotes']} actor mentions), {len(actors)} actors; "
              f"{'reused' if reuse else 'built'} in {time.perf_counter() - start:.0f} s")
        rng = random.Random(args.seed + 1)

        def timeline() -> None:
            list(dossier.events(FactFilter(actor=rng.choice(actors), limit=100)))

        def search() -> None:
            since = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS - 30))
            list(dossier.events(FactFilter(cameo=rng.choice(CAMEO_ROOTS), since=since.isoformat(),
                                           until=(since + dt.timedelta(days=30)).isoformat(), limit=100)))

        def pairs() -> None:
            network(dossier.engine, rng.choice(actors))

        def timeline_exact() -> None:
            timeline_indexed(dossier.engine, rng.choice(actors))

        def search_root() -> None:
            since = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS - 30))
            search_indexed(dossier.engine, rng.choice(CAMEO_ROOTS), since.isoformat(),
                           (since + dt.timedelta(days=30)).isoformat())

        print(f"{'read':<34}{'p50 ms':>9}{'p95 ms':>9}  (target p95 < 50 ms, {args.queries} queries each)")
        reads = (("actor timeline (Dossier.events)", timeline), ("event search (Dossier.events)", search),
                 ("network (actor-pair counts)", pairs), ("actor timeline, exact name", timeline_exact),
                 ("event search, CAMEO root + window", search_root))
        for name, call in reads:
            times = _timed(call, args.queries)
            print(f"{name:<34}{percentile(times, 0.5):9.1f}{percentile(times, 0.95):9.1f}")
        with dossier.engine.connect() as conn:
            busiest = list(conn.execute(select(events.c.source_name).group_by(events.c.source_name)
                                        .order_by(desc(func.count())).limit(20)).scalars())
        for name, call in (("  busiest 20 actors: exact timeline", timeline_indexed),
                           ("  busiest 20 actors: network", network)):
            times = [_timed(lambda actor=actor, call=call: call(dossier.engine, actor), 1)[0] for actor in busiest]
            print(f"{name:<34}{percentile(times, 0.5):9.1f}{percentile(times, 0.95):9.1f}")
        sample = actors[len(actors) // 2]
        involving = or_(events.c.source_name == sample, events.c.target_name == sample)
        print("plan, network / exact timeline:",
              _plan(dossier.engine, select(func.count()).select_from(events).where(involving)))
        print("plan, Dossier.events(actor=...):", _plan(dossier.engine, select(events.c.id).where(
            func.lower(events.c.source_name).like(f"%{sample.lower()}%")).order_by(events.c.date_start).limit(100)))
        if args.rest_url:
            get = _urllib_get(args.rest_url)
            paths = [f"/api/events?actor={urllib.parse.quote(rng.choice(actors))}&limit=100"
                     for _ in range(args.queries)]
            times = rest_latencies(get, paths)
            print(f"{'REST timeline':<16}{percentile(times, 0.5):9.1f}{percentile(times, 0.95):9.1f}")
        dossier.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
