"""Whether an event happened and how surely it is told: negation, stated refusals, hedges, and a sentence
saying that the one before could not be verified.

Separate from :mod:`.circumstances` (date and place) because these read the polarity and mood of the trigger's
clause ("not", "would not", "allegedly", "is said to"), which set the event's code and its negated and hedged
flags rather than where or when it happened.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsdossier import lexicon, settings
from newsdossier.lexicon import cameo
from newsdossier.lexicon.words import ACTIVE_SUBJECTS
from newsdossier.nlp.extract.events.run import Trigger
from newsdossier.nlp.extract.events.syntax import NOUN_POS, OBJECT_DEPS

# Determiners that deny the event for everything their subject stands for ("no country", "neither side").
NEGATIVE_DETERMINERS = "events_negative_determiners.txt"


def is_negated(tok: Token) -> bool:
    """"did not recognise", "none of them endorsed", "neither have they condemned", "no meeting"."""
    cues = cameo.cues()
    for holder in clause_chain(tok):
        for child in holder.children:
            if child.dep_ == "neg" and child.lower_ in cues["negation"]:
                return True
            if child.lower_ in cues["negation_adverb"] and child.dep_ in ("advmod", "preconj", "cc", "det"):
                return True
            if child.dep_ in ACTIVE_SUBJECTS and _negative_subject(child, cues):
                return True
            if holder.pos_ in NOUN_POS and child.dep_ == "det" and child.lower_ == "no":
                return True
    return False


def polarity(trigger: Trigger) -> tuple[str, bool]:
    """(code, negated): a negated event stays negated, unless it is a stated refusal ("would not provide
    support"), which CAMEO codes as a rejection in its own right."""
    negated = trigger.negated_by_control or is_negated(trigger.token)
    refusal = cameo.refusal_code(trigger.code) if negated and _refused(trigger.token) else None
    return (refusal, False) if refusal is not None else (trigger.code, negated)


def _refused(tok: Token) -> bool:
    """"will not attend", "would not provide": a negation looking forward states a refusal."""
    refusal_aux = cameo.cues()["refusal_aux"]
    return any(c.dep_ == "aux" and c.lower_ in refusal_aux for holder in clause_chain(tok) for c in holder.children)


def _negative_subject(subject: Token, cues: dict[str, frozenset[str]]) -> bool:
    if subject.lower_ in cues["negation_subject"]:
        return True
    determiners = lexicon.word_set(NEGATIVE_DETERMINERS)
    return any(c.dep_ == "det" and c.lower_ in determiners for c in subject.children)


def clause_chain(tok: Token) -> list[Token]:
    """The trigger and the verbs that carry its clause's polarity: xcomp governors and, for a noun, its verb."""
    chain = [tok]
    current = tok
    for _ in range(settings.active().max_depth):
        if current.dep_ == "xcomp" or (current.pos_ in NOUN_POS and current.dep_ in OBJECT_DEPS):
            current = current.head
            chain.append(current)
        else:
            break
    return chain


def is_hedged(tok: Token) -> bool:
    """Modal doubt, hedging adverbs or adjectives, or a claim/allegation/"is said to" above the trigger."""
    cues = cameo.cues()
    for child in tok.children:
        if child.dep_ == "aux" and child.lower_ in cues["hedge_modal"]:
            return True
        if child.dep_ == "amod" and child.lower_ in cues["hedge_adjective"]:
            return True
    current = tok
    for _ in range(settings.active().max_depth):
        for child in current.children:
            if child.dep_ == "advmod" and child.lower_ in cues["hedge_adverb"]:
                return True
            if current is not tok and child.dep_ == "aux" and child.lower_ in cues["hedge_modal"]:
                return True
        if current is not tok and _hedging_verb(current, cues):
            return True
        if current.head.i == current.i:
            break
        current = current.head
    return False


def _hedging_verb(verb: Token, cues: dict[str, frozenset[str]]) -> bool:
    lemma = verb.lemma_.lower()
    if lemma in cues["hedge_verb"]:
        return True
    return lemma in cues["hedge_passive"] and any(c.dep_ == "auxpass" for c in verb.children)


def says_unverified(sent: Span) -> bool:
    """"The Epoch Times couldn't independently verify the claims": the sentence before is only a report."""
    cues = cameo.cues()
    return any(tok.lemma_.lower() in cues["unverified_verb"] and any(c.dep_ == "neg" for c in tok.children)
               for tok in sent)
