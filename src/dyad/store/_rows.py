"""Document records flattened into table rows, and events rebuilt from rows.

A :class:`Batch` collects the rows of many documents column by column and turns them into Arrow
tables typed like the store's tables, so one batch is written with one ``INSERT ... SELECT`` per table.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from operator import attrgetter
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa

from ..records import Actor, DocumentResult, Event, EventMention, Location, Plover
from .schema import ACTORS, COPIES, DOCUMENTS, EVENT_REPORTS, TABLES, Columns, column_names

_ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "TINYINT": pa.int8(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "VARCHAR[]": pa.list_(pa.string()),
}


def arrow_schema(columns: Columns) -> pa.Schema:
    """The Arrow schema matching a table declaration."""
    return pa.schema([(name, _ARROW_TYPES[_base_type(kind)]) for name, kind in columns])


def _base_type(kind: str) -> str:
    for suffix in (" PRIMARY KEY", " NOT NULL"):
        kind = kind.replace(suffix, "")
    return kind


def text_hash(text: str) -> str:
    """sha256 of a text, hex: a document's identity in the store."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_hash(result: DocumentResult) -> str:
    """sha256 of the document text; of the record itself when the text was not kept."""
    if result.text is not None:
        return text_hash(result.text)
    return text_hash("dyad-record:" + json.dumps(result.to_dict(), sort_keys=True))


def document_key(result: DocumentResult) -> str:
    """Which document a record is, beyond its text: sha256 of its id, date, url and publisher.

    Two records with the same text and the same key are the same document (stored once); the same
    text under another key is a copy (stored in ``copies``, linked to the first one's result).
    """
    parts = [result.doc_id, result.published, result.url, result.source]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=True).encode("ascii")).hexdigest()


def event_key(doc_hash: str, event_id: str) -> int:
    """A stable 60-bit integer id for an event: the same in every database and every run."""
    digest = hashlib.sha256(f"{doc_hash}\x1f{event_id}".encode()).hexdigest()
    return int(digest[:15], 16)


def url_host(url: str | None) -> str | None:
    """The host of a URL, lower case and without ``www.``; None when there is none or the URL is
    malformed (``http://exa[mple.com`` makes urllib raise "Invalid IPv6 URL")."""
    if not url:
        return None
    try:
        host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    except ValueError:
        return None
    host = host.removeprefix("www.")
    return host or None


@lru_cache(maxsize=65536)
def parse_day(value: str | None) -> tuple[date | None, str | None]:
    """The first day a (possibly partial) ISO date covers, and its precision."""
    if not value:
        return None, None
    try:
        if len(value) >= 10:
            return date.fromisoformat(value[:10]), "day"
        if len(value) == 7:
            return date(int(value[:4]), int(value[5:7]), 1), "month"
        if len(value) == 4:
            return date(int(value), 1, 1), "year"
    except ValueError:
        pass
    return None, None


def last_day(value: str | None) -> date | None:
    """The last day a (possibly partial) ISO date covers."""
    first, precision = parse_day(value)
    if first is None:
        return None
    if precision == "month":
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])
    if precision == "year":
        return first.replace(month=12, day=31)
    return first


ACTOR_FIELDS = ("code", "text", "country", "role", "name", "start", "end", "country_from")


@dataclass(frozen=True, slots=True)
class _Entry:
    doc_hash: str
    result: DocumentResult
    published: date | None


@dataclass
class Batch:
    """Documents for one transaction, turned into Arrow tables column by column.

    Column-wise building (one list per column, no dict per row) keeps a million-event load
    several times faster than row dicts.
    """

    ingested_at: datetime
    entries: list[_Entry] = field(default_factory=list)
    hashes: set[str] = field(default_factory=set)
    copies: list[tuple[str, DocumentResult]] = field(default_factory=list)  # (doc_hash, record)

    @property
    def events(self) -> int:
        return sum(len(e.result.events) for e in self.entries)

    def add(self, result: DocumentResult, doc_hash: str) -> None:
        """Take in one document and everything found in it."""
        self.hashes.add(doc_hash)
        self.entries.append(_Entry(doc_hash, result, parse_day(result.published)[0]))

    def add_copy(self, result: DocumentResult, doc_hash: str) -> None:
        """Take in a document whose text is stored (or in this batch) under ``doc_hash``."""
        self.copies.append((doc_hash, result))

    def table(self, name: str) -> pa.Table:
        """One table's rows as Arrow, typed like the store's table (missing values are null)."""
        return pa.table(_BUILDERS[name](self), schema=arrow_schema(TABLES[name]))

    def rows(self, name: str) -> int:
        return _COUNTS[name](self)


def _repeat(entries: list[_Entry], part: str, value: Callable[[_Entry], Any]) -> list[Any]:
    """A document-level value once per item of the document's ``part`` (events, sentences ...)."""
    out: list[Any] = []
    for entry in entries:
        out.extend([value(entry)] * len(getattr(entry.result, part)))
    return out


def _items(entries: list[_Entry], part: str) -> list[Any]:
    return [item for entry in entries for item in getattr(entry.result, part)]


def _numbers(entries: list[_Entry], part: str) -> list[int]:
    return [n for entry in entries for n in range(len(getattr(entry.result, part)))]


def _common(entries: list[_Entry], part: str) -> dict[str, list[Any]]:
    return {
        "doc_hash": _repeat(entries, part, attrgetter("doc_hash")),
        "doc_id": _repeat(entries, part, lambda e: e.result.doc_id),
    }


def _document_columns(batch: Batch) -> dict[str, list[Any]]:
    rows = [_document_row(e.result, e.doc_hash, batch.ingested_at) for e in batch.entries]
    return {name: [row[name] for row in rows] for name in column_names(DOCUMENTS)}


def _sentence_columns(batch: Batch) -> dict[str, list[Any]]:
    sentences = _items(batch.entries, "sentences")
    return {
        **_common(batch.entries, "sentences"),
        "sentence": [s.index for s in sentences],
        "start": [s.start for s in sentences],
        "end": [s.end for s in sentences],
        "kind": [s.kind for s in sentences],
        "flags": [list(s.flags) for s in sentences],
    }


def _actor_fields(prefix: str, actors: list[Actor | None]) -> dict[str, list[Any]]:
    return {
        f"{prefix}{name}": [getattr(a, name) if a is not None else None for a in actors]
        for name in ACTOR_FIELDS
    }


def _quote_columns(batch: Batch) -> dict[str, list[Any]]:
    quotes = _items(batch.entries, "quotes")
    return {
        **_common(batch.entries, "quotes"),
        "quote": _numbers(batch.entries, "quotes"),
        "sentence": [q.sentence for q in quotes],
        "start": [q.start for q in quotes],
        "end": [q.end for q in quotes],
        **_actor_fields("speaker_", [q.speaker for q in quotes]),
    }


def _quantity_columns(batch: Batch) -> dict[str, list[Any]]:
    quantities = _items(batch.entries, "quantities")
    names = ("sentence", "kind", "value", "unit", "text", "start", "end")
    return {
        **_common(batch.entries, "quantities"),
        "quantity": _numbers(batch.entries, "quantities"),
        **{name: [getattr(q, name) for q in quantities] for name in names},
    }


def _actor_columns(batch: Batch) -> dict[str, list[Any]]:
    """Every actor mention: events' sources and targets, then quotes' speakers."""
    columns: dict[str, list[Any]] = {name: [] for name in column_names(ACTORS)}
    events = _event_parts(batch)
    for slot in ("source", "target"):
        present = [i for i, e in enumerate(events["event"]) if getattr(e, slot) is not None]
        part = {
            "doc_hash": [events["doc_hash"][i] for i in present],
            "doc_id": [events["doc_id"][i] for i in present],
            "event_id": [events["event"][i].id for i in present],
            "quote": [None] * len(present),
            "slot": [slot] * len(present),
            **_actor_fields("", [getattr(events["event"][i], slot) for i in present]),
        }
        for name, values in part.items():
            columns[name].extend(values)
    quotes = _quote_columns(batch)
    speakers = {
        "doc_hash": quotes["doc_hash"], "doc_id": quotes["doc_id"], "quote": quotes["quote"],
        "event_id": [None] * len(quotes["quote"]), "slot": ["speaker"] * len(quotes["quote"]),
        **{name: quotes[f"speaker_{name}"] for name in ACTOR_FIELDS},
    }  # fmt: skip
    for name, values in speakers.items():
        columns[name].extend(values)
    return columns


def _event_parts(batch: Batch) -> dict[str, list[Any]]:
    return {
        **_common(batch.entries, "events"),
        "published": _repeat(batch.entries, "events", attrgetter("published")),
        "event": _items(batch.entries, "events"),
    }


def _event_columns(batch: Batch) -> dict[str, list[Any]]:
    parts = _event_parts(batch)
    events: list[Event] = parts["event"]
    columns: dict[str, list[Any]] = {
        "event_key": [event_key(h, e.id) for h, e in zip(parts["doc_hash"], events, strict=True)],
        "doc_hash": parts["doc_hash"],
        "doc_id": parts["doc_id"],
        "event_id": [e.id for e in events],
        **{name: list(map(attrgetter(name), events)) for name in _EVENT_SCALARS},
        **_actor_fields("source_", [e.source for e in events]),
        **_actor_fields("target_", [e.target for e in events]),
    }
    plovers = [e.plover for e in events]
    columns["plover_type"] = [p.type if p else None for p in plovers]
    columns["plover_mode"] = [p.mode if p else None for p in plovers]
    places = [e.location for e in events]
    for name in ("name", "country", "lat", "lon"):
        columns[f"location_{name}"] = [getattr(p, name) if p else None for p in places]
    columns["flags"] = [list(e.flags) for e in events]
    days = [_event_day(e.date, p) for e, p in zip(events, parts["published"], strict=True)]
    columns["day"] = [d for d, _ in days]
    columns["day_basis"] = [b for _, b in days]
    return columns


def _event_day(value: str | None, published: date | None) -> tuple[date | None, str | None]:
    day, basis = parse_day(value)
    if day is None and published is not None:
        return published, "published"
    return day, basis


def _report_columns(batch: Batch) -> dict[str, list[Any]]:
    """The other reports of each event's act (:attr:`~dyad.records.Event.mentions`), numbered
    from 1 in the event's order."""
    columns: dict[str, list[Any]] = {name: [] for name in column_names(EVENT_REPORTS)}
    parts = _event_parts(batch)
    for doc_hash, doc_id, event in zip(
        parts["doc_hash"], parts["doc_id"], parts["event"], strict=True
    ):
        for n, report in enumerate(event.mentions, start=1):
            row = {
                "doc_hash": doc_hash, "doc_id": doc_id, "event_id": event.id, "report": n,
                "sentence": report.sentence, "start": report.start, "end": report.end,
                "trigger": report.trigger,
            }  # fmt: skip
            for name, value in row.items():
                columns[name].append(value)
    return columns


def _copy_columns(batch: Batch) -> dict[str, list[Any]]:
    rows = [
        {
            "doc_hash": doc_hash,
            "copy_key": document_key(r),
            "doc_id": r.doc_id,
            "published": r.published,
            "published_day": parse_day(r.published)[0],
            "url": r.url,
            "title": r.title,
            "source": r.source,
            "source_host": url_host(r.url),
            "ingested_at": batch.ingested_at,
        }
        for doc_hash, r in batch.copies
    ]
    return {name: [row[name] for row in rows] for name in column_names(COPIES)}


_BUILDERS: dict[str, Callable[[Batch], dict[str, list[Any]]]] = {
    "documents": _document_columns,
    "copies": _copy_columns,
    "sentences": _sentence_columns,
    "events": _event_columns,
    "actors": _actor_columns,
    "quotes": _quote_columns,
    "quantities": _quantity_columns,
    "event_reports": _report_columns,
}


def events_table(results: Iterable[DocumentResult]) -> pa.Table:
    """The ``events`` rows of some documents exactly as the store writes them: the one
    declaration of an event row (:data:`~dyad.store.schema.EVENTS`), also the Dask engine's
    event parts."""
    batch = Batch(ingested_at=datetime.now(UTC).replace(tzinfo=None))
    for result in results:
        batch.add(result, content_hash(result))
    return batch.table("events")


def _actor_count(batch: Batch) -> int:
    return sum(
        sum((e.source is not None) + (e.target is not None) for e in entry.result.events)
        + len(entry.result.quotes)
        for entry in batch.entries
    )


_COUNTS: dict[str, Callable[[Batch], int]] = {
    "documents": lambda b: len(b.entries),
    "copies": lambda b: len(b.copies),
    "sentences": lambda b: sum(len(e.result.sentences) for e in b.entries),
    "events": lambda b: b.events,
    "actors": _actor_count,
    "quotes": lambda b: sum(len(e.result.quotes) for e in b.entries),
    "quantities": lambda b: sum(len(e.result.quantities) for e in b.entries),
    "event_reports": lambda b: sum(len(v.mentions) for e in b.entries for v in e.result.events),
}


def _document_row(result: DocumentResult, doc_hash: str, ingested_at: datetime) -> dict[str, Any]:
    return {
        "doc_hash": doc_hash,
        "doc_id": result.doc_id,
        "published": result.published,
        "published_day": parse_day(result.published)[0],
        "status": result.status,
        "error": result.error,
        "quality_score": result.quality.score,
        "quality_flags": list(result.quality.flags),
        "url": result.url,
        "title": result.title,
        "source": result.source,
        "source_host": url_host(result.url),
        "text": result.text,
        "n_sentences": len(result.sentences),
        "n_events": len(result.events),
        "ingested_at": ingested_at,
        **{f"dateline_{name}": getattr(result.dateline, name, None) for name in _DATELINE},
    }


_DATELINE = ("place", "country", "region", "date", "agency", "start", "end")


_EVENT_SCALARS = (
    "sentence", "start", "end", "trigger", "trigger_start", "trigger_end", "rule", "cameo", "name",
    "root", "quad_class", "goldstein", "modality", "date", "date_end", "historical", "confidence", "date_from",
)  # fmt: skip


def event_from_row(row: Mapping[str, Any], reports: Iterable[Mapping[str, Any]] = ()) -> Event:
    """Rebuild the :class:`~dyad.records.Event` a row of ``events`` (or an export of it) holds,
    with its other reports from ``event_reports`` rows when given."""
    plover = Plover(row["plover_type"], row["plover_mode"]) if row.get("plover_type") else None
    location = None
    if row.get("location_name") is not None:
        location = Location(
            row["location_name"], row["location_country"], row["location_lat"], row["location_lon"]
        )
    # date_from is absent from exports written before schema 4
    scalars: dict[str, Any] = {
        k: row[k] if k != "date_from" else row.get(k) for k in _EVENT_SCALARS
    }
    mentions = tuple(
        EventMention(r["sentence"], r["start"], r["end"], r["trigger"] or "") for r in reports
    )
    return Event(
        id=row["event_id"],
        source=_actor_from(row, "source"),
        target=_actor_from(row, "target"),
        plover=plover,
        location=location,
        flags=tuple(row.get("flags") or ()),
        mentions=mentions,
        **scalars,
    )


def _actor_from(row: Mapping[str, Any], prefix: str) -> Actor | None:
    text = row.get(f"{prefix}_text")
    if text is None:
        return None
    names = ("code", "country", "role", "name", "start", "end", "country_from")
    return Actor(text, **{name: row.get(f"{prefix}_{name}") for name in names})
