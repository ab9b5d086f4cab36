"""Which organisation and which member states a phrase of one parsed field names: what every membership pattern asks.

"The CSTO", "the bloc" (the organisation named last), "an alliance that includes A" (the relative clause's head),
"the SADC, a bloc consisting of ..." (the name just before a description): :meth:`MembershipPhrases._org_of_noun`
says which registry organisation a noun stands for. "Kazakhstan and Kyrgyzstan", "the Central Asian countries,
with the exception of A", "both of them": the member lookups say which states a phrase names, as countries, lists
and blocs expanded by :class:`~newsdossier.nlp.mentions.MentionResolver`. The cue words are
``data/facts_memberships.tsv``; the pronouns, determiners and prepositions these lookups and the patterns read
are ``data/facts_membership_words.tsv``.

Separate from :mod:`~newsdossier.nlp.extract.memberships`, which holds the patterns ("X includes A", "A left
X"): these lookups answer the two questions every pattern asks (which organisation? which states?), so each
pattern there is only its shape in the parse.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsdossier import lexicon, settings
from newsdossier.lexicon import registry as actors
from newsdossier.lexicon.words import NOMINAL_SUBJECTS
from newsdossier.models import ActorRef
from newsdossier.nlp.mentions import STATE_KINDS, MentionResolver, vocabulary

__all__ = ["MembershipCues", "MembershipPhrases", "membership_cues", "membership_words"]

# Registry kinds that count as an organisation.
ORG_KINDS = frozenset({"organisation"})


def membership_words(kind: str) -> frozenset[str]:
    """The words of ``data/facts_membership_words.tsv`` of one kind."""
    return frozenset(word for word, found in lexicon.pairs("facts_membership_words.tsv") if found == kind)


# Relative pronouns: as a subject, one stands for the noun its clause modifies ("an alliance that includes A").
RELATIVE_PRONOUNS = membership_words("relative")
# Subjects that stand for states named before them in the sentence ("both of them", "they", "all").
GROUP_PRONOUNS = membership_words("group")
# Pronouns that stand for the organisation named last ("it", "its participation").
ORGANISATION_PRONOUNS = membership_words("it")
# Determiners that make an anaphor noun refer back to the organisation named last ("the bloc").
DEFINITE_DETERMINERS = membership_words("definite")
# Articles that make an organisation noun a description of the organisation just named ("the SADC, a bloc").
INDEFINITE_ARTICLES = membership_words("indefinite")


@dataclass(frozen=True, slots=True)
class MembershipCues:
    """The word lists of ``data/facts_memberships.tsv`` by kind: lemma -> status."""

    by_kind: dict[str, dict[str, str]]

    def get(self, kind: str) -> dict[str, str]:
        return self.by_kind.get(kind, {})


@functools.cache
def membership_cues() -> MembershipCues:
    by_kind: dict[str, dict[str, str]] = {}
    for kind, lemma, status in lexicon.table("facts_memberships.tsv", 3):
        by_kind.setdefault(kind, {})[lemma] = status
    return MembershipCues(by_kind)


class MembershipPhrases:
    """The organisation and member lookups over one field, for one
    :func:`~newsdossier.nlp.extract.memberships.extract_memberships` call: the resolver and the cue lists."""

    def __init__(self, doc: Doc, resolver: MentionResolver) -> None:
        self.doc = doc
        self.resolver = resolver
        self.cues = membership_cues()

    # -- organisations --

    def _org_of_noun(self, noun: Token, depth: int = 0) -> ActorRef | None:
        """The organisation a noun stands for: a registry organisation ("the CSTO"), an organisation noun
        with one as modifier ("the C5+1 group"), an apposition's head ("the CSTO, a Moscow-led military
        alliance"), the "X" of "the X group of countries", or for "the organization"/"it" the last one
        named within a few sentences."""
        if depth > 3:
            return None
        resolver = self.resolver
        vocab = vocabulary()
        if noun.lower_ in RELATIVE_PRONOUNS and noun.dep_ in NOMINAL_SUBJECTS:
            return self._org_of_noun(noun.head.head, depth + 1) if noun.head.dep_ == "relcl" else None
        hit = resolver.hit_at(noun.i)
        if hit is not None:
            return hit if hit.kind in ORG_KINDS else None
        if noun.lower_ == "which":
            return self._org_before(noun, same_sentence_only=True)
        singular = vocab.singular(noun.text)
        if singular in vocab.org_nouns or noun.lemma_.lower() in vocab.org_nouns:
            for tok in self.doc[noun.left_edge.i:noun.i]:
                modifier = resolver.hit_at(tok.i)
                if modifier is not None and modifier.kind in ORG_KINDS:
                    return modifier
            if noun.dep_ == "appos":
                return self._org_of_noun(noun.head, depth + 1) or self._org_of_member_noun(noun.head, depth)
            if noun.lemma_.lower() in self.cues.get("anaphor") and any(
                    c.lower_ in DEFINITE_DETERMINERS for c in noun.lefts):
                return self._org_before(noun)
            if any(c.lower_ in INDEFINITE_ARTICLES for c in noun.lefts):
                return self._described_org(noun)
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
            return self._org_of_noun(noun.head.head, depth + 1)
        if noun.lower_ in ORGANISATION_PRONOUNS:
            return self._org_before(noun)
        return None

    def _described_org(self, noun: Token) -> ActorRef | None:
        """"the SADC, a bloc consisting of ...": a description right after an organisation's name is about
        it even when the parser did not attach it as an apposition."""
        left = noun.left_edge.i
        if left < 2 or self.doc[left - 1].text not in (",", "—", "–", "(", "-"):
            return None
        hit = self.resolver.hit_at(left - 2)
        return hit if hit is not None and hit.kind in ORG_KINDS else None

    def _nearest_org_left(self, verb: Token, head: Token) -> ActorRef | None:
        """The organisation named closest before a list verb inside the phrase the verb modifies: "Leaders of
        the G7 group, made up of ..." when the parser attached "made" to "Leaders"."""
        for i in range(verb.i - 1, head.left_edge.i - 1, -1):
            tok = self.doc[i]
            if self.resolver.hit_at(i) is not None or tok.lemma_.lower() in vocabulary().org_nouns:
                org = self._org_of_noun(tok)
                if org is not None:
                    return org
        return None

    def _org_of_member_noun(self, noun: Token, depth: int) -> ActorRef | None:
        """"a key member of the CSTO, a Moscow-led alliance": the apposition may hang on "member"."""
        if noun.lemma_.lower() not in self.cues.get("member_noun"):
            return None
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return self._org_of_noun(obj, depth + 1)
        return None

    def _org_before(self, tok: Token, *, same_sentence_only: bool = False) -> ActorRef | None:
        """The last registry organisation named before ``tok`` in this sentence or the few before it."""
        sentence = tok.sent
        first = sentence.start
        if not same_sentence_only:
            current = sentence
            for _ in range(settings.active().org_reach):
                if current.start == 0:
                    break
                current = self.doc[current.start - 1].sent
            first = current.start
        for hit in reversed(self.resolver.hits):
            if first <= hit.start < tok.i and hit.actor.kind in ORG_KINDS:
                return hit.actor
        return None

    def _org_via_prep(self, verb: Token, preps: Collection[str]) -> ActorRef | None:
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in preps:
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        org = self._org_of_noun(obj)
                        if org is not None:
                            return org
        return None

    # -- members --

    def _states(self, tok: Token) -> list[ActorRef]:
        """States a phrase headed by ``tok`` names, as countries (lists and blocs expanded)."""
        span = self.doc[tok.left_edge.i:tok.right_edge.i + 1]
        out = []
        for actor in self.resolver.actors_in(span):
            if actor.kind in STATE_KINDS and actor.country:
                out.append(ActorRef(actors.country_name(actor.country), "country", actor.country,
                                    actor.start, actor.end))
        return out

    def _subject(self, verb: Token) -> Token | None:
        """The verb's subject, inherited through "chose not to participate" / "A joined and B left"."""
        current = verb
        for _ in range(4):
            for child in current.children:
                if child.dep_ in NOMINAL_SUBJECTS:
                    return child
            if current.dep_ not in ("xcomp", "conj", "advcl") or current.head.i == current.i:
                return None
            current = current.head
        return None

    def _subject_states(self, verb: Token, subject: Token) -> tuple[list[ActorRef], list[ActorRef]]:
        """(members, excepted) of a subject: "The Central Asian countries, with the exception of A" gives
        the bloc minus A, and A; "both of them" gives the last two states named in the sentence."""
        if subject.lower_ in GROUP_PRONOUNS:
            return self._recent_states(subject, 2 if subject.lower_ == "both" else None), []
        members = self._states(subject)
        excepted = self._exceptions(subject) + self._exceptions(verb)
        codes = {e.country for e in excepted}
        return [m for m in members if m.country not in codes], excepted

    def _recent_states(self, tok: Token, count: int | None) -> list[ActorRef]:
        """The last ``count`` distinct states named before ``tok`` in its sentence ("both of them")."""
        sentence = tok.sent
        states: list[ActorRef] = []
        for hit in reversed(self.resolver.hits):
            country = hit.actor.country
            if not (sentence.start <= hit.start < tok.i and hit.actor.kind in STATE_KINDS and country):
                continue
            if country not in {s.country for s in states}:
                anchored = self.resolver.from_hit(hit)
                states.insert(0, ActorRef(actors.country_name(country), "country", country,
                                          anchored.start, anchored.end))
            if count is not None and len(states) == count:
                break
        return states if count is None or len(states) == count else []

    def _exceptions(self, tok: Token) -> list[ActorRef]:
        """States excepted by "with the exception of A", "except A", "excluding A" under ``tok``."""
        return self._cued_states(tok, "exception", linking=("of",))

    def _objects(self, verb: Token) -> list[Token]:
        """What a list verb lists: its direct object, or the object of "of" ("consists of", "made up of")."""
        out = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                out.extend(c for c in prep.children if c.dep_ == "pobj")
        return out

    def _additions(self, verb: Token) -> list[ActorRef]:
        """"In addition to Russia, current members include ...": Russia is a member too."""
        return self._cued_states(verb, "addition", linking=None)

    def _cued_states(self, head: Token, cue: str, linking: tuple[str, ...] | None) -> list[ActorRef]:
        """States under a cue preposition ("except A") or a cue noun's linking preposition ("exception of A").

        ``linking`` limits which prepositions may follow the cue noun; None accepts any ("addition to").
        """
        cues = self.cues.get(cue)
        out: list[ActorRef] = []
        for prep in head.children:
            if prep.dep_ != "prep":
                continue
            if prep.lower_ in cues:
                out.extend(s for obj in prep.children if obj.dep_ == "pobj" for s in self._states(obj))
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in cues:
                    for link in obj.children:
                        if link.dep_ == "prep" and (linking is None or link.lower_ in linking):
                            out.extend(s for o in link.children if o.dep_ == "pobj" for s in self._states(o))
        return out
