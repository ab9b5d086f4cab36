"""Who did what to whom, read from the dependency parse and coded in CAMEO, mapped to PLOVER.

Each verb (and event noun: "the Nov. 9 meeting", "a visit to Astana") is looked up in the patterns of
``data/cameo_verbs.tsv`` (see :mod:`newsdossier.lexicon.cameo`); a match gives the CAMEO code. The subject (or the
passive agent) is the source and the object or prepositional object the target; both are handed to the
article's :class:`~newsdossier.nlp.mentions.MentionResolver`, which turns noun phrases into actors and splits lists,
so one event is emitted per source x target pair. Everything about words (patterns, negation and hedging cues,
group anaphors) is data; this package only walks the tree.

Measured by ``eval/eval_events.py`` (seed articles against the hand-made gold: 15 of 15 gold events found,
115 events extracted) and ``eval/eval_petrarch.py`` (PETRARCH's real-news sentences: precision 0.60, recall
0.54, F1 0.57 on (source country, target country, CAMEO root); most misses are people the registry cannot
place, such as a bare "Obama"; without those sentences F1 is 0.74):

    PYTHONPATH=src .venv/bin/python eval/eval_events.py
    PYTHONPATH=src .venv/bin/python eval/eval_petrarch.py

What the module adds to the parse, beyond pattern matching: control verbs ("agreed to lift" codes the lifting,
"wants to attack" the threat 138, "refused to recognise" the refusal, "urged X to" only the appeal); plans told
in a statement ("announced it would free" -> intent 035) and intentions ("its intention to restrain X");
group anaphors ("the two sides" = the actors of the last event, "all five" = the last list of five);
"it"/"they"; lists of nationalities ("US and British activists" -> two actors); the origin of a passive attack
("fired at it from the Gaza Strip"); negation, conditions ("unless X is disarmed"), stated refusals ("would
not provide" -> 12x) and hedges; a speaker's claim that someone did harm becomes an accusation (112), and one
owning a past act a claim of responsibility (015), the act itself being flagged ``attributed``; the deed someone
is jailed or blamed for is no event of its own; an event told "then" takes the date of the one before.

Cost: every token is one dict lookup; only matched triggers walk their arguments' subtrees and a bounded
chain of ancestors, so a document costs about its length times a small constant (at most a sentence's length
per trigger). On the 2,520-article news corpus it adds about 2.5 ms per article to parsing.

The work is split by step: :mod:`.extraction` runs a field sentence by sentence; :mod:`.triggers` finds the
coded tokens; :mod:`.trigger_events` makes one trigger's events from its sides (:mod:`.roles`), found as tokens
(:mod:`.arguments`) and turned into actors (:mod:`.actors`, with :mod:`.owners` for unresolved phrases and
:mod:`.groups` for group anaphors), its :mod:`.modality` (negation, refusal, hedging) and its
:mod:`.circumstances` (place, date); :mod:`.accusations` adds what speech about those events implies.
:mod:`.run` holds the state of one call, :mod:`.syntax` the label sets and tree steps all share, and
:mod:`.actor_refs` the comparisons of actors.
"""

from __future__ import annotations

from newsdossier.nlp.extract.events.extraction import extract_events

__all__ = ["extract_events"]
