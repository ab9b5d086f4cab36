"""JSONL exports: one article per line, streamed, each line its own document or its own reject.

A JSONL file is never read whole. Lines end with ``\\n``, ``\\r\\n`` or a lone ``\\r`` (old Mac exports); a line
longer than the ``max_document_bytes`` setting is refused while it streams past, without being held; a UTF-16 or
UTF-32 file (with a byte-order mark, or UTF-16 without one) is transcoded as it streams. An empty file, or one
with only blank lines, is a reject, not a silent nothing. Each line is decoded and parsed in its own guard, so a
line nested 100,000 deep or with invalid text costs that line only.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import BinaryIO

from newsdossier import settings
from newsdossier.errors import InputRejected
from newsdossier.ingest import encodings
from newsdossier.ingest.guard import content_hash, guarded, looks_like_html, megabytes, reason
from newsdossier.models import ArticleHints, RawDocument, Reject, SourceFormat

_CHUNK = 1 << 16
_END_OF_LINE = re.compile(rb"\r\n|\r|\n")


def read_jsonl(path: Path, size: int, on_progress: Callable[[int], None] | None) -> Iterator[RawDocument | Reject]:
    """One document or reject per non-blank line of ``path`` (and one reject for an unreadable or empty file)."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Reject(str(path), f"cannot read file ({reason(exc)})")
        return
    with handle:
        head = handle.read(encodings.SNIFF_BYTES)
        handle.seek(0)
        encoding = _wide_encoding(head)
        if encoding is None and encodings.looks_binary(head):
            yield Reject(str(path), "binary data, not a JSONL text file")
            if on_progress:
                on_progress(size)
            return
        stream = _transcoded(handle, encoding) if encoding else handle
        seen_sources: set[str] = set()
        documents = 0
        for lineno, line, consumed in _lines(stream, settings.active().max_document_bytes):
            if on_progress:
                on_progress(consumed)
            if line is not None and not line.strip():
                continue
            documents += 1
            document = guarded(f"{path}#L{lineno}", partial(_record, path, lineno, line, seen_sources, consumed))
            seen_sources.add(document.source)
            yield document
        if documents == 0:
            yield Reject(str(path), "empty file (no JSON lines)")


def _wide_encoding(head: bytes) -> str | None:
    """The UTF-16/32 encoding of a file starting with ``head``, or None for byte-oriented text."""
    for bom, encoding in encodings.BOMS:
        if head.startswith(bom) and encoding != "utf-8-sig":
            return encoding
    found = encodings.utf16_without_bom(head[: len(head) - len(head) % 2])
    return found[1] if found else None


class _Transcoded:
    """A binary stream of UTF-8 read from a stream of UTF-16/32 bytes, decoded as it is read."""

    def __init__(self, raw: BinaryIO, encoding: str) -> None:
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self._raw = raw

    def read(self, size: int) -> bytes:
        chunk = self._raw.read(size)
        return self._decoder.decode(chunk, final=not chunk).encode("utf-8", "surrogatepass")


def _transcoded(raw: BinaryIO, encoding: str) -> _Transcoded:
    return _Transcoded(raw, encoding)


def _lines(stream: BinaryIO | _Transcoded, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, line without its ending, bytes consumed) for each line; the line is None when longer than
    ``limit``, and such a line is skipped chunk by chunk, never held."""
    buffer = b""
    lineno = 0
    skipping = False
    skipped = 0
    while True:
        chunk = stream.read(_CHUNK)
        buffer += chunk
        while True:
            match = _END_OF_LINE.search(buffer)
            if match is None or (match.group() == b"\r" and match.end() == len(buffer) and chunk):
                break  # a "\r" at the end of the chunk may be the first half of "\r\n"
            lineno += 1
            consumed = match.end() + skipped
            yield lineno, None if skipping else buffer[:match.start()], consumed
            buffer = buffer[match.end():]
            skipping, skipped = False, 0
        if len(buffer) > limit:
            skipping, skipped, buffer = True, skipped + len(buffer), b""
        if not chunk:
            break
    if buffer or skipping:
        yield lineno + 1, None if skipping else buffer, len(buffer) + skipped


def _record(path: Path, lineno: int, line: bytes | None, taken: set[str], consumed: int) -> RawDocument:
    where = f"{path}#L{lineno}"
    limit = settings.active().max_document_bytes
    if line is None:
        raise InputRejected(where, f"line too large ({megabytes(consumed)} > {megabytes(limit)} limit)")
    decoded = encodings.decode(line, where)
    try:
        record = json.loads(decoded.text)
    except RecursionError:
        raise InputRejected(where, "malformed JSON line (nested too deeply)") from None
    except ValueError as exc:
        raise InputRejected(where, f"malformed JSON line ({reason(exc)})") from None
    if not isinstance(record, dict):
        raise InputRejected(where, f"JSON line is a {type(record).__name__}, expected an object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str) or not encodings.valid_text(text).strip():
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
    text = encodings.valid_text(text)
    warnings = (decoded.warning,) if decoded.warning else ()
    fmt: SourceFormat = "html" if looks_like_html(text) else "jsonl"
    return RawDocument(source=source, text=text, format=fmt, content_hash=digest, hints=hints, warnings=warnings)


def _str_or_none(value: object) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = encodings.valid_text(str(value)).strip()
    return text or None
