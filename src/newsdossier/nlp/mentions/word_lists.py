"""The words the mention resolver knows, read once from ``data/``: the title vocabulary and small cue words.

Separate because every part of the resolver consults them (titles, names, pronouns, phrases, lists) and
because they are English vocabulary, kept in data files rather than spelled in code. :class:`Vocabulary` is
the resolver's view of ``data/facts_titles.tsv`` (read through :mod:`newsdossier.lexicon.titles`, which name
matching shares); the cue words come from ``data/mentions_words.tsv``, ``data/mentions_genders.tsv`` and
``data/mentions_number_words.tsv``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from newsdossier import lexicon
from newsdossier.errors import DataError
from newsdossier.lexicon import titles as title_lexicon

WORDS = "mentions_words.tsv"
GENDERS = "mentions_genders.tsv"
NUMBERS = "mentions_number_words.tsv"


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The word lists of ``data/facts_titles.tsv``, as sets for one-look-up membership tests."""

    titles: frozenset[str]
    title_heads: frozenset[str]
    prefixes: frozenset[str]
    honorifics: frozenset[str]
    plurals: dict[str, str]
    bodies: frozenset[str]
    people: frozenset[str]
    person_nouns: frozenset[str]
    org_nouns: frozenset[str]
    portfolios: frozenset[str]
    state_nouns: frozenset[str]
    max_title_words: int

    def singular(self, word: str) -> str:
        """"ministers" -> "minister", "spokesmen" -> "spokesman"; other words unchanged."""
        lower = word.lower()
        if lower in self.plurals:
            return self.plurals[lower]
        if lower.endswith("s") and lower[:-1] in self.title_heads:
            return lower[:-1]
        return lower

    def is_title_head(self, word: str) -> bool:
        return self.singular(word) in self.title_heads


@functools.cache
def vocabulary() -> Vocabulary:
    """Read the title vocabulary once per process."""
    # hyphens as spaces, as match_title compares ("secretary-general")
    titles = frozenset(" ".join(phrase.replace("-", " ").split()) for phrase in title_lexicon.phrases("title"))
    return Vocabulary(
        titles=titles,
        title_heads=frozenset(t.split()[-1] for t in titles),
        prefixes=title_lexicon.phrases("prefix"),
        honorifics=title_lexicon.phrases("honorific"),
        plurals=dict(title_lexicon.plurals()),
        bodies=title_lexicon.phrases("body"),
        people=title_lexicon.phrases("people"),
        person_nouns=title_lexicon.phrases("person"),
        org_nouns=title_lexicon.phrases("org_noun"),
        portfolios=title_lexicon.phrases("portfolio"),
        state_nouns=title_lexicon.phrases("state_noun"),
        max_title_words=max((len(t.split()) for t in titles), default=1),
    )


def _words(kind: str) -> tuple[str, ...]:
    """The words of ``data/mentions_words.tsv`` of one kind, in file order."""
    return tuple(word for word, found in lexicon.pairs(WORDS) if found == kind)


def _gendered(kind: str, gender: str) -> frozenset[str]:
    """The words of ``data/mentions_genders.tsv`` of one kind ("pronoun", "honorific") and gender ("f", "m")."""
    return frozenset(cells[0] for cells in lexicon.table(GENDERS, 3) if cells[1] == kind and cells[2] == gender)


def _counts() -> dict[str, int]:
    """``data/mentions_number_words.tsv``: number word -> the count it states."""
    counts: dict[str, int] = {}
    for number, (word, count, *_) in lexicon.rows(NUMBERS, 2):
        if not count.isdigit():
            raise DataError(f"data/{NUMBERS}:{number}: the count of {word!r} is not a number: {count!r}")
        counts[word] = int(count)
    return counts


# Prefixes that change what a title means keep it in any case ("former President X" is not the president).
MEANING_PREFIXES = frozenset(_words("meaning_prefix"))
# Words a title is compared without ("acting minister" = "minister").
TITLE_KEY_SKIP = frozenset(_words("title_key_skip"))
# Possessive endings dropped from the end of a name.
POSSESSIVES = frozenset(_words("possessive"))
# Words that make a parenthesis or a line a photo credit, in file order (they build a regular expression).
CREDIT_WORDS = _words("credit")
# Words that make a plural phrase the whole bloc ("all Central Asian states").
WHOLE_WORDS = frozenset(_words("whole"))
# Prepositions that introduce examples, as word tuples whose last word is the preposition ("such", "as").
EXAMPLE_CUES = tuple(tuple(cue.split()) for cue in _words("example"))
# Lemmas of plural nouns for people that count back to the last people named ("the two men").
PERSON_LEMMAS = frozenset(_words("person_lemma"))
FEMININE = _gendered("pronoun", "f")
MASCULINE = _gendered("pronoun", "m")
FEMININE_HONORIFICS = _gendered("honorific", "f")
MASCULINE_HONORIFICS = _gendered("honorific", "m")
# Number words -> the count they state ("the two leaders", "both sides").
NUMBER_WORDS = _counts()
