"""Fact filters and the network read on the real pipeline's output for the sample: the index-friendly filters
keep the facts their documented meaning says, checked against a recount over every stored event."""

from __future__ import annotations

from collections import Counter
from typing import Any

from newsdossier.dossier import Dossier
from newsdossier.models import ActorFilter, FactFilter, record_dyads


def _all_events(dossier: Dossier) -> list[dict[str, Any]]:
    events = list(dossier.events())
    assert events, "the sample yields events"
    return events


def _actors_of(event: dict[str, Any]) -> list[dict[str, Any]]:
    """Every actor an event names: its source and target, and the participants of an undirected act."""
    return [actor for actor in (event["source"], event["target"], *event["participants"]) if actor]


def _pairs(events: list[dict[str, Any]]) -> Counter[tuple[str, str, bool]]:
    """(source id, target id, directed) -> events, recounted: a directed act's resolved pairs; an undirected
    act's each pair of distinct resolved participants once, the lower id first."""
    pairs: Counter[tuple[str, str, bool]] = Counter()
    for event in events:
        if event["directed"]:
            pairs.update({(source["id"], target["id"], True) for source, target in record_dyads(event)
                          if source and target and source["id"] and target["id"] and source["id"] != target["id"]})
            continue
        ids = [party["id"] for party in event["participants"] if party["id"]]
        pairs.update({(min(a, b), max(a, b), False) for n, a in enumerate(ids) for b in ids[n + 1:] if a != b})
    return pairs


def test_date_window_keeps_exactly_the_overlapping_events(seeds_dossier: Dossier) -> None:
    events = _all_events(seeds_dossier)
    dated = sorted({event["date_start"] for event in events if event["date_start"]})
    assert len(dated) >= 2
    for since, until in ((dated[0], dated[0]), (dated[1], dated[-1]), (dated[len(dated) // 2], None)):
        expected = {event["id"] for event in events if event["date_start"]
                    and (event["date_end"] or event["date_start"]) >= since
                    and (until is None or event["date_start"] <= until)}
        found = {event["id"] for event in seeds_dossier.events(FactFilter(since=since, until=until))}
        assert found == expected


def test_cameo_prefixes_keep_exactly_the_codes_that_start_with_them(seeds_dossier: Dossier) -> None:
    events = _all_events(seeds_dossier)
    for prefix in sorted({event["cameo"][:n] for event in events for n in (1, 2, 3)}):
        expected = {event["id"] for event in events if event["cameo"].startswith(prefix)}
        assert {event["id"] for event in seeds_dossier.events(FactFilter(cameo=prefix))} == expected


def test_actor_name_finds_every_written_match_and_only_that_actor(seeds_dossier: Dossier) -> None:
    events = _all_events(seeds_dossier)
    actors = {actor["id"]: actor for actor in seeds_dossier.actors()}
    people = [actor for actor in actors.values() if actor["kind"] == "person"]
    assert people
    for actor in people[:5]:
        needle = actor["name"].split()[-1].lower()
        found = {event["id"]: event for event in seeds_dossier.events(FactFilter(actor=needle))}
        written = {event["id"] for event in events for actor in _actors_of(event)
                   if actor["id"] and needle in actor["name"].lower()}
        assert written <= set(found)
        for event in found.values():
            slots = _actors_of(event)
            assert any(needle in slot["name"].lower() or (slot["id"] in actors and any(
                needle in name.lower() for name in [actors[slot["id"]]["name"], *actors[slot["id"]]["variants"]]))
                for slot in slots)


def test_an_unresolved_written_name_is_found_by_its_whole_name(seeds_dossier: Dossier) -> None:
    events = _all_events(seeds_dossier)
    unresolved = sorted({actor["name"] for event in events for actor in _actors_of(event) if not actor["id"]})
    assert unresolved, "the sample has descriptive actors no registry entry covers"
    for name in unresolved[:5]:
        expected = {event["id"] for event in events for actor in _actors_of(event)
                    if actor["name"].lower() == name.lower()}
        assert expected <= {event["id"] for event in seeds_dossier.events(FactFilter(actor=name.upper()))}


def test_country_code_matches_the_actors_of_that_country(seeds_dossier: Dossier) -> None:
    events = _all_events(seeds_dossier)
    countries = Counter(actor["country"] for event in events for actor in _actors_of(event) if actor["country"])
    code = countries.most_common(1)[0][0]
    expected = {event["id"] for event in events for actor in _actors_of(event) if actor["country"] == code}
    assert expected <= {event["id"] for event in seeds_dossier.events(FactFilter(actor=code.lower()))}


def test_network_counts_linked_actor_pairs(seeds_dossier: Dossier) -> None:
    events = _all_events(seeds_dossier)
    pairs = _pairs(events)
    assert pairs and {directed for *_, directed in pairs} == {True, False}
    network = seeds_dossier.network(limit=None)
    assert {(row["source"]["id"], row["target"]["id"], row["directed"]): row["events"] for row in network} == pairs
    assert [row["events"] for row in network] == sorted((row["events"] for row in network), reverse=True)
    names = {actor["id"]: actor["name"] for actor in seeds_dossier.actors(ActorFilter())}
    assert all(row["source"]["name"] == names[row["source"]["id"]] for row in network)
    busiest = Counter(actor for pair, count in pairs.items() for actor in set(pair[:2]) for _ in range(count))
    actor_id = busiest.most_common(1)[0][0]
    mine = seeds_dossier.network(actor_id, limit=None)
    assert {(row["source"]["id"], row["target"]["id"], row["directed"]): row["events"] for row in mine} == {
        pair: count for pair, count in pairs.items() if actor_id in pair[:2]}
    assert len(seeds_dossier.network(limit=1)) == 1
