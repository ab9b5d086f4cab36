"""The words and spellings resolution reads, loaded once from ``data/`` (``names_*.tsv``, ``resolve_*.tsv``).

Separate because they are English vocabulary and romanisation tables, kept in data files rather than spelled in
code, and because the modules of :mod:`newsdossier.resolve` read them the same way: one loader each, all in one
place, so every file is parsed once and the code that uses a list only names it.
"""

from __future__ import annotations

from collections import defaultdict

from newsdossier import lexicon

__all__ = ["ACRONYM_SKIP", "LETTER_CLASSES", "NAME_PARTICLES", "NAME_SUFFIXES", "RANK_WORDS", "SPELLING_REWRITES",
           "TIME_SHIFTED", "TITLE_KEY_SKIP", "VAGUER_VALUES"]


def _words(name: str, kind: str) -> frozenset[str]:
    """The words of the ``kind`` rows of ``data/<name>`` (columns: word, kind)."""
    return frozenset(word for word, found in lexicon.pairs(name) if found == kind)


def _vaguer_values() -> dict[str, dict[str, frozenset[str]]]:
    """about -> vaguer value -> the values it is true of, from ``data/resolve_vaguer_values.tsv``."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for cells in lexicon.table("resolve_vaguer_values.tsv", 3):
        about, vaguer, precise = cells[:3]
        found[about][vaguer].add(precise)
    return {about: {vaguer: frozenset(precise) for vaguer, precise in values.items()}
            for about, values in found.items()}


# ---- names (names.py) -----------------------------------------------------------------------------------------
# Suffixes after a surname that are not part of it ("Jr.", ", MD").
NAME_SUFFIXES = _words("names_words.tsv", "suffix")
# Particles that belong to the surname that follows them ("de Gaulle", "van Rompuy", "bin Salman").
NAME_PARTICLES = _words("names_words.tsv", "particle")
# Ordered rewrites of letter groups that romanisations write differently for one sound, longest first.
SPELLING_REWRITES = lexicon.pairs("names_rewrites.tsv")
# Letters merged into one class after the rewrites ("-": the letter is dropped), as a str.translate table.
LETTER_CLASSES = str.maketrans({letter: "" if merged == "-" else merged
                                for letter, merged in lexicon.pairs("names_letter_classes.tsv")})

# ---- roles and claims (derive.py, consolidate.py, people.py) --------------------------------------------------
# Title prefixes that put a role at another time than the article's ("former minister", "then-president").
TIME_SHIFTED = _words("resolve_words.tsv", "time_shifted")
# Words that make another role of a title rather than a more precise name for it ("deputy foreign minister").
RANK_WORDS = _words("resolve_words.tsv", "rank")
# Words left out when role titles are compared across articles ("acting", articles).
TITLE_KEY_SKIP = _words("resolve_words.tsv", "title_key_skip")
# Words of an organisation's name its acronym leaves out ("United Nations" -> "UN").
ACRONYM_SKIP = _words("resolve_words.tsv", "acronym_skip")
# Values that say less than another without denying it: "voted" is true of a vote in favour or against.
VAGUER_VALUES = _vaguer_values()
