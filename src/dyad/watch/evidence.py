"""The events behind alerts: the counted events of each alert's dyad, window and kind, with their
evidence span and sentence. One query for all alerts of a check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..store import Store
from ..store.counted import counted_events
from ..store.events import Filters
from .alerts import AlertEvent
from .load import pair_sql
from .series import Evidence

# evidence kind -> its condition on a counted event `c` and the alert row `w` (fixed SQL text)
_KINDS = {
    "quad_from": "c.quad_class >= w.value",
    "root_above": "c.quad_class >= 3 AND TRY_CAST(c.root AS INTEGER) > w.value",
    "lowest_goldstein": "TRUE",
}


@dataclass(frozen=True, slots=True)
class Wanted:
    """Which events one alert needs: its dyad, its days and its kind of event."""

    actor_a: str
    actor_b: str
    first: date
    last: date
    evidence: Evidence


def top_events(
    store: Store,
    wanted: list[Wanted],
    filters: Filters,
    *,
    level: str,
    directed: bool,
    limit: int,
) -> list[tuple[AlertEvent, ...]]:
    """For each wanted alert (in order), up to ``limit`` events: most hostile first."""
    if not wanted or limit < 1:
        return [() for _ in wanted]
    a, b, _ = pair_sql(level, directed, "c")
    query, params = counted_events(filters)
    rows_sql = ", ".join("(?, ?, ?, ?::DATE, ?::DATE, ?, ?)" for _ in wanted)
    values: list[Any] = []
    for i, w in enumerate(wanted):
        values += [i, w.actor_a, w.actor_b, w.first, w.last, w.evidence.kind, w.evidence.value]
    kinds = " OR ".join(f"(w.kind = '{kind}' AND {cond})" for kind, cond in _KINDS.items())
    sql = f"""
WITH counted AS ({query}),
wanted(idx, a, b, lo, hi, kind, value) AS (VALUES {rows_sql}),
picked AS (
    SELECT w.idx, c.* FROM counted c JOIN wanted w
      ON {a} = w.a AND {b} = w.b
     AND c.day BETWEEN w.lo AND w.hi AND ({kinds})
    QUALIFY row_number() OVER (
        PARTITION BY w.idx
        ORDER BY c.goldstein NULLS LAST, c.root DESC, c.reports DESC, c.day, c.event_key
    ) <= ?
)
SELECT p.idx, p.event_id, p.event_key, p.doc_id, p.day, p.cameo, p.name, p.root, p.quad_class,
       p.goldstein, p.source_code, p.target_code, p.reports,
       substr(d.text, p."start" + 1, p."end" - p."start") AS evidence,
       substr(d.text, s."start" + 1, s."end" - s."start") AS sentence
FROM picked p JOIN documents d ON d.doc_hash = p.doc_hash
LEFT JOIN sentences s ON s.doc_hash = p.doc_hash AND s.sentence = p.sentence
ORDER BY p.idx, p.goldstein NULLS LAST, p.root DESC, p.reports DESC, p.day, p.event_key
"""
    found: list[list[AlertEvent]] = [[] for _ in wanted]
    for row in store.fetch(sql, [*params, *values, limit]):
        found[row[0]].append(AlertEvent(*row[1:]))
    return [tuple(events) for events in found]
