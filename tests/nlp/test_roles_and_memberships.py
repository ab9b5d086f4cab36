"""Roles and memberships: invented sentences (invented people, real states and organisations) with the
expected facts, and invariants on the sample articles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spacy.language import Language

from newsdossier.models import ArticleContext, EventDate, ExtractedMembership, ExtractedRole
from newsdossier.nlp.extract.memberships import extract_memberships
from newsdossier.nlp.extract.roles import extract_roles
from newsdossier.nlp.mentions import MentionResolver

CONTEXT = ArticleContext("test", dt.date(2024, 5, 2))


def roles_of(english: Language, text: str, context: ArticleContext = CONTEXT) -> list[ExtractedRole]:
    return extract_roles(english(text), context)


def memberships_of(english: Language, text: str) -> list[ExtractedMembership]:
    doc = english(text)
    roles = extract_roles(doc, CONTEXT)
    return extract_memberships(doc, CONTEXT, MentionResolver(doc, CONTEXT, roles))


def summary(roles: list[ExtractedRole]) -> set[tuple[str, str, str | None]]:
    return {(r.person.name, r.title, r.person.country) for r in roles}


# ---- roles -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Brazilian Foreign Minister Joana Pereira met her Argentine counterpart on Monday.",
     {("Joana Pereira", "Foreign Minister", "BRA")}),
    ("German Chancellor Klaus Weber arrived in Warsaw.", {("Klaus Weber", "Chancellor", "DEU")}),
    ("Japan's Prime Minister Hiroshi Tanabe said the talks went well.",
     {("Hiroshi Tanabe", "Prime Minister", "JPN")}),
    ("The deal was signed by Kenyan President Amina Otieno and Ugandan President Paul Kizza.",
     {("Amina Otieno", "President", "KEN"), ("Paul Kizza", "President", "UGA")}),
    ("White House spokeswoman Ellen Marsh declined to comment.", {("Ellen Marsh", "spokeswoman", "USA")}),
    ("Indian Acting Defence Minister Ravi Sharma visited the border.",
     {("Ravi Sharma", "Acting Defence Minister", "IND")}),
    ("He met the President of Ghana Kwame Mensah in Accra.", {("Kwame Mensah", "President", "GHA")}),
    ("Pedro Alves, chairman of the National Assembly of Angola, opened the session.",
     {("Pedro Alves", "chairman", "AGO")}),
    ("Sara Lindqvist, a Stockholm-based economist, said prices would rise.",
     {("Sara Lindqvist", "economist", None)}),
    ("Assistant Secretary of State for European Affairs Mark Doyle testified on Tuesday.",
     {("Mark Doyle", "Assistant Secretary of State for European Affairs", None)}),
    ("Former Peruvian President Julio Ramos was arrested.", {("Julio Ramos", "Former Peruvian President", "PER")}),
    ("Mr. Doyle said nothing.", set()),
    ("Education Secretary Ruth Hale announced the plan.", {("Ruth Hale", "Education Secretary", None)}),
])
def test_roles(english: Language, text: str, expected: set[tuple[str, str, str | None]]) -> None:
    found = summary(roles_of(english, text))
    if text.startswith("Former"):
        # "Former" belongs to the title; the demonym between says whose it is
        assert any(name == "Julio Ramos" and country == "PER" for name, _, country in found)
    else:
        assert found == expected


def test_role_of_organisation(english: Language) -> None:
    roles = roles_of(english, "Tom Becker, a senior fellow at the Atlantic Policy Institute, said the plan was weak.")
    assert len(roles) == 1
    role = roles[0]
    assert role.title == "senior fellow"
    assert role.of is not None and role.of.kind == "organisation" and "Atlantic Policy Institute" in role.of.name


def test_role_of_registry_organisation(english: Language) -> None:
    roles = roles_of(english, "NATO Secretary General Lars Holm warned of new risks.")
    assert [(r.person.name, r.title, r.of.name if r.of else None) for r in roles] == [
        ("Lars Holm", "Secretary General", "NATO")]


def test_role_date_and_evidence(english: Language) -> None:
    text = "Talks ended. Chilean Foreign Minister Ines Soto left Santiago."
    doc = english(text)
    (role,) = extract_roles(doc, CONTEXT)
    assert role.date == EventDate(CONTEXT.published, CONTEXT.published, "day")
    assert role.evidence.sentence == "Chilean Foreign Minister Ines Soto left Santiago."
    assert doc.text[role.evidence.start:role.evidence.end] == role.evidence.sentence
    assert doc.text[role.person.start:role.person.end] == "Ines Soto"
    undated = extract_roles(doc, ArticleContext("x", None))[0]
    assert undated.date == EventDate(None, None, "reported")


def test_role_field_is_copied(english: Language) -> None:
    context = ArticleContext("a1", None, "caption:2")
    (role,) = roles_of(english, "Greek Prime Minister Nikos Pappas speaks.", context)
    assert (role.evidence.article, role.evidence.field) == ("a1", "caption:2")


def test_photo_credit_person_has_no_role(english: Language) -> None:
    text = "Turkish President Emre Kaya waves. (Photo by Minister Selin Aydin/Reuters)"
    names = {r.person.name for r in roles_of(english, text)}
    assert names == {"Emre Kaya"}


def test_plural_title_gives_each_person_the_role(english: Language) -> None:
    roles = roles_of(english, "Security analysts Ole Berg and Kari Lund wrote the report.")
    assert {(r.person.name, r.title) for r in roles} == {("Ole Berg", "Security analyst"),
                                                        ("Kari Lund", "Security analyst")}


# ---- memberships -----------------------------------------------------------------------------------------

def facts(found: list[ExtractedMembership]) -> set[tuple[str, str | None, str]]:
    return {(m.organisation.name, m.member.country, m.status) for m in found}


@pytest.mark.parametrize(("text", "expected"), [
    ("NATO's other members include Norway, Denmark and Iceland.",
     {("NATO", "NOR", "member"), ("NATO", "DNK", "member"), ("NATO", "ISL", "member")}),
    ("Mercosur currently includes Brazil, Argentina, Paraguay and Uruguay.",
     {("Mercosur", c, "member") for c in ("BRA", "ARG", "PRY", "URY")}),
    ("ASEAN, a regional bloc that includes Vietnam, Thailand and Malaysia, met in Jakarta.",
     {("ASEAN", c, "member") for c in ("VNM", "THA", "MYS")}),
    ("Leaders of the G7 group of nations, made up of Canada, France and Japan among others, met.",
     {("G7", c, "member") for c in ("CAN", "FRA", "JPN")}),
    ("He met envoys of the SADC, a bloc consisting of Zambia, Malawi and Botswana.",
     {("SADC", c, "member") for c in ("ZMB", "MWI", "BWA")}),
    ("The Baltic states, with the exception of Latvia, are members of the OSCE.",
     {("OSCE", "EST", "member"), ("OSCE", "LTU", "member"), ("OSCE", "LVA", "non-member")}),
    ("Britain left the European Union in 2020.", {("European Union", "GBR", "former")}),
    ("Finland joined NATO in 2023.", {("NATO", "FIN", "member")}),
    ("BRICS was founded in 2009 by Brazil, Russia, India and China.",
     {("BRICS", c, "member") for c in ("BRA", "RUS", "IND", "CHN")}),
    ("Sweden is a member of the EU.", {("European Union", "SWE", "member")}),
    ("Switzerland is not a member of the European Union.", {("European Union", "CHE", "non-member")}),
    ("Canada, a member of the G7, hosted the talks.", {("G7", "CAN", "member")}),
    ("Turkey and Greece are both members of NATO.", {("NATO", "TUR", "member"), ("NATO", "GRC", "member")}),
    ("The OECD was expanded last year. Chile withdrew its participation in 2020.", {("OECD", "CHL", "former")}),
    ("Russia suspended its participation in the OSCE.", {("OSCE", "RUS", "suspended")}),
    ("The African Union met in Addis Ababa. In addition to Ethiopia, current members include Kenya and Ghana.",
     {("African Union", c, "member") for c in ("ETH", "KEN", "GHA")}),
    ("The Shanghai Cooperation Organisation's full members are China, Russia, India and Pakistan.",
     {("SCO", c, "member") for c in ("CHN", "RUS", "IND", "PAK")}),
    ("Mali, Burkina Faso and Niger withdrew from ECOWAS in January.",
     {("ECOWAS", c, "former") for c in ("MLI", "BFA", "NER")}),
    ("Qatar left OPEC in 2019, while Angola quit the organization in 2023.",
     {("OPEC", "QAT", "former"), ("OPEC", "AGO", "former")}),
    ("Venezuela's membership in Mercosur was suspended in 2016.", {("Mercosur", "VEN", "suspended")}),
    ("Argentina declined to join BRICS.", {("BRICS", "ARG", "non-member")}),
    ("The Baltic States chose not to participate in the Commonwealth of Independent States.",
     {("CIS", c, "non-member") for c in ("EST", "LVA", "LTU")}),
    ("Ukraine applied to join NATO.", set()),
    ("Voters backed a referendum to leave the EU.", set()),
    ("Moldova will leave the CIS.", set()),
    ("The IMF is a Washington-based lender.", set()),
    ("The agreement includes Brazil and Chile.", set()),
    ("After leaving Paris, the minister flew to Rome.", set()),
])
def test_memberships(english: Language, text: str, expected: set[tuple[str, str | None, str]]) -> None:
    assert facts(memberships_of(english, text)) == expected


def test_membership_of_counted_bloc(english: Language) -> None:
    text = ("The minister met his counterparts from the so-called C5+1 group, made up of the five Central Asian "
            "countries and the United States.")
    assert facts(memberships_of(english, text)) == {
        ("C5+1", c, "member") for c in ("KAZ", "KGZ", "TJK", "TKM", "UZB", "USA")}


def test_membership_led_alliance(english: Language) -> None:
    text = "Armenia is a member of the Collective Security Treaty Organization (CSTO), a Moscow-led alliance."
    assert facts(memberships_of(english, text)) == {("CSTO", "ARM", "member"), ("CSTO", "RUS", "member")}


def test_membership_evidence(english: Language) -> None:
    text = "Prices rose. Finland joined NATO in 2023."
    doc = english(text)
    (fact,) = extract_memberships(doc, CONTEXT, MentionResolver(doc, CONTEXT))
    assert fact.evidence.sentence == "Finland joined NATO in 2023."
    assert doc.text[fact.evidence.start:fact.evidence.end] == fact.evidence.sentence
    assert doc.text[fact.member.start:fact.member.end] == "Finland"
    assert fact.date == EventDate(CONTEXT.published, CONTEXT.published, "day")


# ---- sample articles -------------------------------------------------------------------------------------

def seed_docs(seeds_dir: Path, english: Language) -> list[tuple[str, object]]:
    out = []
    for path in sorted(seeds_dir.glob("*.txt")):
        out.append((path.stem, english(path.read_text(encoding="utf-8"))))
    return out


def test_seed_evidence_is_exact(seeds_dir: Path, english: Language) -> None:
    total_roles = total_memberships = 0
    for name, doc in seed_docs(seeds_dir, english):
        context = ArticleContext(name, None)
        roles = extract_roles(doc, context)
        memberships = extract_memberships(doc, context, MentionResolver(doc, context, roles))
        total_roles += len(roles)
        total_memberships += len(memberships)
        for role in roles:
            evidence = role.evidence
            assert doc.text[evidence.start:evidence.end] == evidence.sentence
            assert doc.text[role.person.start:role.person.end] in evidence.sentence
            assert evidence.start <= role.person.start < role.person.end <= evidence.end
        for fact in memberships:
            evidence = fact.evidence
            assert doc.text[evidence.start:evidence.end] == evidence.sentence
            assert fact.member.start is not None and fact.member.end is not None
            assert evidence.start <= fact.member.start < fact.member.end <= evidence.end
            assert fact.status in ("member", "former", "suspended", "non-member")
    assert total_roles > 20 and total_memberships > 10
