"""MinHash signatures: the affine64 permutations, signing a set of shingle hashes, reading stored signatures.

Holds the stored signature format (NUM_PERM, SEED, SCHEME, little-endian uint64 BLOBs). The permutation
parameters are generated here exactly as datasketch generates them, so the ingest never imports datasketch;
converting a signature to a datasketch sketch lives in :mod:`newsdossier.ingest.dedup.sketch`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsdossier.ingest.dedup.records import Fingerprint

# 128 permutations: the standard error of a Jaccard estimate is sqrt(J(1-J)/128) <= 0.044, small enough to
# keep the known near pairs of the evaluation corpus (true Jaccard >= 0.56) apart from everything else
# (<= 0.47), while a signature stays a 1 KiB BLOB and hashing costs one 128-column numpy product.
NUM_PERM = 128

# Seed of the permutation parameters; part of the stored format, like NUM_PERM (changing either makes every
# stored signature incomparable with new ones, so both are constants, not options).
SEED = 1

# datasketch's name for the permutation scheme the signatures follow (see the package docstring).
SCHEME = "affine64"

# Shingle hashes are permuted in blocks of this many rows: 256 x NUM_PERM x 8 bytes = 256 KiB stays in a
# core's L2 cache through the multiply, add and min passes, which is ~15% faster than 4096-row blocks.
_PERMUTE_BLOCK = 256

_EMPTY_SIGNATURE = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
_EMPTY_BLOB = _EMPTY_SIGNATURE.tobytes()
_SIGNATURE_BYTES = len(_EMPTY_BLOB)


def _affine64_permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The parameters ``(a, b)`` of ``datasketch.MinHash(num_perm=num_perm, seed=seed, scheme="affine64")``.

    The same draws from ``np.random.RandomState(seed)`` as datasketch 2.0's ``_init_permutations``: odd
    multipliers ``a`` (an odd ``a`` makes ``a * h + b mod 2**64`` a bijection), then offsets ``b``. Computed
    here so that fingerprinting does not load datasketch; tests/ingest/test_dedup.py checks the signatures equal
    datasketch's.
    """
    generator = np.random.RandomState(seed)
    multipliers = generator.randint(0, 1 << 63, num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    offsets = generator.randint(0, 1 << 64, num_perm, dtype=np.uint64)
    return multipliers, offsets


_PERM_A, _PERM_B = _affine64_permutations(NUM_PERM, SEED)
_UINT64 = np.uint64
_FMIX = (_UINT64(33), _UINT64(0xFF51AFD7ED558CCD), _UINT64(0xC4CEB9FE1A85EC53))


def _fmix64(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer, as datasketch applies it before the affine64 permutations."""
    shift, mult1, mult2 = _FMIX
    values = values ^ (values >> shift)
    values = values * mult1
    values = values ^ (values >> shift)
    values = values * mult2
    return values ^ (values >> shift)


def signature(hashes: np.ndarray) -> np.ndarray:
    """The NUM_PERM-value MinHash of a set of 64-bit hashes: all permutations in one numpy product per block.

    Equal to ``datasketch.MinHash(..., scheme="affine64")`` after ``update_batch(hashes)``; uint64 arithmetic
    wraps, which *is* the scheme's modulo 2**64.
    """
    result = _EMPTY_SIGNATURE.copy()
    if not len(hashes):
        return result
    mixed = _fmix64(np.asarray(hashes, dtype=np.uint64))
    buffer = np.empty((min(_PERMUTE_BLOCK, len(mixed)), NUM_PERM), dtype=np.uint64)
    for begin in range(0, len(mixed), _PERMUTE_BLOCK):
        block = mixed[begin:begin + _PERMUTE_BLOCK]
        permuted = buffer[:len(block)]
        np.multiply(block[:, None], _PERM_A, out=permuted)  # in place: no temporaries per block
        permuted += _PERM_B
        np.minimum(result, permuted.min(axis=0), out=result)
    return result


def _signature_matrix(prints: Sequence[Fingerprint]) -> np.ndarray:
    """The signatures of ``prints`` as one (n, NUM_PERM) uint64 array, read without per-row copies."""
    blobs = [print_.minhash for print_ in prints]
    if any(len(blob) != _SIGNATURE_BYTES for blob in blobs):
        raise ValueError(f"a signature must hold {NUM_PERM} uint64 values ({_SIGNATURE_BYTES} bytes)")
    return np.frombuffer(b"".join(blobs), dtype="<u8").astype(np.uint64, copy=False).reshape(-1, NUM_PERM)


def _values(blob: bytes) -> np.ndarray:
    values = np.frombuffer(blob, dtype="<u8")
    if values.shape != (NUM_PERM,):
        raise ValueError(f"a signature must hold {NUM_PERM} uint64 values, got {len(blob)} bytes")
    return values.astype(np.uint64, copy=False)
