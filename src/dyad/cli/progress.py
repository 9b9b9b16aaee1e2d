"""Progress and summary of a coding run on the terminal: a live bar while results stream, a
table at the end.

Kept apart from the engines, which never print: :func:`track` wraps any iterator of results,
whichever engine made it, and :func:`print_summary` draws the run's
:class:`~dyad.engines.run.RunSummary`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from ..records import DocumentResult, RunStats

if TYPE_CHECKING:
    from ..engines.run import RunSummary


class _RatesColumn(ProgressColumn):
    """documents/s, sentences/s, events and failures so far."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        docs = task.completed / elapsed if elapsed else 0.0
        sentences = task.fields.get("sentences", 0)
        rate = sentences / elapsed if elapsed else 0.0
        return Text(
            f"{docs:,.1f} doc/s {rate:,.0f} sent/s "
            f"{task.fields.get('events', 0):,} ev {task.fields.get('failed', 0):,} failed"
        )


def track(
    results: Iterable[DocumentResult],
    *,
    total: int | None = None,
    quiet: bool = False,
    console: Console | None = None,
) -> Iterator[DocumentResult]:
    """Yield ``results`` unchanged while a progress bar shows rates, events, failures and ETA."""
    if quiet:
        yield from results
        return
    console = console or Console(stderr=True)
    with _bar(console, eta=total is not None) as bar:
        task = bar.add_task("coding", total=total, sentences=0, events=0, failed=0)
        stats = RunStats()
        for result in results:
            stats = stats.add(result)
            bar.update(
                task, advance=1, sentences=stats.sentences, events=stats.events, failed=stats.failed
            )
            yield result


def _bar(console: Console, *, eta: bool) -> Progress:
    """The bar's columns; the ETA only when the total is known."""
    columns: list[ProgressColumn] = [
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(bar_width=20),
        MofNCompleteColumn(),
        _RatesColumn(),
        TimeElapsedColumn(),
    ]
    if eta:
        columns += [TextColumn("ETA"), TimeRemainingColumn()]
    # Redirecting stdout would send results into the bar's console (stderr) when stdout is piped.
    return Progress(
        *columns,
        console=console,
        redirect_stdout=sys.stdout.isatty(),
        redirect_stderr=False,
        transient=False,
    )


def summary_table(summary: RunSummary) -> Table:
    """The end-of-run table: every document in one bucket, and the buckets add up."""
    s = summary.stats
    title = f"dyad: {summary.engine} engine, {summary.workers} worker(s)"
    table = Table(title=title, min_width=len(title) + 4)
    table.add_column("", style="bold")
    table.add_column("count", justify="right")
    rows = [
        ("documents", s.documents),
        ("  coded", s.coded),
        ("  empty", s.empty),
        ("  skipped", s.skipped),
        ("  failed", s.failed),
        ("sentences", s.sentences),
        ("events", s.events),
        ("files read", summary.files),
    ]
    rows += [(f"records skipped: {kind}", count) for kind, count in summary.records_skipped]
    rows += [(f"not read: {reason}", count) for reason, count in summary.not_read]
    for label, value in rows:
        table.add_row(label, f"{value:,}")
    table.add_row("elapsed", f"{summary.elapsed_s:,.1f} s")
    table.add_row("documents/s", f"{summary.documents_per_s:,.1f}")
    table.add_row("sentences/s", f"{summary.sentences_per_s:,.1f}")
    return table


def print_summary(summary: RunSummary, console: Console | None = None) -> None:
    (console or Console(stderr=True)).print(summary_table(summary))
