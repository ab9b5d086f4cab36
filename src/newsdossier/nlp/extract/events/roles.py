"""Which actors are the source and which the target of a trigger: the subject and object of a verb (or the
origin of a passive attack), the holder of an event noun, and the first target candidate that resolves.

Separate because it only chooses sides: the candidate tokens come from :mod:`.arguments`, and :mod:`.actors`
turns them into actors.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsdossier.lexicon import cameo, registry
from newsdossier.models import ActorRef
from newsdossier.nlp.extract.events.actor_refs import UNRESOLVED, resolved
from newsdossier.nlp.extract.events.actors import actors_of
from newsdossier.nlp.extract.events.arguments import actor_modifiers, agents, clause_args, governors, target_candidates
from newsdossier.nlp.extract.events.run import Run
from newsdossier.nlp.extract.events.syntax import prep_objects


def roles(run: Run, tok: Token, pattern: cameo.Pattern) -> tuple[list[ActorRef], list[ActorRef]]:
    if pattern.pos == "N":
        return _noun_sources(run, tok, pattern), _targets(run, tok, pattern)
    subject, patient = clause_args(tok)
    sources = actors_of(run, subject) if subject is not None else []
    if not sources and patient is not None and cameo.quad_class(pattern.code) == "material conflict":
        sources = _origin(run, tok)
    # A passive subject is the target ("Astana was visited"), unless it is the pattern's own object
    # ("evidence was presented against X").
    targets = actors_of(run, patient) if patient is not None and not pattern.objects else []
    return sources, targets or _targets(run, tok, pattern)


def _origin(run: Run, verb: Token) -> list[ActorRef]:
    """Who did a passive attack with no by-agent: the state it came from ("a mortar bomb was fired at it from
    the Gaza Strip"), when the from-phrase names one."""
    for pobj in prep_objects(verb, cameo.cues()["origin_prep"]):
        actors = [a for a in actors_of(run, pobj) if a.country]
        if actors:
            return [ActorRef(registry.country_name(a.country), "country", a.country, a.start, a.end)
                    if a.kind == UNRESOLVED and a.country else a for a in actors]
    return []


def _targets(run: Run, tok: Token, pattern: cameo.Pattern) -> list[ActorRef]:
    """The first candidate (in the order of :func:`.arguments.target_candidates`) that resolves to a known actor; else
    the first that names anyone at all."""
    fallback: list[ActorRef] = []
    candidates = list(target_candidates(tok, pattern))
    for number, cand in enumerate(candidates):
        actors = actors_of(run, cand)
        if any(resolved(a) for a in actors):
            for other in candidates[number + 1:]:
                if _same_preposition(cand, other):
                    actors.extend(a for a in actors_of(run, other) if resolved(a) and a not in actors)
            return actors
        fallback = fallback or actors
    return fallback


def _same_preposition(first: Token, other: Token) -> bool:
    """Objects of one preposition repeated in coordination ("met with X, and with Y"): both are targets."""
    if first.dep_ != "pobj" or other.dep_ != "pobj" or first.i == other.i:
        return False
    one, two = first.head, other.head
    return one.lower_ == two.lower_ and (one.head.i == two.head.i or two in one.conjuncts)


def _noun_sources(run: Run, noun: Token, pattern: cameo.Pattern) -> list[ActorRef]:
    """Who holds a meeting or pays a visit: owner ("Putin's visit"), by-agent, actor modifier ("Russian
    deployments"), else the governing clause's subject ("At a meeting with X, Y said"). An organisation
    ("the CIS' summit") only organised it and an unknown name says little: whoever the clause says took part
    comes first."""
    owner: list[ActorRef] = []
    pronoun_owner = None
    for child in noun.children:
        if child.dep_ == "poss":
            if child.pos_ == "PRON":
                pronoun_owner = child
            else:
                owner = actors_of(run, child)
    if _participants(owner):
        return owner
    fallback: list[ActorRef] = owner
    modifiers = [] if "place" in pattern.flags else actor_modifiers(noun)
    for candidates in (agents(noun), modifiers, *([g] for g in governors(noun))):
        actors = [a for cand in candidates for a in actors_of(run, cand)]
        if _participants(actors):
            return actors
        fallback = fallback or actors
    if fallback:
        return fallback
    return actors_of(run, pronoun_owner) if pronoun_owner is not None else []


def _participants(actors: list[ActorRef]) -> bool:
    """Actors that can take part in an event, not just host or name it (an organisation, an unknown name)."""
    return any(a.kind != "organisation" and resolved(a) for a in actors)
