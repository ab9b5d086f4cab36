"""Event coding against the PLOVER gold standard records (``shared/eval/plover_gsr.jsonl``).

    PYTHONPATH=src .venv/bin/python eval/eval_plover.py [--file ../shared/eval/plover_gsr.jsonl] [--show-misses]

The 316 sentences are the example sentences of the CAMEO manual, hand-coded in PLOVER (see
``shared/eval/README.md`` section 1b). Each is parsed alone, with no publication date, and the project's own
resolver finds the actors. Two scores, both over events matched one to one within a sentence (greedy, in
order), negated and ``attributed`` events left out as in ``eval_petrarch.py``:

- *type*: an extracted event matches a gold event when its CAMEO root is among the gold's
  ``cameo_roots_for_type`` (the roots CAMEO2PLOVER maps to the gold's PLOVER type). Precision is over the
  extracted events, recall over the gold events.
- *dyad*: the type matches and so do the actors. An actor is keyed as in ``eval_petrarch.py`` (ISO3 country,
  ``IGO`` for an organisation without one, ``IMG`` for a transnational armed movement, ``---`` otherwise);
  a gold code is keyed by its first three letters, CAMEO's old country codes (``JAP``...) read as ISO3
  (``OLD_CODES``), ``NGO`` as ``IGO`` and ``ISM`` as ``IMG``, and a sector alone (``CVL``, ``REB``...) as
  ``---``. One of the extracted event's dyads (``newsdossier.models.dyad_pairs``) must have its source among
  the gold's source keys and its target among the gold's target keys, or any target when the gold has none.
  An undirected event, or a gold event marked ``reciprocal``, matches either way round.

The sentences were written to illustrate the codebook the project's verb patterns also come from, so the
numbers are optimistic for any CAMEO coder; they show whether recall falls as precision rises.
``score(records)`` returns the numbers as a dict, for the eval gate.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_petrarch
from newsdossier.models import ExtractedEvent, event_dyads

GSR = eval_petrarch.SHARED / "plover_gsr.jsonl"
# CAMEO country codes that are not ISO3, as the gold uses them.
OLD_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "GMY": "DEU", "UK_": "GBR"}
ORGANISATION_KEYS = {"IGO": "IGO", "NGO": "IGO", "IMG": "IMG", "ISM": "IMG"}


def load_records(path: Path = GSR) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def gold_key(code: str) -> str:
    """The key of a gold actor code such as ``ROUGOV``, ``IGOUNO`` or ``CVL``."""
    head = code[:3].upper()
    if head in ORGANISATION_KEYS:
        return ORGANISATION_KEYS[head]
    head = OLD_CODES.get(head, head)
    return head if _is_country(head) else eval_petrarch.UNKNOWN


def _is_country(code: str) -> bool:
    import pycountry

    return pycountry.countries.get(alpha_3=code) is not None


def _coded(record: dict[str, Any]) -> list[ExtractedEvent]:
    return [e for e in eval_petrarch.coded({**record, "date": None}) if not e.negated and not e.attributed]


def _type_match(event: ExtractedEvent, gold: dict[str, Any]) -> bool:
    return event.cameo[:2] in gold["cameo_roots_for_type"]


def _dyad_match(event: ExtractedEvent, gold: dict[str, Any]) -> bool:
    if not _type_match(event, gold):
        return False
    sources = {gold_key(code) for code in gold["source"]} or {eval_petrarch.UNKNOWN}
    targets = {gold_key(code) for code in gold["target"]}
    either_way = not event.directed or gold.get("reciprocal")
    for first, second in event_dyads(event):
        ordered = [(first, second), (second, first)] if either_way else [(first, second)]
        for source, target in ordered:
            source_key, target_key = eval_petrarch.actor_key(source), eval_petrarch.actor_key(target)
            if source_key in sources and (not targets or target_key in targets):
                return True
    return False


def _matched(events: list[ExtractedEvent], golds: list[dict[str, Any]], match: Any) -> int:
    """Events matched to gold events one to one, greedily in order."""
    free = list(golds)
    hits = 0
    for event in events:
        for gold in free:
            if match(event, gold):
                free.remove(gold)
                hits += 1
                break
    return hits


def _prf(hits: int, predicted: int, expected: int) -> dict[str, float]:
    precision = hits / predicted if predicted else 0.0
    recall = hits / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def score(records: Iterable[dict[str, Any]], show: bool = False) -> dict[str, Any]:
    type_hits = dyad_hits = predicted = expected = sentences = 0
    for record in records:
        if not record.get("text", "").strip():
            continue
        sentences += 1
        events, golds = _coded(record), record["expected"]
        types, dyads = _matched(events, golds, _type_match), _matched(events, golds, _dyad_match)
        type_hits, dyad_hits = type_hits + types, dyad_hits + dyads
        predicted, expected = predicted + len(events), expected + len(golds)
        if show and (dyads < len(golds) or dyads < len(events)):
            print(f"  {record['id']}: {record['text'][:160]}")
            for gold in golds:
                print(f"      gold {gold['plover_v08']} {gold['cameo_roots_for_type']} {gold['source']} -> "
                      f"{gold['target']}{' (reciprocal)' if gold.get('reciprocal') else ''}")
            for event in events:
                pairs = [(eval_petrarch.actor_key(a), eval_petrarch.actor_key(b)) for a, b in event_dyads(event)]
                print(f"      got  {event.cameo} {event.trigger!r} {pairs}{'' if event.directed else ' (undirected)'}")
    return {"type": _prf(type_hits, predicted, expected), "dyad": _prf(dyad_hits, predicted, expected),
            "type_hits": type_hits, "dyad_hits": dyad_hits, "predicted": predicted, "expected": expected,
            "sentences": sentences}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=GSR)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)
    found = score(load_records(args.file), show=args.show_misses)
    for name in ("type", "dyad"):
        numbers = found[name]
        print(f"plover_gsr {name}: {found['sentences']} sentences, {found['expected']} gold and "
              f"{found['predicted']} extracted events, {found[name + '_hits']} matched; precision "
              f"{numbers['precision']:.3f}  recall {numbers['recall']:.3f}  F1 {numbers['f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
