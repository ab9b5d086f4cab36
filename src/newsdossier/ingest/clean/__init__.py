"""Plain-text cleaning: one scraped article in, its body, title, byline, outlet, date and captions out.

Scraped text mixes the story with site chrome (menus, share bars, "Source link"), aggregator disclaimers,
video-player residue, photo captions with their credits, and dates added by whoever scraped the page. Every
rule here reads the *shape* of a line (its length, punctuation, capitalisation, where it sits, what surrounds
it) or a generic web-boilerplate vocabulary (``data/clean_junk_patterns.txt``), never strings of a particular
site. The rules are deliberately one-sided: a junk line left in costs a little noise, a body sentence taken
out loses a fact, so a line is removed only when its shape leaves no doubt.

The pipeline marks each non-empty line with a kind (body, title, byline, date, caption, credit, dropped) in
a fixed order, because later rules need the earlier verdicts (a caption is recognised by the credit under
it; the title is the first line that is not chrome; the byline sits near the title).

The work is split by step: :mod:`.lines` (the lines and their normalisation), :mod:`.junk` (chrome and date
lines), :mod:`.captions` (captions and photo credits), :mod:`.title` and :mod:`.byline` (the header),
:mod:`.footers` (tag lines, related-link lists), :mod:`.duplicates`, :mod:`.published` (the publication
date), :mod:`.outlet`, and :mod:`.pipeline`, which runs them in order; :mod:`.vocabulary` holds the word lists
read from ``data/clean_*``.
"""

from __future__ import annotations

from newsdossier.ingest.clean.pipeline import clean_text
from newsdossier.ingest.pubdate import absolute_dates

__all__ = ["absolute_dates", "clean_text"]
