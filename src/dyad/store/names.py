"""Actor arguments as people type them: codes in any case, and names caught before they count
nothing.

``chn`` is ``CHN``. "China" is no code prefix: rather than an empty table, :func:`actor_code`
raises :class:`UnknownActorError` with "did you mean CHN?" from
:func:`dyad.dictionaries.lookup.suggest`. A code the store lacks and no name resembles is
simply absent (the answer is empty, as it should be).
"""

from __future__ import annotations

from dataclasses import replace

from ..dictionaries import Dictionaries
from ..dictionaries.lookup import suggest
from ._errors import QueryError
from .events import Filters
from .ingest import Store

__all__ = ["UnknownActorError", "actor_code", "resolve_filters"]

_STORED = """
SELECT 1 FROM events WHERE starts_with(source_code, ?) OR starts_with(target_code, ?) LIMIT 1
"""


class UnknownActorError(QueryError):
    """An actor argument is a name, not a code: no stored code starts with it."""

    code = "E026"


def actor_code(store: Store, text: str, dictionaries: Dictionaries) -> str:
    """``text`` as an actor code prefix (upper case); a name raises with the code it means."""
    code = text.strip().upper()
    if not code or store.con.execute(_STORED, [code, code]).fetchone():
        return code
    meant = suggest(dictionaries, text)
    if meant is not None and meant != code:
        raise UnknownActorError(
            f"no actor code starts with {text.strip()!r} — did you mean {meant}? "
            f"('dyad actors {text.strip()}' lists the codes that name matches)"
        )
    return code


def resolve_filters(store: Store, filters: Filters, dictionaries: Dictionaries) -> Filters:
    """``filters`` with its actor, source, target and dyad values passed through :func:`actor_code`."""

    def code(value: str | None) -> str | None:
        return None if value is None else actor_code(store, value, dictionaries)

    dyad = filters.dyad
    if dyad is not None:
        dyad = (actor_code(store, dyad[0], dictionaries), actor_code(store, dyad[1], dictionaries))
    return replace(
        filters,
        actor=code(filters.actor),
        source=code(filters.source),
        target=code(filters.target),
        dyad=dyad,
    )
