"""The REST API under ``/api/``: JSON records in the same contract as the Python API, with filters and pages.

Every list takes ``limit`` (1..MAX_LIMIT) and ``offset`` and answers ``{items, limit, offset, next_offset}``
(``next_offset`` is null on the last page). Inputs are validated before any query runs: dates are ISO dates,
CAMEO prefixes are digits, free text is bounded and free of control characters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel

from newsdossier.dossier import Dossier
from newsdossier.models import FactFilter
from newsdossier.surfaces import actor_view

# Largest page one request may ask for: big enough for scripts, small enough that one request stays cheap.
MAX_LIMIT = 500
DEFAULT_LIMIT = 50
# Offsets past this are refused rather than handed to the database (SQLite overflows past 2**63).
MAX_OFFSET = 1_000_000
# No control characters (NUL cannot be stored or compared in PostgreSQL text).
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"


class ErrorDetail(BaseModel):
    status: int
    title: str
    detail: str | list[dict[str, Any]] | None


class ErrorResponse(BaseModel):
    error: ErrorDetail


router = APIRouter(prefix="/api", tags=["api"], responses={
    404: {"model": ErrorResponse, "description": "Not found"},
    422: {"model": ErrorResponse, "description": "Invalid input"},
})

TextQuery = Annotated[str | None, Query(min_length=1, max_length=200, pattern=PRINTABLE,
                                        description="Case-insensitive text the item must contain.")]
ActorQuery = Annotated[str | None, Query(min_length=1, max_length=200, pattern=PRINTABLE,
                                         description="Actor name (substring) or ISO3 country code.")]
ActorIdQuery = Annotated[str | None, Query(min_length=1, max_length=96, pattern=PRINTABLE,
                                           description="Resolved actor id: facts linked to that actor, "
                                                       "whatever the spelling.")]
SinceQuery = Annotated[dt.date | None, Query(description="Only items dated on or after this day.")]
UntilQuery = Annotated[dt.date | None, Query(description="Only items dated on or before this day.")]
CameoQuery = Annotated[str | None, Query(pattern=r"^[0-9]{1,4}$", description="CAMEO code prefix, e.g. 04.")]
LimitQuery = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
OffsetQuery = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
IdPath = Annotated[str, Path(pattern=r"^[0-9a-f]{1,64}$", description="Hex id.")]
KeyPath = Annotated[str, Path(min_length=1, max_length=200, pattern=PRINTABLE,
                              description="Resolved actor id, actor name or ISO3 country code.")]


def get_dossier(request: Request) -> Dossier:
    dossier: Dossier = request.app.state.dossier
    return dossier


DossierDep = Annotated[Dossier, Depends(get_dossier)]


class Paging(BaseModel):
    limit: int
    offset: int


def paging(limit: LimitQuery = DEFAULT_LIMIT, offset: OffsetQuery = 0) -> Paging:
    return Paging(limit=limit, offset=offset)


PagingDep = Annotated[Paging, Depends(paging)]


def page(items: Iterable[dict[str, Any]], paging: Paging, *, already_offset: bool = False) -> dict[str, Any]:
    """One page of ``items``; asks for one more item than the page to know whether another page follows."""
    start = 0 if already_offset else paging.offset
    found = list(islice(items, start, start + paging.limit + 1))
    more = len(found) > paging.limit
    return {"items": found[:paging.limit], "limit": paging.limit, "offset": paging.offset,
            "next_offset": paging.offset + paging.limit if more else None}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _contains(text: str | None, needle: str) -> bool:
    return needle in (text or "").casefold()


def _actor_names(*actors: dict[str, Any] | None) -> Iterator[str]:
    return (actor["name"] for actor in actors if actor)


# What the ``q`` text filter looks at, per kind of fact.
FACT_TEXT: dict[str, Callable[[dict[str, Any]], Iterable[str | None]]] = {
    "events": lambda e: [e["trigger"], e["place"], *_actor_names(e["source"], e["target"], *e.get("participants", ())),
                         *(item["sentence"] for item in e["evidence"])],
    "quotes": lambda q: [q["text"], *_actor_names(q["speaker"])],
    "roles": lambda r: [r["title"], *_actor_names(r["person"], r["of"])],
    "memberships": lambda m: [m["status"], *_actor_names(m["organisation"], m["member"])],
}


@dataclass(frozen=True, slots=True)
class FactParams:
    """The query parameters every fact listing takes; ``q`` is the text filter :func:`fact_page` applies."""

    actor: str | None
    actor_id: str | None
    since: str | None
    until: str | None
    q: str | None


def fact_params(actor: ActorQuery = None, actor_id: ActorIdQuery = None, since: SinceQuery = None,
                until: UntilQuery = None, q: TextQuery = None) -> FactParams:
    return FactParams(actor, actor_id, _iso(since), _iso(until), q)


FactParamsDep = Annotated[FactParams, Depends(fact_params)]


def fact_page(dossier: Dossier, kind: str, paging: Paging, params: FactParams, **filters: Any) -> dict[str, Any]:
    """Facts of one kind through :class:`FactFilter`; a ``q`` text filter is applied before paging."""
    method = getattr(dossier, kind)
    filters = {"actor": params.actor, "actor_id": params.actor_id, "since": params.since, "until": params.until,
               **filters}
    if not params.q:
        where = FactFilter(**filters, limit=paging.limit + 1, offset=paging.offset)
        return page(method(where), paging, already_offset=True)
    needle = params.q.casefold()
    fields = FACT_TEXT[kind]
    matching = (item for item in method(FactFilter(**filters))
                if any(_contains(value, needle) for value in fields(item)))
    return page(matching, paging)


@router.get("/stats", summary="Counts of everything the dossier holds")
def stats(dossier: DossierDep) -> dict[str, int]:
    return dossier.stats()


@router.get("/articles", summary="Articles (without text); q searches title and text")
def articles(dossier: DossierDep, paging: PagingDep, q: TextQuery = None, since: SinceQuery = None,
             until: UntilQuery = None) -> dict[str, Any]:
    if q:
        found = dossier.search_articles(q, since=_iso(since), until=_iso(until),
                                       limit=paging.limit + 1, offset=paging.offset)
    else:
        found = dossier.article_summaries(since=_iso(since), until=_iso(until), limit=paging.limit + 1,
                                     offset=paging.offset)
    return page(found, paging, already_offset=True)


@router.get("/articles/{article_id}", summary="One article: text, captions, duplicate group, extracted spans")
def article(dossier: DossierDep, article_id: IdPath) -> dict[str, Any]:
    found = dossier.article(article_id)
    if found is None:
        raise HTTPException(404, f"no article with id {article_id}")
    return {**found, "spans": dossier.article_spans(article_id)}


@router.get("/events", summary="Events: who did what to whom, when, with evidence")
def events(dossier: DossierDep, paging: PagingDep, params: FactParamsDep, cameo: CameoQuery = None) -> dict[str, Any]:
    return fact_page(dossier, "events", paging, params, cameo=cameo)


@router.get("/events/{event_id}", summary="One event with its evidence, every report of the same real event, "
                                         "independent sources and contradictions")
def event(dossier: DossierDep, event_id: IdPath) -> dict[str, Any]:
    found = dossier.event(event_id)
    if found is None:
        raise HTTPException(404, f"no event with id {event_id}")
    return {**found, **event_context(dossier, found)}


def event_context(dossier: Dossier, found: dict[str, Any]) -> dict[str, Any]:
    """What an event page adds to the record: every report of its consolidated event (``all_reports``: the
    event itself, then the others in date order) and the contradictions whose evidence overlaps theirs."""

    def order(report: dict[str, Any]) -> tuple[bool, str, str]:
        return report["id"] != found["id"], report["date_start"] or "", report["id"]

    reports = sorted(dossier.events(FactFilter(event=found["event"])), key=order)
    if not any(report["id"] == found["id"] for report in reports):
        reports.insert(0, found)
    evidence = [item for report in reports for item in report["evidence"]]
    return {"all_reports": reports, "contradictions": actor_view.contradictions_for(dossier, evidence)}


@router.get("/quotes", summary="Direct and indirect quotes with their speakers")
def quotes(dossier: DossierDep, paging: PagingDep, params: FactParamsDep) -> dict[str, Any]:
    return fact_page(dossier, "quotes", paging, params)


@router.get("/roles", summary="Titles people hold, as of the article date")
def roles(dossier: DossierDep, paging: PagingDep, params: FactParamsDep) -> dict[str, Any]:
    return fact_page(dossier, "roles", paging, params)


@router.get("/memberships", summary="Organisation memberships and their status")
def memberships(dossier: DossierDep, paging: PagingDep, params: FactParamsDep) -> dict[str, Any]:
    return fact_page(dossier, "memberships", paging, params)


@router.get("/actors", summary="Resolved actors, most mentioned first; q filters by name, variant or ISO3 code")
def actors(dossier: DossierDep, paging: PagingDep, q: TextQuery = None) -> dict[str, Any]:
    found = actor_view.list_actors(dossier, q, limit=paging.limit + 1, offset=paging.offset)
    return page(found, paging, already_offset=True)


@router.get("/actors/{key:path}", summary="One actor (by id, name or variant): variants, roles over time, "
                                         "memberships, events, quotes, contradictions")
def actor(dossier: DossierDep, key: KeyPath) -> dict[str, Any]:
    found = actor_view.actor_summary(dossier, key)
    if found is None:
        raise HTTPException(404, f"no fact mentions {key!r}")
    return found


@router.get("/contradictions", summary="Conflicting claims between sources")
def contradictions(dossier: DossierDep, paging: PagingDep) -> dict[str, Any]:
    return page(actor_view.contradictions(dossier), paging)


@router.get("/duplicates", summary="Groups of duplicate articles, the original first")
def duplicates(dossier: DossierDep, paging: PagingDep) -> dict[str, Any]:
    return page(dossier.duplicates(), paging)


@router.get("/search", summary="Actors and articles matching a text")
def search(dossier: DossierDep, q: Annotated[str, Query(min_length=1, max_length=200, pattern=PRINTABLE)],
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    return {"q": q, "actors": actor_view.list_actors(dossier, q, limit=limit),
            "articles": dossier.search_articles(q, limit=limit)}
