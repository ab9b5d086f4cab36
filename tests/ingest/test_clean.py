"""Plain-text cleaning: the real seed scrapes against the hand-made gold, then one synthetic text per rule.

The synthetic texts are invented (fictional people and places) so that each rule is tested on a shape, not on
the strings of the sample.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdossier.ingest.clean import absolute_dates, clean_text
from newsdossier.models import ArticleHints, CleanedArticle

from ..conftest import GOLD, SEEDS


def _norm(text: str | None) -> str:
    """Quotes and spacing do not matter when comparing titles."""
    table = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})
    return " ".join((text or "").translate(table).split())


def _lines(article: CleanedArticle) -> list[str]:
    return [line.strip() for line in article.text.split("\n") if line.strip()]


def _assert_spans(article: CleanedArticle) -> None:
    expected = article.text.split("\n\n") if article.text else []
    assert [article.text[s.start:s.end] for s in article.paragraphs] == expected
    for span in article.paragraphs:
        paragraph = article.text[span.start:span.end]
        assert paragraph == paragraph.strip() and "\n" not in paragraph and "  " not in paragraph


# ---- the real seeds against the gold -------------------------------------------------------------------


def _gold() -> dict[str, dict]:
    if not SEEDS.is_dir() or not GOLD.is_file():
        pytest.skip(f"sample data not found beside the repository ({SEEDS}, {GOLD})")
    return json.loads(GOLD.read_text(encoding="utf-8"))["documents"]


@pytest.fixture(scope="module")
def seeds() -> dict[str, tuple[dict, CleanedArticle]]:
    gold = _gold()
    return {name: (expected, clean_text((SEEDS / name).read_text(encoding="utf-8"))) for name, expected in gold.items()}


def test_seed_titles_match_gold(seeds: dict[str, tuple[dict, CleanedArticle]]) -> None:
    for name, (expected, article) in seeds.items():
        assert _norm(article.title) == _norm(expected["title"]), name


def test_seed_junk_lines_and_prefixes_are_gone(seeds: dict[str, tuple[dict, CleanedArticle]]) -> None:
    for name, (expected, article) in seeds.items():
        lines = {_norm(line) for line in _lines(article)}
        for junk in expected.get("junk_lines", []):
            assert _norm(junk) not in lines, (name, junk)
        for prefix in expected.get("junk_prefixes", []):
            assert not any(line.startswith(_norm(prefix)) for line in lines), (name, prefix)


def test_seed_caption_credits_are_separated(seeds: dict[str, tuple[dict, CleanedArticle]]) -> None:
    for name, (expected, article) in seeds.items():
        credits = [caption.credit or "" for caption in article.captions]
        for marker in expected.get("caption_markers", []):
            assert marker not in article.text, (name, marker)
            assert any(marker.strip("()") in credit for credit in credits), (name, marker, credits)


def test_seed_captions_are_not_in_the_body_and_repeats_are_kept_once(
    seeds: dict[str, tuple[dict, CleanedArticle]],
) -> None:
    for name, (_, article) in seeds.items():
        texts = [caption.text for caption in article.captions]
        assert len(texts) == len(set(texts)), name
        for caption in texts:
            assert caption not in article.text, (name, caption)


def test_seed_publication_dates(seeds: dict[str, tuple[dict, CleanedArticle]]) -> None:
    for name, (expected, article) in seeds.items():
        published = article.published.isoformat() if article.published else None
        assert published not in set(expected.get("not_published", [])), name
        accepted = {expected["published"], *expected.get("published_alternatives", [])}
        if name.startswith("000"):
            assert published == "2023-11-13" and article.published_precision == "day", published
            assert article.published_method == "stated"
        else:  # no date is stated in 001 and 002: None, or a right one, never the aggregator's page date
            assert published is None or published in accepted, (name, published)


def test_seed_author_and_outlet(seeds: dict[str, tuple[dict, CleanedArticle]]) -> None:
    for name, (expected, article) in seeds.items():
        if expected.get("author"):
            assert article.author == expected["author"], name
        if article.outlet is not None:  # None is allowed; a wrong outlet is not
            assert expected["outlet"].startswith(article.outlet), (name, article.outlet)
    _, first = next(iter(seeds.values()))
    assert first.outlet == "The Epoch Times"


def test_seed_section_headings_stay_and_body_is_intact(seeds: dict[str, tuple[dict, CleanedArticle]]) -> None:
    for name, (_, article) in seeds.items():
        _assert_spans(article)
        raw = (SEEDS / name).read_text(encoding="utf-8")
        long_raw_lines = [" ".join(line.split()) for line in raw.splitlines() if len(line.split()) >= 25]
        body_or_caption = article.text + "\n".join(caption.text for caption in article.captions)
        for line in long_raw_lines:  # every long line is body or caption; only disclaimers may go
            if "aggregator" not in line:
                assert line[:60] in body_or_caption, (name, line[:60])


def test_other_seeds_clean_without_losing_lines() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"sample data not found beside the repository ({SEEDS})")
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        article = clean_text(raw)
        _assert_spans(article)
        if path.name.startswith("004"):  # one paragraph a line, no title, nothing to remove
            assert article.title is None and not article.removed
            assert len(article.paragraphs) == len([line for line in raw.splitlines() if line.strip()])


# ---- absolute dates ------------------------------------------------------------------------------------


def test_absolute_dates_finds_the_usual_forms() -> None:
    text = (
        "Talks on Nov. 9, 2022 and Oct. 13,2023 were followed by May 17, 2023, February 28, 2023, 11/13/2023, "
        "2023-11-13, January 13, 2022 and 4 March 2021; Nov. 12 and 2019 alone have no full date."
    )
    found = absolute_dates(text)
    assert [day.isoformat() for day, *_ in found] == [
        "2022-11-09", "2023-10-13", "2023-05-17", "2023-02-28", "2023-11-13", "2023-11-13", "2022-01-13",
        "2021-03-04",
    ]
    assert all(precision == "day" and text[start:end][0].isalnum() for _, precision, start, end in found)
    assert text[found[1][2]:found[1][3]] == "Oct. 13,2023"


def test_absolute_dates_rejects_impossible_dates() -> None:
    assert absolute_dates("on Feb. 30, 2023 and 13/45/2020") == []


# ---- junk rules ----------------------------------------------------------------------------------------

STORY = (
    "The harbour authority of Port Elvan approved a new ferry schedule on Tuesday after months of talks.\n\n"
    "Officials said the changes would cut waiting times for commuters travelling to the outer islands.\n\n"
    "Minister Lara Quent told reporters the budget would be reviewed again next spring."
)


def test_boilerplate_vocabulary_lines_are_removed_but_sentences_with_the_words_stay() -> None:
    raw = (
        "Ferry timetable overhauled in Port Elvan\n\n"
        + STORY
        + "\n\nYou can follow us on the harbour radio, the minister joked, and share your views at the town hall.\n\n"
        "Share this article\nFOLLOW US ON SOCIAL MEDIA\nSubscribe to our newsletter\nAdvertisement\n"
        "Leave a reply\nRead more\n12 comments\nSource link\n"
    )
    article = clean_text(raw)
    assert article.title == "Ferry timetable overhauled in Port Elvan"
    assert "share your views at the town hall" in article.text
    for junk in ("Share this article", "FOLLOW US", "Subscribe", "Advertisement", "Leave a reply", "Read more",
                 "12 comments", "Source link"):
        assert junk not in article.text
    reasons = {line.reason for line in article.removed}
    assert {"share", "subscribe", "advert", "comments", "source"} <= reasons


def test_template_residue_player_and_breadcrumb_lines_are_removed() -> None:
    raw = (
        "block_header_2\nMore\nHomeRegional NewsFerry timetable overhauled in Port...\n"
        "Ferry timetable overhauled in Port Elvan\n1:24\n\n" + STORY
    )
    article = clean_text(raw)
    assert article.title == "Ferry timetable overhauled in Port Elvan"
    assert article.text.startswith("The harbour authority")
    removed = {line.text: line.reason for line in article.removed}
    assert removed["block_header_2"] == "navigation"
    assert removed["1:24"] == "player"
    assert removed["HomeRegional NewsFerry timetable overhauled in Port..."] == "navigation"


def test_aggregator_disclaimer_is_removed_but_a_story_about_trademarks_is_not() -> None:
    story = (
        "A court in Port Elvan ruled that the shipping firm owns the trademarks, and its lawyers said the "
        "responsibility for the dispute lay with the rival company.\n\n" + STORY
    )
    raw = story + (
        "\n\nDisclaimer: this page is filled by an automatic aggregator of news. All trademarks belong to their "
        "rightful owners, and the hyperlink to the primary source is given in each item."
    )
    article = clean_text(raw)
    assert "owns the trademarks" in article.text
    assert "Disclaimer" not in article.text
    assert [line.reason for line in article.removed] == ["aggregator"]


def test_verbatim_repeats_go_but_short_repeated_answers_stay() -> None:
    paragraph = "The ferry operator said it would add two boats to the morning service from next month."
    raw = (
        f"Ferry questions answered\n\nQ: Will the fares rise?\n\nYes.\n\n{paragraph}\n\n"
        f"Q: And the evening boats?\n\nYes.\n\n{paragraph}"
    )
    article = clean_text(raw)
    assert article.text.count(paragraph) == 1
    assert article.text.count("Yes.") == 2
    assert [line.reason for line in article.removed] == ["title", "duplicate"]


def test_tag_line_goes_but_section_heading_stays() -> None:
    raw = STORY + "\n\nA slower crossing\n\n" + STORY.replace("Port Elvan", "Marrow Bay") + (
        "\n\nMarrow Bay Port Elvan Northern Isles Ferries"
    )
    article = clean_text(raw)
    assert "A slower crossing" in _lines(article)
    assert "Marrow Bay Port Elvan Northern Isles Ferries" not in article.text
    assert article.title is None  # the text starts with a sentence: there is no title line


def test_footer_list_of_link_titles_is_removed_but_a_closing_sentence_stays() -> None:
    raw = STORY + (
        "\n\nRelated articles\n\nHarbour fees to double in Marrow Bay\n\nNew lighthouse opens on Kessel Rock\n"
    )
    article = clean_text(raw)
    assert article.text.endswith("reviewed again next spring.")
    assert {line.reason for line in article.removed} == {"navigation", "related"}
    closing = clean_text(STORY + "\n\nShare\n\nMore to follow.")
    assert closing.text.endswith("More to follow.")


# ---- captions and credits ------------------------------------------------------------------------------


def test_caption_with_credit_on_its_own_line() -> None:
    raw = (
        "Ferry timetable overhauled in Port Elvan\n\n"
        "Minister Lara Quent arrives at the harbour office in Port Elvan, Estmark, on March 3, 2024.\n\n"
        "Tom Reyes | Estmark Press | Getty Images\n\n" + STORY
    )
    article = clean_text(raw)
    assert article.captions[0].text.startswith("Minister Lara Quent arrives")
    assert article.captions[0].credit == "Tom Reyes | Estmark Press | Getty Images"
    assert "Getty" not in article.text and "arrives at the harbour office" not in article.text


def test_inline_credits_are_split_from_the_caption_and_repeats_kept_once() -> None:
    caption = "(L-R) Lara Quent and Odo Brenn at the ferry terminal in Port Elvan on June 2, 2024."
    tail = "The new terminal is due to open in the autumn, the operator said."
    raw = f"{STORY}\n\n{caption} (Mira Holt/AFP/Getty Images)\n{caption} (Mira Holt/AFP/Getty Images)\n\n{tail}"
    article = clean_text(raw)
    assert len(article.captions) == 1
    assert article.captions[0].text == caption
    assert article.captions[0].credit == "Mira Holt/AFP/Getty Images"
    assert "Mira Holt" not in article.text
    reasons = [line.reason for line in article.removed]
    assert reasons == ["caption", "duplicate"]


def test_image_prefix_credit_and_agency_credit() -> None:
    raw = STORY + "\n\nThe new ferry at its berth. Image: Kai Doran.\n\nPassengers board in the rain. (AP Photo)"
    article = clean_text(raw)
    assert [(c.text, c.credit) for c in article.captions] == [
        ("The new ferry at its berth.", "Image: Kai Doran"),
        ("Passengers board in the rain.", "AP Photo"),
    ]


def test_credit_naming_an_agency_after_via() -> None:
    caption = "Rescue boats search the bay near Kessel Rock on May 4, 2024."
    article = clean_text(f"{STORY}\n\n{caption} (Estmark Coast Guard press office via AP)")
    assert [(c.text, c.credit) for c in article.captions] == [(caption, "Estmark Coast Guard press office via AP")]
    sentence = clean_text("Tickets can now be bought via the harbour website, officials said on Monday.")
    assert not sentence.captions and not sentence.removed


def test_a_wire_name_after_a_body_paragraph_does_not_make_it_a_caption() -> None:
    paragraph = "The ferry service will resume on Friday once the storm has passed. (Estwire)"
    article = clean_text(f"{STORY}\n\n{paragraph}")
    assert paragraph in article.text and not article.captions


def test_leading_on_date_is_not_a_dateline() -> None:
    article = clean_text("On March 5, 2024 - a calm day - the harbour authority approved a new ferry schedule.")
    assert article.published is None


def test_orphan_credit_after_a_body_paragraph_keeps_the_paragraph() -> None:
    paragraph = (
        '"We waited two hours in the cold," said one commuter, who asked not to be named. '
        "Others said the delays had grown worse since the winter storms."
    )
    raw = f"{STORY}\n\n{paragraph}\n\nImage: Kai Doran."
    article = clean_text(raw)
    assert paragraph in article.text
    assert not article.captions
    assert [(line.text, line.reason) for line in article.removed] == [("Image: Kai Doran.", "credit")]


def test_caption_label_glued_to_a_caption_is_dropped() -> None:
    caption = "From left: Lara Quent, Odo Brenn and Mira Holt outside the terminal."
    raw = f"{STORY}\n\nHarbour protest\n{caption}\n\nThe terminal reopens in the autumn, the operator said."
    article = clean_text(raw)
    assert "Harbour protest" not in article.text
    assert article.captions[0].text.startswith("From left:")


# ---- title, byline, date -------------------------------------------------------------------------------


def test_byline_and_stated_date_under_the_title() -> None:
    raw = "Ferry timetable overhauled in Port Elvan\nBy Lara Quent and Odo Brenn\nPublished: 2024-03-05\n\n" + STORY
    article = clean_text(raw)
    assert article.author == "Lara Quent and Odo Brenn"
    assert (article.published, article.published_precision, article.published_method) == (
        dt.date(2024, 3, 5), "day", "stated",
    )
    assert article.text.startswith("The harbour authority")


def test_byline_and_date_on_one_meta_line() -> None:
    posted = clean_text("Ferry timetable overhauled\nPosted on May 2, 2024 by Jane Roe\n\n" + STORY)
    assert (posted.author, posted.published) == ("Jane Roe", dt.date(2024, 5, 2))
    piped = clean_text("Ferry timetable overhauled\nBy Jane Roe | 05/02/2024\n\n" + STORY)
    assert (piped.author, piped.published) == ("Jane Roe", dt.date(2024, 5, 2))
    assert piped.text.startswith("The harbour authority")
    sourced = clean_text("Ferry timetable overhauled\nMay 2, 2024 - Estwire\n\n" + STORY)
    assert (sourced.author, sourced.published, sourced.outlet) == (None, dt.date(2024, 5, 2), None)
    assert sourced.text.startswith("The harbour authority")


def test_bare_name_byline_needs_header_neighbours() -> None:
    with_date = clean_text("Ferry timetable overhauled\n\nMira Holt\n03/05/2024\nUpdated:\n03/06/2024\n\n" + STORY)
    assert with_date.author == "Mira Holt"
    assert with_date.published == dt.date(2024, 3, 5)
    venue = clean_text("Kessel Rock Lighthouse\n\n" + STORY)
    assert venue.author is None


def test_updated_date_is_used_only_when_no_published_one() -> None:
    article = clean_text("Ferry timetable overhauled\nUpdated: Mar. 9, 2024 10:15 a.m. ET\n\n" + STORY)
    assert article.published == dt.date(2024, 3, 9)


def test_page_date_above_the_title_among_navigation_is_rejected() -> None:
    raw = (
        "Friday, June 6, 2031\nnav_menu_item\nMore\nFerry timetable overhauled in Port Elvan\n\n"
        "The harbour authority approved a new ferry schedule on March 5, 2024 after months of talks.\n\n" + STORY
    )
    article = clean_text(raw)
    assert article.published is None
    assert ("Friday, June 6, 2031", "page-date") in [(line.text, line.reason) for line in article.removed]


def test_page_date_far_after_the_story_is_rejected_even_without_a_title_line() -> None:
    raw = "Monday, January 5, 2032\nskip_link\n\nThe port reopened on March 5, 2024 after the storm.\n\n" + STORY
    assert clean_text(raw).published is None


def test_dateline_at_the_start_is_trusted_even_if_the_story_recalls_old_dates() -> None:
    raw = "Saturday, April 6, 2024\n\nThe ferry first sailed on May 2, 1961.\n\n" + STORY
    article = clean_text(raw)
    assert (article.published, article.published_method) == (dt.date(2024, 4, 6), "stated")
    assert article.text.startswith("The ferry first sailed")


def test_dateline_supported_by_a_yearless_date_in_the_story() -> None:
    raw = (
        "Port talks end\n\nbanner_slot\n04/20/2024\n\n"
        "The talks ended on April 18. They began on May 2, 1999.\n\n" + STORY
    )
    assert clean_text(raw).published == dt.date(2024, 4, 20)


def test_wire_dateline_in_the_first_paragraph_and_its_outlet() -> None:
    raw = "PORT ELVAN, March 5, 2024 (Estwire) — The harbour authority approved a new ferry schedule.\n\n" + STORY
    article = clean_text(raw)
    assert article.published == dt.date(2024, 3, 5)
    assert article.outlet == "Estwire"


def test_outlet_is_named_only_by_self_reference() -> None:
    asked = clean_text(STORY + "\n\nThe Harbour Gazette has asked the ministry for comment.")
    assert asked.outlet == "The Harbour Gazette"
    contributed = clean_text(STORY + "\n\nEstwire contributed to this report.")
    assert contributed.outlet is None
    assert "Estwire contributed to this report." in contributed.text


def test_hint_title_with_a_site_name_still_matches_the_title_line() -> None:
    hints = ArticleHints(title="Ferry timetable overhauled | Gazette")
    article = clean_text("Ferry timetable overhauled\n\n" + STORY, hints)
    assert article.text.startswith("The harbour authority")
    assert [(line.text, line.reason) for line in article.removed] == [("Ferry timetable overhauled", "title")]


def test_hints_win_and_a_repeated_hint_title_is_dropped() -> None:
    hints = ArticleHints(title="Ferry timetable overhauled", published="2024-03-07T10:00:00+00:00",
                         outlet="Harbour Gazette", author="Mira Holt")
    article = clean_text("Ferry timetable overhauled\n\n06/01/2024\n\n" + STORY, hints)
    assert article.title == "Ferry timetable overhauled"
    assert (article.published, article.published_precision, article.published_method) == (
        dt.date(2024, 3, 7), "day", "hint",
    )
    assert (article.outlet, article.author) == ("Harbour Gazette", "Mira Holt")
    assert article.text.startswith("The harbour authority")


# ---- text shapes ---------------------------------------------------------------------------------------


def test_whitespace_is_normalised_and_quotes_kept() -> None:
    raw = (
        "    Ferry timetable overhauled\r\n\r\n    “We are\u00a0ready,” the captain said   on Tuesday.\r\n"
        "\r\n\tIt’s the first change in a decade, officials said.\r\n"
    )
    article = clean_text(raw)
    assert article.text == (
        "“We are ready,” the captain said on Tuesday.\n\nIt’s the first change in a decade, officials said."
    )
    _assert_spans(article)


def test_one_paragraph_a_line_and_hard_wrapped_text() -> None:
    per_line = clean_text(STORY.replace("\n\n", "\n"))
    assert len(per_line.paragraphs) == 3
    wrapped = clean_text(
        "The harbour authority of Port Elvan approved a new\nferry schedule on Tuesday after months of talks.\n\n"
        "Officials said the changes would cut waiting\ntimes for commuters."
    )
    assert wrapped.text.split("\n\n") == [
        "The harbour authority of Port Elvan approved a new ferry schedule on Tuesday after months of talks.",
        "Officials said the changes would cut waiting times for commuters.",
    ]


@pytest.mark.parametrize("raw", ["", "   \n\n\t", "Share\nAdvertisement\nspot_box\n0:00", "\x00\x01"])
def test_empty_or_junk_only_input_gives_empty_text(raw: str) -> None:
    article = clean_text(raw)
    assert article.text == "" and article.paragraphs == []


# ---- never raises --------------------------------------------------------------------------------------

_JUNKY_LINE = st.sampled_from([
    "Share", "More", "spot_img", "0:00", "Updated:", "11/13/2023", "Wednesday, October 8, 2025", "(L-R) A and B.",
    "Name | Agency | Getty Images", "(Name/AFP)", "By Jane Roe", "Image: X.", "HomeNewsTitle...", "“", "(", "|",
    "Feb. 30, 2023", "Nov. 12", "x" * 5000, "A\u00a0b\u200bc", "Told CNBC told CNBC",
])
_TEXTS = st.one_of(
    st.text(max_size=3000),
    st.lists(st.one_of(_JUNKY_LINE, st.text(max_size=200)), max_size=40).map("\n".join),
)


@settings(max_examples=300, deadline=None)
@given(
    raw=_TEXTS,
    title=st.one_of(st.none(), st.text(max_size=60)),
    published=st.one_of(st.none(), st.text(max_size=30), st.sampled_from(["2023-11-13", "2023-13-45", "2023"])),
)
def test_clean_text_never_raises_and_spans_index_the_text(raw: str, title: str | None, published: str | None) -> None:
    article = clean_text(raw, ArticleHints(title=title, published=published))
    assert isinstance(article.text, str)
    for span in article.paragraphs:
        paragraph = article.text[span.start:span.end]
        assert paragraph and paragraph == " ".join(paragraph.split())
    assert "\n\n".join(article.text[s.start:s.end] for s in article.paragraphs) == article.text
