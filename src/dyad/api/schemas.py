"""Request and response models of the HTTP API: the JSON shapes of ``docs/contract.md``, as
pydantic types.

Responses are built from the library's records (``to_dict``); these models only describe and check
them, so the OpenAPI document says exactly what a client receives.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from ..published import check_published

MAX_TEXT_CHARS = 2_000_000


# the one rule of dyad.published, as every reader applies it: ValueError -> 422 naming the field
Day = Annotated[
    str,
    Field(max_length=40, examples=["2025-05-06", "2025-05-06T10:00:00Z"]),
    AfterValidator(check_published),
]


class DocumentIn(BaseModel):
    """One input document, as a JSONL line of ``docs/contract.md``."""

    model_config = ConfigDict(extra="ignore")

    id: Annotated[str, Field(min_length=1, max_length=1000, examples=["xinhua-2025-05-06"])]
    text: Annotated[str, Field(max_length=MAX_TEXT_CHARS)]
    published: Day | None = None
    url: Annotated[str, Field(max_length=4000)] | None = None
    title: Annotated[str, Field(max_length=4000)] | None = None
    source: Annotated[str, Field(max_length=1000)] | None = None


class ActorOut(BaseModel):
    text: str
    code: str | None
    country: str | None
    role: str | None
    name: str | None
    start: int | None = None
    end: int | None = None
    country_from: (
        Literal["phrase", "leader", "group", "antecedent", "place", "participant", "earlier"]
        | Literal["dateline", "document", "facility"]
        | None
    ) = None


class LocationOut(BaseModel):
    name: str
    country: str | None
    lat: float | None
    lon: float | None


class DatelineOut(BaseModel):
    place: str
    country: str | None
    region: str | None
    date: str | None
    agency: str | None
    start: int
    end: int


class MentionOut(BaseModel):
    """A further report of an event's act in its document (CODING.md §1.7)."""

    sentence: int
    start: int
    end: int
    trigger: str


class PloverOut(BaseModel):
    type: str
    mode: str | None


class EventOut(BaseModel):
    """An event as ``docs/contract.md`` describes it, with the spans of its trigger."""

    id: str
    sentence: int
    start: int
    end: int
    trigger: str
    trigger_start: int | None
    trigger_end: int | None
    rule: str
    source: ActorOut | None
    target: ActorOut | None
    cameo: str
    name: str
    root: str
    quad_class: int
    goldstein: float
    plover: PloverOut | None
    modality: Literal["occurred", "planned", "negated", "hypothetical"]
    date: str | None
    date_end: str | None
    historical: bool
    location: LocationOut | None
    confidence: float
    flags: list[str]
    date_from: Literal["text", "sentence", "published"] | None = None
    mentions: list[MentionOut] = []


class SentenceOut(BaseModel):
    index: int
    start: int
    end: int
    kind: Literal["body", "heading", "caption"]
    flags: list[str]


class QuoteOut(BaseModel):
    sentence: int
    speaker: ActorOut
    start: int
    end: int


class QuantityOut(BaseModel):
    sentence: int
    kind: Literal["money", "count", "percent"]
    value: float
    unit: str | None
    text: str
    start: int | None = None
    end: int | None = None


class QualityOut(BaseModel):
    score: float
    flags: list[str]


class DocumentRecord(BaseModel):
    """What ``dyad code`` prints per document, with the (cleaned) text the offsets point into."""

    doc_id: str
    published: str | None
    status: Literal["ok", "empty", "failed", "skipped"]
    error: str | None
    quality: QualityOut
    sentences: list[SentenceOut]
    events: list[EventOut]
    quotes: list[QuoteOut]
    quantities: list[QuantityOut]
    dateline: DatelineOut | None = None
    url: str | None = None
    title: str | None = None
    text: str | None = None


class StoredEvent(EventOut):
    """An event read from the store: the record plus where it lives."""

    key: str = Field(
        pattern=r"^\d+$",
        description=(
            "Stable event number (the store's 60-bit event_key) as a decimal string, since it is too "
            "big for a JavaScript number; use it with GET /v1/events/{key}."
        ),
    )
    doc_id: str
    doc_hash: str
    day: str | None = Field(
        description="The day the event counts on: its date, else the publication day."
    )
    evidence: str | None = Field(
        default=None, description="The document text from `start` to `end`."
    )


class EventPage(BaseModel):
    events: list[StoredEvent]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last page."
    )
    limit: int


class Span(BaseModel):
    start: int | None
    end: int | None
    text: str | None


class EventDetail(BaseModel):
    """One event with its sentence and the spans (document offsets) of its parts."""

    event: StoredEvent
    sentence: dict[str, Any] = Field(
        description="index, start, end, kind, flags and the sentence text"
    )
    spans: dict[str, Span | None] = Field(description="evidence, trigger, source and target spans")
    reports: list[Span] = Field(
        default=[], description="the other reports of the same act in the document (CODING.md §1.7)"
    )
    document: dict[str, Any] = Field(description="doc_id, published, url, title of the document")


class IngestReport(BaseModel):
    documents: int
    events: int
    details: dict[str, Any] = Field(default_factory=dict)


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    database: str | None
    coder_loaded: bool
    writes_enabled: bool


class Seed(BaseModel):
    id: str
    text: str
    published: str | None


def body_errors(exc: ValidationError) -> list[dict[str, Any]]:
    """Pydantic errors of a request body, with ``loc`` under ``body`` and ``input`` made printable.

    The raw input can be bytes that are not UTF-8 (malformed JSON) or a whole 2 MB text; it is
    decoded with replacement characters and cut to 200 characters.
    """
    out = []
    for error in exc.errors(include_url=False):
        value = error.get("input")
        if isinstance(value, bytes):
            value = value.decode("utf-8", errors="replace")
        if isinstance(value, str) and len(value) > 200:
            value = value[:200] + "…"
        out.append({**error, "loc": ("body", *error["loc"]), "input": value})
    return out
