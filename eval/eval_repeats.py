"""How many event records repeat another record of their article, on the sample articles or any dossier.

    PYTHONPATH=src .venv/bin/python eval/eval_repeats.py [--db dossier.db] [--show]

Without ``--db`` the five sample articles (``shared/corpus/seeds``) are ingested into a temporary dossier
through the real pipeline. A record *repeats* an earlier record of the same article (in stored order) when
they have the same CAMEO root and polarity and either

* the same actors — the set of its source, target and participants, each keyed by its resolved actor id, or by
  its lower-cased name when unresolved — and dates that can be the same (the ranges overlap, or one is dated
  only by its article): the act told twice ("During the meeting, ..." re-reading the meeting, a caption and
  the body, A->B beside B->A for a meeting); or
* the same trigger word in the same evidence sentence: one act split into several records (a group's members,
  every pair of a summit's leaders).

The share is repeats / records. ``repeats(events)`` returns the repeating records with what they repeat, for
the eval gate.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newsdossier.dossier import Dossier

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"


def _actors(event: dict[str, Any]) -> frozenset[str]:
    named = [event["source"], event["target"], *event.get("participants", ())]
    return frozenset(actor.get("id") or actor["name"].lower() for actor in named if actor)


def _dates_can_match(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if "reported" in (a["date_precision"], b["date_precision"]) or not a["date_start"] or not b["date_start"]:
        return True
    return a["date_start"] <= (b["date_end"] or b["date_start"]) and b["date_start"] <= (a["date_end"]
                                                                                         or a["date_start"])


def _sentence(event: dict[str, Any]) -> tuple[str, str, int]:
    first = event["evidence"][0]
    return first["article"], first["field"], first["start"]


def _repeats(earlier: dict[str, Any], later: dict[str, Any]) -> bool:
    if earlier["cameo"][:2] != later["cameo"][:2] or earlier["negated"] != later["negated"]:
        return False
    if _sentence(earlier) == _sentence(later) and earlier["trigger"].lower() == later["trigger"].lower():
        return True
    return _actors(earlier) == _actors(later) and _dates_can_match(earlier, later)


def repeats(events: Iterable[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(repeating record, the earlier record of its article it repeats), for every repeating record."""
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    found = []
    for event in events:
        article = event["evidence"][0]["article"]
        earlier = next((seen for seen in by_article[article] if _repeats(seen, event)), None)
        if earlier is not None:
            found.append((event, earlier))
        by_article[article].append(event)
    return found


def sample_events() -> list[dict[str, Any]]:
    """The event records of the five sample articles, ingested through the real pipeline."""
    with tempfile.TemporaryDirectory() as tmp, Dossier(str(Path(tmp) / "seeds.db")) as dossier:
        dossier.ingest([SEEDS])
        return list(dossier.events())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="a dossier to measure instead of the sample articles")
    parser.add_argument("--show", action="store_true", help="print every repeat beside what it repeats")
    args = parser.parse_args(argv)
    if args.db:
        with Dossier(args.db) as dossier:
            events = list(dossier.events())
    else:
        events = sample_events()
    found = repeats(events)
    if args.show:
        for event, earlier in found:
            print(f"  {event['cameo']} {event['trigger']!r} {sorted(_actors(event))}\n"
                  f"      {event['evidence'][0]['sentence'][:150]!r}\n"
                  f"    repeats {earlier['cameo']} {earlier['trigger']!r}: "
                  f"{earlier['evidence'][0]['sentence'][:150]!r}")
    share = len(found) / len(events) if events else 0.0
    print(f"event records repeating another record of their article: {len(found)} of {len(events)} = {share:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
