"""Indirect quotes: the content clause of a speech cue ("X said (that) …") or of "according to X".

Separate because it works from the parse (clauses, subtrees) rather than from quote marks, and it runs first:
the quoted stretches it finds inside a clause are reported there, so the direct pass skips them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsdossier import settings
from newsdossier.nlp.extract.quotes.attribution import Found, State, cue_attribution
from newsdossier.nlp.extract.quotes.cues import is_cue
from newsdossier.nlp.extract.quotes.quote_marks import CLOSING_MARKS, WORD, Segment


def indirect_quotes(state: State, segments: list[Segment]) -> tuple[list[Found], set[Segment]]:
    """Content clauses of speech cues; also the quoted stretches they contain (reported inside the clause)."""
    found: list[Found] = []
    covered: set[Segment] = set()
    standalone = [s for s in segments if s.standalone]
    for token in state.doc:
        if token.i in state.quoted or not is_cue(token):
            continue
        clause = _content_clause(token)
        if clause is None:
            continue
        paragraph = _paragraph_of(state.paragraphs, token.idx)
        start, end = _clipped(state, clause, paragraph)
        if end <= start or len(WORD.findall(state.text[start:end])) < settings.active().min_indirect_words:
            continue
        if any(_overlaps(start, end, s.opening, s.end) for s in standalone):
            continue
        inside = [s for s in segments if _overlap(start, end, s.start, s.end) >= 0.5 * (s.end - s.start)]
        coverage = settings.active().clause_coverage
        if any(_overlap(start, end, s.start, s.end) >= coverage * (end - start) for s in inside):
            continue  # the clause is itself a quote: left to the direct pass, which will find this cue
        covered.update(inside)
        found.append(Found(start, end, False, paragraph, cue_attribution(state, token), own_cue=True))
    return found, covered


def _content_clause(cue: Token) -> Span | None:
    """What the cue reports: its ``ccomp`` ("said (that) …"), or the clause "according to X" attaches to."""
    if cue.lower_ == "according":
        head = cue.head
        if head.i == cue.i or head.pos_ not in ("VERB", "AUX"):
            return None
        tokens = [t for t in head.subtree if not (cue.left_edge.i <= t.i <= cue.right_edge.i)]
        return _contiguous(cue.doc, tokens)
    clause = next((child for child in cue.children if child.dep_ == "ccomp"), None)
    if clause is None:
        return None
    return cue.doc[clause.left_edge.i:clause.right_edge.i + 1]


def _contiguous(doc: Doc, tokens: list[Token]) -> Span | None:
    """The longest run of consecutive tokens among ``tokens`` (drops a cut-out "according to X" in the middle)."""
    if not tokens:
        return None
    indices = sorted(t.i for t in tokens)
    runs: list[tuple[int, int]] = []
    run_start = previous = indices[0]
    for index in indices[1:]:
        if index != previous + 1:
            runs.append((run_start, previous))
            run_start = index
        previous = index
    runs.append((run_start, previous))
    first, last = max(runs, key=lambda run: run[1] - run[0])
    return doc[first:last + 1]


def _trimmed(text: str, span: Span) -> tuple[int, int]:
    """Character offsets of ``span`` without leading/trailing punctuation or conjunctions.

    A closing quote mark is kept when the span holds its opening one, so a partial quote at the end of a
    clause stays balanced ("to forge a “strategic partnership.”").
    """
    tokens = list(span)
    while tokens and (tokens[0].is_punct or tokens[0].dep_ in ("cc", "mark") or tokens[0].is_space):
        tokens.pop(0)
    closing = None
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        if closing is None and tokens[-1].text in CLOSING_MARKS:
            closing = tokens[-1]
        tokens.pop()
    if not tokens:
        return 0, 0
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    if closing is not None and _unbalanced(text[start:end]):
        end = closing.idx + len(closing)
    return start, end


def _unbalanced(text: str) -> bool:
    return sum(text.count(mark) for mark in "“«„") > sum(text.count(mark) for mark in "”»")


def _overlaps(start: int, end: int, other_start: int, other_end: int) -> bool:
    return start < other_end and other_start < end


def _overlap(start: int, end: int, other_start: int, other_end: int) -> int:
    return max(0, min(end, other_end) - max(start, other_start))


def _clipped(state: State, clause: Span, paragraph: int) -> tuple[int, int]:
    """The clause's offsets cut to its cue's sentence and paragraph: parses run across paragraph breaks."""
    sentence = clause.root.sent
    first = max(clause.start, sentence.start)
    last = min(clause.end, sentence.end)
    if first >= last:
        return 0, 0
    start, end = _trimmed(state.text, state.doc[first:last])
    if paragraph < len(state.paragraphs):
        para_start, para_end = state.paragraphs[paragraph]
        start, end = max(start, para_start), min(end, para_end)
    return start, end


def _paragraph_of(spans: list[tuple[int, int]], offset: int) -> int:
    for index, (start, end) in enumerate(spans):
        if start <= offset < end:
            return index
    return len(spans)
