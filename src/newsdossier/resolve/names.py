"""Transliteration-aware matching of people's names across articles.

The same person reaches English news through several romanisations and machine translations: "Kh" and
"H" or "J", "Zh", "Dj" and "J", "Y" and "J" at the start of a syllable, doubled or dropped letters, "-ov"
and "-ow", r/l confusion, diacritics, hyphens between given names. Nothing here knows any particular name:
every rule is a general spelling correspondence, applied to both sides before comparing. The correspondences
are data (``data/names_rewrites.tsv``, ``data/names_letter_classes.tsv``), as are the suffixes and surname
particles (``data/names_words.tsv``), read through :mod:`newsdossier.resolve.vocabulary`.

A name is split into given names and a surname after stripping honorifics, titles and suffixes. Two names
*can* be one person when their surnames are close and their given names do not contradict (missing given
names, initials and spelling variants are consistent; two different given names are not). How close is
close enough also depends on context the caller has (same role and country), so :func:`surname_similarity`
returns a score and callers pick their threshold.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

from newsdossier.lexicon.titles import name_prefix_words
from newsdossier.resolve.vocabulary import LETTER_CLASSES, NAME_PARTICLES, NAME_SUFFIXES, SPELLING_REWRITES

__all__ = ["PersonName", "fold", "given_compatible", "name_similarity", "parse_name", "phonetic_key",
           "surname_similarity"]

_VOWELS = frozenset("aeiou")
_WORD = re.compile(r"[a-z]+")


def fold(text: str) -> str:
    """ASCII lower case with hyphens and apostrophes as word breaks: "Mirziyóyev" -> "mirziyoyev"."""
    return " ".join(_WORD.findall(anyascii(text).lower().replace("'", " ")))


def _squeeze(word: str) -> str:
    out: list[str] = []
    for char in word:
        if not out or out[-1] != char:
            out.append(char)
    return "".join(out)


@functools.lru_cache(maxsize=1 << 16)
def phonetic_key(word: str) -> str:
    """A skeleton of one name word that spelling variants share: rewrites of letter groups, y/j as a glide
    dropped between vowels, vowels after the first letter dropped, letter classes merged, doubles squeezed.

    "Tokayev" and "Tokaev" -> "tkv"; "Zheenbek" and "Djembek" -> "jnvk"; "Kulubaev" and "Kurbayev" -> "krvv"
    -> "krv".
    """
    text = _squeeze(fold(word).replace(" ", ""))
    for old, new in SPELLING_REWRITES:
        text = text.replace(old, new)
    chars: list[str] = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if char in "yj":
            if index == 0 or before not in _VOWELS:
                chars.append("j" if after in _VOWELS else "")
            elif after in _VOWELS or not after:
                chars.append("")  # a glide between vowels, or a final -y/-i ("Sergey"/"Sergei")
            else:
                chars.append("")
        elif char in _VOWELS:
            chars.append("a" if index == 0 else "")
        else:
            chars.append(char)
    return _squeeze("".join(chars).translate(LETTER_CLASSES))


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name split for matching: given names (folded, in order) and the folded surname."""

    given: tuple[str, ...]
    surname: str
    raw: str

    @property
    def full(self) -> bool:
        return bool(self.given)

    @property
    def initials_only(self) -> bool:
        return bool(self.given) and all(len(name) == 1 for name in self.given)


def _name_part(text: str) -> str:
    """The part of "Name , description" or "Description , Name , M.D." that is the name: the first
    comma-separated part that does not end in a title word and is not a run of initials or suffixes."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    titles = name_prefix_words()
    for part in parts:
        words = fold(part).split()
        if not words or all(len(w) <= 2 or w in NAME_SUFFIXES for w in words) or words[-1] in titles:
            continue
        if part[:1].islower():
            continue
        return part
    return parts[0] if parts else text


@functools.lru_cache(maxsize=1 << 16)
def parse_name(text: str) -> PersonName:
    """Split a written name, dropping honorifics and titles in front ("Mr.", "President"), suffixes behind
    ("Jr.", ", MD") and a possessive; hyphenated given names become separate words."""
    words = fold(re.sub(r"['’]s\b", "", _name_part(text))).split()
    titles = name_prefix_words()
    while len(words) > 1 and words[0] in titles:
        words.pop(0)
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words.pop()
    if not words:
        return PersonName((), "", text)
    surname_start = len(words) - 1
    while surname_start > 1 and words[surname_start - 1] in NAME_PARTICLES:
        surname_start -= 1
    return PersonName(tuple(words[:surname_start]), "".join(words[surname_start:]), text)


@functools.lru_cache(maxsize=1 << 18)
def _word_similarity(a: str, b: str) -> float:
    """0..1: the best of plain and phonetic similarity, so a variant close in either spelling scores high."""
    if a == b:
        return 1.0
    plain = ratio(a, b) / 100
    key_a, key_b = phonetic_key(a), phonetic_key(b)
    if key_a == key_b and key_a:
        return max(plain, 0.95)
    return max(plain, ratio(key_a, key_b) / 100 * 0.95)


def surname_similarity(a: PersonName, b: PersonName) -> float:
    """How alike two surnames are (0..1), tolerant of transliteration; 1.0 for the same folded spelling."""
    if not a.surname or not b.surname:
        return 0.0
    return _word_similarity(a.surname, b.surname)


def _given_word_compatible(a: str, b: str) -> bool:
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0] or phonetic_key(a)[:1] == phonetic_key(b)[:1]
    if a == b or a.startswith(b) or b.startswith(a):  # "Alex"/"Alexander"
        return True
    if phonetic_key(a) == phonetic_key(b):
        return True
    # One edit on a short name or two on a long one is a spelling variant, not another person.
    allowed = 1 if max(len(a), len(b)) <= 5 else 2
    return Levenshtein.distance(a, b) <= allowed or _word_similarity(a, b) >= 0.85


def given_compatible(a: PersonName, b: PersonName) -> bool:
    """Whether the given names can belong to one person: a missing given name is compatible with any; the
    first given names must be variants of each other (or one an initial of the other)."""
    if not a.given or not b.given:
        return True
    first_a, first_b = a.given[0], b.given[0]
    if _given_word_compatible(first_a, first_b):
        return True
    # An initial and the middle name someone goes by: "J. Edgar Smith" is "Edgar Smith".
    for short, other in ((a.given, b.given), (b.given, a.given)):
        if len(short) > 1 and len(short[0]) == 1 and _given_word_compatible(short[1], other[0]):
            return True
    # "Kassym-Jomart" written as one word on one side and two on the other.
    return _given_word_compatible("".join(a.given), "".join(b.given))


def name_similarity(a: PersonName, b: PersonName) -> float:
    """0 when the given names contradict; otherwise the surname similarity."""
    if not given_compatible(a, b):
        return 0.0
    return surname_similarity(a, b)
