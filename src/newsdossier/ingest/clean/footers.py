"""Topic-tag lines and lists of related links: chrome told apart from headings by where it sits.

Separate because, unlike the line-by-line junk rules, these need the whole page marked first: a line of
capitalised words is a tag line next to a photo or after the story's last sentence but a heading mid-story,
and a headline-shaped line is a link title only below a footer marker ("Related articles"). The function
words that make a line a heading rather than tags are ``data/clean_function_words.txt``.
"""

from __future__ import annotations

import re

from newsdossier import settings
from newsdossier.ingest.clean.lines import (
    BODY,
    CAPTION,
    CREDIT,
    DROP,
    SENTENCE_END_RE,
    Line,
    drop,
    is_sentence,
)
from newsdossier.ingest.clean.vocabulary import FUNCTION_WORDS

# Reasons (of data/clean_junk_patterns.txt) that mark the start of a page footer.
_FOOTER_REASONS = {"source", "comments", "aggregator", "share", "subscribe", "tags"}


def mark_tag_lines(lines: list[Line]) -> None:
    """Drop topic-tag lines ("Harbours Ferries Estmark Northern Isles") next to a photo or after the story.

    A tag line is only capitalised words, no function word, no punctuation. Mid-story, the same shape is a
    Title Case heading ("Ferry Operator Cuts Routes"), so it is kept there.
    """
    sentences = [i for i, line in enumerate(lines) if line.kind == BODY and is_sentence(line.text)]
    last_sentence = sentences[-1] if sentences else -1
    for index, line in enumerate(lines):
        if line.kind != BODY or not _tag_shaped(line.text):
            continue
        near_photo = any(
            0 <= other < len(lines) and lines[other].kind in (CAPTION, CREDIT) for other in (index - 1, index + 1)
        )
        if near_photo or index > last_sentence:
            drop(line, "tags")


def _tag_shaped(text: str) -> bool:
    if len(text) > 120 or re.search(r"[.,;:!?\"“”()]", text):
        return False
    tokens = text.split()
    return (
        len(tokens) >= 3
        and all(token[0].isupper() and token.isalpha() for token in tokens)
        and not any(token.lower() in FUNCTION_WORDS for token in tokens)
    )


def mark_footer_lists(lines: list[Line]) -> None:
    """After the story's last sentence, a footer marker ("Related articles") heads lists of link titles.

    Only headline-shaped lines (no sentence punctuation) go: a short closing sentence stays.
    """
    sentences = (i for i, line in enumerate(lines) if line.kind == BODY and is_sentence(line.text))
    last_sentence = max(sentences, default=-1)
    footer_seen = False
    for line in lines[last_sentence + 1:]:
        if line.kind == DROP and line.reason in _FOOTER_REASONS | {"navigation"}:
            footer_seen = True
        elif footer_seen and line.kind == BODY and _headline_shaped(line.text):
            drop(line, "related")


def _headline_shaped(text: str) -> bool:
    """A short line that does not end like a sentence: a link title, a heading, a label."""
    return len(text) <= settings.active().short_line and not SENTENCE_END_RE.search(text)
