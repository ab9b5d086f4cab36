"""The token that names who speaks for a cue: its subject, a participle's head's subject, X of "according to X".

Separate from :mod:`.speaker` because this is pure syntax (which token of the parse), while the speaker module
decides which actor that token stands for (a name, a pronoun's antecedent, a description).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsdossier.lexicon.words import NOMINAL_SUBJECTS
from newsdossier.nlp.extract.quotes.quote_marks import CLOSING_MARKS
from newsdossier.nlp.extract.quotes.vocabulary import RELATIVE_PRONOUNS

# Links from a participle or infinitive cue up to the verb whose subject speaks: "he said, adding that …",
# "he went on to claim", "Lavrov said X and warned Y".
SUBJECT_CLIMB_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "ccomp", "parataxis", "acl"})
# Modifiers of a speaker's head noun that are not part of the name ("Max Hess, fellow at …").
NAME_EXCLUDED_DEPS = frozenset({"appos", "relcl", "acl", "punct", "cc", "conj", "prep", "advmod"})


def speaker_token(cue: Token, quoted: frozenset[int] | set[int] = frozenset()) -> Token | None:
    """The token naming who speaks: the cue's subject, its head's subject for participles, X of "according to X".

    Tokens in ``quoted`` (inside quote marks) are never the speaker, whatever the parse attached to the cue.
    """
    if cue.lower_ == "according":
        to = next((child for child in cue.children if child.lower_ == "to"), None)
        return next((child for child in to.children if child.dep_ == "pobj"), None) if to is not None else None
    current = cue
    for _ in range(4):
        subjects = [child for child in current.children if child.dep_ in NOMINAL_SUBJECTS and child.i not in quoted]
        if not subjects and current is cue:
            subjects = _inverted_subject(cue, quoted)
        # an inverted cue ("said co-ordinator Jane Roe") can get two subjects: the name is the speaker
        subject = next((t for t in subjects if t.pos_ == "PROPN"), subjects[0] if subjects else None)
        if subject is not None:
            if subject.lower_ in RELATIVE_PRONOUNS and current.dep_ == "relcl":
                return current.head
            return subject
        if current.dep_ not in SUBJECT_CLIMB_DEPS or current.head.i == current.i:
            return None
        current = current.head
    return None


def _inverted_subject(cue: Token, quoted: frozenset[int] | set[int]) -> list[Token]:
    """"“…,” read the warning": after a quote the speaker may follow the cue and be parsed as its object."""
    before = cue.i - 1
    while before >= 0 and (cue.doc[before].is_punct and cue.doc[before].text not in CLOSING_MARKS):
        before -= 1
    if before < 0 or before not in quoted:
        return []
    return [child for child in cue.rights if child.dep_ in ("dobj", "attr", "npadvmod")
            and child.pos_ in ("NOUN", "PROPN") and child.i not in quoted][:1]


def name_span(token: Token) -> Span:
    """The noun phrase a speaker token heads, without appositions or clauses ("Max Hess, fellow at …")."""
    doc = token.doc
    ent = next((ent for ent in doc.ents if ent.start <= token.i < ent.end), None)
    if ent is not None:
        first, last = ent.start, ent.end - 1
    else:
        tokens = [token]
        for child in token.children:
            if child.dep_ not in NAME_EXCLUDED_DEPS:
                tokens.extend(child.subtree)
        first, last = min(t.i for t in tokens), max(t.i for t in tokens)
    # never across a line break: the parser joins a credit line to the name below it
    for index in range(token.i - 1, first - 1, -1):
        if "\n" in doc[index].text_with_ws:
            first = index + 1
            break
    for index in range(token.i, last):
        if "\n" in doc[index].text_with_ws:
            last = index
            break
    return doc[first:last + 1]
