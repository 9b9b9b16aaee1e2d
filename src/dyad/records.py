"""Frozen, typed records that flow between dyad's stages and out of its public API.

Field names follow the public contract (``docs/contract.md``); ``to_dict`` gives the JSON shape
documented there.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Modality = Literal["occurred", "planned", "negated", "hypothetical"]
Status = Literal["ok", "empty", "failed", "skipped"]
SentenceKind = Literal["body", "heading", "caption"]


@dataclass(frozen=True, slots=True)
class DocumentInput:
    """One document to code: what a reader produced from a file, a JSONL line or a request."""

    id: str
    text: str
    published: str | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None
    flags: tuple[str, ...] = ()
    error: str | None = None  # set by a reader when the input could not be read at all


@dataclass(frozen=True, slots=True)
class Actor:
    """A participant as written in the text and as coded (CAMEO actor code, or None)."""

    text: str
    code: str | None = None
    country: str | None = None
    role: str | None = None
    name: str | None = None
    start: int | None = None  # character span of the mention in the document text
    end: int | None = None
    # where the country came from: "phrase" (the actor's own words), "leader" (the leaders file
    # at the event's date), "group" (the groups file), "antecedent" (a pronoun or description),
    # or context (CODING.md §2): "place", "participant", "earlier", "dateline", "document"
    country_from: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "code": self.code,
            "country": self.country,
            "role": self.role,
            "name": self.name,
            "start": self.start,
            "end": self.end,
            "country_from": self.country_from,
        }


@dataclass(frozen=True, slots=True)
class Location:
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Dateline:
    """Where a story was filed, as its first line says ("MAPUTO, Mozambique —"): never an actor."""

    place: str
    country: str | None = None
    region: str | None = None
    date: str | None = None
    agency: str | None = None
    start: int = 0  # character span of the dateline in the document text
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Plover:
    type: str
    mode: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "mode": self.mode}


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event with the evidence that produced it."""

    id: str
    sentence: int
    start: int
    end: int
    trigger: str
    rule: str
    source: Actor | None
    target: Actor | None
    cameo: str
    root: str
    quad_class: int
    goldstein: float
    plover: Plover | None
    modality: Modality = "occurred"
    date: str | None = None
    date_end: str | None = None
    historical: bool = False
    location: Location | None = None
    confidence: float = 1.0
    flags: tuple[str, ...] = ()
    name: str = ""  # the CAMEO code's name, for people reading the record
    trigger_start: int | None = None
    trigger_end: int | None = None
    # where the date came from: "text" (the event's own clause), "sentence" (another date
    # phrase of its sentence), "published" (the publication date), None (no date)
    date_from: str | None = None
    # the other reports of the same act in the document (CODING.md §1.7); the event's own
    # sentence and span are its first mention, the evidence
    mentions: tuple[EventMention, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "trigger": self.trigger,
            "trigger_start": self.trigger_start,
            "trigger_end": self.trigger_end,
            "rule": self.rule,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "name": self.name,
            "root": self.root,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "plover": self.plover.to_dict() if self.plover else None,
            "modality": self.modality,
            "date": self.date,
            "date_end": self.date_end,
            "historical": self.historical,
            "location": self.location.to_dict() if self.location else None,
            "confidence": self.confidence,
            "flags": list(self.flags),
            "date_from": self.date_from,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class EventMention:
    """Another report of an event's act: its sentence and character span."""

    sentence: int
    start: int
    end: int
    trigger: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    kind: SentenceKind = "body"
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "flags": list(self.flags),
        }


@dataclass(frozen=True, slots=True)
class Quote:
    sentence: int
    speaker: Actor
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentence": self.sentence,
            "speaker": self.speaker.to_dict(),
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Quantity:
    sentence: int
    kind: Literal["money", "count", "percent"]
    value: float
    unit: str | None
    text: str
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        value: float | int = int(self.value) if float(self.value).is_integer() else self.value
        return {
            "sentence": self.sentence,
            "kind": self.kind,
            "value": value,
            "unit": self.unit,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Quality:
    score: float = 1.0
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "flags": list(self.flags)}


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """Everything dyad found in one document: the record ``dyad code`` prints per line."""

    doc_id: str
    published: str | None
    status: Status
    error: str | None = None
    quality: Quality = field(default_factory=Quality)
    sentences: tuple[Sentence, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    text: str | None = None
    url: str | None = None
    title: str | None = None
    # the publisher the input named (``DocumentInput.source``): the store counts distinct
    # publishers (NumSources); not part of the printed record
    source: str | None = None
    dateline: Dateline | None = None
    # the doc_id of the stored document whose text this one repeats (a wire copy): it was not
    # coded again, its events are that document's, stored once and counted for both
    copy_of: str | None = None

    def to_dict(self, *, with_text: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "doc_id": self.doc_id,
            "published": self.published,
            "status": self.status,
            "error": self.error,
            "quality": self.quality.to_dict(),
            "sentences": [s.to_dict() for s in self.sentences],
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
            "quantities": [q.to_dict() for q in self.quantities],
            "dateline": self.dateline.to_dict() if self.dateline else None,
        }
        if self.url is not None:
            out["url"] = self.url
        if self.title is not None:
            out["title"] = self.title
        if self.copy_of is not None:
            out["copy_of"] = self.copy_of
        if with_text:
            out["text"] = self.text
        return out


@dataclass(frozen=True, slots=True)
class RunStats:
    """Counts for a run's summary: every input document ends in exactly one bucket."""

    coded: int = 0
    empty: int = 0
    failed: int = 0
    skipped: int = 0
    events: int = 0
    sentences: int = 0

    @property
    def documents(self) -> int:
        return self.coded + self.empty + self.failed + self.skipped

    def add(self, result: DocumentResult) -> RunStats:
        buckets = {"ok": "coded", "empty": "empty", "failed": "failed", "skipped": "skipped"}
        counts = {k: getattr(self, k) for k in ("coded", "empty", "failed", "skipped")}
        counts[buckets[result.status]] += 1
        return RunStats(
            **counts,
            events=self.events + len(result.events),
            sentences=self.sentences + len(result.sentences),
        )
