"""Duplicate detection on the 2,520-article news corpus against its 169 known duplicate pairs.

    python eval/eval_duplicates.py [--corpus ../shared/eval/news_corpus.jsonl]
                                   [--pairs ../shared/eval/news_corpus_dup_pairs.jsonl] [--threshold 0.5]
                                   [--sweep] [--shingle-words 5]

Each article's ``text`` is fingerprinted (paragraphs = blocks between blank lines) and grouped with
``newsdossier.dedup``; every pair of articles inside one group is a found pair. Printed:

- recall of the known pairs (the list is a heuristic helper, not gold: 137 identical bodies, 32 near copies
  with word-5-gram Jaccard 0.5-1.0), and the known pairs that were missed;
- found pairs not in the list, with a deterministic sample of up to 50 showing their true word-5-gram
  Jaccard and both titles, so a person can judge whether they are false;
- precision = (found pairs in the list + extra pairs with true Jaccard >= 0.5) / found pairs;
- passages shared across articles that are not duplicates of each other (count and 5 examples).

``--sweep`` adds what the threshold was chosen from (the ``near_duplicate_threshold`` setting): the
lowest signature estimate of a known pair, the highest of any other pair (all 3.2M pairs compared), and
recall / extra pairs / precision for thresholds 0.3-0.7. ``--shingle-words 3`` repeats it with word 3-grams
(an experiment only: stored fingerprints always use dedup.SHINGLE_WORDS).

``evaluate(articles, pairs)`` returns the same numbers as a dict, for tests.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from newsdossier import settings
from newsdossier.ingest.dedup import (
    DedupItem,
    DuplicateGroup,
    fingerprint,
    group_duplicates,
    shared_passages,
    split_paragraphs,
    words,
)
from newsdossier.ingest.dedup import fingerprints as dedup  # --shingle-words sets SHINGLE_WORDS here

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"
CORPUS = SHARED / "news_corpus.jsonl"
PAIRS = SHARED / "news_corpus_dup_pairs.jsonl"

# An extra pair at or above this true word-5-gram Jaccard is counted as a real duplicate the helper list
# missed (the list's own near pairs start at 0.5).
TRUE_DUPLICATE_JACCARD = 0.5
# The helper list and the precision criterion are stated in word 5-grams, whatever the detector uses.
JUDGE_SHINGLE_WORDS = 5
SAMPLE_SIZE = 50

Pair = tuple[str, str]


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def pair(a: str, b: str) -> Pair:
    return (a, b) if a <= b else (b, a)


def true_jaccard(text_a: str, text_b: str, size: int = JUDGE_SHINGLE_WORDS) -> float:
    """Exact word-``size``-gram Jaccard of two texts, with the detector's own word normalisation."""
    shingles = []
    for text in (text_a, text_b):
        tokens = words(text)
        shingles.append({tuple(tokens[i:i + size]) for i in range(max(1, len(tokens) - size + 1))})
    union = shingles[0] | shingles[1]
    return len(shingles[0] & shingles[1]) / len(union) if union else 1.0


def _published(article: dict[str, Any]) -> date | None:
    value = article.get("date")
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def fingerprint_articles(articles: Sequence[dict[str, Any]]) -> list[DedupItem]:
    """DedupItems in corpus order (which is the ingest order)."""
    return [
        DedupItem(
            article_id=article["id"],
            fingerprint=fingerprint(article["text"], split_paragraphs(article["text"])),
            published=_published(article),
            length=len(article["text"]),
            order=order,
        )
        for order, article in enumerate(articles)
    ]


def found_pairs(groups: Sequence[DuplicateGroup]) -> set[Pair]:
    return {pair(a.article_id, b.article_id) for group in groups for a, b in itertools.combinations(group.members, 2)}


def _sample(extra: Sequence[Pair], size: int) -> list[Pair]:
    """A deterministic sample: the pairs with the smallest hash of their ids (stable across runs and Pythons)."""
    def key(item: Pair) -> str:
        return hashlib.sha256("\x00".join(item).encode("utf-8")).hexdigest()
    return sorted(extra, key=key)[:size]


def _passage_examples(passages: Sequence[Any], by_id: dict[str, dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """The most widely reused passages first (ties by hash, so the choice is stable)."""
    examples = []
    for passage in sorted(passages, key=lambda p: (-len(p.occurrences), p.passage_hash))[:count]:
        article_id, ref = passage.occurrences[0]
        text = by_id[article_id]["text"][ref.start:ref.end]
        examples.append({"text": text, "articles": [a for a, _ in passage.occurrences]})
    return examples


def evaluate(
    articles: Sequence[dict[str, Any]],
    pairs: Sequence[dict[str, Any]],
    threshold: float = settings.DEFAULTS.near_duplicate_threshold,
    sample_size: int = SAMPLE_SIZE,
    items: Sequence[DedupItem] | None = None,
) -> dict[str, Any]:
    """Fingerprint, group and score ``articles`` against the known ``pairs``; returns every printed figure.

    ``items`` are the articles' fingerprints when already computed (a threshold sweep reuses them).
    """
    by_id = {article["id"]: article for article in articles}
    started = time.perf_counter()
    items = fingerprint_articles(articles) if items is None else items
    fingerprinted = time.perf_counter()
    groups = group_duplicates(items, threshold)
    grouped = time.perf_counter()
    passages = shared_passages(items, groups)

    known = {pair(p["a"], p["b"]): p for p in pairs if p["a"] in by_id and p["b"] in by_id}
    found = found_pairs(groups)
    extra = sorted(found - set(known))
    extra_jaccard = {p: true_jaccard(by_id[p[0]]["text"], by_id[p[1]]["text"]) for p in extra}
    extra_true = sum(value >= TRUE_DUPLICATE_JACCARD for value in extra_jaccard.values())
    hits = len(found & set(known))
    return {
        "articles": len(articles),
        "threshold": threshold,
        "groups": len(groups),
        "known_pairs": len(known),
        "found_pairs": len(found),
        "recall": hits / len(known) if known else 1.0,
        "missed": [known[p] for p in sorted(set(known) - found)],
        "extra_pairs": len(extra),
        "extra_true_duplicates": extra_true,
        "extra_min_jaccard": min(extra_jaccard.values(), default=None),
        "extra_sample": [
            {"a": a, "b": b, "jaccard_5gram": round(extra_jaccard[(a, b)], 3),
             "title_a": by_id[a].get("title"), "title_b": by_id[b].get("title")}
            for a, b in _sample(extra, sample_size)
        ],
        "precision": (hits + extra_true) / len(found) if found else 1.0,
        "shared_passages": len(passages),
        "shared_passage_examples": _passage_examples(passages, by_id, 5),
        "seconds_fingerprint": fingerprinted - started,
        "seconds_group": grouped - fingerprinted,
    }


def estimate_margins(items: Sequence[DedupItem], pairs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Lowest signature estimate among known pairs and highest among all other pairs of different texts.

    Compares every pair of signatures (no LSH), so the margin around the threshold is seen in full.
    """
    known = {pair(p["a"], p["b"]) for p in pairs}
    ids = [item.article_id for item in items]
    signatures = np.stack([np.frombuffer(item.fingerprint.minhash, dtype="<u8") for item in items])
    usable = ~(signatures == np.iinfo(np.uint64).max).all(axis=1)
    exact = [item.fingerprint.exact for item in items]
    known_estimates, other = [], (0.0, ("", ""))
    for i in range(len(items) - 1):
        estimates = (signatures[i + 1:] == signatures[i]).mean(axis=1)
        for offset in np.flatnonzero(estimates >= 0.2 * usable[i + 1:] * usable[i]).tolist():
            j = i + 1 + offset
            key = pair(ids[i], ids[j])
            if key in known:
                known_estimates.append(float(estimates[offset]))
            elif exact[i] != exact[j] and estimates[offset] > other[0]:
                other = (float(estimates[offset]), key)
    return {"lowest_known": min(known_estimates, default=None), "highest_other": other[0],
            "highest_other_pair": other[1]}


def sweep(articles: Sequence[dict[str, Any]], pairs: Sequence[dict[str, Any]]) -> None:
    """Print the figures the threshold is chosen from."""
    by_id = {article["id"]: article for article in articles}
    items = fingerprint_articles(articles)
    margins = estimate_margins(items, pairs)
    a, b = margins["highest_other_pair"]
    print(f"word {dedup.SHINGLE_WORDS}-grams: lowest estimate of a known pair {margins['lowest_known']:.3f}; "
          f"highest of any other pair {margins['highest_other']:.3f} ({a} / {b}, true 5-gram Jaccard "
          f"{true_jaccard(by_id[a]['text'], by_id[b]['text']):.3f})")
    print("threshold  recall  extra  extra>=0.5  precision")
    for threshold in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7):
        result = evaluate(articles, pairs, threshold, sample_size=0, items=items)
        print(f"{threshold:9.2f}  {result['recall']:.4f}  {result['extra_pairs']:5d}  "
              f"{result['extra_true_duplicates']:10d}  {result['precision']:.4f}")


def _print(result: dict[str, Any]) -> None:
    print(f"articles {result['articles']}, threshold {result['threshold']}, groups {result['groups']}, "
          f"fingerprint {result['seconds_fingerprint']:.2f} s, group {result['seconds_group']:.2f} s")
    print(f"recall of known pairs: {result['recall']:.4f} "
          f"({result['known_pairs'] - len(result['missed'])}/{result['known_pairs']})")
    for missed in result["missed"]:
        print(f"  missed {missed['a']} / {missed['b']} ({missed['kind']}, jaccard {missed['jaccard_5gram']}): "
              f"{missed['title_a']!r} / {missed['title_b']!r}")
    print(f"found pairs {result['found_pairs']}; not in the list: {result['extra_pairs']} "
          f"(true 5-gram Jaccard >= {TRUE_DUPLICATE_JACCARD}: {result['extra_true_duplicates']}, "
          f"lowest: {result['extra_min_jaccard']})")
    for row in result["extra_sample"]:
        print(f"  {row['jaccard_5gram']:.3f}  {row['a']} / {row['b']}: {row['title_a']!r} / {row['title_b']!r}")
    print(f"precision (known + extra with true Jaccard >= {TRUE_DUPLICATE_JACCARD}): {result['precision']:.4f}")
    print(f"shared passages across non-duplicate articles: {result['shared_passages']}")
    for example in result["shared_passage_examples"]:
        print(f"  {', '.join(example['articles'])}: {example['text'][:150]!r}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--threshold", type=float, default=settings.DEFAULTS.near_duplicate_threshold)
    parser.add_argument("--sweep", action="store_true", help="print the figures the threshold is chosen from")
    parser.add_argument("--shingle-words", type=int, default=dedup.SHINGLE_WORDS,
                        help="shingle size to try (experiment only)")
    args = parser.parse_args(argv)
    dedup.SHINGLE_WORDS = args.shingle_words
    for path in (args.corpus, args.pairs):
        if not path.exists():
            print(f"{path} not found (the evaluation data lives beside the repository)", file=sys.stderr)
            return 2
    articles, pairs = load_jsonl(args.corpus), load_jsonl(args.pairs)
    if args.sweep:
        sweep(articles, pairs)
    else:
        _print(evaluate(articles, pairs, args.threshold))
    return 0


if __name__ == "__main__":
    sys.exit(main())
