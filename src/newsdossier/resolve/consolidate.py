"""One event from many reports, independent sources counted, and the disagreements between sources.

Reports of one real event differ in wording, in which actor they name (the president or his country) and in
how precisely they date it. Two reports are the same event when they have the same CAMEO root, their actors
overlap on each side (an actor counts as itself and as its country, so "Putin" meets "Kazakhstan" is
"Russia" meets "Tokayev"), and their date ranges overlap. A report with no date joins only when exactly one
event fits.

``reports`` counts articles; ``sources`` counts independent sources: articles of one duplicate group, and
reports whose evidence lies in a passage shared by several articles, count once.

Claims that should agree but do not (a state's vote on one ballot, an organisation's member's status, a
person's role) become contradictions listing each value with its evidence; nothing is overwritten.

Pure functions over plain records; :mod:`newsdossier.resolution_store` feeds them and stores the results.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from newsdossier import settings
from newsdossier.lexicon import registry as actors
from newsdossier.models import Passage, Where
from newsdossier.resolve.vocabulary import ACRONYM_SKIP, RANK_WORDS, VAGUER_VALUES

__all__ = ["Claim", "Report", "consolidate_events", "contradictions", "date_conflicts", "date_range",
           "independent_sources"]

# Roots whose direction does not matter for identity: "A met B" and "B met A" are one meeting.
SYMMETRIC_ROOTS = frozenset({"03", "04", "05", "06"})
# A report dated only by its publication ("reported") is about something from the days before it.
REPORTED_REACH = dt.timedelta(days=14)


@dataclass(slots=True)
class Report:
    """One extracted event: its id, root, the identities of each side, date range and evidence."""

    id: str
    root: str
    source: frozenset[str]
    target: frozenset[str]
    start: dt.date | None
    end: dt.date | None
    precision: str | None
    where: Where


@dataclass(slots=True)
class Consolidated:
    id: str
    root: str
    members: list[Report] = field(default_factory=list)
    start: dt.date | None = None
    end: dt.date | None = None


def date_range(start: dt.date | None, end: dt.date | None, precision: str | None) -> tuple[dt.date, dt.date] | None:
    """The days a fact may have happened on; a fact dated only by its article ("reported") happened in the
    days before it."""
    if start is None:
        return None
    if precision == "reported":
        return start - REPORTED_REACH, end or start
    return start, end or start


def _range(report: Report) -> tuple[dt.date, dt.date] | None:
    return date_range(report.start, report.end, report.precision)


def _overlap(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> bool:
    return a is None or b is None or (a[0] <= b[1] and b[0] <= a[1])


def _sides_match(group: Consolidated, report: Report) -> bool:
    first = group.members[0]
    if report.root != group.root:
        return False
    straight = bool(first.source & report.source) and (bool(first.target & report.target)
                                                        or (not first.target and not report.target))
    if straight:
        return True
    return report.root in SYMMETRIC_ROOTS and bool(first.source & report.target) and bool(first.target
                                                                                         & report.source)


def _precision_rank(report: Report) -> int:
    order = {"day": 0, "week": 1, "month": 2, "year": 3, "reported": 4}
    return order.get(report.precision or "", 5)


def consolidate_events(reports: Sequence[Report]) -> list[Consolidated]:
    """Group reports of one real event; the most precisely dated reports are placed first, so the group's
    date is the narrowest its reports support."""
    groups: list[Consolidated] = []
    # Groups by (root, identity of an actor on their first report's sides): a report is only compared with
    # groups that share an actor with it, so the cost grows with the reports about each actor, not all pairs.
    index: dict[tuple[str, str], list[Consolidated]] = defaultdict(list)
    position: dict[int, int] = {}
    for report in sorted(reports, key=lambda r: (_precision_rank(r), r.where.article, r.where.start, r.id)):
        if not report.source:
            groups.append(_new_group(report))
            continue
        span = _range(report)
        candidates = {id(g): g for identity in report.source | report.target
                      for g in index.get((report.root, identity), ())}
        fitting = [g for g in candidates.values() if _sides_match(g, report)
                   and _overlap(span, (g.start, g.end) if g.start and g.end else None)]
        fitting.sort(key=lambda g: position[id(g)])
        if span is None and len(fitting) != 1:
            fitting = []
        if fitting:
            group = fitting[0]
            group.members.append(report)
            if span is not None and group.start is None:
                group.start, group.end = span
        else:
            group = _new_group(report)
            position[id(group)] = len(groups)
            groups.append(group)
            for identity in report.source | report.target:
                index[(report.root, identity)].append(group)
    return groups


def _new_group(report: Report) -> Consolidated:
    span = _range(report)
    group = Consolidated(report.id, report.root, [report])
    if span is not None:
        group.start, group.end = (report.start, report.end or report.start) if report.precision != "reported" \
            else span
    return group


class _Units:
    """Union-find over articles: copies and shared passages make one independent source."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def independent_sources(wheres: Iterable[Where], duplicate_of: dict[str, str],
                        passages: Sequence[Passage]) -> int:
    """How many independent sources the evidence positions come from."""
    items = list(wheres)
    units = _Units()
    for where in items:
        units.find(f"a:{duplicate_of.get(where.article, where.article)}")
    by_article: dict[str, list[Passage]] = defaultdict(list)
    for passage in passages:
        by_article[passage.where.article].append(passage)
    for where in items:
        for passage in by_article.get(where.article, ()):
            p = passage.where
            if p.field == where.field and p.start <= where.start and where.end <= p.end:
                units.union(f"a:{duplicate_of.get(where.article, where.article)}", f"p:{passage.passage}")
    return len({units.find(f"a:{duplicate_of.get(w.article, w.article)}") for w in items})


@dataclass(frozen=True, slots=True)
class Claim:
    """A value some source gives for a fact that has one true value: ``subject`` (an actor id), ``about``
    (what is claimed: "vote", "role", "membership"), ``scope`` (the ballot body, the organisation, the
    state the role is for; None when not said), the value and a date range."""

    about: str
    subject: str
    scope: str | None
    value: str
    start: dt.date | None
    end: dt.date | None
    where: Where
    label: str


def _within(a: str, b: str) -> bool:
    """Whether registry body ``a`` is ``b`` or part of it: "UN General Assembly" is part of "United Nations"
    (its name starts with the other's name or acronym)."""
    if a == b:
        return True
    fa = actors.fold(a)
    fb = actors.fold(b)
    acronym = "".join(word[0] for word in fb.split() if word not in ACRONYM_SKIP)
    first = fa.split()[0] if fa else ""
    return fa.startswith(fb + " ") or (len(acronym) > 1 and first == acronym)


def _scopes_match(a: str | None, b: str | None) -> bool:
    return a is None or b is None or _within(a, b) or _within(b, a)


def _claim_range(claim: Claim) -> tuple[dt.date, dt.date] | None:
    if claim.start is None:
        return None
    return claim.start, claim.end or claim.start


def _consistent(about: str, values: set[str]) -> bool:
    """Whether the values only differ by one being a vaguer form of another: a listed vaguer vote, or a
    role title whose words are all in another title ("minister" and "economy minister")."""
    vaguer = VAGUER_VALUES.get(about, {})
    precise = {v for v in values if not (v in vaguer and values & vaguer[v])}
    if about == "role":
        words = {v: set(v.split()) for v in precise}
        precise = {v for v in precise
                   if not any(words[v] < words[o] and not (words[o] - words[v]) & RANK_WORDS for o in precise)}
    return len(precise) < 2


def contradictions(claims: Sequence[Claim], duplicate_of: dict[str, str]) -> list[dict[str, object]]:
    """Contradictions among claims about one (subject, scope, time): every set of compatible claims with more
    than one value, each value with all its evidence. Copies of one article do not contradict each other."""
    buckets: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        buckets[(claim.about, claim.subject)].append(claim)
    found: list[dict[str, object]] = []
    for (about, subject), items in sorted(buckets.items()):
        groups: list[list[Claim]] = []
        for claim in sorted(items, key=lambda c: (c.start is None, c.start or dt.date.min, c.where.article)):
            for group in groups:
                if all(_scopes_match(claim.scope, other.scope) and _overlap(_claim_range(claim), _claim_range(other))
                       for other in group):
                    group.append(claim)
                    break
            else:
                groups.append([claim])
        for group in groups:
            if all(claim.start is None for claim in group):
                continue  # undated claims cannot be placed in time: they need not be about the same moment
            values: dict[str, list[Claim]] = defaultdict(list)
            for claim in group:
                values[claim.value].append(claim)
            if len(values) < 2 or _consistent(about, set(values)):
                continue
            originals = {value: {duplicate_of.get(c.where.article, c.where.article) for c in cs}
                         for value, cs in values.items()}
            if len(set().union(*originals.values())) < 2:
                continue  # one article (and its copies) hedging between values is not a disagreement
            scope = next((c.scope for c in group if c.scope), None)
            dated = sorted(c.start for c in group if c.start)
            when = dated[0].isoformat()[:7] if dated else None
            label = group[0].label
            text = " ".join(part for part in (about, "of", label, f"at {scope}" if scope else "",
                                              f"({when})" if when else "") if part)
            digest = hashlib.sha256(f"{about}\x1f{subject}\x1f{scope}\x1f{when}".encode()).hexdigest()[:16]
            found.append({
                "id": digest, "about": text, "kind": about, "subject": subject, "scope": scope,
                "claims": [
                    {"value": value, "evidence": [{"article": c.where.article, "field": c.where.field,
                                                   "start": c.where.start, "end": c.where.end}
                                                  for c in sorted(cs, key=lambda c: (c.where.article,
                                                                                     c.where.start))]}
                    for value, cs in sorted(values.items())
                ],
            })
    return found


def date_conflicts(groups: Sequence[Consolidated], duplicate_of: dict[str, str],
                   labels: dict[str, str]) -> list[dict[str, object]]:
    """Contradictions on an event's date: groups of the same root and actors, each dated to one day by
    articles the other does not include, at most ``date_conflict_days`` (a setting) apart."""
    def day(group: Consolidated) -> dt.date | None:
        first = group.members[0]
        return group.start if first.precision == "day" and group.start == group.end else None

    def articles(group: Consolidated) -> set[str]:
        return {duplicate_of.get(m.where.article, m.where.article) for m in group.members}

    dated = [g for g in groups if day(g) is not None and g.members[0].source and g.members[0].target]
    by_key: dict[tuple[str, frozenset[str]], list[Consolidated]] = defaultdict(list)
    for group in dated:
        first = group.members[0]
        by_key[(group.root, first.source | first.target)].append(group)
    found: list[dict[str, object]] = []
    for (root, _), items in sorted(by_key.items(), key=lambda item: (item[0][0], sorted(item[0][1]))):
        items.sort(key=lambda g: (day(g), g.id))
        for a, b in itertools.pairwise(items):
            day_a, day_b = day(a), day(b)
            assert day_a is not None and day_b is not None
            if not 0 < (day_b - day_a).days <= settings.active().date_conflict_days or articles(a) & articles(b):
                continue
            first = a.members[0]
            who = " – ".join(" / ".join(sorted(labels.get(i, i) for i in side if i in labels) or sorted(side))
                             for side in (first.source, first.target))
            digest = hashlib.sha256(f"date\x1f{a.id}\x1f{b.id}".encode()).hexdigest()[:16]
            found.append({
                "id": digest, "about": f"date of a CAMEO {root} event of {who}", "kind": "date",
                "subject": a.id, "scope": None,
                "claims": [{"value": day_g.isoformat(), "evidence": [
                    {"article": m.where.article, "field": m.where.field, "start": m.where.start, "end": m.where.end}
                    for m in sorted(g.members, key=lambda m: (m.where.article, m.where.start))]}
                    for g, day_g in ((a, day_a), (b, day_b))],
            })
    return found
