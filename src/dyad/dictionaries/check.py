"""``dyad validate``: every bad entry of a user's dictionary file, not only the first, and
country codes that name no known state.

The readers stop at a file's first bad entry (loading must fail at once). To report them all,
:func:`check_file` reads the file again with each reported line blanked out, up to
:data:`MAX_ERRORS` errors; then it checks that the ``country`` fields of leaders and groups are
states that ``countries.tsv`` lists (or bodies of ``igos.tsv``, for their officials).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..errors import DictionaryError
from .files import _rows, read_countries, read_igos
from .load import data_path, detect_kind, validate_file

__all__ = ["MAX_ERRORS", "check_file"]

MAX_ERRORS = 50
_COUNTRY_FIELDS = {"leaders": "country", "groups": "country"}
_ANY_STATE = {"", "IMG"}  # no country; transnational groups


def check_file(path: str | Path) -> tuple[str | None, list[DictionaryError]]:
    """``(summary, errors)``: the summary line when the file is valid, else every error found."""
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    errors: list[DictionaryError] = []
    with tempfile.TemporaryDirectory(prefix="dyad-validate-") as folder:
        copy = Path(folder) / path.name
        while len(errors) < MAX_ERRORS:
            copy.write_text("".join(lines), encoding="utf-8")
            try:
                summary = validate_file(copy)
                break
            except DictionaryError as exc:
                errors.append(DictionaryError(str(path), exc.line, exc.field, exc.value, exc.fix))
                if exc.field == "header" or not 0 < exc.line <= len(lines):
                    return None, errors
                lines[exc.line - 1] = "\n"
        else:
            return None, errors
        errors += _unknown_countries(copy, path)
    errors.sort(key=lambda e: e.line)
    return (summary if not errors else None), errors


def _unknown_countries(copy: Path, shown: Path) -> list[DictionaryError]:
    kind = detect_kind(copy)
    field = _COUNTRY_FIELDS.get(kind)
    if field is None:
        return []
    known = {c.code for c in read_countries(data_path("countries.tsv"))} | _ANY_STATE
    known |= {i.code for i in read_igos(data_path("igos.tsv"))}  # officials of a body
    return [
        DictionaryError(
            str(shown),
            line,
            field,
            row[field],
            "use an ISO 3166-1 alpha-3 code listed in countries.tsv (dyad actors NAME finds it)",
        )
        for line, row in _rows(copy, kind)
        if row[field].upper() not in known
    ]
