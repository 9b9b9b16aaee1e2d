"""WARC archives (``.warc``, ``.warc.gz``): each HTML response record is one web page document.

Other records (requests, metadata, images, redirects) are skipped and counted in :class:`ReadStats`.
warcio stops silently at a truncated gzip member, so ``.warc.gz`` is decompressed here, member by
member: the pages before the damage are read, then one failed document names the file and offset.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..limits import Limits
from ..records import DocumentInput
from ._bounded import Oversized, read_at_most
from ._html import document_from_html
from ._stats import ReadStats

if TYPE_CHECKING:
    from warcio.archiveiterator import ArchiveIterator

_BLOCK = 1 << 16
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_PAGE_RECORDS = ("response", "resource")


class GzipMembers:
    """A read-only stream of a multi-member gzip file that notes, not hides, where it is damaged."""

    def __init__(self, raw: IO[bytes], limits: Limits | None = None) -> None:
        self._raw = raw
        self._limits = limits or Limits()
        self._inflate = zlib.decompressobj(31)
        self._in_member = False
        self._pending = b""
        self._position = 0
        self._tail = b""  # compressed input the inflater has not taken yet
        self._read = 0  # compressed bytes read
        self._made = 0  # bytes decompressed
        self.damage: str | None = None  # why and at which compressed byte the stream broke

    def read(self, size: int = -1) -> bytes:
        if not self._pending:
            self._pending = self._more()
        if size is None or size < 0:
            size = len(self._pending)
        out, self._pending = self._pending[:size], self._pending[size:]
        self._position += len(out)
        return out

    def tell(self) -> int:
        return self._position

    def _more(self) -> bytes:
        """The next decompressed piece (at most _BLOCK bytes: a bomb never inflates at once)."""
        while self.damage is None:
            chunk = self._next_input()
            if not chunk and self._in_member and not self._inflate.eof:
                out = self._inflate.decompress(b"", _BLOCK)  # output zlib still holds, if any
                if out:
                    self._made += len(out)
                    return out
            if not chunk:
                if self._in_member:
                    self.damage = f"truncated gzip at byte {self._raw.tell()}"
                return b""
            self._in_member = True
            try:
                out = self._inflate.decompress(chunk, _BLOCK)
            except zlib.error as exc:
                self.damage = f"damaged gzip near byte {self._raw.tell()} ({exc})"
                return b""
            self._tail = self._inflate.unconsumed_tail
            self._made += len(out)
            self.damage = self._limits.expansion_error(self._read, self._made)
            if out and self.damage is None:
                return out
        return b""

    def _next_input(self) -> bytes:
        if self._tail:
            return self._tail
        if self._inflate.eof:
            rest = self._inflate.unused_data
            self._inflate, self._in_member = zlib.decompressobj(31), False
            if rest:
                return rest
        chunk = self._raw.read(_BLOCK)
        self._read += len(chunk)
        return chunk


def read_warc(
    path: Path,
    *,
    published: str | None = None,
    stats: ReadStats | None = None,
    limits: Limits | None = None,
) -> Iterator[DocumentInput]:
    """One document per HTML response record, in file order; the rest counted as skipped.

    A record larger than a page may be is a failed document (its body is not held in memory).
    """
    stats = stats if stats is not None else ReadStats()
    limits = limits or Limits()
    try:
        raw = path.open("rb")
    except OSError as exc:
        yield DocumentInput(id=path.name, text="", error=f"{path}: cannot read ({exc.strerror})")
        return
    with raw:
        stream = GzipMembers(raw, limits) if path.name.lower().endswith(".gz") else raw
        yield from _records(path, stream, published, stats, limits)


def _records(
    path: Path, stream: Any, published: str | None, stats: ReadStats, limits: Limits
) -> Iterator[DocumentInput]:
    from warcio.archiveiterator import ArchiveIterator  # fsspec and more: only for WARC files

    records = ArchiveIterator(stream)
    incomplete: str | None = None
    try:
        for record in records:
            kind = _page_kind(record)
            # before the offset: asking for it skips the body
            body = read_at_most(record.content_stream(), limits.max_file_bytes)
            offset = records.get_record_offset()
            incomplete = _incomplete(record, offset) if not isinstance(body, Oversized) else None
            if kind is not None:
                stats.skip(kind)
            elif isinstance(body, Oversized):
                yield _oversized(path, record, offset, limits, body)
            elif not incomplete:
                yield limits.within_size(_page(path, record, body, offset, published))
    except Exception as exc:  # warcio raises ArchiveLoadFailed and assorted parse errors
        incomplete = f"not a readable WARC record near offset {_safe_offset(records)} ({exc})"
    damage = getattr(stream, "damage", None)
    if damage or incomplete:
        where = damage or incomplete
        yield DocumentInput(
            id=f"{path.name}:damaged",
            text="",
            error=f"{path}: stops early: {where}; the records before it were read",
        )


def _page_kind(record: Any) -> str | None:
    """None for an HTML page record; else the kind under which the record is counted as skipped."""
    if record.rec_type not in _PAGE_RECORDS:
        return f"warc {record.rec_type}"
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if status and not status.startswith("2"):
            return f"warc {record.rec_type} (HTTP {status})"
    mime = _mime(record)
    if not mime.startswith(_HTML_TYPES):
        return f"warc {record.rec_type} ({mime or 'no content type'})"
    return None


def _mime(record: Any) -> str:
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    value = headers.get_header("Content-Type") or ""
    return str(value).split(";")[0].strip().lower()


def _page(
    path: Path, record: Any, body: bytes, offset: int, published: str | None
) -> DocumentInput:
    headers = record.rec_headers
    record_id = str(headers.get_header("WARC-Record-ID") or "").strip("<>")
    return document_from_html(
        body,
        doc_id=record_id or f"{path.name}@{offset}",
        where=f"{path}@{offset}",
        url=headers.get_header("WARC-Target-URI"),
        fallback_date=headers.get_header("WARC-Date"),
        published=published,
    )


def _oversized(
    path: Path, record: Any, offset: int, limits: Limits, body: Oversized
) -> DocumentInput:
    record_id = str(record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
    return DocumentInput(
        id=record_id or f"{path.name}@{offset}",
        text="",
        url=record.rec_headers.get_header("WARC-Target-URI"),
        error=f"{path}@{offset}: {limits.bigger_than(body.size - 1)}",
    )


def _incomplete(record: Any, offset: int) -> str | None:
    """Say so when the record's block is shorter than its Content-Length (the file ends inside it)."""
    left = getattr(record.raw_stream, "limit", 0) or 0
    return f"record at offset {offset} is incomplete ({left} bytes missing)" if left > 0 else None


def _safe_offset(records: ArchiveIterator) -> str:
    try:
        return str(records.get_record_offset())
    except (TypeError, AttributeError):
        return "unknown"
