"""Mentions in one parsed article field -> actors: people, states, governments, organisations and blocs.

The extractors (events, quotes, roles, memberships) all ask the same questions about a noun phrase: who is
"Kazakh President Aigerim Sadykova" (a person, of Kazakhstan, not Kazakhstan itself), "the Kremlin" (the
Russian government), "Kazakhstan, Kyrgyzstan and Tajikistan" (three states), "the two leaders" (the last two
people named), "he" (the last fitting person). One :class:`MentionResolver` per field answers them.

How it decides, cheapest evidence first:

* registry names (:mod:`newsdossier.actors`) are found once per document by a longest-match scan over token
  n-grams starting at capitalised tokens, so NER's frequent label errors ("Armenia" as ORG, "Tajikistan" as
  NORP) do not matter and a phrase is resolved by looking at the registry hits inside it;
* people come from PERSON entities, from capitalised names after a title or honorific that NER missed, and
  from surnames already seen; ``roles`` (found anywhere in the article) give their full name and country;
* the head noun decides what a phrase is: a name, a title ("the Kazakh foreign minister" -> a person by
  role), a state body ("Russia's Foreign Ministry" -> the government), an organisation noun ("the C5+1
  group" -> the organisation), or nothing (a registry name in a modifier, as in "Moscow's influence", does
  not make the phrase an actor).

Names: people get their full name as seen in the article, organisations and blocs the registry's canonical
name (their identity), states and governments the surface text (the ISO code carries the identity).

The work is split by job: :mod:`.word_lists` (the words read from ``data/``), :mod:`.titles` (titles in a
token run), :mod:`.registry_hits` (registry names in the field), :mod:`.person_names` (names and their short
forms), :mod:`.doc_helpers` (questions about the parse alone), and the resolver's parts :mod:`.lookups`,
:mod:`.person_mentions`, :mod:`.anaphora`, :mod:`.noun_phrases` and :mod:`.groups`, tied together in
:mod:`.resolver`.
"""

from __future__ import annotations

from newsdossier.nlp.mentions.doc_helpers import entity_of
from newsdossier.nlp.mentions.groups import STATE_KINDS
from newsdossier.nlp.mentions.person_names import PersonMention
from newsdossier.nlp.mentions.registry_hits import Hit
from newsdossier.nlp.mentions.resolver import MentionResolver
from newsdossier.nlp.mentions.titles import TitleMatch, match_title, title_key
from newsdossier.nlp.mentions.word_lists import Vocabulary, vocabulary

__all__ = [
    "STATE_KINDS",
    "Hit",
    "MentionResolver",
    "PersonMention",
    "TitleMatch",
    "Vocabulary",
    "entity_of",
    "match_title",
    "title_key",
    "vocabulary",
]
