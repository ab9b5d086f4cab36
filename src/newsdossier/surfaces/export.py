"""Exports of a dossier to files other tools read: JSONL, CSV, Parquet (pandas), GraphML (Gephi, networkx) and
PLOVER-style JSON for events.

Actors are the resolved registry (variants, roles, mentions), contradictions each side's claims with its evidence,
and the GraphML network has one node per resolved actor id. JSONL keeps the nested records of the Python API as they
are. CSV and Parquet are flat tables: an actor becomes ``<slot>_id`` (the resolved actor), ``<slot>_name``,
``<slot>_country``, ``<slot>_kind`` and ``<slot>_code`` (events' CAMEO actor code) columns, a date
``date_start``/``date_end``/``date_precision``, an event's participants
``participant_names``/``_ids``/``_roles``/``_codes`` (each the participants' values joined by "; " in text order),
the first evidence ``evidence_*`` columns (with ``evidence_count``), and any other list or mapping a JSON string.
The PLOVER file has one record per dyad (:func:`plover_records`). pyarrow is imported here only.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsdossier.dossier import Dossier, dumps
from newsdossier.errors import ExportError
from newsdossier.models import record_dyads
from newsdossier.surfaces import actor_view, graph


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    graphml = "graphml"
    plover = "plover"


class ExportWhat(StrEnum):
    events = "events"
    actors = "actors"
    quotes = "quotes"
    roles = "roles"
    memberships = "memberships"
    articles = "articles"
    contradictions = "contradictions"


READERS: dict[ExportWhat, Callable[[Dossier], Iterable[dict[str, Any]]]] = {
    ExportWhat.events: lambda d: d.events(),
    ExportWhat.actors: lambda d: d.actors(),
    ExportWhat.quotes: lambda d: d.quotes(),
    ExportWhat.roles: lambda d: d.roles(),
    ExportWhat.memberships: lambda d: d.memberships(),
    ExportWhat.articles: lambda d: d.articles(),
    ExportWhat.contradictions: lambda d: actor_view.contradictions(d),
}
ACTOR_PARTS = ("id", "name", "country", "kind", "code")
# The actor slots with a CAMEO actor code (events'); the others have no code column.
CODED_SLOTS = frozenset({"source", "target"})
DATE_PARTS = ("start", "end", "precision")
# An event's participants in CSV: one column per part, the participants' values joined by "; " in text order.
PARTICIPANT_PARTS = ("name", "id", "role", "code")
EVIDENCE_PARTS = ("article", "field", "start", "end", "sentence")


def _is_actor(value: Any) -> bool:
    return isinstance(value, dict) and {"name", "country", "kind"} <= set(value) <= set(ACTOR_PARTS)


def flatten(record: dict[str, Any], actor_slots: Iterable[str] = ()) -> dict[str, Any]:
    """One flat row of scalars for CSV and Parquet (see the module docstring for the column names).

    ``actor_slots`` names the keys that hold actors, so an empty slot still gets its columns.
    """
    row: dict[str, Any] = {}
    slots = set(actor_slots)
    for key, value in record.items():
        if key in slots or _is_actor(value):
            for part in ACTOR_PARTS:
                if part != "code" or key in CODED_SLOTS or (value and "code" in value):
                    row[f"{key}_{part}"] = value.get(part) if value else None
        elif key == "date" and isinstance(value, dict):
            for part in DATE_PARTS:
                row[f"date_{part}"] = value.get(part)
        elif key == "participants" and isinstance(value, list):
            for part in PARTICIPANT_PARTS:
                row[f"participant_{part}s"] = "; ".join(str(party.get(part) or "") for party in value)
        elif key == "evidence" and isinstance(value, list):
            first = value[0] if value else {}
            for part in EVIDENCE_PARTS:
                row[f"evidence_{part}"] = first.get(part)
            row["evidence_count"] = len(value)
        elif isinstance(value, list | dict):
            row[key] = json.dumps(value, ensure_ascii=False, default=str)
        else:
            row[key] = value
    return row


ACTOR_SLOTS: dict[ExportWhat, tuple[str, ...]] = {
    ExportWhat.events: ("source", "target"), ExportWhat.quotes: ("speaker",), ExportWhat.roles: ("person", "of"),
    ExportWhat.memberships: ("organisation", "member"),
}


def _flat_rows(dossier: Dossier, what: ExportWhat) -> Iterator[dict[str, Any]]:
    slots = ACTOR_SLOTS.get(what, ())
    return (flatten(record, slots) for record in READERS[what](dossier))


def plover_records(event: dict[str, Any]) -> list[dict[str, Any]]:
    """An event in the PLOVER JSON style (``event`` = PLOVER type), one record per dyad: a directed act's own
    (source, target) pairs; an undirected act's each pair of participants once, in text order (``id`` then ends in
    ``-1``, ``-2``, ... when there are several). No record when CAMEO has no PLOVER type."""
    if not event.get("plover"):
        return []
    dyads = record_dyads(event)
    evidence = event.get("evidence") or []
    records = []
    for number, (first, second) in enumerate(dyads, start=1):
        source, target = first or {}, second or {}
        records.append({
            "id": event["id"] if len(dyads) == 1 else f"{event['id']}-{number}", "event_id": event["id"],
            "date": event["date_start"], "date_end": event["date_end"],
            "date_precision": event["date_precision"], "event": event["plover"], "mode": None, "context": [],
            "directed": event.get("directed", True),
            "actor1id": source.get("id"), "actor2id": target.get("id"),
            "actor1": source.get("name"), "actor1country": source.get("country"), "actor1type": source.get("kind"),
            "actor1code": source.get("code"),
            "actor2": target.get("name"), "actor2country": target.get("country"), "actor2type": target.get("kind"),
            "actor2code": target.get("code"),
            "location": {"placename": event["place"]} if event.get("place") else None,
            "negated": event["negated"], "hedged": event["hedged"], "attributed": event.get("attributed", False),
            "cameo": event["cameo"], "trigger": event["trigger"],
            "text": evidence[0]["sentence"] if evidence else None,
            "sources": [{"article": item["article"], "field": item["field"], "start": item["start"],
                         "end": item["end"]} for item in evidence],
        })
    return records


def export_records(dossier: Dossier, what: ExportWhat | str, fmt: ExportFormat | str, out: Path) -> int:
    """Write ``what`` in format ``fmt`` to ``out`` and return how many records (nodes for GraphML) it holds."""
    what, fmt = ExportWhat(what), ExportFormat(fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt is ExportFormat.jsonl:
        count = 0
        with out.open("w", encoding="utf-8") as handle:
            for record in READERS[what](dossier):
                handle.write(dumps(record) + "\n")
                count += 1
        return count
    if fmt is ExportFormat.csv:
        rows = list(_flat_rows(dossier, what))
        columns = list(dict.fromkeys(key for row in rows for key in row))
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
        return len(rows)
    if fmt is ExportFormat.parquet:
        rows = list(_flat_rows(dossier, what))
        pq.write_table(pa.Table.from_pylist(rows), out)
        return len(rows)
    if fmt is ExportFormat.graphml:
        if what not in (ExportWhat.events, ExportWhat.actors):
            raise ExportError("GraphML is the actor network: use --what events (or actors)")
        network = graph.event_graph(dossier.events(), {actor["id"]: actor for actor in dossier.actors()})
        graph.write_graphml(network, out)
        return network.number_of_nodes()
    if what is not ExportWhat.events:
        raise ExportError("the PLOVER format holds events only: use --what events")
    records = [record for event in dossier.events() for record in plover_records(event)]
    out.write_text(json.dumps(records, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    return len(records)
