"""Event extraction: invented sentences with known codings, offsets on the seed articles and robustness (the
quality floors on the public sets are in ``tests/test_eval_gate.py``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from newsdossier.lexicon import cameo
from newsdossier.models import ArticleContext, ExtractedEvent, event_dyads
from newsdossier.nlp.extract.events import extract_events
from newsdossier.nlp.extract.roles import extract_roles
from newsdossier.nlp.mentions import MentionResolver

from ..conftest import REPO, load_eval

SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
PUBLISHED = dt.date(2024, 3, 20)


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not available (sample data lives beside the repository)")
    return path


def events_of(english: Language, text: str, published: dt.date | None = PUBLISHED,
              field: str = "text", topic: str | None = None) -> tuple[str, list[ExtractedEvent]]:
    doc = english(text)
    context = ArticleContext("test", published, field, topic=topic)
    resolver = MentionResolver(doc, context, extract_roles(doc, context))
    return doc.text, extract_events(doc, context, resolver)


def summary(event: ExtractedEvent) -> tuple[str, str | None, str | None, bool, bool]:
    """(root, source country, target country, negated, hedged); an undirected act's first two participants
    stand in for source and target, in text order."""
    country = lambda actor: actor.country if actor else None  # noqa: E731
    first, second = event.source, event.target
    if not event.directed:
        parties = [party.actor for party in event.participants] + [None, None]
        first, second = parties[0], parties[1]
    return event.cameo[:2], country(first), country(second), event.negated, event.hedged


# (sentence, expected (root, source country, target country, negated, hedged)); invented, not from any sample.
CASES = [
    ("Russia attacked Ukraine on Monday.", ("19", "RUS", "UKR", False, False)),
    ("France signed a trade agreement with Germany in Berlin.", ("05", "FRA", "DEU", False, False)),
    ("Japan did not recognise the government of Myanmar.", ("05", "JPN", "MMR", True, False)),
    ("Iran reportedly sent troops into Syria.", ("07", "IRN", "SYR", False, True)),
    ("Turkey accused Greece of violating its airspace.", ("11", "TUR", "GRC", False, False)),
    ("India condemned Pakistan after the raid.", ("11", "IND", "PAK", False, False)),
    ("Egypt urged Israel to halt the offensive.", ("02", "EGY", "ISR", False, False)),
    ("Poland may impose sanctions on Belarus.", ("16", "POL", "BLR", False, True)),
    ("China pledged to provide aid to Nepal.", ("03", "CHN", "NPL", False, False)),
    ("The United States threatened to attack North Korea.", ("13", "USA", "PRK", False, False)),
    ("Brazil refused to recognise Venezuela.", ("12", "BRA", "VEN", False, False)),
    ("Spain praised Portugal for its reforms.", ("05", "ESP", "PRT", False, False)),
    ("Kenya arrested two Somali citizens.", ("17", "KEN", "SOM", False, False)),
    ("Chile hosted Argentina for talks on the border.", ("04", "CHL", "ARG", False, False)),
    ("Norway is said to have provided weapons to Finland.", ("07", "NOR", "FIN", False, True)),
    ("Mexico demanded that Guatemala withdraw its soldiers.", ("10", "MEX", "GTM", False, False)),
    ("Turkey said it would not provide aid to Syria.", ("12", "TUR", "SYR", False, False)),
    ("Ukrainian lawmakers endorsed an agreement with Moldova.", ("05", "UKR", "MDA", False, False)),
    # people of no stated country are a side when the other is known; armed movements have their state
    ("Belgian police detained dozens of protesters.", ("17", "BEL", None, False, False)),
    ("Hezbollah fired rockets at Israel.", ("19", "LBN", "ISR", False, False)),
    # regions and territories are places of their state
    ("Azerbaijan shelled villages in Nagorno-Karabakh.", ("19", "AZE", "AZE", False, False)),
    ("China held naval drills off Taiwan and military exercises in Tibet.", ("15", "CHN", "CHN", False, False)),
    # an act a speaker says will happen is an intent
    ("Chile announced it would release the Peruvian fishermen.", ("03", "CHL", "PER", False, False)),
    ("Norway renewed diplomatic ties with Cuba.", ("05", "NOR", "CUB", False, False)),
    ("Sweden expressed concern over Hungary.", ("01", "SWE", None, False, False)),
    ("The Taliban claimed responsibility for a bombing in a market in Pakistan.",
     ("01", "AFG", "PAK", False, False)),
    # a criticism given as a quote targets whoever the quote is about; a passive the parser half-labelled
    ("\u201cJapan is wrong,\u201d the Chinese foreign minister slammed.", ("11", "CHN", "JPN", False, False)),
    ("Kazakhstan complained that Russia had closed the border.", ("11", "KAZ", "RUS", False, False)),
    # verb coverage: a phrasal attack, a team of experts as aid, a bare "expressed" with an addressee
    ("Armenian troops blew up an Azerbaijani border post.", ("19", "ARM", "AZE", False, False)),
    ("Japan sent a team of experts to Nepal.", ("07", "JPN", "NPL", False, False)),
    ("Vietnam expressed its gratitude to Laos.", ("01", "VNM", "LAO", False, False)),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_invented_sentence_is_coded(english: Language, sentence: str,
                                    expected: tuple[str, str, str, bool, bool]) -> None:
    _, events = events_of(english, sentence)
    assert expected in [summary(e) for e in events], [summary(e) for e in events]


def test_a_multilateral_meeting_is_one_undirected_event(english: Language) -> None:
    _, events = events_of(english, "Germany, Austria and Hungary met in Vienna on Friday.")
    meetings = [e for e in events if e.cameo.startswith("04")]
    assert len(meetings) == 1, [summary(e) for e in events]
    meeting = meetings[0]
    assert not meeting.directed and meeting.source is None and meeting.target is None
    assert [party.actor.country for party in meeting.participants] == ["DEU", "AUT", "HUN"]
    assert {party.role for party in meeting.participants} == {"participant"}
    assert meeting.place == "Vienna"
    pairs = [(a.country, b.country) for a, b in event_dyads(meeting) if a and b]
    assert pairs == [("DEU", "AUT"), ("DEU", "HUN"), ("AUT", "HUN")]


def test_group_anaphor_takes_the_last_dyad(english: Language) -> None:
    _, events = events_of(english, "Italy held talks with Tunisia in Rome. During the meeting, the two sides "
                                 "signed an agreement on migration.")
    signed = [summary(e)[:3] for e in events if e.cameo == "057"]
    assert ("05", "ITA", "TUN") in signed or ("05", "TUN", "ITA") in signed


def test_numbered_group_takes_the_last_list_of_that_size(english: Language) -> None:
    _, events = events_of(english, "Estonia, Latvia and Lithuania share a border with Russia. "
                                 "All three condemned Belarus on Monday.")
    condemned = [e for e in events if e.cameo.startswith("11")]
    assert len(condemned) == 1, "one act of three states, not three records"
    assert {(a.country, b.country) for a, b in event_dyads(condemned[0]) if a and b} == {
        ("EST", "BLR"), ("LVA", "BLR"), ("LTU", "BLR")}


def test_unverifiable_claim_hedges_the_sentence_before(english: Language) -> None:
    _, events = events_of(english, "Rebels attacked Mali's army in Gao. The agency could not independently "
                                 "verify the report.")
    assert events and all(e.hedged for e in events)


def test_intended_and_refused_acts_get_their_own_codes(english: Language) -> None:
    _, planned = events_of(english, "Greece plans to visit Albania next month.")
    _, negated = events_of(english, "Greece did not visit Albania last year.")
    assert [e.cameo for e in planned] == ["036"]
    assert [(e.cameo, e.negated) for e in negated] == [("042", True)]


def test_speech_without_addressee_is_not_an_event(english: Language) -> None:
    _, events = events_of(english, "Canada said on Tuesday that the talks were useful.")
    assert not [e for e in events if e.cameo == "010"]


def test_coordinated_nationalities_make_one_actor_each(english: Language) -> None:
    _, events = events_of(english, "Dutch and Danish farmers protested against Brussels on Monday.")
    sources = {(p.actor.name, p.actor.country) for e in events for p in e.participants if p.role == "source"}
    assert {("Dutch farmers", "NLD"), ("Danish farmers", "DNK")} <= sources


def test_trailing_day_name_is_not_the_head_of_the_target(english: Language) -> None:
    _, events = events_of(english, "Chile's foreign minister met with Bolivian President Luis Arce Monday.")
    assert ("04", "CHL", "BOL") in [summary(e)[:3] for e in events]


def test_passive_attack_comes_from_its_origin(english: Language) -> None:
    _, events = events_of(english, "Armenia said a drone was launched at it from Azerbaijan on Sunday.")
    coded = {summary(e)[:3]: e for e in events}
    assert ("11", "ARM", "AZE") in coded  # the speaker accuses the origin
    assert coded[("19", "AZE", "ARM")].attributed  # the act itself is known only from the speaker


def test_speaker_owning_a_past_attack_claims_responsibility(english: Language) -> None:
    _, events = events_of(english, "Iran claimed that it had attacked Iraq.")
    assert ("01", "IRN", "IRQ") in [summary(e)[:3] for e in events]
    _, plans = events_of(english, "Iran and Syria said they will attack Iraq.")
    assert not [e for e in plans if e.cameo == "015"]


def test_intention_told_by_a_speaker_is_an_accusation(english: Language) -> None:
    _, events = events_of(english, "Polish Foreign Minister Adam Nowak spoke on Monday. \u201cBelarus does not "
                                 "hide its intention to isolate Lithuania,\u201d he said on Tuesday.")
    accusation = [e for e in events if e.cameo == "112"]
    assert [(e.source.country, e.target.country) for e in accusation] == [("POL", "BLR")]
    assert accusation[0].date.start == dt.date(2024, 3, 19)


def test_deeds_one_is_jailed_for_and_conditions_are_no_events(english: Language) -> None:
    _, jailed = events_of(english, "A Greek court jailed a Turkish man for helping smugglers reach Crete.")
    assert [summary(e)[:3] for e in jailed] == [("17", "GRC", "TUR")]
    _, conditional = events_of(english, "Peace is possible only if Sudan withdraws from Abyei.")
    assert not conditional


def test_document_speaks_for_the_state_it_was_released_in(english: Language) -> None:
    _, events = events_of(english, "A report published in the Kenyan capital on Tuesday alleged that Uganda had "
                                 "armed the rebels.")
    assert ("11", "KEN", "UGA") in [summary(e)[:3] for e in events]


def test_pronoun_read_through_a_quantity_is_not_its_own_antecedent(english: Language) -> None:
    _, events = events_of(english, "It was fine although I was criticised by a number of them in recent weeks.")
    assert all(e.evidence.sentence for e in events)


def test_codes_have_plover_and_quad_class() -> None:
    assert cameo.plover("190") == "ASSAULT" and cameo.quad_class("190") == "material conflict"
    assert cameo.plover("057") == "AGREE" and cameo.quad_class("042") == "verbal cooperation"
    assert cameo.plover("010") is None and cameo.root("0841") == "08"
    assert cameo.intent_code("190") == "138" and cameo.intent_code("042") == "036"


def test_every_pattern_code_is_a_known_cameo_code_with_a_quad_class() -> None:
    names = cameo.code_names()
    for rows in cameo.patterns().values():
        for pattern in rows:
            assert pattern.code in names, pattern
            assert cameo.quad_class(pattern.code) is not None, pattern
            if not pattern.code.startswith("01"):
                assert cameo.plover(pattern.code) is not None, pattern


def test_evidence_offsets_index_the_field_on_the_seed_articles(english: Language) -> None:
    paths = sorted(require(SEEDS).glob("00[0-2]_*.txt"))
    assert paths
    for path in paths:
        text, events = events_of(english, path.read_text(encoding="utf-8"), dt.date(2023, 11, 13))
        assert events
        for event in events:
            evidence = event.evidence
            assert text[evidence.start:evidence.end] == evidence.sentence
            assert evidence.sentence.strip() == evidence.sentence and evidence.sentence
            assert evidence.field == "text" and event.trigger in evidence.sentence
            assert event.source is not None or event.target is not None or event.participants


def test_caption_field_is_kept_on_the_evidence(english: Language) -> None:
    _, events = events_of(english, "Indian Prime Minister Narendra Modi meets with Nepalese Prime Minister "
                                 "Pushpa Kamal Dahal in New Delhi on June 1, 2023.", field="caption:2")
    assert events and all(e.evidence.field == "caption:2" for e in events)
    assert any(e.date.start == dt.date(2023, 6, 1) for e in events)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes(english: Language, text: str) -> None:
    doc_text, events = events_of(english, text)
    for event in events:
        assert doc_text[event.evidence.start:event.evidence.end] == event.evidence.sentence


def test_weis_codes_read_by_category_or_own_row() -> None:
    petrarch = load_eval("eval_petrarch")
    table = petrarch.load_weis_table()
    assert petrarch.weis_root("064", table) == "05"  # grant diplomatic recognition
    assert petrarch.weis_root("032", table) == "04"  # visit
    assert petrarch.weis_root("182", table) == "15" and petrarch.weis_root("181", table) == "14"
    assert petrarch.weis_root("904", table) is None and petrarch.weis_root("1717", table) is None


def test_hosting_a_guest_is_one_record_not_a_mirrored_pair(english: Language) -> None:
    _, events = events_of(english, "Egypt received the Jordanian foreign minister in Cairo.")
    coded = [(e.cameo, *summary(e)[1:3]) for e in events if e.cameo.startswith("04")]
    assert coded == [("043", "EGY", "JOR")]
    _, thing = events_of(english, "Ukraine received Russia's proposal on Monday.")
    assert not [e for e in thing if e.cameo == "042"]


def test_leaving_for_a_place_is_no_visit(english: Language) -> None:
    _, left = events_of(english, "The Greek prime minister left for Albania on Monday.")
    _, flew = events_of(english, "The Greek prime minister flew to Albania on Monday.")
    assert not [e for e in left if e.cameo == "042"]
    assert [summary(e)[:3] for e in flew if e.cameo == "042"] == [("04", "GRC", "ALB")]


def test_a_heading_line_is_never_glued_to_the_next_sentence(english: Language) -> None:
    text, events = events_of(english, "Neutral on the border\n\nPoland accused Belarus of sending migrants.")
    accusations = [e for e in events if e.cameo.startswith("11")]
    assert accusations and all(e.evidence.sentence.startswith("Poland") for e in accusations)
    assert all("\n" not in sentence.text.strip() for sentence in english(text).sents)


def test_an_act_told_twice_in_an_article_is_one_record_with_both_sentences(english: Language) -> None:
    from newsdossier.nlp.extract.events.merge import merge_tellings

    _, events = events_of(english, "Gabriel Boric met Alberto Fernandez in Santiago on Monday. "
                                 "Boric met Fernandez to discuss trade.")
    meetings = [e for e in events if e.cameo.startswith("04")]
    assert len(meetings) == 2
    merged = [e for e in merge_tellings(events) if e.cameo.startswith("04")]
    assert len(merged) == 1 and len(merged[0].also_told) == 1
    assert merged[0].also_told[0].sentence.startswith("Boric met")
    assert merged[0].date.precision == "day"  # the more precise telling's date is kept


def test_meetings_on_two_dates_stay_two_records(english: Language) -> None:
    from newsdossier.nlp.extract.events.merge import merge_tellings

    _, events = events_of(english, "Pedro Castillo met Luis Arce on March 3, 2022. "
                                 "Castillo met Arce again on May 9, 2022.")
    assert len([e for e in merge_tellings(events) if e.cameo.startswith("04")]) == 2


def test_a_sense_the_story_rules_out_gives_no_event(english: Language) -> None:
    sentence = "Roger Federer beat Andy Roddick of the United States in the final."
    _, in_politics = events_of(english, sentence)
    _, in_sport = events_of(english, sentence, topic="sport")
    assert [e for e in in_politics if e.cameo.startswith(("17", "18", "19"))], "without a topic the verb is coded"
    assert not in_sport
    _, war = events_of(english, "Russia attacked Ukraine on Monday.", topic="conflict")
    assert [summary(e)[:3] for e in war] == [("19", "RUS", "UKR")]


def test_a_request_to_comment_is_no_appeal(english: Language) -> None:
    _, events = events_of(english, "The agency asked the Kremlin to comment on Monday.")
    _, appeal = events_of(english, "Germany asked Russia to withdraw its troops on Monday.")
    assert not [e for e in events if e.cameo.startswith("0")]
    assert [e for e in appeal if e.cameo.startswith("0")]


def test_coordinated_prepositions_each_add_a_party(english: Language) -> None:
    for text in ("Putin met with Xi Jinping and with Narendra Modi.",
                 "In Paris, she met with the president, Emmanuel Macron, and with the prime minister, "
                 "Elisabeth Borne."):
        _, (event,) = events_of(english, text)
        names = [p.actor.name for p in event.participants]
        assert not event.directed and len(names) == 3 - text.startswith("In"), names
        assert any("Modi" in n or "Borne" in n for n in names), names


def test_a_proper_name_coordinated_with_a_known_actor_is_a_participant(english: Language) -> None:
    _, (event,) = events_of(english, "Lukoil and Kazakhstan signed an agreement on Tuesday.")
    assert [p.actor.name for p in event.participants] == ["Lukoil", "Kazakhstan"]


def test_first_person_inside_a_quotation_is_its_speaker(english: Language) -> None:
    doc = english("\u201cI will meet Olaf Scholz in Berlin next week,\u201d French President Emmanuel Macron said.")
    (meeting,) = [e for e in doc._.events if e.cameo.startswith("03") or e.cameo.startswith("04")]
    assert {p.actor.name for p in meeting.participants} == {"Olaf Scholz", "Emmanuel Macron"}
    # outside a quotation "I" is nobody the article names
    assert not [e for e in english("I will meet Olaf Scholz in Berlin.")._.events
                if any(p.actor.name != "Olaf Scholz" for p in e.participants)]
