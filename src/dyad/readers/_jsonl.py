"""JSONL documents: one JSON object per line, as in docs/contract.md; ``.jsonl.gz`` too."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

from ..records import DocumentInput


def read_jsonl(path: Path, *, published: str | None = None) -> Iterator[DocumentInput]:
    """One document per line; a bad line becomes a failed document naming file and line."""
    try:
        handle = _open(path)
    except OSError as exc:
        yield DocumentInput(id=path.name, text="", error=f"{path}: cannot read ({exc.strerror})")
        return
    with handle:
        try:
            for number, raw in enumerate(handle, start=1):
                if raw.strip():
                    yield parse_line(raw, where=f"{path.name}:{number}", published=published)
        except (OSError, EOFError) as exc:
            yield DocumentInput(
                id=f"{path.name}:truncated", text="", error=f"{path}: stops early ({exc})"
            )


def _open(path: Path) -> IO[bytes]:
    if path.name.endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def parse_line(raw: bytes, *, where: str, published: str | None) -> DocumentInput:
    try:
        record: Any = json.loads(raw.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        return DocumentInput(
            id=where, text="", error=f"{where}: not valid JSON ({exc.msg} at column {exc.colno})"
        )
    if not isinstance(record, dict):
        return DocumentInput(
            id=where, text="", error=f"{where}: a line must be a JSON object with 'id' and 'text'"
        )
    text = record.get("text")
    if not isinstance(text, str):
        return DocumentInput(
            id=str(record.get("id", where)),
            text="",
            error=f"{where}: 'text' is missing or not a string",
        )
    return DocumentInput(
        id=str(record.get("id") or where),
        text=text,
        published=_str(record.get("published")) or published,
        url=_str(record.get("url")),
        title=_str(record.get("title")),
        source=_str(record.get("source")),
    )


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
