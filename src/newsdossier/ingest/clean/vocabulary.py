"""The word lists the cleaning rules use, read once from ``data/`` (``clean_*.tsv``, ``clean_*.txt``).

Separate because they are English vocabulary, kept in data files rather than spelled in code, and because
reading them is the same job whichever rule uses them: patterns become regex alternations in file order (the
order of an alternation can matter), words become sets. Month and weekday names come from
:mod:`newsdossier.lexicon.words`, not from the files.
"""

from __future__ import annotations

from newsdossier import lexicon
from newsdossier.lexicon.words import MONTH_NAMES, WEEKDAY_NAMES


def alternation(name: str, cue: str) -> str:
    """The patterns of ``cue`` in ``data/<name>`` (columns: cue, pattern) as a regex alternation, in file order."""
    return "|".join(pattern for found, pattern in lexicon.pairs(name) if found == cue)


def words(name: str, kind: str) -> frozenset[str]:
    """The words of the ``kind`` rows of ``data/<name>`` (columns: list, space-separated words)."""
    return frozenset(word for found, cell in lexicon.pairs(name) if found == kind for word in cell.split())


# Month and weekday names, lower-cased: never part of a person's or an outlet's name.
_DATE_NAMES = frozenset(MONTH_NAMES) | frozenset(WEEKDAY_NAMES)

# ---- junk -------------------------------------------------------------------------------------------------
DISCLAIMER_CUES = alternation("clean_junk_cues.tsv", "disclaimer")
BREADCRUMB_ROOTS = alternation("clean_junk_cues.tsv", "breadcrumb")

# ---- captions and credits ---------------------------------------------------------------------------------
AGENCIES = alternation("clean_caption_cues.tsv", "agency")
POSITION_MARKS = alternation("clean_caption_cues.tsv", "position")
PHOTO_VERBS = alternation("clean_caption_cues.tsv", "photo_verb")
SPEECH_VERBS = alternation("clean_caption_cues.tsv", "speech")

# ---- bylines and tag lines --------------------------------------------------------------------------------
NAME_PARTICLES = words("clean_name_words.tsv", "particle")
NOT_NAME_WORDS = words("clean_name_words.tsv", "not_name") | _DATE_NAMES
FUNCTION_WORDS = lexicon.word_set("clean_function_words.txt")

# ---- outlet -----------------------------------------------------------------------------------------------
OUTLET_REQUESTS = alternation("clean_outlet_cues.tsv", "request")
OUTLET_COMMENT_REQUESTS = alternation("clean_outlet_cues.tsv", "comment")
OUTLET_UNABLE = alternation("clean_outlet_cues.tsv", "unable")
OUTLET_VERIFY = alternation("clean_outlet_cues.tsv", "verify")
HONORIFICS = alternation("clean_outlet_cues.tsv", "honorific")
OUTLET_STOP = words("clean_outlet_words.tsv", "stop") | _DATE_NAMES
NOT_OUTLETS = words("clean_outlet_words.tsv", "not_outlet")
