"""Plain-text documents: one file, one document, id = the file name.

UTF-8 (a BOM dropped; invalid bytes replaced and flagged ``invalid_utf8``), or UTF-16/UTF-32 when
a byte-order mark says so. Content that is not text (NUL or control bytes) fails as binary. A file
or stream larger than :attr:`~dyad.limits.Limits.max_file_bytes` is not read.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from ..limits import Limits
from ..records import DocumentInput
from ._bounded import Oversized, bom_encoding, read_at_most

_SNIFF = 8192


def looks_binary(data: bytes) -> bool:
    """True for content that is not text: NUL bytes, or mostly control characters."""
    head = data[:_SNIFF]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and controls / len(head) > 0.10


def decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    """The text of ``data``: UTF-16/32 after their BOM, else UTF-8 (a BOM dropped); invalid bytes
    are replaced and the document is flagged."""
    encoding = bom_encoding(data[:4]) or "utf-8-sig"
    try:
        return data.decode(encoding), ()
    except UnicodeDecodeError:
        flag = "invalid_utf8" if encoding == "utf-8-sig" else f"invalid_{encoding.replace('-', '')}"
        return data.decode(encoding, errors="replace"), (flag,)


def document_from_bytes(
    data: bytes, *, doc_id: str, published: str | None, limits: Limits | None = None
) -> DocumentInput:
    """One document from a file's bytes: failed when binary or too long."""
    wide = bom_encoding(data[:4]) in ("utf-16", "utf-32")
    text, flags = decode(data) if wide else ("", ())
    if looks_binary(text[:_SNIFF].encode("utf-8", errors="replace") if wide else data):
        return DocumentInput(
            id=doc_id,
            text="",
            published=published,
            error="binary content (NUL or control bytes), not text: nothing to code",
        )
    if not wide:
        text, flags = decode(data)
    document = DocumentInput(id=doc_id, text=text, published=published, flags=flags)
    return (limits or Limits()).within_size(document)


def read_text_file(
    path: Path, *, published: str | None = None, limits: Limits | None = None
) -> DocumentInput:
    limits = limits or Limits()
    try:
        with path.open("rb") as fh:
            data = read_at_most(fh, limits.max_file_bytes)
    except OSError as exc:
        return DocumentInput(id=path.name, text="", error=f"{path}: cannot read ({exc.strerror})")
    if isinstance(data, Oversized):
        reason = limits.too_big(file_size(path)) or limits.bigger_than(data.size - 1)
        return DocumentInput(id=path.name, text="", published=published, error=reason)
    return document_from_bytes(data, doc_id=path.name, published=published, limits=limits)


def file_size(path: Path) -> int:
    """The size of a file in bytes; 0 when it cannot be known."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def read_text_stream(
    stream: BinaryIO, *, doc_id: str, published: str | None, limits: Limits | None = None
) -> list[DocumentInput]:
    limits = limits or Limits()
    data = read_at_most(stream, limits.max_file_bytes)
    if isinstance(data, Oversized):
        reason = limits.bigger_than(data.size - 1)
        return [DocumentInput(id=doc_id, text="", published=published, error=reason)]
    return [document_from_bytes(data, doc_id=doc_id, published=published, limits=limits)]
