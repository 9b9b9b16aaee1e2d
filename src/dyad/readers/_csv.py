"""CSV documents: one row, one document, with a mapping from dyad's fields to the file's columns."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

from ..errors import InputError
from ..records import DocumentInput

# News text fields can be long; the csv module's default cap is 128 KiB per field.
_FIELD_LIMIT = 64 * 1024 * 1024


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
    path: Path, *, published: str | None = None, columns: CsvColumns | None = None
) -> Iterator[DocumentInput]:
    """One document per row; a file without the text column is one failed document saying so."""
    columns = columns or CsvColumns()
    _raise_field_limit()
    try:
        handle = io.TextIOWrapper(
            path.open("rb"), encoding="utf-8-sig", errors="replace", newline=""
        )
    except OSError as exc:
        yield DocumentInput(id=path.name, text="", error=f"{path}: cannot read ({exc.strerror})")
        return
    with handle:
        yield from _rows(path, csv.DictReader(handle), published, columns)


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

    return DocumentInput(
        id=cell(columns.id) or where,
        text=row.get(columns.text) or "",
        published=cell(columns.published) or published,
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


def _raise_field_limit() -> None:
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)
