"""Reader counts for a run's summary: files read and records skipped, by kind."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class ReadStats:
    """Counts filled in while documents stream; one per run, owned by the caller (never global).

    ``skipped`` counts records that are not documents and so never reach the coder, keyed by kind,
    e.g. ``"warc request"`` or ``"warc response (image/jpeg)"``; they are not failures.
    """

    files: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def file_read(self) -> None:
        self.files += 1

    def skip(self, kind: str) -> None:
        self.skipped[kind] += 1

    @property
    def records_skipped(self) -> int:
        return sum(self.skipped.values())

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "records_skipped": dict(sorted(self.skipped.items()))}
