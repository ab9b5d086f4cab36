"""End to end through the Python API and the CLI: seeds, idempotency, bad input, kill-and-resume."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsdossier
from newsdossier.surfaces.cli import app

from .conftest import GOLD, NEWS_CORPUS, require

CONTRACT = {"id", "source", "title", "author", "outlet", "published", "published_precision", "text", "captions",
            "duplicate_of"}


def _norm(text: str | None) -> str:
    return " ".join((text or "").replace("’", "'").replace("‘", "'").split())


@pytest.fixture(scope="module")
def seeds_dossier(tmp_path_factory: pytest.TempPathFactory) -> newsdossier.Dossier:
    from .conftest import SEEDS

    dossier = newsdossier.open(tmp_path_factory.mktemp("seeds") / "seeds.db")
    report = dossier.ingest([require(SEEDS)])
    assert report.stored == 5 and report.rejected == 0
    return dossier


def test_seed_articles_have_gold_titles_and_dates(seeds_dossier: newsdossier.Dossier) -> None:
    gold = json.loads(require(GOLD).read_text())["documents"]
    by_file = {Path(a["source"]).name: a for a in seeds_dossier.articles()}
    assert len(by_file) == 5
    for name, expected in gold.items():
        article = by_file[name]
        assert article.keys() >= CONTRACT
        assert _norm(article["title"]) == _norm(expected["title"]), name
        accepted = {expected["published"], *expected.get("published_alternatives", [])}
        assert article["published"] not in set(expected.get("not_published", [])), name
        assert article["published"] in accepted, (name, article["published"], article["published_precision"])
        lines = {line.strip() for line in article["text"].splitlines()}
        for junk in expected["junk_lines"]:
            assert junk not in lines, (name, junk)


def test_reingest_adds_nothing(seeds_dossier: newsdossier.Dossier) -> None:
    from .conftest import SEEDS

    before = seeds_dossier.stats()
    report = seeds_dossier.ingest([SEEDS])
    assert report.stored == 0 and report.unchanged == 5 and report.rejected == 0
    assert seeds_dossier.stats() == before


def test_bad_inputs_are_rejected_and_the_rest_is_stored(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good = "Ministers met in the capital on Tuesday and agreed to expand trade. " * 5
    (folder / "good.txt").write_text("Ministers agree on trade\n\n" + good, encoding="utf-8")
    (folder / "cp1251.txt").write_bytes(("Министры встретились в столице во вторник. " * 5).encode("cp1251"))
    (folder / "binary.txt").write_bytes(os.urandom(4096))
    (folder / "empty.txt").write_text("")
    (folder / "lines.jsonl").write_text(
        json.dumps({"id": "x", "text": good + " One more."}) + "\n{broken\n", encoding="utf-8"
    )
    dossier = newsdossier.open(tmp_path / "d.db")
    report = dossier.ingest([folder])
    reasons = {Path(r.source.split("#")[0]).name: r.reason for r in report.rejects}
    assert set(reasons) == {"binary.txt", "empty.txt", "lines.jsonl"}
    assert "binary" in reasons["binary.txt"] and "empty" in reasons["empty.txt"]
    assert "malformed JSON" in reasons["lines.jsonl"]
    assert report.stored == 3
    stored = {Path(a["source"].split("#")[0]).name: a for a in dossier.articles()}
    assert "Министры встретились" in stored["cp1251.txt"]["text"]
    assert {r["source"] for r in dossier.rejects()} == {r.source for r in report.rejects}
    again = dossier.ingest([folder])
    assert again.stored == 0 and dossier.stats()["rejects"] == 3


def test_cli_ingest_and_jsonl_contract(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "in"
    folder.mkdir()
    body = "The two presidents signed agreements on energy and transport on Monday. " * 4
    (folder / "a.txt").write_text("Presidents sign agreements\n\n" + body)
    (folder / "b.txt").write_text("Presidents sign deals\n\n" + body)
    db = str(tmp_path / "cli.db")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db, "--quiet"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["articles", "--db", db, "--format", "jsonl"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 2 and all(r.keys() >= CONTRACT for r in records)
    assert sum(r["duplicate_of"] is not None for r in records) == 1
    groups = [json.loads(line) for line in runner.invoke(app, ["duplicates", "--db", db, "-f", "jsonl"]).stdout
              .splitlines()]
    assert len(groups) == 1 and len(groups[0]["members"]) == 2
    stats = json.loads(runner.invoke(app, ["stats", "--db", db, "-f", "jsonl"]).stdout)
    assert stats["articles"] == 2 and stats["duplicates"] == 1


def test_cli_reports_bad_database_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["stats", "--db", "nosuchdialect://x"])
    assert result.exit_code == 2
    assert "cannot open database" in result.output


def _kill_corpus(tmp_path: Path, size: int) -> Path:
    """A JSONL big enough that the ingest is still running when we kill it (real articles when available)."""
    target = tmp_path / "corpus.jsonl"
    if NEWS_CORPUS.exists():
        lines = NEWS_CORPUS.read_text(encoding="utf-8").splitlines()[:size]
    else:
        lines = [json.dumps({"id": f"n{i}", "text": f"Article {i}. " + "Officials met and talked. " * (20 + i % 7)})
                 for i in range(size)]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def _snapshot(db: Path) -> list[list[tuple]]:
    queries = [
        "SELECT id, source, title, published, text, duplicate_of FROM articles ORDER BY id",
        "SELECT article_id, group_id, kind FROM dup_groups ORDER BY article_id",
        "SELECT id, cameo, source_name, target_name, date_start, article_id FROM events ORDER BY id",
        "SELECT event_id, article_id, field, start, \"end\" FROM event_evidence ORDER BY event_id",
        "SELECT id, speaker_name, text FROM quotes ORDER BY id",
        "SELECT id, person_name, title FROM roles ORDER BY id",
        "SELECT article_id, version FROM extractions ORDER BY article_id",
    ]
    with sqlite3.connect(db) as conn:
        return [conn.execute(query).fetchall() for query in queries]


def _kill_when(command: list[str], db: Path, count_query: str, threshold: int) -> int:
    """Start the ingest, SIGKILL it once ``count_query`` reaches ``threshold``; return the count at the kill."""
    process = subprocess.Popen([*command, str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    count = 0
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        try:
            with sqlite3.connect(db, timeout=0.1) as conn:
                count = conn.execute(count_query).fetchone()[0]
        except sqlite3.Error:
            continue
        if count >= threshold:
            process.send_signal(signal.SIGKILL)
            break
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    return count


@pytest.mark.slow
@pytest.mark.parametrize(
    ("size", "extract", "count_query", "threshold"),
    [
        (1200, False, "SELECT count(*) FROM articles", 200),
        (160, True, "SELECT count(*) FROM extractions", 40),
    ],
    ids=["during-cleaning", "during-extraction"],
)
def test_killed_ingest_resumes_without_loss_or_duplication(
    tmp_path: Path, size: int, extract: bool, count_query: str, threshold: int
) -> None:
    corpus = _kill_corpus(tmp_path, size)
    flags = [] if extract else ["--no-extract"]
    command = [sys.executable, "-m", "newsdossier", "ingest", str(corpus), "--quiet", *flags, "--db"]
    reference = tmp_path / "reference.db"
    subprocess.run([*command, str(reference)], check=True, capture_output=True)
    killed = tmp_path / "killed.db"
    at_kill = _kill_when(command, killed, count_query, threshold)
    with sqlite3.connect(reference) as conn:
        assert at_kill < conn.execute(count_query).fetchone()[0]
    subprocess.run([*command, str(killed)], check=True, capture_output=True)
    assert _snapshot(killed) == _snapshot(reference)


def _field_text(article: dict, field: str) -> str:
    if field == "text":
        return article["text"]
    return article["captions"][int(field.split(":")[1])]["text"]


def test_every_extracted_fact_points_at_its_evidence(seeds_dossier: newsdossier.Dossier) -> None:
    articles = {a["id"]: a for a in seeds_dossier.articles()}
    listings = {
        "events": list(seeds_dossier.events()), "quotes": list(seeds_dossier.quotes()),
        "roles": list(seeds_dossier.roles()), "memberships": list(seeds_dossier.memberships()),
    }
    assert len(listings["events"]) >= 30 and len(listings["quotes"]) >= 20
    assert len(listings["roles"]) >= 20 and len(listings["memberships"]) >= 10
    for kind, records in listings.items():
        for record in records:
            for evidence in record["evidence"]:
                text = _field_text(articles[evidence["article"]], evidence["field"])
                assert text[evidence["start"]:evidence["end"]] == evidence["sentence"], (kind, record)
    for quote in listings["quotes"]:
        assert quote["text"] == quote["evidence"][0]["sentence"]


def test_cli_fact_listings_follow_the_contract_and_filter(seeds_dossier: newsdossier.Dossier) -> None:
    db = seeds_dossier.url
    runner = CliRunner()
    lines = runner.invoke(app, ["events", "--db", db, "-f", "jsonl", "--actor", "KAZ", "--cameo", "04",
                                "--since", "2023-11-01", "--until", "2023-11-30"]).stdout.splitlines()
    events = [json.loads(line) for line in lines]
    assert events
    for event in events:
        assert {"id", "cameo", "plover", "source", "target", "directed", "participants", "date_start", "date_end",
                "date_precision", "place", "negated", "hedged", "attributed", "evidence"} <= event.keys()
        assert event["cameo"].startswith("04")
        named = [event["source"], event["target"], *event["participants"]]
        assert "KAZ" in {(actor or {}).get("country") for actor in named}
        if not event["directed"]:
            assert event["source"] is None and event["target"] is None and len(event["participants"]) >= 1
        assert event["date_end"] >= "2023-11-01" and event["date_start"] <= "2023-11-30"
    quotes = [json.loads(line) for line in
              runner.invoke(app, ["quotes", "--db", db, "-f", "jsonl", "--actor", "lavrov"]).stdout.splitlines()]
    assert quotes and all("lavrov" in q["speaker"]["name"].lower() for q in quotes)
    assert all({"id", "speaker", "text", "direct", "date", "evidence"} <= q.keys() for q in quotes)
    members = [json.loads(line) for line in
               runner.invoke(app, ["memberships", "--db", db, "-f", "jsonl", "--actor", "CSTO"]).stdout.splitlines()]
    assert {m["member"]["country"] for m in members if m["status"] == "member"} >= {"ARM", "BLR", "KGZ", "TJK"}
