"""Events found in the seed articles 000-002 against the hand-made gold (``shared/gold/seeds_dev.json``).

    PYTHONPATH=src .venv/bin/python eval/eval_events.py [--gold ../shared/gold/seeds_dev.json]
                                                        [--seeds ../shared/corpus/seeds] [--list]

Each article is cleaned with ``newsdossier.clean`` (body and captions become separate fields, as in the
pipeline) and dated with the gold publication date. Roles are read from all fields first and the resolver of
each field gets them, as ``newsdossier.extract`` does.

A gold event is found when one extracted event from one of its documents has

- a CAMEO root among the roots of the gold ``cameo`` codes,
- source and target keys of one of its dyads (an undirected event stands for each pair of its participants,
  see ``newsdossier.models.dyad_pairs``) both in the gold ``actors`` set and different from each other (an
  actor's key is its ISO3 country; an actor without a country only matches the gold's non-country labels
  ``EU``, ``UN`` and ``WEST`` through the name tests in ``GROUP_LABELS``; anything else without a country is a
  miss), and
- a date range overlapping the gold date widened by one day (``approx`` ranges are taken as given; a
  month such as ``2022-01`` is the whole month).

Printed: each gold event with hit/miss and the best candidate (most of the three tests passed), the share
found, and the number of events extracted. ``--list`` prints every extracted event as well.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsdossier.ingest.clean import clean_text
from newsdossier.models import ActorRef, ExtractedEvent, event_dyads
from newsdossier.nlp.analyse import extract_fields

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = SHARED / "gold" / "seeds_dev.json"
SEEDS = SHARED / "corpus" / "seeds"
DOCS = ("000", "001", "002")
TARGET_SHARE = 0.9
DATE_SLACK = dt.timedelta(days=1)

# The gold names three actors that are not countries. These tests on an actor's name decide whether an
# extracted actor without a country is one of them (evaluation only; the extractor never sees them).
GROUP_LABELS: dict[str, Callable[[str], bool]] = {
    "EU": lambda name: "european union" in name or name.split()[-1:] == ["eu"],
    "UN": lambda name: name.replace(".", "").startswith(("un ", "united nations")) or name in ("un", "the un"),
    "WEST": lambda name: "west" in name.split() or "western" in name.split() or name.endswith(" west"),
}


def gold_range(event: dict[str, Any]) -> tuple[dt.date, dt.date]:
    approx = event.get("approx")
    if isinstance(approx, str) and ".." in approx:
        start, end = approx.split("..")
        return dt.date.fromisoformat(start) - DATE_SLACK, dt.date.fromisoformat(end) + DATE_SLACK
    text = event["date"]
    if len(text) == 7:
        year, month = map(int, text.split("-"))
        return dt.date(year, month, 1) - DATE_SLACK, dt.date(year, month, calendar.monthrange(year, month)[1])
    day = dt.date.fromisoformat(text)
    return day - DATE_SLACK, day + DATE_SLACK


def actor_key(actor: ActorRef | None) -> str | None:
    if actor is None:
        return None
    if actor.country:
        return actor.country
    name = " ".join(actor.name.lower().replace("’", "'").split())
    name = name.removeprefix("the ")
    for label, test in GROUP_LABELS.items():
        if test(name):
            return label
    return None


def checks(event: ExtractedEvent, gold: dict[str, Any]) -> tuple[bool, bool, bool]:
    """(root right, actors right, date right) for one extracted event against one gold event."""
    roots = {code[:2] for code in gold["cameo"]}
    wanted = set(gold["actors"])
    actors_ok = any(key(source) in wanted and key(target) in wanted and key(source) != key(target)
                    for source, target in event_dyads(event) for key in (actor_key,))
    start, end = gold_range(gold)
    date_ok = (event.date.start is not None and event.date.end is not None
               and event.date.start <= end and event.date.end >= start)
    return event.cameo[:2] in roots, actors_ok, date_ok


def fields_of(text: str) -> list[tuple[str, str]]:
    """(field name, text) pairs of an article as the pipeline stores it: cleaned body, then each caption."""
    article = clean_text(text)
    fields = [("text", article.text)]
    return fields + [(f"caption:{i}", caption.text) for i, caption in enumerate(article.captions) if caption.text]


def article_events(doc_id: str, text: str, published: dt.date) -> list[ExtractedEvent]:
    """Events of one article, with the gold publication date (the cleaner's own guess is evaluated elsewhere)."""
    return extract_fields(doc_id, fields_of(text), published).events


def describe(event: ExtractedEvent) -> str:
    def who(actor: ActorRef | None) -> str:
        return f"{actor.name} [{actor_key(actor)}]" if actor else "-"
    flags = "".join((" negated" if event.negated else "", " hedged" if event.hedged else ""))
    sides = (f"{who(event.source)} -> {who(event.target)}" if event.directed
             else " + ".join(who(p.actor) for p in event.participants) or "-")
    return (f"{event.cameo} {event.trigger!r} {sides} "
            f"{event.date.start}..{event.date.end} ({event.date.precision}){flags}")


def extracted_by_doc(gold: dict[str, Any], seeds: Path = SEEDS) -> dict[str, list[ExtractedEvent]]:
    """The events of each gold-annotated sample article, with its gold publication date."""
    by_doc: dict[str, list[ExtractedEvent]] = {}
    for name, meta in gold["documents"].items():
        doc_id = name[:3]
        if doc_id in DOCS:
            text = (seeds / name).read_text(encoding="utf-8")
            by_doc[doc_id] = article_events(doc_id, text, dt.date.fromisoformat(meta["published"]))
    return by_doc


def found_events(gold: dict[str, Any], by_doc: dict[str, list[ExtractedEvent]],
                 show: bool = False) -> int:
    """How many gold events have an extracted event of their documents right on root, actors and date."""
    found = 0
    for gold_event in gold["events"]:
        candidates = [e for d in gold_event["docs"] for e in by_doc.get(d, [])]
        scored = sorted(candidates, key=lambda e: -sum(checks(e, gold_event)))
        hit = bool(scored) and all(checks(scored[0], gold_event))
        found += hit
        if show:
            best = describe(scored[0]) if scored else "no event in its documents"
            print(f"{'HIT ' if hit else 'MISS'} {gold_event['id']} {gold_event['kind']} {gold_event['actors']} "
                  f"{gold_event['date']}\n       best: {best}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--list", action="store_true", help="print every extracted event")
    args = parser.parse_args(argv)
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    by_doc = extracted_by_doc(gold, args.seeds)
    if args.list:
        for doc_id, events in by_doc.items():
            print(f"--- {doc_id}")
            for event in events:
                print(f"    {describe(event)}  | {event.evidence.field}")
    found = found_events(gold, by_doc, show=True)
    total = len(gold["events"])
    extracted = sum(len(events) for events in by_doc.values())
    print(f"found {found}/{total} = {found / total:.3f} (target {TARGET_SHARE:.2f}); "
          f"{extracted} events extracted from {len(by_doc)} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
