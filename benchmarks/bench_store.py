"""Benchmark of the event store: load 1,000,000 synthetic events, then time the common queries.

Generates events with :mod:`dyad.store.synthetic` (about 200 actor codes, CAMEO codes weighted as in
news event data, ten years of dates), stores them with ``Store.ingest`` (the same path ``dyad ingest``
uses, one transaction per batch) and reports rows/s and the file size. Generation is not timed.
Then, on a read-only connection, it times a dyad's monthly time series and the top-20 dyads and
reports the median of ``--runs`` runs of each against the goal (200 ms).

    python benchmarks/bench_store.py [--events 1000000] [--runs 5] [--db FILE] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from dyad import DocumentResult
from dyad.store import Store
from dyad.store.query import dyad_series, top_dyads
from dyad.store.synthetic import Vocabulary, documents

log = logging.getLogger(__name__)

GOAL_MS = 200.0
PER_DOCUMENT = 20
BATCH_DOCUMENTS = 2500  # 50,000 events per transaction


def _say(text: str, *, err: bool = False) -> None:
    """Write one line of the report (this module is a command)."""
    (sys.stderr if err else sys.stdout).write(text + "\n")


def load(path: Path, n_events: int) -> dict[str, Any]:
    """Store ``n_events`` synthetic events; time only the store's work."""
    stream = documents(n_events, per_document=PER_DOCUMENT, vocabulary=Vocabulary.load())
    elapsed = cpu = 0.0
    events = 0
    with Store.open(path) as store:
        for chunk in _chunks(stream, BATCH_DOCUMENTS):
            started, started_cpu = time.perf_counter(), time.process_time()
            events += store.ingest(chunk, batch_size=BATCH_DOCUMENTS).events
            elapsed += time.perf_counter() - started
            cpu += time.process_time() - started_cpu
    return {
        "events": events,
        "load_s": round(elapsed, 2),
        "load_cpu_s": round(cpu, 2),  # all threads; steadier than wall time on a busy machine
        "rows_per_s": round(events / elapsed),
        "file_mb": round(path.stat().st_size / 1e6, 1),
    }


def _chunks(stream: Iterator[DocumentResult], size: int) -> Iterator[list[DocumentResult]]:
    while chunk := list(islice(stream, size)):
        yield chunk


def median_ms(run: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    """Median wall time of ``runs`` calls, in milliseconds, and every timing."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1), [round(t, 1) for t in times]


def time_queries(path: Path, runs: int, pair: tuple[str, str]) -> dict[str, Any]:
    """Median latency of a dyad's monthly series and of the top-20 dyads."""
    with Store.open(path, read_only=True) as store:
        series_ms, series_all = median_ms(lambda: dyad_series(store, *pair, period="month"), runs)
        top_ms, top_all = median_ms(lambda: top_dyads(store, limit=20), runs)
        months = len(dyad_series(store, *pair, period="month").rows)
    return {
        "dyad": f"{pair[0]}-{pair[1]}",
        "series_months": months,
        "series_median_ms": series_ms,
        "series_runs_ms": series_all,
        "top20_median_ms": top_ms,
        "top20_runs_ms": top_all,
        "goal_ms": GOAL_MS,
        "goal_met": series_ms < GOAL_MS and top_ms < GOAL_MS,
    }


def run(n_events: int, runs: int, db: Path | None) -> dict[str, Any]:
    """Load, then query; the database is a temporary file unless ``db`` is given."""
    with tempfile.TemporaryDirectory() as folder:
        path = db or Path(folder) / "bench.duckdb"
        if path.exists():
            raise SystemExit(f"{path} exists; give --db a new file name")
        report = load(path, n_events)
        report.update(time_queries(path, runs, ("CHN", "RUS")))
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, default=None, help="keep the database here")
    parser.add_argument("--json", type=Path, default=None, help="also write the report here")
    args = parser.parse_args(argv)
    report = run(args.events, args.runs, args.db)
    _say(
        f"store: loaded {report['events']:,} events in {report['load_s']} s "
        f"({report['rows_per_s']:,} rows/s; {report['load_cpu_s']} s CPU), "
        f"file {report['file_mb']} MB\n"
        f"store: {report['dyad']} monthly series ({report['series_months']} months) median "
        f"{report['series_median_ms']} ms; top-20 dyads median {report['top20_median_ms']} ms "
        f"(goal < {GOAL_MS:.0f} ms: {'met' if report['goal_met'] else 'NOT met'})"
    )
    if args.json is not None:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
