"""The extraction stage: parse articles' fields with spaCy and its components, one record per article.

A pure stage: fields in, :class:`~newsdossier.models.ArticleExtraction` records out; the driver reads the
articles from the store and writes the records back. The extractors are the pipeline's own components
(:mod:`newsdossier.nlp.components`); this module only runs them the way an article needs: every field of an
article (its body and each caption) is parsed first, then its facts are extracted with the roles found anywhere
in the article (a caption names "Tokayev", the body says he is Kazakhstan's president).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Sequence

from spacy.tokens import Doc

from newsdossier import settings
from newsdossier.lexicon.topics import topic_of
from newsdossier.models import ArticleContext, ArticleExtraction
from newsdossier.nlp import components
from newsdossier.nlp import model as nlp
from newsdossier.nlp.extract.events.merge import merge_tellings
from newsdossier.nlp.fields import FieldMeta

log = logging.getLogger(__name__)


def extract_article(docs: Sequence[tuple[FieldMeta, Doc]]) -> ArticleExtraction:
    """The facts of one article from its parsed fields (roles already on each; see the module docstring)."""
    result = ArticleExtraction(docs[0][0].article_id, published=docs[0][0].published)
    result.roles = [role for _, doc in docs for role in doc._.roles or []]
    facts = nlp.load().get_pipe(components.FACTS)
    for _, doc in docs:
        doc._.article_roles = result.roles
        facts(doc)
    failed = next((doc._.extraction_error for _, doc in docs if doc._.extraction_error), None)
    if failed is not None:
        log.warning("extraction failed for article %s: %s", result.article_id, failed)
        return ArticleExtraction(result.article_id, error=failed, published=result.published)
    for _, doc in docs:
        result.quotes.extend(doc._.quotes)
        result.memberships.extend(doc._.memberships)
        result.votes.extend(doc._.votes)
        result.mentions.extend(doc._.mentions)
    # One record per act: the body, its captions and back-references tell many acts more than once.
    result.events = merge_tellings([event for _, doc in docs for event in doc._.events])
    return result


def _grouped(parsed: Iterable[tuple[FieldMeta, Doc]]) -> Iterator[list[tuple[FieldMeta, Doc]]]:
    current: list[tuple[FieldMeta, Doc]] = []
    for meta, doc in parsed:
        current.append((meta, doc))
        if len(current) == meta.fields_in_article:
            yield current
            current = []


def parse_fields(fields: Sequence[tuple[str, FieldMeta]]) -> Iterator[tuple[FieldMeta, Doc]]:
    """Parse fields with their article context set, running spaCy and the roles component (not yet the facts)."""
    pipeline = nlp.load()
    docs = []
    for text, meta in fields:
        doc = pipeline.make_doc(text)
        doc._.context = ArticleContext(meta.article_id, meta.published, meta.field, meta.title, meta.topic)
        docs.append(doc)
    parsed = pipeline.pipe(docs, disable=[components.FACTS], batch_size=settings.active().parse_batch)
    yield from zip((meta for _, meta in fields), parsed, strict=True)


def extract_batch(fields: Sequence[tuple[str, FieldMeta]]) -> list[ArticleExtraction]:
    """Parse a batch of whole articles' fields and extract their facts (what engines run, one batch per task).

    Only the extracted facts leave the function: parsed ``Doc`` objects never cross a process boundary, which
    is what serialising them back from spaCy's own worker processes would cost.
    """
    return [extract_article(docs) for docs in _grouped(parse_fields(fields))]


def extract_fields(article_id: str, fields: Sequence[tuple[str, str]], published: dt.date | None = None,
                   title: str | None = None) -> ArticleExtraction:
    """The facts of one article given as ``(field name, text)`` pairs (its body, then its captions): what the
    ingest extracts from a stored article, for scripts and evaluations that start from text."""
    topic = topic_of(title, fields[0][1]) if fields else None
    metas = [(text, FieldMeta(article_id, name, published, title, len(fields), topic)) for name, text in fields]
    [result] = extract_batch(metas)
    return result
