"""The actor network: actors linked by the events between them, for the network view and GraphML export.

An edge from A to B carries the number of events A did to B (and of undirected acts between them), split by
side (cooperation or conflict). The side of an event comes from the quad class of its CAMEO root
(``data/cameo_roots.tsv``, read by :func:`newsdossier.cameo.quad_class`); :func:`side` is the one place that
turns a quad class into a side. networkx is imported here only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from newsdossier.lexicon import cameo
from newsdossier.models import record_dyads

COOPERATION = "cooperation"
CONFLICT = "conflict"


def side(code: str) -> str | None:
    """``cooperation`` for verbal/material cooperation, ``conflict`` for verbal/material conflict, else None."""
    quad = cameo.quad_class(code) if code else None
    if quad is None:
        return None
    return COOPERATION if quad.endswith(COOPERATION) else CONFLICT if quad.endswith(CONFLICT) else None


def actor_key(actor: dict[str, Any] | None) -> str | None:
    """The node of an event's actor: its resolved actor id, so every spelling of one actor is one node, or the
    name as written when resolution left it unresolved (the same keys the actor pages take)."""
    if not actor:
        return None
    return actor.get("id") or actor["name"]


def event_graph(events: Iterable[dict[str, Any]],
                registry: Mapping[str, Mapping[str, Any]] | None = None) -> nx.DiGraph:
    """Directed graph of actors; node attributes ``label``/``name``, ``kind`` and ``country`` (from the
    ``registry`` record of the node's actor id when there is one, else as the event wrote them), ``events``,
    ``resolved``; edge attributes ``weight`` (events), ``cooperation``, ``conflict``, ``side``, ``undirected``.

    A directed act is an edge from each of its sources to each of its targets. An undirected act (a meeting, talks, a
    signing) counts once on the edge of each pair of its participants (:func:`newsdossier.models.dyad_pairs`),
    whichever way round the pair's edge was first drawn, and adds to that edge's ``undirected`` count. ``side`` is
    the majority side of the edge's events (cooperation on a tie, ``neutral`` when none has one).
    """
    registry = registry or {}
    graph = nx.DiGraph()
    for event in events:
        directed = event.get("directed", True)
        involved: set[str] = set()
        for first, second in record_dyads(event):
            source, target = actor_key(first), actor_key(second)
            if source is None or target is None or source == target or first is None or second is None:
                continue
            for key, actor in ((source, first), (target, second)):
                if key not in graph:
                    known = registry.get(key) or actor
                    graph.add_node(key, label=known["name"], name=known["name"], kind=known.get("kind") or "",
                                   country=known.get("country") or "", resolved=key in registry, events=0)
                involved.add(key)
            if not directed and graph.has_edge(target, source) and not graph.has_edge(source, target):
                source, target = target, source
            if not graph.has_edge(source, target):
                graph.add_edge(source, target, weight=0, cooperation=0, conflict=0, undirected=0)
            edge = graph.edges[source, target]
            edge["weight"] += 1
            edge["undirected"] += 0 if directed else 1
            event_side = side(event["cameo"])
            if event_side:
                edge[event_side] += 1
        for key in involved:
            graph.nodes[key]["events"] += 1
    for _, _, edge in graph.edges(data=True):
        if edge["cooperation"] == edge["conflict"] == 0:
            edge["side"] = "neutral"
        else:
            edge["side"] = COOPERATION if edge["cooperation"] >= edge["conflict"] else CONFLICT
    return graph


def strongest(graph: nx.DiGraph, max_nodes: int) -> nx.DiGraph:
    """The subgraph of the ``max_nodes`` actors in most events, so a large dossier still draws legibly."""
    if graph.number_of_nodes() <= max_nodes:
        return graph
    ranked = sorted(graph.nodes, key=lambda node: (-graph.nodes[node]["events"], node))[:max_nodes]
    return graph.subgraph(ranked).copy()


def layout(graph: nx.DiGraph, width: float, height: float, margin: float = 40.0) -> dict[str, tuple[float, float]]:
    """Node positions in a ``width`` x ``height`` box (force-directed with a fixed seed: same data, same picture)."""
    if graph.number_of_nodes() == 0:
        return {}
    raw = nx.spring_layout(graph.to_undirected(), weight="weight", seed=7)
    xs = [float(x) for x, _ in raw.values()]
    ys = [float(y) for _, y in raw.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    return {
        node: (margin + (float(x) - min(xs)) / span_x * (width - 2 * margin),
               margin + (float(y) - min(ys)) / span_y * (height - 2 * margin))
        for node, (x, y) in raw.items()
    }


def write_graphml(graph: nx.DiGraph, path: Path) -> None:
    """GraphML that Gephi and ``networkx.read_graphml`` load, with every node and edge attribute."""
    nx.write_graphml(graph, path)
