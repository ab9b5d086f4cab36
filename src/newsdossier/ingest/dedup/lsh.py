"""LSH banding in numpy: the band size for a threshold, candidate pairs and their signature estimates.

Separate from grouping because it only deals in signature matrices and index pairs; it reproduces the
buckets of ``datasketch.MinHashLSH`` without its memory cost (see _candidate_pairs).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from newsdossier import settings
from newsdossier.ingest.dedup.signatures import NUM_PERM, _fmix64

# Candidate pairs are compared in blocks of this many rows so a very large candidate set never allocates
# more than a few MiB at once (BLOCK x NUM_PERM x 8 bytes).
_BLOCK = 4096


@lru_cache(maxsize=32)
def _lsh_params(threshold: float) -> tuple[int, int]:
    """Bands ``b`` and rows ``r`` (b * r <= NUM_PERM) for candidate generation at ``threshold``.

    The largest band size whose chance of missing a pair at exactly ``threshold`` (``(1 - t**r)**b``) is
    at most the ``lsh_miss_rate`` setting: bigger bands mean fewer chance candidates, and candidates are cheap
    to confirm but not free. datasketch's own optimiser weighs misses and false candidates equally and misses ~45% of
    pairs at the threshold, which the confirmation step cannot win back.
    """
    best = (NUM_PERM // 2, 2)
    for rows in range(2, NUM_PERM // 2 + 1):
        bands = NUM_PERM // rows
        if (1.0 - threshold**rows) ** bands <= settings.active().lsh_miss_rate:
            best = (bands, rows)
        else:
            break
    return best


def _band_pairs(band: np.ndarray) -> np.ndarray:
    """Row pairs whose values in one band are identical (an LSH bucket hit), as an (m, 2) array.

    Each row's band is folded into one 64-bit key and the keys are sorted, so rows with equal keys form
    runs; pairing every row with the one ``distance`` places further on, for ``distance = 1, 2, ...`` while
    any run is that long, yields all pairs inside runs without a Python loop over buckets. Each step looks
    only at the runs longer than ``distance``, so one crowded bucket of k rows costs its k**2 / 2 pairs, not
    k passes over every row that shares a bucket. Pairs are then kept only if their band values are really
    equal, so a key collision can add work but never a pair.
    """
    key = band[:, 0].copy()
    for column in range(1, band.shape[1]):
        key = _fmix64(key) ^ band[:, column]
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    crowded = np.zeros(len(order), dtype=bool)
    crowded[1:] = ordered[1:] == ordered[:-1]
    crowded[:-1] |= crowded[1:]
    order, ordered = order[crowded], ordered[crowded]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))[:len(ordered)]
    lengths = np.diff(np.append(starts, len(ordered)))
    run_length = np.repeat(lengths, lengths)
    found = [np.empty((0, 2), dtype=np.int64)]
    distance = 1
    while len(order) > distance:
        same = ordered[distance:] == ordered[:-distance]
        found.append(np.stack((order[:-distance][same], order[distance:][same]), axis=1))
        distance += 1
        longer = run_length >= distance + 1  # whole runs are kept or dropped, so runs stay contiguous
        order, ordered, run_length = order[longer], ordered[longer], run_length[longer]
    pairs = np.concatenate(found)
    return pairs[(band[pairs[:, 0]] == band[pairs[:, 1]]).all(axis=1)]


def _candidate_pairs(signatures: np.ndarray, threshold: float) -> np.ndarray:
    """Index pairs (i < j) sharing at least one LSH band, sorted: exactly what ``datasketch.MinHashLSH``
    with ``params=_lsh_params(threshold)`` returns when every signature is inserted and queried back.

    The banding is done here with numpy because MinHashLSH keeps one Python set and one bytes key per band
    and article: at 100k articles it took 9 s and 1.4 GB to insert, growing faster than linearly, against
    0.5 s and 40 MB for the same buckets in arrays (tests/ingest/test_dedup.py checks the two agree).
    """
    bands, rows = _lsh_params(threshold)
    found = [_band_pairs(signatures[:, band * rows:(band + 1) * rows]) for band in range(bands)]
    pairs = np.sort(np.concatenate(found), axis=1)
    keys = np.unique(pairs[:, 0] * len(signatures) + pairs[:, 1])
    return np.stack(np.divmod(keys, len(signatures)), axis=1)


def _estimates(signatures: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Estimated Jaccard (share of equal signature values) of each index pair, in memory-bounded blocks."""
    result = np.empty(len(pairs), dtype=np.float64)
    for begin in range(0, len(pairs), _BLOCK):
        block = pairs[begin:begin + _BLOCK]
        result[begin:begin + len(block)] = (signatures[block[:, 0]] == signatures[block[:, 1]]).mean(axis=1)
    return result
