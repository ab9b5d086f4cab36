"""Whether a trigger's sense is one its story's topic rules out ("beat Andy Roddick" in a match report).

The senses are data (``data/cameo_senses.tsv``): a trigger (part of speech and lemma) and the topics in which
it names no political event. The article's topic comes from :mod:`newsdossier.lexicon.topics` through the
extraction context; an article whose topic is unknown or ``general`` keeps every sense. Beside the topics, one
sense is ruled out in every story: a request to comment ("CNBC asked the Kremlin to comment") is a
journalist's question, not an appeal between actors (``comment_request`` cues of ``cameo_cues.tsv``).
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from newsdossier import lexicon
from newsdossier.errors import DataError
from newsdossier.lexicon import cameo
from newsdossier.lexicon.topics import TOPICS

SENSES = "cameo_senses.tsv"


@cache
def _ruled_out() -> dict[tuple[str, str], frozenset[str]]:
    """(pos, lemma) -> topics where the trigger is no event."""
    found: dict[tuple[str, str], frozenset[str]] = {}
    for number, cells in lexicon.rows(SENSES, 3):
        topics = frozenset(topic.strip() for topic in cells[2].split(","))
        unknown = topics - set(TOPICS)
        if unknown:
            raise DataError(f"data/{SENSES}:{number}: unknown topic {sorted(unknown)[0]!r}")
        found[(cells[0], cells[1])] = topics
    return found


def out_of_sense(pos: str, token: Token, topic: str | None) -> bool:
    """Whether the trigger ``token`` (a ``V`` verb or ``N`` noun pattern) names no event in a story of
    ``topic``."""
    if _is_comment_request(token):
        return True
    if not topic:
        return False
    return topic in _ruled_out().get((pos, token.lemma_.lower()), frozenset())


def _is_comment_request(token: Token) -> bool:
    """"asked the Kremlin to comment", "requests for comment": a question put by the press."""
    cues = cameo.cues()
    if token.lemma_.lower() not in cues.get("comment_request_verb", frozenset()):
        return False
    wanted = cues.get("comment_request", frozenset())
    for child in token.children:
        if child.dep_ in ("xcomp", "ccomp", "advcl") and child.lemma_.lower() in wanted:
            return True
        if child.dep_ == "prep" and any(grand.lemma_.lower() in wanted for grand in child.children):
            return True
    return False
