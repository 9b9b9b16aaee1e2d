"""``dyad query ...``, ``dyad plot dyad`` and ``dyad actors``: the store's questions, a thin shell
over :mod:`dyad.store.query`, :mod:`dyad.store.plot` and :mod:`dyad.dictionaries.lookup`.

Every query counts events (each real-world event once after ``dyad dedup``; ``--count mentions``
for every report), takes the event filters of :func:`.options.with_filters`, reads actor
arguments in any case and answers a name ("China") with the code it means.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from ..store.events import Filters
from .options import DEFAULT_DB, CountOpt, Db, with_filters
from .render import print_rows

if TYPE_CHECKING:
    from ..store import Store, Table

err = Console(stderr=True)

TABLE_FORMATS = ("table", "csv", "json")

Fmt = Annotated[str, typer.Option("--format", help="Output: table, csv or json.")]
Level = Annotated[
    str, typer.Option(help="Group actors by full code (CHNGOV) or by country (CHN): code|country.")
]
Limit = Annotated[int, typer.Option(help="How many rows.")]


# --- queries ------------------------------------------------------------------------------------------


def choose(value: str, allowed: Iterable[str], option: str) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise typer.BadParameter(f"{option} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def show(table: Table, fmt: str, title: str | None = None) -> None:
    print_rows(table, choose(fmt, TABLE_FORMATS, "--format"), title)


@with_filters
def query_dyad(
    actor_a: Annotated[str, typer.Argument(help="Actor code or prefix, e.g. CHN or CHNGOV.")],
    actor_b: Annotated[str, typer.Argument(help="The other actor.")],
    period: Annotated[str, typer.Option(help="day, week, month or year.")] = "month",
    directed: Annotated[
        bool,
        typer.Option("--directed", help="Only ACTOR_A acting on ACTOR_B (default: both ways)."),
    ] = False,
    db: Db = DEFAULT_DB,
    fmt: Fmt = "table",
    count: CountOpt = "events",
    *,
    filters: Filters,
) -> None:
    """A dyad's time series: events per period by QuadClass, Goldstein sum and mean.

    Actor codes match by prefix in any case (chn matches CHNGOV); a name ("China") is answered with the code it means ('dyad actors' searches names).
    """
    from ..store.query import PERIODS, dyad_series

    choose(period, PERIODS, "--period")
    with reading(db) as store:
        actor_a, actor_b = _codes(store, actor_a, actor_b)
        table = dyad_series(
            store,
            actor_a,
            actor_b,
            period=period,
            directed=directed,
            filters=filters,
            count=_counting(count),
        )
    show(table, fmt, f"{actor_a} {'→' if directed else '↔'} {actor_b} per {period}")


@with_filters
def query_top_actors(
    limit: Limit = 20,
    level: Level = "code",
    db: Db = DEFAULT_DB,
    fmt: Fmt = "table",
    count: CountOpt = "events",
    *,
    filters: Filters,
) -> None:
    """The actors in the most events, as source or target, in a period."""
    from ..store.query import LEVELS, top_actors

    choose(level, LEVELS, "--level")
    with reading(db) as store:
        table = top_actors(store, limit=limit, level=level, filters=filters, count=_counting(count))
    show(table, fmt, "top actors")


@with_filters
def query_top_dyads(
    limit: Limit = 20,
    level: Level = "code",
    directed: Annotated[
        bool, typer.Option("--directed", help="Count source→target separately from target→source.")
    ] = False,
    db: Db = DEFAULT_DB,
    fmt: Fmt = "table",
    count: CountOpt = "events",
    *,
    filters: Filters,
) -> None:
    """The pairs of actors with the most events between them in a period, by QuadClass."""
    from ..store.query import LEVELS, top_dyads

    choose(level, LEVELS, "--level")
    with reading(db) as store:
        table = top_dyads(
            store,
            limit=limit,
            level=level,
            directed=directed,
            filters=filters,
            count=_counting(count),
        )
    show(table, fmt, "top dyads")


@with_filters
def query_partners(
    actor: Annotated[str, typer.Argument(help="Actor code or prefix, e.g. RUS.")],
    limit: Limit = 20,
    level: Level = "code",
    db: Db = DEFAULT_DB,
    fmt: Fmt = "table",
    count: CountOpt = "events",
    *,
    filters: Filters,
) -> None:
    """An actor's partners: events each way and mean Goldstein each way."""
    from ..store.query import LEVELS, partners

    choose(level, LEVELS, "--level")
    with reading(db) as store:
        (actor,) = _codes(store, actor)
        table = partners(
            store, actor, limit=limit, level=level, filters=filters, count=_counting(count)
        )
    show(table, fmt, f"partners of {actor}")


@with_filters
def query_network(
    level: Level = "country",
    min_events: Annotated[int, typer.Option(help="Leave out edges with fewer events.")] = 1,
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")] = None,
    db: Db = DEFAULT_DB,
    fmt: Annotated[
        str, typer.Option("--format", help="json, graphml, table or csv (edges).")
    ] = "json",
    count: CountOpt = "events",
    *,
    filters: Filters,
) -> None:
    """The actor network: nodes (actors) and directed edges weighted by events, as JSON or GraphML."""
    from ..store.query import LEVELS, network, network_graphml, network_json

    choose(fmt, ("json", "graphml", *TABLE_FORMATS), "--format")
    choose(level, LEVELS, "--level")
    with reading(db) as store:
        graph = network(
            store, level=level, min_events=min_events, filters=filters, count=_counting(count)
        )
    if fmt in ("table", "csv"):
        edges = network_json(graph)["edges"]
        columns = tuple(edges[0]) if edges else ("source", "target", "events")
        show(
            rows_table(columns, tuple(tuple(e[c] for c in columns) for e in edges)),
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


# --- plot ---------------------------------------------------------------------------------------------


@with_filters
def plot_dyad(
    actor_a: Annotated[str, typer.Argument(help="Actor code or prefix, e.g. CHN.")],
    actor_b: Annotated[str, typer.Argument(help="The other actor, e.g. RUS.")],
    out: Annotated[
        Path, typer.Option(help="file.png (matplotlib) or file.html (plotly, self-contained).")
    ],
    period: Annotated[str, typer.Option(help="day, week, month or year.")] = "month",
    directed: Annotated[
        bool, typer.Option("--directed", help="Only ACTOR_A acting on ACTOR_B.")
    ] = False,
    db: Db = DEFAULT_DB,
    count: CountOpt = "events",
    *,
    filters: Filters,
) -> None:
    """Draw a dyad's timeline: events per period stacked by QuadClass, mean Goldstein on a second axis."""
    from ..store.plot import plot_dyad as draw
    from ..store.query import PERIODS

    choose(period, PERIODS, "--period")
    with reading(db) as store:
        actor_a, actor_b = _codes(store, actor_a, actor_b)
        series = draw(
            store,
            actor_a,
            actor_b,
            out,
            period=period,
            directed=directed,
            filters=filters,
            count=_counting(count),
        )
    total = sum(series.column("events"))
    err.print(f"drew {total} {count} in {len(series.rows)} periods to {out}")
    if not total:
        err.print(f"warning: no {count} between {actor_a} and {actor_b}; the plot is empty")
        raise typer.Exit(1)


def _counting(count: str) -> str:
    from ..store.counted import COUNTS

    return choose(count, COUNTS, "--count")


def _codes(store: Store, *texts: str) -> list[str]:
    """Actor arguments as code prefixes (any case); a name stops with the code it means."""
    from ..dictionaries import load_dictionaries
    from ..store.names import actor_code

    dictionaries = load_dictionaries()
    return [actor_code(store, text, dictionaries) for text in texts]


def actors(
    search: Annotated[str, typer.Argument(help="A name, demonym, capital, leader or code.")],
    limit: Limit = 10,
    fmt: Fmt = "table",
) -> None:
    """Find actor codes by name: 'dyad actors China' -> CHN, 'Putin' -> RUSGOV, 'NATO' -> IGONAT.

    Exit 1 when nothing matches.
    """
    from ..dictionaries import load_dictionaries
    from ..dictionaries.lookup import find_actors

    found = find_actors(load_dictionaries(), search, limit=limit)
    columns = ("code", "name", "kind", "matched")
    show(rows_table(columns, tuple(tuple(m.to_dict().values()) for m in found)), fmt, search)
    if not found:
        err.print(f"no actor matches {search!r}; try a country, a demonym, a capital or a leader")
        raise typer.Exit(1)


def reading(db: Path) -> Store:
    from ..store import Store

    return Store.open(db, read_only=True)


def rows_table(columns: tuple[str, ...], rows: tuple[tuple[object, ...], ...]) -> Table:
    from ..store import Table

    return Table(columns, rows)
