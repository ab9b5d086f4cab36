"""Server-rendered HTML pages: home, search, actors, actor, event, article, network and timeline.

Pages are plain HTML and CSS (no script is needed to use them); Jinja2 autoescapes everything, and article
text reaches templates only as strings cut by :mod:`newsdossier.surfaces.web.highlight`, so untrusted text is always
shown as text. Pages read through the same functions as the API.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from newsdossier import settings
from newsdossier.dossier import Dossier
from newsdossier.models import FactFilter
from newsdossier.surfaces import actor_view, graph
from newsdossier.surfaces.web.api import (
    ActorQuery,
    CameoQuery,
    IdPath,
    KeyPath,
    SinceQuery,
    TextQuery,
    UntilQuery,
    event_context,
)
from newsdossier.surfaces.web.highlight import Span, field_text, segments

NETWORK_SIZE = (960.0, 640.0)


def actor_url(actor: dict[str, Any] | str) -> str:
    """The page of an actor: by its resolved id when it has one, by the name as written otherwise."""
    key = actor if isinstance(actor, str) else actor.get("id") or actor["name"]
    return "/actors/" + quote(key, safe="")


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("newsdossier.surfaces.web", "templates"),
                      autoescape=select_autoescape(["html"], default_for_string=True, default=True))
    env.globals["actor_url"] = actor_url
    env.filters["actor"] = lambda actor: actor["name"] if actor else ""
    env.globals["side"] = graph.side
    return env


templates = Jinja2Templates(env=_environment())
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _dossier(request: Request) -> Dossier:
    dossier: Dossier = request.app.state.dossier
    return dossier


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", status_code=status, status=status, message=message)


@router.get("/")
def home(request: Request) -> Response:
    dossier = _dossier(request)
    recent = sorted(dossier.events(), key=lambda event: event["date_start"] or "", reverse=True)[:10]
    return render(request, "home.html", stats=dossier.stats(), actors=actor_view.list_actors(dossier, limit=15),
                  events=recent, contradictions=len(actor_view.contradictions(dossier)))


@router.get("/search")
def search(request: Request, q: TextQuery = None) -> Response:
    dossier = _dossier(request)
    found_actors = actor_view.list_actors(dossier, q, limit=50) if q else []
    found_articles = dossier.search_articles(q, limit=50) if q else []
    return render(request, "search.html", q=q or "", actors=found_actors, articles=found_articles)


@router.get("/actors")
def actors(request: Request, q: TextQuery = None) -> Response:
    return render(request, "actors.html", q=q or "", actors=actor_view.list_actors(_dossier(request), q, limit=500))


@router.get("/actors/{key:path}")
def actor(request: Request, key: KeyPath) -> Response:
    found = actor_view.actor_summary(_dossier(request), key)
    if found is None:
        raise HTTPException(404, f"No fact mentions {key!r}.")
    return render(request, "actor.html", actor=found, timeline=_by_month(one_per_event(found["events"])))


@router.get("/events/{event_id}")
def event(request: Request, event_id: IdPath) -> Response:
    dossier = _dossier(request)
    found = dossier.event(event_id)
    if found is None:
        raise HTTPException(404, f"No event with id {event_id}.")
    context = event_context(dossier, found)
    reports: list[dict[str, Any]] = []
    articles: dict[str, dict[str, Any] | None] = {}
    for report in context["all_reports"]:
        for item in report["evidence"]:
            if item["article"] not in articles:
                articles[item["article"]] = dossier.article(item["article"])
            source = articles[item["article"]]
            text = field_text(source, item["field"]) if source else item["sentence"]
            spans = [Span(item["start"], item["end"], "evidence", "evidence")] if source else []
            reports.append({"index": len(reports), "event": report, "evidence": item, "article": source,
                            "segments": segments(text, spans)})
    return render(request, "event.html", event=found, reports=reports, **context)


@router.get("/articles")
def articles(request: Request, since: SinceQuery = None, until: UntilQuery = None) -> Response:
    found = _dossier(request).article_summaries(since=since.isoformat() if since else None,
                                                until=until.isoformat() if until else None, limit=1000)
    return render(request, "articles.html", articles=found)


@router.get("/articles/{article_id}")
def article(request: Request, article_id: IdPath) -> Response:
    dossier = _dossier(request)
    found = dossier.article(article_id)
    if found is None:
        raise HTTPException(404, f"No article with id {article_id}.")
    by_field: dict[str, list[Span]] = defaultdict(list)
    spans = dossier.article_spans(article_id)
    for span in spans:
        href = f"/events/{span['id']}" if span["kind"] == "event" else None
        by_field[span["field"]].append(Span(span["start"], span["end"], span["kind"], span["label"], href))
    body = segments(found["text"], by_field["text"])
    captions = [{"credit": caption.get("credit"),
                 "segments": segments(caption["text"], by_field[f"caption:{index}"])}
                for index, caption in enumerate(found["captions"] or [])]
    counts: dict[str, int] = defaultdict(int)
    for span in spans:
        counts[span["kind"]] += 1
    return render(request, "article.html", article=found, body=body, captions=captions, counts=dict(counts))


def _filters(dossier: Dossier, actor: str | None, since: Any, until: Any, cameo: str | None,
             limit: int | None = None) -> FactFilter:
    """Fact filters of the network and timeline; ``actor`` is a registry actor's id or a name (substring)."""
    resolved = bool(actor) and dossier.actor(actor or "") is not None
    return FactFilter(actor=None if resolved else actor, actor_id=actor if resolved else None,
                      since=since and since.isoformat(), until=until and until.isoformat(), cameo=cameo, limit=limit)


def _query_string(**params: Any) -> str:
    return urlencode({key: str(value) for key, value in params.items() if value})


@router.get("/network")
def network(request: Request, actor: ActorQuery = None, since: SinceQuery = None, until: UntilQuery = None,
            cameo: CameoQuery = None) -> Response:
    dossier = _dossier(request)
    registry = {found["id"]: found for found in dossier.actors()}
    found = graph.strongest(graph.event_graph(dossier.events(_filters(dossier, actor, since, until, cameo)),
                                              registry), settings.active().network_nodes)
    width, height = NETWORK_SIZE
    positions = graph.layout(found, width, height)
    top = max((data["weight"] for _, _, data in found.edges(data=True)), default=1)
    radius = {node: round(4 + 3 * math.log2(1 + data["events"]), 1) for node, data in found.nodes(data=True)}
    edges = []
    for a, b, data in found.edges(data=True):
        (x1, y1), (x2, y2) = _shortened(positions[a], positions[b], radius[a], radius[b] + 3)
        edges.append({"x1": x1, "y1": y1, "x2": x2, "y2": y2, "width": round(1 + 5 * data["weight"] / top, 1),
                      "side": data["side"], "href": "/timeline?" + _query_string(actor=a),
                      "title": f"{found.nodes[a]['label']} → {found.nodes[b]['label']}: {data['weight']} events "
                               f"({data['cooperation']} cooperation, "
                               f"{data['conflict']} conflict)"})
    nodes = [{"key": node, "name": data["label"], "x": positions[node][0], "y": positions[node][1], "r": radius[node],
              "kind": data["kind"] or "unknown", "events": data["events"],
              "anchor": "end" if positions[node][0] > width * 0.6 else "start"}
             for node, data in found.nodes(data=True)]
    return render(request, "network.html", nodes=nodes, edges=edges, width=width, height=height,
                  filters={"actor": actor or "", "since": since or "", "until": until or "", "cameo": cameo or ""})


def _shortened(start: tuple[float, float], end: tuple[float, float], cut_start: float,
               cut_end: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """The segment between two node centres, trimmed so it starts and ends at the circles' edges."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    return ((start[0] + ux * cut_start, start[1] + uy * cut_start), (end[0] - ux * cut_end, end[1] - uy * cut_end))


def one_per_event(reports: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One report per consolidated event (the first seen), so an event several articles report is one row."""
    found: dict[str, dict[str, Any]] = {}
    for report in reports:
        found.setdefault(report["event"], report)
    return list(found.values())


def _by_month(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    months: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in events:
        months[(item["date_start"] or "")[:7] or "undated"].append(item)
    top = max((len(items) for items in months.values()), default=1)
    return [{"month": month, "events": items, "share": round(100 * len(items) / top)}
            for month, items in sorted(months.items())]


@router.get("/timeline")
def timeline(request: Request, actor: ActorQuery = None, since: SinceQuery = None, until: UntilQuery = None,
             cameo: CameoQuery = None) -> Response:
    dossier = _dossier(request)
    most = settings.active().timeline_events
    found = one_per_event(dossier.events(_filters(dossier, actor, since, until, cameo, most)))
    found.sort(key=lambda item: (item["date_start"] or "9999", item["id"]))
    return render(request, "timeline.html", months=_by_month(found), total=len(found), limit=most,
                  filters={"actor": actor or "", "since": since or "", "until": until or "", "cameo": cameo or ""})
