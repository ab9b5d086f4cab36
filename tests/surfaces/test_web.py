"""Server-rendered pages: what each page shows, and untrusted article text always shown as text."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsdossier import settings
from newsdossier.dossier import Dossier
from newsdossier.models import FactFilter
from newsdossier.surfaces import cli
from newsdossier.surfaces.web.app import create_app
from newsdossier.surfaces.web.highlight import Span, segments
from newsdossier.surfaces.web.server import build_server

from ..conftest import fresh_database


@pytest.fixture(scope="module")
def client(demo_dossier: Dossier) -> Iterator[TestClient]:
    with TestClient(create_app(demo_dossier), base_url="http://127.0.0.1") as test_client:
        yield test_client


class _Marks(HTMLParser):
    """Collects the text inside <mark> elements by class, and every element/attribute the page really has."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[tuple[str, str]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "mark":
            self._open.append(dict(attrs).get("class") or "")
            self.marks.append((self._open[-1], ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open:
            cls, text = self.marks[-1]
            self.marks[-1] = (cls, text + data)


def _parse(html: str) -> _Marks:
    parser = _Marks()
    parser.feed(html)
    return parser


def test_segments_cover_the_text_and_nest_overlaps() -> None:
    text = "abcdefghij"
    cut = segments(text, [Span(2, 6, "event"), Span(4, 8, "quote"), Span(20, 30, "role")])
    assert "".join(seg.text for seg in cut) == text
    assert [(seg.text, seg.classes) for seg in cut] == [
        ("ab", ""), ("cd", "hl-event"), ("ef", "hl-event hl-quote"), ("gh", "hl-quote"), ("ij", "")]


def test_home_shows_counts_and_a_search_form(client: TestClient, demo_dossier: Dossier) -> None:
    page = client.get("/")
    assert page.status_code == 200
    stats = demo_dossier.stats()
    for key in ("articles", "events", "quotes"):
        assert re.search(rf'id="count-{key}">{stats[key]}<', page.text)
    assert 'action="/search"' in page.text


def test_search_page_lists_matching_actors(client: TestClient) -> None:
    top = client.get("/api/actors", params={"limit": 1}).json()["items"][0]
    page = client.get("/search", params={"q": top["name"][:5]})
    assert page.status_code == 200
    assert f'href="/actors/{quote(top["id"], safe="")}"' in page.text


def test_actor_page_has_every_section(client: TestClient) -> None:
    listed = client.get("/api/actors", params={"limit": 20}).json()["items"]
    summaries = [client.get(f"/api/actors/{quote(actor['id'], safe='')}").json() for actor in listed]
    summary = next(found for found in summaries if found["events"])
    page = client.get(f"/actors/{quote(summary['id'], safe='')}")
    assert page.status_code == 200
    for heading in ("Names and variants", "Roles over time", "Memberships", "Events", "Contradictions", "Quotes"):
        assert f"<h2>{heading}</h2>" in page.text
    for event in summary["events"]:
        assert f'href="/events/{event["id"]}"' in page.text


def _variants_on(page_html: str) -> list[str]:
    return [html.unescape(found) for found in re.findall(r'<li class="variant">([^<]*?)(?: <span|</li>)', page_html)]


def test_a_spelling_variant_leads_to_the_person_with_every_variant(seeds_dossier: Dossier) -> None:
    people = [a for a in seeds_dossier.actors() if a["kind"] == "person" and len(a["variants"]) >= 3]
    assert people, "the sample names some people in three or more spellings"
    with TestClient(create_app(seeds_dossier), base_url="http://127.0.0.1") as client:
        for person in people:
            rare = person["variants"][-1]  # the least frequent spelling, not the canonical name
            assert rare != person["name"]
            page = client.get(f"/actors/{quote(rare, safe='')}")
            assert page.status_code == 200
            assert re.search(r'<h1 class="actor-name">([^<]*)</h1>', page.text)[1] == html.escape(person["name"])
            assert sorted(_variants_on(page.text)) == sorted(person["variants"])
            body = client.get(f"/api/actors/{quote(rare, safe='')}").json()
            assert body["id"] == person["id"] and body["resolved"] is True
            # Every fact on the page is linked to this actor, whichever spelling the article used.
            for event in body["events"]:
                named = [event["source"], event["target"], *event["participants"]]
                assert person["id"] in {(actor or {}).get("id") for actor in named}
            for quote_record in body["quotes"]:
                assert quote_record["speaker"]["id"] == person["id"]
            spoken = {q["speaker"]["name"] for q in body["quotes"]}
            assert spoken <= set(person["variants"])


def test_an_unresolved_name_still_has_a_page(client: TestClient, demo_dossier: Dossier) -> None:
    unresolved = next(slot for event in demo_dossier.events() for slot in (event["source"], event["target"])
                      if slot and slot["id"] is None)
    page = client.get(f"/actors/{quote(unresolved['name'], safe='')}")
    assert page.status_code == 200
    body = client.get(f"/api/actors/{quote(unresolved['name'], safe='')}").json()
    assert body["resolved"] is False and unresolved["name"] in body["variants"]


def _evidence_marks(page_html: str) -> list[str]:
    return [text for cls, text in _parse(page_html).marks if "hl-evidence" in cls]


def test_event_page_highlights_the_sentence_of_every_report(client: TestClient, demo_dossier: Dossier) -> None:
    every = list(demo_dossier.events())
    for event in every[:8]:
        page = client.get(f"/events/{event['id']}")
        assert page.status_code == 200
        same = [other for other in every if other["event"] == event["event"]]
        assert sorted(_evidence_marks(page.text)) == sorted(item["sentence"] for other in same
                                                           for item in other["evidence"])
        assert f'<span class="count-reports">{event["reports"]}</span>' in page.text
        assert f'<span class="count-sources">{event["sources"]}</span> independent source' in page.text


def test_an_event_reported_twice_shows_both_reports(client: TestClient, demo_dossier: Dossier) -> None:
    every = list(demo_dossier.events())
    twice = next(event for event in every if event["reports"] == 2)
    same = [other for other in every if other["event"] == twice["event"]]
    articles = {item["article"] for other in same for item in other["evidence"]}
    assert len(articles) == 2
    page = client.get(f"/events/{twice['id']}").text
    assert '<span class="count-reports">2</span>' in page
    marks = _evidence_marks(page)
    assert sorted(marks) == sorted(item["sentence"] for other in same for item in other["evidence"])
    for article in articles:
        assert f'href="/articles/{article}"' in page
    body = client.get(f"/api/events/{twice['id']}").json()
    assert body["reports"] == 2 and {report["id"] for report in body["all_reports"]} == {o["id"] for o in same}


def test_article_page_highlights_extracted_items_and_names_its_duplicates(client: TestClient,
                                                                         demo_dossier: Dossier) -> None:
    copy = next(a for a in demo_dossier.articles() if a["duplicate_of"])
    page = client.get(f"/articles/{copy['duplicate_of']}")
    assert page.status_code == 200
    assert f'href="/articles/{copy["id"]}"' in page.text
    body = page.text.split('id="article-text">', 1)[1].split("</div>", 1)[0]
    parsed = _parse(body)
    assert any("hl-event" in cls for cls, _ in parsed.marks)
    original = next(a for a in demo_dossier.articles() if a["id"] == copy["duplicate_of"])
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == original["text"]
    for _, text in parsed.marks:
        assert text in original["text"]


def test_article_page_shows_captions(client: TestClient, demo_dossier: Dossier) -> None:
    with_caption = next((a for a in demo_dossier.articles() if a["captions"]), None)
    if with_caption is None:
        pytest.skip("no demo article has a caption")
    page = client.get(f"/articles/{with_caption['id']}")
    assert "<h2>Captions</h2>" in page.text


def test_network_draws_edges_coloured_by_side(client: TestClient) -> None:
    page = client.get("/network")
    assert page.status_code == 200
    tags = _parse(page.text).tags
    lines = [attrs for tag, attrs in tags if tag == "line"]
    circles = [attrs for tag, attrs in tags if tag == "circle"]
    assert lines and circles
    assert all(set((attrs.get("class") or "").split()) & {"cooperation", "conflict", "neutral"} for attrs in lines)
    assert any("cooperation" in (attrs.get("class") or "") for attrs in lines)


def test_network_has_one_node_per_resolved_actor(seeds_dossier: Dossier) -> None:
    names = {actor["id"]: actor["name"] for actor in seeds_dossier.actors()}
    with TestClient(create_app(seeds_dossier), base_url="http://127.0.0.1") as client:
        html_page = client.get("/network").text
    tags = _parse(html_page).tags
    hrefs = [attrs["href"] for tag, attrs in tags if tag == "a" and (attrs.get("href") or "").startswith("/actors/")]
    assert len(hrefs) == len(set(hrefs)) == len([1 for tag, _ in tags if tag == "circle"])
    keys = {unquote(href.removeprefix("/actors/")) for href in hrefs}
    # A person written several ways in the events is one node, labelled with the canonical name.
    several = [actor for actor in seeds_dossier.actors() if actor["kind"] == "person" and actor["id"] in keys
               and len({e["source"]["name"] for e in seeds_dossier.events(FactFilter(actor_id=actor["id"]))
                        if (e["source"] or {}).get("id") == actor["id"]}) > 1]
    assert several
    labels = re.findall(r'<text [^>]*>([^<]*)</text>', html_page)
    assert all(html.escape(names[actor["id"]]) in labels for actor in several)


def test_timeline_has_one_row_per_consolidated_event(client: TestClient, demo_dossier: Dossier) -> None:
    page = client.get("/timeline")
    months = re.findall(r'<h2 class="month">(\S+) ', page.text)
    every = list(demo_dossier.events())
    first = {}
    for event in every:
        first.setdefault(event["event"], event)
    expected = sorted({(e["date_start"] or "")[:7] or "undated" for e in first.values()})
    assert months == expected
    assert page.text.count('class="event-link"') == len(first) < len(every)
    narrowed = client.get("/timeline", params={"cameo": "04"})
    assert narrowed.text.count('href="/events/') < page.text.count('href="/events/')


@pytest.mark.parametrize("path", ["/events/0123456789abcdef", "/articles/abc", "/actors/nobody-at-all", "/nothing"])
def test_missing_pages_are_html_404(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")


def test_invalid_page_input_is_an_html_422(client: TestClient) -> None:
    page = client.get("/timeline", params={"since": "<script>"})
    assert page.status_code == 422 and "<script>" not in page.text


# ---- untrusted text ------------------------------------------------------------------------------------------
HOSTILE = {
    "id": "hostile-1",
    "title": "Talks <script>alert('title')</script> stall",
    "outlet": "<i onmouseover=alert('outlet')>Wire</i>",
    "url": "https://example.org/\"><script>alert('url')</script>",
    "date": "2024-03-05",
    "text": (
        "Germany accused Russia of spreading false reports <script>alert('body')</script> on Monday, "
        "the foreign ministry said.\n\n"
        "France and Japan signed an agreement on energy cooperation in Paris on Tuesday "
        "<img src=x onerror=alert('img')>.\n\n"
        "\"We will not accept <b>threats</b> </textarea><svg onload=alert('quote')>,\" the German foreign "
        "minister said on Monday.\n\nThe talks continue next week."
    ),
}
# Elements the pages never use themselves, so any of them in a page came from the article.
INJECTED_TAGS = {"script", "img", "b", "i", "textarea"}


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Dossier]]:
    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "hostile.jsonl"
    source.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    with fresh_database("sqlite", folder) as url:
        dossier = Dossier(url)
        assert dossier.ingest([source]).stored == 1
        with TestClient(create_app(dossier), base_url="http://127.0.0.1") as test_client:
            yield test_client, dossier
        dossier.close()


def _assert_no_injected_markup(page_html: str) -> None:
    parsed = _parse(page_html)
    assert not INJECTED_TAGS & {tag for tag, _ in parsed.tags}
    for _, attrs in parsed.tags:
        assert not any(key.startswith("on") for key in attrs), attrs
        assert not any("alert(" in (value or "") for value in attrs.values()), attrs


def test_hostile_article_text_is_shown_as_text_on_every_page(hostile_client: tuple[TestClient, Dossier]) -> None:
    client, dossier = hostile_client
    [article] = list(dossier.articles())
    events = list(dossier.events())
    quotes = list(dossier.quotes())
    assert events and quotes, "the hostile article yields facts, so fact pages show its text"
    pages = [f"/articles/{article['id']}", "/articles", "/", "/timeline", "/network",
             "/search?q=" + quote("<script>"), "/search?q=alert"]
    pages += [f"/events/{event['id']}" for event in events]
    actors = {slot["name"] for item in events + quotes for slot in (item.get("source"), item.get("target"),
                                                                     item.get("speaker")) if slot}
    pages += [f"/actors/{quote(name, safe='')}" for name in actors]
    for path in pages:
        page = client.get(path)
        assert page.status_code == 200, path
        _assert_no_injected_markup(page.text)
        if path.startswith(("/articles/", "/events/", "/search")):
            assert "&lt;script&gt;alert(" in page.text or "&lt;img src=x" in page.text, path
    article_page = client.get(f"/articles/{article['id']}").text
    assert "Talks &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; stall" in article_page
    assert "&lt;svg onload=alert(&#39;quote&#39;)&gt;" in article_page


def test_hostile_text_comes_back_verbatim_from_the_api(hostile_client: tuple[TestClient, Dossier]) -> None:
    client, dossier = hostile_client
    [article] = list(dossier.articles())
    body = client.get(f"/api/articles/{article['id']}").json()
    assert body["text"] == article["text"] and "<script>" in body["text"]
    assert client.get(f"/api/articles/{article['id']}").headers["content-type"] == "application/json"


def test_server_binds_to_localhost_by_default(tmp_path: Path) -> None:
    dossier = Dossier(tmp_path / "empty.db")
    server = build_server(dossier)
    assert settings.DEFAULTS.host == "127.0.0.1" and server.config.host == "127.0.0.1"
    dossier.close()


def test_demo_ingests_into_a_temporary_database_then_serves(monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[tuple[str, str, int, dict[str, int]]] = []
    monkeypatch.setattr(cli.server, "serve",
                        lambda dossier, host, port, allow_hosts=(): served.append((dossier.url, host, port,
                                                                                     dossier.stats())))
    result = CliRunner().invoke(cli.app, ["demo", "--port", "8765"])
    assert result.exit_code == 0, result.output
    [(url, host, port, stats)] = served
    assert host == "127.0.0.1" and port == 8765 and stats["articles"] == 6 and stats["events"] > 0
    assert "http://127.0.0.1:8765/" in result.output
    assert not Path(url.removeprefix("sqlite:///")).exists(), "the temporary database is removed afterwards"
    assert CliRunner().invoke(cli.app, ["demo", "--no-serve", "--port", "8765"]).exit_code == 0
    assert len(served) == 1


def test_serve_command_opens_the_database_and_binds_localhost(monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    served: list[tuple[str, str, int]] = []
    monkeypatch.setattr(cli.server, "serve",
                        lambda dossier, host, port, allow_hosts=(): served.append((dossier.url, host, port)))
    result = CliRunner().invoke(cli.app, ["serve", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 0, result.output
    assert served == [(f"sqlite:///{tmp_path / 'x.db'}", "127.0.0.1", 8000)]
    assert CliRunner().invoke(cli.app, ["serve", "--port", "0"]).exit_code != 0


def test_the_sample_vote_contradiction_is_on_the_api_and_the_pages(seeds_dossier: Dossier) -> None:
    with TestClient(create_app(seeds_dossier), base_url="http://127.0.0.1") as client:
        listed = client.get("/api/contradictions", params={"limit": 500}).json()["items"]
        assert listed == list(seeds_dossier.contradictions())
        assert client.get("/api/stats").json()["contradictions"] == len(listed)
        vote = next(c for c in listed if c["kind"] == "vote" and "UN General Assembly" in c["about"])
        values = {claim["value"] for claim in vote["claims"]}
        assert len(values) == len(vote["claims"]) >= 2
        assert all(claim["evidence"] for claim in vote["claims"])
        claim_articles = {item["article"] for claim in vote["claims"] for item in claim["evidence"]}
        assert len(claim_articles) >= 2

        actor_page = client.get(f"/actors/{quote(vote['subject'], safe='')}").text
        assert f'id="contradiction-{vote["id"]}"' in actor_page
        for claim in vote["claims"]:
            assert f'<span class="claim-value">{html.escape(claim["value"])}</span>' in actor_page
        for article in claim_articles:
            assert f'href="/articles/{article}"' in actor_page

        event = next(event for event in seeds_dossier.events(FactFilter(actor_id=vote["subject"]))
                     if any(item["article"] == where["article"] and item["start"] < where["end"]
                            and where["start"] < item["end"] for item in event["evidence"]
                            for claim in vote["claims"] for where in claim["evidence"]))
        assert vote["id"] in {c["id"] for c in client.get(f"/api/events/{event['id']}").json()["contradictions"]}
        event_page = client.get(f"/events/{event['id']}").text
        assert f'id="contradiction-{vote["id"]}"' in event_page and html.escape(vote["about"]) in event_page
