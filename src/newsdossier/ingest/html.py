"""HTML pages become articles: the body and metadata extracted by trafilatura.

Part of the per-document ingest stage (run by the engines, each document in its own guard), not of reading: the
readers only decode the page, so the driver and the read paths never load trafilatura.
"""

from __future__ import annotations

import trafilatura

from newsdossier.ingest.encodings import valid_text
from newsdossier.models import ArticleHints, RawDocument, Reject


def html_article(page: RawDocument) -> RawDocument | Reject:
    """The article body and metadata of an HTML page (``page.text``), extracted with trafilatura; metadata the
    source already states (``page.hints``, from a JSONL record) wins over what the page says."""
    source, html, digest, hints = page.source, page.text, page.content_hash, page.hints
    try:
        extracted = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False, as_dict=False
        )
    except Exception as exc:  # trafilatura raises many kinds on malformed markup
        return Reject(source, f"HTML could not be parsed ({type(exc).__name__})")
    body = getattr(extracted, "text", None) if extracted is not None else None
    if not body or not body.strip():
        return Reject(source, "no article text found in HTML")
    given = hints or ArticleHints()
    found = ArticleHints(
        title=given.title or _found(extracted, "title"),
        url=given.url or _found(extracted, "url"),
        published=given.published or _found(extracted, "date"),
        outlet=given.outlet or _found(extracted, "sitename"),
        author=given.author or _found(extracted, "author"),
        external_id=given.external_id,
    )
    return RawDocument(source=source, text=valid_text(body), format="html", content_hash=digest, hints=found,
                       warnings=page.warnings)


def _found(extracted: object, name: str) -> str | None:
    """A metadata field trafilatura found, as valid text (entities in a page can decode to control characters)."""
    value = getattr(extracted, name, None)
    return valid_text(value) if isinstance(value, str) else None
