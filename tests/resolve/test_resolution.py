"""Actor resolution, event consolidation and contradictions on the real pipeline's output for the sample.

The sample's five articles are ingested once (with a lightly edited copy of one of them, which duplicate
detection must group with its original) and every test reads the resulting dossier.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdossier.dossier import Dossier
from newsdossier.lexicon import registry
from newsdossier.models import ActorFilter
from newsdossier.resolve.consolidate import (
    Claim,
    Passage,
    Report,
    Where,
    consolidate_events,
    contradictions,
    date_conflicts,
    independent_sources,
)
from newsdossier.resolve.names import fold
from newsdossier.resolve.people import title_key
from newsdossier.surfaces.cli import app

from ..conftest import GOLD, REPO, SEEDS, require

EXTRA_GOLD = REPO / "eval" / "gold" / "seeds_people_003_004.json"
COPY_NAME = "zz_copy_of_000.txt"


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> Dossier:
    require(SEEDS)
    folder = tmp_path_factory.mktemp("seeds")
    for path in sorted(SEEDS.iterdir()):
        shutil.copy(path, folder / path.name)
    original = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    (folder / COPY_NAME).write_text(original + "\n\nThis story has been updated with a correction.\n",
                                    encoding="utf-8")
    result = Dossier(tmp_path_factory.mktemp("db") / "seeds.db")
    result.ingest([folder])
    return result


def _gold_labels() -> dict[tuple[str, str], str]:
    gold = json.loads(require(GOLD).read_text(encoding="utf-8"))
    labels = {(doc, fold(v)): actor["id"] for actor in gold["actors"] for doc in actor["docs"]
              for v in actor["variants"]}
    extra = json.loads(EXTRA_GOLD.read_text(encoding="utf-8"))
    labels.update({(doc, fold(v)): a for doc, spellings in extra["documents"].items() for v, a in spellings.items()})
    return labels


def _person_mentions(dossier: Dossier) -> list[tuple[str, str, str | None]]:
    with dossier.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT a.source, m.text, l.actor_id FROM mentions m JOIN articles a ON a.id = m.article_id "
            "LEFT JOIN actor_links l ON l.fact = 'mentions' AND l.fact_id = m.id "
            "WHERE m.actor_kind = 'person' AND NOT m.credit").all()
    return [(Path(source).name[:3], text, actor_id) for source, text, actor_id in rows]


def test_each_real_person_is_one_actor_whatever_the_spelling(dossier: Dossier) -> None:
    labels = _gold_labels()
    by_gold: dict[str, set[str | None]] = defaultdict(set)
    by_actor: dict[str | None, set[str]] = defaultdict(set)
    for doc, text, actor_id in _person_mentions(dossier):
        label = labels.get((doc, fold(text)))
        if label is None:
            continue
        by_gold[label].add(actor_id)
        by_actor[actor_id].add(label)
    assert len(by_gold) >= 20
    split = {label: ids for label, ids in by_gold.items() if len(ids) != 1 or None in ids}
    merged = {actor: labels for actor, labels in by_actor.items() if len(labels) != 1}
    assert not split and not merged


def test_must_not_merge_pairs_stay_apart(dossier: Dossier) -> None:
    gold = json.loads(require(GOLD).read_text(encoding="utf-8"))
    by_text: dict[str, set[str]] = defaultdict(set)
    for _, text, actor_id in _person_mentions(dossier):
        if actor_id:
            by_text[fold(text)].add(actor_id)
    for a, b in gold["must_not_merge"]:
        assert not by_text.get(fold(a), set()) & by_text.get(fold(b), set())
    variants = {fold(v) for actor in dossier.actors() for v in actor["variants"]}
    assert not variants & {fold(credit) for credit in gold["credits_not_actors"]}


def test_actor_records_follow_the_contract(dossier: Dossier) -> None:
    people = list(dossier.actors())
    assert people
    for actor in people:
        assert {"id", "name", "kind", "country", "variants", "roles", "mentions"} <= set(actor)
    person = max((a for a in people if a["kind"] == "person"), key=lambda a: len(a["variants"]))
    assert len(person["variants"]) >= 3 and person["roles"] and person["country"]
    assert person["name"] in person["variants"] and len(person["name"].split()) >= 2
    one = dossier.actor(person["id"])
    assert one is not None and one["facts"]["mentions"] >= person["mentions"] > 0
    countries = {a["id"]: a for a in people if a["kind"] == "country"}
    assert "KAZ" in countries and countries["KAZ"]["country"] == "KAZ"


def test_un_vote_disagreement_is_a_contradiction(dossier: Dossier) -> None:
    votes = [c for c in dossier.contradictions() if c["kind"] == "vote"]
    assert votes, "the sample's articles disagree on how a state voted"
    for contradiction in votes:
        values = {claim["value"] for claim in contradiction["claims"]}
        assert len(values) >= 2
        articles = {ev["article"] for claim in contradiction["claims"] for ev in claim["evidence"]}
        assert len(articles) >= 2
    subjects = {c["subject"] for c in votes}
    assert subjects <= set(registry.group_members("Central Asia"))
    texts = {a["id"]: a["text"] for a in dossier.articles()}
    for claim in votes[0]["claims"]:
        for ev in claim["evidence"]:
            assert "vot" in texts[ev["article"]][ev["start"]:ev["end"]] or "abstain" in \
                texts[ev["article"]][ev["start"]:ev["end"]]


def test_copies_count_once_in_sources(dossier: Dossier) -> None:
    articles = {a["id"]: a for a in dossier.articles()}
    copy = next(a for a in articles.values() if a["source"].endswith(COPY_NAME))
    original = next(a for a in articles.values() if Path(a["source"]).name.startswith("000_"))
    assert copy["duplicate_of"] == original["id"] or original["duplicate_of"] == copy["id"]
    groups: dict[str, list[dict]] = defaultdict(list)
    for event in dossier.events():
        assert 1 <= event["sources"] <= event["reports"]
        groups[event["event"]].append(event)
    pairs = 0
    for members in groups.values():
        reporting = {ev["article"] for e in members for ev in e["evidence"]}
        if reporting == {copy["id"], original["id"]}:
            assert members[0]["reports"] == 2 and members[0]["sources"] == 1
            pairs += 1
    assert pairs >= 5


def test_events_reported_by_several_articles_are_merged(dossier: Dossier) -> None:
    groups: dict[str, set[str]] = defaultdict(set)
    for event in dossier.events():
        groups[event["event"]] |= {ev["article"] for ev in event["evidence"]}
        assert "id" in (event["source"] or {"id": None})
    originals = {a["id"] for a in dossier.articles() if a["duplicate_of"] is None}
    assert sum(1 for arts in groups.values() if len(arts & originals) >= 2) >= 4


def test_cli_lists_actors_and_contradictions(dossier: Dossier) -> None:
    db = dossier.url.removeprefix("sqlite:///")
    runner = CliRunner()
    result = runner.invoke(app, ["actors", "--db", db, "--format", "jsonl", "--kind", "person"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(row["kind"] == "person" for row in rows)
    result = runner.invoke(app, ["contradictions", "--db", db, "--format", "jsonl"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all({"id", "about", "claims"} <= set(row) for row in rows)
    assert all({"value", "evidence"} <= set(claim) for row in rows for claim in row["claims"])
    stats = dossier.stats()
    assert stats["actors"] > 0 and stats["contradictions"] == len(rows)


def test_reingest_changes_nothing(dossier: Dossier, tmp_path: Path) -> None:
    before = list(dossier.actors()), list(dossier.contradictions())
    dossier.ingest([tmp_path])  # nothing new: derived tables are recomputed to the same result
    assert (list(dossier.actors()), list(dossier.contradictions())) == before


def test_shared_passage_counts_once() -> None:
    passage = [Passage("p1", Where("a", "caption:0", 0, 50)), Passage("p1", Where("b", "caption:2", 0, 50))]
    wheres = [Where("a", "caption:0", 5, 40), Where("b", "caption:2", 5, 40), Where("c", "text", 0, 10)]
    assert independent_sources(wheres, {}, passage) == 2
    assert independent_sources(wheres, {"c": "a"}, passage) == 1
    assert independent_sources(wheres, {}, []) == 3


def test_claims_of_one_article_and_its_copies_are_no_contradiction() -> None:
    def claim(article: str, value: str, day: int | None) -> Claim:
        date = dt.date(2021, 3, day) if day else None
        return Claim("vote", "XYZ", "Some Assembly", value, date, date, Where(article, "text", 0, 5), "X")

    assert contradictions([claim("a", "abstained", 3), claim("b", "abstained", None)], {}) == []
    assert contradictions([claim("a", "abstained", 3), claim("a", "did not vote", 3)], {}) == []
    assert contradictions([claim("a", "abstained", 3), claim("b", "did not vote", 3)], {"b": "a"}) == []
    found = contradictions([claim("a", "abstained", 3), claim("b", "did not vote", None)], {})
    assert [sorted(c["value"] for c in f["claims"]) for f in found] == [["abstained", "did not vote"]]
    assert contradictions([claim("a", "abstained", 3), claim("b", "did not vote", 20)], {}) == []


def _report(report_id: str, article: str, day: int, target: str = "BBB", precision: str = "day") -> Report:
    date = dt.date(2021, 5, day)
    return Report(report_id, "04", frozenset({"AAA"}), frozenset({target}), date, date, precision,
                  Where(article, "text", 0, 10))


def test_reports_of_one_event_merge_and_other_events_stay_apart() -> None:
    groups = consolidate_events([_report("1", "a", 3), _report("2", "b", 3), _report("3", "c", 3, target="CCC"),
                                 _report("4", "d", 9), _report("5", "e", 4, precision="reported")])
    members = sorted(sorted(m.id for m in g.members) for g in groups)
    assert members == [["1", "2", "5"], ["3"], ["4"]]


def test_sources_dating_one_event_a_day_apart_are_a_date_contradiction() -> None:
    groups = consolidate_events([_report("1", "a", 3), _report("2", "b", 4), _report("3", "c", 9)])
    found = date_conflicts(groups, {}, {"AAA": "A", "BBB": "B"})
    assert [[claim["value"] for claim in f["claims"]] for f in found] == [["2021-05-03", "2021-05-04"]]
    assert date_conflicts(consolidate_events([_report("1", "a", 3), _report("2", "a", 4)]), {}, {}) == []


def test_people_described_by_role_link_to_the_named_holder(dossier: Dossier) -> None:
    people = {a["id"]: a for a in dossier.actors(ActorFilter(kind="person"))}
    linked = 0
    for event in dossier.events():
        for side in event["participants"]:
            if side["kind"] == "person" and side["name"].startswith("the ") and side["id"]:
                title = side["name"][4:].rsplit(" of ", 1)[0]
                holder = people[side["id"]]
                assert any(title_key(r["title"]) == title_key(title)
                           and (r["of"] or holder["country"]) == side["country"] for r in holder["roles"])
                linked += 1
    assert linked >= 3


def test_a_vaguer_vote_value_is_no_contradiction() -> None:
    def claim(article: str, value: str) -> Claim:
        day = dt.date(2021, 3, 1)
        return Claim("vote", "XYZ", None, value, day, day, Where(article, "text", 0, 5), "X")

    assert contradictions([claim("a", "voted"), claim("b", "in favour")], {}) == []
    assert len(contradictions([claim("a", "voted"), claim("b", "did not vote")], {})) == 1
    assert len(contradictions([claim("a", "voted"), claim("b", "in favour"), claim("c", "against")], {})) == 1


def test_role_titles_contradict_only_when_neither_names_the_other() -> None:
    def claim(article: str, value: str) -> Claim:
        return Claim("role", "p", None, value, dt.date(2021, 3, 1), dt.date(2021, 3, 1),
                     Where(article, "text", 0, 5), "P")

    assert contradictions([claim("a", "minister"), claim("b", "economy minister")], {}) == []
    assert len(contradictions([claim("a", "foreign minister"), claim("b", "deputy foreign minister")], {})) == 1
    assert len(contradictions([claim("a", "prime minister"), claim("b", "secretary of state")], {})) == 1
    undated = [Claim("role", "p", None, v, None, None, Where(a, "text", 0, 5), "P")
               for a, v in (("a", "mayor"), ("b", "senator"))]
    assert contradictions(undated, {}) == []
