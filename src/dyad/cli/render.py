"""Render records for the terminal: JSON lines, CSV rows of events, readable tables, explanations."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from ..records import Actor, DocumentResult, Event, RunStats

if TYPE_CHECKING:
    from ..store import Table as Rows

CSV_COLUMNS = (
    "event_id",
    "doc_id",
    "sentence",
    "source",
    "source_text",
    "target",
    "target_text",
    "cameo",
    "name",
    "root",
    "quad_class",
    "goldstein",
    "plover_type",
    "modality",
    "date",
    "date_end",
    "historical",
    "location",
    "confidence",
    "flags",
    "trigger",
    "rule",
    "start",
    "end",
    "sentence_text",
    "evidence",
)


def jsonl_line(result: DocumentResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False)


def csv_header() -> str:
    return _csv_row(CSV_COLUMNS)


def csv_rows(result: DocumentResult) -> Iterable[str]:
    for e in result.events:
        yield _csv_row(
            (
                e.id,
                result.doc_id,
                e.sentence,
                _code(e.source),
                _text(e.source),
                _code(e.target),
                _text(e.target),
                e.cameo,
                e.name,
                e.root,
                e.quad_class,
                e.goldstein,
                e.plover.type if e.plover else "",
                e.modality,
                e.date or "",
                e.date_end or "",
                _bool(e.historical),
                e.location.name if e.location else "",
                e.confidence,
                "|".join(e.flags),
                e.trigger,
                e.rule,
                e.start,
                e.end,
                sentence_text(result, e),
                " ".join((result.text or "")[e.start : e.end].split()),
            )
        )


def _bool(value: bool) -> str:
    """Booleans as R, pandas and JSON write them."""
    return "true" if value else "false"


def sentence_text(result: DocumentResult, event: Event) -> str:
    """The whole sentence an event was coded from, on one line."""
    text = result.text or ""
    for sentence in result.sentences:
        if sentence.index == event.sentence:
            return " ".join(text[sentence.start : sentence.end].split())
    return ""


def _csv_row(values: Iterable[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(values)
    return buffer.getvalue()


def _code(actor: Actor | None) -> str:
    return (actor.code or "") if actor else ""


def _text(actor: Actor | None) -> str:
    return actor.text if actor else ""


def actor_label(actor: Actor | None) -> str:
    if actor is None:
        return "-"
    code = actor.code or "?"
    return f"{code} ({actor.text})"


def excerpt(result: DocumentResult, event: Event, width: int = 70) -> str:
    text = result.text or ""
    snippet = " ".join(text[event.start : event.end].split())
    return snippet if len(snippet) <= width else snippet[: width - 1] + "…"


def table_rows(result: DocumentResult) -> Iterable[tuple[str, ...]]:
    for e in result.events:
        when = e.date or ""
        if e.date_end:
            when += f"..{e.date_end}"
        notes = [e.modality] + (["historical"] if e.historical else []) + list(e.flags)
        yield (
            e.id,
            actor_label(e.source),
            f"{e.cameo} {e.name}",
            actor_label(e.target),
            when,
            " ".join(notes),
            e.trigger,
            excerpt(result, e),
        )


def summary_line(stats: RunStats) -> str:
    return (
        f"{stats.documents} documents: {stats.coded} coded, {stats.empty} empty, {stats.failed} failed, "
        f"{stats.skipped} skipped; {stats.sentences} sentences, {stats.events} events"
    )


def failed_section(failed: int, failures: Iterable[tuple[str, str]]) -> str:
    """``failed:`` and the first reasons, one document a line; empty when nothing failed."""
    reasons = list(failures)
    if not failed:
        return ""
    lines = ["failed:"] + [f"  {doc_id}: {reason}" for doc_id, reason in reasons]
    if failed > len(reasons):
        lines.append(f"  ... and {failed - len(reasons)} more (--format jsonl has every reason)")
    return "\n".join(lines)


def emit(result: DocumentResult, fmt: str) -> None:
    """Print one document's record to stdout as ``jsonl``, ``csv`` (one row per event) or ``table``."""
    if fmt == "jsonl":
        print(jsonl_line(result))
    elif fmt == "csv":
        for row in csv_rows(result):
            print(row)
    else:
        print_table(result)


TABLE_COLUMNS = (
    "id",
    "source",
    "event",
    "target",
    "date",
    "modality / flags",
    "trigger",
    "evidence",
)


# columns a narrow terminal leaves out, with the width under which each goes (widest first)
NARROW_DROPS = (("trigger", 150), ("id", 120), ("evidence", 100))


def table_columns(width: int) -> tuple[str, ...]:
    """The event table's columns that fit a terminal ``width`` characters wide."""
    dropped = {name for name, under in NARROW_DROPS if width < under}
    return tuple(c for c in TABLE_COLUMNS if c not in dropped)


def print_table(result: DocumentResult, console: Console | None = None) -> None:
    """A document's events as a rich table as wide as the terminal (its status and error when it
    was not coded); columns that would not fit are left out (``--format csv`` has them all)."""
    console = console or Console()
    if result.status != "ok":
        console.print(f"[bold]{result.doc_id}[/bold]: {result.status} {result.error or ''}")
        return
    columns = table_columns(console.width)
    table = Table(title=f"{result.doc_id}: {len(result.events)} events", show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    keep = [TABLE_COLUMNS.index(c) for c in columns]
    for row in table_rows(result):
        table.add_row(*(row[i] for i in keep))
    console.print(table)


def explanation(result: DocumentResult, event: Event, origin: str) -> str:
    """Why an event was coded: its rule (``origin``: the dictionary line), trigger, actors, spans."""
    text = result.text or ""
    lines = [
        f"event {event.id}: {event.cameo} {event.name}",
        f"  rule     {event.rule} ({origin})",
        f"  trigger  {event.trigger!r} at {event.trigger_start}-{event.trigger_end}",
    ]
    for label, actor in (("source", event.source), ("target", event.target)):
        where = f" at {actor.start}-{actor.end}" if actor else ""
        origin_of = f"; country from {actor.country_from}" if actor and actor.country_from else ""
        lines.append(f"  {label:8} {actor_label(actor)}{where}{origin_of}")
    when = f"{event.date} (from {event.date_from})" if event.date else "not stated"
    if event.date_end:
        when += f" to {event.date_end}"
    lines.append(
        f"  modality {event.modality}; date {when}; historical {_bool(event.historical)}; "
        f"confidence {event.confidence}"
    )
    lines.append(f"  evidence {text[event.start : event.end]!r}")
    for mention in event.mentions:
        lines.append(
            f"  again    sentence {mention.sentence}: {text[mention.start : mention.end]!r}"
        )
    return "\n".join(lines)


def stored_explanation(detail: dict[str, Any], origin: str) -> str:
    """Why a stored event was coded (``detail``: the API's event detail), as :func:`explanation`."""
    event, spans, document = detail["event"], detail["spans"], detail["document"]
    lines = [
        f"event {event['id']} (key {event['key']}): {event['cameo']} {event['name']}",
        f"  document {document['doc_id']}, published {document['published'] or 'not stated'}",
        f"  rule     {event['rule']} ({origin})",
        f"  trigger  {event['trigger']!r} at {_at(spans['trigger'])}",
    ]
    for label in ("source", "target"):
        actor = event[label]
        name = f"{actor['code'] or '?'} ({actor['text']})" if actor else "-"
        where = f" at {_at(spans[label])}" if spans[label] else ""
        lines.append(f"  {label:8} {name}{where}")
    when = event["date"] or "not stated"
    if event["date"] and event.get("date_from"):
        when += f" (from {event['date_from']})"
    if event["date_end"]:
        when += f" to {event['date_end']}"
    lines.append(
        f"  modality {event['modality']}; date {when}; historical {_bool(event['historical'])}; "
        f"confidence {event['confidence']}"
    )
    lines.append(f"  sentence {detail['sentence']['text']!r}")
    lines.append(f"  evidence {event['evidence']!r}")
    return "\n".join(lines)


def _at(span: dict[str, Any] | None) -> str:
    return f"{span['start']}-{span['end']}" if span else "?"


def print_rows(rows: Rows, fmt: str, title: str | None = None) -> None:
    """A query's rows on stdout as ``csv``, ``json`` or a rich ``table``."""
    if fmt == "csv":
        print(rows.to_csv(), end="")
    elif fmt == "json":
        print(rows.to_json())
    else:
        table = Table(title=title)
        for column in rows.columns:
            table.add_column(column, overflow="fold")
        for row in rows.text_rows():
            table.add_row(*row)
        Console().print(table)
