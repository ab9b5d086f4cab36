"""End-to-end ingest of the evaluation corpus (2,520 articles) on 2 cores: throughput and memory.

    python bench/bench_corpus.py [--workers 2] [--limit N] [--engine local|ray]

Ingests ``../shared/eval/news_corpus.jsonl`` with extraction into a fresh SQLite file and prints articles/s
and words/s, peak resident memory (RSS) of the driver and of the worker processes, and RSS sampled at every
10% of reading and of extraction: memory must stay flat from 10% to 100% (inputs are streamed, stored
articles are streamed back for anchoring and extraction, and only a few batches are in flight).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import newsdossier
from _common import NEWS_CORPUS, children_rss_mb, corpus_records, machine, peak_rss_mb, rss_mb, write_jsonl
from newsdossier import engines
from newsdossier.models import Reject


class MemoryProbe:
    """An ingest progress listener that samples memory at every tenth of each phase."""

    def __init__(self) -> None:
        self.samples: list[tuple[str, int, float, float]] = []
        self._phase = "reading"
        self._total = 0
        self._done = 0
        self._next = 10
        self.started = time.perf_counter()
        self.extraction_started = 0.0

    def _sample(self) -> None:
        while self._total and self._done * 100 >= self._next * self._total and self._next <= 100:
            self.samples.append((self._phase, self._next, rss_mb(), children_rss_mb()))
            self._next += 10

    def start(self, total_bytes: int) -> None:
        self._total, self._done, self._next = total_bytes, 0, 10

    def advance(self, consumed_bytes: int) -> None:
        self._done += consumed_bytes
        self._sample()

    def rejected(self, reject: Reject) -> None:
        pass

    def extracting(self, total_articles: int) -> None:
        self.extraction_started = time.perf_counter()
        self._phase, self._total, self._done, self._next = "extraction", total_articles, 0, 10

    def extracted(self) -> None:
        self._done += 1
        self._sample()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--engine", default="local", choices=engines.ENGINES)
    parser.add_argument("--corpus", type=Path, default=NEWS_CORPUS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = args.corpus
        if args.limit:
            corpus = write_jsonl(corpus_records(args.corpus, args.limit), folder / "corpus.jsonl")
        words = sum(len(str(record["text"]).split()) for record in corpus_records(corpus))
        print(f"{machine()}; {corpus.name}: {corpus.stat().st_size / 1e6:.1f} MB, {words} words, "
              f"engine {args.engine} with {args.workers} workers")
        baseline = rss_mb()
        runner = engines.create(args.engine, workers=args.workers)
        dossier = newsdossier.open(folder / "corpus.db")
        probe = MemoryProbe()
        try:
            report = dossier.ingest([corpus], progress=probe, engine=runner)
        finally:
            runner.close()
        elapsed = time.perf_counter() - probe.started
        extraction = time.perf_counter() - probe.extraction_started if probe.extraction_started else 0.0
        counts = dossier.stats()
        dossier.close()
    print(f"read {report.read}, stored {report.stored}, rejected {report.rejected}, duplicates {report.duplicates}, "
          f"extracted {report.extracted} ({report.extraction_failed} failed); events {counts['events']}, "
          f"quotes {counts['quotes']}, roles {counts['roles']}, memberships {counts['memberships']}")
    print(f"{elapsed:.0f} s: {report.read / elapsed:.2f} articles/s, {words / elapsed:.0f} words/s "
          f"(reading to stored {elapsed - extraction:.0f} s, extraction {extraction:.0f} s)")
    print(f"peak RSS: driver {peak_rss_mb():.0f} MB (before ingest {baseline:.0f} MB), "
          f"largest worker {peak_rss_mb(children=True):.0f} MB")
    print(f"{'phase':<12}{'at':>5}{'driver MB':>11}{'workers MB':>12}")
    for phase, share, driver, workers in probe.samples:
        print(f"{phase:<12}{share:>4}%{driver:>11.0f}{workers:>12.0f}")
    for phase in ("reading", "extraction"):
        points = {share: (driver, workers) for name, share, driver, workers in probe.samples if name == phase}
        if 10 in points and 100 in points:
            (d10, w10), (d100, w100) = points[10], points[100]
            print(f"{phase}: driver {d10:.0f} -> {d100:.0f} MB ({d100 / d10:.2f}x), "
                  f"driver + workers {d10 + w10:.0f} -> {d100 + w100:.0f} MB ({(d100 + w100) / (d10 + w10):.2f}x) "
                  f"from 10% to 100%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
