"""follow(): re-checks only when the store changed, hands on each alert once, survives a restart
through its JSONL file, and waits out a writer's lock."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from dyad.store import Store
from dyad.store.synthetic_streams import Shift, Stream, stream_documents
from dyad.watch import WatchOptions
from dyad.watch.follow import append_jsonl, follow, keys_in

START = date(2024, 1, 1)


def _store(path: Path, weeks: int) -> None:
    stream = Stream("ARM", "AZE", 40.0, 10.0, Shift(date(2025, 3, 3), 6.0, weeks=3))
    with Store.open(path) as store:
        docs = list(stream_documents([stream], START, 64, seed=11))
        last = START.toordinal() + weeks * 7
        store.ingest([d for d in docs if date.fromisoformat(d.published or "").toordinal() < last])


def test_alerts_are_handed_on_once_and_only_after_a_change(tmp_path: Path) -> None:
    """Three visits without a change: the first hands on the alerts, the others nothing."""
    db = tmp_path / "f.duckdb"
    _store(db, 62)
    visits = list(follow(db, WatchOptions(), interval=0, checks=3, sleep=lambda _: None))
    assert len(visits) == 3 and visits[0] and visits[1:] == [[], []]


def test_a_new_week_brings_new_alerts(tmp_path: Path) -> None:
    """Between two visits more documents arrive: the second visit hands on the new week's alerts."""
    db = tmp_path / "g.duckdb"
    _store(db, 62)  # up to the onset week, 2025-03-03
    seen: set[str] = set()
    first = next(follow(db, WatchOptions(), checks=1, seen=seen))
    _store(db, 63)  # the same stream one week further: only the new documents are stored
    second = next(follow(db, WatchOptions(), checks=1, seen=seen))
    assert first and second
    assert {a.period for a in second} == {date(2025, 3, 10)} and not {a.key for a in first} & {
        a.key for a in second
    }


def test_jsonl_round_trip_and_restart(tmp_path: Path) -> None:
    """Alerts appended to a JSONL file are not handed on again by a watcher that reads it."""
    db, out = tmp_path / "h.duckdb", tmp_path / "alerts.jsonl"
    _store(db, 62)
    alerts = next(follow(db, WatchOptions(), checks=1))
    append_jsonl(out, alerts)
    out.write_text(out.read_text() + "not json\n")
    keys = keys_in(out)
    assert keys == {a.key for a in alerts}
    assert [json.loads(line)["key"] for line in out.read_text().splitlines()[:-1]] == [
        a.key for a in alerts
    ]
    assert next(follow(db, WatchOptions(), checks=1, seen=keys)) == []
    assert keys_in(tmp_path / "missing.jsonl") == set()


def test_a_locked_store_is_visited_again(tmp_path: Path) -> None:
    """While another process writes, a visit hands on nothing; the next visit, after it, works."""
    db = tmp_path / "l.duckdb"
    _store(db, 62)
    hold = "import sys, time; from dyad.store import Store; s = Store.open(sys.argv[1]); "
    hold += "print('held', flush=True); time.sleep(2); s.close()"
    holder = subprocess.Popen(
        [sys.executable, "-c", hold, str(db)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    visits = list(follow(db, WatchOptions(), checks=2, sleep=lambda _: holder.wait(timeout=60)))
    assert visits[0] == [] and visits[1]
