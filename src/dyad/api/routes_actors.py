"""``GET /v1/actors``: the actors in the most events, and the codes a name means (``q=``)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from ..dictionaries.lookup import find_actors
from ..store import query as store_query
from ..store.events import Filters
from ._filters import Count, chart_filters
from ._limits import known_query_only
from .routes_store import State, _codes, _plain, _reading

router = APIRouter(dependencies=[Depends(known_query_only)])


class ActorCount(BaseModel):
    actor: str
    events: int
    as_source: int
    as_target: int
    goldstein_mean: float | None


class ActorName(BaseModel):
    code: str
    name: str
    kind: str = Field(description="country, igo, group or leader")
    matched: str = Field(description="The name, demonym, capital or alias that matched.")


class Actors(BaseModel):
    level: str
    actors: list[ActorCount]
    matches: list[ActorName] = Field(
        default=[], description="With q: the actor codes the name means, best first."
    )


@router.get("/v1/actors", response_model=Actors, tags=["aggregates"], summary="Top actors")
def actors(
    state: State,
    filters: Annotated[Filters, Depends(chart_filters)],
    level: Literal["code", "country"] = "code",
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    count: Count = "events",
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=100, description="A name, demonym, capital or leader."),
    ] = None,
) -> dict[str, Any]:
    """The actors in the most events, as source or target; with `q`, the codes a name means
    (`matches`, from the dictionaries) and the stored actors under them."""
    found = find_actors(state.dictionaries(), q, limit=limit) if q else []
    with _reading(state) as store:
        filters = _codes(state, store, filters)
        table = store_query.top_actors(
            store, limit=1000 if q else limit, level=level, filters=filters, count=count
        )
    rows = table.records()
    if q:
        codes = tuple(m.code for m in found)
        rows = [r for r in rows if r["actor"].startswith(codes)][:limit] if codes else []
    return {"level": level, "actors": _plain(rows), "matches": [m.to_dict() for m in found]}
