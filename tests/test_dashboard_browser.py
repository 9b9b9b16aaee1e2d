"""End-to-end dashboard tests: Debian's Chromium driven by Playwright against a live server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from dyad import Coder
from dyad.api import create_app
from dyad.store import Store, synthetic
from dyad.store.synthetic_streams import Shift, Stream, stream_documents

from .live import BROWSER_TESTS, SCREENSHOTS, serving

INJECTED = "<script>window.__pwned=1</script>"
# a year of Serbia-Kosovo reports whose conflict rate jumps sixfold in the last week (an alert)
TURN = Stream("SRB", "XKX", 40.0, 10.0, Shift(date(2026, 4, 20), 6.0, weeks=1))
HOSTILE = f"Russian President Vladimir Putin visited {INJECTED} China on Monday. The end."

pytestmark = BROWSER_TESTS
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, coder: Coder, seed_text: str) -> Iterator[str]:
    """A uvicorn server on a free loopback port over a store with the seed and synthetic events."""
    db = tmp_path_factory.mktemp("browser") / "events.duckdb"
    with Store.open(db) as store:
        store.ingest([coder.code_text(seed_text, doc_id="seed", published="2025-05-06")])
        store.ingest(synthetic.documents(400))
        store.ingest([coder.code_text(HOSTILE, doc_id="hostile", published="2025-05-06")])
        store.ingest(stream_documents([TURN], date(2025, 3, 3), 60, seed=3))
    with serving(create_app(str(db), coder=coder, token="")) as url:
        yield url


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


def test_alerts_panel_opens_timeline_band_and_evidence(page: Any, server: str) -> None:
    """Alerts lists SRB↔XKX's turn; opening it draws the band and lists events with their Why?"""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{server}/#alerts")
    row = page.locator("#alerts-table tbody tr[data-key]", has_text="SRB ↔ XKX").first
    row.wait_for(timeout=30_000)
    assert "2026-04-20" in row.text_content()
    row.click()
    page.locator("#chart-alert .main-svg").first.wait_for(timeout=30_000)
    legend = page.locator("#chart-alert .legendtext").all_text_contents()
    assert "baseline 95% band" in legend and "baseline" in legend
    assert (
        page.locator("#chart-alert .shapelayer path, #chart-alert .layer-below path").count() >= 1
    )
    events = page.locator("#alert-events tbody tr[data-key]")
    assert events.count() >= 1
    events.first.click()
    page.locator("#alert-why code.rule").wait_for(timeout=10_000)
    why = page.locator("#alert-why").text_content()
    assert "/synthetic" in why and "stream-0000-2026-04-" in why and "after dedup" in why
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / "alerts.png"), full_page=True)
    assert page.errors == [] and page.outside == []


def test_api_docs_page_is_local(page: Any, server: str) -> None:
    """/docs renders the OpenAPI operations without loading anything from another host."""
    page.goto(f"{server}/docs")
    page.locator(".op").first.wait_for(timeout=10_000)
    assert page.locator(".op", has_text="/v1/events").count() >= 1
    page.screenshot(path=str(SCREENSHOTS / "api-docs.png"), full_page=True)
    assert page.errors == [] and page.outside == []
