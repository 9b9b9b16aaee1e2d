"""The one vocabulary of event filters: which stored events a question is about.

Store queries (:mod:`.query`, :mod:`.plot`), the HTTP API and the command line all say which
events they read with one :class:`Filters`. Its defaults count what happened as reported: they
leave out historical, negated and hypothetical events and events below ``min_confidence``;
:meth:`Filters.everything` starts from every event instead (the API's event list).

Every value reaches DuckDB as a bound parameter; the SQL text holds only column names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .defaults import DEFAULT_MIN_CONFIDENCE

__all__ = ["DEFAULT_MIN_CONFIDENCE", "PUBLISHER", "Filters"]

#: a document's publisher (alias ``p``): the source its input named, else its url's host
PUBLISHER = "coalesce(p.source, p.source_host)"


@dataclass(frozen=True, slots=True)
class Filters:
    """Which events count. The defaults leave out what did not (or not yet) happen as reported.

    Actor codes match by prefix (``CHN`` matches ``CHNGOV``); so do CAMEO codes (``19``
    matches ``190`` and ``1951``). ``since`` and ``until`` bound the day an event counts on:
    its date, else its document's publication day.
    """

    include_historical: bool = False
    include_negated: bool = False
    include_hypothetical: bool = False
    min_confidence: float | None = DEFAULT_MIN_CONFIDENCE
    since: date | None = None  # first day counted
    until: date | None = None  # last day counted
    cameo: tuple[str, ...] = ()  # CAMEO codes or prefixes counted ("19", "042"); all when empty
    quad_classes: tuple[int, ...] = ()  # QuadClasses counted; all when empty
    actor: str | None = None  # source or target code starts with it
    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None  # either direction
    root: str | None = None
    modality: str | None = None  # only this modality
    historical: bool | None = None  # only historical (True) or only current (False) events
    doc_id: str | None = None
    country: str | None = None  # the source's or the target's country is exactly this code
    publisher: str | None = None  # the document's publisher (its source, else its url's host)

    @classmethod
    def everything(cls, **only: Any) -> Filters:
        """Every event, historical, negated, hypothetical or unsure, narrowed by ``only``."""
        return cls(
            **{
                "include_historical": True,
                "include_negated": True,
                "include_hypothetical": True,
                "min_confidence": None,
                **only,
            }
        )

    def clause(self, table: str = "") -> tuple[str, list[Any]]:
        """An SQL condition on ``events`` (``table``: its alias in the query) and its values."""
        column = f"{table}." if table else ""
        parts: list[str] = []
        params: list[Any] = []
        for condition, values in self._conditions():
            parts.append(condition.format(e=column))
            params.extend(values)
        return (" AND ".join(parts) or "TRUE"), params

    def _conditions(self) -> list[tuple[str, list[Any]]]:
        out: list[tuple[str, list[Any]]] = []
        if self.min_confidence is not None:
            out.append(("{e}confidence >= ?", [self.min_confidence]))
        excluded = (
            (self.include_historical, "NOT {e}historical"),
            (self.include_negated, "{e}modality <> 'negated'"),
            (self.include_hypothetical, "{e}modality <> 'hypothetical'"),
        )
        out += [(condition, []) for included, condition in excluded if not included]
        if self.since is not None:
            out.append(("{e}day >= ?", [self.since]))
        if self.until is not None:
            out.append(("{e}day <= ?", [self.until]))
        if self.cameo:
            anyof = " OR ".join("starts_with({e}cameo, ?)" for _ in self.cameo)
            out.append((f"({anyof})", list(self.cameo)))
        if self.quad_classes:
            marks = ", ".join("?" for _ in self.quad_classes)
            out.append((f"{{e}}quad_class IN ({marks})", list(self.quad_classes)))
        return out + self._who() + self._exactly()

    def _who(self) -> list[tuple[str, list[Any]]]:
        out: list[tuple[str, list[Any]]] = []
        one_way = "(starts_with({e}source_code, ?) AND starts_with({e}target_code, ?))"
        if self.actor is not None:
            either = "(starts_with({e}source_code, ?) OR starts_with({e}target_code, ?))"
            out.append((either, [self.actor, self.actor]))
        if self.source is not None:
            out.append(("starts_with({e}source_code, ?)", [self.source]))
        if self.target is not None:
            out.append(("starts_with({e}target_code, ?)", [self.target]))
        if self.dyad is not None:
            a, b = self.dyad
            out.append((f"({one_way} OR {one_way})", [a, b, b, a]))
        if self.country is not None:
            either = "({e}source_country = ? OR {e}target_country = ?)"
            out.append((either, [self.country, self.country]))
        return out

    def _exactly(self) -> list[tuple[str, list[Any]]]:
        values = (
            ("{e}root = ?", self.root),
            ("{e}modality = ?", self.modality),
            ("{e}historical = ?", self.historical),
            ("{e}doc_id = ?", self.doc_id),
        )
        out = [(condition, [value]) for condition, value in values if value is not None]
        if self.publisher is not None:
            out.append((f"{{e}}doc_hash IN (SELECT p.doc_hash FROM documents p WHERE {PUBLISHER} = ?)",
                        [self.publisher]))  # fmt: skip
        return out
