"""Benchmark of duplicate detection on synthetic articles with planted exact and near copies.

    python bench/bench_dedup.py [--sizes 10000,100000] [--seed 7] [--workers 2]

Articles are random word sequences (Zipf-distributed over a vocabulary of 5,000 made-up words, 4-9
paragraphs of 20-80 words). About 5% are exact copies of an earlier article and 10% near copies of an
earlier original: 5-15% of the words edited in short runs (a phrase replaced, cut or inserted, as a copy
editor does) and, for a third of them, one paragraph dropped. Edits in runs rather than scattered words is
deliberate: 15% scattered single-word edits destroy half of all 5-grams, which no copy desk does.

For each size it prints the time to fingerprint and to group (separately), recall of the planted
(source, copy) pairs -- overall and for pairs whose true word-5-gram Jaccard reaches the threshold, the
detector's own definition -- and the number of false pairs (grouped articles from different families).
Fingerprinting is timed in wall time and in CPU seconds (driver and workers): on a shared machine the wall
time also counts waiting for a CPU. With two or more sizes it also prints the ratios of the largest to the
smallest.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import string
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from _common import machine
from newsdossier.engines import LocalEngine
from newsdossier.ingest.dedup import (
    DEFAULT_THRESHOLD,
    DedupItem,
    DuplicateGroup,
    Fingerprint,
    fingerprint,
    group_duplicates,
    shared_passages,
    shingle_hashes,
    split_paragraphs,
    words,
)

VOCABULARY = 5000
EXACT_SHARE = 0.05
NEAR_SHARE = 0.10
EDIT_RATE = (0.05, 0.15)
DROP_PARAGRAPH_SHARE = 1 / 3
FINGERPRINT_BATCH = 500


@dataclass
class Corpus:
    texts: list[str]
    family: list[int]  # index of the original every article descends from
    planted: list[tuple[int, int, str]]  # (source, copy, "exact" | "near")
    published: list[date]


def _vocabulary(rng: np.random.Generator) -> np.ndarray:
    letters = np.array(list(string.ascii_lowercase))
    found: set[str] = set()
    while len(found) < VOCABULARY:
        found.add("".join(rng.choice(letters, size=int(rng.integers(2, 10)))))
    return np.array(sorted(found), dtype=object)


class Generator:
    """Deterministic synthetic news: originals, exact copies and edited near copies."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.vocabulary = _vocabulary(self.rng)
        weights = 1.0 / np.arange(1, VOCABULARY + 1) ** 1.05
        self.cumulative = np.cumsum(weights / weights.sum())

    def _words(self, count: int) -> np.ndarray:
        return np.searchsorted(self.cumulative, self.rng.random(count)).clip(max=VOCABULARY - 1)

    def original(self) -> list[np.ndarray]:
        return [self._words(int(self.rng.integers(20, 81))) for _ in range(int(self.rng.integers(4, 10)))]

    def near_copy(self, paragraphs: list[np.ndarray]) -> list[np.ndarray]:
        """Copy-desk edits: runs of 1-8 words replaced, cut or inserted until 5-15% of the words changed."""
        paragraphs = [p.copy() for p in paragraphs]
        if len(paragraphs) >= 3 and self.rng.random() < DROP_PARAGRAPH_SHARE:
            del paragraphs[int(self.rng.integers(len(paragraphs)))]
        budget = self.rng.uniform(*EDIT_RATE) * sum(len(p) for p in paragraphs)
        while budget > 0:
            index = int(self.rng.integers(len(paragraphs)))
            paragraph = paragraphs[index]
            run = int(self.rng.integers(1, 9))
            at = int(self.rng.integers(max(1, len(paragraph) - run)))
            operation = self.rng.integers(3)
            if operation == 0:
                paragraph = np.concatenate([paragraph[:at], self._words(run), paragraph[at + run:]])
            elif operation == 1 and len(paragraph) > run + 5:
                paragraph = np.concatenate([paragraph[:at], paragraph[at + run:]])
            else:
                paragraph = np.concatenate([paragraph[:at], self._words(run), paragraph[at:]])
            paragraphs[index] = paragraph
            budget -= run
        return paragraphs

    def text(self, paragraphs: list[np.ndarray]) -> str:
        return "\n\n".join(" ".join(self.vocabulary[p]) + "." for p in paragraphs)

    def corpus(self, size: int) -> Corpus:
        tokens: list[list[np.ndarray]] = []
        family: list[int] = []
        planted: list[tuple[int, int, str]] = []
        originals: list[int] = []
        for index in range(size):
            roll = self.rng.random() if index >= 10 else 1.0
            if roll < EXACT_SHARE:
                source = int(self.rng.integers(index))
                tokens.append(tokens[source])
                family.append(family[source])
                planted.append((source, index, "exact"))
            elif roll < EXACT_SHARE + NEAR_SHARE:
                source = originals[int(self.rng.integers(len(originals)))]
                tokens.append(self.near_copy(tokens[source]))
                family.append(source)
                planted.append((source, index, "near"))
            else:
                tokens.append(self.original())
                family.append(index)
                originals.append(index)
        start = date(2024, 1, 1)
        published = [start + timedelta(days=int(day)) for day in self.rng.integers(0, 365, size)]
        for source, copy, _ in planted:  # a copy never predates its source
            published[copy] = max(published[copy], published[source])
        return Corpus([self.text(t) for t in tokens], family, planted, published)


def _true_jaccard(text_a: str, text_b: str) -> float:
    a, b = np.unique(shingle_hashes(words(text_a))), np.unique(shingle_hashes(words(text_b)))
    union = len(np.union1d(a, b))
    return len(np.intersect1d(a, b, assume_unique=True)) / union if union else 1.0


def _grouped_pairs(groups: Sequence[DuplicateGroup], index: dict[str, int]) -> set[tuple[int, int]]:
    found = set()
    for group in groups:
        members = sorted(index[m.article_id] for m in group.members)
        found.update(itertools.combinations(members, 2))
    return found


def _fingerprint_batch(texts: list[str]) -> list[Fingerprint]:
    return [fingerprint(text, split_paragraphs(text)) for text in texts]


def run(size: int, seed: int, threshold: float, workers: int = 1) -> dict[str, float]:
    built = time.perf_counter()
    corpus = Generator(seed).corpus(size)
    generated = time.perf_counter()
    # fingerprints are computed where an ingest computes them: in the engine's workers, batch by batch
    cpu_before = _cpu_seconds()
    engine = LocalEngine(workers)
    batches = [corpus.texts[start:start + FINGERPRINT_BATCH] for start in range(0, size, FINGERPRINT_BATCH)]
    try:
        prints = [print_ for _, found in engine.map(_fingerprint_batch, batches) for print_ in found]
    finally:
        engine.close()  # joins the workers, so their CPU time is in RUSAGE_CHILDREN from here on
    fingerprinted = time.perf_counter()
    fingerprint_cpu = _cpu_seconds() - cpu_before
    items = [DedupItem(f"a{i:07d}", fp, corpus.published[i], len(corpus.texts[i]), i) for i, fp in enumerate(prints)]
    started = time.perf_counter()
    groups = group_duplicates(items, threshold)
    grouped = time.perf_counter()
    passages = shared_passages(items, groups)
    passaged = time.perf_counter()

    index = {item.article_id: i for i, item in enumerate(items)}
    found = _grouped_pairs(groups, index)
    planted = {(min(s, c), max(s, c)): kind for s, c, kind in corpus.planted}
    near = [p for p, kind in planted.items() if kind == "near"]
    near_jaccard = {p: _true_jaccard(corpus.texts[p[0]], corpus.texts[p[1]]) for p in near}
    above = [p for p in near if near_jaccard[p] >= threshold]
    missed = [p for p in above if p not in found]
    estimate_low = sum(_estimate(prints[a], prints[b]) < threshold for a, b in missed)
    false_pairs = sum(corpus.family[a] != corpus.family[b] for a, b in found)
    return {
        "size": size,
        "workers": workers,
        "generate_s": generated - built,
        "fingerprint_s": fingerprinted - generated,
        "fingerprint_cpu_s": fingerprint_cpu,
        "group_s": grouped - started,
        "passages_s": passaged - grouped,
        "groups": len(groups),
        "planted": len(planted),
        "recall": sum(p in found for p in planted) / len(planted),
        "recall_exact": _share(found, [p for p, kind in planted.items() if kind == "exact"]),
        "recall_near": _share(found, near),
        "near_above_threshold": len(above),
        "recall_near_above_threshold": _share(found, above),
        "missed_estimate_low": estimate_low,
        "missed_grouped_apart": len(missed) - estimate_low,
        "near_median_jaccard": float(np.median(list(near_jaccard.values()))) if near else 0.0,
        "found_pairs": len(found),
        "false_pairs": false_pairs,
        "shared_passages": len(passages),
    }


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children: what the fingerprinting costs however many other
    processes share the machine (wall time on a loaded machine also counts the time spent waiting for a CPU)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _estimate(first: Fingerprint, second: Fingerprint) -> float:
    return float((np.frombuffer(first.minhash, "<u8") == np.frombuffer(second.minhash, "<u8")).mean())


def _share(found: set[tuple[int, int]], pairs: Sequence[tuple[int, int]]) -> float:
    return sum(p in found for p in pairs) / len(pairs) if pairs else 1.0


def _total(result: dict[str, float]) -> float:
    return result["fingerprint_s"] + result["group_s"] + result["passages_s"]


def _report(result: dict[str, float]) -> None:
    total = result["fingerprint_s"] + result["group_s"] + result["passages_s"]
    print(f"N={result['size']:,}: total {total:.1f} s = fingerprint {result['fingerprint_s']:.2f} s on "
          f"{result['workers']} processes ({1e6 * result['fingerprint_s'] / result['size']:.0f} us/article; CPU "
          f"{result['fingerprint_cpu_s']:.1f} s, {1e6 * result['fingerprint_cpu_s'] / result['size']:.0f} us/article "
          f"with pickling both ways), "
          f"group {result['group_s']:.2f} s, shared passages {result['passages_s']:.2f} s "
          f"(generation {result['generate_s']:.1f} s, not counted)")
    print(f"  planted pairs {result['planted']:,}: recall {result['recall']:.4f} "
          f"(exact {result['recall_exact']:.4f}, near {result['recall_near']:.4f}; near pairs with true "
          f"5-gram Jaccard >= threshold: {result['near_above_threshold']:,}, "
          f"recall {result['recall_near_above_threshold']:.4f}; "
          f"median near Jaccard {result['near_median_jaccard']:.2f})")
    print(f"  of those missed: {result['missed_estimate_low']} with a signature estimate under the threshold, "
          f"{result['missed_grouped_apart']} grouped apart (chaining guard: the source is itself a near member "
          f"of a better-ranked original the copy is not close to, or an LSH miss)")
    print(f"  groups {result['groups']:,}, found pairs {result['found_pairs']:,}, false pairs {result['false_pairs']}, "
          f"shared passages {result['shared_passages']:,}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated corpus sizes")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--workers", type=int, default=2, help="processes for fingerprinting (as in an ingest)")
    args = parser.parse_args(argv)
    print(machine())
    sizes = sorted(int(size) for size in args.sizes.split(","))
    results = []
    for size in sizes:
        results.append(run(size, args.seed, args.threshold, args.workers))
        _report(results[-1])
    if len(results) > 1:
        small, large = results[0], results[-1]
        print(f"ratio N={large['size']:,} / N={small['size']:,} ({large['size'] / small['size']:.0f}x articles): "
              f"fingerprint {large['fingerprint_s'] / small['fingerprint_s']:.1f}x, "
              f"fingerprint CPU {large['fingerprint_cpu_s'] / small['fingerprint_cpu_s']:.1f}x, "
              f"group {large['group_s'] / small['group_s']:.1f}x, total {_total(large) / _total(small):.1f}x "
              f"(target <= 12x; {large['size']:,} in {_total(large):.1f} s, target < 60 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
