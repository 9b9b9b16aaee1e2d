"""GET /v1/documents/{ref} and GET /v1/facets against the real app on loopback: an article whole
with its events, and facet counts (events, not mentions) whose values are filters."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from dyad import Coder
from dyad.api import create_app
from dyad.demo import DEMO_PUBLISHED
from dyad.records import DocumentInput
from dyad.store import Store, synthetic
from dyad.store.dedup import deduplicate

from .live import serving

COPIES = 3


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, coder: Coder, demo_text: str) -> Iterator[str]:
    """Three deduplicated copies of the demo article (each its own publisher) and 200 synthetic events."""
    db = tmp_path_factory.mktemp("browse") / "events.duckdb"
    copies = [
        DocumentInput(id=f"copy{i}", text=f"Wire copy {i}\n\n{demo_text}",
                      published=DEMO_PUBLISHED, source=f"Paper {i}", title=f"Copy {i}")
        for i in range(COPIES)
    ]  # fmt: skip
    with Store.open(db) as store:
        store.ingest(coder.code(copies))
        store.ingest(synthetic.documents(200))
        deduplicate(store)
    with serving(create_app(str(db), coder=coder, token="")) as url:
        yield url


def _get(url: str, **params: object) -> httpx.Response:
    return httpx.get(url, params=params, timeout=60)


def test_a_document_comes_whole_with_every_event_marked(server: str, demo_text: str) -> None:
    """By doc_id or by an event's doc_hash: the stored text, metadata, and each event whose
    evidence and actor spans are the text at their offsets, the trigger inside the evidence."""
    doc = _get(f"{server}/v1/documents/copy1").json()
    assert doc["doc_id"] == "copy1" and doc["title"] == "Copy 1" and doc["publisher"] == "Paper 1"
    assert doc["text"] == f"Wire copy 1\n\n{demo_text}"
    listed = _get(f"{server}/v1/events", doc_id="copy1", limit=500).json()
    assert len(doc["events"]) == listed["total"] > 3
    assert {e["key"] for e in doc["events"]} == {e["key"] for e in listed["events"]}
    starts = [e["start"] for e in doc["events"]]
    assert starts == sorted(starts)
    text = doc["text"]
    for event in doc["events"]:
        assert event["evidence"] == text[event["start"] : event["end"]]
        # the trigger is marked inside the evidence (its words may be lemmas: "pay visit")
        assert event["start"] <= event["trigger_start"] < event["trigger_end"] <= event["end"]
        for actor in (event["source"], event["target"]):
            if actor and actor["start"] is not None:
                assert text[actor["start"] : actor["end"]] == actor["text"]
    sentences = {s["index"]: s for s in doc["sentences"]}
    for event in doc["events"]:  # each event lies in the sentence it names
        where = sentences[event["sentence"]]
        assert where["start"] <= event["start"] < event["end"] <= where["end"]
    assert any(e["historical"] for e in doc["events"])  # the whole article: history too
    by_hash = _get(f"{server}/v1/documents/{doc['doc_hash']}").json()
    assert by_hash == doc


def test_an_unknown_document_is_a_404_that_says_where_ids_come_from(server: str) -> None:
    """No such document: 404 naming the reference and where doc_id and doc_hash are found."""
    answer = _get(f"{server}/v1/documents/no-such-article")
    assert answer.status_code == 404
    assert "no-such-article" in answer.json()["detail"] and "doc_hash" in answer.json()["detail"]


def test_facets_count_events_not_mentions(server: str) -> None:
    """The demo article's three copies count once per event; count=mentions counts each copy."""
    dyad = {"dyad": "BRA,ZAF"}
    events = _get(f"{server}/v1/facets", **dyad).json()
    mentions = _get(f"{server}/v1/facets", count="mentions", **dyad).json()
    assert events["count"] == "events" and events["total"] > 0
    assert mentions["total"] == COPIES * events["total"]
    countries = {f["value"]: f["events"] for f in events["country"]}
    assert countries["BRA"] == countries["ZAF"] == events["total"]
    assert sum(f["events"] for f in mentions["publisher"]) == mentions["total"]


def test_every_facet_value_is_a_filter_of_the_events_it_counts(server: str) -> None:
    """country=, root= and publisher= narrow /v1/facets (and /v1/dyads) to each value's count."""
    found = _get(f"{server}/v1/facets", limit=3).json()
    for name in ("country", "root", "publisher"):
        assert found[name], name
        for value in found[name]:
            narrowed = _get(f"{server}/v1/facets", **{name: value["value"]}).json()
            assert narrowed["total"] == value["events"], (name, value)
    country = found["country"][0]["value"]
    pairs = _get(f"{server}/v1/dyads", country=country.lower(), limit=1000).json()["dyads"]
    assert pairs and all(country in (p["actor_a"], p["actor_b"]) for p in pairs)
    listed = _get(f"{server}/v1/events", publisher="Paper 2", limit=500).json()
    assert listed["total"] > 0 and {e["doc_id"] for e in listed["events"]} == {"copy2"}


def test_facets_refuse_unknown_parameters_and_bad_values(server: str) -> None:
    """A misspelt filter or a country that is not three letters is a 400/422 that says why."""
    assert _get(f"{server}/v1/facets", contry="CHN").status_code == 400
    bad = _get(f"{server}/v1/facets", country="China")
    assert bad.status_code == 422 and "country" in bad.text
