"""How much one input may cost: its size, its decompressed size and its coding time.

The numbers live in ``data/defaults.toml`` (``[coding]``: ``max_document_mb``,
``max_expansion``, ``deadline_s``) like every tunable; :class:`Limits` is what readers, the coder,
the engines and the API read from an :class:`~dyad.options.Options`. A document past a limit is
not an error of the run: it ends ``failed`` with a reason a person understands (``document over
2 MB``, ``took longer than 120 s``), and the run goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from .options import Options
from .records import DocumentInput

_MB = 1024 * 1024
API_DEADLINE_S = 30.0  # a /v1/code request: the wait for the coder and the coding (dyad serve)


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits one run applies to each input."""

    max_document_bytes: int = 2 * _MB  # UTF-8 bytes of one document's text
    max_expansion: float = 100.0  # decompressed / compressed bytes a .gz may reach
    deadline_s: float = 120.0  # seconds to code one document; 0 = no deadline

    @property
    def max_line_bytes(self) -> int:
        """The longest JSONL line read: the text's limit, room for JSON escapes and the fields."""
        return 4 * self.max_document_bytes + 65536

    @property
    def max_file_bytes(self) -> int:
        """The largest one-document file read (.txt, .html, stdin, a WARC record): markup and
        UTF-16 need room; the text inside is then held to ``max_document_bytes``."""
        return 4 * self.max_document_bytes

    @classmethod
    def of(cls, options: Options) -> Limits:
        return cls(
            max_document_bytes=int(options.max_document_mb * _MB),
            max_expansion=options.max_expansion,
            deadline_s=options.deadline_s,
        )

    def too_big(self, size: int) -> str | None:
        """Why a document of ``size`` bytes is refused, or None when it is within the limit."""
        if size <= self.max_document_bytes:
            return None
        return (
            f"document over {_mb(self.max_document_bytes)} ({size:,} bytes; not coded); raise "
            "max_document_mb (--max-document-mb) to code it, or split it"
        )

    def bigger_than(self, size_known: int) -> str:
        """The reason for a stream that passed the limit before it ended (its size is unknown)."""
        return (
            f"document over {_mb(self.max_document_bytes)} (more than {size_known:,} bytes; the "
            "rest was not read); raise max_document_mb (--max-document-mb) to code it, or split it"
        )

    def within_size(self, doc: DocumentInput) -> DocumentInput:
        """``doc``, or ``doc`` failed with "document over N MB" when its text is too long."""
        if doc.error or len(doc.text) * 4 <= self.max_document_bytes:
            return doc  # 4 bytes per character at most: cannot be over
        reason = self.too_big(len(doc.text.encode("utf-8", errors="replace")))
        return doc if reason is None else replace(doc, text="", error=reason)

    def expansion_error(self, compressed: int, decompressed: int) -> str | None:
        """Why a gzip stream is stopped (a decompression bomb?), or None while it is plausible.

        The first 64 MB are always allowed; past that, the stream may not grow to more than
        ``max_expansion`` times the compressed bytes read so far.
        """
        if decompressed <= 64 * _MB or decompressed <= self.max_expansion * max(compressed, 1):
            return None
        return (
            f"decompressed to more than {self.max_expansion:g} times its compressed size "
            f"({decompressed:,} bytes from {compressed:,}): a decompression bomb? Stopped there; "
            "raise max_expansion to read it"
        )


def _mb(size: int) -> str:
    return f"{size / _MB:g} MB"


Cancelled = Callable[[], bool]


class Clock:
    """One document's deadline (``deadline_s`` from when it starts; 0: none) and a caller's
    cancel flag (a client that hung up, a server shutting down)."""

    def __init__(self, deadline_s: float, cancelled: Cancelled | None = None) -> None:
        self.deadline_s = deadline_s
        self.cancelled = cancelled or (lambda: False)

    def start(self) -> float:
        """When a document that starts now must be done (``inf`` without a deadline)."""
        return time.monotonic() + self.deadline_s if self.deadline_s > 0 else float("inf")

    def late(self, due: float) -> str | None:
        """The reason a document due at ``due`` must stop now, or None."""
        if time.monotonic() <= due:
            return None
        return (
            f"took longer than {self.deadline_s:g} s to code; it was stopped (raise deadline_s, "
            "--deadline, to let it finish, or split it)"
        )
