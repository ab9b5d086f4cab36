"""The extractors as spaCy pipeline components, registered by name: ``nlp(text)`` is the one entry point.

:func:`newsdossier.nlp.model.load` adds one component before spaCy's parser and two after its pipeline:

* ``newsdossier_paragraphs`` starts a sentence after every line break, so a heading, a byline or a short label
  line ("Neutral on Ukraine") is never parsed as the subject of the paragraph below it, and no sentence crosses
  a paragraph (the parser keeps boundaries set before it);
* ``newsdossier_roles`` writes ``doc._.roles`` (titles held by people: "Kazakh Foreign Minister X");
* ``newsdossier_facts`` resolves mentions with the article's roles and writes ``doc._.mentions``,
  ``doc._.quotes``, ``doc._.events``, ``doc._.memberships`` and ``doc._.votes``.

They are two because roles found anywhere in an article inform every field of it (a caption names "Tokayev",
the body says he is Kazakhstan's president): the extraction stage parses all fields of an article with
``newsdossier_facts`` disabled, sets ``doc._.article_roles`` to the roles of every field, then runs
``newsdossier_facts`` on each. A lone ``nlp(text)`` uses its own roles. The evidence of every fact names
``doc._.context`` (article id, field, publication date, title), set before parsing; without one, a text is an
undated body of an unnamed article.

A component never raises: an extractor that fails on a document records ``doc._.extraction_error`` and leaves
the document's facts empty, so one document can never stop a batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newsdossier.models import ActorRef, ArticleContext, ExtractedMention, ExtractedRole
from newsdossier.nlp.extract.events import extract_events
from newsdossier.nlp.extract.memberships import extract_memberships
from newsdossier.nlp.extract.quotes import extract_quotes
from newsdossier.nlp.extract.roles import extract_roles
from newsdossier.nlp.extract.votes import extract_votes
from newsdossier.nlp.mentions import MentionResolver

PARAGRAPHS = "newsdossier_paragraphs"
ROLES = "newsdossier_roles"
FACTS = "newsdossier_facts"
# What the components write on each Doc, with the record type of each list.
FACT_ATTRIBUTES = ("roles", "mentions", "quotes", "events", "memberships", "votes")
UNNAMED = ArticleContext("", None, "text", None)

for _attribute in (*FACT_ATTRIBUTES, "context", "article_roles", "extraction_error"):
    if not Doc.has_extension(_attribute):
        Doc.set_extension(_attribute, default=None)


def context_of(doc: Doc) -> ArticleContext:
    """The article and field ``doc`` was parsed from (an unnamed undated body when none was set)."""
    context: ArticleContext | None = doc._.context
    return context if context is not None else UNNAMED


def _guarded(doc: Doc, step: Callable[[Doc], None]) -> Doc:
    if doc._.extraction_error is None:
        try:
            step(doc)
        except Exception as exc:  # an extractor bug costs one document, never the batch
            doc._.extraction_error = f"{type(exc).__name__}: {exc}"
            for attribute in FACT_ATTRIBUTES:
                setattr(doc._, attribute, [])
    return doc


class RolesComponent:
    """Writes ``doc._.roles``."""

    def __call__(self, doc: Doc) -> Doc:
        def step(doc: Doc) -> None:
            doc._.roles = list(extract_roles(doc, context_of(doc)))
        return _guarded(doc, step)


class FactsComponent:
    """Writes ``doc._.mentions``, ``quotes``, ``events``, ``memberships`` and ``votes``, resolving people with the
    roles of the whole article (``doc._.article_roles``) or, alone, of this document."""

    def __call__(self, doc: Doc) -> Doc:
        return _guarded(doc, self._extract)

    @staticmethod
    def _extract(doc: Doc) -> None:
        context = context_of(doc)
        roles: list[ExtractedRole] = doc._.article_roles if doc._.article_roles is not None else doc._.roles or []
        resolver = MentionResolver(doc, context, roles)
        doc._.quotes = list(extract_quotes(doc, context, resolver))
        doc._.events = list(extract_events(doc, context, resolver, doc._.quotes))
        doc._.memberships = list(extract_memberships(doc, context, resolver))
        doc._.votes = list(extract_votes(doc, context, resolver, doc._.events))
        doc._.mentions = list(_mentions(doc, context, resolver, roles))


def break_at_lines(doc: Doc) -> Doc:
    """Mark the first token after a line break as a sentence start (see the module docstring), and the token
    after it as none: with only the start preset, the parser tends to cut the line's first word off alone."""
    after_break = forced = False
    for token in doc:
        if token.is_space:
            after_break = after_break or "\n" in token.text
            continue
        if after_break:
            token.is_sent_start = True
            forced = True
        elif forced:
            token.is_sent_start = False
            forced = False
        after_break = "\n" in token.whitespace_
    return doc


@Language.factory(PARAGRAPHS)
def make_paragraphs(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return break_at_lines


@Language.factory(ROLES)
def make_roles(nlp: Language, name: str) -> RolesComponent:
    return RolesComponent()


@Language.factory(FACTS)
def make_facts(nlp: Language, name: str) -> FactsComponent:
    return FactsComponent()


def add_to(nlp: Language) -> Language:
    """Add the components to a loaded pipeline (once)."""
    if PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser") if "parser" in nlp.pipe_names else nlp.add_pipe(PARAGRAPHS)
    for name in (ROLES, FACTS):
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def _person_countries(roles: Sequence[ExtractedRole]) -> dict[str, str]:
    countries: dict[str, str] = {}
    for role in roles:
        country = role.person.country or (role.of.country if role.of is not None else None)
        if country:
            countries.setdefault(role.person.name, country)
    return countries


def _mentions(doc: Doc, context: ArticleContext, resolver: MentionResolver,
              roles: Sequence[ExtractedRole]) -> Iterator[ExtractedMention]:
    """Every person the resolver found (with the full name it stands for) and every registry name, with
    offsets: what cross-article actor resolution clusters."""
    countries = _person_countries(roles)
    for mention in resolver.mentions:
        first, last = doc[mention.start], doc[mention.end - 1]
        start, end = first.idx, last.idx + len(last)
        actor = ActorRef(mention.name, "person", countries.get(mention.name), start, end)
        yield ExtractedMention(doc.text[start:end], actor, mention.credit, context.article_id, context.field,
                               start, end)
    for hit in resolver.hits:
        actor = resolver.from_hit(hit)
        if actor.kind in ("country", "government", "organisation", "group"):
            yield ExtractedMention(doc.text[actor.start or 0:actor.end or 0], actor, False, context.article_id,
                                   context.field, actor.start or 0, actor.end or 0)


def facts_of(doc: Doc) -> dict[str, Any]:
    """The facts the components wrote on ``doc``, by attribute name (each a list)."""
    return {attribute: getattr(doc._, attribute) or [] for attribute in FACT_ATTRIBUTES}
