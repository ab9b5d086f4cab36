"""The actor a speaker token stands for: a name, a pronoun's antecedent, or a role description.

Separate from :mod:`.cue_subject` (which token speaks) because this is resolution against the article's
mentions: a pronoun is followed back to the last person named outside quotes, a described speaker ("the foreign
minister, Jane Roe") takes the person named beside it, an unknown capitalised name is a person.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from newsdossier import settings
from newsdossier.models import ActorRef
from newsdossier.nlp.extract.quotes.cue_subject import name_span
from newsdossier.nlp.extract.quotes.quote_marks import Segment
from newsdossier.nlp.extract.quotes.vocabulary import PERSON_PRONOUNS

if TYPE_CHECKING:
    from newsdossier.nlp.mentions import MentionResolver



def resolve_speaker(token: Token, resolver: MentionResolver,
                    quoted: Callable[[int], Segment | None] = lambda offset: None,
                    text: str | None = None) -> tuple[ActorRef | None, bool]:
    """The actor a speaker token stands for, and whether it was reached through a pronoun.

    ``quoted`` tells whether a character offset lies inside quoted words: a person named only inside a quote
    ("… under Vladimir Putin,” he said) is not who "he" is, so resolution then restarts before that quote.
    A description ("the Kazakh foreign minister", "a joint declaration") is left to ``resolver.actor``, which
    knows titles and roles; it is never guessed from the last person named. ``text`` is ``token.doc.text``
    when the caller has it: spaCy joins the whole document again on every ``Doc.text``.
    """
    if text is None:
        text = token.doc.text
    if token.pos_ == "PRON" or token.lower_ in PERSON_PRONOUNS:
        if token.lower_ in PERSON_PRONOUNS:
            return _person_outside_quotes(token, resolver, quoted, text), True
        return None, True
    span = name_span(token)
    if token.pos_ == "PROPN":
        return (resolver.actor(span) or _unregistered_person(span, text)), False
    return (_named_in_apposition(token, resolver) or resolver.actor(span)), False


def _person_outside_quotes(token: Token, resolver: MentionResolver,
                           quoted: Callable[[int], Segment | None], text: str) -> ActorRef | None:
    """``resolver.person_before``, stepping back over quotes when the person found is named only inside one."""
    doc = token.doc
    probe = token
    for _ in range(settings.active().max_quote_skips):
        person = resolver.person_before(probe)
        if person is None:
            return None
        mention = antecedent_offset(text, person.name, probe.idx)
        segment = quoted(mention) if mention is not None else None
        if segment is None:
            return replace(person, start=token.idx, end=token.idx + len(token))
        probe_token = _token_before(doc, segment.opening)
        if probe_token is None:
            return None
        probe = probe_token
    return None


def antecedent_offset(text: str, name: str, before: int) -> int | None:
    """Where ``name`` (or its last word, the surname) was last written before ``before``; None if nowhere."""
    words = name.split()
    if not words:
        return None
    best = None
    for variant in {name, words[-1]}:
        for match in re.finditer(rf"(?<!\w){re.escape(variant)}(?!\w)", text[:before]):
            best = match.start() if best is None else max(best, match.start())
    return best


def _token_before(doc: Doc, offset: int) -> Token | None:
    """The last non-space token ending at or before ``offset``."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    index = span.start - 1 if span is not None and len(span) else None
    while index is not None and index >= 0 and doc[index].is_space:
        index -= 1
    return doc[index] if index is not None and index >= 0 else None


def _named_in_apposition(token: Token, resolver: MentionResolver) -> ActorRef | None:
    """"the foreign minister, Jane Roe, said" / "analysts Jane Roe and John Doe wrote": the first person named
    beside a described speaker, which says more than the description. (One speaker per quote: co-authors
    beyond the first are not recorded.)"""
    for child in token.children:
        if child.dep_ != "appos":
            continue
        for name in (child, *child.conjuncts):
            actor = resolver.actor(name_span(name))
            if actor is not None and actor.kind == "person":
                return actor
    return None


def _unregistered_person(span: Span, text: str) -> ActorRef | None:
    """A capitalised name the resolver does not know, as the subject of a speech verb, is a person."""
    names = [t for t in span if t.pos_ == "PROPN"]
    if not names or any(t.ent_type_ and t.ent_type_ != "PERSON" for t in names):
        return None
    first, last = names[0], names[-1]
    return ActorRef(text[first.idx:last.idx + len(last)], "person", None, first.idx, last.idx + len(last))
