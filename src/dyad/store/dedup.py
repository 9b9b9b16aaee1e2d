"""Cross-document deduplication: many articles reporting one real-world event become one cluster.

The rule (GDELT's events/mentions split): two per-article events are the same event when they have

* the same CAMEO root code, the same source actor code and the same target actor code (a missing
  target matches only a missing target), and the same modality;
* compatible dates: the days they cover (up to ``date_end``; the document's publication day when
  the event has no date) are at most ``window_days`` apart. A vague date (a month, a year, or a
  range longer than the window) matches only the very same period, so "in 2024" does not swallow
  every report of that year;
* the same location country, when both know one (``match_location``).

Clustering is greedy and deterministic: within one (root, source, target, modality) group, events
are taken in date order and join the first open cluster whose *first* event is compatible, so a
daily stream of similar reports does not chain into one endless event. Events without a source
code or without any day stay single. Every event ends in exactly one cluster; the per-article
events are never changed or deleted, and running it again replaces the clusters.

A document's copies (the same text under another id, date, url or publisher, table ``copies``)
carry its events too: each copy adds one mention of every event of the document, one article and,
when its publisher is another, one source.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pyarrow as pa

from ._errors import StoreError
from ._rows import arrow_schema, last_day
from ._tx import transaction
from .ingest import Store
from .schema import CLUSTERS, MENTIONS, column_names

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DedupOptions:
    """Thresholds of the deduplication rule."""

    window_days: int = 2  # how far apart two reports' days may be
    match_location: bool = True  # different known location countries keep events apart


@dataclass(frozen=True, slots=True)
class DedupStats:
    events: int
    clusters: int
    merged: int  # events that joined an earlier report's cluster


@dataclass(frozen=True, slots=True)
class _Mention:
    event_key: int
    doc_hash: str
    event_id: str
    cameo: str
    source_code: str | None
    target_code: str | None
    modality: str
    country: str | None
    lo: date | None
    hi: date | None
    outlet: str
    goldstein: float | None
    confidence: float | None
    copy_outlets: tuple[str, ...] = ()  # the publishers of the document's copies, one per copy


@dataclass
class _Cluster:
    first: _Mention
    country: str | None
    members: list[_Mention] = field(default_factory=list)


_CANDIDATES = """
SELECT e.event_key, e.doc_hash, e.event_id, e.root, e.cameo, e.source_code, e.target_code,
       e.modality, e.location_country, e.day, e.day_basis, e.date, e.date_end, e.goldstein,
       e.confidence, coalesce(d.source, d.source_host, d.doc_hash) AS outlet,
       c.copy_outlets
FROM events e JOIN documents d USING (doc_hash)
LEFT JOIN (
    SELECT doc_hash,
           list(coalesce(source, source_host, 'copy:' || copy_key) ORDER BY copy_key) AS copy_outlets
    FROM copies GROUP BY doc_hash
) c USING (doc_hash)
ORDER BY e.root, e.source_code NULLS LAST, e.target_code NULLS FIRST, e.modality,
         e.day NULLS LAST, d.published_day NULLS LAST, e.doc_id, e.event_id, e.event_key
"""


def deduplicate(store: Store, options: DedupOptions | None = None) -> DedupStats:
    """Rebuild the ``clusters`` and ``mentions`` tables from every stored event."""
    options = options or DedupOptions()
    if options.window_days < 0:
        raise StoreError(f"window_days must be 0 or more, not {options.window_days}")
    clusters = list(_clusters(store, options))
    stats = DedupStats(
        events=sum(len(c.members) for c in clusters),
        clusters=len(clusters),
        merged=sum(len(c.members) - 1 for c in clusters),
    )
    _write(store, clusters, options)
    log.info("dedup: %d events in %d clusters", stats.events, stats.clusters)
    return stats


def _clusters(store: Store, options: DedupOptions) -> Iterator[_Cluster]:
    group: tuple[Any, ...] | None = None
    open_: list[_Cluster] = []
    for row in _rows(store):
        key = (row["root"], row["source_code"], row["target_code"], row["modality"])
        mention = _mention(row)
        if key != group or row["source_code"] is None or mention.lo is None:
            yield from open_
            open_, group = [], key
        if row["source_code"] is None or mention.lo is None:
            yield _Cluster(mention, mention.country, [mention])
            continue
        closed = [c for c in open_ if _expired(c.first, mention, options.window_days)]
        yield from closed
        open_ = [c for c in open_ if c not in closed]
        _place(open_, mention, options)
    yield from open_


def _place(open_: list[_Cluster], mention: _Mention, options: DedupOptions) -> None:
    for cluster in open_:
        if _compatible(cluster.first, mention, options.window_days) and _country_ok(
            cluster.country, mention.country, options
        ):
            cluster.members.append(mention)
            cluster.country = cluster.country or mention.country
            return
    open_.append(_Cluster(mention, mention.country, [mention]))


def _country_ok(a: str | None, b: str | None, options: DedupOptions) -> bool:
    return not options.match_location or a is None or b is None or a == b


def _compatible(first: _Mention, other: _Mention, window: int) -> bool:
    """Whether two reports' days fit: within ``window`` days, or the very same vague period."""
    if _span(first) > window or _span(other) > window:
        return (first.lo, first.hi) == (other.lo, other.hi)
    return _gap(first, other) <= window


def _expired(first: _Mention, later: _Mention, window: int) -> bool:
    """Whether no report from ``later`` on can join the cluster ``first`` opened (dates sorted)."""
    assert first.hi is not None and later.lo is not None
    return (later.lo - first.hi).days > window


def _span(m: _Mention) -> int:
    assert m.lo is not None and m.hi is not None
    return (m.hi - m.lo).days


def _gap(a: _Mention, b: _Mention) -> int:
    """Days between two reports' intervals; 0 when they overlap."""
    assert a.lo is not None and a.hi is not None and b.lo is not None and b.hi is not None
    return max(0, (max(a.lo, b.lo) - min(a.hi, b.hi)).days)


def _rows(store: Store) -> Iterator[dict[str, Any]]:
    reader = store.con.sql(_CANDIDATES).to_arrow_reader(65536)
    for batch in reader:
        yield from batch.to_pylist()


def _mention(row: dict[str, Any]) -> _Mention:
    lo: date | None = row["day"]
    hi = lo
    if row["day_basis"] in ("day", "month", "year"):
        hi = last_day(row["date_end"]) or last_day(row["date"]) or lo
    return _Mention(
        event_key=row["event_key"],
        doc_hash=row["doc_hash"],
        event_id=row["event_id"],
        cameo=row["cameo"],
        source_code=row["source_code"],
        target_code=row["target_code"],
        modality=row["modality"],
        country=row["location_country"],
        lo=lo,
        hi=max(hi, lo) if hi and lo else hi,
        outlet=row["outlet"],
        goldstein=row["goldstein"],
        confidence=row["confidence"],
        copy_outlets=tuple(row["copy_outlets"] or ()),
    )


# --- writing ---------------------------------------------------------------------------------------


def _write(store: Store, clusters: list[_Cluster], options: DedupOptions) -> None:
    with transaction(store.con):
        store.con.execute("DELETE FROM mentions")
        store.con.execute("DELETE FROM clusters")
        _insert(store, "clusters", _cluster_table(clusters))
        _insert(store, "mentions", _mention_table(clusters))
        _remember(store, options)


def _insert(store: Store, name: str, table: pa.Table) -> None:
    store.con.register("_dyad_dedup", table)
    try:
        store.con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _dyad_dedup")
    finally:
        store.con.unregister("_dyad_dedup")


def _remember(store: Store, options: DedupOptions) -> None:
    settings = {
        "dedup_window_days": str(options.window_days),
        "dedup_match_location": str(options.match_location).lower(),
        "dedup_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    for key, value in settings.items():
        store.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])


def _cluster_table(clusters: list[_Cluster]) -> pa.Table:
    columns: dict[str, list[Any]] = {name: [] for name in column_names(CLUSTERS)}
    for cluster in clusters:
        for name, value in _cluster_row(cluster).items():
            columns[name].append(value)
    return pa.table(columns, schema=arrow_schema(CLUSTERS))


def _cluster_row(cluster: _Cluster) -> dict[str, Any]:
    members, first = cluster.members, cluster.first
    scores = [m.goldstein for m in members if m.goldstein is not None]
    confidences = [m.confidence for m in members if m.confidence is not None]
    days = [d for m in members for d in (m.lo, m.hi) if d is not None]
    return {
        "cluster_id": first.event_key,
        "root": first.cameo[:2],
        "cameo": first.cameo,
        "source_code": first.source_code,
        "target_code": first.target_code,
        "modality": first.modality,
        "location_country": cluster.country,
        "day_first": min(days) if days else None,
        "day_last": max(days) if days else None,
        "num_mentions": sum(1 + len(m.copy_outlets) for m in members),
        "num_sources": len({o for m in members for o in (m.outlet, *m.copy_outlets)}),
        "num_articles": sum(1 + len(copies) for copies in _copies_by_document(members).values()),
        "goldstein_mean": sum(scores) / len(scores) if scores else None,
        "confidence_max": max(confidences) if confidences else None,
    }


def _copies_by_document(members: list[_Mention]) -> dict[str, tuple[str, ...]]:
    return {m.doc_hash: m.copy_outlets for m in members}


def _mention_table(clusters: list[_Cluster]) -> pa.Table:
    columns: dict[str, list[Any]] = {name: [] for name in column_names(MENTIONS)}
    for cluster in clusters:
        for member in cluster.members:
            columns["event_key"].append(member.event_key)
            columns["cluster_id"].append(cluster.first.event_key)
            columns["doc_hash"].append(member.doc_hash)
            columns["event_id"].append(member.event_id)
            columns["is_first"].append(member is cluster.first)
    return pa.table(columns, schema=arrow_schema(MENTIONS))
