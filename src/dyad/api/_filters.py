"""The query-string vocabulary of the event routes: the filters of ``GET /v1/events`` (every
event) and of the aggregates (the current events), both :class:`dyad.store.events.Filters`."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Depends, Query
from fastapi.exceptions import RequestValidationError

from ..store.events import DEFAULT_MIN_CONFIDENCE, Filters

Code = Annotated[
    str,
    Query(
        min_length=1, max_length=64, description="An actor code or its prefix: CHN matches CHNGOV."
    ),
]


def _narrowing(
    actor: Code | None = None,
    source: Code | None = None,
    target: Code | None = None,
    dyad: Annotated[
        str | None,
        Query(
            max_length=130,
            description="Two actor codes 'A,B': events between them, either direction.",
        ),
    ] = None,
    cameo: Annotated[
        str | None,
        Query(pattern=r"^\d{2,4}$", description="A CAMEO code, or a prefix such as a root: 04."),
    ] = None,
    root: Annotated[str | None, Query(pattern=r"^\d{2}$", description="CAMEO root, 01-20.")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    date_from: Annotated[
        date | None, Query(description="First day, YYYY-MM-DD (event day).")
    ] = None,
    date_to: Annotated[date | None, Query(description="Last day, YYYY-MM-DD.")] = None,
    modality: Literal["occurred", "planned", "negated", "hypothetical"] | None = None,
    historical: bool | None = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    doc_id: Annotated[str | None, Query(min_length=1, max_length=1000)] = None,
    country: Annotated[
        str | None,
        Query(pattern=r"^[A-Za-z]{3}$", description="The source's or the target's country: CHN."),
    ] = None,
    publisher: Annotated[
        str | None,
        Query(
            min_length=1, max_length=300, description="The document's source, else its url's host."
        ),
    ] = None,
) -> dict[str, Any]:
    """Which events the query string narrows to (``date_from``/``date_to`` are the store's
    ``since``/``until``); codes in any case, a name answered with the code it means."""
    chosen = dict(
        actor=actor, source=source, target=target, dyad=dyad_pair(dyad),
        cameo=(cameo,) if cameo else (), root=root,
        quad_classes=(quad_class,) if quad_class is not None else (),
        since=date_from, until=date_to, modality=modality, historical=historical,
        min_confidence=min_confidence, doc_id=doc_id,
        country=country.upper() if country else None, publisher=publisher,
    )  # fmt: skip
    return {k: v for k, v in chosen.items() if v is not None}


def event_filters(narrowing: Annotated[dict[str, Any], Depends(_narrowing)]) -> Filters:
    """The event filters of the query string, over every event (the event list)."""
    return Filters.everything(**narrowing)


def dyad_pair(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(parts) or any(len(p) > 64 for p in parts):
        raise RequestValidationError([{
            "type": "value_error", "loc": ("query", "dyad"), "input": value,
            "msg": "dyad takes two actor codes separated by a comma, e.g. CHN,RUS",
        }])  # fmt: skip
    return parts[0], parts[1]


def chart_filters(
    narrowing: Annotated[dict[str, Any], Depends(_narrowing)],
    include_historical: bool = False,
    include_negated: bool = False,
    include_hypothetical: bool = False,
) -> Filters:
    """Which events aggregates, the map and the network count: the current events (the store's
    defaults leave out what did not happen as reported), narrowed as the event list is."""
    narrowing.setdefault("min_confidence", DEFAULT_MIN_CONFIDENCE)
    return Filters(
        include_historical=include_historical, include_negated=include_negated,
        include_hypothetical=include_hypothetical, **narrowing,
    )  # fmt: skip


Count = Annotated[
    Literal["events", "mentions"],
    Query(description="events: each real-world event once (after dedup); mentions: every report."),
]
