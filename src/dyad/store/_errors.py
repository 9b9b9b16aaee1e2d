"""Errors the store raises. Each message says what arrived, the likely cause and what to do."""

from __future__ import annotations

from ..errors import DyadError, RunError


class StoreError(DyadError):
    """The event database cannot be opened, read or written."""

    code = "E020"


class NotAStoreError(StoreError):
    """The file is not a DuckDB database, or is one that dyad did not create."""

    code = "E021"


class SchemaVersionError(StoreError):
    """The database was written by a newer dyad whose schema this dyad does not know."""

    code = "E022"


class LockedError(StoreError):
    """Another process holds the database open for writing."""

    code = "E023"


class ReadOnlyQueryError(StoreError):
    """A statement given to ``sql()`` would change something; only SELECT-like queries run."""

    code = "E024"


class QueryError(StoreError):
    """A query's arguments are not valid (unknown period, level or format)."""

    code = "E025"


class WriteError(StoreError, RunError):
    """Writing a batch failed (a full disk, a read-only file system) and it was rolled back; the
    run stops (the command line exits 3) and the same command run again continues it."""

    code = "E026"
