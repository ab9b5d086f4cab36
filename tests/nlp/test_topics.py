"""Article topics from cue words: invented stories of each kind, and the fallback for short or mixed text."""

from __future__ import annotations

import pytest

from newsdossier.lexicon.topics import GENERAL, TOPICS, cue_words, topic_of

STORIES = {
    "sport": ("Cup final", "The striker scored twice as the club won the cup final; the coach praised the squad "
                           "and the fans after the match."),
    "economy": ("Profits rise", "The company said quarterly profits rose as sales grew; its shares gained and "
                                "analysts expect revenue to rise despite inflation."),
    "conflict": ("Shelling goes on", "Troops and rebels exchanged artillery fire; the army said militants were "
                                     "killed in the fighting and the ceasefire collapsed."),
    "culture": ("New album", "The singer's album tops the charts as the band starts a tour; the film of the "
                             "concert premieres at the festival."),
}


@pytest.mark.parametrize("topic", sorted(STORIES))
def test_a_story_gets_its_topic(topic: str) -> None:
    title, text = STORIES[topic]
    assert topic_of(title, text) == topic


def test_too_little_to_tell_is_general() -> None:
    assert topic_of(None, "He said so on Monday.") == GENERAL
    assert topic_of("", "") == GENERAL


def test_every_cue_word_has_a_known_topic() -> None:
    assert set(cue_words().values()) <= set(TOPICS)
