"""Groups of actors remembered while an article is read, for the anaphors that point back to them ("the two
sides", "all five", "both", "they"): what a group anaphor is, and the memory of recent groups.

Separate because it is memory across sentences: a group is remembered from one event or list and recalled by
a later sentence.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsdossier.lexicon import cameo, registry
from newsdossier.models import ActorRef
from newsdossier.nlp.extract.events.actor_refs import STATE_KINDS, unique
from newsdossier.nlp.extract.events.arguments import arg_span
from newsdossier.nlp.extract.events.run import Run


def group_size(tok: Token) -> int | None:
    """Size of a group anaphor: "the two sides" -> 2, "both" -> 2, "all five" -> 5; None if not one."""
    numbers = cameo.group_numbers()
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NUM" or lemma == "both":
        # "all five abstained", "both agreed"; a number modifying something ("a two-day visit") is no anaphor
        return numbers.get(tok.lower_) if tok.dep_ not in ("nummod", "compound", "amod", "quantmod") else None
    if lemma in cameo.cues()["group_noun"] and not tok.ent_type_:
        for child in tok.children:
            if child.dep_ in ("nummod", "det", "predet", "quantmod") and child.lower_ in numbers:
                return numbers[child.lower_]
    return None


def as_states(group: list[ActorRef]) -> list[ActorRef]:
    """"the two countries" after a meeting of two presidents: the states those people act for."""
    states = [ActorRef(registry.country_name(a.country), "country", a.country, a.start, a.end)
              if a.kind not in STATE_KINDS and a.country else a for a in group]
    return states if all(a.country for a in states) else group


def remember(run: Run, actors: list[ActorRef]) -> None:
    if len(actors) >= 2:
        run.groups.append((run.sentence, actors))


def recent_group(run: Run, size: int | None, reach: int | None = None) -> list[ActorRef]:
    """The latest remembered group of actors of that size (any size of two or more when None), at most
    ``reach`` sentences back when given."""
    for sentence, group in reversed(run.groups):
        if reach is not None and run.sentence - sentence > reach:
            break
        if size is None or len(group) == size:
            return list(group)
    return []


def remember_coordinations(run: Run, sent: Span) -> None:
    """Lists of named places/peoples ("Kazakhstan, Uzbekistan and Tajikistan") are what "all three" means later."""
    for tok in sent:
        if tok.ent_type_ in ("GPE", "NORP") and tok.dep_ != "conj" and any(c.dep_ == "conj" for c in tok.children):
            actors = unique(run.resolver.actors_in(arg_span(tok)))
            remember(run, actors)
