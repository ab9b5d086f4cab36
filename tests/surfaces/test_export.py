"""Exports load back in the tools they are for (pandas, networkx) with the same records the Python API gives."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from typer.testing import CliRunner

from newsdossier.dossier import Dossier
from newsdossier.errors import ExportError
from newsdossier.models import record_dyads
from newsdossier.surfaces import graph
from newsdossier.surfaces.cli import app
from newsdossier.surfaces.export import ExportWhat, export_records, flatten

READ = {"csv": pd.read_csv, "parquet": pd.read_parquet, "jsonl": lambda path: pd.read_json(path, lines=True)}


def _expected(dossier: Dossier, what: ExportWhat) -> list[dict]:
    return list(getattr(dossier, what.value)())


# Contradictions need sources that disagree: the five sample articles have them, the demo corpus does not.
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
@pytest.mark.parametrize("what", [what for what in ExportWhat if what is not ExportWhat.contradictions])
def test_tables_load_in_pandas(demo_dossier: Dossier, tmp_path: Path, fmt: str, what: ExportWhat) -> None:
    out = tmp_path / f"{what.value}.{fmt}"
    expected = _expected(demo_dossier, what)
    assert export_records(demo_dossier, what, fmt, out) == len(expected) > 0
    frame = READ[fmt](out)
    assert len(frame) == len(expected)
    assert list(frame["id"].astype(str)) == [str(record["id"]) for record in expected]
    if fmt != "jsonl" and what is ExportWhat.events:
        first = flatten(expected[0], ("source", "target"))
        assert frame.loc[0, "evidence_sentence"] == first["evidence_sentence"]
        assert int(frame.loc[0, "evidence_start"]) == expected[0]["evidence"][0]["start"]
        assert {"source_id", "source_name", "source_country", "target_name", "cameo", "date_start"} <= \
            set(frame.columns)
    if fmt != "jsonl" and what is ExportWhat.actors:
        assert {"name", "kind", "country", "variants", "roles", "mentions"} <= set(frame.columns)
        assert [json.loads(cell) for cell in frame["variants"]] == [record["variants"] for record in expected]
        assert list(frame["mentions"]) == [record["mentions"] for record in expected]


def test_actors_export_is_the_registry(seeds_dossier: Dossier, tmp_path: Path) -> None:
    out = tmp_path / "actors.jsonl"
    export_records(seeds_dossier, "actors", "jsonl", out)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines == json.loads(json.dumps(list(seeds_dossier.actors()), default=str))
    several = [line for line in lines if line["kind"] == "person" and len(line["variants"]) >= 3]
    assert several and all(line["roles"] or line["mentions"] for line in several)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_contradictions_export_keeps_each_side_with_evidence(seeds_dossier: Dossier, tmp_path: Path,
                                                             fmt: str) -> None:
    out = tmp_path / f"contradictions.{fmt}"
    expected = list(seeds_dossier.contradictions())
    assert export_records(seeds_dossier, "contradictions", fmt, out) == len(expected) > 0
    frame = READ[fmt](out)
    assert list(frame["id"].astype(str)) == [record["id"] for record in expected]
    claims = [cell if fmt == "jsonl" else json.loads(cell) for cell in frame["claims"]]
    assert claims == [record["claims"] for record in expected]
    vote = next(record for record in expected if record["kind"] == "vote")
    assert len({claim["value"] for claim in vote["claims"]}) >= 2
    assert all(item["article"] for claim in vote["claims"] for item in claim["evidence"])


def test_jsonl_keeps_nested_records(demo_dossier: Dossier, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    export_records(demo_dossier, "events", "jsonl", out)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines == json.loads(json.dumps(list(demo_dossier.events()), default=str))


def test_graphml_loads_in_networkx_with_event_weights(demo_dossier: Dossier, tmp_path: Path) -> None:
    out = tmp_path / "network.graphml"
    nodes = export_records(demo_dossier, "events", "graphml", out)
    loaded = nx.read_graphml(out)
    assert loaded.number_of_nodes() == nodes > 1
    pairs: dict[frozenset[str], int] = {}
    undirected = 0
    for event in demo_dossier.events():
        for first, second in record_dyads(event):
            source, target = graph.actor_key(first), graph.actor_key(second)
            if source and target and source != target:
                pairs[frozenset((source, target))] = pairs.get(frozenset((source, target)), 0) + 1
                undirected += not event["directed"]
    drawn: dict[frozenset[str], int] = {}
    for a, b, d in loaded.edges(data=True):
        drawn[frozenset((a, b))] = drawn.get(frozenset((a, b)), 0) + int(d["weight"])
    assert drawn == pairs and undirected > 0
    assert sum(int(d["undirected"]) for _, _, d in loaded.edges(data=True)) == undirected
    for _, _, data in loaded.edges(data=True):
        assert data["side"] in {"cooperation", "conflict", "neutral"}
        assert int(data["cooperation"]) + int(data["conflict"]) <= int(data["weight"])
    registry = {actor["id"]: actor for actor in demo_dossier.actors()}
    resolved = [node for node in loaded.nodes if node in registry]
    assert resolved
    for node in resolved:
        data = loaded.nodes[node]
        assert data["name"] == registry[node]["name"] and data["kind"] == registry[node]["kind"]
        assert (data.get("country") or None) == registry[node]["country"]


def test_quad_class_sides() -> None:
    assert graph.side("042") == "cooperation"
    assert graph.side("0874") == "cooperation"
    assert graph.side("112") == "conflict"
    assert graph.side("190") == "conflict"
    assert graph.side("99") is None


def test_plover_json_has_one_record_per_typed_event(demo_dossier: Dossier, tmp_path: Path) -> None:
    out = tmp_path / "events.plover.json"
    count = export_records(demo_dossier, "events", "plover", out)
    records = json.loads(out.read_text(encoding="utf-8"))
    typed = {event["id"]: event for event in demo_dossier.events() if event["plover"]}
    assert count == len(records) > 0 and {record["event_id"] for record in records} == set(typed)
    for record in records:
        event = typed[record["event_id"]]
        assert record["event"] == event["plover"] and record["date"] == event["date_start"]
        assert record["text"] == event["evidence"][0]["sentence"] and record["directed"] == event["directed"]
        if event["directed"]:
            roles = {party["name"]: party["role"] for party in event["participants"]}
            assert record["actor1"] is None or roles[record["actor1"]] == "source"
            assert record["actor2"] is None or roles[record["actor2"]] == "target"
            assert (record["id"] == event["id"]) == (len(record_dyads(event)) == 1)
        else:
            names = [party["name"] for party in event["participants"]]
            assert record["actor1"] in names and (record["actor2"] is None or record["actor2"] in names)
    meetings = [event for event in typed.values() if len(event["participants"]) > 2 and not event["directed"]]
    assert meetings, "the demo has a meeting of more than two"
    for meeting in meetings:
        parties = len(meeting["participants"])
        assert sum(record["event_id"] == meeting["id"] for record in records) == parties * (parties - 1) // 2


def test_formats_that_cannot_hold_a_kind_are_refused(demo_dossier: Dossier, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="--what events"):
        export_records(demo_dossier, "quotes", "plover", tmp_path / "q.json")
    with pytest.raises(ExportError, match="--what events"):
        export_records(demo_dossier, "articles", "graphml", tmp_path / "a.graphml")


def test_export_command(demo_dossier: Dossier, tmp_path: Path) -> None:
    out = tmp_path / "roles.csv"
    result = CliRunner().invoke(app, ["export", "--db", demo_dossier.url, "--what", "roles", "--format", "csv",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(pd.read_csv(out)) == len(list(demo_dossier.roles()))
    bad = CliRunner().invoke(app, ["export", "--db", demo_dossier.url, "--what", "roles", "--format", "plover",
                                   "--out", str(out)])
    assert bad.exit_code != 0
