"""Routes over the event store: ingest, list and explain events, a dyad's timeline, actors, network.

Aggregates come from :mod:`dyad.store.query`; event listing from :mod:`dyad.store.listing`; the filters
of the query string from :mod:`._filters`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from ..errors import CodingCancelled
from ..limits import Cancelled
from ..records import DocumentInput, DocumentResult
from ..store import Store, code_and_store, listing
from ..store import query as store_query
from ..store.events import Filters
from ..store.names import actor_code, resolve_filters
from ._auth import require_writer
from ._filters import Count, chart_filters, event_filters
from ._limits import known_query_only
from ._state import ApiState, get_state
from ._work import code_in_service, in_thread
from .schemas import DocumentIn, EventDetail, EventPage, IngestReport, body_errors

router = APIRouter(dependencies=[Depends(known_query_only)])

_ONE = TypeAdapter(DocumentIn)
_MANY = TypeAdapter(list[DocumentIn])
MAX_DOCUMENTS = 1000


@contextmanager
def _reading(state: ApiState) -> Iterator[Store]:
    if state.database is None:
        raise HTTPException(
            503, detail="this server has no event database; start it with 'dyad serve --db FILE'"
        )
    with state.database.reader() as store:
        yield store


def _codes(state: ApiState, store: Store, filters: Filters) -> Filters:
    """Actor values in any case; a name is a 400 that says which code it means."""
    return resolve_filters(store, filters, state.dictionaries())


State = Annotated[ApiState, Depends(get_state)]


@router.get(
    "/v1/events",
    response_model=EventPage,
    tags=["events"],
    summary="List events",
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},  # format=csv
)
def list_events(
    state: State,
    filters: Annotated[Filters, Depends(event_filters)],
    cursor: Annotated[
        str | None, Query(max_length=200, description="next_cursor of the previous page.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=listing.MAX_LIMIT)] = 100,
    format: Annotated[
        Literal["json", "csv"], Query(description="csv: one event a row, for R and pandas.")
    ] = "json",
) -> Any:
    """Events matching every filter given, newest day first, each with its evidence text."""
    with _reading(state) as store:
        filters = _codes(state, store, filters)
        events, following = listing.list_events(store, filters, limit=limit, cursor=cursor)
        total = listing.count_events(store, filters) if cursor is None else None
    if format == "csv":
        headers = {"Content-Disposition": 'attachment; filename="dyad-events.csv"'}
        if following:
            headers["X-Next-Cursor"] = following
        return Response(listing.events_csv(events), media_type="text/csv", headers=headers)
    return {"events": events, "next_cursor": following, "limit": limit, "total": total}


@router.get(
    "/v1/events/{event_ref:path}",
    response_model=EventDetail,
    tags=["events"],
    summary="One event with its sentence and spans",
    responses={404: {"description": "No such event"}},
)
def get_event(
    state: State,
    event_ref: Annotated[
        str, Path(max_length=2000, description="The event's key, or its id doc_id:sentence:n.")
    ],
) -> dict[str, Any]:
    """Why the event was coded: the rule, and the sentence with the spans of trigger, source and target."""
    with _reading(state) as store:
        detail = listing.event_detail(store, event_ref)
    if detail is None:
        raise HTTPException(
            404, detail=f"no event {event_ref!r}; event keys and ids come from GET /v1/events"
        )
    return detail


class TimelinePoint(BaseModel):
    period: str
    events: int
    quad1: int
    quad2: int
    quad3: int
    quad4: int
    goldstein_sum: float
    goldstein_mean: float | None


class Timeline(BaseModel):
    a: str
    b: str
    by: str
    directed: bool
    periods: list[TimelinePoint]


@router.get(
    "/v1/dyads/{a}/{b}/timeline",
    response_model=Timeline,
    tags=["aggregates"],
    summary="A dyad over time",
)
def dyad_timeline(
    state: State,
    a: Annotated[str, Path(min_length=1, max_length=64)],
    b: Annotated[str, Path(min_length=1, max_length=64)],
    filters: Annotated[Filters, Depends(chart_filters)],
    by: Literal["day", "week", "month", "year"] = "month",
    directed: Annotated[bool, Query(description="Only a acting on b.")] = False,
    count: Count = "events",
) -> dict[str, Any]:
    """Events between `a` and `b` per period (no gaps): counts by QuadClass and mean Goldstein."""
    with _reading(state) as store:
        filters = _codes(state, store, filters)
        a, b = (actor_code(store, x, state.dictionaries()) for x in (a, b))
        table = store_query.dyad_series(
            store, a, b, period=by, directed=directed, filters=filters, count=count
        )
    return {"a": a, "b": b, "by": by, "directed": directed, "periods": _plain(table.records())}


class DyadCount(BaseModel):
    actor_a: str = Field(description="First actor (the source when directed).")
    actor_b: str
    events: int
    quad1: int
    quad2: int
    quad3: int
    quad4: int
    goldstein_mean: float | None


class Dyads(BaseModel):
    level: str
    directed: bool
    dyads: list[DyadCount]


@router.get("/v1/dyads", response_model=Dyads, tags=["aggregates"], summary="Top dyads")
def dyads(
    state: State,
    filters: Annotated[Filters, Depends(chart_filters)],
    level: Literal["code", "country"] = "country",
    directed: bool = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
    count: Count = "events",
) -> dict[str, Any]:
    """The pairs of actors with the most events between them (either direction unless `directed`)."""
    with _reading(state) as store:
        filters = _codes(state, store, filters)
        table = store_query.top_dyads(
            store, limit=limit, level=level, directed=directed, filters=filters, count=count
        )
    a_name, b_name = ("source", "target") if directed else ("actor_a", "actor_b")
    rows = [{"actor_a": r.pop(a_name), "actor_b": r.pop(b_name), **r} for r in table.records()]
    return {"level": level, "directed": directed, "dyads": _plain(rows)}


class Node(BaseModel):
    id: str
    events: int


class Edge(BaseModel):
    source: str
    target: str
    events: int
    goldstein_mean: float | None
    goldstein_sum: float | None = None
    quad1: int = 0
    quad2: int = 0
    quad3: int = 0
    quad4: int = 0


class Network(BaseModel):
    level: str
    nodes: list[Node]
    edges: list[Edge] = Field(description="Directed: source acted on target `events` times.")
    truncated: bool


@router.get("/v1/network", response_model=Network, tags=["aggregates"], summary="The actor network")
def network(
    state: State,
    filters: Annotated[Filters, Depends(chart_filters)],
    level: Literal["code", "country"] = "country",
    min_events: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    max_edges: Annotated[
        int, Query(ge=1, le=5000, description="Keep the heaviest edges only.")
    ] = 300,
    count: Count = "events",
) -> dict[str, Any]:
    """Actors as nodes, directed edges weighted by the number of events from source to target."""
    with _reading(state) as store:
        filters = _codes(state, store, filters)
        graph = store_query.network(
            store, level=level, min_events=min_events, filters=filters, count=count
        )
    data = store_query.network_json(graph)
    edges = sorted(data["edges"], key=lambda e: (-e["events"], e["source"], e["target"]))
    kept = edges[:max_edges]
    used = {e["source"] for e in kept} | {e["target"] for e in kept}
    nodes = [n for n in data["nodes"] if n["id"] in used]
    return {"level": level, "nodes": nodes, "edges": kept, "truncated": len(edges) > len(kept)}


class Place(BaseModel):
    name: str | None
    country: str | None
    lat: float
    lon: float
    events: int


class Places(BaseModel):
    locations: list[Place]


@router.get(
    "/v1/locations", response_model=Places, tags=["aggregates"], summary="Where events happened"
)
def event_locations(
    state: State,
    filters: Annotated[Filters, Depends(chart_filters)],
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> dict[str, Any]:
    """Located events grouped by place, with coordinates for a map: the current events, as the
    other charts count them (the same filters and include_* flags)."""
    with _reading(state) as store:
        filters = _codes(state, store, filters)
        places = listing.locations(store, filters, limit=limit)
    return {"locations": places}


_INGEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "anyOf": [
                        {"$ref": "#/components/schemas/DocumentIn"},
                        {"type": "array", "items": {"$ref": "#/components/schemas/DocumentIn"},
                         "maxItems": MAX_DOCUMENTS},
                    ]
                }
            }
        },
    }
}  # fmt: skip


@router.post(
    "/v1/documents",
    response_model=IngestReport,
    tags=["store"],
    summary="Code and store documents",
    dependencies=[Depends(require_writer)],
    openapi_extra=_INGEST_BODY,
    responses={
        401: {"description": "Missing or wrong token"},
        403: {"description": "Writes are disabled"},
    },
)
async def ingest(request: Request, state: State) -> dict[str, Any]:
    """Code one document (an object) or many (an array) and store them; texts already stored are
    skipped before coding (their result says so)."""
    documents = await _read_documents(request)
    if state.database is None:
        raise HTTPException(
            503, detail="this server has no event database; start it with 'dyad serve --db FILE'"
        )
    inputs = [
        DocumentInput(
            id=d.id, text=d.text, published=d.published, url=d.url, title=d.title, source=d.source
        )
        for d in documents
    ]
    database = state.database

    def code_and_write(cancelled: Cancelled) -> dict[str, Any]:
        results: list[DocumentResult] = []

        def code(docs: Iterable[DocumentInput]) -> Iterable[DocumentResult]:
            if state.service is not None:  # one job: batched with concurrent requests
                return code_in_service(state.service, list(docs), cancelled)
            return state.coder().code(docs, cancelled=cancelled, deadline_s=state.deadline_s)

        with database.writer() as store:
            stats = code_and_store(store, inputs, code, on_result=results.append)
        return {
            "documents": len(results),
            "events": stats.events,
            "details": {
                "coded": stats.coded, "empty": stats.empty, "failed": stats.failed, "skipped": stats.skipped,
                "copies": stats.copies,
                "results": [{"id": r.doc_id, "status": r.status, "events": len(r.events), "error": r.error,
                             "copy_of": r.copy_of} for r in results],
            },
        }  # fmt: skip

    async with state.code_limiter() if state.service is None else nullcontext():
        try:
            return await in_thread(request, state, code_and_write)
        except CodingCancelled:  # batches committed before it are kept: send the rest again
            raise HTTPException(
                503, detail="coding was stopped (the client hung up or the server is stopping)"
            ) from None


async def _read_documents(request: Request) -> list[DocumentIn]:
    body = await request.body()
    media = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if media not in ("application/json", ""):
        raise HTTPException(
            415, detail=f"send application/json (a document or an array of them), not {media!r}"
        )
    try:
        many = body.lstrip().startswith(b"[")
        documents = _MANY.validate_json(body) if many else [_ONE.validate_json(body)]
    except ValidationError as exc:
        raise RequestValidationError(body_errors(exc)) from None
    if len(documents) > MAX_DOCUMENTS:
        raise HTTPException(
            413, detail=f"{len(documents)} documents in one request; send at most {MAX_DOCUMENTS}"
        )
    return documents


def _plain(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v.isoformat() if isinstance(v, date) else v for k, v in r.items()} for r in records]
