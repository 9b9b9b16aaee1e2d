"""``GET /v1/alerts``: :func:`dyad.watch.watch` over the server's store, with the options of
``dyad watch``. The models describe :meth:`dyad.watch.WatchReport.to_dict` (tested against it)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from ..watch import WatchOptions, watch
from ._filters import dyad_pair
from ._limits import known_query_only
from ._state import ApiState, get_state
from .routes_store import _reading

router = APIRouter(dependencies=[Depends(known_query_only)])
MAX_PERIODS = 400  # periods one request may test (about a year of days, eight of weeks)


class AlertEventOut(BaseModel):
    event_id: str
    key: str = Field(pattern=r"^\d+$", description="The store's event_key: GET /v1/events/{key}.")
    doc_id: str
    day: str | None
    cameo: str
    name: str | None
    root: str
    quad_class: int | None
    goldstein: float | None
    source: str | None
    target: str | None
    reports: int = Field(description="Reports of this event among the counted ones (dedup).")
    evidence: str | None = Field(description="The text of the event's span.")
    sentence: str | None = Field(description="The sentence the event is in.")


class PointOut(BaseModel):
    period: str
    value: float | None


class AlertOut(BaseModel):
    key: str = Field(description="level:A-B:period:metric; the same alert keeps its key.")
    actor_a: str
    actor_b: str
    level: Literal["country", "code"]
    directed: bool
    period: str
    period_end: str
    onset: str
    metric: Literal[
        "conflict", "material_conflict", "conflict_share", "goldstein", "escalation",
        "first_hostile",
    ]  # fmt: skip
    test: str
    baseline: float
    observed: float
    band_low: float | None
    band_high: float | None
    p_value: float
    q_value: float
    alpha: float = Field(description="The ceiling p_value passed: the dyad's budget per test.")
    baseline_from: str
    baseline_to: str
    events: list[AlertEventOut]
    series: list[PointOut] = Field(description="The metric per period, baseline_from to period.")


class AlertsOut(BaseModel):
    alerts: list[AlertOut]
    periods: list[str]
    dyads: int
    tests: int
    alpha: float = Field(description="The strictest per-test ceiling (every detector applies).")
    period_alpha: float = Field(description="One dyad's false-alarm budget for one period.")


@router.get("/v1/alerts", response_model=AlertsOut, tags=["aggregates"], summary="Early warning")
def alerts(
    state: Annotated[ApiState, Depends(get_state)],
    since: Annotated[
        date | None, Query(description="Test every period from this day's (default: the latest).")
    ] = None,
    period: Literal["day", "week", "month"] = "week",
    dyad: Annotated[
        str | None, Query(max_length=130, description="Only the pair 'A,B' (prefixes match).")
    ] = None,
    min_events: Annotated[int, Query(ge=0, le=1_000_000)] = 10,
    level: Literal["country", "code"] = "country",
    directed: bool = False,
    baseline: Annotated[int | None, Query(ge=4, le=1000)] = None,
    fdr: Annotated[float, Query(gt=0, le=1)] = 0.05,
    budget: Annotated[float, Query(gt=0, le=100)] = 1.0,
    top: Annotated[int, Query(ge=0, le=50)] = 5,
) -> dict[str, Any]:
    """Dyads whose latest period(s) turned: conflict surges (counts and share), Goldstein drops,
    escalation and first hostility beyond their baseline, each with the events behind it."""
    options = WatchOptions(
        period=period, level=level, directed=directed, dyad=dyad_pair(dyad), since=since,
        baseline=baseline, min_events=min_events, fdr=fdr, budget=budget, top=top,
        max_periods=MAX_PERIODS,
    )  # fmt: skip
    with _reading(state) as store:
        return watch(store, options).to_dict()
