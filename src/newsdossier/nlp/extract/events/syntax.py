"""The parse as the event extractor reads it: dependency-label and tag groups, and the tree steps every other
module takes (what a verb acts on, a container noun read through to its of-object, prepositional objects).

Separate because triggers, arguments, actors, polarity and accusations all ask these questions of the tree, and
one place keeps their answers the same. Label sets only one module uses are named in that module.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Token

from newsdossier.lexicon import cameo
from newsdossier.lexicon.words import PASSIVE_SUBJECTS

# Dependency labels, grouped by what they mean for an event.
OBJECT_DEPS = frozenset({"dobj", "dative", "obj", "iobj"})
PREP_DEPS = frozenset({"prep", "prt", "agent", "dative"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Entity labels of a phrase worth keeping as an unresolved mention.
MENTION_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC"})
VERB_POS = frozenset({"VERB"})
NOUN_POS = frozenset({"NOUN", "PROPN"})


def through_quantity(tok: Token) -> Token:
    """"a host of agreements" -> "agreements": container nouns pass on to their of-object."""
    if tok.lemma_.lower() in cameo.cues()["quantity_noun"]:
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return tok


def objects_of(tok: Token) -> list[Token]:
    """What a verb acts on: direct or dative object, or the subject of a passive ("evidence was presented")."""
    return [through_quantity(c) for c in tok.children if c.dep_ in OBJECT_DEPS or c.dep_ in PASSIVE_SUBJECTS]


def prep_objects(tok: Token, preps: frozenset[str], nested: bool = False) -> list[Token]:
    """Objects of the given prepositions attached to ``tok`` ("with X"); with ``nested``, then those attached to
    the objects of its prepositions ("abstained on a resolution at the Assembly"). A particle points to the
    direct object."""
    found: list[Token] = []
    deeper: list[Token] = []
    for child in _with_coordinated(tok.children):
        if child.dep_ not in PREP_DEPS and not (child.dep_ == "conj" and child.pos_ == "ADP"):
            continue
        pobjs = [through_quantity(c) for c in child.children if c.dep_ == "pobj"]
        if child.lower_ in preps:
            found.extend(objects_of(tok) if child.dep_ == "prt" else pobjs)
        if nested:
            deeper.extend(p for pobj in pobjs for p in direct_prep_objects(pobj, preps))
    return found + deeper


def direct_prep_objects(tok: Token, preps: frozenset[str]) -> list[Token]:
    return [through_quantity(p) for c in tok.children if c.dep_ == "prep" and c.lower_ in preps
            for p in c.children if p.dep_ == "pobj"]


def _with_coordinated(children: Iterable[Token]) -> Iterator[Token]:
    """Children, each preposition followed by the prepositions coordinated with it: "met with X and with Y"
    (the parser hangs the second "with" on the first, or on the verb as a conjunct)."""
    for child in children:
        yield child
        if child.dep_ in PREP_DEPS:
            yield from (c for c in child.children if c.dep_ == "conj" and c.pos_ == "ADP")
