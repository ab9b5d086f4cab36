"""Defects an unlucky user or an attacker could hit, each reproduced and held: no document stops an ingest,
concurrent writers, facts independent of ingest order, the same text on both backends, no silent mojibake or
silent drops, workers that die with their ingest."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as settings_hypothesis
from hypothesis import strategies as st
from typer.testing import CliRunner

from newsdossier import settings
from newsdossier.dossier import Dossier
from newsdossier.ingest import readers
from newsdossier.surfaces import cli

from . import golden_snapshots
from .conftest import BACKENDS, SEEDS, fresh_database, require

GOOD = ("Ministers of the five states met in the capital on Tuesday and agreed to expand trade in grain, "
        "energy and transport. The talks lasted two days, officials said. ") * 3


def _good_line(index: int, **extra: object) -> str:
    return json.dumps({"id": f"good-{index}", "title": f"Good story {index}", "text": f"{GOOD} Story {index}.",
                       **extra})


@pytest.fixture(params=BACKENDS)
def dossier(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Dossier]:
    with fresh_database(request.param, tmp_path) as url, Dossier(url) as opened:
        yield opened


# ---- 1. one document never stops an ingest --------------------------------------------------------------------
def test_hostile_documents_are_rejected_by_name_and_the_batch_goes_on(dossier: Dossier, tmp_path: Path) -> None:
    deep = '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    lines = [_good_line(1), deep, json.dumps({"id": "surrogate", "title": "Lone", "text": GOOD + "\udc00 end"}),
             json.dumps({"id": "news[/]1", "text": 5}), _good_line(2),
             json.dumps({"id": "esc", "title": "Clear \x1b[2J screen \x00 nul", "text": GOOD + " escape."})]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "in" / "[red]hidden.txt").write_bytes(b"\x00\x01binary\x02" * 50)
    report = dossier.ingest([tmp_path / "in"], extract=False)
    reasons = {reject.source.rsplit("/", 1)[-1]: reject.reason for reject in report.rejects}
    assert reasons["export.jsonl#L2"] == "malformed JSON line (nested too deeply)"
    assert "no non-empty string 'text'" in reasons["export.jsonl#L4"]
    assert reasons["[red]hidden.txt"] == "binary data, not text"
    titles = {article["title"] for article in dossier.articles()}
    assert {"Good story 1", "Good story 2", "Lone", "Clear [2J screen nul"} <= titles
    stored = next(a for a in dossier.articles() if a["title"] == "Lone")
    assert "\ufffd end" in stored["text"] and "\udc00" not in stored["text"]


def test_terminal_output_shows_data_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "export.jsonl").write_text("\n".join([
        json.dumps({"id": "news[/]1", "text": "Too short."}),
        json.dumps({"id": "styled", "title": "[bold red]Styled[/] title", "text": GOOD}),
    ]) + "\n", encoding="utf-8")
    (folder / "[red]hidden.txt").write_bytes(b"\x00\x01binary\x02" * 50)
    db = str(tmp_path / "d.db")
    result = CliRunner().invoke(cli.app, ["ingest", str(folder), "--db", db, "--quiet", "--no-extract"])
    assert result.exit_code == 1, result.output  # something was rejected: the run says so at the end
    flat = result.output.replace("\n", "")
    assert "export.jsonl#news[/]1: no article text after cleaning" in flat and "[red]hidden.txt" in flat
    listing = CliRunner().invoke(cli.app, ["articles", "--db", db])
    assert listing.exit_code == 0 and "[bold" in listing.output, "a title is shown as written, not styled"


def test_escape_sequences_never_reach_the_terminal(tmp_path: Path) -> None:
    from newsdossier.surfaces.terminal import visible

    assert visible("Clear \x1b[2J now\x9b") == "Clear \\x1b[2J now\\x9b"
    assert visible("right\u202eto left") == "right\\u202eto left"
    db = str(tmp_path / "d.db")
    with Dossier(db) as dossier:
        dossier.engine.dispose()
    ingest = CliRunner().invoke(cli.app, ["ingest", str(tmp_path / "missing\x1b[2J.txt"), "--db", db, "--quiet"])
    assert "\x1b" not in ingest.output and "missing\\x1b[2J.txt: no such file" in ingest.output
    listed = CliRunner().invoke(cli.app, ["rejects", "--db", db])
    assert listed.exit_code == 0 and "\x1b" not in listed.output


# ---- 2. two ingests into one dossier ---------------------------------------------------------------------------
@pytest.mark.parametrize("backend", BACKENDS)
def test_two_concurrent_ingests_end_as_one_sequential_ingest(backend: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for part in range(2):
        lines = [_good_line(100 * part + index) for index in range(40)]
        (folder / f"part{part}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "together").mkdir()
    (tmp_path / "alone").mkdir()
    with fresh_database(backend, tmp_path / "together") as together, \
            fresh_database(backend, tmp_path / "alone") as alone:
        command = [sys.executable, "-m", "newsdossier", "ingest", "--quiet", "--no-extract", "--db", together]
        runs = [subprocess.Popen([*command, str(folder / f"part{part}.jsonl")], stderr=subprocess.PIPE, text=True)
                for part in range(2)]
        for run in runs:
            _, stderr = run.communicate(timeout=300)
            assert run.returncode == 0, stderr[-2000:]
        with Dossier(alone) as sequential:
            sequential.ingest([folder / "part0.jsonl"], extract=False)
            sequential.ingest([folder / "part1.jsonl"], extract=False)
            expected = _tables(sequential, folder)
        with Dossier(together) as concurrent:
            assert _tables(concurrent, folder) == expected
            assert len(list(concurrent.articles())) == 80


def _tables(dossier: Dossier, folder: Path) -> dict[str, list[str]]:
    return golden_snapshots.dump(dossier, folder)


# ---- 3. facts do not depend on the order articles arrive in ----------------------------------------------------
def test_facts_are_dated_the_same_whatever_the_ingest_order(tmp_path: Path) -> None:
    seeds = sorted(require(SEEDS).glob("*.txt"))
    with Dossier(tmp_path / "all.db") as together:
        together.ingest(seeds[:3])
        expected = _tables(together, SEEDS)
    with Dossier(tmp_path / "parts.db") as parts:
        parts.ingest(seeds[1:3])
        parts.ingest(seeds[:1])
        found = _tables(parts, SEEDS)
    for table in expected:
        assert found[table] == expected[table], f"{table} depends on the ingest order"


@pytest.mark.slow
@settings_hypothesis(max_examples=3, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(order=st.permutations(range(5)), cuts=st.sets(st.integers(1, 4), max_size=3))
def test_the_dossier_depends_only_on_its_set_of_articles(tmp_path_factory: pytest.TempPathFactory,
                                                         order: list[int], cuts: set[int]) -> None:
    """Random partitions of the sample articles, ingested in random orders, give every table of one ingest."""
    seeds = sorted(require(SEEDS).glob("*.txt"))
    global _ALL_AT_ONCE
    if _ALL_AT_ONCE is None:
        with Dossier(tmp_path_factory.mktemp("all") / "all.db") as together:
            together.ingest(seeds)
            _ALL_AT_ONCE = _tables(together, SEEDS)
    shuffled = [seeds[index] for index in order]
    bounds = [0, *sorted(cuts), len(shuffled)]
    with Dossier(tmp_path_factory.mktemp("parts") / "parts.db") as parts:
        for start, end in pairwise(bounds):
            parts.ingest(shuffled[start:end])
        found = _tables(parts, SEEDS)
    for table, records in _ALL_AT_ONCE.items():
        assert found[table] == records, f"{table} depends on the order or partition of the ingests"


_ALL_AT_ONCE: dict[str, list[str]] | None = None


# ---- 4. both backends store the same text ----------------------------------------------------------------------
def test_nul_and_controls_are_removed_the_same_on_both_backends(dossier: Dossier, tmp_path: Path) -> None:
    path = tmp_path / "nul.jsonl"
    path.write_text(json.dumps({"id": "nul", "title": "Title\x00 with NUL\x07", "author": "A\x00B",
                                "text": GOOD + "\x00\x0b"}) + "\n", encoding="utf-8")
    report = dossier.ingest([path], extract=False)
    assert report.stored == 1 and not report.rejects
    [article] = list(dossier.articles())
    assert article["title"] == "Title with NUL" and "\x00" not in article["text"]


# ---- 5. no silent mojibake --------------------------------------------------------------------------------------
def test_mostly_utf8_is_read_as_utf8_with_a_warning(dossier: Dossier, tmp_path: Path) -> None:
    text = ("Le ministre français a déclaré que les négociations avançaient. " * 8).encode("utf-8")
    broken = text[:100] + b"\xff\xfe\xfa\xfb" + text[100:]
    (tmp_path / "broken.txt").write_bytes(broken)
    report = dossier.ingest([tmp_path / "broken.txt"], extract=False)
    assert report.stored == 1
    [article] = list(dossier.articles())
    assert "français" in article["text"] and "ﾃ" not in article["text"]
    assert [w["warning"] for w in dossier.warnings()] == ["4 invalid UTF-8 bytes replaced with U+FFFD"]


def test_mixed_encodings_are_rejected(dossier: Dossier, tmp_path: Path) -> None:
    utf8 = ("Министр иностранных дел заявил о переговорах. " * 6).encode("utf-8")
    cp1251 = ("Министр иностранных дел заявил о переговорах. " * 6).encode("cp1251")
    (tmp_path / "mixed.txt").write_bytes(utf8 + b"\n\n" + cp1251)
    report = dossier.ingest([tmp_path / "mixed.txt"], extract=False)
    assert report.stored == 0
    assert report.rejects[0].reason.startswith("mixed encodings")


# ---- 6. no silent drops -----------------------------------------------------------------------------------------
def test_empty_and_blank_jsonl_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"  \n\n \r\n")
    inputs, _ = readers.find_inputs([tmp_path])
    found = list(readers.read_inputs(inputs))
    assert sorted((Path(r.source).name, r.reason) for r in found) == [
        ("blank.jsonl", "empty file (no JSON lines)"), ("empty.jsonl", "empty file (no JSON lines)")]


def test_link_loops_and_broken_links_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "real.txt").write_text(GOOD, encoding="utf-8")
    inputs, rejects = readers.find_inputs([tmp_path])
    assert [item.path.name for item in inputs] == ["real.txt"]
    assert sorted(Path(r.source).name for r in rejects) == ["a.txt", "b.txt", "gone.txt"]
    assert all("link" in r.reason for r in rejects)


def test_an_unreadable_folder_is_rejected_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "open.txt").write_text(GOOD, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    inputs, rejects = readers.find_inputs([tmp_path])
    assert [item.path.name for item in inputs] == ["open.txt"]
    assert [(Path(r.source).name, r.reason) for r in rejects] == [("locked", "cannot read folder (Permission denied)")]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_wide_jsonl_is_read_line_by_line(tmp_path: Path, encoding: str) -> None:
    body = "\n".join(_good_line(index, title=f"Страница {index}") for index in range(3)) + "\n"
    (tmp_path / "wide.jsonl").write_bytes(body.encode(encoding))
    found = list(readers.read_inputs(readers.find_inputs([tmp_path])[0]))
    assert [doc.hints.title for doc in found] == ["Страница 0", "Страница 1", "Страница 2"]  # type: ignore[union-attr]


@pytest.mark.parametrize("ending", [b"\r", b"\r\n", b"\n"])
def test_every_line_ending_splits_records(tmp_path: Path, ending: bytes) -> None:
    (tmp_path / "lines.jsonl").write_bytes(ending.join(_good_line(i).encode() for i in range(4)) + ending)
    found = list(readers.read_inputs(readers.find_inputs([tmp_path])[0]))
    assert [doc.source.rsplit("#", 1)[-1] for doc in found] == ["good-0", "good-1", "good-2", "good-3"]


def test_an_oversized_line_is_refused_while_streaming(tmp_path: Path) -> None:
    limit = 4096
    huge = json.dumps({"id": "huge", "text": "x" * (50 * limit)})
    (tmp_path / "big.jsonl").write_text("\n".join([_good_line(1), huge, _good_line(2)]) + "\n", encoding="utf-8")
    settings.use(settings.load(flags={"max_document_bytes": limit})[0])
    try:
        found = list(readers.read_inputs(readers.find_inputs([tmp_path])[0]))
    finally:
        settings.use(settings.DEFAULTS)
    assert [getattr(doc, "reason", None) for doc in found][1].startswith("line too large")
    assert [doc.source.rsplit("#", 1)[-1] for doc in found] == ["good-1", ["big.jsonl", "L2"][-1], "good-2"]


def test_a_relative_date_hint_is_not_read_against_the_clock(tmp_path: Path) -> None:
    (tmp_path / "hint.jsonl").write_text(_good_line(1, date="tomorrow") + "\n", encoding="utf-8")
    with Dossier(tmp_path / "d.db") as dossier:
        dossier.ingest([tmp_path / "hint.jsonl"], extract=False)
        [article] = list(dossier.articles())
    assert article["published"] is None


# ---- 8. workers die with their ingest --------------------------------------------------------------------------
def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().split(") ", 1)[1].split()[1]) == pid:
                    found.add(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find worker processes")
def test_workers_die_when_their_ingest_is_killed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(_good_line(index) for index in range(3000)) + "\n", encoding="utf-8")
    ingest = subprocess.Popen([sys.executable, "-m", "newsdossier", "ingest", str(corpus), "--quiet", "--workers",
                               "2", "--db", str(tmp_path / "d.db")], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2 and ingest.poll() is None:
        workers = _children(ingest.pid)
        time.sleep(0.2)
    assert len(workers) >= 2, "the ingest never started its workers"
    ingest.send_signal(signal.SIGKILL)
    ingest.wait(timeout=30)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() and _alive(pid) for pid in workers):
        time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}").exists() and _alive(pid) for pid in workers), "orphaned workers"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_recompute_rebuilds_everything_to_the_same_tables(tmp_path: Path) -> None:
    from .conftest import DEMO_CORPUS

    db = str(tmp_path / "d.db")
    with Dossier(db) as dossier:
        dossier.ingest([DEMO_CORPUS])
        before = _tables(dossier, DEMO_CORPUS)
    result = CliRunner().invoke(cli.app, ["recompute", "--db", db, "--facts"])
    assert result.exit_code == 0, result.output
    assert "6 articles extracted" in result.output
    with Dossier(db) as dossier:
        assert _tables(dossier, DEMO_CORPUS) == before
