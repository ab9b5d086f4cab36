"""An article's topic from its words: politics, conflict, economy, society, sport, culture, science or general.

Event patterns have senses a topic rules out: "beat Andy Roddick" is no assault and "met the cross" no
meeting in a match report, "launched a phone" no attack in a technology story. The extractor needs only to
know what kind of story it reads, so a transparent word-count classifier does: each topic has cue words
(``data/topic_words.tsv``); an article scores, per topic, the occurrences of its cue words in the body plus
twice those in the title, and takes the best topic when its score is at least ``MIN_SCORE`` and ``MARGIN``
times the runner-up's, else ``general``. No model to ship or train; measured against the BBC categories of
the evaluation corpus by ``eval/eval_topics.py`` (README > Evaluation).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from newsdossier import lexicon

WORDS = "topic_words.tsv"
TOPICS = ("politics", "conflict", "economy", "society", "sport", "culture", "science")
GENERAL = "general"
# Fewer cue words than this and the article is too short or too unlike any topic to say.
MIN_SCORE = 4
# How far ahead of the runner-up the best topic must be.
MARGIN = 1.25
_WORD = re.compile(r"[a-z][a-z'-]*")


@cache
def cue_words() -> dict[str, str]:
    """word -> topic, from the data file."""
    return {word: topic for topic, word in lexicon.pairs(WORDS)}


def topic_scores(title: str | None, text: str) -> Counter[str]:
    cues = cue_words()
    scores: Counter[str] = Counter()
    for weight, part in ((2, title or ""), (1, text)):
        for word in _WORD.findall(part.lower()):
            topic = cues.get(word)
            if topic is not None:
                scores[topic] += weight
    return scores


def topic_of(title: str | None, text: str) -> str:
    """The topic of an article (see the module docstring)."""
    ranked = topic_scores(title, text).most_common(2)
    if not ranked or ranked[0][1] < MIN_SCORE:
        return GENERAL
    if len(ranked) > 1 and ranked[0][1] < MARGIN * ranked[1][1]:
        return GENERAL
    return ranked[0][0]
