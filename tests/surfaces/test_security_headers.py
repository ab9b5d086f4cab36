"""Server hardening: security headers on every response, the Host allow-list, and LIKE wildcards taken literally."""

from __future__ import annotations

import http.client
import re
import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from newsdossier.dossier import Dossier
from newsdossier.models import ActorFilter, FactFilter
from newsdossier.surfaces.web.app import create_app
from newsdossier.surfaces.web.security import allowed_hosts, host_name
from newsdossier.surfaces.web.server import build_server

PATHS = ["/", "/actors", "/timeline", "/network", "/search?q=a", "/docs", "/openapi.json", "/api/events",
         "/api/stats", "/static/style.css", "/static/swagger-init.js", "/no/such/page", "/api/no-such-endpoint",
         "/api/events?limit=0"]


@pytest.fixture(scope="module")
def client(demo_dossier: Dossier) -> Iterator[TestClient]:
    with TestClient(create_app(demo_dossier), base_url="http://127.0.0.1") as test_client:
        yield test_client


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    policy = response.headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'", "no inline or foreign script, on any page"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_pages_have_no_inline_script_or_style_attribute(client: TestClient, demo_dossier: Dossier) -> None:
    actor = next(iter(demo_dossier.actors()))
    event = next(iter(demo_dossier.events()))
    article = next(iter(demo_dossier.articles()))
    for path in ["/", "/actors", f"/actors/{actor['id']}", f"/events/{event['id']}", f"/articles/{article['id']}",
                 "/timeline", "/network", "/docs"]:
        page = client.get(path)
        assert page.status_code == 200, path
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page.text, flags=re.S)
        assert all("src=" in attributes and not body.strip() for attributes, body in scripts), path
        if path != "/docs":
            assert "style=" not in page.text, path
    docs = client.get("/docs").text
    assert "/static/swagger-init.js" in docs and 'data-openapi-url="/openapi.json"' in docs


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "attacker.test."])
def test_unknown_host_names_are_refused(client: TestClient, host: str) -> None:
    for path in ["/api/events", "/", "/docs"]:
        response = client.get(path, headers={"host": host})
        assert response.status_code == 400, (host, path)
        assert "Invalid Host header" in response.text and "Rebinding" not in response.text
        assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST"])
def test_this_machine_is_answered_by_any_of_its_names(client: TestClient, host: str) -> None:
    assert client.get("/api/stats", headers={"host": host}).status_code == 200


def test_host_names_parse_like_the_header() -> None:
    assert host_name("[::1]:8000") == "::1" and host_name("Example.ORG:80") == "example.org"
    assert host_name("example.org.") == "example.org" and host_name("") == ""
    assert allowed_hosts("10.0.0.5", ["dossier.lan"]) >= {"localhost", "127.0.0.1", "::1", "10.0.0.5", "dossier.lan"}
    assert "0.0.0.0" not in allowed_hosts("0.0.0.0"), "a wildcard bind names no host; --allow-host does"


def _raw_get(port: int, host: str, path: str = "/api/stats") -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def test_a_rebinding_page_cannot_read_a_running_server(demo_dossier: Dossier) -> None:
    """A real server on a socket: a request naming another site (what DNS rebinding sends) gets 400; the names
    the server was started for, including one given with --allow-host, are answered."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = build_server(demo_dossier, "127.0.0.1", port, allow_hosts=["dossier.lan"])
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the web server did not start"
        time.sleep(0.05)
    try:
        assert _raw_get(port, f"rebind.attacker.example:{port}") == 400
        assert _raw_get(port, f"127.0.0.1:{port}") == 200
        assert _raw_get(port, f"localhost:{port}") == 200
        assert _raw_get(port, "dossier.lan") == 200
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.mark.parametrize("wildcard", ["_", "%", "__", "%%", "\\", "/"])
def test_like_wildcards_in_filters_are_literal_characters(client: TestClient, demo_dossier: Dossier,
                                                          wildcard: str) -> None:
    every = list(demo_dossier.events())
    assert every
    literal = [e for e in every if any(wildcard in (slot or {}).get("name", "")
                                       for slot in (e["source"], e["target"]))]
    assert list(demo_dossier.events(FactFilter(actor=wildcard))) == literal
    assert client.get("/api/events", params={"actor": wildcard}).json()["items"] == literal[:50]
    assert list(demo_dossier.actors(ActorFilter(name=wildcard))) == [
        a for a in demo_dossier.actors() if any(wildcard in n.lower() for n in [a["name"], *a["variants"]])]
    assert list(demo_dossier.contradictions(ActorFilter(name=wildcard))) == []
    assert client.get("/api/actors", params={"q": wildcard}).status_code == 200


def test_an_ordinary_substring_still_matches(demo_dossier: Dossier) -> None:
    named = next(e for e in demo_dossier.events() if e["source"] and e["source"]["id"] and e["source"]["name"])
    part = named["source"]["name"][1:4].lower()
    assert named["id"] in {e["id"] for e in demo_dossier.events(FactFilter(actor=part))}
