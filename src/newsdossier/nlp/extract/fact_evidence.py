"""The date and the evidence of a fact stated as of the article: roles and memberships both hold on the day the
article was published and are evidenced by the sentence that states them.

Separate because the role and the membership extractors (:mod:`~newsdossier.nlp.extract.roles`,
:mod:`~newsdossier.nlp.extract.memberships`) date and evidence their facts the same way.
"""

from __future__ import annotations

from spacy.tokens import Span

from newsdossier.models import ArticleContext, EventDate, Evidence

__all__ = ["article_date", "sentence_evidence"]


def article_date(context: ArticleContext) -> EventDate:
    """Roles and memberships hold as of the article: its publication day, or "reported" when unknown."""
    if context.published is None:
        return EventDate(None, None, "reported")
    return EventDate(context.published, context.published, "day")


def sentence_evidence(text: str, context: ArticleContext, sentence: Span) -> Evidence:
    """The sentence as evidence, whitespace trimmed, so ``doc.text[start:end] == sentence`` exactly."""
    start, end = sentence.start_char, sentence.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Evidence(context.article_id, start, end, text[start:end], context.field)
