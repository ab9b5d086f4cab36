"""The actors an argument token stands for: a pronoun's antecedent, a group anaphor's remembered group, or the
actors the resolver finds in its noun phrase, with a list of nationalities split into one actor per state.

Separate from :mod:`.arguments` (which token) and :mod:`.roles` (which side it is): this is the one place
where a token becomes actors.
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Token

from newsdossier import settings
from newsdossier.lexicon import cameo
from newsdossier.models import ActorRef
from newsdossier.nlp.extract.events.actor_refs import UNRESOLVED, unique
from newsdossier.nlp.extract.events.arguments import arg_span, clause_args
from newsdossier.nlp.extract.events.groups import as_states, group_size, recent_group, remember
from newsdossier.nlp.extract.events.owners import owners_of, registry_actor, unresolved_mentions
from newsdossier.nlp.extract.events.run import Run
from newsdossier.nlp.extract.events.syntax import MENTION_LABELS, MODIFIER_DEPS, VERB_POS, through_quantity
from newsdossier.nlp.mentions import vocabulary

# Kinds of an unnamed collective ("activists", "officials") that coordinated state modifiers may split.
GROUP_KINDS = frozenset({"group", UNRESOLVED})


def actors_of(run: Run, tok: Token) -> list[ActorRef]:
    """Actors a token stands for: pronouns and group anaphors from memory, noun phrases via the resolver."""
    cues = cameo.cues()
    tok = through_quantity(tok)
    if tok.lower_ in cues["relative_pronoun"] and tok.head.dep_ == "relcl":
        tok = tok.head.head
    if tok.pos_ == "PRON":
        return _pronoun_actors(run, tok)
    size = group_size(tok)
    if size is not None and not owners_of(tok, 0):
        # "the two sides": the actors of the last event (or list) of that size. A group with a name of its own
        # ("all five Central Asian countries") is the resolver's to expand.
        group = recent_group(run, size)
        if group:
            return as_states(group) if tok.lemma_.lower() in cues["state_group_noun"] else group
    tok = _past_date(tok)
    span = arg_span(tok)
    actors = unique(run.resolver.actors_in(span))
    if not actors:
        actor = run.resolver.actor(span)
        actors = [actor] if actor is not None else unresolved_mentions(tok, span)
    else:
        actors = _with_named_conjuncts(tok, actors)
    actors = _split_by_owner(tok, actors)
    remember(run, actors)
    return actors


def _with_named_conjuncts(tok: Token, actors: list[ActorRef]) -> list[ActorRef]:
    """"Lukoil and Kazakhstan signed": a name coordinated with a known actor is an actor too, kept as written
    (unresolved) when the resolver does not know it, in text order."""
    extra = []
    for member in (tok, *tok.conjuncts):
        # a named entity, not a word of a title ("Kamal Nath, Commerce and Industry Minister")
        named = member.ent_type_ in MENTION_LABELS and not vocabulary().is_title_head(member.text)
        covered = any(a.start is not None and a.end is not None and a.start <= member.idx < a.end for a in actors)
        if not named or covered:
            continue
        left = min((c.left_edge.i for c in member.lefts if c.dep_ == "compound"), default=member.i)
        name = member.doc[left:member.i + 1]
        extra.append(ActorRef(name.text, UNRESOLVED, None, name.start_char, name.end_char))
    if not extra:
        return actors
    return sorted([*actors, *extra], key=lambda a: a.start if a.start is not None else -1)


def _past_date(tok: Token) -> Token:
    """"met with Syrian President Bashar Assad Tuesday": the parser often makes a trailing day name the head
    of the noun phrase before it; the phrase's own head is then the last compound before the date."""
    if tok.ent_type_ != "DATE":
        return tok
    names = [c for c in tok.lefts if c.dep_ == "compound" and c.ent_type_ != "DATE"]
    return names[-1] if names else tok


def _split_by_owner(tok: Token, actors: list[ActorRef]) -> list[ActorRef]:
    """"US and British activists" are two groups, the US ones and the British ones: one unnamed group whose
    coordinated modifiers name several states becomes one actor per state, each named for its own state."""
    if not actors or len({a.name for a in actors}) != 1 or tok.tag_ not in ("NNS", "NNPS"):
        return actors
    if any(a.kind not in GROUP_KINDS for a in actors):
        return actors
    owners = [(member, actor) for child in tok.children if child.dep_ in MODIFIER_DEPS
              for member in (child, *child.conjuncts)
              if (actor := registry_actor(member)) is not None and actor.country]
    if len({actor.country for _, actor in owners}) < 2:
        return actors
    one = actors[0]
    # each its own name ("US activists", "British activists"): events are told apart by their actors' names
    return [dataclasses.replace(one, name=f"{member.text} {tok.text}", country=actor.country)
            for member, actor in owners]


def _pronoun_actors(run: Run, tok: Token) -> list[ActorRef]:
    """"he" -> the last fitting person; "they" -> the last group; "it" -> the subject of the clause above."""
    if tok.i in run.resolving:
        return []
    run.resolving.add(tok.i)
    try:
        return _pronoun_antecedents(run, tok)
    finally:
        run.resolving.discard(tok.i)


def _pronoun_antecedents(run: Run, tok: Token) -> list[ActorRef]:
    cues = cameo.cues()
    if tok.lower_ in cues["first_person_pronoun"]:
        return _quote_speaker(run, tok)
    if tok.lower_ in cues["person_pronoun"]:
        person = run.resolver.person_before(tok)
        return [person] if person is not None else []
    if tok.lower_ in cues["plural_pronoun"]:
        group = recent_group(run, None, settings.active().plural_pronoun_reach)
        if group:
            return group
        # "The US claimed that they had attacked Iraq": with no group named, the subject of the clause above
        antecedent = _it_antecedent(tok)
        return [a for a in actors_of(run, antecedent) if a.kind != "person"] if antecedent is not None else []
    if tok.lower_ in cues["thing_pronoun"]:
        antecedent = _it_antecedent(tok)
        if antecedent is not None:
            return [a for a in actors_of(run, antecedent) if a.kind != "person"]
    return []


def _quote_speaker(run: Run, tok: Token) -> list[ActorRef]:
    """"'We have agreed with X,' Y said": inside a direct quotation "I" and "we" are its speaker."""
    for quote in run.quotes:
        if quote.speaker is not None and quote.evidence.start <= tok.idx < quote.evidence.end:
            return [quote.speaker]
    return []


def _it_antecedent(tok: Token) -> Token | None:
    """"Israel announced it would free ...": the nearest non-pronoun subject of a clause above ``tok``."""
    current = tok.head
    for _ in range(settings.active().max_depth):
        if current.head.i == current.i:
            return None
        current = current.head
        subject = clause_args(current)[0] if current.pos_ in VERB_POS or current.pos_ == "AUX" else None
        # a pronoun read through a quantity ("a number of them") is no antecedent either
        if subject is not None and subject.pos_ != "PRON" and through_quantity(subject).pos_ != "PRON":
            return subject
    return None
