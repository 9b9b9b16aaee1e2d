"""The Explore page as a research tool, in Debian's Chromium driven by Playwright: the view in
the URL, downloads, sorting, totals, actor suggestions, charts that answer the filters, a
network with a Goldstein legend that filters on click, a map on country outlines, facet counts
that filter on click, and an article's own page with its events marked. Screenshots go to
build/screenshots/."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dyad import Coder
from dyad.api import create_app
from dyad.demo import DEMO_PUBLISHED
from dyad.records import DocumentInput
from dyad.store import Store, synthetic
from dyad.store.dedup import deduplicate

from .live import BROWSER_TESTS, SCREENSHOTS, serving

pytestmark = BROWSER_TESTS
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, coder: Coder, demo_text: str) -> Iterator[str]:
    """Three copies of the demo article (deduplicated) and 300 synthetic documents, on loopback."""
    db = tmp_path_factory.mktemp("views") / "events.duckdb"
    copies = [DocumentInput(id=f"copy{i}", text=f"Wire copy {i}\n\n{demo_text}",
                            published=DEMO_PUBLISHED) for i in range(3)]  # fmt: skip
    located = [DocumentInput(id=f"trip{i}", text=text, published=DEMO_PUBLISHED) for i, text in enumerate((
        "South African President Cyril Ramaphosa visited Brasilia on Monday.",
        "Kenyan President William Ruto met Ethiopian officials in Addis Ababa on Tuesday.",
        "Indonesian troops clashed with protesters in Jakarta on Sunday.",
    ))]  # fmt: skip
    with Store.open(db) as store:
        store.ingest(coder.code(copies + located))
        store.ingest(synthetic.documents(300))
        deduplicate(store)
    with serving(create_app(str(db), coder=coder, token="")) as url:
        yield url


def _until(page: Any, done: Any, tries: int = 100) -> None:
    """Wait (at most 100 x 100 ms) until ``done()`` holds; fail if it never does."""
    for _ in range(tries):
        if done():
            return
        page.wait_for_timeout(100)
    raise AssertionError("the page never reached the expected state")


def _rows(page: Any) -> Any:
    return page.locator("#explore-events tbody tr[data-key]")


def test_the_view_lives_in_the_url_and_downloads_what_is_shown(page: Any, server: str) -> None:
    """#explore?actor=BRA&root=04 fills the form, lists only those events with a total, keeps
    them on reload, and its CSV and JSON links download the same events."""
    page.goto(f"{server}/#explore?actor=BRA&root=04")
    _rows(page).first.wait_for(timeout=30_000)
    assert page.input_value("#filters input[name=actor]") == "BRA"
    assert page.input_value("#filters input[name=root]") == "04"
    count = page.text_content("#explore-count")
    shown = _rows(page).count()
    assert f"({shown} shown of {shown} matching)" == count
    assert all(row.get_attribute("data-cameo").startswith("04") for row in _rows(page).all())
    page.reload()
    _rows(page).first.wait_for(timeout=30_000)
    assert page.input_value("#filters input[name=actor]") == "BRA" and _rows(page).count() == shown
    with page.expect_download() as download:
        page.click("#download-events-csv")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == shown and all(r["root"] == "04" for r in rows)
    assert all("BRA" in (r["source"] + r["target"]) for r in rows)
    assert "actor=BRA" in page.get_attribute("#download-events-json", "href")
    assert page.errors == [] and page.outside == []


def test_columns_sort_and_actor_names_are_suggested(page: Any, server: str) -> None:
    """Clicking the confidence header sorts the rows; typing a name offers its code."""
    page.goto(f"{server}/#explore")
    _rows(page).first.wait_for(timeout=30_000)
    page.click("#explore-events thead th:nth-child(6)")
    values = [
        float(v)
        for v in page.locator(
            "#explore-events tbody tr[data-key] td:nth-child(6)"
        ).all_text_contents()
    ]
    assert values == sorted(values) and len(values) > 1
    page.click("#explore-events thead th:nth-child(6)")
    again = [
        float(v)
        for v in page.locator(
            "#explore-events tbody tr[data-key] td:nth-child(6)"
        ).all_text_contents()
    ]
    assert again == sorted(values, reverse=True)
    page.fill("#filters input[name=actor]", "South Afr")
    page.locator("#actor-names option").first.wait_for(state="attached", timeout=10_000)
    assert "ZAF" in page.locator("#actor-names option").evaluate_all("os => os.map(o => o.value)")
    assert page.errors == [] and page.outside == []


def test_network_legend_click_and_charts_that_answer_the_filters(page: Any, server: str) -> None:
    """The network has a Goldstein colour legend; clicking an actor filters the whole view to it;
    the network and map data then hold only that actor's events."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{server}/#explore")
    for chart in ("#chart-timeline", "#chart-network", "#chart-map"):
        page.locator(f"{chart} .main-svg").first.wait_for(timeout=30_000)
    assert page.locator("#chart-network .colorbar").count() == 1
    assert "Goldstein" in page.locator("#chart-network .colorbar").text_content()
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / "explore-view.png"), full_page=True)
    page.locator("#chart-network").screenshot(path=str(SCREENSHOTS / "network.png"))
    point = page.locator("#chart-network .scatterlayer .trace").nth(-2).locator("path.point").first
    box = point.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    _until(page, lambda: "actor=" in page.url)
    actor = page.input_value("#filters input[name=actor]")
    assert actor and f"actor={actor}" in page.url
    network = page.request.get(server + page.get_attribute("#download-network", "href")).json()
    assert network["edges"] and all(actor in (e["source"], e["target"]) for e in network["edges"])
    assert f"actor={actor}" in page.get_attribute("#download-map", "href")
    assert page.errors == [] and page.outside == []


def test_the_map_draws_country_outlines_shipped_with_dyad(page: Any, server: str) -> None:
    """The map draws Natural Earth's 177 country outlines from /static/map (nothing fetched from
    another host) under the located events, each labelled with its place."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{server}/#explore")
    page.locator("#chart-map .main-svg").first.wait_for(timeout=30_000)
    assert page.get_attribute("#chart-map", "data-countries") == "177"
    traces = page.locator("#chart-map .scatterlayer .trace")
    assert traces.count() == 2
    rings = traces.first.locator("path.js-line")  # plotly draws each ring as its own path
    assert rings.count() > 177 and len(rings.first.get_attribute("d") or "") > 20
    labels = (
        page.locator("#chart-map .scatterlayer .trace").nth(1).locator("text").all_text_contents()
    )
    places = page.request.get(server + page.get_attribute("#download-map", "href")).json()
    assert places["locations"] and set(labels) == {p["name"] for p in places["locations"]}
    page.wait_for_timeout(300)
    page.locator("#chart-map").screenshot(path=str(SCREENSHOTS / "map.png"))
    assert page.errors == [] and page.outside == []


def test_facets_count_and_a_click_adds_the_filter(page: Any, server: str) -> None:
    """Country, root and publisher facets list counts; clicking a country narrows the table,
    the URL and the other facets to it, and the facets' total matches the filtered count."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{server}/#explore?historical=false&min_confidence=0.5&modality=occurred")
    country = page.locator("#explore-facets [data-facet=country] button").first
    country.wait_for(timeout=30_000)
    for facet in ("root", "publisher"):
        assert page.locator(f"#explore-facets [data-facet={facet}] button").count() >= 1
    page.wait_for_timeout(300)
    page.locator("#explore-facets").screenshot(path=str(SCREENSHOTS / "facets.png"))
    value = country.get_attribute("data-value")
    count = int(country.locator(".n").text_content())
    country.click()
    _until(page, lambda: f"country={value}" in page.url)
    assert page.input_value("#filters input[name=country]") == value
    sync_api.expect(page.locator("#explore-count")).to_contain_text(
        f"of {count} matching", timeout=30_000
    )
    first = page.locator("#explore-facets [data-facet=country] button").first
    sync_api.expect(first).to_have_attribute("data-value", value, timeout=30_000)
    assert int(first.locator(".n").text_content()) == count
    for row in _rows(page).all():
        assert value in row.text_content()  # the country's code is in its source or target
    assert page.errors == [] and page.outside == []


def test_the_article_page_marks_every_event_and_explains_each(page: Any, server: str) -> None:
    """From an event's Why? panel the whole article opens with all its events listed and marked
    (triggers, sources, targets, the chosen event's evidence); choosing another event explains it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{server}/#explore?doc_id=copy1")
    _rows(page).first.wait_for(timeout=30_000)
    total = int(page.text_content("#explore-count").split(" of ")[1].split()[0])
    _rows(page).filter(has_text="Make a visit").first.click()
    link = page.locator("#explore-why a.open-document")
    link.wait_for(timeout=10_000)
    link.click()
    _until(page, lambda: page.url.split("#")[1].startswith("document?"))
    events = page.locator("#document-events tbody tr[data-key]")
    events.first.wait_for(timeout=30_000)
    assert events.count() == total
    text = page.locator("#document-text")
    assert "Lula to visit South Africa" in text.text_content()
    doc = page.request.get(f"{server}/v1/documents/copy1").json()
    starts = {
        kind: {
            int(v)
            for v in text.locator(f".mark.{kind}").evaluate_all(
                "ms => ms.map(m => m.dataset.start)"
            )
        }
        for kind in ("trigger", "actor")
    }
    for event in doc["events"]:  # every event's trigger and actors are marked where they begin
        assert event["trigger_start"] in starts["trigger"], event["id"]
        for actor in (event["source"], event["target"]):
            if actor and actor["start"] is not None:
                assert actor["start"] in starts["actor"], (event["id"], actor)
    focus = text.locator(".mark.focus")
    assert focus.count() >= 1 and "state visit" in " ".join(focus.all_text_contents())
    assert page.locator("#document-events tbody tr.selected").count() == 1
    assert "042/" in page.locator("#document-why code.rule").text_content()
    historical = events.filter(has_text="historical").first
    historical.click()
    sync_api.expect(page.locator("#document-why")).to_contain_text("historical", timeout=10_000)
    key = historical.get_attribute("data-key")
    assert f"event={key}" in page.url
    page.wait_for_timeout(200)
    page.screenshot(path=str(SCREENSHOTS / "document.png"), full_page=True)
    page.reload()  # the article and its chosen event live in the URL
    page.locator("#document-events tbody tr.selected").wait_for(timeout=30_000)
    assert page.get_attribute("#document-events tbody tr.selected", "data-key") == key
    assert page.errors == [] and page.outside == []
