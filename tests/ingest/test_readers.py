"""Readers: encodings, formats and bad inputs become documents or one-line rejects, never exceptions."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdossier import settings as newsdossier_settings
from newsdossier.ingest.html import html_article
from newsdossier.ingest.readers import decode_bytes, find_inputs, read_inputs
from newsdossier.models import RawDocument, Reject

CYRILLIC = "Министр иностранных дел Казахстана встретился с коллегами в Астане."
LATIN1 = "Le président a rencontré le ministre à Genève, déclare l'agence."


def read_all(*paths: Path) -> list[RawDocument | Reject]:
    inputs, rejects = find_inputs(paths)
    return [*rejects, *read_inputs(inputs)]


def test_decodes_each_supported_encoding() -> None:
    assert decode_bytes(CYRILLIC.encode("utf-8")) == CYRILLIC
    assert decode_bytes(codecs.BOM_UTF8 + CYRILLIC.encode("utf-8")) == CYRILLIC
    assert decode_bytes(CYRILLIC.encode("utf-16")) == CYRILLIC
    assert decode_bytes(CYRILLIC.encode("utf-16-le")) == CYRILLIC
    assert decode_bytes((CYRILLIC * 3).encode("cp1251")) == CYRILLIC * 3
    assert decode_bytes((LATIN1 * 3).encode("latin-1")) == LATIN1 * 3


def test_binary_is_rejected_with_reason(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(bytes(range(256)) * 40)
    [result] = read_all(path)
    assert isinstance(result, Reject)
    assert result.source == str(path)
    assert "binary" in result.reason


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("   \n\n")
    [result] = read_all(path)
    assert isinstance(result, Reject) and "empty" in result.reason


def test_oversized_file_is_rejected_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(newsdossier_settings.active().max_document_bytes + 1)  # sparse: costs no disk
    [result] = read_all(path)
    assert isinstance(result, Reject) and "too large" in result.reason


def test_jsonl_lines_each_become_a_document_or_reject(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "First", "text": "Body one.", "date": "2023-11-02"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "no text"}),
        "",
        json.dumps({"id": "a1", "text": "Same id again, different line."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = read_all(path)
    assert len(results) == 5
    first, bad_json, a_list, no_text, repeated = results
    assert isinstance(first, RawDocument)
    assert first.source == f"{path}#a1"
    assert first.hints.title == "First" and first.hints.published == "2023-11-02"
    assert isinstance(bad_json, Reject) and bad_json.source == f"{path}#L2" and "malformed JSON" in bad_json.reason
    assert isinstance(a_list, Reject) and "list" in a_list.reason
    assert isinstance(no_text, Reject) and "'text'" in no_text.reason
    assert isinstance(repeated, RawDocument) and repeated.source == f"{path}#L6"


def test_html_goes_through_trafilatura(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    body = " ".join(["The ministers met in the capital on Tuesday and signed an agreement on energy."] * 4)
    path.write_text(
        "<html><head><title>Ministers meet | Example Times</title>"
        '<meta property="og:site_name" content="Example Times"></head>'
        f"<body><nav>Home Subscribe</nav><article><h1>Ministers meet</h1><p>{body}</p>"
        f"<p>{body}</p></article><footer>Cookie policy</footer></body></html>",
        encoding="utf-8",
    )
    [page] = read_all(path)
    assert isinstance(page, RawDocument) and page.format == "html" and "<nav>" in page.text
    doc = html_article(page)
    assert isinstance(doc, RawDocument) and doc.format == "html"
    assert "signed an agreement" in doc.text
    assert "Cookie" not in doc.text and "Subscribe" not in doc.text
    assert doc.hints.outlet == "Example Times"


def test_folders_are_walked_recursively_and_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Two.")
    (tmp_path / "one.txt").write_text("One.")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("hidden")
    inputs, rejects = find_inputs([tmp_path])
    assert [item.path.relative_to(tmp_path).as_posix() for item in inputs] == ["b/two.txt", "one.txt"]
    assert rejects == []


def test_named_unsupported_or_missing_paths_are_rejected(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    results = read_all(pdf, tmp_path / "nowhere")
    assert [type(r) for r in results] == [Reject, Reject]
    assert "unsupported file type" in results[0].reason
    assert "no such file" in results[1].reason


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except ValueError as exc:
        assert str(exc)
    else:
        assert isinstance(text, str)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=200), st.binary(max_size=200).map(lambda b: b.decode("latin-1"))),
                max_size=6))
def test_arbitrary_jsonl_lines_never_raise(tmp_path_factory, lines: list[str]) -> None:
    path = tmp_path_factory.mktemp("jsonl") / "fuzz.jsonl"
    path.write_text("\n".join(line.replace("\n", " ") for line in lines), encoding="utf-8")
    for result in read_all(path):
        assert isinstance(result, RawDocument | Reject)
        if isinstance(result, Reject):
            assert result.reason and "\n" not in result.reason
