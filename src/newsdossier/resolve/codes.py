"""CAMEO-style actor codes for event participants: ``RUSGOV``, ``UKRMIL``, ``IGOUNO``-like ``IGO``, ``---REB``.

An event coded in CAMEO names its actors by a country and a sector. The country is the actor's (ISO3); the
sector comes from what the actor is at the event's date: a person's role title then ("Foreign Minister" ->
GOV, "General" -> MIL), a government or capital is GOV, a description's own words ("Russian troops" -> MIL,
"Western officials" -> GOV), read through ``data/actor_sectors.tsv``. A state itself is its bare country
code. An organisation of the registry without a country is ``IGO`` (``IMG`` when the registry marks it an
armed movement); an armed organisation of one country is that country's ``REB``. An actor with neither country
nor sector is ``---``. Computed at resolution, when a person's roles from every article are known.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import cache

from newsdossier import lexicon
from newsdossier.lexicon.registry import armed_organisations, lookup

SECTORS = "actor_sectors.tsv"
UNKNOWN = "---"
_WORD = re.compile(r"[a-z][a-z-]*")


@cache
def sector_words() -> dict[str, str]:
    return {cells[0]: cells[1] for cells in lexicon.table(SECTORS, 2)}


def sector_of(text: str) -> str | None:
    """The sector of the first word of ``text`` (a title or a description) that names one, singular or plural."""
    words = sector_words()
    for word in _WORD.findall(text.lower()):
        for form in (word, word[:-1] if word.endswith("s") else word, word[:-2] if word.endswith("es") else word):
            if form in words:
                return words[form]
    return None


def actor_code(kind: str | None, country: str | None, name: str, titles: Iterable[str] = ()) -> str:
    """The code of one participant: ``kind``, ``country`` and ``name`` as extracted, ``titles`` the role titles
    its person holds at the event's date (nearest first)."""
    prefix = country or UNKNOWN
    if kind == "country":
        return prefix
    if kind == "government":
        return f"{prefix}GOV"
    if kind == "organisation":
        known = lookup(name)
        armed = known is not None and known.name in armed_organisations()
        if country:
            return f"{country}REB" if armed else f"{country}{sector_of(name) or ''}"
        if known is None:  # a company or body the registry does not know is not an IGO
            return f"{UNKNOWN}{sector_of(name) or ''}"
        return "IMG" if armed else "IGO"
    if kind == "person":
        sector = next((found for found in map(sector_of, titles) if found), None)
        return f"{prefix}{sector or ''}"
    return f"{prefix}{sector_of(name) or ''}"


def nearest_titles(roles: Iterable[tuple[str, dt.date | None]], day: dt.date | None) -> list[str]:
    """Role titles ordered by how near their date is to ``day`` (undated roles last), ties by title so that the
    order never depends on the order the roles were read in."""
    def distance(role: tuple[str, dt.date | None]) -> int:
        if role[1] is None or day is None:
            return 10 ** 6
        return abs((role[1] - day).days)
    return [title for title, _ in sorted(roles, key=lambda role: (distance(role), role[0]))]
