"""store.documents: one stored article whole, found by its hash, its id or a copy's id."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from dyad.records import DocumentInput, DocumentResult
from dyad.store import Store, code_and_store
from dyad.store.documents import stored_document
from dyad.store.synthetic import make_event

TEXT = "Armenian forces shelled Azerbaijani positions. " * 10


def _doc(doc_id: str, source: str | None = "Wire") -> DocumentResult:
    events = (
        make_event(f"{doc_id}:1:0", "ARMMIL", "AZE", "190", sentence=1, historical=True),
        make_event(f"{doc_id}:0:0", "ARMMIL", "AZE", "190", sentence=0),
    )
    return DocumentResult(doc_id, "2025-03-04", "ok", events=events, text=TEXT, source=source,
                          url="https://www.wire.example/a", title="Shelling")  # fmt: skip


def test_by_id_and_by_hash_with_every_event_in_text_order(tmp_path: Path) -> None:
    """The text, its metadata and all its events (historical too) in text order, with evidence."""
    with Store.open(tmp_path / "d.duckdb") as store:
        store.ingest([_doc("art")])
        found = stored_document(store, "art")
        assert found is not None
        again = stored_document(store, found.doc_hash)
    assert again == found
    assert (found.doc_id, found.title, found.publisher, found.status) == (
        "art",
        "Shelling",
        "Wire",
        "ok",
    )
    assert found.text == TEXT
    assert [e["event_id"] for e in found.events] == ["art:0:0", "art:1:0"]
    assert all(e["evidence"] == TEXT[e["start"] : e["end"]] for e in found.events)
    assert found.events[1]["historical"] is True


def _never_coded(docs: Iterable[DocumentInput]) -> Iterator[DocumentResult]:
    """A copy of a stored text is never coded again: nothing may reach the coder."""
    for doc in docs:
        raise AssertionError(f"{doc.id} was sent to the coder")
    yield from ()


def test_a_copy_id_finds_the_text_it_repeats(tmp_path: Path) -> None:
    """A wire copy ingested later is listed with the stored text, and its id finds that text."""
    with Store.open(tmp_path / "c.duckdb") as store:
        store.ingest([_doc("first")])
        copy = DocumentInput(id="copy", text=TEXT, published="2025-03-05")
        stats = code_and_store(store, [copy], _never_coded)
        found = stored_document(store, "copy")
    assert stats.copies == 1
    assert found is not None and found.doc_id == "first" and found.copies == ("copy",)


def test_publisher_falls_back_to_the_url_host_and_unknown_is_none(tmp_path: Path) -> None:
    """Without a source the url's host is the publisher; an unknown reference finds nothing."""
    with Store.open(tmp_path / "h.duckdb") as store:
        store.ingest([_doc("art", source=None)])
        found = stored_document(store, "art")
        missing = stored_document(store, "no-such-document")
    assert found is not None and found.publisher == "wire.example"
    assert missing is None
