"""dyad's event store: an embedded DuckDB file with documents, events and what links them.

Library first: :class:`Store` opens and ingests, :func:`code_and_store` codes and stores what is
not stored yet; :mod:`.dedup`, :mod:`.export`, :mod:`.query` and :mod:`.plot` work on an open store,
and :mod:`.events` is the one vocabulary of event filters they, the API and the command line use.
The ``dyad ingest/export/query/sql/plot/dedup`` commands are a thin shell over these functions.
The names below load on first use (PEP 562), so ``dyad.store.events`` costs no DuckDB import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from ._errors import (
        LockedError,
        NotAStoreError,
        QueryError,
        ReadOnlyQueryError,
        SchemaVersionError,
        StoreError,
        WriteError,
    )
    from ._rows import content_hash, event_from_row, event_key
    from ._table import Table
    from .defaults import DEFAULT_BATCH_SIZE
    from .events import Filters
    from .ingest import IngestStats, Store, code_and_store
    from .schema import SCHEMA_VERSION

# public name -> the module that defines it
_EXPORTS = {
    **dict.fromkeys(
        (
            "LockedError",
            "NotAStoreError",
            "QueryError",
            "ReadOnlyQueryError",
            "SchemaVersionError",
            "StoreError",
            "WriteError",
        ),
        "._errors",
    ),
    **dict.fromkeys(("content_hash", "event_from_row", "event_key"), "._rows"),
    "Table": "._table",
    "Filters": ".events",
    "DEFAULT_BATCH_SIZE": ".defaults",
    **dict.fromkeys(("IngestStats", "Store", "code_and_store"), ".ingest"),
    "SCHEMA_VERSION": ".schema",
}

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "SCHEMA_VERSION",
    "Filters",
    "IngestStats",
    "LockedError",
    "NotAStoreError",
    "QueryError",
    "ReadOnlyQueryError",
    "SchemaVersionError",
    "Store",
    "StoreError",
    "Table",
    "WriteError",
    "code_and_store",
    "content_hash",
    "event_from_row",
    "event_key",
]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
