"""Readers: paths in, :class:`~dyad.records.DocumentInput` out, streaming, never crashing.

Every input ends as a document: a file that cannot be read becomes a document carrying an
``error`` (coded as ``failed`` with that reason), so nothing silently disappears.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..records import DocumentInput
from ._jsonl import read_jsonl
from ._text import read_text_file, read_text_stream

SUFFIXES = (".txt", ".jsonl", ".jsonl.gz", ".text")


def read_paths(paths: Iterable[str], *, published: str | None = None) -> Iterator[DocumentInput]:
    """Documents from files, folders (recursive, by extension) and ``-`` (stdin)."""
    for raw in paths:
        if raw == "-":
            yield from read_text_stream(sys.stdin.buffer, doc_id="stdin", published=published)
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and _known(p)):
                yield from read_file(child, published=published)
        else:
            yield from read_file(path, published=published)


def read_file(path: Path, *, published: str | None = None) -> Iterator[DocumentInput]:
    """Documents in one file, chosen by its extension (anything unknown is read as text)."""
    if not path.exists():
        yield DocumentInput(id=path.name, text="", error=f"{path}: no such file")
        return
    name = path.name.lower()
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        yield from read_jsonl(path, published=published)
    else:
        yield read_text_file(path, published=published)


def _known(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIXES)
