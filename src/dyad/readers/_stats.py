"""Reader counts for a run's summary: files read, records skipped and entries not read, by kind."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger("dyad.readers")


@dataclass(slots=True)
class ReadStats:
    """Counts filled in while documents stream; one per run, owned by the caller (never global).

    ``skipped`` counts records that are not documents and so never reach the coder, keyed by kind,
    e.g. ``"warc request"`` or ``"warc response (image/jpeg)"``; they are not failures.
    ``not_read`` counts the entries of a folder walk that were not read, by reason (``"unknown
    extension"``, ``"FIFO (named pipe)"``, ``"dangling symlink"``, ...); each one is also logged
    with its path, as a warning.
    """

    files: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    not_read: Counter[str] = field(default_factory=Counter)

    def file_read(self) -> None:
        self.files += 1

    def skip(self, kind: str) -> None:
        self.skipped[kind] += 1

    def leave(self, path: Path, reason: str, detail: str = "") -> None:
        """An entry of a folder walk that is not read: counted under ``reason``, and logged."""
        self.not_read[reason] += 1
        log.warning("not read: %s: %s%s", path, reason, f" ({detail})" if detail else "")

    @property
    def records_skipped(self) -> int:
        return sum(self.skipped.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "records_skipped": dict(sorted(self.skipped.items())),
            "not_read": dict(sorted(self.not_read.items())),
        }
