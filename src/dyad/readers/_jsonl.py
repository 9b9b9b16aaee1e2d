"""JSONL documents: one JSON object per line, as in docs/contract.md; ``.jsonl.gz`` too.

Each line is checked against the contract: ``text`` a string, ``id`` a string or a number,
``published`` a date (:mod:`dyad.published`), ``url``/``title``/``source`` strings; a line that
breaks it is a failed document naming ``file:line`` and the field. A line longer than a document
may be is not read into memory, and a ``.gz`` that decompresses past its limit stops there.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..limits import Limits
from ..published import check_published
from ..records import DocumentInput
from ._bounded import Oversized, Stopped, bounded_lines, open_input

_FIELDS = ("url", "title", "source")


def read_jsonl(
    path: Path, *, published: str | None = None, limits: Limits | None = None
) -> Iterator[DocumentInput]:
    """One document per line; a bad line becomes a failed document naming file and line."""
    limits = limits or Limits()
    number = 0
    try:
        with open_input(path, limits) as source:
            for number, raw in enumerate(bounded_lines(source, limits.max_line_bytes), start=1):
                where = f"{path.name}:{number}"
                if isinstance(raw, Oversized):
                    yield _failed(where, f"{where}: {limits.too_big(raw.size)}")
                elif raw.strip():
                    yield limits.within_size(parse_line(raw, where=where, published=published))
    except OSError as exc:
        yield _failed(path.name, f"{path}: cannot read ({exc.strerror or exc})")
    except (EOFError, zlib.error) as exc:
        yield _failed(f"{path.name}:truncated", f"{path}: stops early after line {number} ({exc})")
    except Stopped as exc:
        yield _failed(f"{path.name}:stopped", f"{path}: stops in line {number + 1}: {exc}")


def parse_line(raw: bytes | str, *, where: str, published: str | None) -> DocumentInput:
    """One JSONL line as a document, or a failed document saying what is wrong with it."""
    try:
        text = raw if isinstance(raw, str) else raw.decode("utf-8", errors="replace")
        record: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        return _failed(where, f"{where}: not valid JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(record, dict):
        return _failed(where, f"{where}: a line must be a JSON object with 'id' and 'text'")
    doc_id = _id(record.get("id"), where)
    problem = _problem(record)
    if problem is not None:
        return _failed(doc_id, f"{where}: {problem}")
    return DocumentInput(
        id=doc_id,
        text=record["text"],
        published=check_published(record.get("published")) or published,
        url=record.get("url") or None,
        title=record.get("title") or None,
        source=record.get("source") or None,
    )


def _problem(record: dict[str, Any]) -> str | None:
    """What breaks the contract in a record: the first bad field, named; None when all is well."""
    if not isinstance(record.get("text"), str):
        return "'text' is missing or not a string"
    try:
        check_published(record.get("published"))
    except ValueError as exc:
        return str(exc)
    for name in _FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return f"{name!r} must be a string, not {type(value).__name__} {value!r:.60}"
    return None


def _id(value: Any, where: str) -> str:
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return where


def _failed(doc_id: str, reason: str) -> DocumentInput:
    return DocumentInput(id=doc_id, text="", error=reason)
