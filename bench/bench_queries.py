"""Query latency on a synthetic dossier of 100k articles and 1M actor mentions.

    python bench/bench_queries.py [--articles 100000] [--mentions 1000000] [--queries 40] [--keep DB]
                                  [--rest-url http://127.0.0.1:8000]

The database is generated directly through the store's tables (no NLP) in a temporary folder: articles, and
facts whose actor fields are the mentions -- events carry two (source and target) and quotes one (speaker), in
a 4:1 ratio of events to quotes, so 1M mentions are 444k events (with their evidence rows) and 111k quotes.
Actor names are drawn from 20,000 made-up people and 200 country codes with a Zipf-like skew, as in news,
where a few actors are everywhere and most appear a handful of times; a person is written by full name or, one
time in five, by surname alone; event dates span ten years. The resolution tables are filled as an ingest would
leave them: one ``actors`` row per actor, its spellings in ``actor_names`` and every fact slot linked to its
actor in ``actor_links``.

Reads, each ``--queries`` times with fresh random arguments, through the Python API:

- actor timeline by id (as the web actor pages read it): ``Dossier.events(FactFilter(actor_id=ID, limit=100))``;
- actor timeline by name (as the CLI ``--actor`` reads it): ``Dossier.events(FactFilter(actor=NAME,
  limit=100))``; actors are drawn uniformly from those that occur (so mostly rare ones: the hard case);
- event search: ``Dossier.events(FactFilter(cameo=ROOT, since=D, until=D + 30 days, limit=100))``;
- network: ``Dossier.network(actor_id=ID)``, the 50 most frequent (source, target) actor pairs of its events.

The same reads of ``/api/events`` then go through the FastAPI app in-process (``httpx`` ASGI transport, no
socket), so the REST figures add routing, validation and JSON to the Python ones; ``--rest-url`` times them
against a running server instead (start it on a ``--keep`` database). It prints p50 and p95 in milliseconds
(target p95 < 50 ms), the same for the 20 busiest actors, and the query plan of each read.
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
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Engine, Table, and_, desc, func, or_, select, text

import newsdossier
from _common import machine, percentile
from newsdossier.models import FactFilter
from newsdossier.store.reads import facts as facts_query
from newsdossier.store.schema import (
    actor_links,
    actor_names,
    actor_table,
    articles,
    event_evidence,
    events,
    extractions,
    quotes,
)

CHUNK = 20_000
PEOPLE = 20_000
COUNTRIES = 200
CAMEO_ROOTS = [f"{root:02d}" for root in range(1, 21)]
FIRST_DAY = dt.date(2015, 1, 1)
DAYS = 3650


def _actor_id(actor: tuple[str, str, str | None]) -> str:
    name, kind, _ = actor
    return name if kind == "country" else "person:" + name.lower().replace(" ", "-")


def _written(rng: random.Random, actor: tuple[str, str, str | None]) -> str:
    """How one report writes the actor: a person is sometimes only their surname."""
    name, kind, _ = actor
    return name.split()[-1] if kind == "person" and rng.random() < 0.2 else name


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
    spellings: Counter[tuple[str, str]] = Counter()
    links: list[dict[str, Any]] = []
    for start in range(0, n_events, CHUNK):
        rows, evidence = [], []
        for index in range(start, min(n_events, start + CHUNK)):
            source, target = rng.choices(pool, cum_weights=cumulative, k=2)
            source_name, target_name = _written(rng, source), _written(rng, target)
            seen.update((source_name, target_name))
            spellings.update(((_actor_id(source), source_name), (_actor_id(target), target_name)))
            day = (FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))).isoformat()
            cameo = rng.choice(CAMEO_ROOTS) + str(rng.randrange(10))
            article = f"a{rng.randrange(n_articles):015d}"
            event_id = f"e{index:015d}"
            rows.append({
                "id": event_id, "cameo": cameo, "cameo_root": cameo[:2], "plover": "CONSULT",
                "source_name": source_name, "source_kind": source[1], "source_country": source[2],
                "target_name": target_name, "target_kind": target[1], "target_country": target[2],
                "date_start": day, "date_end": day, "date_precision": "day",
                "place": None, "negated": False, "hedged": False, "trigger": "met", "article_id": article,
            })
            evidence.append({"event_id": event_id, "seq": 0, "article_id": article, "field": "text",
                             "start": 0, "end": 23, "sentence": "Synthetic article body."})
            links += [{"fact": "events", "fact_id": event_id, "slot": "source", "actor_id": _actor_id(source)},
                      {"fact": "events", "fact_id": event_id, "slot": "target", "actor_id": _actor_id(target)}]
        _insert(cursor, events, rows)
        _insert(cursor, event_evidence, evidence)
        _insert(cursor, actor_links, links)
        links = []
    for start in range(0, n_quotes, CHUNK):
        rows = []
        for index in range(start, min(n_quotes, start + CHUNK)):
            (speaker,) = rng.choices(pool, cum_weights=cumulative, k=1)
            speaker_name = _written(rng, speaker)
            seen.add(speaker_name)
            spellings[(_actor_id(speaker), speaker_name)] += 1
            links.append({"fact": "quotes", "fact_id": f"q{index:015d}", "slot": "speaker",
                          "actor_id": _actor_id(speaker)})
            day = (FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))).isoformat()
            rows.append({
                "id": f"q{index:015d}", "speaker_name": speaker_name, "speaker_kind": speaker[1],
                "speaker_country": speaker[2], "text": "We will talk.", "direct": True, "cue": "said",
                "date_start": day, "date_end": day, "date_precision": "day",
                "article_id": f"a{rng.randrange(n_articles):015d}", "field": "text", "start": 0, "end": 23,
                "sentence": "Synthetic article body.",
            })
        _insert(cursor, quotes, rows)
        _insert(cursor, actor_links, links)
        links = []
    _insert_registry(cursor, pool, spellings)
    cursor.execute("ANALYZE")
    raw.commit()
    raw.close()
    return sorted(seen)


def _insert_registry(cursor: Any, pool: list[tuple[str, str, str | None]],
                     spellings: Counter[tuple[str, str]]) -> None:
    """The ``actors`` and ``actor_names`` rows of the actors that occur, with their mention counts."""
    mentions: Counter[str] = Counter()
    for (actor_id, _), count in spellings.items():
        mentions[actor_id] += count
    _insert(cursor, actor_table, [{"id": _actor_id(actor), "kind": actor[1], "name": actor[0], "country": actor[2],
                                   "mentions": mentions[_actor_id(actor)]}
                                  for actor in pool if _actor_id(actor) in mentions])
    rows = [{"actor_id": actor_id, "variant": variant, "count": count}
            for (actor_id, variant), count in sorted(spellings.items())]
    for start in range(0, len(rows), CHUNK):
        _insert(cursor, actor_names, rows[start:start + CHUNK])


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


def _asgi_get(dossier: newsdossier.Dossier) -> tuple[Callable[[str], Any], Callable[[], None]]:
    """A GET against the FastAPI app in-process (httpx ASGI transport) and how to close it."""
    import asyncio

    import httpx

    from newsdossier.surfaces.web.app import create_app

    loop = asyncio.new_event_loop()
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(dossier)), base_url="http://bench")

    def get(path: str) -> Any:
        response = loop.run_until_complete(client.get(path))
        response.raise_for_status()
        return response.json()

    def close() -> None:
        loop.run_until_complete(client.aclose())
        loop.close()

    return get, close


def _row(name: str, times: Sequence[float]) -> str:
    return f"{name:<44}{percentile(times, 0.5):9.1f}{percentile(times, 0.95):9.1f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--keep", type=Path, default=None, help="build (or reuse) the database at this path")
    parser.add_argument("--rest-url", default=None, help="time the REST reads against this server instead")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "queries.db"
        reuse = path.exists()
        dossier = newsdossier.open(path)
        start = time.perf_counter()
        if reuse:
            with dossier.engine.connect() as conn:
                names = sorted(set(conn.execute(select(actor_names.c.variant)).scalars()))
        else:
            names = build(dossier.engine, args.articles, args.mentions, args.seed)
        with dossier.engine.connect() as conn:
            ids = sorted(conn.execute(select(actor_table.c.id)).scalars())
            busiest = conn.execute(select(actor_table.c.id, actor_table.c.name)
                                   .order_by(desc(actor_table.c.mentions), actor_table.c.id).limit(20)).all()
        counts = dossier.stats()
        print(f"{machine()}; {counts['articles']} articles, {counts['events']} events, {counts['quotes']} quotes "
              f"({2 * counts['events'] + counts['quotes']} actor mentions), {len(ids)} actors, {len(names)} "
              f"spellings; {'reused' if reuse else 'built'} in {time.perf_counter() - start:.0f} s")
        rng = random.Random(args.seed + 1)

        def window() -> tuple[str, str]:
            since = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS - 30))
            return since.isoformat(), (since + dt.timedelta(days=30)).isoformat()

        def search_filter() -> FactFilter:
            since, until = window()
            return FactFilter(cameo=rng.choice(CAMEO_ROOTS), since=since, until=until, limit=100)

        def search_exact() -> None:
            since, until = window()
            search_indexed(dossier.engine, rng.choice(CAMEO_ROOTS), since, until)

        reads: list[tuple[str, Callable[[], Any]]] = [
            ("actor timeline by id (Dossier.events)",
             lambda: list(dossier.events(FactFilter(actor_id=rng.choice(ids), limit=100)))),
            ("actor timeline by name (Dossier.events)",
             lambda: list(dossier.events(FactFilter(actor=rng.choice(names), limit=100)))),
            ("event search (Dossier.events)", lambda: list(dossier.events(search_filter()))),
            ("network (Dossier.network)", lambda: dossier.network(rng.choice(ids))),
            ("  written-name timeline, exact (SQL)", lambda: timeline_indexed(dossier.engine, rng.choice(names))),
            ("  CAMEO root + window, exact (SQL)", search_exact),
        ]
        print(f"{'read':<44}{'p50 ms':>9}{'p95 ms':>9}  (target p95 < 50 ms, {args.queries} queries each)")
        for name, call in reads:
            print(_row(name, _timed(call, args.queries)))
        for name, busy in (("  busiest 20 actors: timeline by id",
                            lambda actor: list(dossier.events(FactFilter(actor_id=actor.id, limit=100)))),
                           ("  busiest 20 actors: timeline by name",
                            lambda actor: list(dossier.events(FactFilter(actor=actor.name, limit=100)))),
                           ("  busiest 20 actors: network", lambda actor: dossier.network(actor.id))):
            print(_row(name, [_timed(lambda actor=actor, busy=busy: busy(actor), 1)[0] for actor in busiest]))
        if args.rest_url:
            get, close = _urllib_get(args.rest_url), (lambda: None)
            surface = f"REST {args.rest_url}"
        else:
            get, close = _asgi_get(dossier)
            surface = "REST in-process (ASGI)"

        def quoted(value: str) -> str:
            return urllib.parse.quote(value, safe="")

        rest = [
            ("timeline by id", lambda: f"/api/events?actor_id={quoted(rng.choice(ids))}&limit=100"),
            ("timeline by name", lambda: f"/api/events?actor={quoted(rng.choice(names))}&limit=100"),
            ("event search", lambda: "/api/events?cameo={}&since={}&until={}&limit=100".format(
                rng.choice(CAMEO_ROOTS), *window())),
        ]
        for name, path in rest:
            get(path())  # the first request also builds the app's routes; not a query cost
            print(_row(f"{surface}: {name}", rest_latencies(get, [path() for _ in range(args.queries)])))
        close()
        sample_id, sample_name = ids[len(ids) // 2], names[len(names) // 2]
        since, until = window()
        with dossier.engine.connect() as conn:
            plans = {
                "timeline by id": facts_query._filtered(conn, select(events.c.id).order_by(events.c.date_start),
                                                        events, ("source", "target"),
                                                        FactFilter(actor_id=sample_id, limit=100)),
                "timeline by name": facts_query._filtered(conn, select(events.c.id).order_by(events.c.date_start),
                                                          events, ("source", "target"),
                                                          FactFilter(actor=sample_name, limit=100)),
                "event search": facts_query._filtered(conn, select(events.c.id).order_by(events.c.date_start),
                                                      events, ("source", "target"),
                                                      FactFilter(cameo="04", since=since, until=until, limit=100)),
            }
        for name, query in plans.items():
            print(f"plan, {name}: {_plan(dossier.engine, query)}")
        involving = or_(events.c.source_name == sample_name, events.c.target_name == sample_name)
        print("plan, written-name timeline:", _plan(dossier.engine, select(func.count()).select_from(events)
                                                    .where(involving)))
        dossier.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
