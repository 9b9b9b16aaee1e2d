"""Exports of the stored events: GDELT 2.0 Events, PLOVER JSON, Parquet, CSV and JSON lines.

* ``gdelt``: the 61 GDELT 2.0 Events columns, tab-separated, no header; one row per real-world
  event: a deduplicated cluster (its first report, with NumMentions/NumSources/NumArticles), or a
  single report when ``dyad dedup`` has not grouped it (counts 1).
* ``plover``: PLOVER JSON records, one per line (events whose CAMEO code has no PLOVER type are
  left out and counted).
* ``parquet``: the ``events`` table as it is stored, every column, typed (round-trips exactly).
* ``csv``: the same columns with a header; ``flags`` joined with ``|``.
* ``jsonl``: one event per line in dyad's contract shape, with ``doc_id``, ``published``, ``url``
  and ``event_key``.

``where`` is an SQL condition on the columns of ``events`` (e.g. ``root = '19' AND day >= '2024-01-01'``);
it runs on a read-only connection and must be one expression, nothing else.
"""

from __future__ import annotations

import contextlib
import csv
import json
import logging
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from . import _gdelt, _plover
from ._errors import QueryError
from ._rows import event_from_row
from ._sql import check_condition
from .ingest import Store
from .schema import EVENTS, column_names

log = logging.getLogger(__name__)

FORMATS = ("gdelt", "plover", "parquet", "csv", "jsonl")
GDELT_COLUMNS = _gdelt.COLUMNS

_BATCH_ROWS = 65536

_RICH = """
SELECT e.*, d.url, d.published, d.ingested_at,
       substr(d.text, e.start + 1, e."end" - e.start) AS evidence,
       s.lead_sentence, m.cluster_id, c.num_mentions, c.num_sources, c.num_articles
FROM (SELECT * FROM events WHERE ({where})) e
JOIN documents d USING (doc_hash)
LEFT JOIN (SELECT doc_hash, min(sentence) AS lead_sentence FROM sentences
           WHERE kind = 'body' GROUP BY doc_hash) s USING (doc_hash)
LEFT JOIN mentions m ON m.event_key = e.event_key
LEFT JOIN clusters c ON c.cluster_id = m.cluster_id
WHERE {keep}
ORDER BY e.day NULLS LAST, e.doc_id, e.sentence, e.event_id
"""

_PLAIN = """
SELECT * FROM events WHERE ({where})
ORDER BY day NULLS LAST, doc_id, sentence, event_id
"""


@dataclass(frozen=True, slots=True)
class ExportStats:
    """Rows written, and events left out (PLOVER: no PLOVER type for the CAMEO code)."""

    rows: int
    left_out: int = 0


def export(store: Store, fmt: str, out: str | Path, *, where: str | None = None) -> ExportStats:
    """Write the events (those matching ``where``) to ``out`` (``-``: stdout) in ``fmt``."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    condition = _condition(store, where)
    if fmt == "parquet":
        if str(out) == "-":
            raise QueryError("Parquet is binary; give --out a file name such as events.parquet")
        return _parquet(store, condition, Path(out))
    with _text_out(out) as stream:
        return _WRITERS[fmt](store, condition, stream)


def _condition(store: Store, where: str | None) -> str:
    if where is None or not where.strip():
        return "TRUE"
    check_condition(store.con, where)
    return f"\n{where}\n"  # line breaks end any trailing -- comment inside the condition


@contextlib.contextmanager
def _text_out(out: str | Path) -> Iterator[TextIO]:
    if str(out) == "-":
        yield sys.stdout
        return
    with Path(out).open("w", encoding="utf-8", newline="") as fh:
        yield fh


def _records(store: Store, query: str) -> Iterator[dict[str, Any]]:
    for batch in store.con.sql(query).to_arrow_reader(_BATCH_ROWS):
        yield from batch.to_pylist()


def _rich(store: Store, condition: str, *, first_only: bool) -> Iterator[dict[str, Any]]:
    keep = "m.event_key IS NULL OR m.is_first" if first_only else "TRUE"
    return _records(store, _RICH.format(where=condition, keep=keep))


# --- writers ----------------------------------------------------------------------------------------


def _gdelt_rows(store: Store, condition: str, stream: TextIO) -> ExportStats:
    rows = 0
    for record in _rich(store, condition, first_only=True):
        stream.write(_gdelt.line(record) + "\n")
        rows += 1
    return ExportStats(rows)


def _plover_rows(store: Store, condition: str, stream: TextIO) -> ExportStats:
    rows = left_out = 0
    for row in _rich(store, condition, first_only=False):
        record = _plover.record(row)
        if record is None:
            left_out += 1
            continue
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        rows += 1
    if left_out:
        log.info("plover: %d events left out (their CAMEO code has no PLOVER type)", left_out)
    return ExportStats(rows, left_out)


def _jsonl_rows(store: Store, condition: str, stream: TextIO) -> ExportStats:
    rows = 0
    for row in _rich(store, condition, first_only=False):
        record = {
            "doc_id": row["doc_id"],
            "published": row["published"],
            "url": row["url"],
            "event_key": row["event_key"],
            **event_from_row(row).to_dict(),
        }
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        rows += 1
    return ExportStats(rows)


def _csv_rows(store: Store, condition: str, stream: TextIO) -> ExportStats:
    names = column_names(EVENTS)
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(names)
    rows = 0
    for row in _records(store, _PLAIN.format(where=condition)):
        writer.writerow([_csv_cell(row[name]) for name in names])
        rows += 1
    return ExportStats(rows)


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _parquet(store: Store, condition: str, path: Path) -> ExportStats:
    reader = store.con.sql(_PLAIN.format(where=condition)).to_arrow_reader(_BATCH_ROWS)
    rows = 0
    with pq.ParquetWriter(str(path), reader.schema) as writer:
        for batch in reader:
            writer.write_table(pa.Table.from_batches([batch]))
            rows += batch.num_rows
    return ExportStats(rows)


_WRITERS = {
    "gdelt": _gdelt_rows,
    "plover": _plover_rows,
    "jsonl": _jsonl_rows,
    "csv": _csv_rows,
}


def read_parquet_events(path: str | Path) -> list[Mapping[str, Any]]:
    """The rows of a Parquet export, as dicts (``event_from_row`` turns one into an Event)."""
    return list(pq.read_table(str(path)).to_pylist())
