"""The outlet, when the story names itself: a wire dateline "(Reuters) —", "CNBC has asked X for comment",
"X could not independently verify", or "told ABC" written twice.

Separate because it reads the cleaned body, not the lines: it runs after the body is assembled and only when
the source gave no outlet. The phrases and the words that cut or reject a captured name are
``data/clean_outlet_cues.tsv`` and ``data/clean_outlet_words.tsv``.
"""

from __future__ import annotations

import re

from newsdossier.ingest.clean.vocabulary import (
    HONORIFICS,
    NOT_OUTLETS,
    OUTLET_COMMENT_REQUESTS,
    OUTLET_REQUESTS,
    OUTLET_STOP,
    OUTLET_UNABLE,
    OUTLET_VERIFY,
)

_OUTLET_NAME = r"((?:The\s+)?[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*){0,3})"
_OUTLET_STRONG_RES = (
    re.compile(
        _OUTLET_NAME + rf"\s+(?:has|had|have)\s+(?:{OUTLET_REQUESTS})"
        rf"\b[^.]{{0,80}}?\b(?:{OUTLET_COMMENT_REQUESTS})"
    ),
    re.compile(_OUTLET_NAME + rf"\s+(?:{OUTLET_UNABLE})\s+independently\s+(?:{OUTLET_VERIFY})"),
)
# A wire dateline: a place in capitals or in capitalised words ("MOSCOW", "Astana, Kazakhstan"), the agency in
# parentheses, then a dash. Lower-case words before the parenthesis mean a sentence, not a dateline.
_OUTLET_DATELINE_RE = re.compile(
    r"^(?:[A-Z][A-Z .'’-]{1,40}|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,3}(?:,\s*[A-Z][a-z.]+(?:\s[A-Z][a-z]+){0,2})?)?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?,?\s*"  # an optional date: "MOSCOW, Nov. 13, 2023 (...)"
    r"\(([A-Z][A-Za-z&.]*(?:\s+[A-Z][A-Za-z&.]*){0,3})\)\s*[-—–]"
)
# "told CNBC", "told the BBC": only an acronym counts (people, parliaments and parties are told things too), and
# only when written at least twice, because quoting another outlet's interview once is common.
_OUTLET_TOLD_RE = re.compile(r"\btold\s+(?:the\s+)?([A-Z]{3,6}|AP)\b(?![\w-])")
# A name starting with a person's title ("Mr", "Dr ") is a person, not an outlet.
_HONORIFIC_RE = re.compile(rf"(?:{HONORIFICS})")


def find_outlet(text: str) -> str | None:
    """The outlet when the story names itself: a wire dateline "(Reuters) —", "CNBC has asked X for comment",
    "X could not independently verify", or "told ABC" written twice. Contributors ("Reuters contributed to
    this report") and sources quoted once are not the outlet."""
    dateline = _OUTLET_DATELINE_RE.match(text)
    if dateline:
        return dateline.group(1)
    for pattern in _OUTLET_STRONG_RES:
        for match in pattern.finditer(text):
            name = _outlet_name(match.group(1))
            if name:
                return name
    told = [match.group(1) for match in _OUTLET_TOLD_RE.finditer(text)]
    return next((name for name in told if told.count(name) >= 2), None)


def _outlet_name(raw: str) -> str | None:
    """Trim a captured name at the first weekday/month/connector; reject pronouns and generic nouns."""
    tokens: list[str] = []
    for token in raw.split():
        if token.lower().strip(".,") in OUTLET_STOP:
            break
        tokens.append(token)
    name = " ".join(tokens).strip(" .,")
    if not name or name.lower() in NOT_OUTLETS or _HONORIFIC_RE.match(name.lower()):
        return None
    return name
