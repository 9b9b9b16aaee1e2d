"""The events that count: the default "current events" view, one row per real-world event.

Counting *events* rather than reports means counting :mod:`.dedup`'s clusters: many articles
reporting one attack are one attack. :func:`counted_events` is the one place that says how, for
every question that counts (``dyad watch`` now; the other counts can move onto it):

* the reports are chosen with the store's one filter vocabulary, :class:`~.events.Filters`,
  whose defaults are the "current events" view — no historical, negated or hypothetical events,
  none below the confidence floor;
* the reports left are grouped by their dedup cluster (``mentions.cluster_id``); a report that
  ``dyad dedup`` has not seen yet (ingested since) is a cluster of its own;
* each cluster is represented by its earliest report (its day, actors and code), and ``reports``
  says how many of its reports passed the filters.
"""

from __future__ import annotations

from typing import Any

from ._errors import QueryError
from .events import Filters

__all__ = ["COUNTS", "counted_events", "counted_source"]

#: what an aggregate counts: real-world events (dedup clusters) or every report of one
COUNTS = ("events", "mentions")

_COUNTED = """
SELECT e.*, coalesce(m.cluster_id, e.event_key) AS cluster_id,
       count(*) OVER (PARTITION BY coalesce(m.cluster_id, e.event_key)) AS reports
FROM events e LEFT JOIN mentions m ON m.event_key = e.event_key
WHERE {condition}
QUALIFY row_number() OVER (
    PARTITION BY coalesce(m.cluster_id, e.event_key)
    ORDER BY e.day NULLS LAST, e.event_key
) = 1
"""


def counted_events(filters: Filters | None = None) -> tuple[str, list[Any]]:
    """SQL for the events that count, one row per real-world event, and its bound values.

    The query has every column of ``events`` plus ``cluster_id`` and ``reports``; use it as a
    subquery: ``f"WITH counted AS ({query}) SELECT ... FROM counted"``.
    """
    condition, params = (filters or Filters()).clause("e")
    return _COUNTED.format(condition=condition), params


def counted_source(filters: Filters | None = None, count: str = "events") -> tuple[str, list[Any]]:
    """A parenthesised ``FROM`` item of the events ``filters`` choose, and its bound values.

    ``count="events"``: one row per real-world event (:func:`counted_events`); ``"mentions"``:
    one row per report, as stored. Both rows have every column of ``events`` and ``reports``
    (the reports a row stands for), so ``sum(reports)`` is the volume either way.
    """
    if count not in COUNTS:
        raise QueryError(f"unknown count {count!r}; choose one of {', '.join(COUNTS)}")
    if count == "mentions":
        condition, params = (filters or Filters()).clause()
        return f"(SELECT *, 1 AS reports FROM events WHERE {condition})", params
    query, params = counted_events(filters)
    return f"({query})", params
