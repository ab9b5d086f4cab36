"""Questions about a token or a phrase of a parsed field that need nothing the resolver learned.

The entity a token is part of, its depth in the parse, whether it is a clause subject, whether a character
offset sits in a photo credit, the sentences before one, one member of a coordination, the examples of a
vague group, the count a plural phrase states. Separate because they read the parse and the text alone: the
resolver's parts (people, pronouns, phrases, lists) all use them, and none needs the registry or the roles.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from spacy.tokens import Span, Token

from newsdossier import settings
from newsdossier.lexicon.words import NOMINAL_SUBJECTS
from newsdossier.nlp.mentions.word_lists import CREDIT_WORDS, EXAMPLE_CUES, NUMBER_WORDS, WHOLE_WORDS

# Text of a parenthesised photo credit ("(Jane Roe/AP)", "(AP Photo)") or a credit line ("A | Getty Images").
_CREDIT = re.compile(r"/|\b(" + "|".join(re.escape(word) for word in CREDIT_WORDS) + r")\b", re.IGNORECASE)


def run_text(tokens: Sequence[Token]) -> str:
    """The text of a contiguous token run as written (``Doc.text`` is rebuilt on every access; a span's
    text is not)."""
    return tokens[0].doc[tokens[0].i:tokens[-1].i + 1].text


def entity_of(tok: Token) -> Span | None:
    """The named entity a token is part of."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def parse_depth(tok: Token) -> int:
    """Steps from the token up to its sentence root, at most the ``max_parse_depth`` setting."""
    depth = 0
    while tok.head.i != tok.i and depth < settings.active().max_parse_depth:
        tok = tok.head
        depth += 1
    return depth


def is_subject(root: Token) -> bool:
    """A subject, or the head of a subject's apposition ("Tom Becker, fellow at ..., told")."""
    if root.dep_ in NOMINAL_SUBJECTS:
        return True
    return root.dep_ in ("appos", "compound") and root.head.dep_ in NOMINAL_SUBJECTS


def is_credit(text: str, char: int) -> bool:
    """A name inside a photo credit: a parenthesis holding "/" or "Photo", or a line of "|" fields."""
    line_start = text.rfind("\n", 0, char) + 1
    line_end = text.find("\n", char)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if " | " in line:
        return True
    opening = text.rfind("(", line_start, char)
    if opening < 0 or ")" in text[opening:char]:
        return False
    closing = text.find(")", char)
    if closing < 0 or (line_end >= 0 and closing > line_end):
        return False
    return bool(_CREDIT.search(text[opening + 1:closing]))


def sentences_back(sentence: Span, reach: int) -> Iterator[Span]:
    """This sentence and up to ``reach`` sentences before it, nearest first."""
    doc = sentence.doc
    current: Span | None = sentence
    for _ in range(reach + 1):
        if current is None:
            return
        yield current
        current = doc[current.start - 1].sent if current.start > 0 else None


def compound_phrase(root: Token) -> str:
    """"Foreign Ministry" from the head and its compound modifiers, lower case."""
    words = [c.lower_ for c in root.lefts if c.dep_ == "compound"] + [root.lower_]
    return " ".join(words[-3:])


def conjunct_span(tok: Token, outer: Span) -> Span:
    """One member of a coordination: the token and its own dependents, not the next members."""
    doc = tok.doc
    left = max(outer.start, tok.left_edge.i)
    right = tok.i
    for child in tok.rights:
        if child.dep_ in ("conj", "cc", "appos") or (child.dep_ == "punct" and child.i > tok.i):
            break
        right = max(right, child.right_edge.i)
    lefts = [c for c in tok.lefts if c.dep_ not in ("cc", "punct", "preconj")]
    left = max(outer.start, min(c.left_edge.i for c in lefts)) if lefts else tok.i
    return doc[left:min(right, outer.end - 1) + 1]


def _introduces_examples(prep: Token) -> bool:
    """"including", "like", or "as" after "such": a preposition whose object lists examples."""
    for *modifiers, word in EXAMPLE_CUES:
        if prep.lower_ == word and all(any(c.lower_ == modifier for c in prep.lefts) for modifier in modifiers):
            return True
    return False


def examples_of(root: Token, span: Span) -> Span | None:
    """The examples of "republics such as Armenia and Belarus" / "states including X and Y"."""
    for child in root.rights:
        if child.i >= span.end:
            break
        if child.dep_ == "prep" and _introduces_examples(child):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return span.doc[obj.left_edge.i:obj.right_edge.i + 1]
    return None


def stated_number(root: Token) -> int | None:
    """The count a plural noun phrase states ("the five countries", "both sides", "the 3 states")."""
    for child in root.children:
        if child.dep_ in ("nummod", "det", "predet", "quantmod", "amod"):
            if child.lower_ in NUMBER_WORDS:
                return NUMBER_WORDS[child.lower_]
            if child.like_num and child.text.isdigit():
                return int(child.text)
    return None


def says_all(root: Token) -> bool:
    """A plural phrase meant as the whole bloc: "the Central Asian countries", "all Central Asian states"."""
    plural = root.tag_ in ("NNS", "NNPS") or root.lower_.endswith("s")  # "the Baltic States" is tagged NNP
    return plural or any(c.lower_ in WHOLE_WORDS for c in root.children)
