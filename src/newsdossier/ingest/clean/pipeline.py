"""The top-level cleaner: runs the line rules in their fixed order and assembles the cleaned article.

Separate because the order is the design: each rule needs the verdicts of the ones before it (a caption is
recognised by the credit under it, the title is the first line that is not chrome, the byline sits near the
title), so the sequence is written out in one place, over the modules that hold the rules.
"""

from __future__ import annotations

from newsdossier.ingest.clean.byline import mark_byline
from newsdossier.ingest.clean.captions import collect_captions, mark_captions
from newsdossier.ingest.clean.duplicates import mark_duplicates
from newsdossier.ingest.clean.footers import mark_footer_lists, mark_tag_lines
from newsdossier.ingest.clean.junk import mark_junk
from newsdossier.ingest.clean.lines import BODY, clean_hint, split_lines
from newsdossier.ingest.clean.outlet import find_outlet
from newsdossier.ingest.clean.published import publication
from newsdossier.ingest.clean.title import mark_title, top_zone_end
from newsdossier.models import ArticleHints, CleanedArticle, RemovedLine, Span


def clean_text(raw: str, hints: ArticleHints | None = None) -> CleanedArticle:
    """Clean one article's decoded text; never raises, returns ``text=""`` when nothing of a body is left.

    ``hints`` (metadata the source states) win over what the text suggests for title, date, outlet and author,
    but the body is cleaned all the same.
    """
    hints = hints or ArticleHints()
    lines = split_lines(raw if isinstance(raw, str) else "")
    if not lines:
        return CleanedArticle(text="", title=clean_hint(hints.title), outlet=clean_hint(hints.outlet))
    mark_junk(lines)
    mark_captions(lines)
    title_index, title = mark_title(lines, hints)
    zone_end = top_zone_end(lines)
    author = mark_byline(lines, zone_end)
    mark_tag_lines(lines)
    mark_footer_lists(lines)
    mark_duplicates(lines, title)
    text, spans = _assemble([line.text for line in lines if line.kind == BODY])
    published = publication(lines, hints, title_index, zone_end)
    return CleanedArticle(
        text=text,
        title=title,
        author=clean_hint(hints.author) or author,
        outlet=clean_hint(hints.outlet) or (find_outlet(text) if text else None),
        published=published[0] if published else None,
        published_precision=published[1] if published else None,
        published_method=published[2] if published else None,
        paragraphs=spans,
        captions=collect_captions(lines),
        removed=[RemovedLine(line.text, line.reason or line.kind) for line in lines if line.kind != BODY],
    )


def _assemble(paragraphs: list[str]) -> tuple[str, list[Span]]:
    """Join paragraphs with blank lines and record where each one sits in the joined text."""
    spans, cursor = [], 0
    for paragraph in paragraphs:
        spans.append(Span(cursor, cursor + len(paragraph)))
        cursor += len(paragraph) + 2
    return "\n\n".join(paragraphs), spans
