"""Article topics (``newsdossier.lexicon.topics``) against the BBC categories of the evaluation corpus.

    PYTHONPATH=src .venv/bin/python eval/eval_topics.py [--file ../shared/eval/news_corpus.jsonl]

The 2,225 BBC articles carry one of five categories; each maps to the topic it should get (``EXPECTED``:
politics -> politics, business -> economy, sport -> sport, entertainment -> culture, tech -> science).
Printed: the share right, the share left ``general``, and the confusion table. A topic the BBC has no
category for (conflict, society) counts as wrong. The Wikinews articles have no category and are not scored.
``score(records)`` returns the numbers for the eval gate.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from newsdossier.lexicon.topics import GENERAL, topic_of

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "news_corpus.jsonl"
EXPECTED = {"politics": "politics", "business": "economy", "sport": "sport", "entertainment": "culture",
            "tech": "science"}


def load_records(path: Path = CORPUS) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return [r for r in records if r.get("category") in EXPECTED]


def score(records: list[dict[str, Any]]) -> dict[str, Any]:
    confusion: Counter[tuple[str, str]] = Counter()
    for record in records:
        confusion[(record["category"], topic_of(record.get("title"), record.get("text") or ""))] += 1
    total = sum(confusion.values())
    right = sum(n for (category, topic), n in confusion.items() if EXPECTED[category] == topic)
    general = sum(n for (_, topic), n in confusion.items() if topic == GENERAL)
    sport = [n for (category, topic), n in confusion.items() if topic == "sport"]
    sport_right = confusion[("sport", "sport")]
    return {"accuracy": right / total, "general": general / total, "articles": total,
            "sport_precision": sport_right / sum(sport) if sport else 0.0,
            "sport_recall": sport_right / sum(n for (c, _), n in confusion.items() if c == "sport"),
            "confusion": confusion}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    found = score(load_records(args.file))
    print(f"BBC topics: {found['articles']} articles, right {found['accuracy']:.3f}, left general "
          f"{found['general']:.3f}; sport precision {found['sport_precision']:.3f} recall {found['sport_recall']:.3f}")
    topics = sorted({topic for _, topic in found["confusion"]})
    print("category".ljust(14) + "".join(t.rjust(10) for t in topics))
    for category in EXPECTED:
        print(category.ljust(14) + "".join(str(found["confusion"][(category, t)]).rjust(10) for t in topics))
    return 0


if __name__ == "__main__":
    sys.exit(main())
