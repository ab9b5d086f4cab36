"""Draw event records at random from a dossier, for judging by reading.

    PYTHONPATH=src .venv/bin/python eval/sample_events.py --db corpus.db --seed 2026 --n 120 \\
        --out eval/judged/events_sample.jsonl

Each line holds what a judge needs and nothing more: the record (CAMEO code and its codebook name, the PLOVER
type, trigger, participants with their roles, codes and kinds, directed / negated / hedged / attributed, date,
place), its evidence sentence, the article's title, and the other event records of the same article (code,
trigger, participants, sentence) so that a repeat can be seen. The draw is uniform over all event records
(``random.Random(seed).sample``); a fresh seed gives a fresh draw. ``--summary FILE`` reads a judged file
(the same lines with ``root_right``, ``participants_right``, ``repeat`` and ``reason`` added) and prints the
shares.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from newsdossier.dossier import Dossier
from newsdossier.lexicon import cameo


def _party(actor: dict[str, Any]) -> dict[str, Any]:
    return {key: actor.get(key) for key in ("name", "role", "kind", "country", "code")}


def _brief(event: dict[str, Any]) -> dict[str, Any]:
    evidence = event.get("evidence") or [{}]
    return {"id": event["id"], "cameo": event["cameo"], "trigger": event["trigger"],
            "participants": [f"{p.get('name')} ({p.get('role')})" for p in event.get("participants") or ()],
            "sentence": evidence[0].get("sentence")}


def draw(dossier: Dossier, seed: int, size: int) -> list[dict[str, Any]]:
    """``size`` records drawn uniformly with ``seed``, each with its article's other records."""
    events = list(dossier.events())
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        by_article[event["evidence"][0]["article"]].append(event)
    names = cameo.code_names()
    titles: dict[str, str | None] = {}
    sample = []
    for event in random.Random(seed).sample(events, min(size, len(events))):
        article = event["evidence"][0]["article"]
        if article not in titles:
            titles[article] = (dossier.article(article) or {}).get("title")
        sample.append({
            "id": event["id"], "article": article, "title": titles[article],
            "cameo": event["cameo"], "cameo_name": names.get(event["cameo"]), "plover": event["plover"],
            "trigger": event["trigger"], "directed": event.get("directed"),
            "participants": [_party(actor) for actor in event.get("participants") or ()],
            "negated": event["negated"], "hedged": event["hedged"], "attributed": event.get("attributed"),
            "date": event["date_start"], "date_precision": event["date_precision"], "place": event["place"],
            "sentence": event["evidence"][0].get("sentence"),
            "other_records_of_article": [_brief(other) for other in by_article[article] if other is not event],
        })
    return sample


def summary(path: Path) -> dict[str, Any]:
    """Shares of a judged file: right root, every participant right, fully right (both), repeats."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    total = len(rows)

    def share(test: Any) -> float:
        return round(sum(1 for row in rows if test(row)) / total, 3) if total else 0.0

    return {"records": total, "root_right": share(lambda r: r["root_right"]),
            "participants_right": share(lambda r: r["participants_right"]),
            "fully_right": share(lambda r: r["root_right"] and r["participants_right"] and not r["repeat"]),
            "repeat": share(lambda r: r["repeat"])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="dossier to draw from")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--n", type=int, default=120)
    parser.add_argument("--out", type=Path, help="JSONL to write (default: standard output)")
    parser.add_argument("--summary", type=Path, help="print the shares of a judged JSONL file instead")
    args = parser.parse_args(argv)
    if args.summary:
        print(json.dumps(summary(args.summary), indent=1))
        return 0
    if not args.db:
        parser.error("--db is required to draw")
    rows = draw(Dossier(args.db), args.seed, args.n)
    lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(lines, encoding="utf-8")
    else:
        sys.stdout.write(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
