"""The byline: who wrote the article, from a "By Jane Doe" line or a bare name next to the title or dateline.

Separate because recognising a person's name by its shape (two to four capitalised tokens, particles like
"van" allowed, no headline or section word) is also needed by the dateline rule (``junk``), which reads the
byline out of meta lines such as "Jane Roe | May 2, 2024". The words a name may not contain are
``data/clean_name_words.tsv``.
"""

from __future__ import annotations

import re

from newsdossier.ingest.clean.lines import BODY, BYLINE, CAPTION, CREDIT, DATE, TITLE, Line, drop
from newsdossier.ingest.clean.vocabulary import NAME_PARTICLES, NOT_NAME_WORDS

_NAME_TOKEN_RE = re.compile(r"^(?:[A-Z]\.){1,2}$|^[A-Z][a-z]{0,2}['’]?[A-Z]?[a-z]+(?:-[A-Z]?[a-z]+)*\.?$")
BY_RE = re.compile(r"^by\s+(.{3,80})$", re.IGNORECASE)


def mark_byline(lines: list[Line], zone_end: int) -> str | None:
    """Mark the first byline near the top ("By Jane Doe and Li Wei", or a bare "Adam Morrow") as the byline.

    A bare name is taken only next to other header furniture (title, dateline, caption, credit): a short
    capitalised line alone at the top is as likely a venue or a heading ("Ewood Park").
    """
    for index, line in enumerate(lines[:zone_end]):
        if line.kind != BODY:
            continue
        name = by_name(line.text)
        if name is None and is_person_name(line.text, strict=True) and _next_to_header(lines, index):
            name = line.text
        if name:
            drop(line, "byline", BYLINE)
            return name
    return next((line.author for line in lines[:zone_end] if line.kind == DATE and line.author), None)


def _next_to_header(lines: list[Line], index: int) -> bool:
    """Whether the line above or below is a title, dateline or caption (and the line below is not a caption
    glued to this one, which would make it the caption's label)."""
    after = lines[index + 1] if index + 1 < len(lines) else None
    if after is not None and after.kind == CAPTION and not after.blank_before:
        return False
    neighbours = [lines[index - 1] if index > 0 else None, after]
    return any(other is not None and other.kind in (TITLE, DATE, CAPTION, CREDIT) for other in neighbours) or any(
        other is not None and other.reason == "date" for other in neighbours
    )


def by_name(text: str) -> str | None:
    """The author named by a "By ..." line, or None."""
    by = BY_RE.match(text) if len(text) <= 90 else None
    if not by:
        return None
    names = re.split(r"\s*[,|–—]\s*|\s+-\s+", by.group(1))[0]
    people = re.split(r"\s+(?:and|&)\s+", names)
    return names.strip() if all(is_person_name(person, strict=False) for person in people) else None


def is_person_name(text: str, *, strict: bool) -> bool:
    """2–4 capitalised name tokens (particles like "van" allowed), none of them a common headline word."""
    tokens = text.split()
    if not 2 <= len(tokens) <= (4 if strict else 5):
        return False
    capitalised = 0
    for token in tokens:
        if token.lower() in NAME_PARTICLES:
            continue
        if not _NAME_TOKEN_RE.match(token) or token.lower().rstrip(".") in NOT_NAME_WORDS:
            return False
        capitalised += 1
    return capitalised >= 2
