"""The one rule for a document's ``published`` value, for every reader, the CLI and the API.

``published`` is a calendar date ``YYYY-MM-DD`` (ASCII digits, a day that exists), optionally
followed by a time of day as ISO 8601 writes it (``2025-05-06T10:00:00Z``, ``2025-05-06 10:00``);
only the date is used. A missing or empty value means "not known". Anything else
(``"yesterday"``, ``"2025-02-30"``, ``20250506``) is refused: a reader makes the document
``failed`` with the message, naming the field; the API answers 422 with it.
"""

from __future__ import annotations

import re
from datetime import datetime

_SHAPE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)


def check_published(value: object) -> str | None:
    """``value`` as a document's ``published``: None when missing or empty, the value itself when
    valid; ``ValueError`` with a message naming the field otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or not _SHAPE.fullmatch(value):
        raise ValueError(
            f"'published' must be a date like 2025-05-06 (a time may follow), not {value!r}"
        )
    try:
        datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"'published' {value!r} is not a real date ({exc})") from None
    return value
