"""The actor registry (``actors.lookup``) and the mention resolver, on invented sentences.

People in these sentences are invented; countries and organisations are real, chosen to vary. Nothing here
comes from the sample articles.
"""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from newsdossier.lexicon import registry as actors
from newsdossier.models import ActorRef, ArticleContext
from newsdossier.nlp.extract.roles import extract_roles
from newsdossier.nlp.mentions import MentionResolver

CONTEXT = ArticleContext("test", dt.date(2024, 5, 2))


def resolver_for(english: Language, text: str, *, with_roles: bool = True) -> tuple[Doc, MentionResolver]:
    doc = english(text)
    roles = extract_roles(doc, CONTEXT) if with_roles else []
    return doc, MentionResolver(doc, CONTEXT, roles)


def span_of(doc: Doc, phrase: str, occurrence: int = 0) -> Span:
    """The tokens of the ``occurrence``-th appearance of ``phrase`` in the document."""
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(phrase, start + 1)
    span = doc.char_span(start, start + len(phrase), alignment_mode="expand")
    assert span is not None
    return span


# ---- registry --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "kind", "country"), [
    ("Russia", "country", "RUS"),
    ("the Russian Federation", "country", "RUS"),
    ("the United States", "country", "USA"),
    ("U.S.", "country", "USA"),
    ("US", "country", "USA"),
    ("USA", "country", "USA"),
    ("America", "country", "USA"),
    ("Britain", "country", "GBR"),
    ("U.K.", "country", "GBR"),
    ("South Korea", "country", "KOR"),
    ("Republic of Korea", "country", "KOR"),
    ("Turkey", "country", "TUR"),
    ("Türkiye", "country", "TUR"),
    ("Côte d'Ivoire", "country", "CIV"),
    ("the Netherlands", "country", "NLD"),
    ("Kazakh", "country", "KAZ"),
    ("Kazakhstani", "country", "KAZ"),
    ("Uzbek", "country", "UZB"),
    ("Kyrgyz", "country", "KGZ"),
    ("Tajik", "country", "TJK"),
    ("Turkmen", "country", "TKM"),
    ("Chinese", "country", "CHN"),
    ("French", "country", "FRA"),
    ("Belarusian", "country", "BLR"),
    ("Azerbaijani", "country", "AZE"),
    ("American", "country", "USA"),
    ("Argentines", "country", "ARG"),
    ("Filipino", "country", "PHL"),
    ("Moscow", "government", "RUS"),
    ("Washington", "government", "USA"),
    ("Astana", "government", "KAZ"),
    ("Nur-Sultan", "government", "KAZ"),
    ("Beijing", "government", "CHN"),
    ("Kyiv", "government", "UKR"),
    ("Kiev", "government", "UKR"),
    ("Tashkent", "government", "UZB"),
    ("Nairobi", "government", "KEN"),
    ("Canberra", "government", "AUS"),
    ("Shanghai", "other", "CHN"),
    ("Istanbul", "other", "TUR"),
    ("São Paulo", "other", "BRA"),
    ("the Kremlin", "government", "RUS"),
    ("The White House", "government", "USA"),
    ("Downing Street", "government", "GBR"),
    ("the Elysée", "government", "FRA"),
    ("Zhongnanhai", "government", "CHN"),
    # regions and territories are places of their state; states and capitals keep their names
    ("the Gaza Strip", "other", "PSE"),
    ("West Bank", "other", "PSE"),
    ("Crimea", "other", "UKR"),
    ("Texas", "other", "USA"),
    ("Georgia", "country", "GEO"),
    ("Washington", "government", "USA"),
    # national armed and political movements carry their state
    ("Hezbollah", "organisation", "LBN"),
    ("al-Shabaab", "organisation", "SOM"),
    ("the Taliban", "organisation", "AFG"),
])
def test_lookup_states_and_places(text: str, kind: str, country: str) -> None:
    actor = actors.lookup(text)
    assert actor is not None, text
    assert (actor.kind, actor.country) == (kind, country)


@pytest.mark.parametrize(("text", "name"), [
    ("CSTO", "CSTO"),
    ("Collective Security Treaty Organization", "CSTO"),
    ("CIS", "CIS"),
    ("the Commonwealth of Independent States", "CIS"),
    ("EAEU", "EAEU"),
    ("EEU", "EAEU"),
    ("the Eurasian Economic Union", "EAEU"),
    ("SCO", "SCO"),
    ("Shanghai Cooperation Organisation", "SCO"),
    ("C5+1", "C5+1"),
    ("EU", "European Union"),
    ("the U.N.", "United Nations"),
    ("U.N. General Assembly", "UN General Assembly"),
    ("UNGA", "UN General Assembly"),
    ("NATO", "NATO"),
    ("Nato", "NATO"),
    ("G20", "G20"),
    ("G-7", "G7"),
    ("OSCE", "OSCE"),
    ("ASEAN", "ASEAN"),
    ("the African Union", "African Union"),
    ("OPEC", "OPEC"),
    ("WTO", "WTO"),
    ("the International Monetary Fund", "IMF"),
    ("World Bank", "World Bank"),
    ("ICC", "International Criminal Court"),
    ("IAEA", "IAEA"),
    ("WHO", "WHO"),
    ("BRICS", "BRICS"),
    ("the Arab League", "Arab League"),
    ("Council of Europe", "Council of Europe"),
    ("European Commission", "European Commission"),
])
def test_lookup_organisations(text: str, name: str) -> None:
    actor = actors.lookup(text)
    assert actor == ActorRef(name, "organisation", None)


@pytest.mark.parametrize(("text", "name"), [("ISIL", "Islamic State"), ("Daesh", "Islamic State"),
                                            ("al-Qaida", "al-Qaeda")])
def test_transnational_movements_have_no_state(text: str, name: str) -> None:
    assert actors.lookup(text) == ActorRef(name, "organisation", None)


@pytest.mark.parametrize(("text", "members"), [
    ("Central Asia", ("KAZ", "KGZ", "TJK", "TKM", "UZB")),
    ("the Central Asian states", ("KAZ", "KGZ", "TJK", "TKM", "UZB")),
    ("the South Caucasus", ("ARM", "AZE", "GEO")),
    ("the Baltic States", ("EST", "LTU", "LVA")),
    ("the West", ()),
    ("the collective West", ()),
    ("Western powers", ()),
])
def test_groups(text: str, members: tuple[str, ...]) -> None:
    actor = actors.lookup(text)
    assert actor is not None and actor.kind == "group"
    assert actors.group_members(text) == members


@pytest.mark.parametrize("text", ["us", "who", "Us", "states", "the", "", "Xyzzy", "general election"])
def test_lookup_rejects_words(text: str) -> None:
    assert actors.lookup(text) is None


def test_group_members_of_non_group_is_empty() -> None:
    assert actors.group_members("Russia") == ()
    assert actors.group_members("nowhere") == ()


@pytest.mark.parametrize(("iso3", "name"), [("RUS", "Russia"), ("USA", "United States"), ("KOR", "South Korea"),
                                            ("GBR", "United Kingdom"), ("XYZ", "XYZ")])
def test_country_name(iso3: str, name: str) -> None:
    assert actors.country_name(iso3) == name


def test_lookup_is_case_and_punctuation_insensitive() -> None:
    assert actors.lookup("u.s.") is None  # an acronym written as a word is not the acronym
    assert actors.lookup("UNITED STATES") == actors.lookup("the United States")
    assert actors.lookup("Russia's") == actors.lookup("Russia")
    assert actors.lookup("  the   Kremlin ") == actors.lookup("Kremlin")


# ---- resolver: noun phrases ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "phrase", "kind", "country"), [
    ("Moscow said the talks had failed.", "Moscow", "government", "RUS"),
    ("The Kremlin rejected the offer.", "The Kremlin", "government", "RUS"),
    ("Officials in Ottawa welcomed the decision.", "Ottawa", "government", "CAN"),
    ("Egypt's Foreign Ministry summoned the envoy.", "Egypt's Foreign Ministry", "government", "EGY"),
    ("Chilean officials denied the report.", "Chilean officials", "government", "CHL"),
    ("Vietnam protested.", "Vietnam", "country", "VNM"),
    ("The Peruvian foreign minister arrived.", "The Peruvian foreign minister", "person", "PER"),
    ("NATO warned Belgrade.", "NATO", "organisation", None),
])
def test_actor_of_phrase(english: Language, text: str, phrase: str, kind: str, country: str | None) -> None:
    doc, resolver = resolver_for(english, text)
    span = span_of(doc, phrase)
    actor = resolver.actor(span)
    assert actor is not None
    assert (actor.kind, actor.country) == (kind, country)
    assert (actor.start, actor.end) == (span.start_char, span.end_char)


def test_metonym_keeps_surface_name(english: Language) -> None:
    doc, resolver = resolver_for(english, "Beijing responded angrily.")
    actor = resolver.actor(span_of(doc, "Beijing"))
    assert actor == ActorRef("Beijing", "government", "CHN", 0, 7)


def test_titled_person_is_the_person_not_the_country(english: Language) -> None:
    doc, resolver = resolver_for(english, "Kenyan President Amina Otieno opened the summit.")
    actor = resolver.actor(span_of(doc, "Kenyan President Amina Otieno"))
    assert actor is not None
    assert (actor.name, actor.kind, actor.country) == ("Amina Otieno", "person", "KEN")


def test_surname_maps_to_full_name_and_country(english: Language) -> None:
    text = "Brazilian Foreign Minister Joana Pereira met reporters. Ms. Pereira said the deal was close."
    doc, resolver = resolver_for(english, text)
    actor = resolver.actor(span_of(doc, "Pereira", 1))
    assert actor is not None
    assert (actor.name, actor.kind, actor.country) == ("Joana Pereira", "person", "BRA")


def test_role_phrase_finds_role_holder(english: Language) -> None:
    text = ("Ghanaian Foreign Minister Kofi Asante flew to Lagos on Monday. "
            "The Ghanaian foreign minister later met students.")
    doc, resolver = resolver_for(english, text)
    actor = resolver.actor(span_of(doc, "The Ghanaian foreign minister"))
    assert actor is not None
    assert (actor.name, actor.kind, actor.country) == ("Kofi Asante", "person", "GHA")


def test_modifier_is_not_the_phrase(english: Language) -> None:
    doc, resolver = resolver_for(english, "Moscow's influence is waning.")
    assert resolver.actor(span_of(doc, "Moscow's influence")) is None


# ---- resolver: lists and groups --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "phrase", "countries"), [
    ("Kazakhstan, Kyrgyzstan and Tajikistan signed the accord.", "Kazakhstan, Kyrgyzstan and Tajikistan",
     ["KAZ", "KGZ", "TJK"]),
    ("Norway and Iceland objected.", "Norway and Iceland", ["NOR", "ISL"]),
    ("He praised the five Central Asian states for their restraint.", "the five Central Asian states",
     ["KAZ", "KGZ", "TJK", "TKM", "UZB"]),
    ("Officials from the Baltic states met in Riga.", "the Baltic states", ["EST", "LTU", "LVA"]),
    ("It courted former colonies such as Senegal and Mali.", "former colonies such as Senegal and Mali",
     ["SEN", "MLI"]),
    ("Estonia, Latvia and Lithuania are small. The three countries met.", "The three countries",
     ["EST", "LVA", "LTU"]),
])
def test_actors_in_lists(english: Language, text: str, phrase: str, countries: list[str]) -> None:
    doc, resolver = resolver_for(english, text)
    found = resolver.actors_in(span_of(doc, phrase))
    assert [a.country for a in found] == countries


def test_actors_in_two_leaders(english: Language) -> None:
    text = ("Mexican President Luis Ortega hosted Colombian President Ana Ruiz in Monterrey. "
            "The two leaders signed a trade pact.")
    doc, resolver = resolver_for(english, text)
    found = resolver.actors_in(span_of(doc, "The two leaders"))
    assert [(a.name, a.country) for a in found] == [("Luis Ortega", "MEX"), ("Ana Ruiz", "COL")]


def test_actors_in_ministers_of_defined_countries(english: Language) -> None:
    text = ("Central Asia consists of Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan. "
            "The envoy met the foreign ministers of the five countries in Almaty.")
    doc, resolver = resolver_for(english, text)
    found = resolver.actors_in(span_of(doc, "the foreign ministers of the five countries"))
    assert {a.country for a in found} == {"KAZ", "KGZ", "TJK", "TKM", "UZB"}
    assert all(a.kind == "person" for a in found)


@pytest.mark.parametrize(("text", "phrase"), [
    ("He met the foreign ministers of the five countries in Almaty.", "the foreign ministers of the five countries"),
    ("The five countries agreed.", "The five countries"),
])
def test_undefined_counted_set_is_a_group(english: Language, text: str, phrase: str) -> None:
    doc, resolver = resolver_for(english, text)
    span = span_of(doc, phrase)
    assert resolver.actors_in(span) == [ActorRef(phrase, "group", None, span.start_char, span.end_char)]


def test_actors_in_single_actor(english: Language) -> None:
    doc, resolver = resolver_for(english, "The African Union condemned the coup.")
    found = resolver.actors_in(span_of(doc, "The African Union"))
    assert [(a.name, a.kind) for a in found] == [("African Union", "organisation")]


# ---- resolver: pronouns ----------------------------------------------------------------------------------

def test_pronoun_prefers_previous_subject(english: Language) -> None:
    text = ("Spanish Prime Minister Carmen Vidal met Portuguese President Rui Matos in Lisbon. "
            "She said the border would stay open.")
    doc, resolver = resolver_for(english, text)
    she = next(t for t in doc if t.lower_ == "she")
    person = resolver.person_before(she)
    assert person is not None
    assert (person.name, person.country) == ("Carmen Vidal", "ESP")
    assert (person.start, person.end) == (she.idx, she.idx + 3)


def test_pronoun_skips_photo_credit(english: Language) -> None:
    text = ("Polish Defence Minister Adam Nowak inspects troops. (Ewa Kowal/AFP)\n\n"
            "He said more soldiers would be sent.")
    doc, resolver = resolver_for(english, text)
    he = next(t for t in doc if t.text == "He")
    person = resolver.person_before(he)
    assert person is not None and person.name == "Adam Nowak"


def test_pronoun_with_role_hint(english: Language) -> None:
    text = ("Thai Foreign Minister Somchai Boonma and Lao Foreign Minister Khamla Phom met. "
            "Later Japanese Prime Minister Kenji Sato arrived, and he spoke.")
    doc, resolver = resolver_for(english, text)
    he = next(t for t in doc if t.lower_ == "he")
    person = resolver.person_before(he, role_hint="Thai foreign minister")
    assert person is not None
    assert (person.name, person.country) == ("Somchai Boonma", "THA")


def test_pronoun_without_antecedent(english: Language) -> None:
    doc, resolver = resolver_for(english, "He left early.")
    assert resolver.person_before(doc[0]) is None
