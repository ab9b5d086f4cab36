"""Memberships ("The CSTO's other members include Armenia and Belarus") read from one parsed article field.

Memberships come from the dependency tree plus the cue words of ``data/facts_memberships.tsv``: list verbs
whose subject is an organisation ("X includes / is made up of / consisting of A, B"), the member noun
("A is a member of X", "X's other members include A"), leaving, suspending, joining and founding verbs, and
"with the exception of" (the excepted states are non-members). The organisation is a registry
organisation in the phrase, or, for "the organization" / "its participation", the last one named within
a few sentences. Lists and blocs are expanded by :class:`~newsdossier.nlp.mentions.MentionResolver`.

This module holds the patterns, each only its shape in the parse; which organisation and which states a
phrase names are the shared lookups of :mod:`~newsdossier.nlp.extract.membership_phrases`.

Measured by ``eval/eval_facts.py`` against the hand-made gold of the sample articles:

    PYTHONPATH=src .venv/bin/python eval/eval_facts.py
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsdossier.models import ActorRef, ArticleContext, ExtractedMembership
from newsdossier.nlp.extract.fact_evidence import article_date, sentence_evidence
from newsdossier.nlp.extract.membership_phrases import MembershipPhrases, membership_words
from newsdossier.nlp.mentions import MentionResolver

__all__ = ["extract_memberships"]

# Prepositions that introduce the organisation a leave or suspend verb, or a stake noun, is about ("withdrew
# from X", "its participation in X").
CHANGE_PREPOSITIONS = membership_words("change_prep")
# Prepositions that introduce the organisation of a join verb ("participate in X", "accede to X").
JOIN_PREPOSITIONS = membership_words("join_prep")


@dataclass(frozen=True, slots=True)
class _Found:
    """One membership before dating and deduplication."""

    organisation: ActorRef
    member: ActorRef
    status: str
    sentence: Span


class _Memberships(MembershipPhrases):
    """State of one :func:`extract_memberships` call: the patterns, over the lookups of :class:`MembershipPhrases`."""

    def run(self) -> Iterator[_Found]:
        cues = self.cues
        for tok in self.doc:
            lemma = tok.lemma_.lower()
            if tok.pos_ in ("VERB", "AUX") and (lemma in cues.get("list_verb") or self._members_are(tok)):
                yield from self._list_verb(tok)
            elif tok.pos_ == "NOUN" and lemma in cues.get("member_noun") and tok.dep_ in ("attr", "appos"):
                yield from self._member_noun(tok)
            elif tok.pos_ == "VERB" and lemma in cues.get("leave_verb"):
                yield from self._change(tok, cues.get("leave_verb")[lemma])
            elif tok.pos_ == "VERB" and lemma in cues.get("suspend_verb"):
                yield from self._change(tok, cues.get("suspend_verb")[lemma])
            if tok.pos_ == "VERB" and lemma in cues.get("join_verb") | cues.get("take_part"):
                yield from self._join(tok)
            if tok.pos_ == "VERB" and lemma in cues.get("found_verb"):
                yield from self._founded(tok)
            if tok.lower_ in cues.get("led") and tok.dep_ == "amod":
                yield from self._led(tok)

    def _members_are(self, tok: Token) -> bool:
        """"X's full members are A, B and C": the copula lists members when its subject is the member noun."""
        if tok.lemma_ != "be":
            return False
        subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        return subject is not None and subject.lemma_.lower() in self.cues.get("member_noun")

    # -- patterns --

    def _list_verb(self, verb: Token) -> Iterator[_Found]:
        """"X includes A and B", "X's other members include A", "a group made up of A and B", "an alliance
        that includes A", "the group of countries consisting of A, B"."""
        subject = self._subject(verb) if verb.dep_ not in ("acl",) else verb.head
        if subject is None:
            return
        status = "member"
        org = None
        if subject.lemma_.lower() in self.cues.get("member_noun"):
            org = self._owner_of_members(subject)
            status = self._status(subject)
        else:
            org = self._org_of_noun(subject)
            if org is None and verb.dep_ in ("acl", "relcl"):
                org = self._nearest_org_left(verb, subject)
        if org is None:
            return
        members = [s for obj in self._objects(verb) for s in self._states(obj)]
        if status == "member":
            members += self._additions(verb)
        for member in members:
            yield _Found(org, member, status, verb.sent)

    def _owner_of_members(self, noun: Token) -> ActorRef | None:
        """The organisation of "the CSTO's members", "members of the CSTO", or, bare, the last one named."""
        for child in noun.children:
            if child.dep_ == "poss":
                return self._org_of_noun(child) or (self._org_before(noun) if child.lower_ == "its" else None)
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return self._org_of_noun(obj)
        return self._org_before(noun)

    def _status(self, noun: Token) -> str:
        mods = self.cues.get("status_mod")
        for child in noun.children:
            if child.dep_ in ("amod", "compound", "advmod") and child.lower_ in mods:
                return mods[child.lower_]
        return "member"

    def _member_noun(self, noun: Token) -> Iterator[_Found]:
        """"A is a (key) member of X", "A and B are members of X", "A, a member of X", "X, of which both of
        them are members"; a negated copula makes A a non-member."""
        org = None
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                org = next((self._org_of_noun(o) for o in prep.children if o.dep_ == "pobj"), None)
        for child in noun.children:
            if org is None and child.dep_ == "poss":
                org = self._org_of_noun(child)
        if org is None and noun.dep_ == "attr":
            org = next((self._org_of_noun(o) for prep in noun.head.children if prep.dep_ == "prep"
                        and prep.lower_ == "of" for o in prep.children if o.dep_ == "pobj"), None)
        if org is None:
            return
        status = self._status(noun)
        excepted: list[ActorRef]
        if noun.dep_ == "appos":
            members, excepted = self._states(noun.head), []
        else:
            subject = self._subject(noun.head)
            if subject is None:
                return
            members, excepted = self._subject_states(noun.head, subject)
            if any(c.dep_ == "neg" for c in noun.head.children):
                status = "non-member"
        for member in members:
            yield _Found(org, member, status, noun.sent)
        for member in excepted:
            yield _Found(org, member, "non-member", noun.sent)

    def _change(self, verb: Token, status: str) -> Iterator[_Found]:
        """"A withdrew from X", "A left X", "A ended its participation in X", "A suspended its involvement"
        (X then is the organisation named last)."""
        if self._hypothetical(verb):
            return
        subject = self._subject(verb)
        if subject is None:
            return
        if subject.lemma_.lower() in self.cues.get("stake_noun"):
            yield from self._stake_changed(subject, status)
            return
        org = self._org_via_prep(verb, CHANGE_PREPOSITIONS)
        stakes = self.cues.get("stake_noun")
        for obj in verb.children:
            if obj.dep_ != "dobj" or org is not None:
                continue
            direct = self._org_of_noun(obj) if obj.lemma_.lower() not in stakes else None
            if direct is not None:
                org = direct
            elif obj.lemma_.lower() in stakes:
                org = self._org_via_prep(obj, CHANGE_PREPOSITIONS) or self._org_before(obj)
        if org is None:
            return
        for member in self._states(subject):
            yield _Found(org, member, status, verb.sent)

    def _hypothetical(self, verb: Token) -> bool:
        """"applied to join", "will leave", "a vote to leave", "waiting to join": a plan or a possibility,
        not a fact ("declined to join" is a refusal, read by :meth:`_refused`)."""
        if any(c.dep_ == "aux" and (c.tag_ == "MD" or c.lower_ == "to") for c in verb.children):
            return not self._refused(verb)
        return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in self.cues.get("intent")

    def _refused(self, verb: Token) -> bool:
        """"declined to join", "chose not to participate": the subject stays out."""
        if verb.dep_ != "xcomp" or verb.head.lemma_.lower() not in self.cues.get("refusal"):
            return False
        negated = any(c.dep_ == "neg" for c in verb.children)
        return verb.head.lemma_.lower() != "choose" or negated

    def _stake_changed(self, stake: Token, status: str) -> Iterator[_Found]:
        """"Venezuela's membership in Mercosur was suspended": the owner of the stake, in the organisation."""
        org = self._org_via_prep(stake, CHANGE_PREPOSITIONS) or self._org_before(stake)
        owner = next((c for c in stake.children if c.dep_ == "poss"), None)
        if org is None or owner is None:
            return
        for member in self._states(owner):
            yield _Found(org, member, status, stake.sent)

    def _join(self, verb: Token) -> Iterator[_Found]:
        """"A joined X" (member); "A chose not to participate in X" / "A did not join X" / "A declined to
        join X" (non-member); "A applied to join X" says nothing yet."""
        if self._hypothetical(verb):
            return
        negated = any(c.dep_ == "neg" for c in verb.children) or self._refused(verb)
        lemma = verb.lemma_.lower()
        status = self.cues.get("take_part").get(lemma) if negated else self.cues.get("join_verb").get(lemma)
        if status is None:
            return
        org = next((self._org_of_noun(o) for o in verb.children if o.dep_ == "dobj"), None)
        org = org or self._org_via_prep(verb, JOIN_PREPOSITIONS)
        subject = self._subject(verb)
        if org is None or subject is None:
            return
        for member in self._states(subject):
            yield _Found(org, member, status, verb.sent)

    def _founded(self, verb: Token) -> Iterator[_Found]:
        """"X was launched by A and B" / "A and B founded X": founders are members."""
        passive = any(c.dep_ == "nsubjpass" for c in verb.children)
        subject: Token | None
        if passive:
            subject = next(c for c in verb.children if c.dep_ == "nsubjpass")
            org = self._org_of_noun(subject)
            founders = [o for agent in verb.children if agent.dep_ == "agent"
                        for o in agent.children if o.dep_ == "pobj"]
        else:
            org = next((self._org_of_noun(o) for o in verb.children if o.dep_ == "dobj"), None)
            subject = self._subject(verb)
            founders = [subject] if subject is not None else []
        if org is None:
            return
        for founder in founders:
            for member in self._states(founder):
                yield _Found(org, member, "member", verb.sent)

    def _led(self, led: Token) -> Iterator[_Found]:
        """"the CSTO, a Moscow-led military alliance": the leading state is a member."""
        leader = next((c for c in led.children if c.dep_ in ("npadvmod", "compound", "nmod")), None)
        if leader is None:
            return
        org = self._org_of_noun(led.head)
        if org is None:
            return
        for member in self._states(leader):
            yield _Found(org, member, "member", led.sent)


def extract_memberships(doc: Doc, context: ArticleContext, resolver: MentionResolver) -> list[ExtractedMembership]:
    """Memberships of states in organisations stated in this field, one per (organisation, member, status)."""
    date = article_date(context)
    seen: set[tuple[str, str | None, str]] = set()
    out: list[ExtractedMembership] = []
    for found in _Memberships(doc, resolver).run():
        key = (found.organisation.name, found.member.country, found.status)
        if key in seen:
            continue
        seen.add(key)
        org = ActorRef(found.organisation.name, "organisation", found.organisation.country)
        out.append(ExtractedMembership(org, found.member, found.status, date,
                                       sentence_evidence(resolver.text, context, found.sentence)))
    return out
