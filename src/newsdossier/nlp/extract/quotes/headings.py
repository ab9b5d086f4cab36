"""Section headings: a pronoun opening a section is not resolved back past the heading.

Separate because it is the last pass and the only one that looks at the paragraph layout for headings; it
rewrites pronoun attributions already settled by :mod:`.continuations`.
"""

from __future__ import annotations

from newsdossier import settings
from newsdossier.nlp.extract.quotes.attribution import Attribution, Found
from newsdossier.nlp.extract.quotes.quote_marks import PAIRS, WORD, paragraphs
from newsdossier.nlp.extract.quotes.vocabulary import CONTINUING_CUES


def reach_across_headings(text: str, found: list[Found]) -> None:
    """A pronoun opening a section refers forward to the section's next named speaker, not back past the heading.

    News sections restart their cast. When "he said" after a heading can only be resolved to a person named
    before it, and the next speaker the section names is introduced as continuing ("…, X added"), the
    pronoun quotes were X's: the sentence introducing X was lost (edited out, or cut by a re-publisher).
    """
    headings = _headings(text)
    if not headings:
        return
    for item in found:
        attribution = item.attribution
        if attribution is None or not attribution.via_pronoun or attribution.speaker is None:
            continue
        heading = _heading_between(headings, attribution.antecedent, item.start)
        if heading is None:
            continue
        named = _first_named_after(found, item.start, _next_heading(headings, item.start, len(text)))
        if named is not None:
            attribution.speaker = named.speaker
            attribution.via_pronoun = False


def _headings(text: str) -> list[int]:
    """Offsets of paragraphs that look like section headings: short, capitalised, unpunctuated, unquoted."""
    found = []
    for start, end in paragraphs(text):
        line = text[start:end]
        words = WORD.findall(line)
        if (0 < len(words) <= settings.active().heading_words and line[0].isupper() and line[-1] not in ".!?:;,”\"’»)"
                and not any(mark in line for mark in PAIRS) and "|" not in line):
            found.append(start)
    return found


def _heading_between(headings: list[int], antecedent: int | None, position: int) -> int | None:
    if antecedent is None:
        return None
    return next((h for h in headings if antecedent < h < position), None)


def _next_heading(headings: list[int], position: int, default: int) -> int:
    return next((h for h in headings if h > position), default)


def _first_named_after(found: list[Found], position: int, limit: int) -> Attribution | None:
    """The section's first speaker named by a cue after ``position``, if that cue continues ("X added")."""
    for item in found:
        attribution = item.attribution
        if not (position < item.start < limit and attribution is not None and item.own_cue):
            continue
        if attribution.speaker is None or attribution.via_pronoun:
            continue
        cue = attribution.cue
        return attribution if cue is not None and cue.lemma_.lower() in CONTINUING_CUES else None
    return None
