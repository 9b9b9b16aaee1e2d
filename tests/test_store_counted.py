"""store.counted: the events that count are dedup clusters of the reports the current view keeps."""

from __future__ import annotations

from pathlib import Path

from dyad.records import DocumentResult
from dyad.store import Store
from dyad.store.counted import counted_events
from dyad.store.dedup import deduplicate
from dyad.store.events import Filters
from dyad.store.synthetic import make_event


def _reports(doc: str, day: str, n: int, **kw: object) -> DocumentResult:
    events = tuple(
        make_event(f"{doc}:{i}:0", "ARMGOV", "AZE", "190", sentence=i, date=day, goldstein=-10.0,
                   quad_class=4, **kw)  # type: ignore[arg-type]
        for i in range(n)
    )  # fmt: skip
    return DocumentResult(doc, day, "ok", events=events, text=f"{doc} " * 200, source=doc)


def test_counted_events_are_clusters_of_current_reports(tmp_path: Path) -> None:
    """Three papers report one fight: one counted event with 3 reports; hypotheticals never count."""
    with Store.open(tmp_path / "c.duckdb") as store:
        store.ingest([_reports(f"paper{i}", "2025-03-04", 1) for i in range(3)])
        store.ingest([_reports("maybe", "2025-03-04", 2, modality="hypothetical")])
        query, params = counted_events()
        before = store.fetch(f"SELECT count(*), max(reports) FROM ({query})", params)[0]
        deduplicate(store)
        after = store.fetch(f"SELECT count(*), max(reports) FROM ({query})", params)[0]
    assert before == (3, 1)  # before dedup each report is its own event
    assert after == (1, 3)


def test_filters_choose_the_reports_before_grouping(tmp_path: Path) -> None:
    """Filters.everything() counts the hypothetical reports too; representatives are the earliest."""
    with Store.open(tmp_path / "e.duckdb") as store:
        store.ingest([_reports("late", "2025-03-05", 1), _reports("early", "2025-03-04", 1)])
        deduplicate(store)
        query, params = counted_events(Filters.everything())
        rows = store.fetch(f"SELECT doc_id, day, reports FROM ({query})", params)
    assert [(r[0], r[1].isoformat(), r[2]) for r in rows] == [("early", "2025-03-04", 2)]
