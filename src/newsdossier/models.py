"""Plain records passed between pipeline stages.

Every stage reads the previous stage's records and returns its own; none of them knows about storage,
so each can be tested alone. Offsets are character offsets into ``CleanedArticle.text``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, TypeVar

SourceFormat = Literal["text", "html", "jsonl"]
DatePrecision = Literal["day", "week", "month", "year"]


@dataclass(frozen=True, slots=True)
class ArticleHints:
    """Metadata a source already states (JSONL fields, HTML metadata); trusted over guesses from the text."""

    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = None
    external_id: str | None = None


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One article as read from disk, decoded but not yet cleaned.

    ``source`` names where it came from in a way that is stable across runs (a path, or ``path#L12`` for a
    JSONL line) so a second ingest of the same input can be recognised and skipped.
    """

    source: str
    text: str
    format: SourceFormat
    content_hash: str
    hints: ArticleHints = field(default_factory=ArticleHints)
    # What reading had to repair ("4 invalid UTF-8 bytes replaced with U+FFFD"): kept as warnings of the input.
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Reject:
    """An input that could not become an article, with a reason a person can act on."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Caption:
    """A photo caption kept apart from the body: captions carry dated facts but are not the story."""

    text: str
    credit: str | None = None


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line taken out of the body and why (kept for evaluation and debugging)."""

    text: str
    reason: str


@dataclass(slots=True)
class CleanedArticle:
    """The cleaner's result: body text with paragraph offsets plus what was found about the article."""

    text: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: date | None = None
    published_precision: DatePrecision | None = None
    published_method: str | None = None
    paragraphs: list[Span] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)


# ---- extraction records (one article, one field at a time) --------------------------------------------------

EXTRACT_PRECISIONS = ("day", "week", "month", "year", "reported")


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: ``source_text[start:end]`` is the evidence sentence (or quote span).

    ``field`` is ``"text"`` for the article body or ``"caption:N"`` for its N-th caption, so offsets always
    index one stored string exactly.
    """

    article: str
    start: int
    end: int
    sentence: str
    field: str = "text"


@dataclass(frozen=True, slots=True)
class ActorRef:
    """A mention of an actor as written, with what the registry knows about it.

    ``kind`` is one of person, country, government, organisation, group, other. ``country`` is ISO 3166
    alpha-3 (the country a person or government belongs to, or the country itself) or None. ``start``/``end``
    are offsets of the mention in the same field as the evidence.
    """

    name: str
    kind: str
    country: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class EventDate:
    """An event's own date as a range with its precision; ``reported`` means only the publication date is known."""

    start: date | None
    end: date | None
    precision: str
    text: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """What extractors know about the article around the sentence they read."""

    article_id: str
    published: date | None
    field: str = "text"
    title: str | None = None
    # The story's topic (newsdossier.lexicon.topics): some senses of triggers are no event in some topics.
    topic: str | None = None


@dataclass(frozen=True, slots=True)
class ExtractedRole:
    """A title a person holds, as of the article's date ("Kazakh Foreign Minister Mukhtar Tileuberdi")."""

    person: ActorRef
    title: str
    of: ActorRef | None
    date: EventDate
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class ExtractedMembership:
    """``member`` belongs to ``organisation`` with ``status``: member, former, suspended or non-member."""

    organisation: ActorRef
    member: ActorRef
    status: str
    date: EventDate | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class ExtractedQuote:
    """Direct ("…" he said) or indirect (X said that …) speech; evidence spans the quoted words."""

    speaker: ActorRef | None
    text: str
    direct: bool
    date: EventDate
    evidence: Evidence
    cue: str | None = None


# What an actor does in an event: the doer and the one done to of a directed act, or one of the parties of an
# undirected one (a meeting, a signing, a clash).
ParticipantRole = Literal["source", "target", "participant"]


@dataclass(frozen=True, slots=True)
class Participant:
    """One actor an event names, with its part in the act."""

    actor: ActorRef
    role: ParticipantRole


@dataclass(frozen=True, slots=True)
class ExtractedEvent:
    """Who did what to whom, coded in CAMEO and PLOVER, with its own date and the sentence it was read from.

    ``participants`` names every actor of the act in text order. A ``directed`` act (X criticised Y) has its doers
    as ``source`` participants and those it is done to as ``target`` ones; ``source`` and ``target`` are the
    first of each ("Russia and Belarus condemned Poland" is one act, not two). An undirected one (X and Y met,
    signed, clashed) has neither: its parties are participants of equal part, so it is one record, not one per
    ordered pair.
    """

    cameo: str
    plover: str | None
    source: ActorRef | None
    target: ActorRef | None
    date: EventDate
    place: str | None
    negated: bool
    hedged: bool
    evidence: Evidence
    trigger: str
    # The act is known only from a speaker whose accusation or claim about it is an event of its own ("X said
    # Y attacked Z" gives X accusing Y, and Y attacking Z attributed to X).
    attributed: bool = False
    directed: bool = True
    participants: tuple[Participant, ...] = ()
    # Further sentences of the same article telling the same act (a caption and the body, "during the meeting").
    also_told: tuple[Evidence, ...] = ()


T = TypeVar("T")


def dyad_pairs(directed: bool, parties: Sequence[tuple[T, str]]) -> list[tuple[T | None, T | None]]:
    """The (source, target) dyads an event stands for in a CAMEO/PLOVER dyad table, from its ``(actor, role)``
    participants: for a directed act each of its sources with each of its targets ("Russia and Belarus
    condemned Poland and Lithuania" is one act, four dyads), a missing side being None; for an undirected act
    each unordered pair of its parties once, in text order ("A met B and C" -> A-B, A-C, B-C), or its one party
    with no target."""
    if directed:
        nobody: list[T | None] = [None]
        sources: list[T | None] = [actor for actor, role in parties if role == "source"] or nobody
        targets: list[T | None] = [actor for actor, role in parties if role == "target"] or nobody
        return [(source, target) for source in sources for target in targets]
    actors = [actor for actor, _ in parties]
    if len(actors) < 2:
        return [(actors[0] if actors else None, None)]
    return [(first, second) for number, first in enumerate(actors) for second in actors[number + 1:]]


def event_dyads(event: ExtractedEvent) -> list[tuple[ActorRef | None, ActorRef | None]]:
    """:func:`dyad_pairs` of an extracted event."""
    return dyad_pairs(event.directed, [(p.actor, p.role) for p in event.participants])


def record_dyads(event: Mapping[str, Any]) -> list[tuple[Any, Any]]:
    """:func:`dyad_pairs` of a stored event record (``participants`` with their ``role``), for exports and the
    network."""
    parties = [(party, party["role"]) for party in event.get("participants") or () if party.get("name")]
    return dyad_pairs(event.get("directed", True), parties)


@dataclass(frozen=True, slots=True)
class ExtractedMention:
    """A person or registry actor named in a field: ``text`` as written at ``start:end``; ``actor.name`` is
    the full name it stands for in this article (people) or the registry's name (states, organisations);
    ``credit`` marks a photo credit, which names a photographer, not an actor of the story."""

    text: str
    actor: ActorRef
    credit: bool
    article: str
    field: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ExtractedVote:
    """``voter`` cast ``value`` (in favour, against, abstained, did not vote, voted) at ``body`` (the
    organisation holding the ballot, if named) on ``date``."""

    voter: ActorRef
    value: str
    body: ActorRef | None
    date: EventDate
    evidence: Evidence


# ---- records between the stages and the store ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One processed article as the column values of its ``articles`` row (built by the ingest stage), with the
    hash of the input bytes it was made from (for the ledger of seen inputs)."""

    values: dict[str, Any]
    content_hash: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One input seen by an ingest: where it came from, the hash of its bytes, and what became of it."""

    source: str
    content_hash: str
    article_id: str | None
    status: str


@dataclass(slots=True)
class ArticleExtraction:
    """Everything extracted from one article (all its fields); ``error`` when an extractor failed on it."""

    article_id: str
    error: str | None = None
    # The publication date the facts were dated against (an input of the extraction; see store.schema).
    published: date | None = None
    events: list[ExtractedEvent] = field(default_factory=list)
    quotes: list[ExtractedQuote] = field(default_factory=list)
    roles: list[ExtractedRole] = field(default_factory=list)
    memberships: list[ExtractedMembership] = field(default_factory=list)
    mentions: list[ExtractedMention] = field(default_factory=list)
    votes: list[ExtractedVote] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Where:
    """Evidence position: article, field (``text`` or ``caption:N``) and character offsets."""

    article: str
    field: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Passage:
    """One occurrence of a shared passage: hash, article, field (``text`` or ``caption:N``), offsets."""

    passage: str
    where: Where


# (fact table, slot prefix) of every actor slot of the fact tables: what resolution links to actors.
FACT_SLOTS: tuple[tuple[str, str], ...] = (
    ("events", "source"), ("events", "target"), ("event_participants", "actor"), ("quotes", "speaker"),
    ("roles", "person"), ("roles", "of"),
    ("memberships", "organisation"), ("memberships", "member"), ("votes", "voter"), ("votes", "body"),
    ("mentions", "actor"),
)


@dataclass(frozen=True, slots=True)
class ResolutionInputs:
    """What resolution and consolidation read from the store: every fact row with an actor slot (by table
    name, as column mappings), the evidence of every event, shared passages, and per article its duplicate
    original and its byline."""

    duplicate_of: dict[str, str]
    authors: dict[str, str | None]
    slot_rows: dict[str, list[Any]]
    event_evidence: dict[str, list[Where]]
    passages: list[Passage]


# ---- filters of the reads ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FactFilter:
    """Filters shared by every fact listing; ``None`` means no restriction.

    ``actor`` matches a resolved actor's name or variant (case-insensitive substring), the name as written (whole,
    case-insensitive) or the ISO3 country code (see :mod:`newsdossier.store.reads.facts`); ``actor_id`` keeps
    facts with an actor slot linked to that resolved actor (whatever the spelling); ``event`` keeps the events
    reporting that consolidated event (its group id); ``since`` and ``until`` are ISO dates and keep facts whose
    date range overlaps them; ``cameo`` is a code prefix.
    """

    actor: str | None = None
    actor_id: str | None = None
    event: str | None = None
    since: str | None = None
    until: str | None = None
    cameo: str | None = None
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True, slots=True)
class ActorFilter:
    """``name`` matches an actor's name or any variant (case-insensitive substring), ``kind`` its kind
    (person, country, organisation, group), ``country`` its ISO3 code."""

    name: str | None = None
    kind: str | None = None
    country: str | None = None
    id: str | None = None
    limit: int | None = None
    offset: int = 0
