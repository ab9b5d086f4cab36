"""Which tokens of a sentence trigger an event, and with which CAMEO code.

A token is matched against the patterns of ``data/cameo_verbs.tsv`` (see :mod:`newsdossier.lexicon.cameo`) by
its lemma, its objects and its prepositions; then control verbs decide whether it or its complement is coded
("agreed to lift" codes the lifting, "refused to recognise" the refusal), plans and intentions become intents,
and conditions, wishes, purposes and the deeds someone is charged with are dropped. Separate because it
decides what happened before anything asks who did it.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from newsdossier.lexicon import cameo
from newsdossier.lexicon.words import PASSIVE_SUBJECTS
from newsdossier.nlp.extract.events.modality import is_negated
from newsdossier.nlp.extract.events.run import Trigger
from newsdossier.nlp.extract.events.syntax import (
    MODIFIER_DEPS,
    NOUN_POS,
    OBJECT_DEPS,
    PREP_DEPS,
    VERB_POS,
    objects_of,
    through_quantity,
)

# Roots of acts done to someone for something they did (disapprove, coerce): the deed is only alleged.
CHARGE_ROOTS = frozenset({"11", "17"})


def find_triggers(sent: Span) -> Iterator[Trigger]:
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
        if controlled or _told_as_plan(tok, head_pattern) or intended(tok):
            code = cameo.intent_code(code)
        negated = tok.dep_ == "xcomp" and head.lemma_.lower() in negating
        yield Trigger(tok, pattern, code, negated)


def _charge(tok: Token, matched: dict[int, cameo.Pattern]) -> bool:
    """"jailed a student for helping militants", "criticised for backing X": the act a coercion or
    disapproval is for is what one is charged with, told by the accuser, not an event of its own."""
    if tok.dep_ != "pcomp" or tok.head.lower_ not in cameo.cues()["charge_prep"]:
        return False
    governor = matched.get(tok.head.head.i)
    return governor is not None and cameo.root(governor.code) in CHARGE_ROOTS


def intended(tok: Token) -> bool:
    """"its intention to restrain Russia": an infinitive on a noun of purpose is its owner's intended act."""
    return tok.dep_ == "acl" and _infinitive(tok) and tok.head.lemma_.lower() in cameo.cues()["intent_noun"]


def _told_as_plan(tok: Token, head_pattern: cameo.Pattern | None) -> bool:
    """"Israel announced it would free 150 prisoners": an act a speaker says will happen is an intent. A
    negated one is left to :func:`.modality.polarity` ("said he would not provide" is a refusal)."""
    if tok.dep_ != "ccomp" or head_pattern is None or "say" not in head_pattern.flags:
        return False
    plan_aux = cameo.cues()["plan_aux"]
    return any(c.dep_ == "aux" and c.lower_ in plan_aux for c in tok.children) and not is_negated(tok)


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
        if pattern.pos == "N" and (tok.dep_ in OBJECT_DEPS or tok.dep_ in PASSIVE_SUBJECTS):
            return True
    if tok.dep_ in ("acl", "advcl") and _infinitive(tok) and not intended(tok):
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
        if child.dep_ in OBJECT_DEPS or child.dep_ in PASSIVE_SUBJECTS or child.dep_ == "xcomp":
            lemmas.add(through_quantity(child).lemma_.lower())
    return lemmas


def _modifier_lemmas(noun: Token) -> set[str]:
    return {child.lemma_.lower() for child in noun.children if child.dep_ in MODIFIER_DEPS}


def _attached_preps(tok: Token) -> set[str]:
    """Prepositions and particles on the trigger and, for verbs, on its object ("pay a visit to")."""
    preps = {c.lower_ for c in tok.children if c.dep_ in PREP_DEPS}
    for obj in objects_of(tok):
        preps.update(c.lower_ for c in obj.children if c.dep_ in PREP_DEPS)
    return preps
