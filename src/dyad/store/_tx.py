"""One transaction around a block: committed when the block ends, rolled back when it raises."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import duckdb

log = logging.getLogger(__name__)


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """``BEGIN`` ... ``COMMIT``; on any error ``ROLLBACK`` and re-raise."""
    con.begin()
    try:
        yield
        con.commit()
    except BaseException:
        _rollback(con)
        raise


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.rollback()
    except duckdb.Error as exc:  # a COMMIT that failed (disk full) has ended the transaction
        log.debug("nothing to roll back: %s", exc)
