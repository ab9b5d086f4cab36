"""Whose a phrase is when the resolver finds no actor in it: the states or organisations its modifiers or its
of/in/from phrase name ("US and British activists", "a court in Guyana"), or the state a document was
released in; such a phrase is kept as an unresolved mention of that state's people.

Separate from :mod:`.actors` because it asks only the actor registry, not the article's resolver or memory,
and because the search for targets also uses it to tell whether a place names a state.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsdossier import settings
from newsdossier.lexicon import cameo, registry
from newsdossier.models import ActorRef
from newsdossier.nlp.extract.events.actor_refs import UNRESOLVED, unique
from newsdossier.nlp.extract.events.circumstances import entity_text
from newsdossier.nlp.extract.events.syntax import MENTION_LABELS, MODIFIER_DEPS, NOUN_POS
from newsdossier.nlp.mentions import vocabulary


def unresolved_mentions(tok: Token, span: Span) -> list[ActorRef]:
    """Phrases the resolver leaves alone but that still say who: "Ukrainian lawmakers", "US and British
    activists", "a court in Guyana", "Hundreds of UN troops" (people of the country or organisation their
    modifiers name), or a name the registry does not know ("the Syrian Observatory"), kept as written with kind
    ``other``, and so are people named by what they are ("students", "civilians"); such a mention never
    counts as the resolved side of an event."""
    if tok.pos_ not in NOUN_POS:
        return []
    owners = owners_of(tok, settings.active().owner_depth if _can_belong(tok) else 0) or _issuer(tok)
    if owners:
        kind = "group" if tok.tag_ in ("NNS", "NNPS") else UNRESOLVED
        return [ActorRef(span.text, "organisation" if o.kind == "organisation" else kind, o.country,
                         span.start_char, span.end_char) for o in owners]
    named = tok.ent_type_ in MENTION_LABELS or any(
        c.dep_ in MODIFIER_DEPS and c.ent_type_ in MENTION_LABELS for c in tok.children)
    # "police arrested students": people of no stated country are still who an act was done to or by
    people = tok.lemma_.lower() in cameo.cues()["people_noun"]
    return [ActorRef(span.text, UNRESOLVED, None, span.start_char, span.end_char)] if named or people else []


def _issuer(tok: Token) -> list[ActorRef]:
    """The state whose document speaks: "a report released in the Rwandan capital" is Rwanda's."""
    if tok.lemma_.lower() not in cameo.cues()["document_noun"]:
        return []
    place_preps = cameo.cues()["place_prep"]
    for acl in (c for c in tok.children if c.dep_ == "acl"):
        for prep in (c for c in acl.children if c.dep_ == "prep" and c.lower_ in place_preps):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                actor = registry_actor(pobj)
                found = [actor] if actor is not None else owners_of(pobj, 0)
                if found:
                    return [a for a in found if a.country]
    return []


def _can_belong(tok: Token) -> bool:
    """Whether an of/in/from phrase can say whose a head is: people ("dissidents from Egypt"), bodies ("a
    court in Guyana") and territory ("part of Syria's second city"), not things ("rain in the Bahamas")."""
    vocab = vocabulary()
    singular = vocab.singular(tok.text)
    return (tok.tag_ in ("NNS", "NNPS") or singular in vocab.bodies or singular in vocab.person_nouns
            or vocab.is_title_head(tok.text) or tok.lemma_.lower() in cameo.cues()["territory_noun"])


def owners_of(tok: Token, depth: int) -> list[ActorRef]:
    """Registry actors a phrase belongs to by its modifiers ("US and British", "Egypt's", "UN") or, failing
    those, by its of/in/from phrase; states and organisations only."""
    found = [actor for child in tok.children if child.dep_ in MODIFIER_DEPS or child.dep_ == "poss"
             for member in (child, *child.conjuncts) if (actor := registry_actor(member)) is not None]
    if found or depth <= 0:
        return unique(found)
    owner_preps = cameo.cues()["owner_prep"]
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ in owner_preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    actor = registry_actor(pobj)
                    found = [actor] if actor is not None else owners_of(pobj, depth - 1)
                    if found:
                        return found
    return []


def registry_actor(tok: Token) -> ActorRef | None:
    """The state or organisation a token names, by its entity's text or else its own ("Beijing" inside the
    EVENT "the Beijing Olympics")."""
    for text in (entity_text(tok), tok.text) if tok.ent_type_ else (tok.text,):
        actor = registry.lookup(text)
        if actor is not None and (actor.country or actor.kind == "organisation"):
            return actor
    return None
