"""The words the quote passes tell apart, read once from ``data/``: pronouns and turn-passing cues.

Separate because several passes share them (the speaker search, the continuation and heading passes), and
because they are English vocabulary, kept in data files rather than spelled in code.
"""

from __future__ import annotations

from newsdossier import lexicon


def _pronouns(column: int, value: str) -> frozenset[str]:
    """Pronouns of ``data/quotes_pronouns.tsv`` whose ``column`` (1: kind, 2: gender) is ``value``."""
    return frozenset(cells[0] for cells in lexicon.table("quotes_pronouns.tsv", 3) if cells[column] == value)


def _cues(turn: str) -> frozenset[str]:
    """Cue lemmas of ``data/quotes_turns.tsv`` whose turn is ``turn``."""
    return frozenset(lemma for lemma, kind in lexicon.pairs("quotes_turns.tsv") if kind == turn)


# Pronouns that stand for one person; "they" or "it" are left to the quote run (see
# continuations._prefer_current_speaker).
PERSON_PRONOUNS = _pronouns(1, "person")
COLLECTIVE_PRONOUNS = _pronouns(1, "collective")
RELATIVE_PRONOUNS = _pronouns(1, "relative")
FEMALE_PRONOUNS = _pronouns(2, "female")
# Cues that hand the word to someone else: after "he replied", "he" is not the speaker of the quote before.
TURN_TAKING_CUES = _cues("passes")
# Cues that say the speaker was already speaking ("…, Umarov added"); see headings.reach_across_headings.
CONTINUING_CUES = _cues("continues")
