"""Bytes to valid text: encoding detection with a confidence, and the one place text is made safe to store.

Scraped text arrives as UTF-8, UTF-8 with a byte-order mark, UTF-16 (with or without one), cp1251, latin-1 and,
too often, as UTF-8 with a few broken bytes or as two encodings glued together. The rule: what we can tell with
confidence is decoded; a file that is mostly valid UTF-8 is UTF-8, its invalid bytes replaced and counted (the
caller keeps a warning); a file mixing UTF-8 with another encoding, or whose legacy encoding cannot be told, is
refused with that reason, because stored mojibake is worse than a reject the user can see.

:func:`valid_text` is applied to every string read from an input (body and metadata), so both backends store the
same text: no NUL (PostgreSQL refuses it), no lone surrogate (not encodable, so not hashable), no control
character (terminal escapes in a title), line breaks and tabs kept.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from newsdossier import settings
from newsdossier.errors import InputRejected

SNIFF_BYTES = 8192

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Invalid UTF-8 bytes a file may have and still be read as UTF-8: at most this share of its bytes ...
MAX_INVALID_UTF8_SHARE = 0.01
# ... and at most this share of its non-ASCII bytes (more means a second encoding, not a few broken bytes).
MAX_INVALID_UTF8_OF_NON_ASCII = 0.1
# charset-normalizer's "chaos" (0-100) above which its guess of a legacy encoding is no guess.
MAX_LEGACY_CHAOS = 10.0

_INVALID_CHARACTERS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and what decoding had to do (``warning`` is None when nothing was replaced)."""

    text: str
    encoding: str
    warning: str | None = None


def valid_text(text: str) -> str:
    """``text`` without NUL, control characters and lone surrogates (a surrogate becomes U+FFFD, the others go);
    tabs, line breaks and form feeds are kept."""
    if not _INVALID_CHARACTERS.search(text):
        return text
    return _INVALID_CHARACTERS.sub(lambda match: "\ufffd" if _SURROGATE.match(match.group()) else "", text)


def decode(data: bytes, source: str) -> Decoded:
    """Decode one input's bytes (see the module docstring); undecidable input raises :class:`InputRejected`."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(_checked(data.decode(encoding), source), encoding)
            except UnicodeDecodeError as exc:
                raise InputRejected(source, f"invalid {encoding} after byte-order mark ({exc.reason})") from None
    utf16 = utf16_without_bom(data)
    if utf16 is not None:
        return Decoded(_checked(utf16[0], source), utf16[1])
    if looks_binary(data[:SNIFF_BYTES]):
        raise InputRejected(source, "binary data, not text")
    try:
        return Decoded(_checked(data.decode("utf-8"), source), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data, source)
    if mostly is not None:
        return mostly
    return _legacy(data, source)


def _mostly_utf8(data: bytes, source: str) -> Decoded | None:
    """UTF-8 with a few invalid bytes replaced; None when no valid UTF-8 beyond ASCII is present (a legacy
    single-byte encoding); a reject when valid UTF-8 and many invalid bytes are mixed."""
    invalid = 0

    def count(error: UnicodeError) -> tuple[str, int]:
        nonlocal invalid
        assert isinstance(error, UnicodeDecodeError)
        invalid += error.end - error.start
        return "\ufffd", error.end

    codecs.register_error("newsdossier.count", count)
    text = data.decode("utf-8", errors="newsdossier.count")
    non_ascii = sum(1 for byte in data if byte >= 0x80)
    valid_non_ascii = non_ascii - invalid
    if valid_non_ascii <= 0:
        return None
    if invalid <= MAX_INVALID_UTF8_SHARE * len(data) and invalid <= MAX_INVALID_UTF8_OF_NON_ASCII * non_ascii:
        warning = f"{invalid} invalid UTF-8 byte{'s' if invalid != 1 else ''} replaced with U+FFFD"
        return Decoded(_checked(text, source, replaced=True), "utf-8", warning)
    raise InputRejected(source, f"mixed encodings ({invalid} bytes are not UTF-8 beside {valid_non_ascii} bytes "
                                "of valid UTF-8); convert the file to one encoding")


def _legacy(data: bytes, source: str) -> Decoded:
    best = from_bytes(data[: 512 * 1024]).best()
    if best is None or best.encoding is None:
        raise InputRejected(source, "undecodable text (no known encoding fits)")
    if best.percent_chaos > MAX_LEGACY_CHAOS:
        raise InputRejected(source, f"encoding cannot be told with confidence (best guess {best.encoding}, "
                                    f"{best.percent_chaos:.0f}% of it garbled)")
    try:
        return Decoded(_checked(data.decode(best.encoding), source), best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputRejected(source, f"undecodable text (looked like {best.encoding} but is not)") from None


def utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Recognise UTF-16 without a byte-order mark, which otherwise looks like binary (it is full of NULs).

    Both byte orders are tried; the result must read like prose: almost all printable and with spaces or line
    breaks at a natural rate. Random binary decodes to printable CJK characters but almost never to spaces.
    """
    sample = data[:SNIFF_BYTES]
    if len(data) < 4 or len(data) % 2 or b"\x00" not in sample:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        head = text[: SNIFF_BYTES // 2]
        printable = sum(1 for ch in head if ch.isprintable() or ch in "\t\n\r")
        spaces = sum(1 for ch in head if ch in " \n")
        if printable >= 0.97 * len(head) and spaces >= 0.05 * len(head):
            return text, encoding
    return None


def looks_binary(sample: bytes) -> bool:
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bool(sample) and controls / len(sample) > settings.active().max_control_share


def _checked(text: str, source: str, replaced: bool = False) -> str:
    """Refuse decoded text that is mostly control characters or replacement marks: that is binary data
    (``replaced``: the replacement marks are ours, counted already)."""
    sample = text[:SNIFF_BYTES]
    if not sample:
        return text
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or (ch == "\ufffd" and not replaced))
    if bad / len(sample) > settings.active().max_control_share:
        raise InputRejected(source, "binary data, not text")
    return text
