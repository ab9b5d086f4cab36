"""Readers: files and folders of ``.txt``, ``.html``/``.htm`` and ``.jsonl`` become decoded documents.

Every input yields either a :class:`RawDocument` or a :class:`Reject` with a one-line reason naming the file (and
line); nothing here raises on bad input, because one broken file must never stop an ingest of thousands. Each
input is read inside its own guard: an unexpected error becomes that input's reject and the next input is read.
Folders are walked without following links; an unreadable folder, a broken or looping link is rejected by name,
never skipped in silence. Decoding is :mod:`newsdossier.ingest.encodings`; JSONL is :mod:`.jsonl`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from newsdossier import settings
from newsdossier.errors import InputRejected
from newsdossier.ingest import encodings
from newsdossier.ingest.guard import content_hash, guarded, megabytes, reason
from newsdossier.ingest.jsonl import read_jsonl
from newsdossier.models import RawDocument, Reject, SourceFormat

__all__ = ["InputFile", "content_hash", "decode_bytes", "find_inputs", "read_inputs"]

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

ProgressCallback = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path
    size: int


def find_inputs(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[InputFile], list[Reject]]:
    """Expand files and folders (recursively, sorted, hidden entries skipped) into readable inputs.

    Files named explicitly with an unsupported suffix are rejected; inside folders they are ignored, because
    real article folders hold images, indexes and notes beside the articles. Links to folders are not followed
    (a link loop would never end); a link that leads nowhere, and a folder that cannot be listed, are rejected.
    """
    found: list[InputFile] = []
    rejects: list[Reject] = []
    seen: set[Path] = set()

    def add(candidate: Path) -> None:
        try:
            resolved = candidate.resolve(strict=True)
            size = candidate.stat().st_size
        except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop on older Pythons
            rejects.append(Reject(str(candidate), f"cannot open ({reason(exc)}; a broken or looping link?)"))
            return
        if resolved not in seen:
            seen.add(resolved)
            found.append(InputFile(candidate, size))

    for given in paths:
        path = Path(given)
        if path.is_dir():
            for candidate in _walk(path, rejects):
                add(candidate)
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                rejects.append(Reject(str(path), f"unsupported file type '{path.suffix or '(none)'}'"
                                      " (expected .txt, .html, .htm or .jsonl)"))
                continue
            add(path)
        elif path.is_symlink():
            rejects.append(Reject(str(path), "broken or looping symbolic link"))
        else:
            rejects.append(Reject(str(path), "no such file or folder"))
    return found, rejects


def _walk(root: Path, rejects: list[Reject]) -> Iterator[Path]:
    """Supported files under ``root``, sorted, hidden entries skipped, links to folders not followed."""
    def unreadable(error: OSError) -> None:
        rejects.append(Reject(str(error.filename or root), f"cannot read folder ({reason(error)})"))

    found: list[Path] = []
    for folder, folders, files in os.walk(root, onerror=unreadable, followlinks=False):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in files:
            if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            candidate = Path(folder) / name
            if candidate.is_symlink() and not candidate.exists():
                rejects.append(Reject(str(candidate), "broken or looping symbolic link"))
                continue
            found.append(candidate)
    return iter(sorted(found))


def read_inputs(
    inputs: Iterable[InputFile], on_progress: ProgressCallback | None = None
) -> Iterator[RawDocument | Reject]:
    """Yield one document or reject per article; ``on_progress`` receives bytes consumed."""
    for item in inputs:
        suffix = item.path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl(item.path, item.size, on_progress)
        else:
            fmt: SourceFormat = "html" if suffix in HTML_SUFFIXES else "text"
            yield guarded(str(item.path), partial(_single_document, item, fmt))
            if on_progress:
                on_progress(item.size)


def _single_document(item: InputFile, fmt: SourceFormat) -> RawDocument:
    source = str(item.path)
    limit = settings.active().max_document_bytes
    if item.size > limit:
        raise InputRejected(source, f"file too large ({megabytes(item.size)} > {megabytes(limit)} limit)")
    try:
        data = item.path.read_bytes()
    except OSError as exc:
        raise InputRejected(source, f"cannot read file ({reason(exc)})") from None
    digest = content_hash(data)
    decoded = encodings.decode(data, source)
    text = encodings.valid_text(decoded.text)
    warnings = (decoded.warning,) if decoded.warning else ()
    if fmt == "html":  # the page is turned into an article by the ingest stage (newsdossier.ingest.html)
        return RawDocument(source=source, text=text, format="html", content_hash=digest, warnings=warnings)
    if not text.strip():
        raise InputRejected(source, "empty file (no text)")
    return RawDocument(source=source, text=text, format="text", content_hash=digest, warnings=warnings)


def decode_bytes(data: bytes) -> str:
    """Decode bytes of unknown encoding (see :mod:`newsdossier.ingest.encodings`), or raise
    :class:`InputRejected` (a ``ValueError``) with a readable reason."""
    return encodings.decode(data, "<bytes>").text
