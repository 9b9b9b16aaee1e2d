"""One stored document whole: its text, what is known about it, its copies and every event in it.

A document is found by its text hash (``doc_hash``, what an event carries) or by the id it was
ingested with; a wire copy's id (:mod:`.ingest` keeps copies beside the text they repeat) finds
the stored text it repeats. Every value reaches DuckDB as a bound parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .events import PUBLISHER
from .ingest import Store
from .schema import EVENTS, column_names, quoted

__all__ = ["StoredDocument", "StoredSentence", "stored_document"]

_EVENT_COLUMNS = ", ".join(f"e.{quoted(c)}" for c in column_names(EVENTS))
_EVIDENCE = 'substr(d.text, e."start" + 1, e."end" - e."start")'


@dataclass(frozen=True, slots=True)
class StoredSentence:
    """Where one sentence of the text lies (document offsets) and what kind it is."""

    index: int
    start: int | None
    end: int | None
    kind: str | None


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A stored document, its copies' ids and its events (rows of ``events`` in text order, each
    with its ``evidence`` text)."""

    doc_hash: str
    doc_id: str
    published: str | None
    url: str | None
    title: str | None
    publisher: str | None
    status: str
    error: str | None
    text: str
    n_sentences: int | None
    copies: tuple[str, ...]
    sentences: tuple[StoredSentence, ...]
    events: tuple[dict[str, Any], ...]


def _doc_hash(store: Store, ref: str) -> str | None:
    """The text hash ``ref`` names: a stored hash, else the latest document or copy with that id."""
    rows = store.fetch(
        "SELECT doc_hash FROM ("
        "SELECT doc_hash, 0 AS rank, ingested_at FROM documents WHERE doc_hash = ? "
        "UNION ALL SELECT doc_hash, 1, ingested_at FROM documents WHERE doc_id = ? "
        "UNION ALL SELECT doc_hash, 2, ingested_at FROM copies WHERE doc_id = ?"
        ") ORDER BY rank, ingested_at DESC LIMIT 1",
        [ref, ref, ref],
    )
    return rows[0][0] if rows else None


def stored_document(store: Store, ref: str) -> StoredDocument | None:
    """The document ``ref`` (a ``doc_hash`` or a ``doc_id``) names, or None when none is stored."""
    doc_hash = _doc_hash(store, ref)
    if doc_hash is None:
        return None
    ((doc_id, published, url, title, publisher, status, error, text, n_sentences),) = store.fetch(
        f"SELECT doc_id, published, url, title, {PUBLISHER}, status, error, text, n_sentences "
        "FROM documents p WHERE doc_hash = ?",
        [doc_hash],
    )
    copies = store.fetch(
        "SELECT doc_id FROM copies WHERE doc_hash = ? ORDER BY ingested_at, doc_id", [doc_hash]
    )
    sentences = store.fetch(
        'SELECT sentence, "start", "end", kind FROM sentences WHERE doc_hash = ? ORDER BY sentence',
        [doc_hash],
    )
    result = store.con.execute(
        f"SELECT {_EVENT_COLUMNS}, {_EVIDENCE} AS evidence FROM events e "
        'JOIN documents d USING (doc_hash) WHERE e.doc_hash = ? ORDER BY e."start", e.event_key',
        [doc_hash],
    )
    names = [d[0] for d in result.description]
    events = tuple(dict(zip(names, row, strict=True)) for row in result.fetchall())
    return StoredDocument(
        doc_hash, doc_id, published, url, title, publisher, status, error, text or "",
        n_sentences, tuple(c for (c,) in copies),
        tuple(StoredSentence(*row) for row in sentences), events,
    )  # fmt: skip
