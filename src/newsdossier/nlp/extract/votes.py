"""Votes: who voted how on what ("all five abstained on a draft resolution", "X did not even vote").

A vote is a claim about one (voter, ballot) pair with a value: ``in favour``, ``against``, ``abstained``,
``did not vote`` or plain ``voted``. Different articles often report the same ballot with different values,
so votes are kept as their own records and compared across articles by :mod:`newsdossier.consolidate`.

The parse decides: a token with the lemma "abstain" (spaCy often tags it a noun after "to") or a verb
"vote"; its voters are the subject of the clause it hangs from, followed through "chose to", a relative
clause ("the countries that chose to abstain") and "X were among the countries that ..."; the ballot is the
organisation named in the sentence (or the one of the previous vote in the same field). The words it reads are
data: ``data/votes_words.tsv`` (vote lemmas, relative pronouns, "among") and ``data/votes_prepositions.tsv``
(which preposition makes a vote "in favour" or "against").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span, Token

from newsdossier import lexicon, settings
from newsdossier.errors import DataError
from newsdossier.lexicon.words import NOMINAL_SUBJECTS
from newsdossier.models import ActorRef, ArticleContext, EventDate, Evidence, ExtractedEvent, ExtractedVote
from newsdossier.nlp import dates
from newsdossier.nlp.mentions import MentionResolver

__all__ = ["extract_votes"]

ABSTAINED, AGAINST, IN_FAVOUR, NOT_VOTING, VOTED = "abstained", "against", "in favour", "did not vote", "voted"
# Heads passed on the way from "abstain" up to the clause that has the voters as subject.
CLIMB_DEPS = frozenset({"xcomp", "pobj", "prep", "aux", "ccomp", "advcl", "conj"})
VOTER_KINDS = frozenset({"country", "government", "organisation", "person"})


def _words(kind: str) -> frozenset[str]:
    """The words of ``data/votes_words.tsv`` of one kind."""
    return frozenset(word for word, found in lexicon.pairs("votes_words.tsv") if found == kind)


def _prepositions() -> dict[str, tuple[frozenset[str], str]]:
    """preposition -> (lemmas one of which it must govern, empty when none; the vote value it gives), from
    ``data/votes_prepositions.tsv``."""
    found: dict[str, tuple[frozenset[str], str]] = {}
    for number, cells in lexicon.rows("votes_prepositions.tsv", 3):
        preposition, objects, value = cells[:3]
        if value not in (AGAINST, IN_FAVOUR):
            raise DataError(f"data/votes_prepositions.tsv:{number}: unknown vote value {value!r}")
        found[preposition] = (frozenset() if objects == "-" else frozenset(objects.split()), value)
    return found


# Lemmas that are an abstention whatever their part of speech, and lemmas of a verb that says someone voted.
ABSTAIN_LEMMAS = _words("abstain")
VOTE_LEMMAS = _words("vote")
# A relative pronoun as the voters' subject stands for the noun its clause modifies.
RELATIVE_PRONOUNS = _words("relative")
# Prepositions whose object is a group the voters were among ("X were among the countries that ...").
GROUP_PREPOSITIONS = _words("group_prep")
# Prepositions under a vote verb that say which way the vote went.
PREPOSITION_VALUES = _prepositions()


def _value(tok: Token) -> str | None:
    if tok.lemma_.lower() in ABSTAIN_LEMMAS:
        return ABSTAINED
    if tok.lemma_.lower() not in VOTE_LEMMAS or tok.pos_ != "VERB":
        return None
    negated = any(child.dep_ == "neg" for child in tok.children)
    if negated:
        return NOT_VOTING
    for child in tok.children:
        cue = PREPOSITION_VALUES.get(child.lower_) if child.dep_ == "prep" else None
        if cue is not None and (not cue[0] or any(g.lemma_ in cue[0] for g in child.children)):
            return cue[1]
    return VOTED


def _subject(verb: Token) -> Token | None:
    return next((child for child in verb.children if child.dep_ in NOMINAL_SUBJECTS), None)


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
            if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ in GROUP_PREPOSITIONS:
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
    return [party.actor for event in events if event.trigger == tok.text and event.evidence.start == sent.start_char
            for party in event.participants if party.role == "source"]


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
