"""``dyad ingest/export/query/sql/plot/dedup``: a thin shell over :mod:`dyad.store`.

``register(app)`` adds the commands to dyad's typer app. Every command that prints data takes
``--format table|csv|json``; every query takes the event filters of :func:`.options.with_filters`.
DuckDB and the query modules load inside the commands, so ``--help`` answers at once.
"""

from __future__ import annotations

import json
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
from .options import (
    DEFAULT_DB,
    EXCLUSIONS,
    Coding,
    Db,
    Paths,
    Published,
    day,
    with_coding,
    with_filters,
)
from .progress import print_summary, track
from .render import print_rows

if TYPE_CHECKING:
    from ..records import DocumentInput, DocumentResult
    from ..store import IngestStats, Store, Table
    from ..store.ingest import OnBatch

log = logging.getLogger(__name__)
err = Console(stderr=True)

TABLE_FORMATS = ("table", "csv", "json")

Fmt = Annotated[str, typer.Option("--format", help="Output: table, csv or json.")]
Level = Annotated[
    str, typer.Option(help="Group actors by full code (CHNGOV) or by country (CHN): code|country.")
]
Limit = Annotated[int, typer.Option(help="How many rows.")]


def register(app: typer.Typer) -> None:
    """Add the store commands to ``app`` (calling it twice adds them once)."""
    if any(getattr(c.callback, "__module__", None) == __name__ for c in app.registered_commands):
        return
    app.command()(ingest)
    app.command()(export)
    app.command()(sql)
    app.command()(dedup)
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
    *,
    coding: Coding,
) -> None:
    """Code documents and store them; a text is coded once, its other documents kept as copies.

    The very same document stored already is skipped. Each batch is one transaction: after a crash or kill, run the same command again to finish. Prints coded/empty/failed/skipped/copies; exit 1 when any document failed, 3 when the run crashed (a full disk: run it again).
    """
    from ..engines.run import CodingRun, code_inputs
    from ..readers import ReadStats, read_paths
    from ..store import Store, code_and_store

    day(published, "--published")
    reader = ReadStats()
    runs: list[CodingRun] = []

    def code(docs: Iterable[DocumentInput]) -> Iterable[DocumentResult]:
        run = code_inputs(docs, options=coding.options, reader=reader, **coding.engine_settings())
        runs.append(run)
        return track(run, total=run.total, quiet=coding.quiet, console=err)

    with Store.open(db) as store:  # before loading the model: a locked or bad file fails fast
        documents = read_paths(paths, published=published, stats=reader)
        stats = code_and_store(
            store, documents, code, batch_size=batch_size, on_batch=_progress(progress_log)
        )
    if not coding.quiet:
        print_summary(runs[0].summary, err)
    _summary(stats, db)
    raise typer.Exit(1 if stats.failed else 0)


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


def _summary(stats: IngestStats, db: Path) -> None:
    err.print(
        f"{stats.documents} documents: {stats.coded} coded, {stats.empty} empty, "
        f"{stats.failed} failed, {stats.skipped} skipped (already stored or not English), "
        f"{stats.copies} stored as copies (same text as a stored document); "
        f"{stats.events} events stored in {db}",
        soft_wrap=True,
    )


# --- export and dedup ---------------------------------------------------------------------------------


def export(
    fmt: Annotated[str, typer.Option("--format", help="gdelt, plover, parquet, csv or jsonl.")],
    out: Annotated[str, typer.Option("--out", help="Output file (- for stdout, except parquet).")],
    where: Annotated[
        str | None, typer.Option(help="SQL condition on the events table, e.g. \"root = '19'\".")
    ] = None,
    db: Db = DEFAULT_DB,
) -> None:
    """Export stored events: GDELT 2.0 (61 tab-separated columns), PLOVER JSON, Parquet, CSV, JSONL.

    GDELT rows are deduplicated events (run 'dyad dedup' first) with NumMentions/NumSources/NumArticles.
    """
    from ..store import Store
    from ..store.export import export as run_export

    with Store.open(db, read_only=True) as store:
        stats = run_export(store, fmt, out, where=where)
    note = f" ({stats.left_out} without a PLOVER type left out)" if stats.left_out else ""
    err.print(f"wrote {stats.rows} rows to {out}{note}")


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


# --- queries ------------------------------------------------------------------------------------------


def _choice(value: str, allowed: Iterable[str], option: str) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise typer.BadParameter(f"{option} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _print(table: Table, fmt: str, title: str | None = None) -> None:
    print_rows(table, _choice(fmt, TABLE_FORMATS, "--format"), title)


@with_filters
def query_dyad(
    actor_a: Annotated[str, typer.Argument(help="Actor code or prefix, e.g. CHN or CHNGOV.")],
    actor_b: Annotated[str, typer.Argument(help="The other actor.")],
    period: Annotated[str, typer.Option(help="day, week, month or year.")] = "month",
    directed: Annotated[
        bool, typer.Option(help="Only ACTOR_A acting on ACTOR_B (default: both ways).")
    ] = False,
    db: Db = DEFAULT_DB,
    fmt: Fmt = "table",
    *,
    filters: Filters,
) -> None:
    """A dyad's time series: events per period by QuadClass, Goldstein sum and mean.

    Actor codes match by prefix (CHN matches CHNGOV).
    """
    from ..store.query import PERIODS, dyad_series

    _choice(period, PERIODS, "--period")
    with _reading(db) as store:
        table = dyad_series(
            store, actor_a, actor_b, period=period, directed=directed, filters=filters
        )
    _print(table, fmt, f"{actor_a} {'→' if directed else '↔'} {actor_b} per {period}")


@with_filters
def query_top_actors(
    limit: Limit = 20,
    level: Level = "code",
    db: Db = DEFAULT_DB,
    fmt: Fmt = "table",
    *,
    filters: Filters,
) -> None:
    """The actors in the most events, as source or target, in a period."""
    from ..store.query import LEVELS, top_actors

    _choice(level, LEVELS, "--level")
    with _reading(db) as store:
        _print(top_actors(store, limit=limit, level=level, filters=filters), fmt, "top actors")


@with_filters
def query_top_dyads(
    limit: Limit = 20,
    level: Level = "code",
    directed: Annotated[
        bool, typer.Option(help="Count source→target separately from target→source.")
    ] = False,
    db: Db = DEFAULT_DB,
    fmt: Fmt = "table",
    *,
    filters: Filters,
) -> None:
    """The pairs of actors with the most events between them in a period, by QuadClass."""
    from ..store.query import LEVELS, top_dyads

    _choice(level, LEVELS, "--level")
    with _reading(db) as store:
        table = top_dyads(store, limit=limit, level=level, directed=directed, filters=filters)
    _print(table, fmt, "top dyads")


@with_filters
def query_partners(
    actor: Annotated[str, typer.Argument(help="Actor code or prefix, e.g. RUS.")],
    limit: Limit = 20,
    level: Level = "code",
    db: Db = DEFAULT_DB,
    fmt: Fmt = "table",
    *,
    filters: Filters,
) -> None:
    """An actor's partners: events each way and mean Goldstein each way."""
    from ..store.query import LEVELS, partners

    _choice(level, LEVELS, "--level")
    with _reading(db) as store:
        _print(
            partners(store, actor, limit=limit, level=level, filters=filters),
            fmt,
            f"partners of {actor}",
        )


@with_filters
def query_network(
    level: Level = "country",
    min_events: Annotated[int, typer.Option(help="Leave out edges with fewer events.")] = 1,
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")] = None,
    db: Db = DEFAULT_DB,
    fmt: Annotated[
        str, typer.Option("--format", help="json, graphml, table or csv (edges).")
    ] = "json",
    *,
    filters: Filters,
) -> None:
    """The actor network: nodes (actors) and directed edges weighted by events, as JSON or GraphML."""
    from ..store.query import LEVELS, network, network_graphml, network_json

    _choice(fmt, ("json", "graphml", *TABLE_FORMATS), "--format")
    _choice(level, LEVELS, "--level")
    with _reading(db) as store:
        graph = network(store, level=level, min_events=min_events, filters=filters)
    if fmt in ("table", "csv"):
        edges = network_json(graph)["edges"]
        columns = tuple(edges[0]) if edges else ("source", "target", "events")
        _print(
            _table(columns, tuple(tuple(e[c] for c in columns) for e in edges)),
            fmt,
            "network edges",
        )
        return
    text = network_graphml(graph) if fmt == "graphml" else json.dumps(network_json(graph), indent=1)
    if out is None:
        print(text)
    else:
        out.write_text(text, encoding="utf-8")
        err.print(
            f"wrote {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges to {out}"
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

    with _reading(db) as store:
        _print(run_sql(store, query, list(params or [])), fmt)


# --- plot ---------------------------------------------------------------------------------------------


@with_filters
def plot_dyad(
    actor_a: Annotated[str, typer.Argument(help="Actor code or prefix, e.g. CHN.")],
    actor_b: Annotated[str, typer.Argument(help="The other actor, e.g. RUS.")],
    out: Annotated[
        Path, typer.Option(help="file.png (matplotlib) or file.html (plotly, self-contained).")
    ],
    period: Annotated[str, typer.Option(help="day, week, month or year.")] = "month",
    directed: Annotated[bool, typer.Option(help="Only ACTOR_A acting on ACTOR_B.")] = False,
    db: Db = DEFAULT_DB,
    *,
    filters: Filters,
) -> None:
    """Draw a dyad's timeline: events per period stacked by QuadClass, mean Goldstein on a second axis."""
    from ..store.plot import plot_dyad as draw
    from ..store.query import PERIODS

    _choice(period, PERIODS, "--period")
    with _reading(db) as store:
        series = draw(
            store, actor_a, actor_b, out, period=period, directed=directed, filters=filters
        )
    total = sum(series.column("events"))
    err.print(f"drew {total} events in {len(series.rows)} periods to {out}")


def _reading(db: Path) -> Store:
    from ..store import Store

    return Store.open(db, read_only=True)


def _table(columns: tuple[str, ...], rows: tuple[tuple[object, ...], ...]) -> Table:
    from ..store import Table

    return Table(columns, rows)
