"""Who did what to whom, read from the dependency parse and coded in CAMEO, mapped to PLOVER.

Each verb (and event noun: "the Nov. 9 meeting", "a visit to Astana") is looked up in the patterns of
``data/cameo_verbs.tsv`` (see :mod:`newsdossier.cameo`); a match gives the CAMEO code. The subject (or the
passive agent) is the source and the object or prepositional object the target; both are handed to the
article's :class:`~newsdossier.resolver.MentionResolver`, which turns noun phrases into actors and splits lists,
so one event is emitted per source x target pair. Everything about words (patterns, negation and hedging cues,
group anaphors) is data; this module only walks the tree.

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
owning a past act a claim of responsibility (015), the act itself being flagged ``reported``; the deed someone
is jailed or blamed for is no event of its own; an event told "then" takes the date of the one before.

Cost: every token is one dict lookup; only matched triggers walk their arguments' subtrees and a bounded
chain of ancestors, so a document costs about its length times a small constant (at most a sentence's length
per trigger). On the 2,520-article news corpus it adds about 2.5 ms per article to parsing.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import permutations
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from newsdossier.lexicon import cameo, registry
from newsdossier.models import ActorRef, ArticleContext, EventDate, Evidence, ExtractedEvent
from newsdossier.nlp import dates
from newsdossier.nlp.mentions import entity_of, vocabulary

if TYPE_CHECKING:
    from newsdossier.nlp.mentions import MentionResolver

__all__ = ["extract_events"]

# Dependency labels, grouped by what they mean for an event.
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "dative", "obj", "iobj"})
PREP_DEPS = frozenset({"prep", "prt", "agent", "dative"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod"})
CLAUSE_CUT_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp"})
INHERIT_SUBJECT_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
STATE_KINDS = frozenset({"country", "government"})
# Who a statement can be addressed to and still be an event between actors.
SPEAKER_KINDS = frozenset({"person", "country", "government"})
# Entity labels of a phrase worth keeping as an unresolved mention, and the kind such a mention gets.
MENTION_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC"})
UNRESOLVED = "other"
# Roots of acts done to someone for something they did (disapprove, coerce): the deed is only alleged.
CHARGE_ROOTS = frozenset({"11", "17"})
# Kinds of an unnamed collective ("activists", "officials") that coordinated state modifiers may split.
GROUP_KINDS = frozenset({"group", UNRESOLVED})
# Prepositional phrases followed when looking for the country of an unresolved phrase ("the mayor of the West
# Bank city of Nablus" is two deep); deeper chains name something else.
OWNER_DEPTH = 2
# Modifiers of a visit that name where it went ("his Kazakh trip", "the Beijing Olympics").
PLACE_MODIFIER_LABELS = frozenset({"GPE", "NORP", "LOC"})
VERB_POS = frozenset({"VERB"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
# Ancestor hops followed when looking for a source, a date, a hedge: a sentence is rarely deeper than this,
# and the bound keeps a pathological parse from costing more than a constant per trigger.
MAX_DEPTH = 12
# The pattern a complement is read with when only its arguments matter ("refused to recognise X" -> X).
_BARE = cameo.Pattern("V", "", frozenset(), frozenset(), "", frozenset())
# Actor groups remembered for "the two sides"/"all five": a group anaphor points a few sentences back, and
# the bound keeps the look-up constant however long the article.
MAX_GROUPS = 32
# "they" is read as the last group named in this or the previous sentence only: further back, a plural
# pronoun more often means people the extractor never saw as a group.
PLURAL_PRONOUN_REACH = 1
# Largest group expanded into ordered pairs for a symmetric event ("the leaders of eight countries met"):
# beyond it the pairs say nothing a reader would want and grow quadratically.
MAX_PAIRWISE = 8


@dataclass(frozen=True, slots=True)
class _Trigger:
    """A matched trigger token, the code it gets here, and whether a governing "failed to" negates it."""

    token: Token
    pattern: cameo.Pattern
    code: str
    negated_by_control: bool = False


@dataclass(slots=True)
class _Run:
    """State of one call of :func:`extract_events`: the resolver, recent actor groups, the last own date."""

    doc: Doc
    context: ArticleContext
    resolver: MentionResolver
    groups: deque[tuple[int, list[ActorRef]]] = field(default_factory=lambda: deque(maxlen=MAX_GROUPS))
    sentence: int = 0
    last_own_date: EventDate | None = None
    events: list[ExtractedEvent] = field(default_factory=list)
    seen: set[tuple[object, ...]] = field(default_factory=set)
    dates: dict[int, EventDate] = field(default_factory=dict)  # per trigger token: accusations reuse them
    resolving: set[int] = field(default_factory=set)  # pronouns being resolved: an antecedent chain never loops


def extract_events(doc: Doc, context: ArticleContext, resolver: MentionResolver) -> list[ExtractedEvent]:
    """Events of one parsed field (body or caption), in text order, each with its evidence sentence."""
    run = _Run(doc, context, resolver)
    previous_start = 0
    for number, sent in enumerate(doc.sents):
        run.sentence = number
        start = len(run.events)
        run.events.extend(_sentence_events(run, sent))
        if _says_unverified(sent):
            run.events[previous_start:] = [dataclasses.replace(e, hedged=True) for e in run.events[previous_start:]]
        previous_start = start
    return run.events


# ---- triggers ----------------------------------------------------------------------------------------------


def _sentence_events(run: _Run, sent: Span) -> list[ExtractedEvent]:
    _remember_coordinations(run, sent)
    found: list[tuple[Token, ExtractedEvent]] = []
    for trigger in _triggers(sent):
        found.extend((trigger.token, event) for event in _trigger_events(run, sent, trigger))
    speech = _nested_accusations(run, sent, found)
    told = {id(content) for content, _ in speech}
    return ([dataclasses.replace(e, reported=True) if id(e) in told else e for _, e in found]
            + [statement for _, statement in speech])


def _triggers(sent: Span) -> Iterator[_Trigger]:
    """Matched tokens of a sentence, after control verbs decide whether they or their complement is coded."""
    matched = {tok.i: pattern for tok in sent if (pattern := match(tok)) is not None}
    negating = cameo.cues()["negating_verb"]
    for i, pattern in matched.items():
        tok = sent.doc[i]
        head = tok.head
        head_pattern = matched.get(head.i) if head.i != i else None
        if _suppressed(tok, pattern, head_pattern) or _charge(tok, matched):
            continue
        code = pattern.code
        controlled = tok.dep_ == "xcomp" and head_pattern is not None and "intent" in head_pattern.flags
        if controlled or _told_as_plan(tok, head_pattern) or _intended(tok):
            code = cameo.intent_code(code)
        negated = tok.dep_ == "xcomp" and head.lemma_.lower() in negating
        yield _Trigger(tok, pattern, code, negated)


def _charge(tok: Token, matched: dict[int, cameo.Pattern]) -> bool:
    """"jailed a student for helping militants", "criticised for backing X": the act a coercion or
    disapproval is for is what one is charged with, told by the accuser, not an event of its own."""
    if tok.dep_ != "pcomp" or tok.head.lower_ not in cameo.cues()["charge_prep"]:
        return False
    governor = matched.get(tok.head.head.i)
    return governor is not None and cameo.root(governor.code) in CHARGE_ROOTS


def _intended(tok: Token) -> bool:
    """"its intention to restrain Russia": an infinitive on a noun of purpose is its owner's intended act."""
    return tok.dep_ == "acl" and _infinitive(tok) and tok.head.lemma_.lower() in cameo.cues()["intent_noun"]


def _told_as_plan(tok: Token, head_pattern: cameo.Pattern | None) -> bool:
    """"Israel announced it would free 150 prisoners": an act a speaker says will happen is an intent. A
    negated one is left to :func:`_polarity` ("said he would not provide" is a refusal)."""
    if tok.dep_ != "ccomp" or head_pattern is None or "say" not in head_pattern.flags:
        return False
    plan_aux = cameo.cues()["plan_aux"]
    return any(c.dep_ == "aux" and c.lower_ in plan_aux for c in tok.children) and not _negated(tok)


def _suppressed(tok: Token, pattern: cameo.Pattern, head_pattern: cameo.Pattern | None) -> bool:
    """Whether this trigger is not coded on its own.

    A deferring control verb gives way to its complement ("agreed to lift"), and says nothing by itself when
    the complement is no event ("seeks to undermine"); a blocking one ("refused to",
    "urged X to") keeps its own code and its complement, which did not happen, is dropped; a purpose clause
    restating its governor ("met ... to discuss") and an event noun that is the object of a coded verb are
    covered by the governor; infinitives hanging on nouns ("pressure to help") and wishes ("hoped they would
    be indicted") are not events, nor are purposes ("sent troops to help").
    """
    if ("defer" in pattern.flags or "intent" in pattern.flags) and any(c.dep_ == "xcomp" for c in tok.children):
        return True
    if head_pattern is not None:
        if tok.dep_ in ("xcomp", "ccomp", "advcl") and "block" in head_pattern.flags:
            return True
        controls = "defer" in head_pattern.flags or "intent" in head_pattern.flags
        same_root = cameo.root(head_pattern.code) == cameo.root(pattern.code)
        if tok.dep_ in ("xcomp", "advcl") and same_root and not controls:
            return True
        if pattern.pos == "N" and (tok.dep_ in OBJECT_DEPS or tok.dep_ in PASSIVE_SUBJECT_DEPS):
            return True
    if tok.dep_ in ("acl", "advcl") and _infinitive(tok) and not _intended(tok):
        return True
    if any(c.dep_ == "mark" and c.lower_ in cameo.cues()["condition_mark"] for c in tok.children):
        return True
    wishes = cameo.cues()["irrealis_verb"]
    return tok.dep_ == "ccomp" and (tok.head.lemma_.lower() in wishes or tok.head.lower_ in wishes)


def _infinitive(verb: Token) -> bool:
    """"to help", "to discuss": a purpose or a noun's complement, which says what was meant, not done."""
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def match(tok: Token) -> cameo.Pattern | None:
    """The most specific pattern of ``cameo_verbs.tsv`` that this token satisfies, if any."""
    if tok.pos_ in VERB_POS:
        pos = "V"
    elif tok.pos_ in NOUN_POS:
        pos = "N"
    else:
        return None
    candidates = cameo.patterns().get((pos, tok.lemma_.lower()))
    if not candidates:
        return None
    objects = _object_lemmas(tok) if pos == "V" else _modifier_lemmas(tok)
    preps = _attached_preps(tok)
    for pattern in candidates:
        if pattern.objects and not pattern.objects & objects:
            continue
        if "intrans" in pattern.flags and any(c.dep_ in OBJECT_DEPS for c in tok.children):
            continue
        if pattern.preps and not pattern.preps & preps:
            continue
        return pattern
    return None


def _object_lemmas(verb: Token) -> set[str]:
    """Lemmas standing for a verb's object: direct object (read through "a host of"), passive subject, xcomp."""
    lemmas = set()
    for child in verb.children:
        if child.dep_ in OBJECT_DEPS or child.dep_ in PASSIVE_SUBJECT_DEPS or child.dep_ == "xcomp":
            lemmas.add(_through_quantity(child).lemma_.lower())
    return lemmas


def _modifier_lemmas(noun: Token) -> set[str]:
    return {child.lemma_.lower() for child in noun.children if child.dep_ in MODIFIER_DEPS}


def _attached_preps(tok: Token) -> set[str]:
    """Prepositions and particles on the trigger and, for verbs, on its object ("pay a visit to")."""
    preps = {c.lower_ for c in tok.children if c.dep_ in PREP_DEPS}
    for obj in _objects(tok):
        preps.update(c.lower_ for c in obj.children if c.dep_ in PREP_DEPS)
    return preps


def _through_quantity(tok: Token) -> Token:
    """"a host of agreements" -> "agreements": container nouns pass on to their of-object."""
    if tok.lemma_.lower() in cameo.cues()["quantity_noun"]:
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return tok


def _objects(tok: Token) -> list[Token]:
    """What a verb acts on: direct or dative object, or the subject of a passive ("evidence was presented")."""
    return [_through_quantity(c) for c in tok.children if c.dep_ in OBJECT_DEPS or c.dep_ in PASSIVE_SUBJECT_DEPS]


# ---- one trigger -> events ---------------------------------------------------------------------------------


def _trigger_events(run: _Run, sent: Span, trigger: _Trigger) -> list[ExtractedEvent]:
    tok, pattern = trigger.token, trigger.pattern
    sources, targets = _roles(run, tok, pattern)
    if "rev" in pattern.flags:
        sources, targets = targets, sources
    if targets and {a.name for a in targets} == {a.name for a in sources}:
        targets = []  # reflexive: "they announced their withdrawal" is no event between them
    if not targets and ("say" in pattern.flags or "tgt" in pattern.flags):
        return []
    pairs = [(s, t) for s, t in _pairs(sources, targets, "sym" in pattern.flags) if _enough(pattern, s, t)]
    if not pairs:
        return []
    date = _event_date(run, sent, tok)
    place = _place(tok)
    code, negated = _polarity(trigger)
    hedged = _hedged(tok)
    evidence = _evidence(run, sent)
    events = []
    for source, target in pairs:
        event = ExtractedEvent(cameo=code, plover=cameo.plover(code), source=source,
                               target=target, date=date, place=place, negated=negated, hedged=hedged,
                               evidence=evidence, trigger=tok.text)
        if _is_new(run, event):
            events.append(event)
        converse = cameo.converse_code(code)
        if converse is not None and source is not None and target is not None and _names_object(tok, target):
            # "X received Y": X hosts Y, and Y visits X (not in "X received Y's proposal")
            reverse = dataclasses.replace(event, cameo=converse, plover=cameo.plover(converse), source=target,
                                          target=source)
            if _is_new(run, reverse):
                events.append(reverse)
    source, target = pairs[0]
    if source is not None and target is not None:
        _remember(run, [source, target])
    return events


def _names_object(tok: Token, actor: ActorRef) -> bool:
    """Whether the actor is who the trigger's object names, one who can travel ("received the minister"), not
    a thing of theirs ("received Russia's proposal", a mention of kind ``other``)."""
    return actor.kind != UNRESOLVED and any(actor.start <= obj.idx < actor.end for obj in _objects(tok))


def _pairs(sources: list[ActorRef], targets: list[ActorRef],
           symmetric: bool) -> list[tuple[ActorRef | None, ActorRef | None]]:
    """One (source, target) per pair; a symmetric event among a plural subject pairs its members."""
    if symmetric and not targets and 2 <= len(sources) <= MAX_PAIRWISE:
        return list(permutations(sources, 2))
    if not sources and not targets:
        return []
    pairs: list[tuple[ActorRef | None, ActorRef | None]] = [
        (s, t) for s in (sources or [None]) for t in (targets or [None]) if not _same(s, t)
    ]
    return pairs


def _enough(pattern: cameo.Pattern, source: ActorRef | None, target: ActorRef | None) -> bool:
    """Whether a pair makes an event: one resolved side, or for a statement two sides of known country
    (statements are the commonest verbs, and "X told Russia's news agency" is reporting, not an event)."""
    if "say" in pattern.flags:
        return bool(source and source.country and target and target.country and target.kind in SPEAKER_KINDS)
    return _resolved(source) or _resolved(target)


def _resolved(actor: ActorRef | None) -> bool:
    return actor is not None and (actor.country is not None or actor.kind != UNRESOLVED)


def _same(a: ActorRef | None, b: ActorRef | None) -> bool:
    """One actor twice: the same name, a country and its government ("France accused Paris"), or a person and
    their own state ("Blinken reiterated Washington's commitment")."""
    if a is None or b is None or a.country != b.country:
        return False
    if a.name == b.name:
        return True
    kinds = {a.kind, b.kind}
    return bool(a.country) and kinds <= STATE_KINDS | {"person"} and bool(kinds & STATE_KINDS)


def _is_new(run: _Run, event: ExtractedEvent) -> bool:
    """Once per (sentence, code, trigger, source, target): the store keys events on exactly these."""
    key = (event.evidence.start, event.cameo, event.trigger, event.source and event.source.name,
           event.target and event.target.name)
    if key in run.seen:
        return False
    run.seen.add(key)
    return True


def _evidence(run: _Run, sent: Span) -> Evidence:
    """The sentence without surrounding whitespace, so ``doc.text[start:end] == sentence``."""
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    end = sent.start_char + len(text.rstrip())
    return Evidence(run.context.article_id, start, end, run.doc.text[start:end], run.context.field)


# ---- sources and targets -----------------------------------------------------------------------------------


def _roles(run: _Run, tok: Token, pattern: cameo.Pattern) -> tuple[list[ActorRef], list[ActorRef]]:
    if pattern.pos == "N":
        return _noun_sources(run, tok, pattern), _targets(run, tok, pattern)
    subject, patient = _clause_args(tok)
    sources = _actors(run, subject) if subject is not None else []
    if not sources and patient is not None and cameo.quad_class(pattern.code) == "material conflict":
        sources = _origin(run, tok)
    # A passive subject is the target ("Astana was visited"), unless it is the pattern's own object
    # ("evidence was presented against X").
    targets = _actors(run, patient) if patient is not None and not pattern.objects else []
    return sources, targets or _targets(run, tok, pattern)


def _origin(run: _Run, verb: Token) -> list[ActorRef]:
    """Who did a passive attack with no by-agent: the state it came from ("a mortar bomb was fired at it from
    the Gaza Strip"), when the from-phrase names one."""
    for pobj in _prep_objects(verb, cameo.cues()["origin_prep"]):
        actors = [a for a in _actors(run, pobj) if a.country]
        if actors:
            return [ActorRef(registry.country_name(a.country), "country", a.country, a.start, a.end)
                    if a.kind == UNRESOLVED else a for a in actors]
    return []


def _clause_args(verb: Token, depth: int = 0) -> tuple[Token | None, Token | None]:
    """(agent, patient) tokens of a verb: subject or passive by-agent, passive subject; inherited when absent."""
    agent = patient = None
    # the small parser sometimes labels a passive subject "nsubj" beside its own "was" (auxpass)
    passive = verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in verb.children)
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS and passive and child.dep_ == "nsubj":
            patient = child
        elif child.dep_ in SUBJECT_DEPS:
            agent = child
        elif child.dep_ in PASSIVE_SUBJECT_DEPS:
            patient = child
        elif child.dep_ == "agent":
            agent = next((c for c in child.children if c.dep_ == "pobj"), agent)
    if agent is None and depth < MAX_DEPTH:
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
    if _intended(verb):
        # the owner of the intention ("its intention to restrain"), else whoever has it ("X has a plan to")
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is not None:
            return owner
        if head.head.i != head.i and (head.head.pos_ in VERB_POS or head.head.pos_ == "AUX"):
            return _clause_args(head.head, depth + 1)[0]
        return None
    if verb.dep_ == "xcomp":
        objects = _objects(head)
        if objects:
            return objects[0]
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        objects = _objects(head.head) if head.lower_ in cameo.cues()["object_control_prep"] else []
        if objects:
            return objects[0]  # "praised Kazakhstan for refusing", "accused the West of luring"
        head = head.head
    if head.pos_ == "ADJ" and head.dep_ in ("acomp", "amod"):
        head = head.head  # "was determined to mend ties": the subject of "was"
    inherits = verb.dep_ in INHERIT_SUBJECT_DEPS or (verb.dep_ == "acl" and verb.tag_ == "VBG")
    if inherits and (head.pos_ in VERB_POS or head.pos_ == "AUX"):
        return _clause_args(head, depth + 1)[0]
    return None


def _targets(run: _Run, tok: Token, pattern: cameo.Pattern) -> list[ActorRef]:
    """The first candidate (in the order of :func:`_target_candidates`) that resolves to a known actor; else
    the first that names anyone at all."""
    fallback: list[ActorRef] = []
    for cand in _target_candidates(tok, pattern):
        actors = _actors(run, cand)
        if any(_resolved(a) for a in actors):
            return actors
        fallback = fallback or actors
    return fallback


def _target_candidates(tok: Token, pattern: cameo.Pattern) -> Iterator[Token]:
    """Where a target may be, most telling first: objects of the pattern's prepositions; the direct object
    and its owner ("condemned Russia's invasion" -> Russia); generic target prepositions; the subject of a
    that-clause; the place or destination; for an infinitive its governor's prepositions ("agreed with X to
    build"); for a blocking verb its complement's target ("refused to recognise X")."""
    # A speaker addresses someone "to" them; "commented on X" or "said of X" does not make X the addressee.
    generic = cameo.cues()["address_prep" if "say" in pattern.flags else "target_prep"]
    objects = _objects(tok)
    if pattern.preps:
        holders = [tok, *objects] if pattern.objects or "topic" in pattern.flags else [tok]
        yield from (p for holder in holders for p in _prep_objects(holder, pattern.preps, nested=True))
    if not pattern.objects and "topic" not in pattern.flags:
        yield from objects
    if not pattern.objects and "topic" not in pattern.flags:
        # "condemned Russia's invasion" targets Russia; in "stressed Washington's commitment" the owner of the
        # pattern's own object ("commitment") is the speaker's side, not a target, and so is the owner of a
        # topic ("discussed Ukraine's future with X", "expressed its gratitude to X").
        yield from (c for obj in objects for c in obj.children if c.dep_ == "poss")
    involving = cameo.cues()["involving_prep"]
    if pattern.pos == "N" and tok.dep_ == "pobj" and tok.head.lower_ in involving and tok.head.head.pos_ in VERB_POS:
        yield from _objects(tok.head.head)  # "engaged peacekeepers in a firefight", "drew X into talks"
    yield from (p for holder in [tok, *objects] for p in _prep_objects(holder, generic))
    if "act" in pattern.flags:
        yield from (t for obj in objects for act in _direct_prep_objects(obj, frozenset({"for"}))
                    for t in act.subtree if t.ent_type_ in PLACE_LABELS and _registry_actor(t) is not None)
    if "ccsubj" in pattern.flags:
        yield from (s for c in tok.children if c.dep_ == "ccomp" for s in c.children if s.dep_ in SUBJECT_DEPS)
    if "place" in pattern.flags:
        yield from _destinations(tok)
    if tok.dep_ == "xcomp" and tok.head.i != tok.i:
        yield from _prep_objects(tok.head, cameo.cues()["target_prep"])
    if "block" in pattern.flags:
        for complement in tok.children:
            if complement.dep_ == "xcomp":
                yield from _target_candidates(complement, _BARE)


def _destinations(tok: Token) -> Iterator[Token]:
    """The place of a visit: an in/at place, or a place modifying it ("his Kazakh trip", "the Beijing Games")."""
    place = _place_token(tok)
    if place is not None:
        yield place
    for holder in [tok, *_objects(tok)]:
        yield from (c for c in holder.children if c.dep_ in MODIFIER_DEPS and c.ent_type_ in PLACE_MODIFIER_LABELS)


def _prep_objects(tok: Token, preps: frozenset[str], nested: bool = False) -> list[Token]:
    """Objects of the given prepositions attached to ``tok`` ("with X"); with ``nested``, then those attached to
    the objects of its prepositions ("abstained on a resolution at the Assembly"). A particle points to the
    direct object."""
    found = []
    deeper = []
    for child in tok.children:
        if child.dep_ not in PREP_DEPS:
            continue
        pobjs = [_through_quantity(c) for c in child.children if c.dep_ == "pobj"]
        if child.lower_ in preps:
            found.extend(_objects(tok) if child.dep_ == "prt" else pobjs)
        if nested:
            deeper.extend(p for pobj in pobjs for p in _direct_prep_objects(pobj, preps))
    return found + deeper


def _direct_prep_objects(tok: Token, preps: frozenset[str]) -> list[Token]:
    return [_through_quantity(p) for c in tok.children if c.dep_ == "prep" and c.lower_ in preps
            for p in c.children if p.dep_ == "pobj"]


def _noun_sources(run: _Run, noun: Token, pattern: cameo.Pattern) -> list[ActorRef]:
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
                owner = _actors(run, child)
    if _participants(owner):
        return owner
    fallback: list[ActorRef] = owner
    modifiers = [] if "place" in pattern.flags else _actor_modifiers(noun)
    for candidates in (_agents(noun), modifiers, *([g] for g in _governors(noun))):
        actors = [a for cand in candidates for a in _actors(run, cand)]
        if _participants(actors):
            return actors
        fallback = fallback or actors
    if fallback:
        return fallback
    return _actors(run, pronoun_owner) if pronoun_owner is not None else []


def _participants(actors: list[ActorRef]) -> bool:
    """Actors that can take part in an event, not just host or name it (an organisation, an unknown name)."""
    return any(a.kind != "organisation" and _resolved(a) for a in actors)


def _agents(noun: Token) -> list[Token]:
    return [p for child in noun.children if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by")
            for p in child.children if p.dep_ == "pobj"]


def _actor_modifiers(noun: Token) -> list[Token]:
    """Named modifiers of an event noun ("Russian deployments", "U.S. sanctions"); a visit's place modifier
    is its destination instead ("his Kazakh trip")."""
    return [child for child in noun.children if child.dep_ in MODIFIER_DEPS and child.ent_type_ in MENTION_LABELS]


def _governors(noun: Token) -> Iterator[Token]:
    """Tokens that may say who holds an event noun, nearest first: nouns it hangs on and, at the end, the
    subject of the clause it sits in. "At a meeting with X, Y said" and "Y held talks with X" give Y;
    "Xi Jinping at a meeting with X" gives Xi; "... enter the hall during the CIS' Head of States Meeting"
    gives the CIS summit's name, then the people entering."""
    tok = noun
    for _ in range(MAX_DEPTH):
        if tok.head.i == tok.i:
            return
        if tok.dep_ == "conj":
            tok = tok.head
            continue
        if tok.dep_ not in OBJECT_DEPS and tok.dep_ != "pobj":
            return
        head = tok.head if tok.dep_ in OBJECT_DEPS else tok.head.head
        if head.pos_ in VERB_POS or head.pos_ == "AUX":
            subject = _clause_args(head)[0]
            if subject is not None:
                yield subject
            return
        if head.ent_type_:
            yield head
        tok = head


def _actors(run: _Run, tok: Token) -> list[ActorRef]:
    """Actors a token stands for: pronouns and group anaphors from memory, noun phrases via the resolver."""
    cues = cameo.cues()
    tok = _through_quantity(tok)
    if tok.lower_ in cues["relative_pronoun"] and tok.head.dep_ == "relcl":
        tok = tok.head.head
    if tok.pos_ == "PRON":
        return _pronoun_actors(run, tok)
    size = _group_size(tok)
    if size is not None and not _owners(tok, 0):
        # "the two sides": the actors of the last event (or list) of that size. A group with a name of its own
        # ("all five Central Asian countries") is the resolver's to expand.
        group = _recent_group(run, size)
        if group:
            return _as_states(group) if tok.lemma_.lower() in cues["state_group_noun"] else group
    tok = _past_date(tok)
    span = _arg_span(tok)
    actors = _unique(run.resolver.actors_in(span))
    if not actors:
        actor = run.resolver.actor(span)
        actors = [actor] if actor is not None else _mentions(tok, span)
    actors = _split_by_owner(tok, actors)
    _remember(run, actors)
    return actors


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
              if (actor := _registry_actor(member)) is not None and actor.country]
    if len({actor.country for _, actor in owners}) < 2:
        return actors
    one = actors[0]
    # each its own name ("US activists", "British activists"): events are told apart by their actors' names
    return [dataclasses.replace(one, name=f"{member.text} {tok.text}", country=actor.country)
            for member, actor in owners]


def _mentions(tok: Token, span: Span) -> list[ActorRef]:
    """Phrases the resolver leaves alone but that still say who: "Ukrainian lawmakers", "US and British
    activists", "a court in Guyana", "Hundreds of UN troops" (people of the country or organisation their
    modifiers name), or a name the registry does not know ("the Syrian Observatory"), kept as written with kind
    ``other``, and so are people named by what they are ("students", "civilians"); such a mention never
    counts as the resolved side of an event."""
    if tok.pos_ not in NOUN_POS:
        return []
    owners = _owners(tok, OWNER_DEPTH if _can_belong(tok) else 0) or _issuer(tok)
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
                actor = _registry_actor(pobj)
                found = [actor] if actor is not None else _owners(pobj, 0)
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


def _owners(tok: Token, depth: int) -> list[ActorRef]:
    """Registry actors a phrase belongs to by its modifiers ("US and British", "Egypt's", "UN") or, failing
    those, by its of/in/from phrase; states and organisations only."""
    found = [actor for child in tok.children if child.dep_ in MODIFIER_DEPS or child.dep_ == "poss"
             for member in (child, *child.conjuncts) if (actor := _registry_actor(member)) is not None]
    if found or depth <= 0:
        return _unique(found)
    owner_preps = cameo.cues()["owner_prep"]
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ in owner_preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    actor = _registry_actor(pobj)
                    found = [actor] if actor is not None else _owners(pobj, depth - 1)
                    if found:
                        return found
    return []


def _registry_actor(tok: Token) -> ActorRef | None:
    """The state or organisation a token names, by its entity's text or else its own ("Beijing" inside the
    EVENT "the Beijing Olympics")."""
    for text in (_entity_text(tok), tok.text) if tok.ent_type_ else (tok.text,):
        actor = registry.lookup(text)
        if actor is not None and (actor.country or actor.kind == "organisation"):
            return actor
    return None


def _pronoun_actors(run: _Run, tok: Token) -> list[ActorRef]:
    """"he" -> the last fitting person; "they" -> the last group; "it" -> the subject of the clause above."""
    if tok.i in run.resolving:
        return []
    run.resolving.add(tok.i)
    try:
        return _pronoun_antecedents(run, tok)
    finally:
        run.resolving.discard(tok.i)


def _pronoun_antecedents(run: _Run, tok: Token) -> list[ActorRef]:
    cues = cameo.cues()
    if tok.lower_ in cues["person_pronoun"]:
        person = run.resolver.person_before(tok)
        return [person] if person is not None else []
    if tok.lower_ in cues["plural_pronoun"]:
        group = _recent_group(run, None, PLURAL_PRONOUN_REACH)
        if group:
            return group
        # "The US claimed that they had attacked Iraq": with no group named, the subject of the clause above
        antecedent = _it_antecedent(tok)
        return [a for a in _actors(run, antecedent) if a.kind != "person"] if antecedent is not None else []
    if tok.lower_ in cues["thing_pronoun"]:
        antecedent = _it_antecedent(tok)
        if antecedent is not None:
            return [a for a in _actors(run, antecedent) if a.kind != "person"]
    return []


def _it_antecedent(tok: Token) -> Token | None:
    """"Israel announced it would free ...": the nearest non-pronoun subject of a clause above ``tok``."""
    current = tok.head
    for _ in range(MAX_DEPTH):
        if current.head.i == current.i:
            return None
        current = current.head
        subject = _clause_args(current)[0] if current.pos_ in VERB_POS or current.pos_ == "AUX" else None
        # a pronoun read through a quantity ("a number of them") is no antecedent either
        if subject is not None and subject.pos_ != "PRON" and _through_quantity(subject).pos_ != "PRON":
            return subject
    return None


def _unique(actors: list[ActorRef]) -> list[ActorRef]:
    seen: set[tuple[str, str | None]] = set()
    out = []
    for actor in actors:
        key = (actor.name, actor.country)
        if key not in seen:
            seen.add(key)
            out.append(actor)
    return out


def _group_size(tok: Token) -> int | None:
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


def _as_states(group: list[ActorRef]) -> list[ActorRef]:
    """"the two countries" after a meeting of two presidents: the states those people act for."""
    states = [ActorRef(registry.country_name(a.country), "country", a.country, a.start, a.end)
              if a.kind not in STATE_KINDS and a.country else a for a in group]
    return states if all(a.country for a in states) else group


def _remember(run: _Run, actors: list[ActorRef]) -> None:
    if len(actors) >= 2:
        run.groups.append((run.sentence, actors))


def _recent_group(run: _Run, size: int | None, reach: int | None = None) -> list[ActorRef]:
    """The latest remembered group of actors of that size (any size of two or more when None), at most
    ``reach`` sentences back when given."""
    for sentence, group in reversed(run.groups):
        if reach is not None and run.sentence - sentence > reach:
            break
        if size is None or len(group) == size:
            return list(group)
    return []


def _remember_coordinations(run: _Run, sent: Span) -> None:
    """Lists of named places/peoples ("Kazakhstan, Uzbekistan and Tajikistan") are what "all three" means later."""
    for tok in sent:
        if tok.ent_type_ in ("GPE", "NORP") and tok.dep_ != "conj" and any(c.dep_ == "conj" for c in tok.children):
            actors = _unique(run.resolver.actors_in(_arg_span(tok)))
            _remember(run, actors)


def _arg_span(tok: Token) -> Span:
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


# ---- place, negation, hedging, date ------------------------------------------------------------------------


def _place_token(tok: Token) -> Token | None:
    """The first named place in an in/at phrase of the trigger, its object or its clause; else a relative
    "where" antecedent ("Astana, where he held talks")."""
    place_preps = cameo.cues()["place_prep"]
    holders = [tok, *_objects(tok)] if tok.pos_ in VERB_POS else [tok, tok.head]
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ in place_preps:
                for t in child.subtree:
                    if t.ent_type_ in PLACE_LABELS:
                        return t
        where = holder.dep_ == "relcl" and any(c.lower_ == "where" for c in holder.children)
        if where and holder.head.ent_type_ in PLACE_LABELS:
            return holder.head
    return None


def _place(tok: Token) -> str | None:
    place = _place_token(tok)
    if place is None:
        return None
    return _entity_text(place)


def _entity_text(tok: Token) -> str:
    entity = entity_of(tok)
    return entity.text if entity is not None else tok.text


def _negated(tok: Token) -> bool:
    """"did not recognise", "none of them endorsed", "neither have they condemned", "no meeting"."""
    cues = cameo.cues()
    for holder in _clause_chain(tok):
        for child in holder.children:
            if child.dep_ == "neg" and child.lower_ in cues["negation"]:
                return True
            if child.lower_ in cues["negation_adverb"] and child.dep_ in ("advmod", "preconj", "cc", "det"):
                return True
            if child.dep_ in SUBJECT_DEPS and _negative_subject(child, cues):
                return True
            if holder.pos_ in NOUN_POS and child.dep_ == "det" and child.lower_ == "no":
                return True
    return False


def _polarity(trigger: _Trigger) -> tuple[str, bool]:
    """(code, negated): a negated event stays negated, unless it is a stated refusal ("would not provide
    support"), which CAMEO codes as a rejection in its own right."""
    negated = trigger.negated_by_control or _negated(trigger.token)
    refusal = cameo.refusal_code(trigger.code) if negated and _refused(trigger.token) else None
    return (refusal, False) if refusal is not None else (trigger.code, negated)


def _refused(tok: Token) -> bool:
    """"will not attend", "would not provide": a negation looking forward states a refusal."""
    refusal_aux = cameo.cues()["refusal_aux"]
    return any(c.dep_ == "aux" and c.lower_ in refusal_aux for holder in _clause_chain(tok) for c in holder.children)


def _negative_subject(subject: Token, cues: dict[str, frozenset[str]]) -> bool:
    if subject.lower_ in cues["negation_subject"]:
        return True
    return any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in subject.children)


def _clause_chain(tok: Token) -> list[Token]:
    """The trigger and the verbs that carry its clause's polarity: xcomp governors and, for a noun, its verb."""
    chain = [tok]
    current = tok
    for _ in range(MAX_DEPTH):
        if current.dep_ == "xcomp" or (current.pos_ in NOUN_POS and current.dep_ in OBJECT_DEPS):
            current = current.head
            chain.append(current)
        else:
            break
    return chain


def _hedged(tok: Token) -> bool:
    """Modal doubt, hedging adverbs or adjectives, or a claim/allegation/"is said to" above the trigger."""
    cues = cameo.cues()
    for child in tok.children:
        if child.dep_ == "aux" and child.lower_ in cues["hedge_modal"]:
            return True
        if child.dep_ == "amod" and child.lower_ in cues["hedge_adjective"]:
            return True
    current = tok
    for _ in range(MAX_DEPTH):
        for child in current.children:
            if child.dep_ == "advmod" and child.lower_ in cues["hedge_adverb"]:
                return True
            if current is not tok and child.dep_ == "aux" and child.lower_ in cues["hedge_modal"]:
                return True
        if current is not tok and _hedging_verb(current, cues):
            return True
        if current.head.i == current.i:
            break
        current = current.head
    return False


def _hedging_verb(verb: Token, cues: dict[str, frozenset[str]]) -> bool:
    lemma = verb.lemma_.lower()
    if lemma in cues["hedge_verb"]:
        return True
    return lemma in cues["hedge_passive"] and any(c.dep_ == "auxpass" for c in verb.children)


def _says_unverified(sent: Span) -> bool:
    """"The Epoch Times couldn't independently verify the claims": the sentence before is only a report."""
    cues = cameo.cues()
    return any(tok.lemma_.lower() in cues["unverified_verb"] and any(c.dep_ == "neg" for c in tok.children)
               for tok in sent)


def _event_date(run: _Run, sent: Span, tok: Token) -> EventDate:
    """The trigger's own date (``dates.event_date`` prefers a date in its clause, else the nearest in the
    sentence); with none, an event told "then"/"afterward" takes the date of the last dated event."""
    date = run.dates.get(tok.i)
    if date is None:
        date = run.dates[tok.i] = dates.event_date(sent, run.context, tok, previous=run.last_own_date)
    if date.precision != dates.REPORTED:
        run.last_own_date = date
        return date
    if run.last_own_date is not None and _follows_previous(tok):
        return run.last_own_date
    return date


def _follows_previous(tok: Token) -> bool:
    sequence = cameo.cues()["sequence_adverb"]
    for holder in [*_clause_chain(tok), tok.head]:
        if any(c.dep_ == "advmod" and c.lower_ in sequence for c in holder.children):
            return True
    return False


# ---- speech that accuses -----------------------------------------------------------------------------------


def _nested_accusations(run: _Run, sent: Span,
                        found: list[tuple[Token, ExtractedEvent]]) -> list[tuple[ExtractedEvent, ExtractedEvent]]:
    """"X said/claimed that Y attacked Z" also records X accusing Y (CAMEO 112), as CAMEO coders do; the
    accusation is dated by the speech, and is itself no less certain for the claim being unproven. Returns
    (reported event, accusation or claim) pairs."""
    out: list[tuple[ExtractedEvent, ExtractedEvent]] = []
    sources_of: dict[int, set[str]] = {}
    for trigger, event in found:
        if event.source is not None:
            sources_of.setdefault(trigger.i, set()).add(event.source.name)
    for trigger, event in found:
        conflict = cameo.quad_class(event.cameo) in ("verbal conflict", "material conflict")
        if event.source is None or event.negated or not conflict:
            continue
        speech = _speech_head(trigger)
        if speech is None:
            continue
        subject = _clause_args(speech)[0]
        speakers = _actors(run, subject) if subject is not None else []
        for speaker in speakers:
            own = speaker.name in sources_of[trigger.i] or _same(speaker, event.source)
            if own or (speaker.country and speaker.country == event.source.country):
                # "Obama and Putin said they will attack": the speakers tell their own plan; "the US claimed
                # that they had attacked Iraq": a speaker owning a past act claims responsibility (015)
                claim = _own_claim(run, sent, speech, trigger, event, speaker)
                if claim is not None and _is_new(run, claim):
                    out.append((event, claim))
                continue
            accusation = dataclasses.replace(
                event, cameo="112", plover=cameo.plover("112"), source=speaker, target=event.source,
                date=_event_date(run, sent, speech), place=None, hedged=_hedged(speech), trigger=speech.text)
            if _is_new(run, accusation):
                out.append((event, accusation))
    return out


def _own_claim(run: _Run, sent: Span, speech: Token, trigger: Token, event: ExtractedEvent,
               speaker: ActorRef) -> ExtractedEvent | None:
    """The claim of responsibility (015) when a speaker says with a verb of owning ("claimed", "admitted")
    that it did a harmful act already done; a plan ("will attack") is no such claim."""
    if speech.lemma_.lower() not in cameo.cues()["own_claim_verb"] or event.target is None:
        return None
    plan_aux = cameo.cues()["plan_aux"]
    if any(c.dep_ == "aux" and c.lower_ in plan_aux for c in trigger.children):
        return None
    return dataclasses.replace(
        event, cameo="015", plover=cameo.plover("015"), source=speaker, target=event.target,
        date=_event_date(run, sent, speech), place=None, hedged=False, trigger=speech.text)


def _speech_head(tok: Token) -> Token | None:
    """The speech or claim verb whose that-clause holds ``tok``, if any."""
    cues = cameo.cues()
    current = tok
    for _ in range(MAX_DEPTH):
        if current.head.i == current.i:
            return None
        child, current = current, current.head
        if child.dep_ == "ccomp":
            pattern = match(current)
            if (pattern is not None and "say" in pattern.flags) or current.lemma_.lower() in cues["hedge_verb"]:
                return current
            return None
        # "said [the EU] does not hide its intention to restrain Russia": through the intention to its clause
        through_intention = (child.dep_ == "acl" and _intended(child)) or (
            child.dep_ in OBJECT_DEPS and child.lemma_.lower() in cues["intent_noun"])
        if child.dep_ not in ("conj", "xcomp", "aux") and not through_intention:
            return None
    return None
