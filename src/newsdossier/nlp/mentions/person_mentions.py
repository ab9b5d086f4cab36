"""People in one parsed field: every token run that names a person, the full name it stands for, and who holds
a title.

A person is a PERSON entity that is not a registry name, a capitalised name after a title or honorific that NER
missed, or a later bare surname already known; ``roles`` (found anywhere in the article) give full names and
countries. Separate because finding people is the resolver's largest single step, done once when it is built;
the pronoun, noun-phrase and list parts only read its results (:attr:`mentions`, :meth:`_person`,
:meth:`_role_holder`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Token

from newsdossier.models import ActorRef, ExtractedRole
from newsdossier.nlp.mentions.doc_helpers import is_credit, is_subject, parse_depth
from newsdossier.nlp.mentions.lookups import FieldLookups
from newsdossier.nlp.mentions.person_names import (
    PersonMention,
    fold_name,
    looks_like_name,
    name_text,
    plain,
    strip_name,
)
from newsdossier.nlp.mentions.titles import title_key
from newsdossier.nlp.mentions.word_lists import FEMININE_HONORIFICS, MASCULINE_HONORIFICS, vocabulary


class PersonMentions(FieldLookups):
    """Finds the people of a field and answers who a name or a title stands for."""

    def _learn_roles(self) -> None:
        for role in self.roles:
            name = role.person.name
            self._people.add(name)
            country = _role_country(role)
            if country and name not in self._people.countries:
                self._people.countries[name] = country

    def _person_mentions(self) -> list[PersonMention]:
        """Every mention of a person in the document, in order. A surname alone stands for a full name with
        that surname mentioned before it; when there are several (a president and a spouse in one article), the one an
        honorific's gender fits, else the one introduced first (the story's principal, by convention)."""
        spans = self._person_spans()
        mentions = []
        seen: dict[str, list[str]] = {}
        for tokens in spans:
            text = name_text(tokens)
            parts = text.split()
            gender = self._gender(tokens)
            if len(parts) == 1:
                name = self._pick(seen.get(fold_name(parts[0]), []), gender) or self._people.full(text)
            else:
                name = text
                for key in (fold_name(parts[-1]), fold_name(parts[0])):
                    if name not in seen.setdefault(key, []):
                        seen[key].append(name)
            if gender:
                self._people.genders.setdefault(name, gender)
            root = min(tokens, key=lambda t: parse_depth(t))
            mentions.append(PersonMention(tokens[0].i, tokens[-1].i + 1, name, is_subject(root),
                                          is_credit(self.text, tokens[0].idx), gender))
        return mentions

    def _pick(self, candidates: list[str], gender: str | None) -> str | None:
        if gender is not None:
            fitting = [c for c in candidates if self._people.genders.get(c) in (gender, None)]
            candidates = fitting or candidates
        return candidates[0] if candidates else None

    def _person_spans(self) -> list[list[Token]]:
        """Token runs naming people: PERSON entities that are not registry names, capitalised names after a
        title or honorific that NER missed, and later bare mentions of a surname already known."""
        doc = self.doc
        taken: set[int] = set()
        spans: list[list[Token]] = []
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            tokens = strip_name(ent)
            if tokens and not any(t.i in self._hit_at for t in tokens) and looks_like_name(tokens):
                spans.append(tokens)
                taken.update(t.i for t in tokens)
        for tokens in self._names_after_titles(taken):
            spans.append(tokens)
            taken.update(t.i for t in tokens)
        for tokens in spans:
            self._people.add(name_text(tokens))
        known = set(self._people.by_surname) | {fold_name(n.split()[-1]) for n in self._role_names()}
        for tok in doc:
            if tok.i not in taken and tok.pos_ == "PROPN" and tok.is_title and fold_name(tok.text) in known \
                    and tok.i not in self._hit_at:
                spans.append([tok])
        spans.sort(key=lambda s: s[0].i)
        return spans

    def _role_names(self) -> Iterator[str]:
        for role in self.roles:
            yield role.person.name

    def _names_after_titles(self, taken: set[int]) -> Iterator[list[Token]]:
        """Capitalised names right after an honorific or a title ("Mr. Haddad", "President of Ghana
        Kwame Mensah") that NER missed or folded into an ORG entity together with the title."""
        vocab = vocabulary()
        doc = self.doc
        for tok in doc:
            cue = plain(tok.text) in vocab.honorifics or (tok.is_title and vocab.is_title_head(tok.text)
                                                            and vocab.singular(tok.text) == tok.lower_)
            if not cue or tok.i in self._hit_at:
                continue
            first = self._after_of_tail(tok.i + 1)
            run = self._name_run(first, taken)
            if run and looks_like_name(run) and self._named_after(tok, run):
                yield run

    def _named_after(self, cue: Token, run: list[Token]) -> bool:
        """Whether a capitalised run after a cue is a name: after an honorific, anything NER did not call a
        place or an organisation; after a title, only a run NER folded into one entity with the title and
        something before it ("Kazakh President X" tagged ORG), never an entity the title starts ("General
        Motors") or a bare capitalised word ("General Election")."""
        first = run[0]
        if plain(cue.text) in vocabulary().honorifics:
            return first.ent_type_ not in ("GPE", "LOC", "DATE", "TIME")
        if first.ent_iob_ != "I" or first.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE"):
            return False
        start = first.i
        while start > 0 and self.doc[start].ent_iob_ == "I":
            start -= 1
        if start >= cue.i + 2:
            return True
        return start < cue.i and any(i in self._hit_at for i in range(start, cue.i))

    def _after_of_tail(self, i: int) -> int:
        """Skip "of Kazakhstan" after a title: the name starts after the registry name."""
        doc = self.doc
        if i < len(doc) and doc[i].lower_ == "of" and i + 1 in self._hit_at:
            return self._hit_at[i + 1].end
        return i

    def _name_run(self, first: int, taken: set[int]) -> list[Token]:
        """Up to four capitalised proper-noun tokens from ``first``, hyphenated parts included."""
        vocab = vocabulary()
        doc = self.doc
        run: list[Token] = []
        for nxt in doc[first:first + 6]:
            if nxt.text == "-" and run and not run[-1].whitespace_ and not nxt.whitespace_:
                run.append(nxt)
                continue
            if nxt.i in taken or nxt.i in self._hit_at or not nxt.text[:1].isupper():
                break
            if nxt.pos_ != "PROPN" or vocab.is_title_head(nxt.text) or nxt.lower_ in vocab.prefixes:
                break
            run.append(nxt)
        while run and run[-1].text == "-":
            run.pop()
        return run

    def _gender(self, tokens: Sequence[Token]) -> str | None:
        first = tokens[0]
        if first.i == 0:
            return None
        before = plain(self.doc[first.i - 1].text)
        if before in FEMININE_HONORIFICS:
            return "f"
        if before in MASCULINE_HONORIFICS:
            return "m"
        return None

    def _person(self, name: str, start: int, end: int) -> ActorRef:
        return ActorRef(name, "person", self._people.countries.get(name), start, end)

    def _role_holder(self, title: str, country: str | None) -> str | None:
        """The person whose role has this title (and country, when given); None if none or ambiguous."""
        key = title_key(title)
        names = []
        for role in self.roles:
            role_country = _role_country(role)
            fits = title_key(role.title) == key and (country is None or role_country == country)
            if fits and role.person.name not in names:
                names.append(role.person.name)
        return names[0] if len(names) == 1 else None


def _role_country(role: ExtractedRole) -> str | None:
    """The country a role places its holder in: the person's own, else that of whom the title is of."""
    return role.person.country or (role.of.country if role.of is not None else None)
