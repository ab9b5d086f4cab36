"""Votes: who voted how on what ("all five abstained on a draft resolution", "X did not even vote").

A vote is a claim about one (voter, ballot) pair with a value: ``in favour``, ``against``, ``abstained``,
``did not vote`` or plain ``voted``. Different articles often report the same ballot with different values,
so votes are kept as their own records and compared across articles by :mod:`newsdossier.consolidate`.

The parse decides: a token with the lemma "abstain" (spaCy often tags it a noun after "to") or a verb
"vote"; its voters are the subject of the clause it hangs from, followed through "chose to", a relative
clause ("the countries that chose to abstain") and "X were among the countries that ..."; the ballot is the
organisation named in the sentence (or the one of the previous vote in the same field).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span, Token

from newsdossier import settings
from newsdossier.models import ActorRef, ArticleContext, EventDate, Evidence, ExtractedEvent, ExtractedVote
from newsdossier.nlp import dates
from newsdossier.nlp.mentions import MentionResolver

__all__ = ["extract_votes"]

ABSTAINED, AGAINST, IN_FAVOUR, NOT_VOTING, VOTED = "abstained", "against", "in favour", "did not vote", "voted"
RELATIVE_PRONOUNS = frozenset({"that", "who", "which"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Heads passed on the way from "abstain" up to the clause that has the voters as subject.
CLIMB_DEPS = frozenset({"xcomp", "pobj", "prep", "aux", "ccomp", "advcl", "conj"})
VOTER_KINDS = frozenset({"country", "government", "organisation", "person"})


def _value(tok: Token) -> str | None:
    if tok.lemma_.lower() == "abstain":
        return ABSTAINED
    if tok.lemma_.lower() != "vote" or tok.pos_ != "VERB":
        return None
    negated = any(child.dep_ == "neg" for child in tok.children)
    if negated:
        return NOT_VOTING
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "against":
            return AGAINST
        if child.dep_ == "prep" and child.lower_ == "for":
            return IN_FAVOUR
        if child.dep_ == "prep" and child.lower_ == "in" and any(g.lemma_ in ("favor", "favour")
                                                                 for g in child.children):
            return IN_FAVOUR
    return VOTED


def _subject(verb: Token) -> Token | None:
    return next((child for child in verb.children if child.dep_ in SUBJECT_DEPS), None)


def _voters_head(tok: Token) -> Token | None:
    """The token whose subtree names the voters of the vote word ``tok``."""
    current = tok
    for _ in range(6):
        subject = _subject(current)
        if subject is not None:
            if subject.lower_ not in RELATIVE_PRONOUNS:
                return subject
            noun = current.head if current.dep_ == "relcl" else None
            if noun is None:
                return None
            # "X were among the countries that ..." -> X
            if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ == "among":
                outer = _subject(noun.head.head)
                if outer is not None:
                    return outer
            return noun
        if current.dep_ not in CLIMB_DEPS or current.head is current:
            return None
        current = current.head
    return None


def _span(head: Token) -> Span:
    doc = head.doc
    tokens = [t for t in head.subtree if t.dep_ not in ("relcl", "punct") or t.i == head.i]
    start = min(t.i for t in tokens)
    end = max(t.i for t in tokens) + 1
    return doc[start:end]


def _body(resolver: MentionResolver, sent: Span) -> ActorRef | None:
    for hit in resolver.hits:
        if sent.start <= hit.start < sent.end and hit.actor.kind == "organisation":
            return resolver.from_hit(hit)
    return None


def _event_sources(events: Sequence[ExtractedEvent], sent: Span, tok: Token) -> list[ActorRef]:
    """Sources the event extractor found for the same word: it follows anaphoric groups ("all five") across
    sentences, which a single sentence cannot resolve."""
    return [event.source for event in events if event.source is not None and event.trigger == tok.text
            and event.evidence.start == sent.start_char]


def extract_votes(doc: Doc, context: ArticleContext, resolver: MentionResolver,
                  events: Sequence[ExtractedEvent] = ()) -> Iterator[ExtractedVote]:
    """Every (voter, value) claim of one parsed field, with its ballot and date; ``events`` are the events
    already extracted from the same field."""
    sentences = list(doc.sents)
    last: tuple[int, ActorRef | None, EventDate] | None = None
    for index, sent in enumerate(sentences):
        for tok in sent:
            value = _value(tok)
            if value is None:
                continue
            head = _voters_head(tok)
            if head is None:
                continue
            voters = [a for a in resolver.actors_in(_span(head)) or _event_sources(events, sent, tok)
                      if a.kind in VOTER_KINDS]
            if not voters:
                continue
            body = _body(resolver, sent)
            date = dates.event_date(sent, context, tok)
            if last is not None and index - last[0] <= settings.active().vote_context_sentences:
                body = body or last[1]
                if date.precision == dates.REPORTED:
                    date = last[2]
            last = (index, body, date)
            evidence = Evidence(context.article_id, sent.start_char, sent.end_char, sent.text, context.field)
            for voter in voters:
                yield ExtractedVote(voter, value, body, date, evidence)
