"""CSV documents: one row, one document, with a mapping from dyad's fields to the file's columns."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

from ..errors import InputError
from ..limits import Limits
from ..published import check_published
from ..records import DocumentInput
from ._bounded import bom_encoding


@dataclass(frozen=True, slots=True)
class CsvColumns:
    """Which CSV column holds each document field; only ``text`` must be present in the file."""

    id: str = "id"
    text: str = "text"
    published: str = "published"
    url: str = "url"
    title: str = "title"
    source: str = "source"

    @classmethod
    def parse(cls, spec: str) -> CsvColumns:
        """``"id=doc_id,text=body"`` -> a mapping with those two columns renamed."""
        known = {f.name for f in fields(cls)}
        changes: dict[str, str] = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            key, sep, column = part.partition("=")
            if not sep or key.strip() not in known or not column.strip():
                raise InputError(
                    f"CSV column mapping {part!r} is not FIELD=COLUMN with FIELD one of "
                    f"{', '.join(sorted(known))}; e.g. --csv-columns id=doc_id,text=body"
                )
            changes[key.strip()] = column.strip()
        return replace(cls(), **changes)


def read_csv(
    path: Path,
    *,
    published: str | None = None,
    columns: CsvColumns | None = None,
    limits: Limits | None = None,
) -> Iterator[DocumentInput]:
    """One document per row; a file without the text column is one failed document saying so.

    A cell longer than a document may be stops the file there (the csv module cannot skip it);
    a text within that but over the limit in UTF-8 fails alone.
    """
    columns = columns or CsvColumns()
    limits = limits or Limits()
    _raise_field_limit(limits.max_file_bytes)
    try:
        raw = path.open("rb")
    except OSError as exc:
        yield DocumentInput(id=path.name, text="", error=f"{path}: cannot read ({exc.strerror})")
        return
    encoding = bom_encoding(raw.peek(4)[:4]) or "utf-8-sig"
    with io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="") as handle:
        for doc in _rows(path, csv.DictReader(handle), published, columns):
            yield limits.within_size(doc)


def _rows(
    path: Path, reader: csv.DictReader[str], published: str | None, columns: CsvColumns
) -> Iterator[DocumentInput]:
    line = 2
    try:
        header = reader.fieldnames or []
        if columns.text not in header:
            yield DocumentInput(
                id=path.name, text="", error=_no_text_column(path, columns.text, header)
            )
            return
        for row in reader:
            yield _document(row, where=f"{path.name}:{line}", published=published, columns=columns)
            line = reader.line_num + 1
    except (csv.Error, OSError) as exc:
        yield DocumentInput(
            id=f"{path.name}:{line}",
            text="",
            error=f"{path}:{line}: stops here, not valid CSV ({exc})",
        )


def _document(
    row: dict[str, str | None], *, where: str, published: str | None, columns: CsvColumns
) -> DocumentInput:
    def cell(name: str) -> str | None:
        value = row.get(name)
        return value.strip() if isinstance(value, str) and value.strip() else None

    doc_id = cell(columns.id) or where
    try:
        day = check_published(cell(columns.published))
    except ValueError as exc:
        return DocumentInput(id=doc_id, text="", error=f"{where}: {exc}")
    return DocumentInput(
        id=doc_id,
        text=row.get(columns.text) or "",
        published=day or published,
        url=cell(columns.url),
        title=cell(columns.title),
        source=cell(columns.source),
    )


def _no_text_column(path: Path, text: str, header: Sequence[str]) -> str:
    found = ", ".join(header) if header else "none"
    return (
        f"{path}: no {text!r} column (columns: {found}); "
        f"name the text column with --csv-columns text=COLUMN"
    )


def _raise_field_limit(limit: int) -> None:
    """News text fields can be long; the csv module's default cap is 128 KiB per field."""
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)
