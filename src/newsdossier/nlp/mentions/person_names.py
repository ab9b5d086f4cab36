"""People's names in one article and their short forms: who "Ortega" or "Mr. Haddad" is.

A person mention is a token run with the full name it stands for; :class:`People` indexes the full names seen
(from roles first, then from the text) by surname and first name, so a later surname alone finds its full
name. Separate because it is the plain bookkeeping of names, with no parse walking: the resolver's people part
(:mod:`.person_mentions`) finds the runs and fills the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Token

from newsdossier import settings
from newsdossier.lexicon import registry as actors
from newsdossier.nlp.mentions.doc_helpers import run_text
from newsdossier.nlp.mentions.word_lists import POSSESSIVES, vocabulary


@dataclass(frozen=True, slots=True)
class PersonMention:
    """One mention of a person in this document: tokens ``start..end-1``, the full name it stands for,
    whether it is a clause subject, whether it sits in a photo credit, and the gender an honorific gave."""

    start: int
    end: int
    name: str
    subject: bool
    credit: bool
    gender: str | None


@dataclass(slots=True)
class People:
    """Who is who in one article: full names by surname and first name, countries, genders."""

    by_surname: dict[str, list[str]] = field(default_factory=dict)
    by_first: dict[str, list[str]] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    genders: dict[str, str] = field(default_factory=dict)

    def add(self, name: str) -> None:
        parts = name.split()
        if len(parts) < 2:
            return
        for table, key in ((self.by_surname, fold_name(parts[-1])), (self.by_first, fold_name(parts[0]))):
            names = table.setdefault(key, [])
            if name not in names:
                names.append(name)

    def full(self, name: str) -> str:
        """The full name a partial mention stands for ("Ortega" -> "Luis Ortega"), or the name itself; the
        first registered wins (roles are registered first)."""
        parts = name.split()
        if len(parts) != 1:
            return name
        key = fold_name(parts[0])
        candidates = self.by_surname.get(key) or self.by_first.get(key)
        return candidates[0] if candidates else name


def fold_name(word: str) -> str:
    """One name word as names are compared: folded as the registry folds, without a final "." or apostrophe."""
    return actors.fold(word).strip(".'’")


def plain(word: str) -> str:
    """A word as honorifics are compared: lower case, without a final "." ("Mrs." -> "mrs")."""
    return word.lower().rstrip(".")


def strip_name(tokens: Iterable[Token]) -> list[Token]:
    """Tokens of a person's name without honorifics, titles, a possessive or surrounding punctuation."""
    vocab = vocabulary()
    out = list(tokens)
    while out and (plain(out[0].text) in vocab.honorifics or out[0].lower_ in vocab.prefixes
                   or vocab.is_title_head(out[0].text) or (not out[0].is_alpha and not out[0].is_title)):
        out.pop(0)
    while out and (out[-1].tag_ == "POS" or out[-1].is_punct or out[-1].lower_ in POSSESSIVES):
        out.pop()
    return out


def name_text(tokens: Sequence[Token]) -> str:
    if not tokens:
        return ""
    return " ".join(run_text(tokens).split())


def looks_like_name(tokens: Sequence[Token]) -> bool:
    """Capitalised, short, and not an acronym ("ODPM" is an office even when NER calls it a person)."""
    words = [t for t in tokens if t.is_alpha]
    too_long = len(tokens) > settings.active().max_person_name_tokens
    if not words or too_long or all(t.is_upper and len(t) > 1 for t in words):
        return False
    return any(t.text[:1].isupper() for t in words)
