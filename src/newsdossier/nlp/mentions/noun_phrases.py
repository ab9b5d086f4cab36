"""The one actor a noun phrase names, decided by its head: a person, a registry name, a title, a state body,
an organisation noun, an unknown organisation, or nothing.

"Kazakh President X" is a person of Kazakhstan, "Russia's Foreign Ministry" the Russian government, "the C5+1
group" the organisation, "the Kazakh foreign minister" the person holding that role; a registry name only in a
modifier ("Moscow's influence") does not make the phrase an actor. Separate because it is the single-actor
question; lists and counted groups (:mod:`.groups`) are built on it.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsdossier.models import ActorRef
from newsdossier.nlp.mentions.doc_helpers import compound_phrase, entity_of
from newsdossier.nlp.mentions.person_mentions import PersonMentions
from newsdossier.nlp.mentions.titles import match_title
from newsdossier.nlp.mentions.word_lists import vocabulary

# Right-hand dependents that are not part of a noun phrase's own name.
NOT_CORE_DEPS = frozenset({"appos", "relcl", "acl", "punct", "cc", "conj", "advcl", "prep", "npadvmod"})


class NounPhrases(PersonMentions):
    """The actor one noun phrase or entity span names."""

    def actor(self, span: Span) -> ActorRef | None:
        """The one actor a noun phrase or entity span names, with the phrase's offsets; None if it names none
        (a registry word only in a modifier, a plural title, an unknown common noun)."""
        core = self.core(span)
        if core is None:
            return None
        root = core.root
        start, end = core.start_char, core.end_char
        mention = self._mention_at.get(root.i)
        if mention is not None and not mention.credit:
            return self._person(mention.name, start, end)
        hit = self._hit_at.get(root.i)
        if hit is not None:
            return self._from_hit(hit, start, end)
        return self._by_head(core, root)

    def core(self, span: Span) -> Span | None:
        """The phrase without what is not its name: leading/trailing punctuation, a possessive, appositions,
        relative clauses and prepositions other than "of" after the head."""
        if len(span) == 0:
            return None
        root = span.root
        right = root.i
        for child in root.rights:
            if child.i >= span.end:
                break
            if child.dep_ in NOT_CORE_DEPS and not (child.dep_ == "prep" and child.lower_ == "of"):
                break
            right = max(right, min(child.right_edge.i, span.end - 1))
        left = max(span.start, root.left_edge.i)
        doc = span.doc
        while left <= right and (doc[left].is_punct or doc[left].is_space or doc[left].dep_ == "cc"):
            left += 1
        while right >= left and (doc[right].is_punct or doc[right].is_space or doc[right].tag_ == "POS"):
            right -= 1
        if left > right:
            return None
        return doc[left:right + 1]

    def _by_head(self, core: Span, root: Token) -> ActorRef | None:
        """A phrase whose head is a common noun or an unknown name: decided by what the head is."""
        vocab = vocabulary()
        start, end = core.start_char, core.end_char
        surface = " ".join(core.text.split())
        owner = self._owner(core, root)
        head = root.lower_
        singular = vocab.singular(root.text)
        if head in vocab.people and owner is not None:
            kind = "group" if owner.kind == "group" else "government"
            name = owner.name if kind == "group" else surface
            return ActorRef(name, kind, owner.country, start, end) if owner.country or kind == "group" else None
        if vocab.is_title_head(root.text) or head in vocab.person_nouns:
            return self._role_actor(core, root, owner)
        if head in vocab.bodies or compound_phrase(root) in vocab.bodies:
            return ActorRef(surface, "government", owner.country, start, end) if owner and owner.country else None
        if singular in vocab.org_nouns and owner is not None and owner.kind == "organisation":
            return ActorRef(owner.name, "organisation", None, start, end)
        return self._unknown_name(core, root, owner)

    def _unknown_name(self, core: Span, root: Token, owner: ActorRef | None) -> ActorRef | None:
        """A named entity the registry does not know: organisations are actors; places are kept as places."""
        surface = " ".join(core.text.split())
        if root.ent_type_ == "ORG" and root.pos_ == "PROPN":
            country = owner.country if owner is not None else None
            entity = entity_of(root)
            if entity is not None and entity.start >= core.start and entity.end > core.end:
                # the name goes on past what the parse calls the phrase ("Institute for Strategic Studies")
                return ActorRef(" ".join(entity.text.split()), "organisation", country,
                                entity.start_char, entity.end_char)
            return ActorRef(surface, "organisation", country, core.start_char, core.end_char)
        if root.ent_type_ in ("GPE", "LOC", "FAC") and root.pos_ == "PROPN":
            return ActorRef(surface, "other", None, core.start_char, core.end_char)
        return None

    def _owner(self, core: Span, root: Token) -> ActorRef | None:
        """The registry actor a phrase's head belongs to: a modifier ("Kazakh", "Kremlin", "Russia's") or an
        "of" phrase ("President of Kazakhstan", "National Assembly of Angola")."""
        found = None
        for hit in self.hits:
            if core.start <= hit.start and hit.end <= root.i and not self.in_hyphen_compound(hit.start):
                found = hit.actor  # the modifier nearest the head wins ("U.S. Senate Foreign ... Committee")
        if found is not None:
            return found
        for child in root.rights:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i < core.end:
                for obj in child.children:
                    of_hit = self._hit_at.get(obj.i)
                    if obj.dep_ == "pobj" and of_hit is not None:
                        return of_hit.actor
        return None

    def _role_actor(self, core: Span, root: Token, owner: ActorRef | None) -> ActorRef | None:
        """"the Kazakh foreign minister": the person holding that role per ``roles``, else a person known only
        by role and country; None for plural titles and for titles with nothing to anchor them."""
        vocab = vocabulary()
        start, end = core.start_char, core.end_char
        if vocab.singular(root.text) != root.lower_:
            return None
        tokens = list(core)
        match = match_title(tokens, root.i - core.start + 1)
        country = owner.country if owner is not None else None
        if match is not None:
            holder = self._role_holder(match.text, country)
            if holder is None and country is None and core[0].lower_ == "the":
                holder = self._role_holder(match.text, None)
            if holder is not None:
                return self._person(holder, start, end)
        if country is None:
            return None
        return ActorRef(" ".join(core.text.split()), "person", country, start, end)
