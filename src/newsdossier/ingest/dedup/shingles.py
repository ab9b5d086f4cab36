"""Word shingles: stable 64-bit hashes of words and of word n-grams, with a cached table of word hashes.

Separate from the MinHash signature because shingle hashes are the signature's input (the tests feed the
same hashes to datasketch's MinHash to check the signature), and the word-hash cache is state of its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

import numpy as np

# Word 5-grams. On the evaluation corpus (eval/eval_duplicates.py --sweep [--shingle-words 3]) both sizes
# find all 169 known pairs and nothing else at a 0.5 threshold, and the gap between the lowest known pair
# and the highest other pair is similar (3-grams 0.484-0.562, 5-grams 0.445-0.508). But 3-grams ("the prime
# minister said") pull many more unrelated same-story pairs towards the threshold (24 pairs outside the list
# reach 0.3, against 7), and that crowd is what grows with the corpus. 5-grams are also the helper list's own
# measure, so the threshold reads as "Jaccard 0.5" in the list's sense.
SHINGLE_WORDS = 5

# Multiplier of the polynomial that combines the token hashes of one shingle (an odd 64-bit constant).
_SHINGLE_MULT = np.uint64(0x9E3779B97F4A7C15)

# Token hashes are cached because news vocabulary is small next to its running text: each known word has a
# small id, and its 64-bit hash sits at that id in a numpy table, so a text's hashes are one dict lookup per
# word plus one array gather (no Python int per word converted to uint64). The cap keeps a long-running
# ingest of an unusual corpus (ids, numbers) from growing the cache without bound.
_TOKEN_CACHE_LIMIT = 1 << 20
_token_ids: dict[str, int] = {}
_token_table = np.empty(1 << 12, dtype=np.uint64)


def _token_hash(word: str) -> int:
    """A stable 64-bit hash of one word (Python's ``hash`` is salted per process, so it cannot be stored)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def _learn(tokens: Iterable[str]) -> None:
    """Give every unseen word of ``tokens`` an id and its hash a row in the table (clearing a full cache)."""
    global _token_table
    unseen = set(tokens).difference(_token_ids)
    if len(_token_ids) + len(unseen) > _TOKEN_CACHE_LIMIT:
        _token_ids.clear()
        unseen = set(tokens)
    needed = len(_token_ids) + len(unseen)
    if needed > len(_token_table):
        grown = np.empty(max(needed, 2 * len(_token_table)), dtype=np.uint64)
        grown[:len(_token_ids)] = _token_table[:len(_token_ids)]
        _token_table = grown
    for word in unseen:
        _token_table[len(_token_ids)] = _token_hash(word)
        _token_ids[word] = len(_token_ids)


def _hashes_of(tokens: Sequence[str]) -> np.ndarray:
    """The 64-bit hash of each token, as a uint64 array gathered from the cached table."""
    try:
        ids = np.fromiter(map(_token_ids.__getitem__, tokens), dtype=np.intp, count=len(tokens))
    except KeyError:
        _learn(tokens)
        ids = np.fromiter(map(_token_ids.__getitem__, tokens), dtype=np.intp, count=len(tokens))
    return _token_table[ids]


def shingle_hashes(tokens: Sequence[str], size: int = SHINGLE_WORDS) -> np.ndarray:
    """64-bit hashes of the word ``size``-grams of ``tokens``, computed with numpy over token hashes.

    Each word is hashed once; a shingle's hash is a polynomial of its words' hashes (mod 2**64),
    ``h(w1) * M**(size-1) + ... + h(w_size)``, so the n-gram step is ``size`` vectorised multiply-adds
    instead of one hashlib call per shingle.
    """
    count = len(tokens) - size + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    ids = _hashes_of(tokens)
    combined = ids[:count].copy()
    for offset in range(1, size):
        combined *= _SHINGLE_MULT
        combined += ids[offset:offset + count]
    return combined
