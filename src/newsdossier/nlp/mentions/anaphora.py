"""Pronouns and role descriptions back to a person named before: "he", "she", "the Kazakh foreign minister".

Separate because it is the one guess the resolver makes across sentences: the last fitting person named,
preferring a subject of the same clause or of the sentences just before, skipping photo credits and people of
the wrong gender; a role hint is answered by who holds that role per the article's roles.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsdossier import settings
from newsdossier.lexicon import registry as actors
from newsdossier.models import ActorRef
from newsdossier.nlp.mentions.doc_helpers import sentences_back
from newsdossier.nlp.mentions.person_mentions import PersonMentions
from newsdossier.nlp.mentions.person_names import PersonMention
from newsdossier.nlp.mentions.word_lists import FEMININE, MASCULINE


class Anaphora(PersonMentions):
    """The person a pronoun or a role description stands for."""

    def person_before(self, token: Token, *, role_hint: str | None = None) -> ActorRef | None:
        """The person a pronoun stands for: with a ``role_hint`` ("Kazakh foreign minister") the holder of
        that role; otherwise the last person named before it, preferring a subject of the same clause or
        of the sentences just before, skipping photo credits and people of the wrong gender."""
        start, end = token.idx, token.idx + len(token)
        if role_hint:
            holder = self._role_holder_from_hint(role_hint)
            if holder is not None:
                return self._person(holder, start, end)
        gender = "f" if token.lower_ in FEMININE else "m" if token.lower_ in MASCULINE else None
        candidates = [m for m in self.mentions if m.end <= token.i and not m.credit
                      and self._gender_fits(m.name, gender)]
        if not candidates:
            return None
        sentence = token.sent
        subject = self._subject_nearby(candidates, sentence)
        chosen = subject or candidates[-1]
        return self._person(chosen.name, start, end)

    def _gender_fits(self, name: str, gender: str | None) -> bool:
        known = self._people.genders.get(name)
        return gender is None or known is None or known == gender

    def _subject_nearby(self, candidates: list[PersonMention], sentence: Span) -> PersonMention | None:
        sentences = list(sentences_back(sentence, settings.active().pronoun_reach))
        for sent in sentences:
            inside = [m for m in candidates if sent.start <= m.start < sent.end]
            subjects = [m for m in inside if m.subject]
            if subjects:
                return subjects[-1]
            if inside and sent is not sentence:
                return inside[-1]
        return None

    def _role_holder_from_hint(self, hint: str) -> str | None:
        """"Kazakh foreign minister" -> the person holding that title for that country per ``roles``."""
        words = hint.split()
        country = None
        for size in range(len(words), 0, -1):
            actor = actors.lookup(" ".join(words[:size]))
            if actor is not None and actor.country:
                country, words = actor.country, words[size:]
                break
        return self._role_holder(" ".join(words), country)
