"""Direct and indirect quotes: quote-mark styles, cues before/after/inside, continuations, speakers, dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from newsdossier.models import ArticleContext, ExtractedQuote
from newsdossier.nlp.extract.quotes import extract_quotes, paragraphs, quote_segments
from newsdossier.nlp.mentions import MentionResolver

PUBLISHED = dt.date(2023, 11, 13)
CONTEXT = ArticleContext("test", PUBLISHED)
Extract = Callable[[str], list[ExtractedQuote]]


@pytest.fixture(scope="module")
def extract(english: Language) -> Extract:
    def run(text: str) -> list[ExtractedQuote]:
        doc = english(text)
        quotes = extract_quotes(doc, CONTEXT, MentionResolver(doc, CONTEXT))
        for quote in quotes:
            assert doc.text[quote.evidence.start:quote.evidence.end] == quote.evidence.sentence
        return quotes
    return run


def _one(quotes: list[ExtractedQuote], starts: str) -> ExtractedQuote:
    matching = [q for q in quotes if q.text.startswith(starts)]
    assert len(matching) == 1, [q.text for q in quotes]
    return matching[0]


def _speaker(quote: ExtractedQuote) -> str | None:
    return quote.speaker.name if quote.speaker is not None else None


# ---- finding quoted stretches (no parse) -----------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("“We are ready,” he said.", ["We are ready"]),
    ("‘We are ready,’ he said.", ["We are ready"]),
    ('"We are ready," he said.', ["We are ready"]),
    ("«We are ready», he said.", ["We are ready"]),
    ("„We are ready“, he said.", ["We are ready"]),
    ("“The plan is ‘dead’ now,” he said.", ["The plan is ‘dead’ now"]),
    ("It’s the country’s ‘backyard’, officials’ view.", ["backyard"]),
    ("He said “this never ends", ["this never ends"]),
    ("“First part without a close.\n\n“Second part,” he said.", ["First part without a close.", "Second part"]),
    ("No quotes at all.", []),
])
def test_quote_segments(text: str, expected: list[str]) -> None:
    assert [text[s.start:s.end] for s in quote_segments(text)] == expected


def test_paragraphs_split_on_blank_lines() -> None:
    text = "  One.\nStill one.\n\n\n Two. \n \nThree"
    assert [text[a:b] for a, b in paragraphs(text)] == ["One.\nStill one.", "Two.", "Three"]


@given(st.text(alphabet=st.sampled_from(list("ab .,:\n“”‘’\"«»„'")), max_size=80))
def test_quote_segments_never_fail(text: str) -> None:
    for segment in quote_segments(text):
        assert 0 <= segment.start <= segment.end <= len(text)
        assert text[segment.start:segment.end] == text[segment.start:segment.end].strip()


# ---- direct quotes -----------------------------------------------------------------------------------------


def test_cue_after_quote_and_split_quote(extract: Extract) -> None:
    quotes = extract("Foreign Minister Peter Hall arrived in the capital on Monday.\n\n"
                     "“The talks went very well,” he said on Nov. 12. “We expect a deal before the winter.”")
    first, second = _one(quotes, "The talks"), _one(quotes, "We expect")
    assert first.direct and second.direct
    assert _speaker(first) == _speaker(second) == "Peter Hall"
    assert first.cue == "said"
    assert first.date.start == dt.date(2023, 11, 12) and first.date.precision == "day"
    assert second.date == first.date


def test_quote_paragraph_without_cue_continues_previous_speaker(extract: Extract) -> None:
    quotes = extract("“The union does not hide its plans to push us out of the region,” Peter Hall said.\n\n"
                     "“But these attempts are futile.”")
    assert _speaker(_one(quotes, "But these attempts")) == "Peter Hall"


def test_open_quote_continues_into_next_paragraph(extract: Extract) -> None:
    quotes = extract("John Reed opened the meeting.\n\n"
                     "“We came here with a clear plan for the whole region.\n\n"
                     "“And we will leave with an agreement,” Peter Hall said.")
    assert _speaker(_one(quotes, "We came here")) == "Peter Hall"


def test_cue_before_quote_with_colon(extract: Extract) -> None:
    quotes = extract("Peter Hall told the state news agency: “Look at how the big powers are courting the region.”")
    quote = _one(quotes, "Look at how")
    assert quote.direct and _speaker(quote) == "Peter Hall"


def test_cue_before_quote_adding(extract: Extract) -> None:
    quotes = extract("Peter Hall spoke after the summit.\n\n"
                     "He rejected the plan, adding, “We openly discuss these matters with our neighbours.”")
    assert _speaker(_one(quotes, "We openly discuss")) == "Peter Hall"


def test_parenthetical_cue(extract: Extract) -> None:
    quotes = extract("Peter Hall spoke on television.\n\n"
                     "Russia, he went on to claim, “has been historically present in both regions.”")
    assert _speaker(_one(quotes, "has been historically present")) == "Peter Hall"


def test_said_adding_that_gives_direct_and_indirect(extract: Extract) -> None:
    quotes = extract("“Some countries are trying to shake our stability,” Peter Hall said, "
                     "adding that his country faced common threats from abroad.")
    direct = _one(quotes, "Some countries")
    indirect = _one(quotes, "his country faced")
    assert direct.direct and not indirect.direct
    assert _speaker(direct) == _speaker(indirect) == "Peter Hall"


def test_pronoun_skips_a_name_inside_the_quote(extract: Extract) -> None:
    quotes = extract("Analyst John Reed spoke to reporters on Monday.\n\n"
                     "“Nothing will change in the region under Peter Hall,” he said.")
    assert _speaker(_one(quotes, "Nothing will change")) == "John Reed"


def test_pronoun_keeps_the_current_speaker(extract: Extract) -> None:
    quotes = extract("“I do not underestimate the pressure on you,” Peter Hall said as he addressed his "
                     "counterpart, President John Reed.\n\n"
                     "“France values the path you are following for your country,” he said.")
    assert _speaker(_one(quotes, "France values")) == "Peter Hall"


@pytest.mark.parametrize("text", [
    "“We believe this bill is detailed enough for scrutiny,” said co-ordinator Peter Hall.",
    "“Our mission was always to serve everyone,” said company spokesman, Peter Hall.",
    "“The talks went well for both sides,” the foreign minister, Peter Hall, told reporters.",
])
def test_inverted_cue_and_apposition(extract: Extract, text: str) -> None:
    quotes = [q for q in extract(text) if q.direct]
    assert len(quotes) == 1 and _speaker(quotes[0]) == "Peter Hall"


def test_it_continues_an_organisation_speaker(extract: Extract) -> None:
    quotes = extract("“The talks were useful for both sides,” the Kremlin said. "
                     "It said the next round of talks would follow in the spring.")
    follow = _one(quotes, "the next round")
    assert follow.speaker is not None and follow.speaker.country == "RUS"


def test_it_does_not_jump_over_a_new_subject(extract: Extract) -> None:
    quotes = extract("“Why should the taxpayer fund all of this?” Peter Hall asked. "
                     "The report is published by a small think tank. "
                     "It says new public bodies should be assessed before they are set up.")
    assert _speaker(_one(quotes, "new public bodies")) != "Peter Hall"


def test_document_speaker_is_not_a_person(extract: Extract) -> None:
    quotes = extract("John Reed and Peter Hall met on Thursday.\n\n"
                     "“Cooperation will determine their strategic nature for decades to come,” "
                     "a joint declaration issued after the meeting reads.")
    quote = _one(quotes, "Cooperation will")
    assert quote.speaker is None or quote.speaker.kind != "person"


def test_government_speaker(extract: Extract) -> None:
    quote = _one(extract("“The talks were constructive and useful,” the Kremlin said."), "The talks")
    assert quote.speaker is not None and quote.speaker.country == "RUS"


@pytest.mark.parametrize("text", [
    "The spokesman praised the president’s “successful” visit to the country’s “backyard.”",
    "Moscow has long viewed the region as its “near abroad,” or geostrategic backyard.",
    "Officials called the new “strategic partnership” a success.",
])
def test_scare_quotes_are_not_quotes(extract: Extract, text: str) -> None:
    assert extract(text) == []


def test_quote_styles(extract: Extract) -> None:
    for text in ['"We are ready for the talks," Peter Hall said.', "‘We are ready for the talks,’ Peter Hall said.",
                 "«We are ready for the talks», Peter Hall said.", "„We are ready for the talks“, Peter Hall said."]:
        quote = _one(extract(text), "We are ready")
        assert _speaker(quote) == "Peter Hall" and quote.evidence.sentence == "We are ready for the talks"


# ---- indirect quotes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "content"), [
    ("Peter Hall said that the talks had collapsed on Monday.", "the talks had collapsed on Monday"),
    ("Peter Hall said the talks had collapsed.", "the talks had collapsed"),
    ("Peter Hall told reporters that the deal was dead.", "the deal was dead"),
    ("Peter Hall claimed the West was meddling in the region.", "the West was meddling in the region"),
    ("Peter Hall noted that exports had doubled since spring.", "exports had doubled since spring"),
    ("According to Peter Hall, the two sides signed three agreements.", "the two sides signed three agreements"),
    ("Western powers are seeking to undermine the alliance, Peter Hall has said.",
     "Western powers are seeking to undermine the alliance"),
])
def test_indirect_speech(extract: Extract, text: str, content: str) -> None:
    quote = _one(extract(text), content.split()[0])
    assert not quote.direct
    assert quote.text == content
    assert _speaker(quote) == "Peter Hall"


def test_indirect_with_partial_quote_is_one_quote(extract: Extract) -> None:
    quotes = extract("Peter Hall said the West was trying to pull its “neighbours, friends and allies” away.")
    assert len(quotes) == 1 and not quotes[0].direct
    assert quotes[0].text.endswith("“neighbours, friends and allies” away")


# ---- robustness and the real seeds -----------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([*"“”‘’\"«»„'.,:\n ", "Hall", " said", " he", " that", " the talks", "Peter ",
                                 " according to", " Nov. 9", "\n\n"]), max_size=40).map("".join))
def test_never_crashes_on_arbitrary_text(extract: Extract, text: str) -> None:
    extract(text)


def _seed_texts(seeds: Path) -> list[Path]:
    return sorted(p for p in seeds.glob("*.txt") if re.match(r"00[0-2]_", p.name))


def test_seed_quotes_have_exact_evidence(english: Language, seeds_dir: Path) -> None:
    for path in _seed_texts(seeds_dir):
        text = path.read_text(encoding="utf-8")
        doc = english(text)
        context = ArticleContext(path.name, PUBLISHED)
        quotes = extract_quotes(doc, context, MentionResolver(doc, context))
        assert len(quotes) >= 5
        for quote in quotes:
            evidence = quote.evidence
            assert doc.text[evidence.start:evidence.end] == evidence.sentence
            assert evidence.sentence == evidence.sentence.strip()
            assert evidence.article == path.name
