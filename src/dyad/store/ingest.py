"""The event store: open a DuckDB file and write coded documents into it, one transaction per batch.

A text is stored and coded once, identified by its sha256 (``doc_hash``). A document is its text
plus its id, date, url and publisher (:func:`~._rows.document_key`): the very same document
offered again is skipped, so ingesting a corpus twice adds nothing, and a run that was killed
(``kill -9``) can simply be run again: every batch is one transaction, so the file holds whole
batches only, and the second run skips what the first committed. Another document with a stored
text (a wire copy) is a *copy*: a row in ``copies`` with its own id, date, url and publisher,
linked to the one coded result, so that deduplication counts it (NumArticles, NumSources).
:func:`code_and_store` is "code and store" for every face (``dyad ingest``, ``POST
/v1/documents``): an input whose text is stored, or was sent to the coder earlier in the run, is
not coded again.
"""

from __future__ import annotations

import logging
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from ..records import DocumentInput, DocumentResult, Status
from ._connect import connect
from ._errors import StoreError, WriteError
from ._rows import Batch, content_hash, document_key, text_hash
from ._tx import transaction
from .defaults import DEFAULT_BATCH_SIZE
from .schema import TABLES, TABLES_V1, check_version, current_version, migrate, quoted

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IngestStats:
    """What an ingest did; every document offered ends in exactly one of the first five counts."""

    coded: int = 0  # stored, with status ok
    empty: int = 0  # stored, with status empty (no text)
    failed: int = 0  # not stored: the coder or reader failed; a re-run retries them
    skipped: int = 0  # already in the store (the same document), or not English
    copies: int = 0  # stored as a copy of a stored text: not coded again, linked to its result
    events: int = 0  # events written
    batches: int = 0  # transactions committed

    @property
    def documents(self) -> int:
        return self.coded + self.empty + self.failed + self.skipped + self.copies

    def __add__(self, other: IngestStats) -> IngestStats:
        names = ("coded", "empty", "failed", "skipped", "copies", "events", "batches")
        return IngestStats(**{n: getattr(self, n) + getattr(other, n) for n in names})


OnBatch = Callable[[IngestStats], None]
CodeFn = Callable[[Iterable[DocumentInput]], Iterable[DocumentResult]]
ALREADY_STORED = "already stored (the same document: text, id, date, url and publisher)"


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
        return self.stored_text(text_hash(text)) is not None

    def stored_text(self, doc_hash: str) -> StoredText | None:
        """The stored document with this text hash, with the keys of it and its copies."""
        rows = self.fetch("SELECT doc_id, status FROM documents WHERE doc_hash = ?", [doc_hash])
        if not rows:
            return None
        keys = self._keys([doc_hash]).get(doc_hash, set())
        return StoredText(doc_hash, rows[0][0], rows[0][1], frozenset(keys))

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
        known = self._keys([h for h, _ in hashed])  # doc_hash -> keys of its stored documents
        batch = Batch(ingested_at=datetime.now(UTC).replace(tzinfo=None))
        added: list[DocumentResult] = []
        orphans = 0
        for doc_hash, result in hashed:
            key = document_key(result)
            if doc_hash in known:
                if key not in known[doc_hash]:
                    batch.add_copy(result, doc_hash)
                    known[doc_hash].add(key)
            elif result.copy_of is not None:  # its first document is not stored: code it again
                orphans += 1
            else:
                batch.add(result, doc_hash)
                known[doc_hash] = {key}
                added.append(result)
        for name in WRITTEN:
            if batch.rows(name):
                self._insert(name, batch)
        coded = sum(1 for r in added if r.status == "ok")
        copies = len(batch.copies)
        return IngestStats(
            coded=coded,
            empty=len(added) - coded,
            failed=orphans,
            copies=copies,
            skipped=len(chunk) - len(added) - copies - orphans,
            events=batch.events,
        )

    def _keys(self, hashes: list[str]) -> dict[str, set[str]]:
        """For each stored text among ``hashes``: the document keys of it and of its copies."""
        wanted = "WHERE doc_hash IN (SELECT unnest(?::VARCHAR[]))"
        columns = "doc_hash, doc_id, published, url, source"
        found: dict[str, set[str]] = {}
        for doc_hash, *meta in self.fetch(f"SELECT {columns} FROM documents {wanted}", [hashes]):
            found.setdefault(doc_hash, set()).add(_key(*meta))
        for doc_hash, key in self.fetch(
            f"SELECT doc_hash, copy_key FROM copies {wanted}", [hashes]
        ):
            found.setdefault(doc_hash, set()).add(key)
        return found

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


WRITTEN = (*TABLES_V1, "copies", "event_reports")


@dataclass(frozen=True, slots=True)
class StoredText:
    """A stored text: its first document's id and status, and the keys of every document with it."""

    doc_hash: str
    doc_id: str
    status: str
    keys: frozenset[str]


def _key(doc_id: str, published: str | None, url: str | None, source: str | None) -> str:
    return document_key(DocumentResult(doc_id, published, "ok", url=url, source=source))


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

    ``code`` never sees an input whose text is stored or was sent to it earlier in this run: the
    very same document stored already counts as ``skipped`` (its record says "already stored"),
    any other is a copy, stored with its own id, date, url and publisher and linked to the first
    document's result (its record has ``copy_of`` and that document's status; when the first one
    failed or was skipped, so is the copy, for the same reason). ``on_result`` gets every input's
    record in input order. ``code`` turns inputs into records in order: a coder's ``code``, or an
    engine run. ``on_batch`` sees the running totals after each committed transaction.
    """
    inputs = _Inputs(store)
    records = inputs.interleave(code(inputs.filter(documents)))
    stats = store.ingest(_stored(records, on_result), batch_size=batch_size, on_batch=on_batch)
    return replace(stats, skipped=stats.skipped + inputs.skipped)


@dataclass(frozen=True, slots=True)
class _First:
    """What a copy needs of the first document with its text: id, outcome and the coded text."""

    doc_id: str
    status: Status
    error: str | None
    text: str | None


@dataclass(frozen=True, slots=True)
class _Waiting:
    """A copy of a text that is still being coded: its record is made when that result comes."""

    doc: DocumentInput
    doc_hash: str


@dataclass(frozen=True, slots=True)
class _Ready:
    """A record known before coding: a copy of a stored text, or the same document again."""

    record: DocumentResult
    store: bool


_Slot = str | _Waiting | _Ready  # str: the text hash of an input sent to the coder ("" if failed)


class _Inputs:
    """Sends each text to the coder once and remembers, in input order, what the others are."""

    RECENT = 1000  # first results kept for copies that come after them, before they are stored

    def __init__(self, store: Store) -> None:
        self.store = store
        self.skipped = 0
        self._order: deque[_Slot] = deque()
        self._coding: dict[str, int] = {}  # text hash -> copies waiting for its result
        self._firsts: OrderedDict[str, _First] = OrderedDict()
        self._pinned: Counter[str] = Counter()  # first results that waiting copies still need

    def filter(self, documents: Iterable[DocumentInput]) -> Iterator[DocumentInput]:
        """The inputs to code; the rest take their place in the order."""
        for doc in documents:
            doc_hash = "" if doc.error else text_hash(doc.text)
            slot = self._place(doc, doc_hash) if doc_hash else None
            if slot is None:
                self._order.append(doc_hash)
                if doc_hash:
                    self._coding[doc_hash] = 0
                yield doc
            else:
                self._order.append(slot)

    def _place(self, doc: DocumentInput, doc_hash: str) -> _Slot | None:
        if doc_hash in self._coding:
            self._pinned[doc_hash] += 1
            return _Waiting(doc, doc_hash)
        first = self._firsts.get(doc_hash)
        if first is not None:
            return _Ready(_copy(doc, first), store=True)
        stored = self.store.stored_text(doc_hash)
        if stored is None:
            return None
        if document_key(_as_record(doc)) in stored.keys:
            self.skipped += 1
            return _Ready(_already_stored(doc), store=False)
        kind: Status = "ok" if stored.status == "ok" else "empty"
        return _Ready(_copy(doc, _First(stored.doc_id, kind, None, doc.text)), store=True)

    def interleave(
        self, results: Iterable[DocumentResult]
    ) -> Iterator[tuple[DocumentResult, bool]]:
        """Every input's record in input order, with whether it goes to the store."""
        for result in results:  # one record per coded input, in order
            yield from self._known()
            doc_hash = self._order.popleft()
            assert isinstance(doc_hash, str)
            if doc_hash:
                self._remember(doc_hash, result)
            yield result, True
        yield from self._known()

    def _known(self) -> Iterator[tuple[DocumentResult, bool]]:
        while self._order and not isinstance(self._order[0], str):
            slot = self._order.popleft()
            if isinstance(slot, _Ready):
                yield slot.record, slot.store
                continue
            assert isinstance(slot, _Waiting)
            self._pinned[slot.doc_hash] -= 1
            yield _copy(slot.doc, self._firsts[slot.doc_hash]), True

    def _remember(self, doc_hash: str, result: DocumentResult) -> None:
        del self._coding[doc_hash]
        self._firsts[doc_hash] = _First(result.doc_id, result.status, result.error, result.text)
        for old in list(self._firsts)[: max(0, len(self._firsts) - self.RECENT)]:
            if self._pinned[old] <= 0:
                del self._firsts[old]
                self._pinned.pop(old, None)


def _stored(
    records: Iterable[tuple[DocumentResult, bool]],
    on_result: Callable[[DocumentResult], None] | None,
) -> Iterator[DocumentResult]:
    for record, store in records:
        if on_result is not None:
            on_result(record)
        if store:
            yield record


def _copy(doc: DocumentInput, first: _First) -> DocumentResult:
    """The record of a document whose text is the first one's: its outcome, its own metadata."""
    error = f"same text as {first.doc_id}: {first.error}" if first.error else None
    return DocumentResult(
        doc.id, doc.published, first.status, error=error, text=first.text, url=doc.url,
        title=doc.title, source=doc.source, copy_of=first.doc_id,
    )  # fmt: skip


def _as_record(doc: DocumentInput) -> DocumentResult:
    return DocumentResult(doc.id, doc.published, "ok", url=doc.url, source=doc.source)


def _already_stored(doc: DocumentInput) -> DocumentResult:
    return DocumentResult(
        doc.id, doc.published, "skipped", error=ALREADY_STORED, url=doc.url, title=doc.title,
        source=doc.source,
    )  # fmt: skip
