"""``dyad ingest/export/query/sql/plot/dedup``: a thin shell over :mod:`dyad.store`.

``register(app)`` adds the commands to dyad's typer app. Every command that prints data takes
``--format table|csv|json``; every query takes the event filters of :func:`.options.with_filters`.
DuckDB and the query modules load inside the commands, so ``--help`` answers at once.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from ..store.defaults import DEFAULT_BATCH_SIZE
from ..store.events import Filters
from .options import DEFAULT_DB, EXCLUSIONS, Coding, Db, Paths, Published, day, with_coding
from .progress import track
from .query import (
    Fmt,
    actors,
    plot_dyad,
    query_dyad,
    query_network,
    query_partners,
    query_top_actors,
    query_top_dyads,
    reading,
    show,
)
from .render import failed_section

if TYPE_CHECKING:
    from ..records import DocumentInput, DocumentResult
    from ..store import IngestStats
    from ..store.ingest import OnBatch

log = logging.getLogger(__name__)
err = Console(stderr=True)


def register(app: typer.Typer) -> None:
    """Add the store commands to ``app`` (calling it twice adds them once)."""
    if any(c.callback is ingest for c in app.registered_commands):
        return
    app.command()(ingest)
    app.command()(export)
    app.command()(sql)
    app.command()(dedup)
    app.command()(actors)
    query_app = typer.Typer(
        help="Ask the event database: time series, top actors and dyads, partners, networks.",
        epilog=EXCLUSIONS,
    )
    query_app.command("dyad")(query_dyad)
    query_app.command("top-actors")(query_top_actors)
    query_app.command("top-dyads")(query_top_dyads)
    query_app.command("partners")(query_partners)
    query_app.command("network")(query_network)
    app.add_typer(query_app, name="query", no_args_is_help=True)
    plot_app = typer.Typer(help="Draw what the event database holds.")
    plot_app.command("dyad")(plot_dyad)
    app.add_typer(plot_app, name="plot", no_args_is_help=True)


# --- ingest ------------------------------------------------------------------------------------------


@with_coding
def ingest(
    paths: Paths,
    db: Db = DEFAULT_DB,
    published: Published = None,
    batch_size: Annotated[
        int, typer.Option(help="Documents per transaction.")
    ] = DEFAULT_BATCH_SIZE,
    progress_log: Annotated[
        Path | None, typer.Option(help="Append a line here after each committed batch.")
    ] = None,
    server: Annotated[
        str | None,
        typer.Option(
            "--server",
            envvar="DYAD_SERVER",
            help="Send the documents to this running 'dyad serve' (its DYAD_API_TOKEN) instead.",
        ),
    ] = None,
    *,
    coding: Coding,
) -> None:
    """Code documents and store them; a text is coded once, its other documents kept as copies.

    The very same document stored already is skipped. Each batch is one transaction: after a crash or kill, run the same command again to finish. Prints coded/empty/failed/skipped/copies; exit 1 when any document failed or the inputs hold none, 3 when the run crashed (a full disk: run it again). While 'dyad serve' holds the database, --server URL ingests through it (the server codes and stores; set DYAD_API_TOKEN as the server has it).
    """
    from ..engines.run import CodingRun, code_inputs
    from ..readers import ReadStats, read_paths
    from ..store import Store, code_and_store

    day(published, "--published")
    if server is not None:
        _through_server(
            server,
            read_paths(paths, published=published, csv_columns=coding.csv_columns),
            coding.quiet,
        )
        return
    reader = ReadStats()
    runs: list[CodingRun] = []

    def code(docs: Iterable[DocumentInput]) -> Iterable[DocumentResult]:
        run = code_inputs(docs, options=coding.options, reader=reader, **coding.engine_settings())
        runs.append(run)
        return track(run, total=run.total, quiet=coding.quiet, console=err)

    with Store.open(db) as store:  # before loading the model: a locked or bad file fails fast
        documents = read_paths(
            paths, published=published, csv_columns=coding.csv_columns, stats=reader
        )
        stats = code_and_store(
            store, documents, code, batch_size=batch_size, on_batch=_progress(progress_log)
        )
    failures = [f for run in runs for f in run.summary.stats.failures]
    _summary(stats, db, failures, quiet=coding.quiet)
    raise typer.Exit(1 if stats.failed or not stats.documents else 0)


def _through_server(url: str, documents: Iterable[DocumentInput], quiet: bool) -> None:
    from ..api.client import send_documents
    from ..store import IngestStats

    stats, failures = IngestStats(), list[tuple[str, str]]()
    for report in send_documents(url, os.environ.get("DYAD_API_TOKEN"), documents):
        stats += IngestStats(coded=report.coded, empty=report.empty, failed=report.failed,
                             skipped=report.skipped, copies=report.copies, events=report.events,
                             batches=1)  # fmt: skip
        failures += report.failures
    _summary(stats, Path(url), failures, quiet=quiet)
    raise typer.Exit(1 if stats.failed or not stats.documents else 0)


def _progress(path: Path | None) -> OnBatch:
    def report(total: IngestStats) -> None:
        line = (
            f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ} batch {total.batches} committed: "
            f"{total.coded} coded, {total.empty} empty, {total.failed} failed, "
            f"{total.skipped} skipped, {total.copies} copies, {total.events} events"
        )
        log.info(line)
        if path is not None:
            with path.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")
                fh.flush()
                os.fsync(fh.fileno())

    return report


def _summary(stats: IngestStats, db: Path, failures: list[tuple[str, str]], *, quiet: bool) -> None:
    """The ingest's one summary (what was stored), the failed documents' reasons, and a warning
    when the inputs held no document at all."""
    if not quiet:
        err.print(
            f"{stats.documents} documents: {stats.coded} coded, {stats.empty} empty, "
            f"{stats.failed} failed, {stats.skipped} skipped (already stored or not English), "
            f"{stats.copies} stored as copies (same text as a stored document); "
            f"{stats.events} events stored in {db}",
            soft_wrap=True,
        )
    if stats.failed:
        err.print(failed_section(stats.failed, failures), soft_wrap=True, markup=False)
    if not stats.documents:
        err.print("warning: the inputs hold no documents (an empty folder or file?)")


# --- export and dedup ---------------------------------------------------------------------------------


def export(
    fmt: Annotated[str, typer.Option("--format", help="gdelt, plover, parquet, csv or jsonl.")],
    out: Annotated[str, typer.Option("--out", help="Output file (- for stdout, except parquet).")],
    where: Annotated[
        str | None, typer.Option(help="SQL condition on the events table, e.g. \"root = '19'\".")
    ] = None,
    everything: Annotated[
        bool,
        typer.Option(
            "--all", help="Keep historical, negated, hypothetical and low-confidence events too."
        ),
    ] = False,
    db: Db = DEFAULT_DB,
) -> None:
    """Export stored events: GDELT 2.0 (61 tab-separated columns), PLOVER JSON, Parquet, CSV, JSONL.

    Like the queries, an export holds the current events: historical, negated, hypothetical and low-confidence events are left out (and counted on stderr) unless --all. Every row carries modality, historical, confidence, flags, the evidence and the sentence text. GDELT rows are deduplicated events (run 'dyad dedup' first) with NumMentions/NumSources/NumArticles. Exit 1 when nothing was written.
    """
    from ..store import Store
    from ..store.export import export as run_export

    filters = Filters.everything() if everything else Filters()
    with Store.open(db, read_only=True) as store:
        stats = run_export(store, fmt, out, where=where, filters=filters)
    notes = [f"{stats.left_out} without a PLOVER type left out"] if stats.left_out else []
    if stats.filtered_out:
        notes.append(
            f"{stats.filtered_out} historical, negated, hypothetical or low-confidence events "
            "left out; --all keeps them"
        )
    note = f" ({'; '.join(notes)})" if notes else ""
    err.print(f"wrote {stats.rows} rows to {out}{note}", soft_wrap=True)
    if not stats.rows:
        err.print(f"warning: the export to {out} is empty; nothing in {db} matched")
        raise typer.Exit(1)


def dedup(
    db: Db = DEFAULT_DB,
    window_days: Annotated[
        int, typer.Option(help="How many days apart two reports of one event may be.")
    ] = 2,
    match_location: Annotated[
        bool, typer.Option(help="Keep events in different known countries apart.")
    ] = True,
) -> None:
    """Group reports of the same event across documents (same root code, actors and place, close dates).

    Fills the clusters and mentions tables (NumMentions, NumSources, NumArticles); per-article events are kept unchanged. Safe to run again after more ingests.
    """
    from ..store import Store
    from ..store.dedup import DedupOptions, deduplicate

    with Store.open(db) as store:
        stats = deduplicate(
            store, DedupOptions(window_days=window_days, match_location=match_location)
        )
    err.print(
        f"{stats.events} events in {stats.clusters} clusters ({stats.merged} merged into earlier reports)"
    )


def sql(
    query: Annotated[
        str, typer.Argument(help="One SELECT statement; ? marks take --param values.")
    ],
    params: Annotated[
        list[str] | None, typer.Option("--param", help="A value for the next ? in the query.")
    ] = None,
    db: Db = DEFAULT_DB,
    fmt: Fmt = "table",
) -> None:
    """Run a read-only SQL query on the event database (writes, COPY, ATTACH and file access are refused)."""
    from ..store.query import sql as run_sql

    with reading(db) as store:
        show(run_sql(store, query, list(params or [])), fmt)
