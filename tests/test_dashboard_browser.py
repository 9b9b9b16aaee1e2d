"""End-to-end dashboard tests: Debian's Chromium driven by Playwright against a live server."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from dyad import Coder
from dyad.api import create_app
from dyad.store import Store, synthetic

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]  # fmt: skip
INJECTED = "<script>window.__pwned=1</script>"
HOSTILE = f"Russian President Vladimir Putin visited {INJECTED} China on Monday. The end."

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"no browser at {CHROMIUM}: apt-get install chromium"
    ),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, coder: Coder, seed_text: str) -> Iterator[str]:
    """A uvicorn server on a free loopback port over a store with the seed and synthetic events."""
    db = tmp_path_factory.mktemp("browser") / "events.duckdb"
    with Store.open(db) as store:
        store.ingest([coder.code_text(seed_text, doc_id="seed", published="2025-05-06")])
        store.ingest(synthetic.documents(400))
        store.ingest([coder.code_text(HOSTILE, doc_id="hostile", published="2025-05-06")])
    port = _free_port()
    config = uvicorn.Config(
        create_app(str(db), coder=coder, token=""), host="127.0.0.1", port=port, log_level="warning"
    )
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium with background networking off."""
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh page that records console errors and any request leaving the loopback server."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.errors = []
    page.outside = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on(
        "request", lambda r: page.outside.append(r.url) if not r.url.startswith(server) else None
    )
    yield page
    context.close()


def test_code_page_seed_shows_visit_and_evidence(page: Any, server: str) -> None:
    """Pasting the seed and pressing Code shows the 042 visit row; clicking it explains the rule."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{server}/#code")
    page.click("#use-seed")
    assert page.input_value("#code-published") == "2025-05-06"
    page.click("#code-button")
    row = page.locator("#code-events tbody tr[data-cameo='042']").filter(has_text="CHNGOV").first
    row.wait_for(timeout=30_000)
    assert "Make a visit" in row.text_content()
    row.click()
    why = page.locator("#code-why")
    why.locator("code.rule").wait_for()
    assert why.locator("code.rule").first.text_content().startswith("042/")
    assert "pay a state visit" in why.text_content()
    assert "Xi Jinping" in why.locator("blockquote.sentence").text_content()
    assert page.locator("#code-doc .mark.trigger").count() > 0
    assert page.locator("#code-doc .mark.actor").count() > 0
    page.screenshot(path=str(SCREENSHOTS / "code-article.png"), full_page=True)
    assert page.errors == [] and page.outside == []


def test_why_panel_says_where_a_country_and_a_date_came_from(page: Any, server: str) -> None:
    """A role-only source whose country the dateline gave, a date from the event's clause and
    a second report of the same meeting are all named in the Why? panel."""
    page.goto(f"{server}/#code")
    page.fill(
        "#code-text",
        "ACCRA, Ghana — The interior minister met the Togolese president on Monday. Ghana's "
        "interior minister met Togo's president on Monday, a statement said.",
    )
    page.fill("#code-published", "2024-07-04")
    page.click("#code-button")
    row = page.locator("#code-events tbody tr[data-cameo='040']").first
    row.wait_for(timeout=30_000)
    row.click()
    why = page.locator("#code-why")
    why.locator("code.rule").wait_for()
    text = why.text_content()
    assert "country GHA from the dateline" in text
    assert "(from the event's clause)" in text
    assert "sentence 1 (“met”)" in text
    assert page.errors == [] and page.outside == []


def test_injected_script_in_article_is_text(page: Any, server: str) -> None:
    """A <script> inside pasted or stored article text is shown as text and never runs."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{server}/#code")
    page.fill("#code-text", HOSTILE)
    page.fill("#code-published", "2025-05-06")
    page.click("#code-button")
    page.locator("#code-status", has_text="Coded").wait_for(timeout=30_000)
    page.locator("#code-events tbody tr[data-cameo]").first.click()
    page.locator("#code-why blockquote.sentence").wait_for()
    assert INJECTED in page.locator("#code-doc").text_content()
    assert page.locator("script:not([src])").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.screenshot(path=str(SCREENSHOTS / "code-injected-script.png"), full_page=True)
    page.goto(f"{server}/#explore")
    page.fill("#filters input[name=doc_id]", "hostile")
    page.click("#filters button[type=submit]")
    # the unfiltered table may already list this event: wait until the filter has been applied
    sync_api.expect(page.locator("#explore-events tbody tr[data-key]")).to_have_count(
        1, timeout=30_000
    )
    row = page.locator("#explore-events tbody tr[data-key]", has_text="window.__pwned").first
    row.wait_for(timeout=30_000)
    assert page.locator("#explore-events tbody tr[data-key]").count() == 1
    row.click()
    page.locator("#explore-why blockquote.sentence", has_text="window.__pwned").wait_for()
    assert page.locator("script:not([src])").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_explore_page_filters_evidence_and_charts(page: Any, server: str) -> None:
    """Explore lists stored events with evidence and draws timeline, network and map offline."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{server}/#explore")
    page.locator("#explore-events tbody tr[data-key]").first.wait_for(timeout=30_000)
    page.fill("#filters input[name=dyad]", "CHN,RUS")
    page.select_option("#filters select[name=historical]", "false")
    page.click("#filters button[type=submit]")
    row = page.locator("#explore-events tbody tr[data-cameo='042']").first
    row.wait_for(timeout=30_000)
    row.click()
    page.locator("#explore-why code.rule").wait_for()
    assert "042/" in page.locator("#explore-why").text_content()
    for chart in ("#chart-timeline", "#chart-network", "#chart-map"):
        page.locator(f"{chart} .main-svg").first.wait_for(timeout=30_000)
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / "explore.png"), full_page=True)
    assert page.errors == [] and page.outside == []


def test_api_docs_page_is_local(page: Any, server: str) -> None:
    """/docs renders the OpenAPI operations without loading anything from another host."""
    page.goto(f"{server}/docs")
    page.locator(".op").first.wait_for(timeout=10_000)
    assert page.locator(".op", has_text="/v1/events").count() >= 1
    page.screenshot(path=str(SCREENSHOTS / "api-docs.png"), full_page=True)
    assert page.errors == [] and page.outside == []
