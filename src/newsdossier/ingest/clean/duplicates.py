"""Verbatim repeats: the title again further down, a caption printed twice, a paragraph scraped twice.

Separate because it runs last among the line rules, over the lines the others kept, and compares lines with
each other rather than judging one line's shape.
"""

from __future__ import annotations

from newsdossier import settings
from newsdossier.ingest.clean.lines import BODY, CAPTION, TITLE, Line, comparison_key, drop


def mark_duplicates(lines: list[Line], title: str | None) -> None:
    """Drop verbatim repeats: of the title anywhere, of captions, and of body lines long enough to matter."""
    seen: dict[str, str] = {}
    if title:
        seen[comparison_key(title)] = TITLE
    for line in lines:
        if line.kind not in (BODY, CAPTION):
            continue
        key = comparison_key(line.text)
        earlier = seen.get(key)
        if earlier == TITLE:
            drop(line, "title")
        elif earlier is not None and (CAPTION in (line.kind, earlier)
                                      or len(line.text) >= settings.active().min_duplicate_chars):
            drop(line, "duplicate")
        else:
            seen.setdefault(key, line.kind)
            if line.kind == CAPTION and line.caption:
                seen.setdefault(comparison_key(line.caption), CAPTION)
