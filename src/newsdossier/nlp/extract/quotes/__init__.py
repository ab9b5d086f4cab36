"""Direct and indirect quotes and who said them.

Direct quotes are found from the quote marks in the text, not from the parse: the parser splits and joins
sentences around quote marks unpredictably, while the marks themselves follow firm conventions. The text is
cut into paragraphs; in each, quoted stretches are found (any of “ ” ‘ ’ " « » „), and each is either

* *standalone*: it opens a paragraph or follows a sentence end, a colon or a comma ("he said, “…”"), so it
  is somebody's words on its own; or
* *embedded* in running text ("its “near abroad,”"): one to three words are scare quotes and are ignored,
  longer ones are partial quotes that count only when a speech cue governs them.

A quote's speaker comes from the nearest speech cue (``data/quotes_cues.txt``) in the same clause — after
the quote ("“…,” he said") or before it ("Lavrov told the agency: “…”"). A quote without a cue continues the
speaker of the quote before it in the paragraph, or of the last quote of the previous paragraph; a paragraph
whose quote never closes continues into the next paragraph that opens with a quote mark (standard English
style), so it takes that paragraph's speaker.

Indirect quotes are the content clause (``ccomp``) of a speech cue ("X said (that) …", "X told Y that …") or
the clause an "according to X" phrase attaches to.

The work is split by step: :mod:`.quote_marks` (quoted stretches in the text), :mod:`.cues` (speech cues),
:mod:`.cue_subject` and :mod:`.speaker` (who speaks), :mod:`.attribution` (the records the passes share), the
passes :mod:`.indirect`, :mod:`.direct`, :mod:`.continuations` and :mod:`.headings`, and :mod:`.extraction`,
which runs them in order; :mod:`.vocabulary` holds the word lists read from ``data/``.
"""

from __future__ import annotations

from newsdossier.nlp.extract.quotes.attribution import Attribution
from newsdossier.nlp.extract.quotes.cue_subject import name_span, speaker_token
from newsdossier.nlp.extract.quotes.cues import is_cue, speech_cues
from newsdossier.nlp.extract.quotes.extraction import extract_quotes
from newsdossier.nlp.extract.quotes.quote_marks import Segment, paragraphs, quote_segments
from newsdossier.nlp.extract.quotes.speaker import antecedent_offset, resolve_speaker

__all__ = [
    "Attribution",
    "Segment",
    "antecedent_offset",
    "extract_quotes",
    "is_cue",
    "name_span",
    "paragraphs",
    "quote_segments",
    "resolve_speaker",
    "speaker_token",
    "speech_cues",
]
