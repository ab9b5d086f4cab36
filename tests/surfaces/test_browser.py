"""The web UI in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Walks what a reader does: home page, search for an actor, open the actor page, follow an event to its evidence
and see the sentence highlighted in the article text. A screenshot of each step lands in ``artifacts/``.
Skipped when Chromium is not installed (``.ci/run`` installs it).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdossier.dossier import Dossier
from newsdossier.surfaces import actor_view
from newsdossier.surfaces.web.server import build_server

from ..conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = REPO / "artifacts"

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(demo_dossier: Dossier) -> Iterator[str]:
    port = _free_port()
    server = build_server(demo_dossier, "127.0.0.1", port)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def test_reader_follows_an_actor_to_highlighted_evidence(browser: object, base_url: str, demo_dossier: Dossier,
                                                        request: pytest.FixtureRequest) -> None:
    # A person written in several ways, searched by a spelling that is not the canonical name.
    actor = next(a for a in actor_view.list_actors(demo_dossier) if a["kind"] == "person" and len(a["variants"]) > 1
                 and (actor_view.actor_summary(demo_dossier, a["id"]) or {}).get("events"))
    spelling = next(variant for variant in reversed(actor["variants"]) if variant != actor["name"])
    summary = actor_view.actor_summary(demo_dossier, actor["id"])
    assert summary is not None
    first_event = summary["events"][0]
    backend = demo_dossier.engine.dialect.name
    ARTIFACTS.mkdir(exist_ok=True)
    dialogs: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    refused: list[str] = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(base_url + "/")
    assert page.locator("#count-events").inner_text() == str(demo_dossier.stats()["events"])

    page.fill("#home-q", spelling)
    page.click(".big-search button[type=submit]")
    page.wait_for_url("**/search?q=*")
    page.locator("#actor-results a", has_text=actor["name"]).first.click()
    page.wait_for_selector("h1.actor-name")
    assert page.inner_text("h1.actor-name") == summary["name"]
    shown = [text.split(" ×")[0].strip() for text in page.locator("li.variant").all_inner_texts()]
    assert sorted(shown) == sorted(actor["variants"]) and spelling in shown
    page.screenshot(path=str(ARTIFACTS / f"actor-{backend}.png"), full_page=True)

    page.locator(f'a.event-link[href="/events/{first_event["id"]}"]').first.click()
    page.wait_for_url(f"**/events/{first_event['id']}")
    mark = page.locator("mark.hl-evidence").first
    mark.scroll_into_view_if_needed()
    assert mark.is_visible()
    assert mark.inner_text() == first_event["evidence"][0]["sentence"]
    assert page.inner_text("#event-reports .count-reports") == str(first_event["reports"])
    assert page.locator("mark.hl-evidence").count() == sum(
        len(event["evidence"]) for event in demo_dossier.events() if event["event"] == first_event["event"])
    background = mark.evaluate("element => getComputedStyle(element).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    shot = ARTIFACTS / f"event-evidence-{backend}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert dialogs == []
    assert refused == [], "every page runs under the server's CSP without violations"
    page.close()


def test_docs_page_renders_offline(browser: object, base_url: str) -> None:
    """The Swagger UI loads from the package: every request the page makes stays on the server."""
    page = browser.new_page()  # type: ignore[attr-defined]
    requested: list[str] = []
    refused: list[str] = []
    page.on("request", lambda req: requested.append(req.url))
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(base_url + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    assert page.locator(".opblock-summary-path", has_text="/api/events").count() >= 1
    assert requested and all(url.startswith(base_url) or url.startswith("data:") for url in requested), requested
    assert refused == [], "the docs page runs under the server's CSP without violations"
    page.close()
