"""Fuzzing the ingest: a generated corpus of hostile inputs beside good files, and Hypothesis-made files.

Whatever arrives, the ingest must not crash, every input (each file, each JSONL line) must end stored or
rejected by name, and the good files must be kept.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdossier import settings as newsdossier_settings
from newsdossier.dossier import Dossier

from ..conftest import BACKENDS, fresh_database

STORY = ("The foreign ministers of the two states met in the capital on Tuesday and agreed to open a new "
         "border crossing for trucks carrying grain, officials said after the talks. ")
Writer = Callable[[Path], None]


def _text(name: str, data: bytes) -> tuple[str, Writer]:
    return name, lambda folder: (folder / name).write_bytes(data)


def _jsonl(name: str, *lines: str | bytes) -> tuple[str, Writer]:
    raw = b"\n".join(line.encode("utf-8", "surrogatepass") if isinstance(line, str) else line for line in lines)
    return name, lambda folder: (folder / name).write_bytes(raw + b"\n")


def _record(**fields: object) -> str:
    return json.dumps({"text": STORY * 2, **fields})


def _link(name: str, target: str) -> tuple[str, Writer]:
    return name, lambda folder: (folder / name).symlink_to(folder / target)


HOSTILE: list[tuple[str, Writer]] = [
    _text("binary.txt", bytes(range(256)) * 20),
    _text("empty.txt", b""),
    _text("blank.txt", b" \n\t\n \r\n"),
    _text("nul.txt", STORY.encode() + b"\x00" * 40),
    _text("bom-utf8.txt", codecs.BOM_UTF8 + (STORY * 2).encode()),
    _text("bom-utf16.txt", (STORY * 2).encode("utf-16")),
    _text("bom-utf32.txt", (STORY * 2).encode("utf-32")),
    _text("bad-after-bom.txt", codecs.BOM_UTF8 + b"\xff\xfe\xfd" * 30),
    _text("utf16-no-bom.txt", (STORY * 2).encode("utf-16-le")),
    _text("cp1251.txt", ("Министры иностранных дел встретились во вторник. " * 6).encode("cp1251")),
    _text("latin1.txt", ("Les ministres se sont réunis à Genève mardi, a-t-on appris. " * 6).encode("latin-1")),
    _text("mixed.txt", ("Министры встретились. " * 8).encode() + ("Министры встретились. " * 8).encode("cp1251")),
    _text("broken-utf8.txt", ("Réunion à Genève. " * 20).encode()[:150] + b"\xff\xfe" + ("Réunion. " * 10).encode()),
    _text("controls.txt", (STORY * 2).encode() + b"\x1b[2J\x07\x08\x7f"),
    _text("escape-title.txt", b"Headline \x1b[31mred\x1b[0m\n\n" + (STORY * 2).encode()),
    _text("rtl.txt", ("\u202eTitle reversed\n\n" + STORY * 2).encode()),
    _text("[red]markup.txt", (STORY * 2).encode()),
    _text("one-word.txt", b"x" * 10_000),
    _text("long-line.txt", (STORY * 300).encode()),
    _text("short.txt", b"Too short."),
    _text("only-junk.txt", b"Share this article\nFollow us on Twitter\nSubscribe\n"),
    _text("empty.html", b""),
    _text("script.html", b"<html><body><script>alert(1)</script><p>" + (STORY * 2).encode() + b"</p></body></html>"),
    _text("malformed.html", b"<html><body><p><div><<<>>>" + (STORY * 2).encode() + b"</span></html"),
    _text("no-body.html", b"<html><head><title>Nothing</title></head><body></body></html>"),
    _text("binary.html", bytes(range(256)) * 10),
    _jsonl("empty.jsonl"),
    _jsonl("blank-lines.jsonl", "", "  ", "\t"),
    _jsonl("deep.jsonl", '{"text": ' + "[" * 50_000 + "]" * 50_000 + "}"),
    _jsonl("array.jsonl", "[1, 2, 3]"),
    _jsonl("string.jsonl", '"just a string"'),
    _jsonl("no-text.jsonl", json.dumps({"title": "No text here"})),
    _jsonl("text-number.jsonl", json.dumps({"text": 42})),
    _jsonl("text-null.jsonl", json.dumps({"text": None})),
    _jsonl("truncated.jsonl", '{"text": "unterminated'),
    _jsonl("trailing.jsonl", _record(id="t") + " garbage"),
    _jsonl("surrogate.jsonl", json.dumps({"id": "s", "text": STORY * 2 + "\udc00\ud800"})),
    _jsonl("markup-id.jsonl", json.dumps({"id": "news[/]1", "text": "Too short."})),
    _jsonl("nul-title.jsonl", _record(id="nul", title="Bad\x00title", author="\x00")),
    _jsonl("odd-types.jsonl", _record(id=["a"], title={"x": 1}, date=12345, url=None)),
    _jsonl("tomorrow.jsonl", _record(id="tomorrow", date="tomorrow")),
    _jsonl("dup-ids.jsonl", _record(id="same"), _record(id="same", title="Second")),
    _jsonl("invalid-utf8.jsonl", b'{"id": "bytes", "text": "' + b"\xff\xfe" * 40 + b'"}'),
    _jsonl("crlf.jsonl", _record(id="cr1") + "\r", _record(id="cr2") + "\r"),
    ("cr-only.jsonl", lambda folder: (folder / "cr-only.jsonl").write_bytes(
        (_record(id="mac1") + "\r" + _record(id="mac2") + "\r").encode())),
    ("utf16.jsonl", lambda folder: (folder / "utf16.jsonl").write_bytes(
        (_record(id="w1") + "\n" + _record(id="w2") + "\n").encode("utf-16"))),
    ("binary.jsonl", lambda folder: (folder / "binary.jsonl").write_bytes(bytes(range(256)) * 10)),
    _link("broken-link.txt", "nowhere.txt"),
    _link("loop-a.txt", "loop-b.txt"),
    _link("loop-b.txt", "loop-a.txt"),
]
GOOD = [f"good-{index}.txt" for index in range(3)]


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for _, write in HOSTILE:
        write(folder)
    for index, name in enumerate(GOOD):
        (folder / name).write_text(f"Good story {index}\n\n{STORY * 3} Number {index}.", encoding="utf-8")
    (folder / "nested").mkdir()
    (folder / "nested" / "deeper.txt").write_text(f"Nested story\n\n{STORY * 3} Nested.", encoding="utf-8")
    return folder


@pytest.fixture(params=BACKENDS)
def dossier(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Dossier]:
    with fresh_database(request.param, tmp_path) as url, Dossier(url) as opened:
        yield opened


def test_the_hostile_corpus_has_enough_kinds() -> None:
    assert len(HOSTILE) >= 40


def test_every_hostile_input_is_stored_or_rejected_by_name(dossier: Dossier, tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "corpus")
    report = dossier.ingest([folder], extract=False)
    stored = {source for article in dossier.articles() for source in article["sources"]}
    rejected = {reject["source"] for reject in dossier.rejects()}
    assert {reject.source for reject in report.rejects} <= rejected
    for name, _ in HOSTILE:
        path = str(folder / name)
        accounted = path in stored or path in rejected or any(
            source.startswith(path + "#") for source in stored | rejected)
        assert accounted, f"{name} was neither stored nor rejected"
    for name in [*GOOD, "nested/deeper.txt"]:
        assert str(folder / name) in stored, f"good file {name} lost"
    by_name = {Path(reject.source).name.split("#")[0]: reject.reason for reject in report.rejects}
    assert by_name["deep.jsonl"] == "malformed JSON line (nested too deeply)"
    assert by_name["mixed.txt"].startswith("mixed encodings")
    assert "link" in by_name["broken-link.txt"]
    assert by_name["empty.jsonl"] == "empty file (no JSON lines)"
    for article in dossier.articles():
        for field in ("title", "text", "author", "outlet"):
            value = article[field] or ""
            assert not any(ord(ch) < 32 and ch not in "\n\t\f" for ch in value), (article["sources"], field)
            assert "\udc00" not in value and "\x00" not in value
    again = dossier.ingest([folder], extract=False)
    assert again.stored == 0, "re-ingesting adds nothing"


def test_an_oversized_line_is_rejected_and_its_neighbours_kept(tmp_path: Path) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "big.jsonl").write_text("\n".join([_record(id="before"), _record(id="huge", text="y " * 40_000),
                                                 _record(id="after", title="After")]) + "\n", encoding="utf-8")
    newsdossier_settings.use(newsdossier_settings.load(flags={"max_document_bytes": 10_000})[0])
    try:
        with Dossier(tmp_path / "d.db") as dossier:
            report = dossier.ingest([folder], extract=False)
            sources = {source.rsplit("#", 1)[-1] for a in dossier.articles() for source in a["sources"]}
    finally:
        newsdossier_settings.use(newsdossier_settings.DEFAULTS)
    assert [r.reason.split(" (")[0] for r in report.rejects] == ["line too large"]
    assert sources == {"before", "after"}


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(files=st.lists(st.tuples(st.sampled_from([".txt", ".html", ".jsonl"]),
                                st.one_of(st.binary(max_size=3000),
                                          st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
                                          st.lists(st.dictionaries(st.sampled_from(["text", "title", "id", "date"]),
                                                                   st.one_of(st.text(max_size=400), st.integers(),
                                                                             st.none()), max_size=4),
                                                   max_size=5).map(lambda rows: "\n".join(
                                                       json.dumps(row) for row in rows).encode()))),
                      min_size=1, max_size=6))
def test_generated_files_never_crash_the_ingest(tmp_path_factory: pytest.TempPathFactory,
                                                files: list[tuple[str, bytes]]) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    for index, (suffix, data) in enumerate(files):
        (folder / f"f{index}{suffix}").write_bytes(data)
    (folder / "good.txt").write_text(f"Good story\n\n{STORY * 3}", encoding="utf-8")
    with Dossier(folder / "d.db") as dossier:
        report = dossier.ingest([folder], extract=False)
        stored = {source for article in dossier.articles() for source in article["sources"]}
    assert str(folder / "good.txt") in stored
    rejected = {reject.source for reject in report.rejects}
    for index, (suffix, _) in enumerate(files):
        path = str(folder / f"f{index}{suffix}")
        seen = any(source == path or source.startswith(path + "#") for source in stored | rejected)
        assert seen, f"{path} was neither stored nor rejected"
