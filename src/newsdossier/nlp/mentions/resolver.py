"""The resolver of one parsed field: builds what its parts share and ties them into one class.

Separate so that the parts stay one job each: :mod:`.lookups` (the state and per-token look-ups),
:mod:`.person_mentions` (people), :mod:`.anaphora` (pronouns), :mod:`.noun_phrases` (one actor per phrase) and
:mod:`.groups` (lists and blocs). This module only builds the state, in the order the parts need it.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from newsdossier.models import ArticleContext, ExtractedRole
from newsdossier.nlp.mentions.anaphora import Anaphora
from newsdossier.nlp.mentions.groups import Groups
from newsdossier.nlp.mentions.person_names import People
from newsdossier.nlp.mentions.registry_hits import parsed_field


class MentionResolver(Groups, Anaphora):
    """Resolves noun phrases and pronouns of one parsed field to :class:`ActorRef` records.

    ``roles`` are the roles found anywhere in the article (all fields): they give people their country and
    full name, and let "the Kazakh foreign minister" be the person named elsewhere with that title.
    """

    def __init__(self, doc: Doc, context: ArticleContext, roles: Sequence[ExtractedRole] = ()) -> None:
        self.doc = doc
        self.text, self.hits = parsed_field(doc)
        self.context = context
        self.roles = list(roles)
        self._people = People()
        self._hit_at = {i: hit for hit in self.hits for i in range(hit.start, hit.end)}
        self._learn_roles()
        self.mentions = self._person_mentions()
        self._mention_at = {i: m for m in self.mentions for i in range(m.start, m.end)}
        self._sets_cache = None
