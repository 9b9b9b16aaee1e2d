"""``dyad ingest/export/query/sql/plot/dedup``: a thin shell over :mod:`dyad.store`.

``register(app)`` adds the commands to dyad's typer app. Every command that prints data takes
``--format table|csv|json``.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table as RichTable

from ..records import DocumentInput
from ..store import DEFAULT_BATCH_SIZE, IngestStats, Store, Table
from ..store.ingest import OnBatch
from ..store.query import DEFAULT_MIN_CONFIDENCE, LEVELS, PERIODS, Filters
from .options import (
    DEFAULT_DB,
    Config,
    Db,
    Dicts,
    Engine,
    PartsDir,
    Paths,
    Published,
    Quiet,
    Scheduler,
    Workers,
    coding_options,
    day,
)
from .progress import print_summary, track

log = logging.getLogger(__name__)
err = Console(stderr=True)

TABLE_FORMATS = ("table", "csv", "json")
EXCLUSIONS = (
    "Counts leave out historical, negated and hypothetical events and events below "
    f"--min-confidence ({DEFAULT_MIN_CONFIDENCE}) unless --include-historical, --include-negated, "
    "--include-hypothetical or a lower --min-confidence say otherwise."
)

Fmt = Annotated[str, typer.Option("--format", help="Output: table, csv or json.")]
Historical = Annotated[
    bool,
    typer.Option("--include-historical", help="Count historical events (left out by default)."),
]
Negated = Annotated[
    bool, typer.Option("--include-negated", help="Count negated events (left out by default).")
]
Hypothetical = Annotated[
    bool,
    typer.Option("--include-hypothetical", help="Count hypothetical events (left out by default)."),
]
MinConfidence = Annotated[
    float, typer.Option("--min-confidence", help="Leave out events below this confidence.")
]
Since = Annotated[str | None, typer.Option(help="First day counted, YYYY-MM-DD.")]
Until = Annotated[str | None, typer.Option(help="Last day counted, YYYY-MM-DD.")]
CameoOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--cameo", help="Count only these CAMEO codes or prefixes (repeatable): 19, 042, 1831."
    ),
]
QuadOpt = Annotated[
    list[int] | None,
    typer.Option("--quad-class", help="Count only these QuadClasses (repeatable): 1-4."),
]
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
    dicts: Dicts = None,
    config: Config = None,
    workers: Workers = None,
    engine: Engine = "local",
    scheduler: Scheduler = None,
    quiet: Quiet = False,
    parts_dir: PartsDir = None,
) -> None:
    """Code documents and store them; documents already stored (same text) are skipped.

    Each batch is one transaction: after a crash or kill, run the same command again to finish. Prints coded/empty/failed/skipped; exit 1 when any document failed.
    """
    from ..engines.run import code_inputs
    from ..readers import ReadStats, read_paths

    day(published, "--published")
    reader = ReadStats()
    options = coding_options(config, dicts)
    with Store.open(db) as store:  # before loading the model: a locked or bad file fails fast
        fresh = _Unstored(store)
        run = code_inputs(
            fresh.filter(read_paths(paths, published=published, stats=reader)),
            reader=reader,
            parts_dir=parts_dir,
            options=options,
            workers=workers,
            engine=engine,
            scheduler=scheduler,
        )
        results = track(run, total=run.total, quiet=quiet, console=err)
        stats = store.ingest(results, batch_size=batch_size, on_batch=_progress(progress_log))
    if not quiet:
        print_summary(run.summary, err)
    _summary(stats, fresh.skipped, db)
    raise typer.Exit(1 if stats.failed else 0)


class _Unstored:
    """Passes on the inputs whose text is not stored yet."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.skipped = 0

    def filter(self, inputs: Iterable[DocumentInput]) -> Iterator[DocumentInput]:
        for doc in inputs:
            if not doc.error and self.store.has_text(doc.text):
                self.skipped += 1
                continue
            yield doc


def _progress(path: Path | None) -> OnBatch:
    def report(total: IngestStats) -> None:
        line = (
            f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ} batch {total.batches} committed: "
            f"{total.coded} coded, {total.empty} empty, {total.failed} failed, "
            f"{total.skipped} skipped, {total.events} events"
        )
        log.info(line)
        if path is not None:
            with path.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")
                fh.flush()
                os.fsync(fh.fileno())

    return report


def _summary(stats: IngestStats, skipped_before: int, db: Path) -> None:
    skipped = stats.skipped + skipped_before
    documents = stats.coded + stats.empty + stats.failed + skipped
    err.print(
        f"{documents} documents: {stats.coded} coded, {stats.empty} empty, {stats.failed} failed, "
        f"{skipped} skipped (already stored); {stats.events} events stored in {db}",
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
    from ..store.dedup import DedupOptions, deduplicate

    with Store.open(db) as store:
        stats = deduplicate(
            store, DedupOptions(window_days=window_days, match_location=match_location)
        )
    err.print(
        f"{stats.events} events in {stats.clusters} clusters ({stats.merged} merged into earlier reports)"
    )


# --- queries ------------------------------------------------------------------------------------------


def _filters(historical: bool, negated: bool, hypothetical: bool, min_confidence: float,
             since: str | None, until: str | None, cameo: list[str] | None = None,
             quad_class: list[int] | None = None) -> Filters:  # fmt: skip
    for code in cameo or ():
        if not (code.isdigit() and 2 <= len(code) <= 4):
            raise typer.BadParameter(
                f"--cameo must be a CAMEO code or prefix like 19, not {code!r}"
            )
    for quad in quad_class or ():
        if quad not in (1, 2, 3, 4):
            raise typer.BadParameter(f"--quad-class must be 1, 2, 3 or 4, not {quad}")
    return Filters(
        include_historical=historical, include_negated=negated, include_hypothetical=hypothetical,
        min_confidence=min_confidence, since=day(since, "--since"), until=day(until, "--until"),
        cameo=tuple(cameo or ()), quad_classes=tuple(quad_class or ()),
    )  # fmt: skip


def _choice(value: str, allowed: Iterable[str], option: str) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise typer.BadParameter(f"{option} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _print(table: Table, fmt: str, title: str | None = None) -> None:
    _choice(fmt, TABLE_FORMATS, "--format")
    if fmt == "csv":
        print(table.to_csv(), end="")
    elif fmt == "json":
        print(table.to_json())
    else:
        rich_table = RichTable(title=title)
        for column in table.columns:
            rich_table.add_column(column, overflow="fold")
        for row in table.text_rows():
            rich_table.add_row(*row)
        Console(width=200).print(rich_table)


def query_dyad(
    actor_a: Annotated[str, typer.Argument(help="Actor code or prefix, e.g. CHN or CHNGOV.")],
    actor_b: Annotated[str, typer.Argument(help="The other actor.")],
    period: Annotated[str, typer.Option(help="day, week, month or year.")] = "month",
    directed: Annotated[
        bool, typer.Option(help="Only ACTOR_A acting on ACTOR_B (default: both ways).")
    ] = False,
    db: Db = DEFAULT_DB,
    fmt: Fmt = "table",
    include_historical: Historical = False,
    include_negated: Negated = False,
    include_hypothetical: Hypothetical = False,
    min_confidence: MinConfidence = DEFAULT_MIN_CONFIDENCE,
    since: Since = None,
    until: Until = None,
    cameo: CameoOpt = None,
    quad_class: QuadOpt = None,
) -> None:
    """A dyad's time series: events per period by QuadClass, Goldstein sum and mean.

    Actor codes match by prefix (CHN matches CHNGOV). Counts leave out historical, negated and hypothetical events and low-confidence ones unless the --include-* flags say otherwise.
    """
    from ..store.query import dyad_series

    _choice(period, PERIODS, "--period")
    filters = _filters(
        include_historical,
        include_negated,
        include_hypothetical,
        min_confidence,
        since,
        until,
        cameo,
        quad_class,
    )
    with Store.open(db, read_only=True) as store:
        table = dyad_series(
            store, actor_a, actor_b, period=period, directed=directed, filters=filters
        )
    _print(table, fmt, f"{actor_a} {'→' if directed else '↔'} {actor_b} per {period}")


def query_top_actors(
    limit: Limit = 20,
    level: Level = "code",
    db: Db = DEFAULT_DB,
    fmt: Fmt = "table",
    include_historical: Historical = False,
    include_negated: Negated = False,
    include_hypothetical: Hypothetical = False,
    min_confidence: MinConfidence = DEFAULT_MIN_CONFIDENCE,
    since: Since = None,
    until: Until = None,
    cameo: CameoOpt = None,
    quad_class: QuadOpt = None,
) -> None:
    """The actors in the most events, as source or target, in a period.

    Counts leave out historical, negated and hypothetical events and low-confidence ones unless the --include-* flags say otherwise.
    """
    from ..store.query import top_actors

    _choice(level, LEVELS, "--level")
    filters = _filters(
        include_historical,
        include_negated,
        include_hypothetical,
        min_confidence,
        since,
        until,
        cameo,
        quad_class,
    )
    with Store.open(db, read_only=True) as store:
        _print(top_actors(store, limit=limit, level=level, filters=filters), fmt, "top actors")


def query_top_dyads(
    limit: Limit = 20,
    level: Level = "code",
    directed: Annotated[
        bool, typer.Option(help="Count source→target separately from target→source.")
    ] = False,
    db: Db = DEFAULT_DB,
    fmt: Fmt = "table",
    include_historical: Historical = False,
    include_negated: Negated = False,
    include_hypothetical: Hypothetical = False,
    min_confidence: MinConfidence = DEFAULT_MIN_CONFIDENCE,
    since: Since = None,
    until: Until = None,
    cameo: CameoOpt = None,
    quad_class: QuadOpt = None,
) -> None:
    """The pairs of actors with the most events between them in a period, by QuadClass.

    Counts leave out historical, negated and hypothetical events and low-confidence ones unless the --include-* flags say otherwise.
    """
    from ..store.query import top_dyads

    _choice(level, LEVELS, "--level")
    filters = _filters(
        include_historical,
        include_negated,
        include_hypothetical,
        min_confidence,
        since,
        until,
        cameo,
        quad_class,
    )
    with Store.open(db, read_only=True) as store:
        table = top_dyads(store, limit=limit, level=level, directed=directed, filters=filters)
    _print(table, fmt, "top dyads")


def query_partners(
    actor: Annotated[str, typer.Argument(help="Actor code or prefix, e.g. RUS.")],
    limit: Limit = 20,
    level: Level = "code",
    db: Db = DEFAULT_DB,
    fmt: Fmt = "table",
    include_historical: Historical = False,
    include_negated: Negated = False,
    include_hypothetical: Hypothetical = False,
    min_confidence: MinConfidence = DEFAULT_MIN_CONFIDENCE,
    since: Since = None,
    until: Until = None,
    cameo: CameoOpt = None,
    quad_class: QuadOpt = None,
) -> None:
    """An actor's partners: events each way and mean Goldstein each way.

    Counts leave out historical, negated and hypothetical events and low-confidence ones unless the --include-* flags say otherwise.
    """
    from ..store.query import partners

    _choice(level, LEVELS, "--level")
    filters = _filters(
        include_historical,
        include_negated,
        include_hypothetical,
        min_confidence,
        since,
        until,
        cameo,
        quad_class,
    )
    with Store.open(db, read_only=True) as store:
        _print(
            partners(store, actor, limit=limit, level=level, filters=filters),
            fmt,
            f"partners of {actor}",
        )


def query_network(
    level: Level = "country",
    min_events: Annotated[int, typer.Option(help="Leave out edges with fewer events.")] = 1,
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")] = None,
    db: Db = DEFAULT_DB,
    fmt: Annotated[
        str, typer.Option("--format", help="json, graphml, table or csv (edges).")
    ] = "json",
    include_historical: Historical = False,
    include_negated: Negated = False,
    include_hypothetical: Hypothetical = False,
    min_confidence: MinConfidence = DEFAULT_MIN_CONFIDENCE,
    since: Since = None,
    until: Until = None,
    cameo: CameoOpt = None,
    quad_class: QuadOpt = None,
) -> None:
    """The actor network: nodes (actors) and directed edges weighted by events, as JSON or GraphML.

    Counts leave out historical, negated and hypothetical events and low-confidence ones unless the --include-* flags say otherwise.
    """
    from ..store.query import network, network_graphml, network_json

    _choice(fmt, ("json", "graphml", *TABLE_FORMATS), "--format")
    _choice(level, LEVELS, "--level")
    filters = _filters(
        include_historical,
        include_negated,
        include_hypothetical,
        min_confidence,
        since,
        until,
        cameo,
        quad_class,
    )
    with Store.open(db, read_only=True) as store:
        graph = network(store, level=level, min_events=min_events, filters=filters)
    if fmt in ("table", "csv"):
        edges = network_json(graph)["edges"]
        columns = tuple(edges[0]) if edges else ("source", "target", "events")
        _print(
            Table(columns, tuple(tuple(e[c] for c in columns) for e in edges)), fmt, "network edges"
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

    with Store.open(db, read_only=True) as store:
        _print(run_sql(store, query, list(params or [])), fmt)


# --- plot ---------------------------------------------------------------------------------------------


def plot_dyad(
    actor_a: Annotated[str, typer.Argument(help="Actor code or prefix, e.g. CHN.")],
    actor_b: Annotated[str, typer.Argument(help="The other actor, e.g. RUS.")],
    out: Annotated[
        Path, typer.Option(help="file.png (matplotlib) or file.html (plotly, self-contained).")
    ],
    period: Annotated[str, typer.Option(help="day, week, month or year.")] = "month",
    directed: Annotated[bool, typer.Option(help="Only ACTOR_A acting on ACTOR_B.")] = False,
    db: Db = DEFAULT_DB,
    include_historical: Historical = False,
    include_negated: Negated = False,
    include_hypothetical: Hypothetical = False,
    min_confidence: MinConfidence = DEFAULT_MIN_CONFIDENCE,
    since: Since = None,
    until: Until = None,
    cameo: CameoOpt = None,
    quad_class: QuadOpt = None,
) -> None:
    """Draw a dyad's timeline: events per period stacked by QuadClass, mean Goldstein on a second axis.

    Counts leave out historical, negated and hypothetical events and low-confidence ones unless the --include-* flags say otherwise.
    """
    from ..store.plot import plot_dyad as draw

    _choice(period, PERIODS, "--period")
    filters = _filters(
        include_historical,
        include_negated,
        include_hypothetical,
        min_confidence,
        since,
        until,
        cameo,
        quad_class,
    )
    with Store.open(db, read_only=True) as store:
        series = draw(
            store, actor_a, actor_b, out, period=period, directed=directed, filters=filters
        )
    total = sum(series.column("events"))
    err.print(f"drew {total} events in {len(series.rows)} periods to {out}")
