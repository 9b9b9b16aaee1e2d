"""Readers: paths in, :class:`~dyad.records.DocumentInput` out, streaming, never crashing.

Every input ends as a document: a file that cannot be read becomes a document carrying an
``error`` (coded as ``failed`` with that reason), so nothing silently disappears. Records that are
not documents at all (a WARC request, an image response) are skipped and counted in
:class:`ReadStats`, which the caller passes in and reads after the run.

One module per format: ``_text`` (.txt), ``_jsonl`` (.jsonl, .jsonl.gz), ``_csv`` (.csv),
``_html`` (.html, .htm), ``_warc`` (.warc, .warc.gz); ``_walk`` walks folders and accounts for
every entry it does not read; ``_bounded`` reads lines and gzip streams within the
:class:`~dyad.limits.Limits` (document size, decompression), so no input can exhaust memory.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..limits import Limits
from ..options import Options
from ..published import check_published
from ..records import DocumentInput
from ._csv import CsvColumns, read_csv
from ._html import document_from_html, read_html_file
from ._jsonl import read_jsonl
from ._stats import ReadStats
from ._text import read_text_file, read_text_stream
from ._walk import refusal, walk
from ._warc import read_warc

__all__ = [
    "SUFFIXES",
    "CsvColumns",
    "ReadStats",
    "count_documents",
    "default_limits",
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

log = logging.getLogger(__name__)


def read_paths(
    paths: Iterable[str],
    *,
    published: str | None = None,
    csv_columns: CsvColumns | None = None,
    stats: ReadStats | None = None,
    limits: Limits | None = None,
) -> Iterator[DocumentInput]:
    """Documents from files, folders (recursive, by extension) and ``-`` (stdin).

    Every folder entry left out is counted in ``stats.not_read`` with the reason; a document
    beyond ``limits`` (default: the shipped ones) is a failed document saying so.
    """
    stats = stats if stats is not None else ReadStats()
    limits = limits or default_limits()
    published = _published_option(published)
    for raw in paths:
        if raw == "-":
            stats.file_read()
            yield from read_text_stream(
                sys.stdin.buffer, doc_id="stdin", published=published, limits=limits
            )
            continue
        for path in _files(Path(raw), stats):
            yield from read_file(
                path, published=published, csv_columns=csv_columns, stats=stats, limits=limits
            )


def read_file(
    path: Path,
    *,
    published: str | None = None,
    csv_columns: CsvColumns | None = None,
    stats: ReadStats | None = None,
    limits: Limits | None = None,
) -> Iterator[DocumentInput]:
    """Documents in one file, chosen by its extension (anything unknown is read as text).

    A path that is not a regular file (missing, a FIFO, a device) is one failed document; a reader
    that raises ends its file with a failed document naming the error, and the run goes on.
    """
    stats = stats if stats is not None else ReadStats()
    limits = limits or default_limits()
    refused = refusal(path)
    if refused is not None:
        yield DocumentInput(id=path.name, text="", error=refused)
        return
    stats.file_read()
    try:
        yield from _read(path, published, csv_columns, stats, limits)
    except Exception as exc:  # a bug in a reader must not end a run of millions of documents
        log.error("reading %s raised %s", path, exc, exc_info=exc)
        yield DocumentInput(
            id=f"{path.name}:error",
            text="",
            error=f"{path}: dyad's reader raised {type(exc).__name__}: {exc}; the documents before "
            "it were read (please report it)",
        )


def _read(
    path: Path,
    published: str | None,
    csv_columns: CsvColumns | None,
    stats: ReadStats,
    limits: Limits,
) -> Iterator[DocumentInput]:
    name = path.name.lower()
    if name.endswith(_JSONL):
        yield from read_jsonl(path, published=published, limits=limits)
    elif name.endswith(".csv"):
        yield from read_csv(path, published=published, columns=csv_columns, limits=limits)
    elif name.endswith((".warc", ".warc.gz")):
        yield from read_warc(path, published=published, stats=stats, limits=limits)
    elif name.endswith((".html", ".htm")):
        yield read_html_file(path, published=published, limits=limits)
    else:
        yield read_text_file(path, published=published, limits=limits)


def _published_option(value: str | None) -> str | None:
    try:
        return check_published(value)
    except ValueError as exc:
        raise InputError(f"{{published}}: {exc}", parameters=("published",)) from None


def default_limits() -> Limits:
    """The shipped limits (``data/defaults.toml``)."""
    return Limits.of(Options.load())


def count_documents(paths: Iterable[str]) -> int | None:
    """How many documents :func:`read_paths` will yield, when that is cheap to know; else None.

    Stdin and one-document files count one each and plain JSONL files are counted by lines; CSV,
    WARC and gzip inputs make the total unknown (the progress bar then shows no ETA). A file that
    cannot be read counts one (it becomes one failed document); nothing here opens a FIFO.
    """
    total, budget = 0, _COUNT_LINES_UP_TO
    for raw in paths:
        if raw == "-":  # stdin is read as one document
            total += 1
            continue
        for path in _files(Path(raw), None):
            name = path.name.lower()
            if refusal(path) is not None or not name.endswith(_MANY_DOCUMENTS):
                total += 1
            elif name.endswith((".jsonl", ".ndjson")) and (budget := budget - _size(path)) >= 0:
                total += _count_lines(path)
            else:
                return None
    return total


def _files(path: Path, stats: ReadStats | None) -> Iterator[Path]:
    if path.is_dir():
        yield from walk(path, SUFFIXES, stats)
    else:
        yield path


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _count_lines(path: Path) -> int:
    """Non-empty lines; 1 when the file cannot be read (its reader reports one failure)."""
    count = 0
    try:
        with path.open("rb") as fh:
            for line in fh:
                count += bool(line.strip())
    except OSError:
        return 1
    return count
