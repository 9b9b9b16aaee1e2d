"""Exports of the stored events: GDELT 2.0 Events, PLOVER JSON, Parquet, CSV and JSON lines.

* ``gdelt``: the 61 GDELT 2.0 Events columns, tab-separated, no header; one row per real-world
  event: a deduplicated cluster (its first report, with NumMentions/NumSources/NumArticles), or a
  single report when ``dyad dedup`` has not grouped it (counts 1).
* ``plover``: PLOVER JSON records, one per line (events whose CAMEO code has no PLOVER type are
  left out and counted).
* ``parquet``: every column of the ``events`` table as it is stored, typed, then the evidence
  text, the sentence's text and the dedup cluster (``evidence``, ``sentence_text``,
  ``cluster_id``);
* ``csv``: the same columns with a header; ``flags`` joined with ``|``, booleans ``true``/``false``.
* ``jsonl``: one event per line in dyad's contract shape, with ``doc_id``, ``published``, ``url``,
  ``event_key``, ``evidence`` and ``sentence_text``.

Every format starts from the one default view of "current events" (:class:`~.events.Filters`:
no historical, negated or hypothetical events, none below the confidence floor), as the
queries and plots do; ``Filters.everything()`` keeps them all. :class:`ExportStats` says how
many events the view left out. The columns ``modality``, ``historical``, ``confidence`` and
``flags`` travel with every row, so analysts can filter further themselves.

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
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from . import _gdelt, _plover
from ._errors import QueryError
from ._rows import event_from_row
from ._sql import check_condition
from ._table import csv_cell
from .events import Filters
from .ingest import Store
from .schema import EVENTS, column_names

log = logging.getLogger(__name__)

FORMATS = ("gdelt", "plover", "parquet", "csv", "jsonl")
GDELT_COLUMNS = _gdelt.COLUMNS

_BATCH_ROWS = 65536

_RICH = """
SELECT e.*, d.url, d.published, d.ingested_at,
       substr(d.text, e.start + 1, e."end" - e.start) AS evidence,
       substr(d.text, t.start + 1, t."end" - t.start) AS sentence_text,
       s.lead_sentence, m.cluster_id, c.num_mentions, c.num_sources, c.num_articles
FROM (SELECT * FROM events WHERE ({where}) AND ({view})) e
JOIN documents d USING (doc_hash)
LEFT JOIN (SELECT doc_hash, min(sentence) AS lead_sentence FROM sentences
           WHERE kind = 'body' GROUP BY doc_hash) s USING (doc_hash)
LEFT JOIN sentences t ON t.doc_hash = e.doc_hash AND t.sentence = e.sentence
LEFT JOIN mentions m ON m.event_key = e.event_key
LEFT JOIN clusters c ON c.cluster_id = m.cluster_id
WHERE {keep}
ORDER BY e.day NULLS LAST, e.doc_id, e.sentence, e.event_id
"""

_PLAIN = """
SELECT e.*, substr(d.text, e.start + 1, e."end" - e.start) AS evidence,
       substr(d.text, t.start + 1, t."end" - t.start) AS sentence_text, m.cluster_id
FROM (SELECT * FROM events WHERE ({where}) AND ({view})) e
JOIN documents d USING (doc_hash)
LEFT JOIN sentences t ON t.doc_hash = e.doc_hash AND t.sentence = e.sentence
LEFT JOIN mentions m ON m.event_key = e.event_key
ORDER BY e.day NULLS LAST, e.doc_id, e.sentence, e.event_id
"""

_LEFT_OUT = "SELECT count(*) FROM events WHERE ({where}) AND NOT ({view})"
_EXTRA_COLUMNS = ("evidence", "sentence_text", "cluster_id")


@dataclass(frozen=True, slots=True)
class ExportStats:
    """Rows written; events left out (PLOVER: no PLOVER type for the CAMEO code); events the
    view of current events left out (``filtered_out``: historical, negated, hypothetical, unsure)."""

    rows: int
    left_out: int = 0
    filtered_out: int = 0


@dataclass(frozen=True, slots=True)
class _Selection:
    """Which events an export reads: the ``where`` condition and the view, with its values."""

    where: str
    view: str
    params: tuple[Any, ...]

    def query(self, template: str, **more: str) -> tuple[str, list[Any]]:
        return template.format(where=self.where, view=self.view, **more), list(self.params)


def export(
    store: Store,
    fmt: str,
    out: str | Path,
    *,
    where: str | None = None,
    filters: Filters | None = None,
) -> ExportStats:
    """Write the events of ``filters`` (default: the current events) that match ``where`` to
    ``out`` (``-``: stdout) in ``fmt``."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    view, params = (filters or Filters()).clause()
    chosen = _Selection(_condition(store, where), view, tuple(params))
    filtered_out = _filtered_out(store, chosen)
    if fmt == "parquet":
        if str(out) == "-":
            raise QueryError("Parquet is binary; give --out a file name such as events.parquet")
        stats = _parquet(store, chosen, Path(out))
    else:
        with _text_out(out) as stream:
            stats = _WRITERS[fmt](store, chosen, stream)
    return replace(stats, filtered_out=filtered_out)


def _filtered_out(store: Store, chosen: _Selection) -> int:
    query, params = chosen.query(_LEFT_OUT)
    ((left_out,),) = store.con.execute(query, params).fetchall()
    return int(left_out)


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


def _reader(store: Store, query: tuple[str, list[Any]]) -> pa.RecordBatchReader:
    sql, params = query
    return store.con.sql(sql, params=params).to_arrow_reader(_BATCH_ROWS)


def _records(store: Store, query: tuple[str, list[Any]]) -> Iterator[dict[str, Any]]:
    for batch in _reader(store, query):
        yield from batch.to_pylist()


def _rich(store: Store, chosen: _Selection, *, first_only: bool) -> Iterator[dict[str, Any]]:
    keep = "m.event_key IS NULL OR m.is_first" if first_only else "TRUE"
    return _records(store, chosen.query(_RICH, keep=keep))


# --- writers ----------------------------------------------------------------------------------------


def _gdelt_rows(store: Store, chosen: _Selection, stream: TextIO) -> ExportStats:
    rows = 0
    for record in _rich(store, chosen, first_only=True):
        stream.write(_gdelt.line(record) + "\n")
        rows += 1
    return ExportStats(rows)


def _plover_rows(store: Store, chosen: _Selection, stream: TextIO) -> ExportStats:
    rows = left_out = 0
    for row in _rich(store, chosen, first_only=False):
        record = _plover.record(row)
        if record is None:
            left_out += 1
            continue
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        rows += 1
    if left_out:
        log.info("plover: %d events left out (their CAMEO code has no PLOVER type)", left_out)
    return ExportStats(rows, left_out)


def _jsonl_rows(store: Store, chosen: _Selection, stream: TextIO) -> ExportStats:
    rows = 0
    for row in _rich(store, chosen, first_only=False):
        record = {
            "doc_id": row["doc_id"],
            "published": row["published"],
            "url": row["url"],
            "event_key": row["event_key"],
            **event_from_row(row).to_dict(),
            "evidence": row["evidence"],
            "sentence_text": row["sentence_text"],
        }
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        rows += 1
    return ExportStats(rows)


def _csv_rows(store: Store, chosen: _Selection, stream: TextIO) -> ExportStats:
    names = (*column_names(EVENTS), *_EXTRA_COLUMNS)
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(names)
    rows = 0
    for row in _records(store, chosen.query(_PLAIN)):
        writer.writerow([csv_cell(row[name]) for name in names])
        rows += 1
    return ExportStats(rows)


def _parquet(store: Store, chosen: _Selection, path: Path) -> ExportStats:
    reader = _reader(store, chosen.query(_PLAIN))
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
