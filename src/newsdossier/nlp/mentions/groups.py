"""All the actors a phrase stands for: lists, counted blocs, examples, "the two leaders", role holders per state.

"Kazakhstan, Kyrgyzstan and Tajikistan" is three states, "the five Central Asian states" the members of the
bloc, "former Soviet republics such as Armenia and Belarus" the examples, "the two leaders" the last two
people named, "the foreign ministers of the five countries" one person per state. Separate because these
many-actor answers have their own evidence (coordination, bloc membership, the sets of states named before),
built on the single-actor answer of :mod:`.noun_phrases`.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from newsdossier.lexicon import registry as actors
from newsdossier.models import ActorRef
from newsdossier.nlp.mentions.doc_helpers import conjunct_span, examples_of, says_all, stated_number
from newsdossier.nlp.mentions.noun_phrases import NounPhrases
from newsdossier.nlp.mentions.titles import match_title
from newsdossier.nlp.mentions.word_lists import PERSON_LEMMAS, vocabulary

# Actor kinds that are a state: a country or its government.
STATE_KINDS = frozenset({"country", "government"})


class Groups(NounPhrases):
    """The actors of coordinations, blocs and counted plural phrases."""

    _sets_cache: list[tuple[int, tuple[ActorRef, ...]]] | None

    def actors_in(self, span: Span) -> list[ActorRef]:
        """All actors a phrase stands for: each member of a coordination ("Kazakhstan, Kyrgyzstan and
        Tajikistan"), the states of a counted bloc ("the five Central Asian states"), the examples of a
        vague group ("former Soviet republics such as Armenia and Belarus"), the N most recent of a kind
        for an anaphor ("the two leaders"), the role holders of "the foreign ministers of the five
        countries"; otherwise the single :meth:`actor`, or nothing."""
        if len(span) == 0:
            return []
        root = span.root
        conjuncts = [root, *(c for c in self._list_members(root) if span.start <= c.i < span.end)]
        out: list[ActorRef] = []
        for tok in conjuncts:
            sub = conjunct_span(tok, span) if len(conjuncts) > 1 else span
            out.extend(self._expand(sub))
        return _dedupe(out)

    def _list_members(self, root: Token) -> list[Token]:
        """Later members of a list headed by ``root``: conjuncts, and states the parser attached as
        appositions ("Kazakhstan, Kyrgyzstan, Armenia and Belarus" often parses Kyrgyzstan as appos)."""
        out: list[Token] = []
        stack = [root]
        root_is_state = self._is_state(root)
        while stack:
            tok = stack.pop()
            for child in tok.children:
                if child.dep_ == "conj" or (child.dep_ == "appos" and root_is_state and self._is_state(child)):
                    out.append(child)
                    stack.append(child)
        return sorted(out, key=lambda t: t.i)

    def _is_state(self, tok: Token) -> bool:
        hit = self._hit_at.get(tok.i)
        return hit is not None and hit.actor.kind in STATE_KINDS

    def _expand(self, span: Span) -> list[ActorRef]:
        core = self.core(span)
        if core is None:
            return []
        root = core.root
        examples = examples_of(root, span)
        if examples is not None:
            named = self.actors_in(examples)
            if named:
                return named
        number = stated_number(root)
        vocab = vocabulary()
        is_named = root.i in self._hit_at or root.i in self._mention_at
        if not is_named and vocab.is_title_head(root.text) and vocab.singular(root.text) != root.lower_:
            holders = self._role_holders(core, root)
            if holders:
                return holders
        actor = self.actor(span)
        if actor is not None and actor.kind == "group":
            members = actors.group_members(actor.name)
            if members and (number == len(members) or says_all(root)):
                return [self._state(iso3, core) for iso3 in members]
        if actor is not None:
            return [actor]
        if number is not None and root.pos_ == "NOUN":
            recent = self._recent(number, root, core)
            if recent:
                return recent
            if root.lemma_.lower() in vocab.state_nouns:
                # "the five countries" the text never listed: a set of states, named as written
                return [_group_as_written(core)]
        return []

    def _state(self, iso3: str, core: Span) -> ActorRef:
        return ActorRef(actors.country_name(iso3), "country", iso3, core.start_char, core.end_char)

    def _role_holders(self, core: Span, root: Token) -> list[ActorRef]:
        """"the foreign ministers of the five countries": one person per state, by role when known."""
        match = match_title(list(core), root.i - core.start + 1)
        if match is None:
            return []
        title = vocabulary().singular(match.text.split()[-1])
        title = " ".join([*match.text.lower().split()[:-1], title])
        states: list[ActorRef] = []
        for child in root.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        states = self.actors_in(self.doc[obj.left_edge.i:obj.right_edge.i + 1])
        owner = self._owner(core, root)
        if not states and owner is not None and owner.kind == "group":
            states = [self._state(iso3, core) for iso3 in actors.group_members(owner.name)]
        out = []
        for state in states:
            if state.kind == "group" and not state.country:
                # states the text never listed: the holders are a group as written
                return [_group_as_written(core)]
            if state.kind not in STATE_KINDS or not state.country:
                continue
            holder = self._role_holder(title, state.country)
            name = holder or f"the {title} of {actors.country_name(state.country)}"
            out.append(ActorRef(name, "person", state.country, core.start_char, core.end_char))
        return out

    def _recent(self, number: int, root: Token, core: Span) -> list[ActorRef]:
        """"the two leaders" -> the last two people named; "the five countries" -> the last set of five
        states the text listed or named as a bloc, else the last five distinct states mentioned."""
        vocab = vocabulary()
        start, end = core.start_char, core.end_char
        if root.lower_ in vocab.people or vocab.is_title_head(root.text) or root.lemma_ in PERSON_LEMMAS:
            names: list[str] = []
            for mention in reversed([m for m in self.mentions if m.end <= core.start and not m.credit]):
                if mention.name not in names:
                    names.append(mention.name)
                if len(names) == number:
                    return [self._person(n, start, end) for n in reversed(names)]
            return []
        for position, members in reversed(self._sets()):
            if position < core.start and len(members) == number:
                return [ActorRef(a.name, a.kind, a.country, start, end) for a in members]
        states: list[ActorRef] = []
        for hit in reversed([h for h in self.hits if h.end <= core.start]):
            if hit.actor.kind in STATE_KINDS and hit.actor.country not in {s.country for s in states}:
                states.append(self._state(hit.actor.country or "", core))
            if len(states) == number:
                return list(reversed(states))
        return []

    def _sets(self) -> list[tuple[int, tuple[ActorRef, ...]]]:
        """Sets of states the text has named together, by position: coordinated lists of states and blocs
        with known members ("Central Asia consists of ...", "the five Central Asian states")."""
        if self._sets_cache is not None:
            return self._sets_cache
        sets: list[tuple[int, tuple[ActorRef, ...]]] = []
        for hit in self.hits:
            members = actors.group_members(hit.actor.name) if hit.actor.kind == "group" else ()
            if members:
                sets.append((hit.start, tuple(ActorRef(actors.country_name(m), "country", m) for m in members)))
        for tok in self.doc:
            if tok.dep_ != "conj" and any(c.dep_ == "conj" for c in tok.children):
                states = []
                for conj in (tok, *tok.conjuncts):
                    conj_hit = self._hit_at.get(conj.i)
                    if conj_hit is not None and conj_hit.actor.kind in STATE_KINDS:
                        states.append(ActorRef(actors.country_name(conj_hit.actor.country or ""), "country",
                                               conj_hit.actor.country))
                if len(states) >= 2:
                    sets.append((tok.i, tuple(_dedupe(states))))
        sets.sort(key=lambda item: item[0])
        self._sets_cache = sets
        return sets


def _group_as_written(core: Span) -> ActorRef:
    """A group whose members the text never listed ("the five countries", "the foreign ministers of the five
    countries"): one actor named as written."""
    return ActorRef(" ".join(core.text.split()), "group", None, core.start_char, core.end_char)


def _dedupe(items: Iterable[ActorRef]) -> list[ActorRef]:
    seen: set[tuple[str, str, str | None]] = set()
    out = []
    for item in items:
        key = (item.name, item.kind, item.country)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
