"""Questions analysts ask of the store, as SQL with bound parameters.

Every value a user gives (actor codes, dates, thresholds, limits) reaches DuckDB as a bound
parameter; the only identifiers put into SQL text come from the fixed tables below (periods and
actor levels). By default the counts leave out historical, negated and hypothetical events and
events below ``min_confidence``; :class:`~dyad.store.events.Filters` says which to include.

An actor argument matches every code that starts with it: ``CHN`` matches ``CHN``, ``CHNGOV`` and
``CHNMIL``; ``IGOUNO`` matches ``IGOUNOSEC``.

Every aggregate counts *events*: once ``dyad dedup`` has grouped the reports of one real-world
event (:mod:`.counted`), the event counts once however many articles reported it;
``count="mentions"`` counts every report instead.
"""

from __future__ import annotations

from typing import Any

import duckdb
import networkx as nx  # type: ignore[import-untyped]

from ._errors import QueryError, ReadOnlyQueryError
from ._sql import check_read_only
from ._table import Table
from .counted import counted_source
from .events import Filters
from .ingest import Store

# period name -> the step between periods (fixed SQL text, never user input)
PERIODS = {"day": "INTERVAL 1 DAY", "week": "INTERVAL 7 DAY", "month": "INTERVAL 1 MONTH",
           "year": "INTERVAL 1 YEAR"}  # fmt: skip
# level name -> (source column, target column)
LEVELS = {"code": ("source_code", "target_code"), "country": ("source_country", "target_country")}


def _run(store: Store, query: str, params: list[Any]) -> Table:
    result = store.con.execute(query, params)
    columns = tuple(d[0] for d in result.description)
    return Table(columns, tuple(result.fetchall()))


def _level(level: str) -> tuple[str, str]:
    if level not in LEVELS:
        raise QueryError(f"unknown level {level!r}; choose one of {', '.join(LEVELS)}")
    return LEVELS[level]


def _step(period: str) -> str:
    if period not in PERIODS:
        raise QueryError(f"unknown period {period!r}; choose one of {', '.join(PERIODS)}")
    return PERIODS[period]


_QUADS = ", ".join(f"count(*) FILTER (WHERE quad_class = {q}) AS quad{q}" for q in (1, 2, 3, 4))


# --- a dyad's time series -------------------------------------------------------------------------

_SERIES = """
WITH hits AS (
    SELECT date_trunc(?, day)::DATE AS period, quad_class, goldstein
    FROM {events} AS counted
    WHERE day IS NOT NULL AND ({pair})
),
span AS (SELECT min(period) AS lo, max(period) AS hi FROM hits),
periods AS (
    SELECT unnest(generate_series(lo::TIMESTAMP, hi::TIMESTAMP, {step}))::DATE AS period
    FROM span WHERE lo IS NOT NULL
)
SELECT p.period, count(h.period) AS events,
       {quads},
       round(coalesce(sum(h.goldstein), 0), 3) AS goldstein_sum,
       round(avg(h.goldstein), 3) AS goldstein_mean
FROM periods p LEFT JOIN hits h USING (period)
GROUP BY p.period ORDER BY p.period
"""

_ONE_WAY = "starts_with(source_code, ?) AND starts_with(target_code, ?)"


def dyad_series(
    store: Store,
    actor_a: str,
    actor_b: str,
    *,
    period: str = "month",
    directed: bool = False,
    filters: Filters | None = None,
    count: str = "events",
) -> Table:
    """Events between two actors per period (no gaps), by QuadClass, with Goldstein sum and mean.

    ``directed``: only ``actor_a`` acting on ``actor_b``; otherwise both directions. ``count``:
    ``events`` (each real-world event once, after ``dyad dedup``) or ``mentions`` (every report).
    """
    step = _step(period)
    source, params = counted_source(filters, count)
    pair, pair_params = f"({_ONE_WAY})", [actor_a, actor_b]
    if not directed:
        pair, pair_params = f"({_ONE_WAY}) OR ({_ONE_WAY})", [actor_a, actor_b, actor_b, actor_a]
    query = _SERIES.format(events=source, pair=pair, step=step, quads=_quads("h."))
    return _run(store, query, [period, *params, *pair_params])


def _quads(prefix: str) -> str:
    return ", ".join(
        f"count(*) FILTER (WHERE {prefix}quad_class = {q}) AS quad{q}" for q in (1, 2, 3, 4)
    )


# --- top actors, top dyads, partners ----------------------------------------------------------------

_TOP_ACTORS = """
WITH sides AS (
    SELECT {src} AS actor, 1 AS as_source, 0 AS as_target, goldstein FROM {events} AS counted
    WHERE {src} IS NOT NULL
    UNION ALL
    SELECT {tgt} AS actor, 0 AS as_source, 1 AS as_target, goldstein FROM {events} AS counted
    WHERE {tgt} IS NOT NULL
)
SELECT actor, count(*) AS events, sum(as_source) AS as_source, sum(as_target) AS as_target,
       round(avg(goldstein), 3) AS goldstein_mean
FROM sides GROUP BY actor ORDER BY events DESC, actor LIMIT ?
"""


def top_actors(
    store: Store,
    *,
    limit: int = 20,
    level: str = "code",
    filters: Filters | None = None,
    count: str = "events",
) -> Table:
    """The actors in the most events (as source or target)."""
    src, tgt = _level(level)
    source, params = counted_source(filters, count)
    query = _TOP_ACTORS.format(src=src, tgt=tgt, events=source)
    return _run(store, query, [*params, *params, limit])


# Aggregate per ordered pair first (plain columns group fast), then fold the two directions.
_TOP_DYADS = """
WITH pairs AS (
    SELECT {src} AS src, {tgt} AS tgt, count(*) AS events, {quads}, sum(goldstein) AS goldstein_sum
    FROM {events} AS counted
    WHERE {src} IS NOT NULL AND {tgt} IS NOT NULL
    GROUP BY ALL
)
SELECT {a} AS {a_name}, {b} AS {b_name}, sum(events)::BIGINT AS events,
       sum(quad1)::BIGINT AS quad1, sum(quad2)::BIGINT AS quad2, sum(quad3)::BIGINT AS quad3,
       sum(quad4)::BIGINT AS quad4, round(sum(goldstein_sum) / sum(events), 3) AS goldstein_mean
FROM pairs GROUP BY ALL ORDER BY events DESC, 1, 2 LIMIT ?
"""


def top_dyads(
    store: Store,
    *,
    limit: int = 20,
    level: str = "code",
    directed: bool = False,
    filters: Filters | None = None,
    count: str = "events",
) -> Table:
    """The pairs of actors with the most events between them (either direction unless ``directed``)."""
    src, tgt = _level(level)
    source, params = counted_source(filters, count)
    if directed:
        a, b, names = "src", "tgt", ("source", "target")
    else:
        a, b, names = "least(src, tgt)", "greatest(src, tgt)", ("actor_a", "actor_b")
    query = _TOP_DYADS.format(
        a=a, b=b, a_name=names[0], b_name=names[1], src=src, tgt=tgt, events=source,
        quads=_QUADS,
    )  # fmt: skip
    return _run(store, query, [*params, limit])


_PARTNERS = """
WITH sides AS (
    SELECT {tgt} AS partner, 1 AS outgoing, goldstein FROM {events} AS counted
    WHERE starts_with(source_code, ?) AND {tgt} IS NOT NULL
    UNION ALL
    SELECT {src} AS partner, 0 AS outgoing, goldstein FROM {events} AS counted
    WHERE starts_with(target_code, ?) AND {src} IS NOT NULL
)
SELECT partner, count(*) AS events, sum(outgoing) AS outgoing, count(*) - sum(outgoing) AS incoming,
       round(avg(goldstein) FILTER (WHERE outgoing = 1), 3) AS goldstein_out,
       round(avg(goldstein) FILTER (WHERE outgoing = 0), 3) AS goldstein_in
FROM sides GROUP BY partner ORDER BY events DESC, partner LIMIT ?
"""


def partners(
    store: Store,
    actor: str,
    *,
    limit: int = 20,
    level: str = "code",
    filters: Filters | None = None,
    count: str = "events",
) -> Table:
    """Whom an actor deals with: events each way and the mean Goldstein score each way."""
    src, tgt = _level(level)
    source, params = counted_source(filters, count)
    query = _PARTNERS.format(src=src, tgt=tgt, events=source)
    return _run(store, query, [*params, actor, *params, actor, limit])


# --- the actor network -----------------------------------------------------------------------------

_EDGES = """
SELECT {src} AS source, {tgt} AS target, count(*) AS events,
       round(sum(goldstein), 3) AS goldstein_sum, round(avg(goldstein), 3) AS goldstein_mean,
       {quads}
FROM {events} AS counted
WHERE {src} IS NOT NULL AND {tgt} IS NOT NULL
GROUP BY ALL HAVING count(*) >= ? ORDER BY events DESC, source, target
"""


def network(
    store: Store,
    *,
    level: str = "country",
    min_events: int = 1,
    filters: Filters | None = None,
    count: str = "events",
) -> nx.DiGraph:
    """The actor network: a node per actor, a directed edge per (source, target) weighted by events."""
    src, tgt = _level(level)
    source, params = counted_source(filters, count)
    query = _EDGES.format(src=src, tgt=tgt, events=source, quads=_QUADS)
    edges = _run(store, query, [*params, min_events])
    graph = nx.DiGraph(level=level)
    for record in edges.records():
        source, target = record.pop("source"), record.pop("target")
        graph.add_edge(source, target, weight=record["events"], **record)
    for node in graph.nodes:
        graph.nodes[node]["events"] = _node_events(graph, node)
    return graph


def _node_events(graph: nx.DiGraph, node: str) -> int:
    """Events the actor takes part in, on either side (an event with itself counts once)."""
    out_w = sum(d["weight"] for _, _, d in graph.out_edges(node, data=True))
    in_w = sum(d["weight"] for _, _, d in graph.in_edges(node, data=True))
    loop = graph.edges[node, node]["weight"] if graph.has_edge(node, node) else 0
    return int(out_w + in_w - loop)


def network_json(graph: nx.DiGraph) -> dict[str, Any]:
    """``{"nodes": [{"id", "events"}], "edges": [{"source", "target", "events", ...}]}``."""
    nodes = [{"id": n, **data} for n, data in sorted(graph.nodes(data=True))]
    edges = [{"source": s, "target": t, **data} for s, t, data in graph.edges(data=True)]
    return {"nodes": nodes, "edges": edges}


def network_graphml(graph: nx.DiGraph) -> str:
    """The network as GraphML text (Gephi, Cytoscape, igraph read it)."""
    return "\n".join(nx.generate_graphml(graph)) + "\n"


# --- read-only SQL ----------------------------------------------------------------------------------


def sql(store: Store, query: str, params: list[Any] | None = None) -> Table:
    """Run one read-only statement (SELECT, WITH ... SELECT, EXPLAIN) on a read-only store."""
    if not store.read_only:
        raise ReadOnlyQueryError(
            "sql() needs a store opened with read_only=True, so nothing can change the file"
        )
    check_read_only(store.con, query)
    try:
        return _run(store, query, list(params or []))
    except duckdb.Error as exc:
        raise QueryError(f"the query failed: {exc}") from None
