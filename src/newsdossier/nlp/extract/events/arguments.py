"""Where in the parse an event's sides are: a clause's agent and patient (inherited through coordination,
control and relative clauses), the tokens a target may be, most telling first, the holders of an event noun,
and the noun phrase an argument token stands for.

Separate from :mod:`.actors`, which turns such tokens into actors: this module only finds tokens.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from newsdossier import settings
from newsdossier.lexicon import cameo
from newsdossier.lexicon.words import ACTIVE_SUBJECTS, PASSIVE_SUBJECTS
from newsdossier.nlp.extract.events.circumstances import place_token
from newsdossier.nlp.extract.events.owners import registry_actor
from newsdossier.nlp.extract.events.syntax import (
    MENTION_LABELS,
    MODIFIER_DEPS,
    OBJECT_DEPS,
    PLACE_LABELS,
    VERB_POS,
    direct_prep_objects,
    objects_of,
    prep_objects,
)
from newsdossier.nlp.extract.events.triggers import intended

# Dependency labels of a clause hanging off an argument (cut from its noun phrase), and of a verb that shares
# the subject of the verb it depends on.
CLAUSE_CUT_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp"})
INHERIT_SUBJECT_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp"})
# Modifiers of a visit that name where it went ("his Kazakh trip", "the Beijing Olympics").
PLACE_MODIFIER_LABELS = frozenset({"GPE", "NORP", "LOC"})
# The pattern a complement is read with when only its arguments matter ("refused to recognise X" -> X).
_BARE = cameo.Pattern("V", "", frozenset(), frozenset(), "", frozenset())


def clause_args(verb: Token, depth: int = 0) -> tuple[Token | None, Token | None]:
    """(agent, patient) tokens of a verb: subject or passive by-agent, passive subject; inherited when absent."""
    agent = patient = None
    # the small parser sometimes labels a passive subject "nsubj" beside its own "was" (auxpass)
    passive = verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in verb.children)
    for child in verb.children:
        if child.dep_ in ACTIVE_SUBJECTS and passive and child.dep_ == "nsubj":
            patient = child
        elif child.dep_ in ACTIVE_SUBJECTS:
            agent = child
        elif child.dep_ in PASSIVE_SUBJECTS:
            patient = child
        elif child.dep_ == "agent":
            agent = next((c for c in child.children if c.dep_ == "pobj"), agent)
    if agent is None and depth < settings.active().max_depth:
        agent = _inherited_subject(verb, depth)
    return agent, patient


def _inherited_subject(verb: Token, depth: int) -> Token | None:
    """Subject of a verb that has none: shared with the verb it is coordinated with or depends on.

    "urged members to beef up" gives "members" to "beef up" (object control); "Putin ... said and urged" gives
    "Putin" to "urged"; a relative clause's verb takes the noun its clause modifies.
    """
    head = verb.head
    if head.i == verb.i:
        return None
    if verb.dep_ == "relcl":
        return head
    if intended(verb):
        # the owner of the intention ("its intention to restrain"), else whoever has it ("X has a plan to")
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is not None:
            return owner
        if head.head.i != head.i and (head.head.pos_ in VERB_POS or head.head.pos_ == "AUX"):
            return clause_args(head.head, depth + 1)[0]
        return None
    if verb.dep_ == "xcomp":
        objects = objects_of(head)
        if objects:
            return objects[0]
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        objects = objects_of(head.head) if head.lower_ in cameo.cues()["object_control_prep"] else []
        if objects:
            return objects[0]  # "praised Kazakhstan for refusing", "accused the West of luring"
        head = head.head
    if head.pos_ == "ADJ" and head.dep_ in ("acomp", "amod"):
        head = head.head  # "was determined to mend ties": the subject of "was"
    inherits = verb.dep_ in INHERIT_SUBJECT_DEPS or (verb.dep_ == "acl" and verb.tag_ == "VBG")
    if inherits and (head.pos_ in VERB_POS or head.pos_ == "AUX"):
        return clause_args(head, depth + 1)[0]
    return None


def target_candidates(tok: Token, pattern: cameo.Pattern) -> Iterator[Token]:
    """Where a target may be, most telling first: objects of the pattern's prepositions; the direct object
    and its owner ("condemned Russia's invasion" -> Russia); generic target prepositions; the subject of a
    that-clause; the place or destination; for an infinitive its governor's prepositions ("agreed with X to
    build"); for a blocking verb its complement's target ("refused to recognise X")."""
    # A speaker addresses someone "to" them; "commented on X" or "said of X" does not make X the addressee.
    generic = cameo.cues()["address_prep" if "say" in pattern.flags else "target_prep"]
    objects = objects_of(tok)
    if pattern.preps:
        holders = [tok, *objects] if pattern.objects or "topic" in pattern.flags else [tok]
        yield from (p for holder in holders for p in prep_objects(holder, pattern.preps, nested=True))
    if not pattern.objects and "topic" not in pattern.flags:
        yield from objects
    if not pattern.objects and "topic" not in pattern.flags:
        # "condemned Russia's invasion" targets Russia; in "stressed Washington's commitment" the owner of the
        # pattern's own object ("commitment") is the speaker's side, not a target, and so is the owner of a
        # topic ("discussed Ukraine's future with X", "expressed its gratitude to X").
        yield from (c for obj in objects for c in obj.children if c.dep_ == "poss")
    involving = cameo.cues()["involving_prep"]
    if pattern.pos == "N" and tok.dep_ == "pobj" and tok.head.lower_ in involving and tok.head.head.pos_ in VERB_POS:
        yield from objects_of(tok.head.head)  # "engaged peacekeepers in a firefight", "drew X into talks"
    yield from (p for holder in [tok, *objects] for p in prep_objects(holder, generic))
    if "act" in pattern.flags:
        yield from (t for obj in objects for act in direct_prep_objects(obj, frozenset({"for"}))
                    for t in act.subtree if t.ent_type_ in PLACE_LABELS and registry_actor(t) is not None)
    if "ccsubj" in pattern.flags:
        yield from (s for c in tok.children if c.dep_ == "ccomp" for s in c.children if s.dep_ in ACTIVE_SUBJECTS)
    if "place" in pattern.flags:
        yield from destinations(tok)
    if tok.dep_ == "xcomp" and tok.head.i != tok.i:
        yield from prep_objects(tok.head, cameo.cues()["target_prep"])
    if "block" in pattern.flags:
        for complement in tok.children:
            if complement.dep_ == "xcomp":
                yield from target_candidates(complement, _BARE)


def destinations(tok: Token) -> Iterator[Token]:
    """The place of a visit: an in/at place, or a place modifying it ("his Kazakh trip", "the Beijing Games")."""
    place = place_token(tok)
    if place is not None:
        yield place
    for holder in [tok, *objects_of(tok)]:
        yield from (c for c in holder.children if c.dep_ in MODIFIER_DEPS and c.ent_type_ in PLACE_MODIFIER_LABELS)


def agents(noun: Token) -> list[Token]:
    return [p for child in noun.children if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by")
            for p in child.children if p.dep_ == "pobj"]


def actor_modifiers(noun: Token) -> list[Token]:
    """Named modifiers of an event noun ("Russian deployments", "U.S. sanctions"); a visit's place modifier
    is its destination instead ("his Kazakh trip")."""
    return [child for child in noun.children if child.dep_ in MODIFIER_DEPS and child.ent_type_ in MENTION_LABELS]


def governors(noun: Token) -> Iterator[Token]:
    """Tokens that may say who holds an event noun, nearest first: nouns it hangs on and, at the end, the
    subject of the clause it sits in. "At a meeting with X, Y said" and "Y held talks with X" give Y;
    "Xi Jinping at a meeting with X" gives Xi; "... enter the hall during the CIS' Head of States Meeting"
    gives the CIS summit's name, then the people entering."""
    tok = noun
    for _ in range(settings.active().max_depth):
        if tok.head.i == tok.i:
            return
        if tok.dep_ == "conj":
            tok = tok.head
            continue
        if tok.dep_ not in OBJECT_DEPS and tok.dep_ != "pobj":
            return
        head = tok.head if tok.dep_ in OBJECT_DEPS else tok.head.head
        if head.pos_ in VERB_POS or head.pos_ == "AUX":
            subject = clause_args(head)[0]
            if subject is not None:
                yield subject
            return
        if head.ent_type_:
            yield head
        tok = head


def arg_span(tok: Token) -> Span:
    """The noun phrase of an argument: its subtree up to the first clause hanging off it ("Western powers",
    not "Western powers of seeking to undermine Russia's influence"), without edge punctuation."""
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    for t in tok.subtree:
        if t.i > tok.i and (t.dep_ in CLAUSE_CUT_DEPS or t.dep_ == "pcomp"):
            cut = t.head.i + 1 if t.dep_ == "pcomp" else t.left_edge.i
            end = min(end, max(cut, tok.i + 1))
    doc = tok.doc
    while end - 1 > tok.i and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ in ("prep", "cc")):
        end -= 1
    while start < tok.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return doc[start:end]
