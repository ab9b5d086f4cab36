"""Titles and role descriptions in a run of tokens: where a title is ("Acting Foreign Minister") and how two
mentions' titles compare.

Separate because titles are read apart from any one resolver: the role extractor finds "Kazakh Foreign
Minister X" with :func:`match_title`, and roles are compared with :func:`title_key` by the resolver (which
role holder a description means) and by the role extractor alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from newsdossier.nlp.mentions.doc_helpers import run_text
from newsdossier.nlp.mentions.word_lists import MEANING_PREFIXES, TITLE_KEY_SKIP, vocabulary


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """A title found in a run of tokens: ``tokens[start:end]`` (prefixes included), its text as written."""

    start: int
    end: int
    text: str
    plural: bool


def _phrase(tokens: Sequence[Token]) -> str:
    """Lower-case words of a token run with hyphens as spaces ("Secretary-General" = "secretary general")."""
    return " ".join(run_text(tokens).lower().replace("-", " ").split())


def match_title(tokens: Sequence[Token], end: int) -> TitleMatch | None:
    """The longest title phrase ending at ``tokens[end - 1]`` ("Acting Foreign Minister", "Secretary of
    State"), extended left over title prefixes ("acting", "deputy"); None if that token ends no title.
    A capitalised title only takes capitalised prefixes ("under Professor X" is not a title "under ...")."""
    vocab = vocabulary()
    if end <= 0 or not vocab.is_title_head(tokens[end - 1].text):
        return None
    best = None
    singular_head = vocab.singular(tokens[end - 1].text)
    for size in range(min(vocab.max_title_words + 2, end), 0, -1):
        words = _phrase(tokens[end - size:end]).split()
        if not words:
            continue
        words[-1] = singular_head
        if " ".join(words) in vocab.titles:
            best = end - size
            break
    if best is None:
        return None
    start = best
    capitalised = tokens[best].text[:1].isupper()
    while start > 0:
        prev = tokens[start - 1]
        if prev.text == "-" and start > 1 and tokens[start - 2].lower_ in vocab.prefixes:
            start -= 2
        elif prev.lower_ in vocab.prefixes and (prev.lower_ in MEANING_PREFIXES
                                                 or prev.text[:1].isupper() == capitalised):
            start -= 1
        else:
            break
    text = run_text(tokens[start:end])
    plural = singular_head != tokens[end - 1].lower_
    return TitleMatch(start, end, " ".join(text.split()), plural)


def title_key(title: str) -> str:
    """A title compared across mentions: case, "acting"/"interim" and a plural do not matter."""
    vocab = vocabulary()
    words = [w for w in title.lower().replace("-", " ").split() if w not in TITLE_KEY_SKIP]
    if words:
        words[-1] = vocab.singular(words[-1])
    return " ".join(words)
