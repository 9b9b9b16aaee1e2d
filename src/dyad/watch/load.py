"""Read dyad series from the store: counted events (after dedup, current view) per dyad and period.

Two queries over :func:`dyad.store.counted.counted_events`: the periods in range, grouped by
dyad, period, QuadClass and root; and, per dyad, what came before the range (how many events,
how many of them material conflict, and when the first one was). Period and level names are
looked up in fixed tables; every value is a bound parameter.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from ..store import Store
from ..store.counted import counted_events
from ..store.events import Filters
from . import periods as cal
from .series import CONFLICT_ROOTS, HOSTILE_QUAD, DyadSeries, PeriodCounts

# (level, directed) -> the SQL of the dyad's two sides (fixed text, never user input)
_SIDES = {"code": ("source_code", "target_code"), "country": ("source_country", "target_country")}
_ROOT_INDEX = {root: i for i, root in enumerate(CONFLICT_ROOTS)}
# Goldstein scores summed as whole thousandths: integer sums do not depend on the order in which
# DuckDB's threads add them, so a check gives the same numbers every time.
_MILLI = "round(goldstein * 1000)::BIGINT"


def pair_sql(level: str, directed: bool, table: str = "") -> tuple[str, str, str]:
    """SQL for side a, side b, and the condition that both are known (``table``: an alias)."""
    src, tgt = (f"{table}.{side}" if table else side for side in _SIDES[level])
    known = f"{src} IS NOT NULL AND {tgt} IS NOT NULL"
    if directed:
        return src, tgt, known
    return f"least({src}, {tgt})", f"greatest({src}, {tgt})", known


def day_span(store: Store, filters: Filters) -> tuple[date, date] | None:
    """The first and the last day counted events fall on (None: no such event)."""
    query, params = counted_events(filters)
    rows = store.fetch(f"WITH counted AS ({query}) SELECT min(day), max(day) FROM counted", params)
    first, last = rows[0]
    return None if last is None else (first, last)


def load_series(
    store: Store,
    filters: Filters,
    *,
    period: str,
    level: str,
    directed: bool,
    first: date,
    last: date,
) -> list[DyadSeries]:
    """Every dyad with counted events from ``first`` to the end of period ``last``."""
    starts = cal.starts(first, last, period)
    index = {start: i for i, start in enumerate(starts)}
    end = cal.shift(last, period, 1)
    grid: dict[tuple[str, str], list[list[Any]]] = defaultdict(lambda: [_blank() for _ in starts])
    for a, b, start, quad, root, n, total, squares in _grouped(
        store, filters, period, level, directed, first, end
    ):
        _add(grid[(a, b)][index[start]], quad, root, n, total, squares)
    earlier = _earlier(store, filters, period, level, directed, first)
    out = []
    for (a, b), cells in sorted(grid.items()):
        events, hostile, first_start = earlier.get((a, b), (0, 0, first))
        out.append(
            DyadSeries(
                a,
                b,
                starts,
                tuple(_counts(c) for c in cells),
                earlier_events=events,
                earlier_hostile=hostile,
                earlier_periods=cal.between(first_start, first, period),
            )
        )
    return out


def _grouped(
    store: Store, filters: Filters, period: str, level: str, directed: bool, first: date, end: date
) -> list[tuple[Any, ...]]:
    a, b, known = pair_sql(level, directed)
    query, params = counted_events(filters)
    sql = (
        f"WITH counted AS ({query}) "
        f"SELECT {a} AS a, {b} AS b, date_trunc(?, day)::DATE AS period, quad_class, root, "
        f"count(*), sum({_MILLI}), sum({_MILLI} * {_MILLI}) FROM counted "
        f"WHERE day >= ? AND day < ? AND {known} GROUP BY ALL"
    )
    return store.fetch(sql, [*params, period, first, end])


def _earlier(
    store: Store, filters: Filters, period: str, level: str, directed: bool, first: date
) -> dict[tuple[str, str], tuple[int, int, date]]:
    a, b, known = pair_sql(level, directed)
    query, params = counted_events(filters)
    sql = (
        f"WITH counted AS ({query}) "
        f"SELECT {a} AS a, {b} AS b, count(*), count(*) FILTER (WHERE quad_class = ?), "
        "min(date_trunc(?, day))::DATE FROM counted "
        f"WHERE day < ? AND {known} GROUP BY ALL"
    )
    rows = store.fetch(sql, [*params, HOSTILE_QUAD, period, first])
    return {(a_, b_): (n, hostile, start) for a_, b_, n, hostile, start in rows}


def _blank() -> list[Any]:
    return [0, [0, 0, 0, 0], 0, 0, [0] * len(CONFLICT_ROOTS)]  # sums in thousandths


def _add(cell: list[Any], quad: int | None, root: str, n: int, total: Any, squares: Any) -> None:
    cell[0] += n
    if quad in (1, 2, 3, 4):
        cell[1][quad - 1] += n
    cell[2] += int(total or 0)
    cell[3] += int(squares or 0)
    if root in _ROOT_INDEX and quad in (3, 4):
        cell[4][_ROOT_INDEX[root]] += n


def _counts(cell: list[Any]) -> PeriodCounts:
    return PeriodCounts(cell[0], tuple(cell[1]), cell[2] / 1000, cell[3] / 1e6, tuple(cell[4]))
