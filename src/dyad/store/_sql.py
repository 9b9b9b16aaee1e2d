"""Guards for SQL text that comes from a user: one read-only statement, nothing else."""

from __future__ import annotations

import duckdb

from ._errors import QueryError, ReadOnlyQueryError

_READING = {"SELECT", "EXPLAIN"}


def check_read_only(con: duckdb.DuckDBPyConnection, query: str) -> None:
    """Refuse anything but one SELECT (or EXPLAIN) statement, before it runs."""
    try:
        statements = con.extract_statements(query)
    except duckdb.Error as exc:
        raise ReadOnlyQueryError(f"cannot parse the query: {exc}") from None
    if len(statements) != 1:
        raise ReadOnlyQueryError(
            f"give exactly one statement, not {len(statements)}; "
            "run several queries as several commands"
        )
    kind = statements[0].type.name
    if kind not in _READING:
        raise ReadOnlyQueryError(
            f"{kind} statements are refused: 'dyad sql' and --where only read the database. "
            "Use 'dyad ingest' or 'dyad dedup' to change it, or 'dyad export' to write files"
        )


def check_condition(con: duckdb.DuckDBPyConnection, condition: str) -> None:
    """Refuse a ``--where`` condition that is not one valid boolean expression on ``events``."""
    probe = f"SELECT 1 FROM events WHERE (\n{condition}\n) LIMIT 0"
    check_read_only(con, probe)
    try:
        con.execute(probe).fetchall()
    except duckdb.Error as exc:
        raise QueryError(
            f"--where {condition!r} is not a valid condition on the events table: {exc}"
        ) from None
