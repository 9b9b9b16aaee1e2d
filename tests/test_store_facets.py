"""store.facets: events per country, root and publisher, counted once after dedup, each value a
filter that narrows to exactly the events counted for it."""

from __future__ import annotations

from pathlib import Path

from dyad.records import DocumentResult
from dyad.store import Store
from dyad.store.dedup import deduplicate
from dyad.store.events import Filters
from dyad.store.facets import FacetCount, facets
from dyad.store.synthetic import make_event


def _paper(doc: str, publisher: str, *pairs: tuple[str, str, str], **kw: object) -> DocumentResult:
    events = tuple(
        make_event(f"{doc}:{i}:0", a, b, cameo, sentence=i, date="2025-03-04", **kw)  # type: ignore[arg-type]
        for i, (a, b, cameo) in enumerate(pairs)
    )
    return DocumentResult(
        doc, "2025-03-04", "ok", events=events, text=f"{doc} " * 300, source=publisher
    )


def _store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "f.duckdb")
    store.ingest([
        _paper("a", "Wire", ("ARMGOV", "AZE", "190"), ("FRAGOV", "DEU", "042")),
        _paper("b", "Daily", ("ARMGOV", "ARMMIL", "190")),
        _paper("c", "Daily", ("RUS", "UKR", "190"), modality="hypothetical"),
    ])  # fmt: skip
    return store


def test_counts_by_country_root_and_publisher(tmp_path: Path) -> None:
    """Both sides' countries count, a self-pair once; hypothetical reports stay out by default."""
    with _store(tmp_path) as store:
        found = facets(store)
    assert found.total == 3
    assert found.country == (
        FacetCount("ARM", 2),
        FacetCount("AZE", 1),
        FacetCount("DEU", 1),
        FacetCount("FRA", 1),
    )
    assert found.root == (FacetCount("19", 2), FacetCount("04", 1))
    assert found.publisher == (FacetCount("Wire", 2), FacetCount("Daily", 1))


def test_every_value_is_a_filter_that_takes_back_its_count(tmp_path: Path) -> None:
    """Filtering on a facet value gives a total equal to that value's count, facet by facet."""
    with _store(tmp_path) as store:
        found = facets(store, Filters.everything())
        for name in ("country", "root", "publisher"):
            for value in getattr(found, name):
                narrowed = facets(store, Filters.everything(**{name: value.value}))
                assert narrowed.total == value.events, (name, value)
    assert FacetCount("RUS", 1) in found.country  # everything() keeps the hypothetical report


def test_events_not_mentions_after_dedup(tmp_path: Path) -> None:
    """Three papers reporting one fight are one event; count='mentions' counts the three reports."""
    with Store.open(tmp_path / "d.duckdb") as store:
        store.ingest([_paper(f"p{i}", f"Paper {i}", ("ARMGOV", "AZE", "190")) for i in range(3)])
        deduplicate(store)
        events = facets(store)
        mentions = facets(store, count="mentions")
    assert events.total == 1 and events.country == (FacetCount("ARM", 1), FacetCount("AZE", 1))
    assert mentions.total == 3 and mentions.root == (FacetCount("19", 3),)
    assert len(mentions.publisher) == 3 and len(events.publisher) == 1


def test_limit_keeps_the_most_common_values(tmp_path: Path) -> None:
    """limit=1 keeps the largest value of each facet."""
    with _store(tmp_path) as store:
        found = facets(store, limit=1)
    assert found.country == (FacetCount("ARM", 2),) and found.root == (FacetCount("19", 2),)
