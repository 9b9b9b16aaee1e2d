"""watch() on real DuckDB files: planted streams, events counted after dedup, the current view,
and the events behind each alert."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from dyad.store import QueryError, Store
from dyad.store.dedup import deduplicate
from dyad.store.synthetic_streams import Shift, Stream, stream_documents
from dyad.watch import METRICS, WatchOptions, watch

from .test_store_counted import _reports

START = date(2024, 1, 1)
ONSET = date(2025, 3, 3)  # week 61
TURNING = Stream("ARM", "AZE", 40.0, 10.0, Shift(ONSET, 5.0, weeks=2))
QUIET = Stream("FRA", "DEU", 40.0, 10.0)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two streams over 64 weeks: Armenia-Azerbaijan turns in week 61, France-Germany never."""
    path = tmp_path_factory.mktemp("watch") / "streams.duckdb"
    with Store.open(path) as store:
        store.ingest(stream_documents([TURNING, QUIET], START, 64, seed=11))
    return path


def test_the_planted_shift_is_found_and_the_quiet_dyad_is_not(db: Path) -> None:
    """Every week tested: alerts for ARM-AZE at the onset week (and after), none for FRA-DEU."""
    with Store.open(db, read_only=True) as store:
        report = watch(store, WatchOptions(since=START + timedelta(weeks=55)))
    pairs = {(a.actor_a, a.actor_b) for a in report.alerts}
    assert pairs == {("ARM", "AZE")}
    first = min(a.period for a in report.alerts)
    assert first == ONSET
    assert {"conflict", "material_conflict"} <= {a.metric for a in report.alerts}
    assert len(report.periods) == 9 and report.dyads == 2


def test_an_alert_names_its_events_with_evidence(db: Path) -> None:
    """The events behind a surge are the dyad's conflict events of the window, with spans."""
    with Store.open(db, read_only=True) as store:
        report = watch(store, WatchOptions(since=ONSET, top=3))
        alert = next(a for a in report.alerts if a.metric == "material_conflict")
        assert len(alert.events) == 3
        for event in alert.events:
            assert event.quad_class == 4 and alert.onset <= event.day <= alert.period_end
            assert event.evidence and event.evidence.startswith("Synthetic report")
            row = store.fetch("SELECT event_key FROM events WHERE event_id = ?", [event.event_id])
            assert row[0][0] == event.key
    assert alert.band_low is not None and alert.band_high is not None
    assert alert.band_high < alert.observed and alert.p_value <= alert.alpha
    # the dyad's budget for the week, split among the tests applied to it
    assert alert.alpha in {report.period_alpha / m for m in range(1, len(METRICS) + 1)}
    assert report.alpha == report.period_alpha / len(METRICS) <= alert.alpha
    assert len(alert.series) == 52 + 3 and alert.series[-1].value == alert.observed
    assert alert.to_dict()["events"][0]["key"] == str(alert.events[0].key)


def test_one_dyad_and_directed_and_code_level(db: Path) -> None:
    """--dyad keeps one pair; directed and code level name their sides as stored."""
    with Store.open(db, read_only=True) as store:
        only = watch(store, WatchOptions(since=ONSET, dyad=("FRA", "DEU")))
        assert only.alerts == () and only.dyads == 1
        directed = watch(store, WatchOptions(since=ONSET, directed=True, min_events=5))
        assert {(a.actor_a, a.actor_b) for a in directed.alerts} <= {("ARM", "AZE"), ("AZE", "ARM")}
        assert any(a.directed for a in directed.alerts)
        code = watch(store, WatchOptions(since=ONSET, level="code", min_events=5))
        assert all(a.actor_a.endswith("GOV") or a.actor_b.endswith("GOV") for a in code.alerts)


def test_bad_options_are_refused(db: Path) -> None:
    """Unknown periods and levels, or a zero FDR, are QueryErrors naming the option."""
    with Store.open(db, read_only=True) as store:
        for options, word in (
            (WatchOptions(period="year"), "period"), (WatchOptions(level="galaxy"), "level"),
            (WatchOptions(fdr=0.0), "fdr"), (WatchOptions(baseline=2), "baseline"),
        ):  # fmt: skip
            with pytest.raises(QueryError, match=word):
                watch(store, options)


def test_an_empty_store_has_no_alerts(tmp_path: Path) -> None:
    """No events: no periods, no tests, no alerts."""
    with Store.open(tmp_path / "empty.duckdb") as store:
        report = watch(store)
    assert report.alerts == () and report.periods == () and report.tests == 0


def test_watch_counts_events_not_reports(tmp_path: Path) -> None:
    """A fight reported by 30 papers is one event: after dedup it is no surge by itself."""
    calm = replace(QUIET, actor_a="ARM", actor_b="AZE", rate=20.0)
    docs = list(stream_documents([calm], START, 60, seed=5))
    last = START + timedelta(weeks=59, days=1)
    copies = [_reports(f"wire{i}", last.isoformat(), 1) for i in range(30)]
    with Store.open(tmp_path / "d.duckdb") as store:
        store.ingest([*docs, *copies])
        before = {a.metric for a in watch(store).alerts}
        deduplicate(store)
        after = {a.metric for a in watch(store).alerts}
    assert "material_conflict" in before or "conflict" in before
    assert not after & {"material_conflict", "conflict"}
