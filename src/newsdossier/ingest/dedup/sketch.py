"""A stored signature as a datasketch sketch, for tests, benchmarks and LSH indexes outside this package.

The only module of the package that imports datasketch: the ingest computes and compares signatures with
numpy alone, so it never loads this module (nor datasketch's import cost).
"""

from __future__ import annotations

from datasketch import LeanMinHash

from newsdossier.ingest.dedup.records import Fingerprint
from newsdossier.ingest.dedup.signatures import SCHEME, SEED, _values


def to_minhash(print_: Fingerprint) -> LeanMinHash:
    """The stored signature as a datasketch sketch (for LSH indexes or ``jaccard`` outside this module)."""
    return LeanMinHash(seed=SEED, hashvalues=_values(print_.minhash), scheme=SCHEME)
