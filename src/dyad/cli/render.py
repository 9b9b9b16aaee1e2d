"""Render records for the terminal: JSON lines, CSV rows of events, readable tables, explanations."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

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
                e.historical,
                e.location.name if e.location else "",
                e.confidence,
                "|".join(e.flags),
                e.trigger,
                e.rule,
                e.start,
                e.end,
            )
        )


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


def print_table(result: DocumentResult) -> None:
    """A document's events as a rich table (its status and error when it was not coded)."""
    console = Console(width=200)
    if result.status != "ok":
        console.print(f"[bold]{result.doc_id}[/bold]: {result.status} {result.error or ''}")
        return
    table = Table(title=f"{result.doc_id}: {len(result.events)} events", show_lines=False)
    for column in TABLE_COLUMNS:
        table.add_column(column, overflow="fold")
    for row in table_rows(result):
        table.add_row(*row)
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
    when = f"{event.date} (from {event.date_from})" if event.date else "unresolved"
    lines.append(f"  modality {event.modality}; date {when}; historical {event.historical}")
    lines.append(f"  evidence {text[event.start : event.end]!r}")
    for mention in event.mentions:
        lines.append(
            f"  again    sentence {mention.sentence}: {text[mention.start : mention.end]!r}"
        )
    return "\n".join(lines)


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
        Console(width=200).print(table)
