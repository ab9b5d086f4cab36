"""Text normalisation: the words two copies of one text share, and digests of normalised text.

Everything else (exact digests, shingles, passage hashes) is computed over these words, so the rules that
make syndicated copies compare equal (quotes, dashes, case, whitespace, punctuation) live in one place.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WORD = re.compile(r"\w+")
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
