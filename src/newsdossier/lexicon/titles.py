"""The title vocabulary of ``data/facts_titles.tsv``, by kind: titles, title prefixes, honorifics and the other
nouns that say who someone is.

Separate because two stages read the same file for different questions: mention resolution
(:mod:`newsdossier.nlp.mentions`: is this phrase a title, a state body, an organisation noun?) and name matching
(:mod:`newsdossier.resolve.names`: which words in front of a name are not part of it). One loader means the file
is parsed once, one way, and both see the same words.
"""

from __future__ import annotations

import functools

from newsdossier import lexicon
from newsdossier.errors import DataError

__all__ = ["name_prefix_words", "phrases", "plurals"]

TITLES = "facts_titles.tsv"
# Words before a name that name matching drops besides those of TITLES (abbreviated ranks and offices).
NAME_TITLES = "mentions_name_titles.txt"


@functools.cache
def phrases(kind: str) -> frozenset[str]:
    """The phrases of one kind of ``data/facts_titles.tsv`` ("title", "prefix", "honorific", "body", "people",
    "person", "org_noun", "portfolio", "state_noun"), lower case, spelled as in the file."""
    return frozenset(cells[1].lower() for cells in lexicon.table(TITLES, 2) if cells[0] == kind)


@functools.cache
def plurals() -> tuple[tuple[str, str], ...]:
    """The irregular plurals of title heads as (plural, singular) pairs, as written ("spokesmen", "spokesman")."""
    found: list[tuple[str, str]] = []
    for number, cells in lexicon.rows(TITLES, 2):
        if cells[0] != "plural":
            continue
        if len(cells) < 3:
            raise DataError(f"data/{TITLES}:{number}: a plural needs its singular in a third column")
        found.append((cells[1], cells[2]))
    return tuple(found)


@functools.cache
def name_prefix_words() -> frozenset[str]:
    """Words that may stand in front of a person's name without being part of it: the honorifics, title prefixes
    and one-word titles of ``data/facts_titles.tsv`` and the abbreviations of ``data/mentions_name_titles.txt``."""
    one_word_titles = {phrase for phrase in phrases("title") if " " not in phrase}
    return frozenset(lexicon.lines(NAME_TITLES)) | phrases("honorific") | phrases("prefix") | one_word_titles
