"""Readers: paths in, :class:`~dyad.records.DocumentInput` out, streaming, never crashing.

Every input ends as a document: a file that cannot be read becomes a document carrying an
``error`` (coded as ``failed`` with that reason), so nothing silently disappears. Records that are
not documents at all (a WARC request, an image response) are skipped and counted in
:class:`ReadStats`, which the caller passes in and reads after the run.

One module per format: ``_text`` (.txt), ``_jsonl`` (.jsonl, .jsonl.gz), ``_csv`` (.csv),
``_html`` (.html, .htm), ``_warc`` (.warc, .warc.gz).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..records import DocumentInput
from ._csv import CsvColumns, read_csv
from ._html import document_from_html, read_html_file
from ._jsonl import read_jsonl
from ._stats import ReadStats
from ._text import read_text_file, read_text_stream
from ._warc import read_warc

__all__ = [
    "SUFFIXES",
    "CsvColumns",
    "ReadStats",
    "count_documents",
    "document_from_html",
    "read_file",
    "read_paths",
]

SUFFIXES = (
    ".txt",
    ".text",
    ".jsonl",
    ".jsonl.gz",
    ".ndjson",
    ".csv",
    ".html",
    ".htm",
    ".warc",
    ".warc.gz",
)
_MANY_DOCUMENTS = (".jsonl", ".jsonl.gz", ".ndjson", ".csv", ".warc", ".warc.gz")
_JSONL = (".jsonl", ".jsonl.gz", ".ndjson")
_COUNT_LINES_UP_TO = 2 << 30  # bytes of plain JSONL worth a counting pass for the progress total


def read_paths(
    paths: Iterable[str],
    *,
    published: str | None = None,
    csv_columns: CsvColumns | None = None,
    stats: ReadStats | None = None,
) -> Iterator[DocumentInput]:
    """Documents from files, folders (recursive, by extension) and ``-`` (stdin)."""
    stats = stats if stats is not None else ReadStats()
    for raw in paths:
        if raw == "-":
            stats.file_read()
            yield from read_text_stream(sys.stdin.buffer, doc_id="stdin", published=published)
            continue
        for path in _files(Path(raw)):
            yield from read_file(path, published=published, csv_columns=csv_columns, stats=stats)


def read_file(
    path: Path,
    *,
    published: str | None = None,
    csv_columns: CsvColumns | None = None,
    stats: ReadStats | None = None,
) -> Iterator[DocumentInput]:
    """Documents in one file, chosen by its extension (anything unknown is read as text)."""
    stats = stats if stats is not None else ReadStats()
    if not path.exists():
        yield DocumentInput(id=path.name, text="", error=f"{path}: no such file")
        return
    stats.file_read()
    name = path.name.lower()
    if name.endswith(_JSONL):
        yield from read_jsonl(path, published=published)
    elif name.endswith(".csv"):
        yield from read_csv(path, published=published, columns=csv_columns)
    elif name.endswith((".warc", ".warc.gz")):
        yield from read_warc(path, published=published, stats=stats)
    elif name.endswith((".html", ".htm")):
        yield read_html_file(path, published=published)
    else:
        yield read_text_file(path, published=published)


def count_documents(paths: Iterable[str]) -> int | None:
    """How many documents :func:`read_paths` will yield, when that is cheap to know; else None.

    Stdin and one-document files count one each and plain JSONL files are counted by lines; CSV,
    WARC and gzip inputs make the total unknown (the progress bar then shows no ETA).
    """
    total, budget = 0, _COUNT_LINES_UP_TO
    for raw in paths:
        if raw == "-":  # stdin is read as one document
            total += 1
            continue
        for path in _files(Path(raw)):
            name = path.name.lower()
            if not path.exists() or not name.endswith(_MANY_DOCUMENTS):
                total += 1
            elif (
                name.endswith((".jsonl", ".ndjson"))
                and (budget := budget - path.stat().st_size) >= 0
            ):
                total += _count_lines(path)
            else:
                return None
    return total


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        yield from sorted(p for p in path.rglob("*") if p.is_file() and _known(p))
    else:
        yield path


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as fh:
        for line in fh:
            count += bool(line.strip())
    return count


def _known(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIXES)
