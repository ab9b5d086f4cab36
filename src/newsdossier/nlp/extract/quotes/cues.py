"""Speech cues: the verbs ("said", "pointed out") and the "according to" that introduce what someone said.

Separate because both passes (direct and indirect) and the speaker search start from a cue, and because the
test runs on every token of every article: the cue list from ``data/quotes_cues.txt`` is indexed once by lemma.
"""

from __future__ import annotations

import functools

from spacy.tokens import Token

from newsdossier import lexicon

_VERB_TAGS = frozenset({"VERB", "AUX"})


@functools.cache
def speech_cues() -> frozenset[tuple[str, str | None]]:
    """``(lemma, particle)`` pairs from ``data/quotes_cues.txt``; particle None when the verb needs none."""
    cues = set()
    for line in lexicon.lines("quotes_cues.txt"):
        words = line.split()
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
