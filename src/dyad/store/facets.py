"""Facet counts: how many events each country, CAMEO root and publisher has under some filters.

The counts are of *events* (:mod:`.counted`: each real-world event once after ``dyad dedup``)
unless ``count="mentions"``; the events are chosen with the one filter vocabulary,
:class:`~.events.Filters`, and every facet value is one that filter takes back (``country``,
``root``, ``publisher``), so choosing a value narrows to exactly the events counted for it.
An event between two countries counts once for each; a self-pair counts once.
"""

from __future__ import annotations

from dataclasses import dataclass

from .counted import counted_source
from .events import PUBLISHER, Filters
from .ingest import Store

__all__ = ["FACETS", "FacetCount", "Facets", "facets"]

#: facet name -> SQL over ``counted`` giving one ``value`` per event and facet value
_VALUES = {
    "country": "SELECT unnest(list_distinct(list_filter([source_country, target_country], "
    "lambda x: x IS NOT NULL))) AS value FROM counted",
    "root": "SELECT root AS value FROM counted",
    "publisher": f"SELECT {PUBLISHER} AS value FROM counted JOIN documents p USING (doc_hash)",
}
FACETS = tuple(_VALUES)


@dataclass(frozen=True, slots=True)
class FacetCount:
    """One facet value and the events that have it."""

    value: str
    events: int


@dataclass(frozen=True, slots=True)
class Facets:
    """The events the filters choose (``total``) and the most common values of each facet."""

    total: int
    country: tuple[FacetCount, ...]
    root: tuple[FacetCount, ...]
    publisher: tuple[FacetCount, ...]


def _facet(
    store: Store, name: str, source: str, params: list[object], limit: int
) -> tuple[FacetCount, ...]:
    rows = store.fetch(
        f"WITH counted AS (SELECT * FROM {source} AS c), hits AS ({_VALUES[name]}) "
        "SELECT value, count(*) AS events FROM hits WHERE value IS NOT NULL "
        "GROUP BY value ORDER BY events DESC, value LIMIT ?",
        [*params, limit],
    )
    return tuple(FacetCount(str(value), int(events)) for value, events in rows)


def facets(
    store: Store, filters: Filters | None = None, *, limit: int = 10, count: str = "events"
) -> Facets:
    """The ``limit`` most common countries, roots and publishers of the events ``filters`` choose."""
    source, params = counted_source(filters, count)
    ((total,),) = store.fetch(f"SELECT count(*) FROM {source} AS c", params)
    found = {name: _facet(store, name, source, params, limit) for name in FACETS}
    return Facets(total=int(total), **found)
