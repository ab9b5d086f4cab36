"""The REST API through FastAPI's test client, on the demo corpus ingested on each backend."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from newsdossier.dossier import Dossier
from newsdossier.models import ActorFilter, FactFilter
from newsdossier.surfaces.web.api import MAX_LIMIT
from newsdossier.surfaces.web.app import create_app
from newsdossier.surfaces.web.security import allowed_hosts

# Generated requests per API operation: enough to reach edge cases, few enough for CI to stay fast.
FUZZ_EXAMPLES = 25


@pytest.fixture(scope="module")
def client(demo_dossier: Dossier) -> Iterator[TestClient]:
    with TestClient(create_app(demo_dossier), base_url="http://127.0.0.1") as test_client:
        yield test_client


def _all_pages(client: TestClient, path: str, limit: int, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        body = client.get(path, params={**params, "limit": limit, "offset": offset}).json()
        assert body["limit"] == limit and body["offset"] == offset
        assert len(body["items"]) <= limit
        items.extend(body["items"])
        offset = body["next_offset"]
    return items


def test_stats_match_the_python_api(client: TestClient, demo_dossier: Dossier) -> None:
    body = client.get("/api/stats").json()
    assert body == {**demo_dossier.stats(), "contradictions": 0}
    assert body["articles"] == 6 and body["events"] > 0


@pytest.mark.parametrize("kind", ["events", "quotes", "roles", "memberships"])
def test_paging_walks_every_fact_once(client: TestClient, demo_dossier: Dossier, kind: str) -> None:
    expected = list(getattr(demo_dossier, kind)())
    assert expected, f"the demo corpus yields {kind}"
    paged = _all_pages(client, f"/api/{kind}", limit=3)
    assert [item["id"] for item in paged] == [item["id"] for item in expected]


def test_event_filters_restrict_the_results(client: TestClient, demo_dossier: Dossier) -> None:
    every = list(demo_dossier.events())
    code = next(event["source"]["country"] for event in every if event["source"] and event["source"]["country"])
    by_actor = _all_pages(client, "/api/events", limit=MAX_LIMIT, actor=code)
    assert by_actor and len(by_actor) <= len(every)
    assert all(code in {(e["source"] or {}).get("country"), (e["target"] or {}).get("country")}
               or code.lower() in str(e["source"]).lower() + str(e["target"]).lower() for e in by_actor)
    root = every[0]["cameo"][:2]
    by_cameo = client.get("/api/events", params={"cameo": root, "limit": MAX_LIMIT}).json()["items"]
    assert by_cameo and all(event["cameo"].startswith(root) for event in by_cameo)
    dated = sorted(event["date_start"] for event in every if event["date_start"])
    since = dated[len(dated) // 2]
    later = client.get("/api/events", params={"since": since, "limit": MAX_LIMIT}).json()["items"]
    assert later and all((event["date_end"] or event["date_start"]) >= since for event in later)
    assert len(later) < len(every)
    until = client.get("/api/events", params={"until": dated[0], "limit": MAX_LIMIT}).json()["items"]
    assert until and all(event["date_start"] <= dated[0] for event in until)


def test_text_filter_looks_into_evidence(client: TestClient, demo_dossier: Dossier) -> None:
    event = next(iter(demo_dossier.events()))
    word = max(event["evidence"][0]["sentence"].split(), key=len)
    found = _all_pages(client, "/api/events", limit=2, q=word)
    assert event["id"] in {item["id"] for item in found}
    assert all(word.casefold() in str(item).casefold() for item in found)
    quotes = client.get("/api/quotes", params={"q": "zzqqxx-nothing"}).json()
    assert quotes["items"] == [] and quotes["next_offset"] is None


def test_event_detail_has_evidence_that_points_into_the_article(client: TestClient, demo_dossier: Dossier) -> None:
    for listed in demo_dossier.events(FactFilter(limit=10)):
        body = client.get(f"/api/events/{listed['id']}").json()
        assert body["id"] == listed["id"] and body["evidence"] == listed["evidence"]
        assert {key: body[key] for key in ("source", "target", "event", "reports", "sources")} == \
            {key: listed[key] for key in ("source", "target", "event", "reports", "sources")}
        assert 1 <= body["sources"] <= body["reports"] and body["contradictions"] == []
        assert {report["id"] for report in body["all_reports"]} == \
            {event["id"] for event in demo_dossier.events() if event["event"] == listed["event"]}
        for item in body["evidence"]:
            article = client.get(f"/api/articles/{item['article']}").json()
            text = article["text"] if item["field"] == "text" else \
                article["captions"][int(item["field"].split(":")[1])]["text"]
            assert text[item["start"]:item["end"]] == item["sentence"]


def test_article_detail_lists_its_spans_and_duplicate_group(client: TestClient, demo_dossier: Dossier) -> None:
    copies = [a for a in demo_dossier.articles() if a["duplicate_of"]]
    assert copies
    body = client.get(f"/api/articles/{copies[0]['id']}").json()
    members = {member["id"] for member in body["duplicate_group"]["members"]}
    assert {copies[0]["id"], copies[0]["duplicate_of"]} <= members
    with_events = {item["article"] for event in demo_dossier.events() for item in event["evidence"]}
    spans = client.get(f"/api/articles/{sorted(with_events)[0]}").json()["spans"]
    assert any(span["kind"] == "event" for span in spans)


def test_actor_list_and_page_agree(client: TestClient, demo_dossier: Dossier) -> None:
    actors = client.get("/api/actors", params={"limit": 5}).json()["items"]
    assert actors == json.loads(json.dumps(list(demo_dossier.actors(ActorFilter(limit=5)))))
    assert [a["mentions"] for a in actors] == sorted((a["mentions"] for a in actors), reverse=True)
    for top in actors:
        page = client.get(f"/api/actors/{quote(top['id'], safe='')}").json()
        assert {key: page[key] for key in top} == top
        for event in page["events"]:
            assert top["id"] in {(event["source"] or {}).get("id"), (event["target"] or {}).get("id")}
        for role in page["roles"]:
            assert role["evidence"]
        starts = [event["date_start"] or "" for event in page["events"]]
        assert starts == sorted(starts)
    country = next(actor for actor in demo_dossier.actors() if actor["kind"] == "country")
    by_code = client.get("/api/actors", params={"q": country["id"].lower()}).json()["items"]
    assert country["id"] in {actor["id"] for actor in by_code}


def test_facts_filter_by_resolved_actor(client: TestClient, demo_dossier: Dossier) -> None:
    person = next(actor for actor in demo_dossier.actors() if actor["kind"] == "person" and actor["roles"])
    by_id = _all_pages(client, "/api/events", limit=MAX_LIMIT, actor_id=person["id"])
    assert by_id and by_id == json.loads(json.dumps(list(demo_dossier.events(FactFilter(actor_id=person["id"])))))
    assert all(person["id"] in {(e["source"] or {}).get("id"), (e["target"] or {}).get("id")} for e in by_id)
    roles = list(demo_dossier.roles(FactFilter(actor_id=person["id"])))
    assert roles and all(person["id"] in {role["person"]["id"], (role["of"] or {}).get("id")} for role in roles)
    every = list(demo_dossier.roles())
    assert {r["id"] for r in roles} == {r["id"] for r in every
                                         if person["id"] in {r["person"]["id"], (r["of"] or {}).get("id")}}
    for kind, slots in (("quotes", ("speaker",)), ("memberships", ("organisation", "member")),
                        ("events", ("source", "target"))):
        records = list(getattr(demo_dossier, kind)())
        assert all("id" in record[slot] for record in records for slot in slots if record[slot])
        assert any(record[slot]["id"] for record in records for slot in slots if record[slot]), kind


def test_search_finds_actors_and_articles(client: TestClient, demo_dossier: Dossier) -> None:
    top = client.get("/api/actors", params={"limit": 1}).json()["items"][0]
    body = client.get("/api/search", params={"q": top["name"].lower()}).json()
    assert top["id"] in {actor["id"] for actor in body["actors"]}
    title = next(a["title"] for a in demo_dossier.articles() if a["title"])
    found = client.get("/api/search", params={"q": title}).json()["articles"]
    assert any(article["title"] == title for article in found)
    assert client.get("/api/search", params={"q": "100%_"}).json()["articles"] == []


@pytest.mark.parametrize(("path", "params"), [
    ("/api/events", {"limit": 0}),
    ("/api/events", {"limit": MAX_LIMIT + 1}),
    ("/api/events", {"offset": -1}),
    ("/api/events", {"since": "yesterday"}),
    ("/api/events", {"until": "2023-13-40"}),
    ("/api/events", {"cameo": "04; DROP TABLE events"}),
    ("/api/quotes", {"actor": "x\x00y"}),
    ("/api/actors", {"q": "a" * 201}),
    ("/api/search", {}),
    ("/api/events/not-hex", {}),
])
def test_invalid_input_gets_one_error_shape(client: TestClient, path: str, params: dict[str, Any]) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["status"] == 422 and error["title"] == "Unprocessable Entity" and error["detail"]
    assert all({"loc", "msg", "type"} <= problem.keys() for problem in error["detail"])


@pytest.mark.parametrize("path", ["/api/events/0123456789abcdef", "/api/articles/ffff", "/api/actors/nobody-at-all",
                                  "/api/no-such-endpoint"])
def test_unknown_things_are_404_in_the_same_shape(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404 and response.json()["error"]["title"] == "Not Found"


def test_tables_survive_hostile_filters(client: TestClient, demo_dossier: Dossier) -> None:
    before = demo_dossier.stats()
    for value in ("' OR '1'='1", "%", "_", "\\", "Robert'); DROP TABLE events;--"):
        assert client.get("/api/events", params={"actor": value}).status_code == 200
        assert client.get("/api/search", params={"q": value}).status_code == 200
    assert demo_dossier.stats() == before


def test_docs_page_works_offline(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/static/swagger/swagger-ui-bundle.js" in page.text and "/static/swagger/swagger-ui.css" in page.text
    assert "cdn" not in page.text.lower()
    bundle = client.get("/static/swagger/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.content) > 100_000
    assert client.get("/static/swagger/swagger-ui.css").status_code == 200
    schema = client.get("/openapi.json").json()
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/events", "/api/events/{event_id}",
                 "/api/quotes", "/api/roles", "/api/memberships", "/api/actors", "/api/actors/{key}",
                 "/api/search", "/api/stats", "/api/duplicates", "/api/contradictions"):
        assert path in schema["paths"], path


def test_fuzzed_requests_never_fail_on_the_server(demo_dossier: Dossier) -> None:
    """Property-based requests generated from the OpenAPI document, every operation: no 500, documented answers."""
    # Schemathesis addresses the app as "testserver", so that name is allowed here.
    app = create_app(demo_dossier, hosts=allowed_hosts(extra=["testserver"]))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 13

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def call(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=[not_a_server_error, status_code_conformance,
                                           response_schema_conformance])

        call()


def test_articles_filter_by_text_and_date(client: TestClient, demo_dossier: Dossier) -> None:
    every = list(demo_dossier.articles())
    dates = sorted(a["published"] for a in every if a["published"])
    listed = _all_pages(client, "/api/articles", limit=2)
    assert [a["id"] for a in listed] == [a["id"] for a in every] and "text" not in listed[0]
    later = _all_pages(client, "/api/articles", limit=2, since=dates[-1])
    assert later and all(a["published"] >= dates[-1] for a in later) and len(later) < len(every)
    word = max(every[0]["text"].split(), key=len)
    hits = _all_pages(client, "/api/articles", limit=1, q=word)
    assert every[0]["id"] in {a["id"] for a in hits}
    assert all(word.lower() in (a["snippet"] + (a["title"] or "")).lower() for a in hits)
    assert _all_pages(client, "/api/articles", limit=5, q=word, until="1900-01-01") == []
