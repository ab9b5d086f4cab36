"""Actor codes of event participants: country + sector, read from kind, name and the roles at the event's date."""

from __future__ import annotations

import datetime as dt

import pytest

from newsdossier.resolve.codes import actor_code, nearest_titles, sector_of


@pytest.mark.parametrize(("kind", "country", "name", "titles", "code"), [
    ("country", "RUS", "Russia", (), "RUS"),
    ("government", "KAZ", "Astana", (), "KAZGOV"),
    ("person", "RUS", "Sergei Lavrov", ("Foreign Minister",), "RUSGOV"),
    ("person", "UKR", "Valerii Zaluzhnyi", ("General", "Minister"), "UKRMIL"),
    ("person", None, "Somebody Unknown", (), "---"),
    ("description", "RUS", "Russian troops", (), "RUSMIL"),
    ("description", None, "Western officials", (), "---GOV"),
    ("organisation", None, "NATO", (), "IGO"),
    ("organisation", None, "Some Trading Company Nobody Lists", (), "---BUS"),
    ("organisation", None, "VEB", (), "---"),
])
def test_actor_code_is_country_and_sector(kind: str, country: str | None, name: str, titles: tuple[str, ...],
                                          code: str) -> None:
    assert actor_code(kind, country, name, titles) == code


def test_sector_words_match_plurals_and_skip_unknown_words() -> None:
    assert sector_of("Soldiers") == "MIL"
    assert sector_of("the weather") is None


def test_nearest_titles_prefer_the_event_date_and_never_depend_on_input_order() -> None:
    day = dt.date(2023, 11, 1)
    roles = [("Prime Minister", dt.date(2019, 1, 1)), ("General", dt.date(2023, 10, 30)),
             ("Admiral", dt.date(2023, 11, 4)), ("Mayor", None)]
    assert nearest_titles(roles, day) == ["General", "Admiral", "Prime Minister", "Mayor"]
    assert nearest_titles(list(reversed(roles)), day) == nearest_titles(roles, day)
    assert nearest_titles([("B", None), ("A", None)], None) == ["A", "B"]
