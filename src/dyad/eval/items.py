"""Frozen gold records that every gold reader returns."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

GoldKind = Literal["petrarch", "codebook", "plover", "dyad"]


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One expected event; actor codes are already mapped onto dyad's codes (see ``actors``)."""

    source: str | None
    target: str | None
    cameo: str | None
    plover: str | None
    modality: str | None = None
    date: str | None = None
    historical: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "cameo": self.cameo,
            "plover": self.plover,
            "modality": self.modality,
            "date": self.date,
            "historical": self.historical,
        }


@dataclass(frozen=True, slots=True)
class GoldItem:
    """One gold sentence: its text and the events a coder should find (empty: none expected)."""

    id: str
    text: str
    published: str | None
    events: tuple[GoldEvent, ...]
    suite: str
    kind: str
    # what the item exercises ("domestic", "context_country", "paragraph"), where the gold says
    phenomena: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "published": self.published,
            "events": [e.to_dict() for e in self.events],
            "suite": self.suite,
            "kind": self.kind,
            "phenomena": list(self.phenomena),
        }


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace (line breaks included) to single spaces."""
    return " ".join(text.split())


def unique_ids(items: list[GoldItem]) -> list[GoldItem]:
    """Give repeated ids a ``#2``, ``#3``... suffix: predictions are looked up by id, and the
    PLOVER gold file, for one, uses PLOVER-GSR01-COERCE-0004 for two different sentences."""
    seen: dict[str, int] = {}
    out = []
    for item in items:
        seen[item.id] = seen.get(item.id, 0) + 1
        n = seen[item.id]
        out.append(item if n == 1 else replace(item, id=f"{item.id}#{n}"))
    return out
