"""Ray engine scaling: parsing and extraction on 2 Ray workers against 1, on the same texts.

    python bench/bench_ray.py [--articles 256] [--batch 32] [--repeat 2]   (needs: pip install -e ".[ray]")

A local Ray instance is started with 1 CPU, then with 2 (alternately, ``--repeat`` times, so both see the same
machine load). Each run maps :func:`newsdossier.extract.extract_batch` -- the task the ``ray`` engine runs for
every batch of an ingest -- over the first ``--articles`` texts of the evaluation corpus in batches of
``--batch``, after a warm-up round of tasks (loading the spaCy model once per Ray worker process is not
counted: on a cluster it happens once per worker for the whole corpus). It prints words/s for each and the
speed-up (target >= 1.7x on 2 CPUs), the share of their wall time the tasks actually ran on a CPU (under 100%
when other processes compete for the cores), and the words/s per worker to expect on a cluster.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from _common import NEWS_CORPUS, corpus_records, machine
from newsdossier import engines
from newsdossier.nlp.analyse import FieldMeta, extract_batch


def _batches(texts: Sequence[str], size: int) -> list[list[tuple[str, FieldMeta]]]:
    fields = [(text, FieldMeta(f"bench-{index}", "text", None, None, 1)) for index, text in enumerate(texts)]
    return [fields[start:start + size] for start in range(0, len(fields), size)]


def _measured_batch(fields: list[tuple[str, FieldMeta]]) -> tuple[int, float, float]:
    """``extract_batch`` with the task's own CPU and wall seconds, to tell a busy machine from a slow engine."""
    wall, cpu = time.perf_counter(), time.process_time()
    found = len(extract_batch(fields))
    return found, time.process_time() - cpu, time.perf_counter() - wall


def run(texts: Sequence[str], workers: int, batch: int) -> tuple[float, float]:
    """Wall seconds of the run and the share of their wall time the tasks got a CPU for."""
    engine = engines.create("ray", workers=workers)
    try:
        # warm-up: as many concurrent tasks as workers, each long enough that Ray spreads them over every worker
        list(engine.map(extract_batch, _batches(texts[:workers * 4], 4)))
        start = time.perf_counter()
        tasks = [result for _, result in engine.map(_measured_batch, _batches(texts, batch))]
        elapsed = time.perf_counter() - start
    finally:
        engine.close()
    if sum(found for found, _, _ in tasks) != len(texts):
        raise SystemExit(f"expected {len(texts)} results, got {sum(found for found, _, _ in tasks)}")
    return elapsed, sum(cpu for _, cpu, _ in tasks) / sum(wall for _, _, wall in tasks)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=256)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    texts = [str(record["text"]) for record in corpus_records(NEWS_CORPUS, args.articles)]
    words = sum(len(text.split()) for text in texts)
    print(f"{machine()}; {len(texts)} articles, {words} words, tasks of {args.batch} articles")
    one, two = [], []
    for attempt in range(args.repeat):
        (single, single_share), (double, double_share) = run(texts, 1, args.batch), run(texts, 2, args.batch)
        one.append(single)
        two.append(double)
        print(f"run {attempt + 1}: 1 worker {words / single:7.0f} words/s   2 workers {words / double:7.0f} words/s"
              f"   speed-up {single / double:.2f}x   (tasks on a CPU {single_share:.0%} / {double_share:.0%} "
              f"of their time)")
    best_one, best_two = min(one), min(two)
    print(f"best:  1 worker {words / best_one:7.0f} words/s   2 workers {words / best_two:7.0f} words/s   "
          f"speed-up {best_one / best_two:.2f}x (target >= 1.7x)")
    print(f"per worker: {words / best_one:.0f} words/s, {len(texts) / best_one:.2f} articles/s "
          f"(2 workers: {words / best_two / 2:.0f} words/s each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
