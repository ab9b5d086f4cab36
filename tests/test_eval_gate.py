"""The eval gate: quality floors on the public evaluation sets and the sample articles, run by ``make test``.

Each floor is the score reached when it was last raised, less a small margin for drift in the parser or the
resolver; a change that costs more than the margin fails here. Raise a floor when quality rises (the figures
and the commands that measure them are in README > Evaluation). The sets live beside the repository in
``../shared``; without them these tests are skipped.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from newsdossier.dossier import Dossier

from .conftest import GOLD, SEEDS, SHARED, load_eval, require

PETRARCH = SHARED / "eval" / "petrarch_validation.jsonl"
PLOVER = SHARED / "eval" / "plover_gsr.jsonl"

# measure -> floor (value when set, 2026-12-04)
FLOORS: dict[str, float] = {
    "dev_gold_events_found": 15,  # of 15
    "petrarch_realnews_precision": 0.60,  # 0.632
    "petrarch_realnews_recall": 0.59,  # 0.608
    "petrarch_realnews_f1": 0.60,  # 0.619
    "petrarch_unittest_root_share": 0.48,  # 0.508
    "plover_type_precision": 0.53,  # 0.564
    "plover_type_recall": 0.35,  # 0.370
    "plover_dyad_recall": 0.20,  # 0.214
}
# measure -> ceiling
CEILINGS: dict[str, float] = {
    "sample_repeat_share": 0.05,  # 0.011 (1 of 88)
}


@pytest.fixture(scope="module")
def petrarch() -> Any:
    require(PETRARCH)
    return load_eval("eval_petrarch")


def test_dev_gold_events_are_all_found() -> None:
    events = load_eval("eval_events")
    gold = json.loads(require(GOLD).read_text(encoding="utf-8"))
    found = events.found_events(gold, events.extracted_by_doc(gold, require(SEEDS)))
    assert found >= FLOORS["dev_gold_events_found"], f"{found} of {len(gold['events'])} dev gold events found"


def test_sample_records_rarely_repeat_one_another(seeds_dossier: Dossier) -> None:
    repeats = load_eval("eval_repeats")
    events = list(seeds_dossier.events())
    found = repeats.repeats(events)
    share = len(found) / len(events)
    assert share <= CEILINGS["sample_repeat_share"], [
        (event["cameo"], event["trigger"], event["evidence"][0]["sentence"][:80]) for event, _ in found]


def test_petrarch_real_news_triples(petrarch: Any) -> None:
    records = [r for r in petrarch.load_records(PETRARCH) if r["suite"] == petrarch.REALNEWS]
    scores = petrarch.score_realnews(records)
    for measure in ("precision", "recall", "f1"):
        assert scores[measure] >= FLOORS[f"petrarch_realnews_{measure}"], scores


def test_petrarch_unit_test_roots(petrarch: Any) -> None:
    records = [r for r in petrarch.load_records(PETRARCH) if r["suite"] == petrarch.UNITTEST]
    names = petrarch.load_fictional_actors(require(petrarch.ACTOR_DICTIONARY))
    scores = petrarch.score_unittest(records, names)
    assert scores["root_share"] >= FLOORS["petrarch_unittest_root_share"], scores


def test_plover_gold_types_and_dyads() -> None:
    plover = load_eval("eval_plover")
    scores = plover.score(plover.load_records(require(PLOVER)))
    assert scores["type"]["precision"] >= FLOORS["plover_type_precision"], scores
    assert scores["type"]["recall"] >= FLOORS["plover_type_recall"], scores
    assert scores["dyad"]["recall"] >= FLOORS["plover_dyad_recall"], scores
