"""The API's models describe exactly the records the library makes (dyad.records.to_dict)."""

from __future__ import annotations

from pydantic import BaseModel

from dyad.api.schemas import (
    ActorOut,
    DatelineOut,
    DocumentRecord,
    EventOut,
    LocationOut,
    MentionOut,
    PloverOut,
    QualityOut,
    QuantityOut,
    QuoteOut,
    SentenceOut,
    StoredEvent,
)
from dyad.records import (
    Actor,
    Dateline,
    DocumentResult,
    EventMention,
    Location,
    Plover,
    Quality,
    Quantity,
    Quote,
    Sentence,
)
from dyad.store.schema import EVENTS, column_names
from dyad.store.synthetic import make_event


def _fields(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields)


def test_each_model_has_the_fields_of_its_record() -> None:
    """Field for field, every response model matches the JSON its record's to_dict gives."""
    actor = Actor("Xi Jinping", "CHNGOV", "CHN", "GOV", "Xi Jinping", 0, 10)
    pairs = [
        (ActorOut, actor.to_dict()),
        (LocationOut, Location("Moscow", "RUS", 55.75, 37.62).to_dict()),
        (PloverOut, Plover("CONSULT", "visit").to_dict()),
        (SentenceOut, Sentence(0, 0, 10).to_dict()),
        (QuoteOut, Quote(0, actor, 0, 5).to_dict()),
        (QuantityOut, Quantity(0, "money", 1.0, "USD", "$1").to_dict()),
        (QualityOut, Quality().to_dict()),
        (EventOut, make_event("d:0:0", "CHN", "RUS", "042", date="2025-05-06").to_dict()),
        (DatelineOut, Dateline("Maputo", "MOZ", "Mozambique", None, None, 0, 21).to_dict()),
        (MentionOut, EventMention(2, 40, 60, "met").to_dict()),
    ]
    for model, record in pairs:
        assert _fields(model) == set(record), model.__name__


def test_document_record_is_the_record_with_its_text() -> None:
    """DocumentRecord is DocumentResult.to_dict(with_text=True), url and title included."""
    record = DocumentResult("d", "2025-05-06", "ok", url="u", title="t", text="x")
    assert _fields(DocumentRecord) == set(record.to_dict(with_text=True))
    event = make_event("d:0:0", "CHN", "RUS", "042")
    DocumentRecord.model_validate(DocumentResult("d", None, "ok", events=(event,)).to_dict())


def test_a_stored_event_is_the_record_plus_where_the_store_keeps_it() -> None:
    """StoredEvent adds the store's key, document and day (columns of the events table)."""
    extra = _fields(StoredEvent) - _fields(EventOut)
    assert extra == {"key", "doc_id", "doc_hash", "day", "evidence"}
    assert {"doc_id", "doc_hash", "day"} <= set(column_names(EVENTS))
