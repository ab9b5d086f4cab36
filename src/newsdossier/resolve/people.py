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

from newsdossier import settings
from newsdossier.lexicon import registry as actors
from newsdossier.resolve.names import PersonName, given_compatible, parse_name, phonetic_key, surname_similarity
from newsdossier.resolve.vocabulary import TITLE_KEY_SKIP

__all__ = ["LocalPerson", "ResolvedActor", "cluster_people", "registry_actor_id", "resolve_people", "title_key"]

_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 80


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
    title_keys: set[str]
    articles: set[str]
    order: int = 0
    blocks: set[str] = field(default_factory=set)

    def add(self, index: int, person: LocalPerson, name: PersonName, role_keys: set[str]) -> None:
        self.members.append(index)
        self.names.add(name)
        if person.country:
            self.countries.add(person.country)
        self.title_keys |= role_keys
        self.articles.add(person.group or person.article)


def title_key(title: str) -> str:
    """A role title compared across articles: case, accents, "acting" and articles do not matter."""
    return " ".join(word for word in actors.fold(title).split() if word not in TITLE_KEY_SKIP)


def _fits(cluster: _Cluster, person: LocalPerson, name: PersonName, role_keys: set[str]) -> float:
    """How well ``person`` (whose parsed name is ``name``) fits ``cluster`` (0: it must not join)."""
    country = person.country
    if country and cluster.countries and country not in cluster.countries:
        return 0.0
    best = max(surname_similarity(name, other) for other in cluster.names)
    if best < settings.active().same_context:
        return 0.0
    if not name.full or all(not other.full for other in cluster.names):
        return best if best >= settings.active().short_form else 0.0
    same_context = bool(role_keys & cluster.title_keys) or bool(country and country in cluster.countries)
    if best < (settings.active().same_context if same_context else settings.active().same_name):
        return 0.0
    return best if all(given_compatible(name, other) for other in cluster.names) else 0.0


def _blocks(name: PersonName) -> tuple[str, str]:
    """Two blocking keys of a surname: its phonetic skeleton and its first three letters. Spelling variants
    share at least one ("Tokayev"/"Tokaev" the skeleton, "-ow"/"-ou" endings the letters), so only clusters
    sharing a key are compared and a corpus of thousands of people does not cost every pair."""
    return f"k:{phonetic_key(name.surname)}", f"p:{name.surname[:3]}"


def cluster_people(people: Sequence[LocalPerson]) -> list[list[int]]:
    """Clusters of indices into ``people``; full names first (they carry given names that keep different
    people apart), then short forms, each joining the best fitting cluster."""
    names = [person.parsed for person in people]
    order = sorted(range(len(people)), key=lambda i: (-len(names[i].given), -people[i].mentions,
                                                      people[i].article, people[i].name))
    clusters: list[_Cluster] = []
    blocks: dict[str, list[_Cluster]] = defaultdict(list)
    for index in order:
        person, name = people[index], names[index]
        if not name.surname:
            continue
        role_keys = {title_key(t) for t in person.titles}
        keys = _blocks(name)
        candidates = {id(c): c for key in keys for c in blocks.get(key, ())}
        scored = [(score, cluster) for cluster in candidates.values()
                  if (score := _fits(cluster, person, name, role_keys)) > 0]
        scored.sort(key=lambda item: (-item[0], item[1].order))
        chosen: _Cluster | None = None
        if scored:
            if not name.full:
                # A short form is ambiguous when several clusters fit: its own article (or a copy of it)
                # decides, else the shared country or role; with no tie-breaker it stays alone.
                context = person.group or person.article
                local = [item for item in scored if context in item[1].articles]
                fitting = local or scored
                if len(fitting) > 1:
                    fitting = [item for item in fitting if person.country in item[1].countries
                               or role_keys & item[1].title_keys] or fitting
                chosen = fitting[0][1] if len(fitting) == 1 else None
            else:
                chosen = scored[0][1]
        if chosen is None:
            chosen = _Cluster([], set(), set(), set(), set(), order=len(clusters))
            clusters.append(chosen)
        for key in keys:
            if key not in chosen.blocks:
                chosen.blocks.add(key)
                blocks[key].append(chosen)
        chosen.add(index, person, name, role_keys)
    # people without a surname (an empty name) are actors of their own
    clustered = {i for cluster in clusters for i in cluster.members}
    return [cluster.members for cluster in clusters] + [[i] for i in range(len(people)) if i not in clustered]


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
    """A readable id part; cut so that ids fit the 96-character id columns whatever a name looks like."""
    return _SLUG.sub("-", actors.fold(text)).strip("-")[:MAX_SLUG].strip("-") or "unnamed"


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
