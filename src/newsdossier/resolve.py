"""Actor resolution across articles: person mentions become people, registry names become states and bodies.

Within one article the mention resolver has already tied "Tokayev" and "the Kazakh president" to the full
name the article uses; here those per-article people (:class:`LocalPerson`) are clustered across articles.
Two local people are one actor when

* their given names do not contradict (see :mod:`newsdossier.names`): a father and a son who share a
  surname stay apart;
* their countries do not contradict (both known and different keeps them apart);
* their surnames are close: very close on the name alone, or a little less close when the context agrees
  (the same role title, or the same country); surname-only people join the one cluster their surname fits,
  preferring a cluster from their own article, and stay alone when several fit equally.

Registry actors need no clustering: a country is its ISO3 code (its governments and capitals included), an
organisation or bloc its registry name. Everything here is pure (no database) so it can be scored on any
mentions, including the ECB+ evaluation set.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from . import actors
from .names import PersonName, given_compatible, parse_name, phonetic_key, surname_similarity

__all__ = ["LocalPerson", "ResolvedActor", "cluster_people", "registry_actor_id", "resolve_people", "title_key"]

# Surname similarity (0..1, see names.surname_similarity) needed to merge on the name alone, and with a
# shared role or country. Calibrated on the dev gold and ECB+ (eval/eval_actors.py): transliteration
# variants score 0.95 through the phonetic key; unrelated surnames rarely exceed 0.7.
SAME_NAME = 0.88
SAME_CONTEXT = 0.8
# A one-word mention fits a cluster only when its word is this close to the cluster's surname.
SHORT_FORM = 0.9
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(slots=True)
class LocalPerson:
    """One person as one article names them: the article's full name for them and what it says of them."""

    article: str
    name: str
    variants: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    titles: set[str] = field(default_factory=set)
    group: str | None = None  # articles of one duplicate group share this, so copies count as one context

    @property
    def parsed(self) -> PersonName:
        return parse_name(self.name)

    @property
    def country(self) -> str | None:
        return self.countries.most_common(1)[0][0] if self.countries else None

    @property
    def mentions(self) -> int:
        return sum(self.variants.values()) or 1


@dataclass(slots=True, eq=False)
class _Cluster:
    members: list[int]
    names: set[PersonName]
    countries: set[str]
    titles: set[str]
    articles: set[str]
    blocks: set[str] = field(default_factory=set)

    def add(self, index: int, person: LocalPerson) -> None:
        self.members.append(index)
        self.names.add(person.parsed)
        if person.country:
            self.countries.add(person.country)
        self.titles |= person.titles
        self.articles.add(person.group or person.article)


def _block(name: PersonName) -> str:
    return phonetic_key(name.surname)[:1]


def title_key(title: str) -> str:
    """A role title compared across articles: case, accents, "acting" and articles do not matter."""
    return " ".join(word for word in actors.fold(title).split() if word not in ("acting", "the", "of"))


def _fits(cluster: _Cluster, person: LocalPerson) -> float:
    """How well ``person`` fits ``cluster`` (0: it must not join), from names and context."""
    name = person.parsed
    if not name.surname:
        return 0.0
    country = person.country
    if country and cluster.countries and country not in cluster.countries:
        return 0.0
    if any(not given_compatible(name, other) for other in cluster.names):
        return 0.0
    best = max(surname_similarity(name, other) for other in cluster.names)
    same_role = bool({title_key(t) for t in person.titles} & {title_key(t) for t in cluster.titles})
    same_country = bool(country and country in cluster.countries)
    if not name.full or all(not other.full for other in cluster.names):
        return best if best >= SHORT_FORM else 0.0
    threshold = SAME_CONTEXT if same_role or same_country else SAME_NAME
    return best if best >= threshold else 0.0


def cluster_people(people: Sequence[LocalPerson]) -> list[list[int]]:
    """Clusters of indices into ``people``; full names first (they carry given names that keep different
    people apart), then short forms, each joining the best fitting cluster."""
    order = sorted(range(len(people)), key=lambda i: (-len(people[i].parsed.given), -people[i].mentions,
                                                      people[i].article, people[i].name))
    clusters: list[_Cluster] = []
    # Blocking: only clusters whose surname skeleton starts like this person's are compared (the phonetic
    # key already maps transliteration variants of a first letter together), which keeps a corpus of
    # thousands of people from costing a comparison of every pair.
    blocks: dict[str, list[_Cluster]] = defaultdict(list)
    for index in order:
        person = people[index]
        block = _block(person.parsed)
        scored = [(score, cluster) for cluster in blocks[block] if (score := _fits(cluster, person)) > 0]
        chosen: _Cluster | None = None
        if scored:
            if not person.parsed.full:
                # A short form is ambiguous when several clusters fit: its own article (or a copy of it)
                # decides, else the shared country or role; with no tie-breaker it stays alone.
                context = person.group or person.article
                local = [item for item in scored if context in item[1].articles]
                candidates = local or scored
                if len(candidates) > 1:
                    candidates = [item for item in candidates if person.country in item[1].countries
                                  or person.titles & item[1].titles] or candidates
                chosen = candidates[0][1] if len(candidates) == 1 else None
            else:
                chosen = max(scored, key=lambda item: item[0])[1]
        if chosen is None:
            chosen = _Cluster([], set(), set(), set(), set())
            clusters.append(chosen)
        if block not in chosen.blocks:
            chosen.blocks.add(block)
            blocks[block].append(chosen)
        chosen.add(index, person)
    return [cluster.members for cluster in clusters]


@dataclass(slots=True)
class ResolvedActor:
    """An actor with its id, canonical name, kind, country and the local people (or names) it gathers."""

    id: str
    kind: str
    name: str
    country: str | None
    variants: Counter[str]
    members: list[int] = field(default_factory=list)


def _slug(text: str) -> str:
    return _SLUG.sub("-", actors.fold(text)).strip("-")


def canonical_name(variants: Counter[str]) -> str:
    """The most frequent well-formed spelling: full names (two words or more) before short forms, then
    frequency, then length."""
    def rank(item: tuple[str, int]) -> tuple[bool, int, int, str]:
        text, count = item
        return (len(text.split()) >= 2, count, len(text), text)

    return max(variants.items(), key=rank)[0]


def resolve_people(people: Sequence[LocalPerson]) -> list[ResolvedActor]:
    """Cluster local people and give each cluster an id (``person:<slug of its canonical name>``)."""
    resolved: list[ResolvedActor] = []
    taken: Counter[str] = Counter()
    for members in cluster_people(people):
        variants: Counter[str] = Counter()
        countries: Counter[str] = Counter()
        for index in members:
            variants.update(people[index].variants or Counter({people[index].name: 1}))
            countries.update(people[index].countries)
        name = canonical_name(variants)
        country = countries.most_common(1)[0][0] if countries else None
        base = f"person:{_slug(name)}"
        taken[base] += 1
        actor_id = base if taken[base] == 1 else f"{base}-{taken[base]}"
        resolved.append(ResolvedActor(actor_id, "person", name, country, variants, list(members)))
    return resolved


def registry_actor_id(name: str, kind: str | None, country: str | None) -> tuple[str, str, str, str | None] | None:
    """(id, kind, canonical name, country) of a non-person actor: states and their governments are their
    ISO3 code, organisations and blocs their registry name; None for what the registry does not know."""
    if kind in ("country", "government") and country:
        return country, "country", actors.country_name(country), country
    if kind in ("organisation", "group"):
        known = actors.lookup(name)
        if known is not None and known.kind in ("organisation", "group"):
            return f"{'org' if known.kind == 'organisation' else 'group'}:{_slug(known.name)}", known.kind, \
                known.name, known.country
    return None


def local_people(rows: Iterable[tuple[str, str, str, str | None]], roles: Iterable[tuple[str, str, str | None,
                 str]], groups: dict[str, str] | None = None) -> list[LocalPerson]:
    """Build local people from mention rows (article, full name, surface text, country) and role rows
    (article, full name, country, title)."""
    groups = groups or {}
    found: dict[tuple[str, str], LocalPerson] = {}

    def get(article: str, name: str) -> LocalPerson:
        key = (article, name)
        if key not in found:
            found[key] = LocalPerson(article, name, group=groups.get(article))
        return found[key]

    for article, name, text, country in rows:
        person = get(article, name)
        person.variants[text] += 1
        if country:
            person.countries[country] += 1
    for article, name, country, title in roles:
        person = get(article, name)
        person.titles.add(title)
        if country:
            person.countries[country] += 1
    return list(found.values())
