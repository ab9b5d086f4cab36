"""The state of one :func:`~.extraction.extract_events` call and of one matched trigger, and the rule that an
event is emitted once.

Separate because every step reads or updates this state (the resolver, the remembered groups, the dates
already read), and keeping it apart lets the steps share it without importing one another.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from newsdossier import settings
from newsdossier.lexicon import cameo
from newsdossier.models import ActorRef, ArticleContext, EventDate, ExtractedEvent, ExtractedQuote

if TYPE_CHECKING:
    from newsdossier.nlp.mentions import MentionResolver



@dataclass(frozen=True, slots=True)
class Trigger:
    """A matched trigger token, the code it gets here, and whether a governing "failed to" negates it."""

    token: Token
    pattern: cameo.Pattern
    code: str
    negated_by_control: bool = False


@dataclass(slots=True)
class Run:
    """State of one call of :func:`~.extraction.extract_events`: the resolver, recent actor groups, the last own
    date."""

    doc: Doc
    context: ArticleContext
    resolver: MentionResolver
    groups: deque[tuple[int, list[ActorRef]]] = field(
        default_factory=lambda: deque(maxlen=settings.active().max_groups))
    sentence: int = 0
    last_own_date: EventDate | None = None
    events: list[ExtractedEvent] = field(default_factory=list)
    seen: set[tuple[object, ...]] = field(default_factory=set)
    dates: dict[int, EventDate] = field(default_factory=dict)  # per trigger token: accusations reuse them
    resolving: set[int] = field(default_factory=set)  # pronouns being resolved: an antecedent chain never loops
    quotes: list[ExtractedQuote] = field(default_factory=list)  # the field's quotations: who "we" and "I" are


def is_new(run: Run, event: ExtractedEvent) -> bool:
    """Once per (sentence, code, trigger, source, target): the store keys events on exactly these."""
    key = (event.evidence.start, event.cameo, event.trigger, event.source and event.source.name,
           event.target and event.target.name)
    if key in run.seen:
        return False
    run.seen.add(key)
    return True
