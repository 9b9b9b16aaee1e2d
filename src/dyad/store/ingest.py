"""The event store: open a DuckDB file and write coded documents into it, one transaction per batch.

Documents are identified by the sha256 of their text. A document already stored is skipped, so
ingesting the same corpus twice adds nothing, and a run that was killed (``kill -9``) can simply be
run again: every batch is written in one transaction, so the file holds whole batches only, and the
second run skips what the first one committed. :func:`code_and_store` is "code and store" for
every face (``dyad ingest``, ``POST /v1/documents``): inputs whose text is stored are skipped
before they are coded.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from ..records import DocumentInput, DocumentResult
from ._connect import connect
from ._errors import StoreError, WriteError
from ._rows import Batch, content_hash, text_hash
from ._tx import transaction
from .defaults import DEFAULT_BATCH_SIZE
from .schema import TABLES, TABLES_V1, check_version, current_version, migrate, quoted

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IngestStats:
    """What an ingest did; every document offered ends in exactly one of the first four counts."""

    coded: int = 0  # stored, with status ok
    empty: int = 0  # stored, with status empty (no text)
    failed: int = 0  # not stored: the coder or reader failed; a re-run retries them
    skipped: int = 0  # already in the store (same text)
    events: int = 0  # events written
    batches: int = 0  # transactions committed

    def __add__(self, other: IngestStats) -> IngestStats:
        names = ("coded", "empty", "failed", "skipped", "events", "batches")
        return IngestStats(**{n: getattr(self, n) + getattr(other, n) for n in names})


OnBatch = Callable[[IngestStats], None]
CodeFn = Callable[[Iterable[DocumentInput]], Iterable[DocumentResult]]
ALREADY_STORED = "already stored (same text)"


class Store:
    """A dyad event database: a DuckDB file with the tables in :mod:`dyad.store.schema`."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, *, read_only: bool) -> None:
        self.con = con
        self.path = path
        self.read_only = read_only

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> Store:
        """Open (and, for writing, create or migrate) a store; clear errors for bad files."""
        path = Path(path)
        con = connect(path, read_only=read_only)
        try:
            if read_only:
                check_version(current_version(con, str(path)), str(path))
            else:
                migrate(con, str(path))
        except BaseException:
            con.close()
            raise
        return cls(con, path, read_only=read_only)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # --- reading --------------------------------------------------------------------------------

    def fetch(self, query: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        """Rows of a query with bound parameters."""
        return self.con.execute(query, params or []).fetchall()

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {name: self.fetch(f"SELECT count(*) FROM {quoted(name)}")[0][0] for name in TABLES}

    def has_text(self, text: str) -> bool:
        """Whether a document with exactly this text is stored."""
        return bool(self.fetch("SELECT 1 FROM documents WHERE doc_hash = ?", [text_hash(text)]))

    # --- writing --------------------------------------------------------------------------------

    def ingest(
        self,
        results: Iterable[DocumentResult],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        on_batch: OnBatch | None = None,
    ) -> IngestStats:
        """Store documents, ``batch_size`` per transaction; skip those already stored.

        Failed documents are counted and not stored, so running the same input again retries them.
        ``on_batch`` is called with the running totals after each committed transaction.
        """
        if batch_size < 1:
            raise StoreError(f"batch_size must be 1 or more, not {batch_size}")
        total = IngestStats()
        for chunk in _chunks(results, batch_size):
            done = self._ingest_batch(chunk)
            total = total + done
            if on_batch is not None and done.batches:
                on_batch(total)
        return total

    def _ingest_batch(self, chunk: list[DocumentResult]) -> IngestStats:
        failed = sum(1 for r in chunk if r.status == "failed")
        storable = [r for r in chunk if r.status in ("ok", "empty")]
        skipped = len(chunk) - failed - len(storable)
        if not storable:
            return IngestStats(failed=failed, skipped=skipped)
        self._writable()
        try:
            with transaction(self.con):
                stats = self._write(storable)
        except duckdb.Error as exc:
            raise _write_error(self.path, exc) from exc
        return replace(stats, failed=failed, skipped=stats.skipped + skipped, batches=1)

    def _write(self, chunk: list[DocumentResult]) -> IngestStats:
        hashed = [(content_hash(r), r) for r in chunk]
        present = self._present([h for h, _ in hashed])
        batch = Batch(ingested_at=datetime.now(UTC).replace(tzinfo=None))
        added: list[DocumentResult] = []
        for doc_hash, result in hashed:
            if doc_hash in present or doc_hash in batch.hashes:
                continue
            batch.add(result, doc_hash)
            added.append(result)
        for name in TABLES_V1:
            if batch.rows(name):
                self._insert(name, batch)
        coded = sum(1 for r in added if r.status == "ok")
        skipped = len(chunk) - len(batch.hashes)
        return IngestStats(
            coded=coded, empty=len(batch.hashes) - coded, skipped=skipped, events=batch.events
        )

    def _present(self, hashes: list[str]) -> set[str]:
        rows = self.fetch(
            "SELECT doc_hash FROM documents WHERE doc_hash IN (SELECT unnest(?::VARCHAR[]))",
            [hashes],
        )
        return {row[0] for row in rows}

    def _insert(self, name: str, batch: Batch) -> None:
        self.con.register("_dyad_batch", batch.table(name))
        try:
            self.con.execute(f"INSERT INTO {quoted(name)} BY NAME SELECT * FROM _dyad_batch")
        finally:
            self.con.unregister("_dyad_batch")

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(
                f"{self.path} was opened read-only; open it with read_only=False to ingest"
            )


def _chunks(items: Iterable[DocumentResult], size: int) -> Iterator[list[DocumentResult]]:
    chunk: list[DocumentResult] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _write_error(path: Path, exc: duckdb.Error) -> WriteError:
    log.error("batch rolled back: %s", exc)
    return WriteError(
        f"writing to {path} failed and this batch was rolled back ({exc}). Every batch committed "
        "before it is kept; fix the cause (disk full? read-only file system?) and run the same "
        "command again to continue where it stopped"
    )


def code_and_store(
    store: Store,
    documents: Iterable[DocumentInput],
    code: CodeFn,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_batch: OnBatch | None = None,
    on_result: Callable[[DocumentResult], None] | None = None,
) -> IngestStats:
    """Code the documents whose text is not stored yet and store them, batch by batch.

    An input whose text is already in ``store`` is not coded (``code`` never sees it): it counts as
    ``skipped``, and ``on_result`` gets a skipped record for it (error "already stored"), in
    input order among the records of the coded inputs. ``code`` turns inputs into records in
    order: a coder's ``code``, or an engine run. ``on_batch`` sees the running totals of what was
    written after each committed transaction.
    """
    unstored = _Unstored(store)
    records = unstored.interleave(code(unstored.filter(documents)))
    coded = _coded(records, on_result)
    stats = store.ingest(coded, batch_size=batch_size, on_batch=on_batch)
    return replace(stats, skipped=stats.skipped + unstored.skipped)


class _Unstored:
    """Passes on the inputs whose text is not stored; remembers where the others were."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.skipped = 0
        self._order: deque[DocumentResult | None] = deque()  # None: an input sent to be coded

    def filter(self, documents: Iterable[DocumentInput]) -> Iterator[DocumentInput]:
        for doc in documents:
            if not doc.error and self.store.has_text(doc.text):
                self.skipped += 1
                self._order.append(_already_stored(doc))
                continue
            self._order.append(None)
            yield doc

    def interleave(
        self, results: Iterable[DocumentResult]
    ) -> Iterator[tuple[DocumentResult, bool]]:
        """Every input's record in input order, with whether it was coded (not already stored)."""
        for result in results:  # one record per coded input, in order
            while (waiting := self._order.popleft()) is not None:
                yield waiting, False
            yield result, True
        yield from ((skipped, False) for skipped in self._order if skipped is not None)


def _coded(
    records: Iterable[tuple[DocumentResult, bool]],
    on_result: Callable[[DocumentResult], None] | None,
) -> Iterator[DocumentResult]:
    for record, coded in records:
        if on_result is not None:
            on_result(record)
        if coded:
            yield record


def _already_stored(doc: DocumentInput) -> DocumentResult:
    return DocumentResult(
        doc.id, doc.published, "skipped", error=ALREADY_STORED, url=doc.url, title=doc.title,
        source=doc.source,
    )  # fmt: skip
