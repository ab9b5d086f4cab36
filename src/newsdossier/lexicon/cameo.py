"""CAMEO code tables and the event patterns, read once from the TSV files in ``data/``.

Everything the event extractor knows about words lives in data files beside this module, so a coder can
add a verb, a synonym or a hedging cue without touching code: ``cameo_verbs.tsv`` (patterns),
``cameo_synsets.tsv`` (noun classes used by patterns), ``cameo_codes.tsv`` (code names),
``cameo_roots.tsv`` (root categories and quad classes), ``plover_map.tsv`` (CAMEO prefix -> PLOVER type),
``cameo_intent.tsv`` and ``cameo_refusal.tsv`` (codes for intended and refused acts) and ``cameo_cues.tsv``
(negation, hedging and anaphora cue words). This module has no spaCy dependency.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from newsdossier import lexicon
from newsdossier.errors import DataError

FLAGS = frozenset({"say", "tgt", "defer", "block", "sym", "place", "rev", "topic", "ccsubj", "intent", "intrans",
                   "act"})
POS = frozenset({"V", "N"})


@dataclass(frozen=True, slots=True)
class Pattern:
    """One row of ``cameo_verbs.tsv`` for one lemma.

    ``objects`` is the set of lemmas the object (verbs) or a modifier (nouns) must have, empty for none;
    ``preps`` the prepositions/particles that must be attached, whose object is the target.
    """

    pos: str
    lemma: str
    objects: frozenset[str]
    preps: frozenset[str]
    code: str
    flags: frozenset[str]

    @property
    def specificity(self) -> int:
        """Rank for choosing among matching patterns: object and preposition > object > preposition > bare."""
        return 2 * bool(self.objects) + bool(self.preps)





@functools.cache
def synsets() -> dict[str, frozenset[str]]:
    """Noun classes (``AGREEMENT`` -> {"agreement", "accord", ...}) that patterns name as ``@AGREEMENT``."""
    return {cells[0]: frozenset(cells[1].split()) for _, cells in lexicon.rows("cameo_synsets.tsv")}


def _objects(cell: str, where: str) -> frozenset[str]:
    if cell == "-":
        return frozenset()
    if cell.startswith("@"):
        try:
            return synsets()[cell[1:]]
        except KeyError:
            raise DataError(f"{where}: unknown synset {cell}") from None
    return frozenset(cell.split("|"))


def _pattern_rows() -> Iterator[Pattern]:
    for number, cells in lexicon.rows("cameo_verbs.tsv"):
        where = f"cameo_verbs.tsv:{number}"
        if len(cells) != 6:
            raise DataError(f"{where}: expected 6 tab-separated columns, got {len(cells)}")
        pos, lemmas, obj, prep, code, flag_cell = cells
        flags = frozenset() if flag_cell == "-" else frozenset(flag_cell.split(","))
        if pos not in POS or not code.isdigit() or not flags <= FLAGS:
            raise DataError(f"{where}: bad pos, code or flags in {cells}")
        objects = _objects(obj, where)
        preps = frozenset() if prep == "-" else frozenset(prep.split("|"))
        for lemma in lemmas.split("|"):
            yield Pattern(pos, lemma, objects, preps, code, flags)


@functools.cache
def patterns() -> dict[tuple[str, str], tuple[Pattern, ...]]:
    """Patterns indexed by (pos, lemma), most specific first, so matching is one dict lookup per token."""
    index: dict[tuple[str, str], list[Pattern]] = {}
    for pattern in _pattern_rows():
        index.setdefault((pattern.pos, pattern.lemma), []).append(pattern)
    return {key: tuple(sorted(rows, key=lambda p: -p.specificity)) for key, rows in index.items()}


@functools.cache
def code_names() -> dict[str, str]:
    """CAMEO code -> codebook name, for display."""
    return {cells[0]: cells[1] for _, cells in lexicon.rows("cameo_codes.tsv")}


@functools.cache
def _roots() -> dict[str, tuple[str, str]]:
    return {cells[0]: (cells[1], cells[2]) for _, cells in lexicon.rows("cameo_roots.tsv")}


@functools.cache
def _prefix_table(name: str) -> tuple[tuple[str, str], ...]:
    """A two-column prefix table, longest prefix first."""
    rows = [(cells[0], cells[1]) for _, cells in lexicon.rows(name)]
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


def _by_prefix(name: str, code: str) -> str | None:
    for prefix, value in _prefix_table(name):
        if code.startswith(prefix):
            return value
    return None


def root(code: str) -> str:
    """The root category of a CAMEO code: its first two digits ("0841" -> "08")."""
    return code[:2]


def quad_class(code: str) -> str | None:
    """Verbal/material cooperation/conflict for a code, from its root; None for an unknown root."""
    row = _roots().get(root(code))
    return row[0] if row else None


def root_name(code: str) -> str | None:
    row = _roots().get(root(code))
    return row[1] if row else None


def plover(code: str) -> str | None:
    """The PLOVER event type of a CAMEO code (longest prefix in ``plover_map.tsv``), or None (statements)."""
    return _by_prefix("plover_map.tsv", code)


def refusal_code(code: str) -> str | None:
    """The rejection code for stating one will not do ``code`` ("will not provide aid" 070 -> 121), or None."""
    return _by_prefix("cameo_refusal.tsv", code)


def intent_code(code: str) -> str:
    """The code for intending or threatening the event ``code`` ("wants to attack" 190 -> 138)."""
    return _by_prefix("cameo_intent.tsv", code) or code


@functools.cache
def cues() -> dict[str, frozenset[str]]:
    """Cue word lists by kind (``negation``, ``hedge_adverb``, ...); ``word:N`` entries keep only the word."""
    return {cells[0]: frozenset(word.split(":")[0] for word in cells[1].split())
            for _, cells in lexicon.rows("cameo_cues.tsv")}


@functools.cache
def group_numbers() -> dict[str, int]:
    """Number words that size a group anaphor ("the two sides" -> 2), from ``group_number`` in the cues."""
    return {word: int(size) for _, cells in lexicon.rows("cameo_cues.tsv") if cells[0] == "group_number"
            for word, size in (item.split(":") for item in cells[1].split())}
