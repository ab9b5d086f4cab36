"""Registry names in a parsed field: a longest-match scan over token n-grams, done once per field.

Separate because it is the resolver's cheapest evidence and depends on the Doc alone: NER's label errors
("Armenia" as ORG, "Tajikistan" as NORP) do not matter, and every resolver built over one field (roles are read
first, then every other extractor gets its own) shares the result through ``Doc.user_data``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from newsdossier import settings
from newsdossier.lexicon import registry as actors
from newsdossier.models import ActorRef

_CAPITALISED = re.compile(r"[A-Z0-9]")
# Key in ``Doc.user_data`` of what every resolver of one parsed field shares (see :func:`parsed_field`).
_FIELD_CACHE = "newsdossier.nlp.mentions.field"


@dataclass(frozen=True, slots=True)
class Hit:
    """A registry name found in the document: tokens ``start..end-1``."""

    start: int
    end: int
    actor: ActorRef


def parsed_field(doc: Doc) -> tuple[str, tuple[Hit, ...]]:
    """The field's text and its registry hits, computed once per parsed field.

    Several resolvers are built over one Doc (roles are read first, then every other extractor gets a resolver
    that knows them); both values depend on the Doc alone, and spaCy rebuilds ``Doc.text`` from its tokens on
    every read, so computing them again was a measurable share of the extraction time.
    """
    cached = doc.user_data.get(_FIELD_CACHE)
    if cached is None:
        text = doc.text
        cached = doc.user_data[_FIELD_CACHE] = (text, tuple(_registry_hits(doc, text)))
    return cached


def _registry_hits(doc: Doc, text: str) -> list[Hit]:
    """Registry names in the document, longest match first, left to right, never overlapping. Only
    capitalised tokens that begin some registry name start a try, so the cost is a few dict look-ups per
    proper noun whatever the size of the registry."""
    hits = []
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        words = actors.name_span(tok.text) if _CAPITALISED.match(tok.text) and not tok.is_punct else 0
        found = None
        # a word may be several tokens ("C5+1", "Guinea-Bissau"), hence the slack
        for size in range(min(settings.active().max_name_tokens, 2 * words + 1, n - i), 0, -1):
            last = doc[i + size - 1]
            if (last.is_punct and last.text != "+") or "\n" in text[tok.idx:last.idx]:
                continue
            actor = actors.lookup(text[tok.idx:last.idx + len(last)])
            if actor is not None:
                found = Hit(i, i + size, actor)
                break
        if found is not None:
            hits.append(found)
            i = found.end
        else:
            i += 1
    return hits
