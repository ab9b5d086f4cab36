"""Readers: files and folders of ``.txt``, ``.html``/``.htm`` and ``.jsonl`` become decoded documents.

Every input yields either a :class:`RawDocument` or a :class:`Reject` with a one-line reason; nothing here
raises on bad input, because one broken file must never stop an ingest of thousands. Encoding detection
lives here too: scraped text arrives as UTF-8, UTF-8 with BOM, UTF-16, cp1251 or latin-1, and we would rather
reject a file than store mojibake.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from newsdossier import settings
from newsdossier.errors import InputRejected
from newsdossier.models import ArticleHints, RawDocument, Reject

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

_SNIFF_BYTES = 8192

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

ProgressCallback = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path
    size: int


def content_hash(data: bytes) -> str:
    """Identity of an input's bytes: the same file ingested twice is recognised and skipped."""
    return hashlib.sha256(data).hexdigest()


def find_inputs(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[InputFile], list[Reject]]:
    """Expand files and folders (recursively, sorted, hidden entries skipped) into readable inputs.

    Files named explicitly with an unsupported suffix are rejected; inside folders they are ignored, because
    real article folders hold images, indexes and notes beside the articles.
    """
    found: list[InputFile] = []
    rejects: list[Reject] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            candidates = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                rejects.append(Reject(str(path), f"unsupported file type '{path.suffix or '(none)'}'"
                                      " (expected .txt, .html, .htm or .jsonl)"))
                continue
            candidates = [path]
        else:
            rejects.append(Reject(str(path), "no such file or folder"))
            continue
        for candidate in candidates:
            resolved = candidate.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            found.append(InputFile(candidate, candidate.stat().st_size))
    return found, rejects


def read_inputs(
    inputs: Iterable[InputFile], on_progress: ProgressCallback | None = None
) -> Iterator[RawDocument | Reject]:
    """Yield one document or reject per article; ``on_progress`` receives bytes consumed."""
    for item in inputs:
        suffix = item.path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(item, on_progress)
        else:
            yield _read_single(item, "html" if suffix in HTML_SUFFIXES else "text")
            if on_progress:
                on_progress(item.size)


def _read_single(item: InputFile, fmt: str) -> RawDocument | Reject:
    try:
        return _single_document(item, fmt)
    except InputRejected as exc:
        return Reject(exc.source, exc.reason)


def _single_document(item: InputFile, fmt: str) -> RawDocument:
    source = str(item.path)
    limit = settings.active().max_document_bytes
    if item.size > limit:
        raise InputRejected(source, f"file too large ({_megabytes(item.size)} > {_megabytes(limit)} limit)")
    try:
        data = item.path.read_bytes()
    except OSError as exc:
        raise InputRejected(source, f"cannot read file ({exc.strerror or exc})") from None
    digest = content_hash(data)
    try:
        text = decode_bytes(data)
    except ValueError as exc:
        raise InputRejected(source, str(exc)) from None
    if fmt == "html":  # the page is turned into an article by the ingest stage (newsdossier.ingest.html)
        return RawDocument(source=source, text=text, format="html", content_hash=digest)
    if not text.strip():
        raise InputRejected(source, "empty file (no text)")
    return RawDocument(source=source, text=text, format="text", content_hash=digest)


def _read_jsonl(item: InputFile, on_progress: ProgressCallback | None) -> Iterator[RawDocument | Reject]:
    try:
        handle = item.path.open("rb")
    except OSError as exc:
        yield Reject(str(item.path), f"cannot read file ({exc.strerror or exc})")
        return
    with handle:
        head = handle.read(_SNIFF_BYTES)
        handle.seek(0)
        if _looks_binary(head):
            yield Reject(str(item.path), "binary data, not a JSONL text file")
            if on_progress:
                on_progress(item.size)
            return
        seen_sources: set[str] = set()
        for lineno, line in enumerate(handle, start=1):
            if on_progress:
                on_progress(len(line))
            if line.strip():
                document = _jsonl_document(item.path, lineno, line, seen_sources)
                seen_sources.add(document.source)
                yield document


def _jsonl_document(path: Path, lineno: int, line: bytes, taken: set[str]) -> RawDocument | Reject:
    try:
        return _jsonl_record(path, lineno, line, taken)
    except InputRejected as exc:
        return Reject(exc.source, exc.reason)


def _jsonl_record(path: Path, lineno: int, line: bytes, taken: set[str]) -> RawDocument:
    where = f"{path}#L{lineno}"
    limit = settings.active().max_document_bytes
    if len(line) > limit:
        raise InputRejected(where, f"line too large ({_megabytes(len(line))} > {_megabytes(limit)} limit)")
    try:
        record = json.loads(decode_bytes(line))
    except ValueError as exc:
        raise InputRejected(where, f"malformed JSON line ({_first_line(exc)})") from None
    if not isinstance(record, dict):
        raise InputRejected(where, f"JSON line is a {type(record).__name__}, expected an object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputRejected(where, "JSON object has no non-empty string 'text' field")
    hints = ArticleHints(
        title=_str_or_none(record.get("title")),
        url=_str_or_none(record.get("url")),
        published=_str_or_none(record.get("date") or record.get("published")),
        outlet=_str_or_none(record.get("outlet") or record.get("source")),
        author=_str_or_none(record.get("author")),
        external_id=_str_or_none(record.get("id")),
    )
    # An id stated in the file is a more stable name than a line number when lines are added later; a
    # repeated id falls back to the line number so no two lines share a name.
    source = f"{path}#{hints.external_id}" if hints.external_id else where
    if source in taken:
        source = where
    digest = content_hash(line.strip())
    if _looks_like_html(text):
        return RawDocument(source=source, text=text, format="html", content_hash=digest, hints=hints)
    return RawDocument(source=source, text=text, format="jsonl", content_hash=digest, hints=hints)


def decode_bytes(data: bytes) -> str:
    """Decode bytes of unknown encoding, or raise ``ValueError`` with a readable reason.

    Order matters: BOMs are certain, strict UTF-8 almost never succeeds by accident on other encodings, and
    only then do we ask charset-normalizer to choose between the single-byte code pages (cp1251, latin-1...).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise ValueError(f"invalid {encoding} after byte-order mark ({exc.reason})") from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _checked(utf16)
    if _looks_binary(data[:_SNIFF_BYTES]):
        raise ValueError("binary data, not text")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[: 512 * 1024]).best()
    if best is None or best.encoding is None:
        raise ValueError("undecodable text (no known encoding fits)")
    try:
        return _checked(data.decode(best.encoding))
    except (UnicodeDecodeError, LookupError):
        raise ValueError(f"undecodable text (looked like {best.encoding} but is not)") from None


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise UTF-16 without a byte-order mark, which otherwise looks like binary (it is full of NULs).

    Both byte orders are tried; the result must read like prose: almost all printable and with spaces or line
    breaks at a natural rate. Random binary decodes to printable CJK characters but almost never to spaces.
    """
    sample = data[:_SNIFF_BYTES]
    if len(data) < 4 or len(data) % 2 or b"\x00" not in sample:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        head = text[: _SNIFF_BYTES // 2]
        printable = sum(1 for ch in head if ch.isprintable() or ch in "\t\n\r")
        spaces = sum(1 for ch in head if ch in " \n")
        if printable >= 0.97 * len(head) and spaces >= 0.05 * len(head):
            return text
    return None


def _looks_binary(sample: bytes) -> bool:
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bool(sample) and controls / len(sample) > settings.active().max_control_share


def _checked(text: str) -> str:
    """Refuse decoded text that is mostly control characters or replacement marks: that is binary data."""
    sample = text[:_SNIFF_BYTES]
    if not sample:
        return text
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or ch == "\ufffd")
    if bad / len(sample) > settings.active().max_control_share:
        raise ValueError("binary data, not text")
    return text


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<body" in head or ("<p>" in head and "</p>" in head)


def _str_or_none(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
