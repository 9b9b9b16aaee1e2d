"""Plain-text documents: one file, one document, id = the file name."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from ..records import DocumentInput

_SNIFF = 8192


def looks_binary(data: bytes) -> bool:
    """True for content that is not text: NUL bytes, or mostly control characters."""
    head = data[:_SNIFF]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and controls / len(head) > 0.10


def decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    """UTF-8 text (a BOM dropped); invalid bytes are replaced and the document is flagged."""
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), ("invalid_utf8",)


def document_from_bytes(data: bytes, *, doc_id: str, published: str | None) -> DocumentInput:
    if looks_binary(data):
        return DocumentInput(
            id=doc_id,
            text="",
            published=published,
            error="binary content (NUL or control bytes), not text: nothing to code",
        )
    text, flags = decode(data)
    return DocumentInput(id=doc_id, text=text, published=published, flags=flags)


def read_text_file(path: Path, *, published: str | None = None) -> DocumentInput:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return DocumentInput(id=path.name, text="", error=f"{path}: cannot read ({exc.strerror})")
    return document_from_bytes(data, doc_id=path.name, published=published)


def read_text_stream(
    stream: BinaryIO, *, doc_id: str, published: str | None
) -> list[DocumentInput]:
    return [document_from_bytes(stream.read(), doc_id=doc_id, published=published)]
