"""Event listing, one event with its evidence, and event locations: the reads the store lacks.

The store's aggregate questions are in :mod:`.query`; these are the reads of single events:
pages of events (keyset pagination), their count, one event with its evidence (``GET
/v1/events/{ref}`` and ``dyad explain --db``), their CSV and their places. The events are chosen with the store's one filter
vocabulary (:class:`dyad.store.events.Filters`). Every value reaches DuckDB as a bound parameter;
the only identifiers in the SQL text are column names from the store's schema.
"""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import io
import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from . import QueryError, Store, event_from_row
from ._table import csv_cell
from .events import Filters
from .schema import EVENTS, column_names, quoted

MAX_LIMIT = 500
_EVENT_COLUMNS = column_names(EVENTS)
_SELECT = ", ".join(f"e.{quoted(c)}" for c in _EVENT_COLUMNS)
# Events without a day sort last (newest first); the key breaks ties, so the order is total.
_SORT_DAY = "coalesce(e.day, DATE '0001-01-01')"
_EVIDENCE = 'substr(d.text, e."start" + 1, e."end" - e."start")'


def _fingerprint(filters: Filters) -> str:
    """A short digest of the filters, so a cursor cannot be replayed under other filters."""
    payload = json.dumps(asdict(filters), default=str, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a page ended: the sort day and key of its last event."""

    day: date
    key: int

    def encode(self, filters: Filters) -> str:
        raw = json.dumps([self.day.isoformat(), self.key, _fingerprint(filters)])
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str, filters: Filters) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            day, key, fingerprint = json.loads(raw)
            cursor = cls(date.fromisoformat(day), int(key))
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
            raise QueryError(
                "the cursor is not one this API gave out; pass next_cursor from the previous page "
                "unchanged, or leave cursor out to start again"
            ) from None
        if fingerprint != _fingerprint(filters):
            raise QueryError(
                "this cursor belongs to a query with other filters; keep the filters of the first "
                "page while paging, or leave cursor out to start again"
            )
        return cursor


def list_events(
    store: Store, filters: Filters, *, limit: int = 100, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of events, newest day first, and the cursor of the next page (None at the end)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    condition, params = filters.clause("e")
    if cursor is not None:
        after = Cursor.decode(cursor, filters)
        condition += f" AND ({_SORT_DAY} < ? OR ({_SORT_DAY} = ? AND e.event_key > ?))"
        params += [after.day, after.day, after.key]
    # Pick the page's keys first (sorting narrow rows is cheap), then fetch those rows whole and
    # join their documents for the evidence text.
    query = (
        f"WITH page AS (SELECT e.event_key, {_SORT_DAY} AS sort_day FROM events e WHERE {condition} "
        "ORDER BY sort_day DESC, e.event_key LIMIT ?) "
        f"SELECT {_SELECT}, page.sort_day, {_EVIDENCE} AS evidence "
        "FROM page JOIN events e USING (event_key) JOIN documents d ON d.doc_hash = e.doc_hash "
        "ORDER BY page.sort_day DESC, e.event_key"
    )
    rows = _records(store, query, [*params, limit + 1])
    page, more = rows[:limit], len(rows) > limit
    following = (
        Cursor(page[-1]["sort_day"], page[-1]["event_key"]).encode(filters) if more else None
    )
    return [stored_event(row) for row in page], following


def count_events(store: Store, filters: Filters) -> int:
    """How many stored events match ``filters`` (the total behind a paged list)."""
    condition, params = filters.clause()
    ((total,),) = store.con.execute(
        f"SELECT count(*) FROM events WHERE {condition}", params
    ).fetchall()
    return int(total)


def stored_event(
    row: dict[str, Any], reports: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The API's event: the record of ``docs/contract.md`` plus its key, document and day (its
    other reports, ``mentions``, only when ``reports`` are given: the detail view)."""
    day = row.get("day")
    return {
        **event_from_row(row, reports or ()).to_dict(),
        "key": str(row["event_key"]),
        "doc_id": row["doc_id"],
        "doc_hash": row["doc_hash"],
        "day": day.isoformat() if day is not None else None,
        "evidence": row.get("evidence"),
    }


def event_detail(store: Store, ref: str) -> dict[str, Any] | None:
    """One event by key (digits) or id (``doc_id:sentence:n``), with its sentence and spans."""
    numeric = ref.isascii() and ref.isdigit()  # str.isdigit() also says yes to "²", int() no
    column, value = ("e.event_key", int(ref)) if numeric else ("e.event_id", ref)
    if isinstance(value, int) and value >= 2**63:
        return None
    query = (
        f"SELECT {_SELECT}, {_EVIDENCE} AS evidence, d.published AS published, d.url AS url, "
        "d.title AS title, s.kind AS sentence_kind, s.flags AS sentence_flags, "
        's."start" AS sentence_start, s."end" AS sentence_end, '
        'substr(d.text, s."start" + 1, s."end" - s."start") AS sentence_text, '
        "substr(d.text, e.trigger_start + 1, e.trigger_end - e.trigger_start) AS trigger_text, "
        "substr(d.text, e.source_start + 1, e.source_end - e.source_start) AS source_span_text, "
        "substr(d.text, e.target_start + 1, e.target_end - e.target_start) AS target_span_text "
        "FROM events e JOIN documents d USING (doc_hash) "
        "LEFT JOIN sentences s ON s.doc_hash = e.doc_hash AND s.sentence = e.sentence "
        f"WHERE {column} = ? ORDER BY d.ingested_at, e.event_key LIMIT 1"
    )
    rows = _records(store, query, [value])
    if not rows:
        return None
    reports = _records(
        store,
        'SELECT r.sentence, r."start", r."end", r.trigger, '
        'substr(d.text, r."start" + 1, r."end" - r."start") AS text '
        "FROM event_reports r JOIN documents d USING (doc_hash) "
        "WHERE r.doc_hash = ? AND r.event_id = ? ORDER BY r.report",
        [rows[0]["doc_hash"], rows[0]["event_id"]],
    )
    return _detail(rows[0], reports)


def _detail(row: dict[str, Any], reports: list[dict[str, Any]]) -> dict[str, Any]:
    event = stored_event(row, reports)

    def span(start: int | None, end: int | None, text: str | None) -> dict[str, Any] | None:
        return None if start is None else {"start": start, "end": end, "text": text}

    return {
        "event": event,
        "sentence": {
            "index": event["sentence"],
            "start": row["sentence_start"],
            "end": row["sentence_end"],
            "kind": row["sentence_kind"],
            "flags": list(row["sentence_flags"] or ()),
            "text": row["sentence_text"],
        },
        "spans": {
            "evidence": span(row["start"], row["end"], row["evidence"]),
            "trigger": span(row["trigger_start"], row["trigger_end"], row["trigger_text"]),
            "source": span(row["source_start"], row["source_end"], row["source_span_text"]),
            "target": span(row["target_start"], row["target_end"], row["target_span_text"]),
        },
        "reports": [span(r["start"], r["end"], r["text"]) for r in reports],
        "document": {
            "doc_id": row["doc_id"],
            "doc_hash": row["doc_hash"],
            "published": row["published"],
            "url": row["url"],
            "title": row["title"],
        },
    }


def locations(store: Store, filters: Filters, *, limit: int = 1000) -> list[dict[str, Any]]:
    """Places events happened, with the number of events at each (most first)."""
    condition, params = filters.clause("e")
    query = (
        "SELECT e.location_name AS name, e.location_country AS country, "
        "round(avg(e.location_lat), 4) AS lat, round(avg(e.location_lon), 4) AS lon, "
        "count(*) AS events FROM events e "
        f"WHERE e.location_lat IS NOT NULL AND e.location_lon IS NOT NULL AND {condition} "
        "GROUP BY ALL ORDER BY events DESC, name LIMIT ?"
    )
    return _records(store, query, [*params, limit])


def _records(store: Store, query: str, params: list[Any]) -> list[dict[str, Any]]:
    result = store.con.execute(query, params)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


#: the columns of an event list as CSV (``GET /v1/events?format=csv``)
CSV_COLUMNS = ("id", "key", "doc_id", "day", "source", "target", "cameo", "name", "root",
               "quad_class", "goldstein", "plover_type", "modality", "date", "date_end",
               "historical", "location", "confidence", "flags", "trigger", "rule", "evidence")  # fmt: skip


def events_csv(events: list[dict[str, Any]]) -> str:
    """API events as CSV with a header: actor codes, ``flags`` joined with ``|``, ``true``/``false``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for event in events:
        flat = {
            **event,
            "source": (event["source"] or {}).get("code"),
            "target": (event["target"] or {}).get("code"),
            "plover_type": (event["plover"] or {}).get("type"),
            "location": (event["location"] or {}).get("name"),
        }
        writer.writerow([csv_cell(flat.get(c)) for c in CSV_COLUMNS])
    return buffer.getvalue()
