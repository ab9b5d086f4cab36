"""One input, one guard: whatever goes wrong while reading an input becomes that input's reject, by name.

Shared by the readers of single files and of JSONL lines.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from newsdossier.errors import InputRejected
from newsdossier.models import RawDocument, Reject

log = logging.getLogger(__name__)


def content_hash(data: bytes) -> str:
    """Identity of an input's bytes: the same file ingested twice is recognised and skipped."""
    return hashlib.sha256(data).hexdigest()


def guarded(source: str, read: Callable[[], RawDocument]) -> RawDocument | Reject:
    """``read()``, with any failure turned into a reject of ``source``: the input's own reason when it was
    refused, the error itself when reading it went wrong in a way no rule foresaw."""
    try:
        return read()
    except InputRejected as exc:
        return Reject(exc.source, exc.reason)
    except Exception as exc:  # one input must never stop the ingest
        log.warning("reading %s failed: %r", source, exc)
        return Reject(source, f"could not be read ({type(exc).__name__}: {reason(exc)})")


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<body" in head or ("<p>" in head and "</p>" in head)


def reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc)
    return text.splitlines()[0][:200] if text else type(exc).__name__


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
