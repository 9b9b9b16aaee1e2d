"""``GET /v1/documents/{ref}`` (a stored article whole, with its events) and ``GET /v1/facets``
(events per country, CAMEO root and publisher under the event filters): thin over
:mod:`dyad.store.documents` and :mod:`dyad.store.facets`."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from pydantic import BaseModel, Field

from ..store.documents import stored_document
from ..store.events import Filters
from ..store.facets import facets
from ..store.listing import stored_event
from ._filters import Count, chart_filters
from ._limits import known_query_only
from .routes_store import State, _codes, _reading
from .schemas import StoredEvent

router = APIRouter(dependencies=[Depends(known_query_only)])


class SentenceOut(BaseModel):
    index: int
    start: int | None = Field(description="Document offset of its first character.")
    end: int | None
    kind: str | None = Field(description="body, headline, caption, quote, ...")


class DocumentOut(BaseModel):
    doc_id: str
    doc_hash: str = Field(description="sha256 of the text: the document's identity in the store.")
    published: str | None
    url: str | None
    title: str | None
    publisher: str | None = Field(description="Its source as ingested, else its url's host.")
    status: str = Field(description="ok or empty (failed documents are not stored).")
    error: str | None
    n_sentences: int | None
    copies: list[str] = Field(
        description="Ids of later documents with the same text (wire copies)."
    )
    text: str
    sentences: list[SentenceOut]
    events: list[StoredEvent] = Field(description="Every event in the text, in text order.")


@router.get(
    "/v1/documents/{ref:path}",
    response_model=DocumentOut,
    tags=["store"],
    summary="A stored article with its events",
    responses={404: {"description": "No such document"}},
)
def get_document(
    state: State,
    ref: Annotated[str, Path(max_length=1000, description="The document's doc_hash or doc_id.")],
) -> dict[str, Any]:
    """The article's stored text, what is known of it, and every event coded in it (historical,
    negated and hypothetical ones too), with document offsets for marking them."""
    with _reading(state) as store:
        found = stored_document(store, ref)
    if found is None:
        raise HTTPException(
            404, detail=f"no document {ref!r}; doc_id and doc_hash come with every event"
        )
    out = asdict(found)
    out["copies"] = list(found.copies)
    out["events"] = [stored_event(row) for row in found.events]
    return out


class FacetValue(BaseModel):
    value: str = Field(
        description="A value the same-named filter takes: country=, root=, publisher=."
    )
    events: int


class FacetsOut(BaseModel):
    total: int = Field(description="Events the filters choose.")
    count: str
    country: list[FacetValue] = Field(description="An event between two countries counts for both.")
    root: list[FacetValue]
    publisher: list[FacetValue]


@router.get("/v1/facets", response_model=FacetsOut, tags=["aggregates"], summary="Facet counts")
def facet_counts(
    state: State,
    filters: Annotated[Filters, Depends(chart_filters)],
    limit: Annotated[
        int, Query(ge=1, le=100, description="Values per facet, most events first.")
    ] = 10,
    count: Count = "events",
) -> dict[str, Any]:
    """Events per country, CAMEO root and publisher among the current events the filters choose,
    counted as the charts count them (each real-world event once after dedup)."""
    with _reading(state) as store:
        found = facets(store, _codes(state, store, filters), limit=limit, count=count)
    return {**asdict(found), "count": count}
