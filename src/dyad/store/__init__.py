"""dyad's event store: an embedded DuckDB file with documents, events and what links them.

Library first: :class:`Store` opens and ingests; :mod:`.dedup`, :mod:`.export`, :mod:`.query` and
:mod:`.plot` work on an open store. The ``dyad ingest/export/query/sql/plot/dedup`` commands are a
thin shell over these functions.
"""

from __future__ import annotations

from ._errors import (
    LockedError,
    NotAStoreError,
    QueryError,
    ReadOnlyQueryError,
    SchemaVersionError,
    StoreError,
)
from ._rows import content_hash, event_from_row, event_key
from ._table import Table
from .ingest import DEFAULT_BATCH_SIZE, IngestStats, Store
from .schema import SCHEMA_VERSION

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "SCHEMA_VERSION",
    "IngestStats",
    "LockedError",
    "NotAStoreError",
    "QueryError",
    "ReadOnlyQueryError",
    "SchemaVersionError",
    "Store",
    "StoreError",
    "Table",
    "content_hash",
    "event_from_row",
    "event_key",
]
