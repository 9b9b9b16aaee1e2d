"""The app's store: one DuckDB connection per app, a cursor per request, one writer at a time.

Without a write token the file is opened read-only, so other processes (``dyad query``, more
server workers) can read it too; with a token it is opened for writing (and created if missing).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..store import Store, StoreError


class Database:
    """Lazily opened store shared by an app's requests."""

    def __init__(self, path: Path, *, writable: bool) -> None:
        self.path, self.writable = path, writable
        self._base: Store | None = None
        self._open_lock = threading.Lock()
        self._write_lock = threading.Lock()

    def _store(self) -> Store:
        with self._open_lock:
            if self._base is None:
                self._base = Store.open(self.path, read_only=not self.writable)
            return self._base

    @contextmanager
    def reader(self) -> Iterator[Store]:
        """A store over a fresh cursor: safe to use from this request's thread only."""
        base = self._store()
        cursor = base.con.cursor()
        try:
            yield Store(cursor, self.path, read_only=base.read_only)
        finally:
            cursor.close()

    @contextmanager
    def writer(self) -> Iterator[Store]:
        """The store for writing; one writer at a time per app."""
        if not self.writable:
            raise StoreError(f"{self.path} is open read-only; set DYAD_API_TOKEN to enable writes")
        with self._write_lock, self.reader() as store:
            yield store

    def close(self) -> None:
        with self._open_lock:
            if self._base is not None:
                self._base.close()
                self._base = None
