"""From every stored fact to the derived tables: actors, their names, links from fact slots to actors,
consolidated events and contradictions.

A pure function of the facts (:class:`~newsdossier.models.ResolutionInputs`): the driver reads them, calls
:func:`derive` and replaces the derived tables with its rows in one transaction, so the result never depends
on the order articles arrived in and readers never see half a recomputation.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from newsdossier.models import FACT_SLOTS, ResolutionInputs, Where
from newsdossier.resolve.codes import actor_code, nearest_titles
from newsdossier.resolve.consolidate import (
    Claim,
    Report,
    consolidate_events,
    contradictions,
    date_conflicts,
    date_range,
    independent_sources,
)
from newsdossier.resolve.names import fold
from newsdossier.resolve.people import LocalPerson, local_people, registry_actor_id, resolve_people, title_key
from newsdossier.resolve.vocabulary import TIME_SHIFTED


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class _Facts:
    """The stored facts of one recomputation, with the look-ups resolution needs."""

    def __init__(self, inputs: ResolutionInputs) -> None:
        self.duplicate_of = inputs.duplicate_of
        self.authors = inputs.authors
        self.slot_rows = inputs.slot_rows
        self.event_evidence = inputs.event_evidence
        self.passages = inputs.passages

    def byline(self, article: str, name: str) -> bool:
        """Whether ``name`` is (part of) the article's byline: its author writes the story, not in it."""
        author = self.authors.get(article)
        words = set(fold(name).split())
        return bool(author) and bool(words) and words <= set(fold(author or "").split())

    def people(self) -> tuple[list[LocalPerson], dict[tuple[str, str], int]]:
        mention_rows = [(r["article_id"], r["actor_name"], r["text"], r["actor_country"])
                        for r in self.slot_rows["mentions"] if r["actor_kind"] == "person" and not r["credit"]
                        and not self.byline(r["article_id"], r["actor_name"])]
        role_rows = [(r["article_id"], r["person_name"], r["person_country"] or r["of_country"], r["title"])
                     for r in self.slot_rows["roles"] if not self.byline(r["article_id"], r["person_name"])]
        people = local_people(mention_rows, role_rows, self.duplicate_of)
        index = {(p.article, p.name): i for i, p in enumerate(people)}
        return people, index


def derive(inputs: ResolutionInputs) -> dict[str, list[dict[str, Any]]]:
    """Resolve actors, link facts to them, consolidate events and find contradictions: the rows of every derived
    table of resolution, by table name (``actors``, ``actor_names``, ``actor_links``, ``consolidated_events``,
    ``participant_codes``, ``contradictions``)."""
    data = _Facts(inputs)
    people, index = data.people()
    resolved = resolve_people(people)
    person_of: dict[int, str] = {}
    actor_rows: dict[str, dict[str, Any]] = {}
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for actor in resolved:
        for member in actor.members:
            person_of[member] = actor.id
        actor_rows[actor.id] = {"id": actor.id, "kind": "person", "name": actor.name, "country": actor.country,
                                "mentions": 0}
        names[actor.id].update(actor.variants)

    def link(row: Any, prefix: str) -> str | None:
        name, kind = row[f"{prefix}_name"], row[f"{prefix}_kind"]
        if name is None:
            return None
        if kind == "person":
            found = index.get((row["article_id"], name))
            return person_of.get(found) if found is not None else None
        registry = registry_actor_id(name, kind, row[f"{prefix}_country"])
        if registry is None:
            return None
        actor_id, actor_kind, canonical, country = registry
        actor_rows.setdefault(actor_id, {"id": actor_id, "kind": actor_kind, "name": canonical,
                                         "country": country, "mentions": 0})
        return actor_id

    links: list[dict[str, Any]] = []
    linked: dict[tuple[str, str, str], str] = {}
    holders = _role_holders(data.slot_rows["roles"], index, person_of)
    for table, prefix in FACT_SLOTS:
        for row in data.slot_rows[table]:
            if table == "mentions" and row["credit"]:
                continue
            actor_id = link(row, prefix) or _holder(row, prefix, holders)
            if actor_id is None:
                continue
            linked[(table, row["id"], prefix)] = actor_id
            links.append({"fact": table, "fact_id": row["id"], "slot": prefix, "actor_id": actor_id})
            if table == "mentions":
                actor_rows[actor_id]["mentions"] += 1
                if actor_rows[actor_id]["kind"] != "person":
                    names[actor_id][" ".join(row["text"].split()).rstrip(".,;:")] += 1
    country_of = {actor_id: row["country"] for actor_id, row in actor_rows.items()}

    codes = _participant_codes(data, linked)
    labels = {actor_id: row["name"] for actor_id, row in actor_rows.items()}
    group_rows, date_found = _consolidate(data, linked, country_of, labels)
    found = _contradictions(data, linked, actor_rows) + date_found
    return {
        "actors": list(actor_rows.values()),
        "actor_names": [{"actor_id": a, "variant": v, "count": c} for a, counter in names.items()
                        for v, c in counter.items()],
        "actor_links": links,
        "consolidated_events": group_rows,
        "participant_codes": codes,
        "contradictions": [{"id": c["id"], "kind": c["kind"], "about": c["about"], "subject": c["subject"],
                            "claims": c["claims"]} for c in found],
    }


def _participant_codes(data: _Facts, linked: dict[tuple[str, str, str], str]) -> list[dict[str, Any]]:
    """The CAMEO-style code of every event participant (:mod:`newsdossier.resolve.codes`): a person's sector
    from the roles the resolved person holds nearest the event's date, or from the roles its article gives it
    when it is not resolved."""
    by_person: dict[str, list[tuple[str, dt.date | None]]] = defaultdict(list)
    by_name: dict[tuple[str, str], list[tuple[str, dt.date | None]]] = defaultdict(list)
    for role in data.slot_rows["roles"]:
        dated = (role["title"], _date(role["date_start"]))
        by_name[(role["article_id"], role["person_name"])].append(dated)
        person = linked.get(("roles", role["id"], "person"))
        if person is not None:
            by_person[person].append(dated)
    day_of = {row["id"]: _date(row["date_start"]) for row in data.slot_rows["events"]}
    rows = []
    for party in data.slot_rows["event_participants"]:
        titles: list[str] = []
        if party["actor_kind"] == "person":
            person = linked.get(("event_participants", party["id"], "actor"))
            roles = by_person.get(person, []) if person else by_name.get((party["article_id"], party["actor_name"]), [])
            titles = nearest_titles(roles, day_of.get(party["event_id"]))
        code = actor_code(party["actor_kind"], party["actor_country"], party["actor_name"], titles)
        rows.append({"participant_id": party["id"], "code": code})
    return rows


def _role_holders(role_rows: Sequence[Any], index: dict[tuple[str, str], int],
                  person_of: dict[int, str]) -> dict[tuple[str, str], set[str]]:
    """(title, country) -> the people holding that title for that country in any article."""
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in role_rows:
        country = row["of_country"] or row["person_country"]
        found = index.get((row["article_id"], row["person_name"]))
        if country and found is not None and found in person_of:
            holders[(title_key(row["title"]), country)].add(person_of[found])
    return holders


def _holder(row: Any, prefix: str, holders: dict[tuple[str, str], set[str]]) -> str | None:
    """A person the extraction could only describe by role ("the foreign minister of Kyrgyzstan", when the
    article never names them) is the one person other articles name with that role, if there is one."""
    name, country = row[f"{prefix}_name"], row[f"{prefix}_country"]
    if row[f"{prefix}_kind"] != "person" or not name or not country or not name.startswith("the "):
        return None
    title = name[4:].rsplit(" of ", 1)[0]
    found = holders.get((title_key(title), country), set())
    return next(iter(found)) if len(found) == 1 else None


def _past_or_future(title: str) -> bool:
    words = fold(title).split()
    return not words or bool(TIME_SHIFTED & set(words)) or not title[:1].isalpha()


def _side(actor_id: str | None, country_of: dict[str, str | None]) -> frozenset[str]:
    if actor_id is None:
        return frozenset()
    country = country_of.get(actor_id)
    return frozenset({actor_id, country} if country else {actor_id})


def _consolidate(data: _Facts, linked: dict[tuple[str, str, str], str], country_of: dict[str, str | None],
                 labels: dict[str, str]) -> tuple[list[dict[str, Any]], list[dict[str, object]]]:
    evidence = data.event_evidence
    parties: dict[str, list[Any]] = defaultdict(list)
    for participant in sorted(data.slot_rows["event_participants"], key=lambda r: (r["event_id"], r["position"])):
        parties[participant["event_id"]].append(participant)

    def sides(row: Any) -> tuple[frozenset[str], frozenset[str]]:
        """(source, target) identities: a directed act's sources and targets; an undirected act's first party
        against the others."""
        named = [(p["role"], linked.get(("event_participants", p["id"], "actor"))) for p in parties.get(row["id"], [])]
        if not named:  # stored before events had participants
            return (_side(linked.get(("events", row["id"], "source")), country_of),
                    _side(linked.get(("events", row["id"], "target")), country_of))
        if row["directed"] is False:
            first, *rest = [actor_id for _, actor_id in named]
            return _side(first, country_of), frozenset().union(*(_side(i, country_of) for i in rest))
        return (frozenset().union(*(_side(i, country_of) for role, i in named if role == "source")),
                frozenset().union(*(_side(i, country_of) for role, i in named if role == "target")))

    reports = [
        Report(row["id"], row["cameo_root"], *sides(row), _date(row["date_start"]),
               _date(row["date_end"]), row["date_precision"],
               (evidence.get(row["id"]) or [Where(row["article_id"], "text", 0, 0)])[0])
        for row in data.slot_rows["events"] if not row["negated"]
    ]
    rows: list[dict[str, Any]] = []
    groups = consolidate_events(reports)
    for group in groups:
        wheres = [w for member in group.members for w in evidence.get(member.id, ())]
        reports_count = len({w.article for w in wheres})
        sources = independent_sources(wheres, data.duplicate_of, data.passages)
        rows += [{"event_id": member.id, "group_id": group.id, "reports": reports_count, "sources": sources}
                 for member in group.members]
    grouped = {row["event_id"] for row in rows}
    for row in data.slot_rows["events"]:
        if row["id"] not in grouped:  # negated events are reports of their own
            rows.append({"event_id": row["id"], "group_id": row["id"], "reports": 1, "sources": 1})
    return rows, date_conflicts(groups, data.duplicate_of, labels)


def _span(row: Any) -> tuple[dt.date | None, dt.date | None]:
    found = date_range(_date(row["date_start"]), _date(row["date_end"]), row["date_precision"])
    return found if found is not None else (None, None)


def _contradictions(data: _Facts, linked: dict[tuple[str, str, str], str],
                    actor_rows: dict[str, dict[str, Any]]) -> list[dict[str, object]]:
    claims: list[Claim] = []

    def where(row: Any) -> Where:
        return Where(row["article_id"], row["field"], row["start"], row["end"])

    def label(actor_id: str) -> str:
        return actor_rows[actor_id]["name"] if actor_id in actor_rows else actor_id

    for row in data.slot_rows["votes"]:
        voter = linked.get(("votes", row["id"], "voter"))
        if voter is None:
            continue
        body = linked.get(("votes", row["id"], "body"))
        claims.append(Claim("vote", voter, label(body) if body else None, row["value"], *_span(row), where(row),
                            label(voter)))
    for row in data.slot_rows["memberships"]:
        member = linked.get(("memberships", row["id"], "member"))
        organisation = linked.get(("memberships", row["id"], "organisation"))
        if member is None or organisation is None:
            continue
        claims.append(Claim(f"membership in {label(organisation)}", member, None, row["status"],
                            *_span(row), where(row), label(member)))
    # Titles that differ only in case or "acting" are one role: each is shown as its most common spelling.
    written: dict[str, Counter[str]] = defaultdict(Counter)
    for row in data.slot_rows["roles"]:
        written[title_key(row["title"])][" ".join(row["title"].lower().split())] += 1
    for row in data.slot_rows["roles"]:
        person = linked.get(("roles", row["id"], "person"))
        if person is None or _past_or_future(row["title"]):
            continue
        title = written[title_key(row["title"])].most_common(1)[0][0]
        claims.append(Claim("role", person, row["of_country"], title, *_span(row), where(row), label(person)))
    return contradictions(claims, data.duplicate_of)
