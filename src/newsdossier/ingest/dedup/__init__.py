"""Duplicate detection: exact copies, near copies (MinHash LSH) and passages shared between articles.

Two stages, so storage can sit between them:

1. :func:`fingerprint` runs once per article at ingest and returns a :class:`Fingerprint` of plain values
   (a hex digest, a ``bytes`` signature, passage hashes) that the store keeps as columns and BLOBs.
2. :func:`group_duplicates` and :func:`shared_passages` run over the stored fingerprints of *every* article,
   so groups are derived data that can be recomputed from scratch and never depend on ingest history.

Signatures are datasketch-compatible: they equal ``datasketch.MinHash(num_perm=NUM_PERM, seed=SEED,
scheme="affine64", hashfunc=lambda h: h)`` fed with the 64-bit shingle hashes of :func:`shingle_hashes`, so
``datasketch.LeanMinHash(seed=SEED, hashvalues=..., scheme="affine64")`` rebuilds a sketch from the stored
bytes. The affine64 scheme is used (not ``legacy``) because its permutations are bijections computed with
wrap-around uint64 arithmetic: no ``% prime`` (the slow part of the legacy scheme) and no fold to 32 bits
that inflates similarity estimates on long texts (datasketch issue #212).

Near-duplicate candidates come from LSH banding with exactly the buckets of ``datasketch.MinHashLSH`` (the
tests check both give the same pairs), computed with numpy because the datasketch index needs ~1.4 GB and
9 s for 100k articles (see lsh._candidate_pairs). Candidates are confirmed on their signature estimate.

Modules, in pipeline order: records (the stored and returned values), normalisation (words and digests),
paragraphs (passage spans), shingles (word n-gram hashes), signatures (MinHash), fingerprints (one
article), lsh (candidate pairs), grouping (duplicate groups), passages (shared passages). sketch converts a
stored signature to a datasketch sketch; it is the only module that imports datasketch, and this package does
not import it (tests and benchmarks import ``newsdossier.ingest.dedup.sketch`` themselves), so the ingest never
loads datasketch.
"""

from __future__ import annotations

from newsdossier.ingest.dedup.fingerprints import MIN_NEAR_WORDS, MIN_PASSAGE_WORDS, fingerprint, passage_hash
from newsdossier.ingest.dedup.grouping import group_duplicates
from newsdossier.ingest.dedup.lsh import _candidate_pairs, _lsh_params
from newsdossier.ingest.dedup.normalisation import normalise, words
from newsdossier.ingest.dedup.paragraphs import split_paragraphs
from newsdossier.ingest.dedup.passages import shared_passages
from newsdossier.ingest.dedup.records import (
    DedupItem,
    DuplicateGroup,
    Fingerprint,
    GroupMember,
    PassageRef,
    SharedPassage,
)
from newsdossier.ingest.dedup.shingles import _SHINGLE_MULT, SHINGLE_WORDS, shingle_hashes
from newsdossier.ingest.dedup.signatures import _EMPTY_BLOB, NUM_PERM, SCHEME, SEED, signature

# Underscored names are internals the unit tests reach through the package.
__all__ = [
    "MIN_NEAR_WORDS",
    "MIN_PASSAGE_WORDS",
    "NUM_PERM",
    "SCHEME",
    "SEED",
    "SHINGLE_WORDS",
    "_EMPTY_BLOB",
    "_SHINGLE_MULT",
    "DedupItem",
    "DuplicateGroup",
    "Fingerprint",
    "GroupMember",
    "PassageRef",
    "SharedPassage",
    "_candidate_pairs",
    "_lsh_params",
    "fingerprint",
    "group_duplicates",
    "normalise",
    "passage_hash",
    "shared_passages",
    "shingle_hashes",
    "signature",
    "split_paragraphs",
    "words",
]
