"""What a resolver holds about its field, and the token look-ups extractors ask of it directly.

:class:`FieldLookups` is the base of the resolver's parts: it declares the state that
:class:`~.resolver.MentionResolver` builds (the field's text, registry hits, person mentions, the article's
roles) and answers "which registry actor or person is named at token i". Separate because every other part
(people, pronouns, noun phrases, lists) reads this state and these look-ups, and none of them builds it.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsdossier.models import ActorRef, ArticleContext, ExtractedRole
from newsdossier.nlp.mentions.person_names import People, PersonMention
from newsdossier.nlp.mentions.registry_hits import Hit


class FieldLookups:
    """The state of a resolver over one parsed field and its per-token look-ups."""

    doc: Doc
    text: str
    hits: tuple[Hit, ...]
    context: ArticleContext
    roles: list[ExtractedRole]
    mentions: list[PersonMention]
    _people: People
    _hit_at: dict[int, Hit]
    _mention_at: dict[int, PersonMention]

    def hit_at(self, i: int) -> ActorRef | None:
        """The registry actor named at token ``i`` (no offsets), if any."""
        hit = self._hit_at.get(i)
        return hit.actor if hit is not None else None

    def hit_span(self, i: int) -> Hit | None:
        """The registry name covering token ``i`` (its token range and actor), if any."""
        return self._hit_at.get(i)

    def from_hit(self, hit: Hit) -> ActorRef:
        """The actor of a registry name with the offsets of its mention."""
        first, last = self.doc[hit.start], self.doc[hit.end - 1]
        return self._from_hit(hit, first.idx, last.idx + len(last))

    def _from_hit(self, hit: Hit, start: int, end: int) -> ActorRef:
        actor = hit.actor
        if actor.kind in ("organisation", "group"):
            return ActorRef(actor.name, actor.kind, actor.country, start, end)
        surface = self.text[start:end]
        return ActorRef(" ".join(surface.split()), actor.kind, actor.country, start, end)

    def in_hyphen_compound(self, i: int) -> bool:
        """True when the registry name at token ``i`` only builds a hyphenated adjective ("London-based",
        "Moscow-led", "U.S.-backed"): such a name places or qualifies, it does not own the noun."""
        hit = self._hit_at.get(i)
        end = hit.end if hit is not None else i + 1
        doc = self.doc
        return end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_

    def mention_at(self, i: int) -> PersonMention | None:
        """The person mention covering token ``i``, if any."""
        return self._mention_at.get(i)
