"""Per-document processing: a decoded document becomes a stored-ready article or a reject.

``process_document`` is a pure function of its input (no database, no global state), so the local engine
and a distributed one produce identical rows for identical inputs, and a resumed ingest recomputes exactly
what an interrupted one would have written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from newsdossier import settings
from newsdossier.ingest.clean import clean_text
from newsdossier.ingest.dedup import Fingerprint, fingerprint
from newsdossier.ingest.html import html_article
from newsdossier.models import ArticleRow, CleanedArticle, RawDocument, Reject


@dataclass(frozen=True, slots=True)
class ProcessedArticle:
    id: str
    document: RawDocument
    cleaned: CleanedArticle
    fingerprint: Fingerprint

    def row(self) -> ArticleRow:
        cleaned = self.cleaned
        return ArticleRow({
            "id": self.id,
            "source": self.document.source,
            "format": self.document.format,
            "url": self.document.hints.url,
            "title": cleaned.title,
            "author": cleaned.author,
            "outlet": cleaned.outlet,
            "published": cleaned.published.isoformat() if cleaned.published else None,
            "published_precision": cleaned.published_precision if cleaned.published else None,
            "published_method": cleaned.published_method if cleaned.published else None,
            "text": cleaned.text,
            "paragraphs": [[span.start, span.end] for span in cleaned.paragraphs],
            "captions": [asdict(caption) for caption in cleaned.captions],
            "removed": [asdict(line) for line in cleaned.removed],
            "exact_hash": self.fingerprint.exact,
            "minhash": self.fingerprint.minhash,
            "passages": [
                [digest, ref.field, ref.index, ref.start, ref.end] for digest, ref in self.fingerprint.passages
            ],
            "length": len(cleaned.text),
        }, self.document.content_hash, self.document.warnings)


def article_id(cleaned: CleanedArticle) -> str:
    """Content-derived id: the same cleaned title and body always get the same id, wherever they come from."""
    digest = hashlib.sha256()
    digest.update((cleaned.title or "").encode("utf-8"))
    digest.update(b"\x00")
    digest.update(cleaned.text.encode("utf-8"))
    return digest.hexdigest()[:16]


def process_document(document: RawDocument) -> ProcessedArticle | Reject:
    """Clean and fingerprint one document; anything that leaves no article body becomes a reject."""
    if document.format == "html":
        page = html_article(document)
        if isinstance(page, Reject):
            return page
        document = page
    try:
        cleaned = clean_text(document.text, document.hints)
    except Exception as exc:  # a cleaner bug must cost one document, not the run
        return Reject(document.source, f"cleaning failed ({type(exc).__name__}: {exc})")
    if len(cleaned.text.strip()) < settings.active().min_article_chars:
        return Reject(document.source, f"no article text after cleaning ({len(cleaned.text.strip())} characters left)")
    print_fp = fingerprint(cleaned.text, cleaned.paragraphs, cleaned.captions)
    return ProcessedArticle(article_id(cleaned), document, cleaned, print_fp)


def process_batch(documents: Sequence[RawDocument | Reject]) -> list[ArticleRow | Reject | None]:
    """:func:`process_document` over a batch (what engines run), as the rows to store; inputs that are already
    rejects give ``None``."""
    results: list[ArticleRow | Reject | None] = []
    for item in documents:
        results.append(_guarded_row(item) if isinstance(item, RawDocument) else None)
    return results


def _guarded_row(document: RawDocument) -> ArticleRow | Reject:
    """One document's row, or its reject: an error in any step (HTML, cleaning, fingerprinting) costs this
    document only, never its batch."""
    try:
        outcome = process_document(document)
        return outcome.row() if isinstance(outcome, ProcessedArticle) else outcome
    except Exception as exc:
        return Reject(document.source, f"processing failed ({type(exc).__name__}: {str(exc)[:200]})")
