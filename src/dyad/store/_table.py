"""A query result: column names and rows, renderable as CSV or JSON by any front end."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of a query with their column names."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column name."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list[Any]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def to_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows([[csv_cell(v) for v in row] for row in self.rows])
        return buffer.getvalue()

    def text_rows(self) -> list[tuple[str, ...]]:
        """Rows as display strings (empty for NULL)."""
        return [tuple("" if v is None else str(csv_cell(v)) for v in row) for row in self.rows]

    def to_json(self) -> str:
        return json.dumps(self.records(), default=plain, ensure_ascii=False, indent=1)


def plain(value: Any) -> Any:
    """A JSON/CSV-friendly form of a DuckDB value."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return "|".join(str(v) for v in value)
    return value


def csv_cell(value: Any) -> Any:
    """A CSV cell: empty for NULL, ``true``/``false`` for booleans (as R and pandas read them)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return plain(value)
