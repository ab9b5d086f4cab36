"""The plain records of duplicate detection: what a fingerprint stores and what grouping returns.

Kept apart from the code that computes them: fingerprinting, grouping and passage matching all build on
them, and a Fingerprint is what crosses process boundaries (worker -> ingest) and goes into the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class PassageRef:
    """Where a passage sits: ``field`` is "text" (body paragraph ``index``) or "caption" (caption ``index``).

    For "text", ``start``/``end`` index ``CleanedArticle.text``; for "caption" they index the caption text.
    """

    field: str
    index: int
    start: int
    end: int

    def __reduce__(self) -> tuple[type[PassageRef], tuple[str, int, int, int]]:
        # fingerprints cross process boundaries by the hundred thousand (worker -> ingest); the constructor
        # call pickles 3x and unpickles 2x faster than the slots dataclass default (__getstate__/__setstate__)
        return (PassageRef, (self.field, self.index, self.start, self.end))


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """Everything duplicate detection needs about one article, as storable plain values.

    ``minhash`` is NUM_PERM little-endian uint64 values (``np.ndarray.tobytes()``); texts under
    MIN_NEAR_WORDS words get the empty signature (all values at the uint64 maximum), which marks them as
    "exact matches only".
    """

    exact: str
    minhash: bytes
    passages: tuple[tuple[str, PassageRef], ...]

    def __reduce__(self) -> tuple[type[Fingerprint], tuple[str, bytes, tuple[tuple[str, PassageRef], ...]]]:
        return (Fingerprint, (self.exact, self.minhash, self.passages))  # see PassageRef.__reduce__


@dataclass(frozen=True, slots=True)
class DedupItem:
    """One stored article as seen by grouping: its fingerprint plus what decides which copy is the original."""

    article_id: str
    fingerprint: Fingerprint
    published: date | None
    length: int
    order: int


@dataclass(frozen=True, slots=True)
class GroupMember:
    article_id: str
    kind: str  # "original", "exact" or "near"
    similarity: float  # estimated Jaccard to the original (1.0 for original/exact)


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    original: str
    members: tuple[GroupMember, ...]  # the original first


@dataclass(frozen=True, slots=True)
class SharedPassage:
    passage_hash: str
    occurrences: tuple[tuple[str, PassageRef], ...]  # (article_id, where), sorted
