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
9 s for 100k articles (see _candidate_pairs). Candidates are confirmed on their signature estimate.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash

from newsdossier.models import Caption, Span

# 128 permutations: the standard error of a Jaccard estimate is sqrt(J(1-J)/128) <= 0.044, small enough to
# keep the known near pairs of the evaluation corpus (true Jaccard >= 0.56) apart from everything else
# (<= 0.47), while a signature stays a 1 KiB BLOB and hashing costs one 128-column numpy product.
NUM_PERM = 128

# Seed of the permutation parameters; part of the stored format, like NUM_PERM (changing either makes every
# stored signature incomparable with new ones, so both are constants, not options).
SEED = 1

# datasketch's name for the permutation scheme the signatures follow (see the module docstring).
SCHEME = "affine64"

# Word 5-grams. On the evaluation corpus (eval/eval_duplicates.py --sweep [--shingle-words 3]) both sizes
# find all 169 known pairs and nothing else at a 0.5 threshold, and the gap between the lowest known pair
# and the highest other pair is similar (3-grams 0.484-0.562, 5-grams 0.445-0.508). But 3-grams ("the prime
# minister said") pull many more unrelated same-story pairs towards the threshold (24 pairs outside the list
# reach 0.3, against 7), and that crowd is what grows with the corpus. 5-grams are also the helper list's own
# measure, so the threshold reads as "Jaccard 0.5" in the list's sense.
SHINGLE_WORDS = 5

# Texts shorter than this many words only ever match exactly: a 15-word brief has about ten 5-grams, so one
# edited word moves its Jaccard by ~0.2 and a shared stock phrase can make two different briefs "similar".
MIN_NEAR_WORDS = 20

# Estimated word-5-gram Jaccard at or above which two articles are near-duplicates. On the evaluation corpus
# (eval/eval_duplicates.py --sweep) the lowest known near pair estimates at 0.508 (true 0.56) and the highest
# pair outside the list at 0.445 (true 0.47: two rewrites of one BBC story). Thresholds 0.45 and 0.5 give
# recall 1.0 with no extra pair; 0.4 adds that rewrite; 0.55 loses the lowest known pair. 0.5 is chosen over
# 0.45 because the estimate is unbiased, so a 0.5 cut errs equally on both sides of the list's own definition
# (true Jaccard >= 0.5). The price: a pair whose true Jaccard is 0.55 is missed about one time in eight.
DEFAULT_THRESHOLD = 0.5

# A paragraph or caption is a passage worth tracking from 10 words: shorter lines are stock phrases
# ("Reporting by ...", "Photo: Reuters", "Read more") that recur by convention, not because text was reused.
MIN_PASSAGE_WORDS = 10

# Largest acceptable chance that LSH misses a pair whose signatures agree on exactly a threshold's share of
# positions; the band size is chosen from it (see _lsh_params).
LSH_MISS_RATE = 0.005

# Candidate pairs are compared in blocks of this many rows so a very large candidate set never allocates
# more than a few MiB at once (BLOCK x NUM_PERM x 8 bytes).
_BLOCK = 4096

# Shingle hashes are permuted in blocks of this many rows: 256 x NUM_PERM x 8 bytes = 256 KiB stays in a
# core's L2 cache through the multiply, add and min passes, which is ~15% faster than 4096-row blocks.
_PERMUTE_BLOCK = 256

_UINT64 = np.uint64
_EMPTY_SIGNATURE = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
_EMPTY_BLOB = _EMPTY_SIGNATURE.tobytes()
_SIGNATURE_BYTES = len(_EMPTY_BLOB)
_PERM_A, _PERM_B = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
_FMIX = (_UINT64(33), _UINT64(0xFF51AFD7ED558CCD), _UINT64(0xC4CEB9FE1A85EC53))
# Multiplier of the polynomial that combines the token hashes of one shingle (an odd 64-bit constant).
_SHINGLE_MULT = _UINT64(0x9E3779B97F4A7C15)

_WORD = re.compile(r"\w+")
_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_PUNCTUATION_MAP = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
})

# ASCII text takes a fast tokeniser: bytes.translate lower-cases letters and blanks every byte that is not
# [A-Za-z0-9_] (exactly what ``\w`` matches among ASCII characters), and split() cuts at the blanks. It
# gives the same words as the regular expression at a quarter of the cost.
_ASCII_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_ASCII_WORDS = bytes((code | 0x20 if 65 <= code <= 90 else code) if code in _ASCII_WORD_BYTES else 32
                     for code in range(256))

# Token hashes are cached because news vocabulary is small next to its running text: each known word has a
# small id, and its 64-bit hash sits at that id in a numpy table, so a text's hashes are one dict lookup per
# word plus one array gather (no Python int per word converted to uint64). The cap keeps a long-running
# ingest of an unusual corpus (ids, numbers) from growing the cache without bound.
_TOKEN_CACHE_LIMIT = 1 << 20
_token_ids: dict[str, int] = {}
_token_table = np.empty(1 << 12, dtype=np.uint64)


# ---- records ---------------------------------------------------------------------------------------------


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


# ---- normalisation and hashing ---------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Compatibility-normalise, unify quotes and dashes, casefold and collapse whitespace.

    Syndicated copies differ in exactly these ways (smart vs straight quotes, en dash vs hyphen, NBSP, line
    wrapping) without being different texts.
    """
    if not text.isascii():  # O(1) check; NFKC and the quote/dash map only change non-ASCII characters
        text = unicodedata.normalize("NFKC", text.translate(_PUNCTUATION_MAP))
    elif "`" in text:
        text = text.replace("`", "'")
    return " ".join(text.casefold().split())


def words(text: str) -> list[str]:
    """The normalised words of ``text``: punctuation is dropped so re-punctuated copies still match.

    Equal to ``_WORD.findall(normalise(text))``; ASCII text (most of it, and all of it after the quote and
    dash map) takes the byte-table tokeniser, and whitespace is not collapsed first since it separates
    words either way.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text.translate(_PUNCTUATION_MAP)).casefold()
        if not text.isascii():
            return _WORD.findall(text)
    return text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


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


def split_paragraphs(text: str) -> list[Span]:
    """Blocks of ``text`` separated by blank lines, as trimmed spans (used when no paragraphs are given)."""
    spans = []
    start = 0
    for match in [*_BLANK_LINES.finditer(text), None]:
        end = match.start() if match else len(text)
        span = _trimmed(text, start, end)
        if span.end > span.start:
            spans.append(span)
        if match:
            start = match.end()
    return spans


def _trimmed(text: str, start: int, end: int) -> Span:
    """``start:end`` without surrounding whitespace, so stored offsets point at the passage itself.

    Offsets are clamped to the text first: a span from a buggy cleaner must cost a passage, not the article.
    """
    if 0 <= start < end <= len(text) and not text[start].isspace() and not text[end - 1].isspace():
        return Span(start, end)  # the usual case (spans from a cleaner or split_paragraphs), without loops
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def passage_hash(text: str) -> str | None:
    """Hash of a passage's normalised words, or None if it is too short to say anything about reuse."""
    return _passage_digest(words(text))


def _passage_digest(tokens: Sequence[str]) -> str | None:
    if len(tokens) < MIN_PASSAGE_WORDS:
        return None
    return _digest(" ".join(tokens))


def _blank(text: str, start: int, end: int) -> bool:
    return start >= end or text[start:end].isspace()


def _covers(text: str, spans: Sequence[Span]) -> bool:
    """Whether ``spans`` are in order, do not overlap and leave only whitespace of ``text`` outside them."""
    position = 0
    for span in spans:
        if span.start < position or not _blank(text, position, span.start):
            return False
        position = span.end
    return _blank(text, position, len(text))


def fingerprint(text: str, paragraphs: Sequence[Span], captions: Sequence[Caption] = ()) -> Fingerprint:
    """Fingerprint one cleaned article: exact digest, word-shingle MinHash and hashes of its long passages.

    ``paragraphs`` are spans into ``text``; when none are given, blank-line-separated blocks are used so a
    caller without a cleaner still gets passages. Each paragraph is tokenised once: when the paragraphs
    cover the text (the usual case) their words, joined, are the text's words, which saves tokenising twice.
    """
    normalised = normalise(text)
    spans = [_trimmed(text, span.start, span.end) for span in (paragraphs or split_paragraphs(text))]
    paragraph_words = [words(text[span.start:span.end]) for span in spans]
    tokens = (list(itertools.chain.from_iterable(paragraph_words)) if _covers(text, spans)
              else _WORD.findall(normalised))
    minhash = signature(shingle_hashes(tokens, SHINGLE_WORDS)) if len(tokens) >= MIN_NEAR_WORDS else _EMPTY_SIGNATURE
    passages = [(digest, PassageRef("text", index, span.start, span.end))
                for index, (span, tokens_) in enumerate(zip(spans, paragraph_words, strict=True))
                if (digest := _passage_digest(tokens_)) is not None]
    passages += [(digest, PassageRef("caption", index, 0, len(caption.text)))
                 for index, caption in enumerate(captions) if (digest := passage_hash(caption.text)) is not None]
    return Fingerprint(exact=_digest(normalised), minhash=minhash.tobytes(), passages=tuple(passages))


def to_minhash(print_: Fingerprint) -> LeanMinHash:
    """The stored signature as a datasketch sketch (for LSH indexes or ``jaccard`` outside this module)."""
    return LeanMinHash(seed=SEED, hashvalues=_values(print_.minhash), scheme=SCHEME)


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


# ---- grouping --------------------------------------------------------------------------------------------


_EMPTY_TEXT_HASH = _digest("")


def _rank(item: DedupItem) -> tuple[bool, date, int, int, str]:
    """Sort key of the original: earliest published (undated last), then longest, then first ingested.

    The article id breaks any remaining tie so the result never depends on input order.
    """
    return (item.published is None, item.published or date.min, -item.length, item.order, item.article_id)


@lru_cache(maxsize=32)
def _lsh_params(threshold: float) -> tuple[int, int]:
    """Bands ``b`` and rows ``r`` (b * r <= NUM_PERM) for candidate generation at ``threshold``.

    The largest band size whose chance of missing a pair at exactly ``threshold`` (``(1 - t**r)**b``) is
    at most LSH_MISS_RATE: bigger bands mean fewer chance candidates, and candidates are cheap to confirm
    but not free. datasketch's own optimiser weighs misses and false candidates equally and misses ~45% of
    pairs at the threshold, which the confirmation step cannot win back.
    """
    best = (NUM_PERM // 2, 2)
    for rows in range(2, NUM_PERM // 2 + 1):
        bands = NUM_PERM // rows
        if (1.0 - threshold**rows) ** bands <= LSH_MISS_RATE:
            best = (bands, rows)
        else:
            break
    return best


class _Components:
    """Union-find over integer ids, for linking confirmed pairs into connected candidates."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, node: int) -> int:
        parent = self.parent
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(self, first: int, second: int) -> None:
        root_a, root_b = self.find(first), self.find(second)
        if root_a != root_b:
            # the lower id (the better-ranked representative) stays root; order-independent by construction
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def _exact_classes(items: Sequence[DedupItem]) -> list[list[DedupItem]]:
    """Items with the same exact digest, each class in rank order; classes in the order of their best item.

    Empty texts are left out: two empty bodies are not copies of one another.
    """
    classes: dict[str, list[DedupItem]] = defaultdict(list)
    for item in items:
        if item.fingerprint.exact != _EMPTY_TEXT_HASH:
            classes[item.fingerprint.exact].append(item)
    return list(classes.values())  # items arrive ranked, so each class and the class order are ranked too


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
    0.5 s and 40 MB for the same buckets in arrays (tests/test_dedup.py checks the two agree).
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


def _confirmed_components(signatures: np.ndarray, threshold: float) -> list[list[int]]:
    """Connected sets of representatives linked by LSH candidates whose signature estimate >= threshold."""
    pairs = _candidate_pairs(signatures, threshold)
    confirmed = pairs[_estimates(signatures, pairs) >= threshold]
    components = _Components(len(signatures))
    for first, second in confirmed.tolist():
        components.union(first, second)
    grouped: dict[int, list[int]] = defaultdict(list)
    for index in np.unique(confirmed).tolist():
        grouped[components.find(index)].append(index)
    return list(grouped.values())


def _split_component(members: list[int], signatures: np.ndarray, threshold: float) -> list[list[tuple[int, float]]]:
    """Split one connected component into groups that each sit within ``threshold`` of their original.

    Chaining guard: union-find alone would merge A~B~C into one group even when A and C share little (a
    story re-edited step by step). Instead the best-ranked unassigned member becomes an original and takes
    every unassigned member whose estimate *to it* reaches the threshold; the rest repeat the process
    among themselves. ``members`` are in rank order (lower index = better), so this is deterministic.
    """
    groups = []
    remaining = np.array(sorted(members), dtype=np.int64)
    while len(remaining) > 1:
        head, rest = remaining[0], remaining[1:]
        estimates = (signatures[rest] == signatures[head]).mean(axis=1)
        joined = estimates >= threshold
        if joined.any():
            groups.append([(int(head), 1.0), *zip(rest[joined].tolist(), estimates[joined].tolist(), strict=True)])
        remaining = rest[~joined]
    return groups


def _near_groups(representatives: Sequence[DedupItem], threshold: float) -> list[list[tuple[int, float]]]:
    """Near-duplicate groups over exact-class representatives, as (representative index, estimate) lists."""
    usable = [index for index, item in enumerate(representatives)
              if item.fingerprint.minhash != _EMPTY_BLOB]
    if len(usable) < 2:
        return []
    signatures = _signature_matrix([representatives[index].fingerprint for index in usable])
    groups = []
    for component in _confirmed_components(signatures, threshold):
        for group in _split_component(component, signatures, threshold):
            groups.append([(usable[position], estimate) for position, estimate in group])
    return groups


def _build_group(classes: Sequence[list[DedupItem]], near: Sequence[tuple[int, float]]) -> DuplicateGroup:
    """Expand a group of exact classes into members: the original, its exact copies, then near copies."""
    head_class = classes[near[0][0]]
    members = [GroupMember(head_class[0].article_id, "original", 1.0)]
    members += [GroupMember(item.article_id, "exact", 1.0) for item in head_class[1:]]
    near_members = [(item, estimate) for index, estimate in near[1:] for item in classes[index]]
    near_members.sort(key=lambda pair: (-pair[1], _rank(pair[0])))
    members += [GroupMember(item.article_id, "near", estimate) for item, estimate in near_members]
    return DuplicateGroup(original=head_class[0].article_id, members=tuple(members))


def group_duplicates(items: Iterable[DedupItem], threshold: float = DEFAULT_THRESHOLD) -> list[DuplicateGroup]:
    """Groups of exact and near-duplicate articles (only groups with at least two members).

    Exact copies (same normalised text) are collapsed first, so LSH sees each distinct text once; near
    copies are LSH candidates confirmed by their signature estimate, then split so that every member is
    within ``threshold`` of its group's original (see _split_component). The original is the earliest
    published article, then the longest, then the first ingested. Items are ranked before anything else,
    so the same items in any order give the same groups, listed in the rank order of their originals.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    ranked = sorted(items, key=_rank)
    ids = [item.article_id for item in ranked]
    if len(set(ids)) != len(ids):
        raise ValueError("article ids passed to group_duplicates must be unique")
    classes = _exact_classes(ranked)
    groups = _near_groups([members[0] for members in classes], threshold)
    in_near = {index for group in groups for index, _ in group}
    groups += [[(index, 1.0)] for index, members in enumerate(classes) if len(members) > 1 and index not in in_near]
    groups.sort(key=lambda group: group[0][0])
    return [_build_group(classes, group) for group in groups]


# ---- shared passages -------------------------------------------------------------------------------------


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for an allocation-heavy pass, restoring its previous state.

    Passage matching allocates a list and a tuple per passage, none in a reference cycle (refcounting frees
    them), yet each young-generation overflow makes the collector walk a heap that holds every fingerprint:
    at 100k articles (650k passages) 1.8-2.4 s with the collector on against 0.6 s with it paused.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _ref_key(occurrence: tuple[str, PassageRef]) -> tuple[str, str, int, int, int]:
    article_id, ref = occurrence
    return (article_id, ref.field, ref.index, ref.start, ref.end)


def shared_passages(items: Iterable[DedupItem], groups: Sequence[DuplicateGroup]) -> list[SharedPassage]:
    """Passages (paragraphs or captions, compared by normalised words) reused across unrelated articles.

    A passage counts when it occurs in articles of at least two different duplicate groups (an article in
    no group is its own group): inside one group the whole copy already says everything. Body paragraphs
    and captions are compared with each other, so a caption reused as a paragraph is found too. All
    occurrences are listed, sorted, and passages are sorted by hash, so the result is order-independent.
    """
    with _collector_paused():
        group_of = {member.article_id: group.original for group in groups for member in group.members}
        occurrences: dict[str, list[tuple[str, PassageRef]]] = defaultdict(list)
        for item in items:
            for digest, ref in item.fingerprint.passages:
                occurrences[digest].append((item.article_id, ref))
        shared = [
            SharedPassage(digest, tuple(sorted(found, key=_ref_key)))
            for digest, found in occurrences.items()
            if len(found) > 1 and len({group_of.get(article_id, article_id) for article_id, _ in found}) > 1
        ]
    shared.sort(key=lambda passage: passage.passage_hash)
    return shared
