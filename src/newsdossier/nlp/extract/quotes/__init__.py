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
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from newsdossier.lexicon import registry as actors
from newsdossier.models import ActorRef, ArticleContext, EventDate, Evidence, ExtractedQuote
from newsdossier.nlp import dates

if TYPE_CHECKING:
    from newsdossier.nlp.mentions import MentionResolver

# Opening mark -> the marks that may close it. „ closes with “ (German) or ” (some English reprints).
PAIRS: dict[str, str] = {"“": "”", "«": "»", "„": "“”", "‘": "’", '"': '"', "‚": "‘’", "»": "«"}
# Embedded stretches of at most this many words are scare quotes (the “backyard”), not quotes.
SCARE_WORDS = 3
# A quoted stretch that covers at least this share of a content clause is that clause: "said that “…”" is
# one direct quote, not an indirect quote around a direct one.
CLAUSE_COVERAGE = 0.8
# Section headings are short and unpunctuated; a pronoun does not reach back across one.
HEADING_WORDS = 6
# Pronouns that stand for one person; "they" or "it" are left to the quote run (see _prefer_current_speaker).
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
COLLECTIVE_PRONOUNS = frozenset({"it", "they"})
# How many quotes a pronoun's resolution may step back over when the named person is only inside a quote.
MAX_QUOTE_SKIPS = 5
# Cues that hand the word to someone else: after "he replied", "he" is not the speaker of the quote before.
TURN_TAKING_CUES = frozenset({"reply", "respond", "answer", "ask", "retort"})
# Cues that say the speaker was already speaking ("…, Umarov added"); see _reach_across_headings.
CONTINUING_CUES = frozenset({"add", "continue"})
# An indirect quote shorter than this is a fragment the parser cut off, not a reported statement.
MIN_INDIRECT_WORDS = 3
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Links from a participle or infinitive cue up to the verb whose subject speaks: "he said, adding that …",
# "he went on to claim", "Lavrov said X and warned Y".
SUBJECT_CLIMB_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "ccomp", "parataxis", "acl"})
# Modifiers of a speaker's head noun that are not part of the name ("Max Hess, fellow at …").
NAME_EXCLUDED_DEPS = frozenset({"appos", "relcl", "acl", "punct", "cc", "conj", "prep", "advmod"})
_SENTENCE_END = frozenset({".", "!", "?"})
_CLOSING_MARKS = frozenset("”»’\"")
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_OPEN_CONTEXT = frozenset("([{—–-/")
_VERB_TAGS = frozenset({"VERB", "AUX"})


# ---- quoted stretches in plain text ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    """A quoted stretch: ``text[start:end]`` are the words between the marks (trimmed).

    ``opening`` is the offset of the opening mark; ``closing`` of the closing mark, or None when the quote
    runs to the end of its paragraph without closing.
    """

    start: int
    end: int
    opening: int
    closing: int | None
    paragraph: int
    standalone: bool
    words: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph: text between blank lines, trimmed of surrounding whitespace."""
    spans = []
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        stop = match.start() if match else len(text)
        chunk = text[position:stop]
        stripped = chunk.strip()
        if stripped:
            begin = position + len(chunk) - len(chunk.lstrip())
            spans.append((begin, begin + len(stripped)))
        position = match.end() if match else len(text)
    return spans


def quote_segments(text: str) -> list[Segment]:
    """Every top-level quoted stretch of ``text``, paragraph by paragraph; never fails on unbalanced marks."""
    found: list[Segment] = []
    for index, (start, end) in enumerate(paragraphs(text)):
        found.extend(_paragraph_segments(text, start, end, index))
    return found


def _paragraph_segments(text: str, start: int, end: int, paragraph: int) -> Iterator[Segment]:
    """Scan one paragraph for opening and closing marks; inner quotes of other kinds are left inside."""
    position = start
    while position < end:
        opening = _next_opening(text, position, end)
        if opening is None:
            return
        closing = _closing(text, opening, end)
        segment = _segment(text, start, opening, closing, end, paragraph)
        if segment is not None:
            yield segment
        position = (closing if closing is not None else end) + 1


def _next_opening(text: str, position: int, end: int) -> int | None:
    for index in range(position, end):
        if text[index] in PAIRS and _can_open(text, index, end):
            return index
    return None


def _can_open(text: str, index: int, end: int) -> bool:
    """A mark opens when it starts a word: not an apostrophe ("it’s") nor a closing mark."""
    mark = text[index]
    after = text[index + 1] if index + 1 < end else ""
    if not after or after.isspace():
        return False
    before = text[index - 1] if index > 0 else " "
    if mark in "‘'\"‚»" or mark == "„":
        return before.isspace() or before in _OPEN_CONTEXT or before in "“\"«„" or index == 0
    return True


def _closing(text: str, opening: int, end: int) -> int | None:
    """The first mark that closes ``text[opening]`` and ends a word; None if the paragraph ends first."""
    closers = PAIRS[text[opening]]
    single = text[opening] in "‘‚"
    for index in range(opening + 1, end):
        char = text[index]
        if char not in closers:
            continue
        after = text[index + 1] if index + 1 < end else " "
        if single and (after.isalnum() or text[index - 1].isspace()):
            continue  # an apostrophe: "it’s", "’90s"
        return index
    return None


def _segment(text: str, paragraph_start: int, opening: int, closing: int | None, end: int,
             paragraph: int) -> Segment | None:
    raw_end = closing if closing is not None else end
    content = text[opening + 1:raw_end]
    left = len(content) - len(content.lstrip())
    trimmed = content.strip().rstrip(",;:").rstrip()
    if not trimmed:
        return None
    start = opening + 1 + left
    words = len(_WORD.findall(trimmed))
    return Segment(start, start + len(trimmed), opening, closing, paragraph,
                   _standalone(text, paragraph_start, opening), words)


def _standalone(text: str, paragraph_start: int, opening: int) -> bool:
    """Whether the quote stands alone: at a paragraph start or after sentence-end, colon, comma or dash."""
    before = text[paragraph_start:opening].rstrip()
    if not before:
        return True
    return before[-1] in ".!?:,;—–" or before[-1] in "”\"»’"


# ---- cues and speakers ----------------------------------------------------------------------------------------


@functools.cache
def speech_cues() -> frozenset[tuple[str, str | None]]:
    """``(lemma, particle)`` pairs from ``data/quotes_cues.txt``; particle None when the verb needs none."""
    lines = resources.files("newsdossier").joinpath("data/quotes_cues.txt").read_text(encoding="utf-8")
    cues = set()
    for line in lines.splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            cues.add((words[0].lower(), words[1].lower() if len(words) > 1 else None))
    return frozenset(cues)


@functools.cache
def _cue_particles() -> dict[str, frozenset[str | None]]:
    """Speech cues by lemma: the particles each takes (None for the bare verb), so a token is looked up once."""
    particles: dict[str, set[str | None]] = {}
    for lemma, particle in speech_cues():
        particles.setdefault(lemma, set()).add(particle)
    return {lemma: frozenset(options) for lemma, options in particles.items()}


def is_cue(token: Token) -> bool:
    """A speech verb ("said", "pointed out") or the "according" of "according to X".

    Called on every token of every article, so the cheap tests come first and the cue list is one dict lookup.
    """
    if token.lower_ == "according" and any(child.lower_ == "to" for child in token.children):
        return True
    if token.pos_ not in _VERB_TAGS:
        return False
    particles = _cue_particles().get(token.lemma_.lower())
    if particles is None:
        return False
    if None in particles:
        return True
    return any(child.dep_ == "prt" and child.lower_ in particles for child in token.children)


def speaker_token(cue: Token, quoted: frozenset[int] | set[int] = frozenset()) -> Token | None:
    """The token naming who speaks: the cue's subject, its head's subject for participles, X of "according to X".

    Tokens in ``quoted`` (inside quote marks) are never the speaker, whatever the parse attached to the cue.
    """
    if cue.lower_ == "according":
        to = next((child for child in cue.children if child.lower_ == "to"), None)
        return next((child for child in to.children if child.dep_ == "pobj"), None) if to is not None else None
    current = cue
    for _ in range(4):
        subjects = [child for child in current.children if child.dep_ in SUBJECT_DEPS and child.i not in quoted]
        if not subjects and current is cue:
            subjects = _inverted_subject(cue, quoted)
        # an inverted cue ("said co-ordinator Jane Roe") can get two subjects: the name is the speaker
        subject = next((t for t in subjects if t.pos_ == "PROPN"), subjects[0] if subjects else None)
        if subject is not None:
            if subject.lower_ in RELATIVE_PRONOUNS and current.dep_ == "relcl":
                return current.head
            return subject
        if current.dep_ not in SUBJECT_CLIMB_DEPS or current.head.i == current.i:
            return None
        current = current.head
    return None


def _inverted_subject(cue: Token, quoted: frozenset[int] | set[int]) -> list[Token]:
    """"“…,” read the warning": after a quote the speaker may follow the cue and be parsed as its object."""
    before = cue.i - 1
    while before >= 0 and (cue.doc[before].is_punct and cue.doc[before].text not in _CLOSING_MARKS):
        before -= 1
    if before < 0 or before not in quoted:
        return []
    return [child for child in cue.rights if child.dep_ in ("dobj", "attr", "npadvmod")
            and child.pos_ in ("NOUN", "PROPN") and child.i not in quoted][:1]


def name_span(token: Token) -> Span:
    """The noun phrase a speaker token heads, without appositions or clauses ("Max Hess, fellow at …")."""
    doc = token.doc
    ent = next((ent for ent in doc.ents if ent.start <= token.i < ent.end), None)
    if ent is not None:
        first, last = ent.start, ent.end - 1
    else:
        tokens = [token]
        for child in token.children:
            if child.dep_ not in NAME_EXCLUDED_DEPS:
                tokens.extend(child.subtree)
        first, last = min(t.i for t in tokens), max(t.i for t in tokens)
    # never across a line break: the parser joins a credit line to the name below it
    for index in range(token.i - 1, first - 1, -1):
        if "\n" in doc[index].text_with_ws:
            first = index + 1
            break
    for index in range(token.i, last):
        if "\n" in doc[index].text_with_ws:
            last = index
            break
    return doc[first:last + 1]


def resolve_speaker(token: Token, resolver: MentionResolver,
                    quoted: Callable[[int], Segment | None] = lambda offset: None,
                    text: str | None = None) -> tuple[ActorRef | None, bool]:
    """The actor a speaker token stands for, and whether it was reached through a pronoun.

    ``quoted`` tells whether a character offset lies inside quoted words: a person named only inside a quote
    ("… under Vladimir Putin,” he said) is not who "he" is, so resolution then restarts before that quote.
    A description ("the Kazakh foreign minister", "a joint declaration") is left to ``resolver.actor``, which
    knows titles and roles; it is never guessed from the last person named. ``text`` is ``token.doc.text``
    when the caller has it: spaCy joins the whole document again on every ``Doc.text``.
    """
    if text is None:
        text = token.doc.text
    if token.pos_ == "PRON" or token.lower_ in PERSON_PRONOUNS:
        if token.lower_ in PERSON_PRONOUNS:
            return _person_outside_quotes(token, resolver, quoted, text), True
        return None, True
    span = name_span(token)
    if token.pos_ == "PROPN":
        return (resolver.actor(span) or _unregistered_person(span, text)), False
    return (_named_in_apposition(token, resolver) or resolver.actor(span)), False


def _person_outside_quotes(token: Token, resolver: MentionResolver,
                           quoted: Callable[[int], Segment | None], text: str) -> ActorRef | None:
    """``resolver.person_before``, stepping back over quotes when the person found is named only inside one."""
    doc = token.doc
    probe = token
    for _ in range(MAX_QUOTE_SKIPS):
        person = resolver.person_before(probe)
        if person is None:
            return None
        mention = antecedent_offset(text, person.name, probe.idx)
        segment = quoted(mention) if mention is not None else None
        if segment is None:
            return replace(person, start=token.idx, end=token.idx + len(token))
        probe_token = _token_before(doc, segment.opening)
        if probe_token is None:
            return None
        probe = probe_token
    return None


def antecedent_offset(text: str, name: str, before: int) -> int | None:
    """Where ``name`` (or its last word, the surname) was last written before ``before``; None if nowhere."""
    words = name.split()
    if not words:
        return None
    best = None
    for variant in {name, words[-1]}:
        for match in re.finditer(rf"(?<!\w){re.escape(variant)}(?!\w)", text[:before]):
            best = match.start() if best is None else max(best, match.start())
    return best


def _token_before(doc: Doc, offset: int) -> Token | None:
    """The last non-space token ending at or before ``offset``."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    index = span.start - 1 if span is not None and len(span) else None
    while index is not None and index >= 0 and doc[index].is_space:
        index -= 1
    return doc[index] if index is not None and index >= 0 else None


def _named_in_apposition(token: Token, resolver: MentionResolver) -> ActorRef | None:
    """"the foreign minister, Jane Roe, said" / "analysts Jane Roe and John Doe wrote": the first person named
    beside a described speaker, which says more than the description. (One speaker per quote: co-authors
    beyond the first are not recorded.)"""
    for child in token.children:
        if child.dep_ != "appos":
            continue
        for name in (child, *child.conjuncts):
            actor = resolver.actor(name_span(name))
            if actor is not None and actor.kind == "person":
                return actor
    return None


def _unregistered_person(span: Span, text: str) -> ActorRef | None:
    """A capitalised name the resolver does not know, as the subject of a speech verb, is a person."""
    names = [t for t in span if t.pos_ == "PROPN"]
    if not names or any(t.ent_type_ and t.ent_type_ != "PERSON" for t in names):
        return None
    first, last = names[0], names[-1]
    return ActorRef(text[first.idx:last.idx + len(last)], "person", None, first.idx, last.idx + len(last))


# ---- attribution -------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Attribution:
    """Who said something and when; shared by the quotes that continue one cue."""

    speaker: ActorRef | None
    date: EventDate
    cue: Token | None
    via_pronoun: bool = False
    pronoun: str | None = None
    antecedent: int | None = None  # where a pronoun speaker was last named before the cue


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    direct: bool
    paragraph: int
    attribution: Attribution | None = None
    own_cue: bool = False
    segment: Segment | None = None


@dataclass(slots=True)
class _State:
    doc: Doc
    context: ArticleContext
    resolver: MentionResolver
    text: str  # doc.text, joined once: spaCy rebuilds it from the tokens on every access
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    quoted: set[int] = field(default_factory=set)
    attributions: dict[int, Attribution] = field(default_factory=dict)

    def segment_at(self, offset: int) -> Segment | None:
        """The quoted stretch (marks included) holding ``offset``, if any."""
        for segment in self.segments:
            stop = segment.closing if segment.closing is not None else segment.end
            if segment.opening <= offset <= stop:
                return segment
        return None


def extract_quotes(doc: Doc, context: ArticleContext, resolver: MentionResolver) -> list[ExtractedQuote]:
    """Direct and indirect quotes of ``doc`` in text order, each with its speaker, date and exact evidence."""
    text = doc.text
    state = _State(doc, context, resolver, text, paragraphs(text))
    segments = quote_segments(text)
    state.segments = segments
    state.quoted = _quoted_tokens(doc, segments)
    indirect, covered = _indirect_quotes(state, segments)
    direct = _direct_quotes(state, segments, covered)
    found = sorted(direct + indirect, key=lambda item: item.start)
    _attribute_continuations(state, found)
    _reach_across_headings(text, found)
    return [_record(state, item) for item in found]


def _quoted_tokens(doc: Doc, segments: list[Segment]) -> set[int]:
    """Indices of tokens inside quote marks (marks included): never cues, never speakers."""
    inside: set[int] = set()
    for segment in segments:
        stop = segment.closing + 1 if segment.closing is not None else segment.end
        span = doc.char_span(segment.opening, stop, alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start, span.end))
    return inside


def _attribution(state: _State, cue: Token) -> Attribution:
    """Speaker and date of one cue, computed once."""
    known = state.attributions.get(cue.i)
    if known is None:
        holder = speaker_token(cue, state.quoted)
        speaker, via_pronoun = (resolve_speaker(holder, state.resolver, state.segment_at, state.text)
                                if holder is not None else (None, False))
        date = dates.event_date(cue.sent, state.context, cue)
        pronoun = holder.lower_ if holder is not None and holder.pos_ == "PRON" else None
        antecedent = (antecedent_offset(state.text, speaker.name, holder.idx)
                      if via_pronoun and speaker is not None and holder is not None else None)
        known = state.attributions[cue.i] = Attribution(speaker, date, cue, via_pronoun, pronoun, antecedent)
    return known


# ---- indirect speech -------------------------------------------------------------------------------------------


def _indirect_quotes(state: _State, segments: list[Segment]) -> tuple[list[_Found], set[Segment]]:
    """Content clauses of speech cues; also the quoted stretches they contain (reported inside the clause)."""
    found: list[_Found] = []
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
        if end <= start or len(_WORD.findall(state.text[start:end])) < MIN_INDIRECT_WORDS:
            continue
        if any(_overlaps(start, end, s.opening, s.end) for s in standalone):
            continue
        inside = [s for s in segments if _overlap(start, end, s.start, s.end) >= 0.5 * (s.end - s.start)]
        if any(_overlap(start, end, s.start, s.end) >= CLAUSE_COVERAGE * (end - start) for s in inside):
            continue  # the clause is itself a quote: left to the direct pass, which will find this cue
        covered.update(inside)
        found.append(_Found(start, end, False, paragraph, _attribution(state, token), own_cue=True))
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
        if closing is None and tokens[-1].text in _CLOSING_MARKS:
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


def _clipped(state: _State, clause: Span, paragraph: int) -> tuple[int, int]:
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


# ---- direct speech ---------------------------------------------------------------------------------------------


def _direct_quotes(state: _State, segments: list[Segment], covered: set[Segment]) -> list[_Found]:
    """Standalone quotes, and embedded partial quotes that a speech cue governs."""
    by_paragraph: dict[int, list[Segment]] = {}
    for segment in segments:
        by_paragraph.setdefault(segment.paragraph, []).append(segment)
    found: list[_Found] = []
    for members in by_paragraph.values():
        anchors = [s for s in members if s.standalone]
        for segment in members:
            if segment in covered:
                continue
            item = _direct(state, segment, anchors)
            if item is not None:
                found.append(item)
    return found


def _direct(state: _State, segment: Segment, anchors: list[Segment]) -> _Found | None:
    """One quoted stretch as a quote, with the cue that introduces it if there is one."""
    cue = _cue_after(state, segment, anchors) or _cue_before(state, segment, anchors)
    if not segment.standalone:
        if segment.words <= SCARE_WORDS or cue is None or _inside_speaker(state, cue, segment):
            return None
    elif segment.words <= SCARE_WORDS and not _starts_sentence(state.text, segment) and cue is None:
        return None
    attribution = _attribution(state, cue) if cue is not None else None
    return _Found(segment.start, segment.end, True, segment.paragraph, attribution, cue is not None, segment)


def _starts_sentence(text: str, segment: Segment) -> bool:
    before = text[:segment.opening].rstrip()
    return not before or before[-1] in ".!?:\n"


def _region_tokens(state: _State, start: int, end: int) -> list[Token]:
    """Unquoted tokens whose text lies in ``[start, end)``."""
    span = state.doc.char_span(start, end, alignment_mode="contract") if end > start else None
    if span is None:
        return []
    return [t for t in span if t.i not in state.quoted]


def _cue_after(state: _State, segment: Segment, anchors: list[Segment]) -> Token | None:
    """"“…,” he said": the first cue after the quote, in the same sentence."""
    text = state.text
    if segment.closing is None or text[segment.start:segment.end].rstrip()[-1:] == ".":
        return None
    limit = _next_anchor_opening(segment, anchors, state.paragraphs[segment.paragraph][1])
    for token in _region_tokens(state, segment.closing + 1, limit):
        if token.text in _SENTENCE_END:
            return None
        if is_cue(token):
            return token
    return None


def _cue_before(state: _State, segment: Segment, anchors: list[Segment]) -> Token | None:
    """"Lavrov told the agency: “…”", "adding, “…”": the last cue before the quote, in the same sentence."""
    region_start = _previous_anchor_end(segment, anchors, state.paragraphs[segment.paragraph][0])
    for token in reversed(_region_tokens(state, region_start, segment.opening)):
        if token.text in _SENTENCE_END:
            return None
        if is_cue(token):
            return token
    return None


def _next_anchor_opening(segment: Segment, anchors: list[Segment], paragraph_end: int) -> int:
    later = [s.opening for s in anchors if s.opening > segment.opening]
    return min(later) if later else paragraph_end


def _previous_anchor_end(segment: Segment, anchors: list[Segment], paragraph_start: int) -> int:
    earlier = [s.closing + 1 for s in anchors if s.opening < segment.opening and s.closing is not None]
    return max(earlier) if earlier else paragraph_start


def _inside_speaker(state: _State, cue: Token, segment: Segment) -> bool:
    """A quoted title inside the speaker's description ("author of “Economic War”") is not their quote."""
    holder = speaker_token(cue, state.quoted)
    if holder is None:
        return False
    subtree = list(holder.subtree)
    return subtree[0].idx <= segment.opening and segment.end <= subtree[-1].idx + len(subtree[-1])


# ---- quotes without a cue -------------------------------------------------------------------------------------


def _attribute_continuations(state: _State, found: list[_Found]) -> None:
    """Quotes without a cue continue the quote before them, or the next paragraph's when theirs never closed.

    Runs in text order, so a pronoun cue can prefer the speaker of the quote just before (see
    :func:`_prefer_current_speaker`) once that quote's own speaker is settled.
    """
    for index, item in enumerate(found):
        if item.attribution is not None:
            if item.own_cue and item.attribution.via_pronoun:
                _prefer_current_speaker(state, found, index)
            continue
        if item.segment is not None and item.segment.closing is None:
            forward = _forward(state, found, index)
            if forward is not None:
                item.attribution = forward
                continue
        item.attribution = _backward(found, index)


def _forward(state: _State, found: list[_Found], index: int) -> Attribution | None:
    """A quote left open at a paragraph end continues into the next paragraph if that opens with a quote."""
    current = found[index]
    for later in found[index + 1:]:
        if later.paragraph == current.paragraph:
            continue
        if (later.paragraph != current.paragraph + 1 or later.segment is None
                or later.segment.opening != state.paragraphs[later.paragraph][0]):
            return None
        own = next((x for x in found if x.paragraph == later.paragraph and x.direct and x.own_cue), None)
        if own is not None:
            return own.attribution
        if later.segment.closing is not None:
            return None
        current = later
    return None


def _prefer_current_speaker(state: _State, found: list[_Found], index: int) -> None:
    """In a run of quotes, "he said" is the person already speaking, not the last person named.

    "“…,” Macron said as he addressed President Tokayev. / “…,” he said." — the nearest named person is the
    addressee, but reporting convention keeps the pronoun on the current speaker. Not applied when the cue
    hands over the turn ("he replied"), when the pronoun's antecedent is named in this same paragraph, when
    the two pronouns differ in gender, or for "it"/"they" when a sentence stands between quote and cue.
    """
    item = found[index]
    attribution = item.attribution
    earlier = _previous(found, index)
    previous = earlier.attribution if earlier is not None else None
    if attribution is None or earlier is None or previous is None or previous.speaker is None:
        return
    if attribution.cue is None or (attribution.pronoun in COLLECTIVE_PRONOUNS
                                   and not _adjacent(state.doc, earlier, attribution.cue)):
        return
    if not _fits_pronoun(attribution.pronoun, previous.speaker) or _same_actor(attribution.speaker, previous.speaker):
        return
    if attribution.cue.lemma_.lower() in TURN_TAKING_CUES or not _same_gender(attribution, previous):
        return
    paragraph_start = state.paragraphs[item.paragraph][0] if item.paragraph < len(state.paragraphs) else 0
    if attribution.antecedent is not None and paragraph_start <= attribution.antecedent:
        return
    if attribution.pronoun in PERSON_PRONOUNS and previous.speaker.kind != "person":
        # "he" refers to it, so the unknown name NER took for an organisation ("Umarov said") is a person
        previous.speaker = replace(previous.speaker, kind="person")
    attribution.speaker = previous.speaker
    attribution.antecedent = previous.speaker.start


def _adjacent(doc: Doc, earlier: _Found, cue: Token) -> bool:
    """Whether the earlier quote ends in the cue's sentence or the one just before: "it"/"they" pick up the
    last sentence's subject, and any sentence between may introduce a new one ("The report … It says")."""
    sentence = cue.sent
    previous_sentence = doc[sentence.start - 1].sent if sentence.start > 0 else sentence
    return previous_sentence.start_char <= earlier.end <= sentence.end_char


def _fits_pronoun(pronoun: str | None, actor: ActorRef) -> bool:
    """"he"/"she" fit a person or an unplaced name (never a state or a registry organisation); "it"/"they" fit
    an organisation, government or state; other pronouns ("I", "we", "this") are not followed."""
    if pronoun in PERSON_PRONOUNS:
        return actor.kind == "person" or (actor.kind == "organisation" and actors.lookup(actor.name) is None)
    if pronoun in COLLECTIVE_PRONOUNS:
        return actor.kind != "person"
    return False


def _same_actor(one: ActorRef | None, other: ActorRef | None) -> bool:
    return one is not None and other is not None and one.name == other.name and one.kind == other.kind


def _same_gender(one: Attribution, other: Attribution) -> bool:
    female = {"she", "her"}
    if one.pronoun is None or other.pronoun is None:
        return True
    return (one.pronoun in female) == (other.pronoun in female)


def _backward(found: list[_Found], index: int) -> Attribution | None:
    """The attribution of the previous quote in this paragraph or the last quote of the previous one."""
    earlier = _previous(found, index)
    return earlier.attribution if earlier is not None else None


def _previous(found: list[_Found], index: int) -> _Found | None:
    """The previous attributed quote in this paragraph or the previous one."""
    current = found[index]
    for earlier in reversed(found[:index]):
        if earlier.paragraph < current.paragraph - 1:
            return None
        if earlier.attribution is not None:
            return earlier
    return None


def _reach_across_headings(text: str, found: list[_Found]) -> None:
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
        words = _WORD.findall(line)
        if (0 < len(words) <= HEADING_WORDS and line[0].isupper() and line[-1] not in ".!?:;,”\"’»)"
                and not any(mark in line for mark in PAIRS) and "|" not in line):
            found.append(start)
    return found


def _heading_between(headings: list[int], antecedent: int | None, position: int) -> int | None:
    if antecedent is None:
        return None
    return next((h for h in headings if antecedent < h < position), None)


def _next_heading(headings: list[int], position: int, default: int) -> int:
    return next((h for h in headings if h > position), default)


def _first_named_after(found: list[_Found], position: int, limit: int) -> Attribution | None:
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


# ---- records -----------------------------------------------------------------------------------------------


def _record(state: _State, item: _Found) -> ExtractedQuote:
    text = state.text[item.start:item.end]
    attribution = item.attribution
    date = attribution.date if attribution is not None else dates.reported(state.context.published)
    cue = attribution.cue if attribution is not None and item.own_cue else None
    evidence = Evidence(state.context.article_id, item.start, item.end, text, state.context.field)
    return ExtractedQuote(attribution.speaker if attribution is not None else None, " ".join(text.split()),
                          item.direct, date, evidence, _cue_text(cue))


def _cue_text(cue: Token | None) -> str | None:
    if cue is None:
        return None
    if cue.lower_ == "according":
        return "according to"
    particle = next((child.text for child in cue.children if child.dep_ == "prt"), None)
    return f"{cue.text} {particle}" if particle else cue.text
