"""Routes that need only the coder: code a document, the dashboard's seed article, health."""

from __future__ import annotations

import asyncio
import hashlib
import json
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import TypeAdapter, ValidationError

from .._version import __version__
from ..demo import DEMO_ARTICLE, DEMO_PUBLISHED
from ..errors import CodingCancelled, DyadError
from ..limits import Cancelled
from ..records import DocumentInput, DocumentResult
from ._limits import known_query_only
from ._state import ApiState, get_state
from ._work import busy, in_service, in_thread
from .schemas import Day, DocumentIn, DocumentRecord, Health, Seed, body_errors

router = APIRouter(dependencies=[Depends(known_query_only)])

_DOCUMENT = TypeAdapter(DocumentIn)
_DAY = TypeAdapter(Day)
SEED_PUBLISHED = "2025-05-06"

_CODE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/DocumentIn"}},
            "text/plain": {"schema": {"type": "string", "maxLength": 2_000_000}},
        },
    }
}


@router.post(
    "/v1/code",
    response_model=DocumentRecord,
    response_model_exclude_none=False,
    tags=["coding"],
    summary="Code one document (stores nothing)",
    openapi_extra=_CODE_BODY,
    responses={
        413: {"description": "Body over 2 MB"},
        422: {"description": "Invalid document"},
        503: {"description": "The coder stayed busy past the deadline, or the server is stopping"},
    },
)
async def code_document(
    request: Request,
    state: Annotated[ApiState, Depends(get_state)],
    published: Annotated[
        str | None,
        Query(
            max_length=40,
            description="Publication date YYYY-MM-DD (a time may follow) for a text/plain body.",
        ),
    ] = None,
    id: Annotated[
        str | None, Query(description="Document id for a text/plain body.", max_length=1000)
    ] = None,
) -> dict[str, Any]:
    """Code a JSON input document (`docs/contract.md`) or a `text/plain` body into its document record.

    The record includes the text its character offsets point into (after dyad's clean-up).
    """
    document = await _read_document(request, published, id)
    return await _code(state, request, document)


async def _read_document(
    request: Request, published: str | None, doc_id: str | None
) -> DocumentInput:
    body = await request.body()
    media = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    query_published = _query_day(published)
    if media == "text/plain":
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _invalid(
                ("body",),
                "string_unicode",
                f"the body is not UTF-8 text ({exc.reason} at byte {exc.start})",
            ) from None
        return DocumentInput(id=doc_id or "text", text=text, published=query_published)
    if media not in ("application/json", ""):
        raise HTTPException(
            415, detail=f"send application/json (a document) or text/plain, not {media!r}"
        )
    try:
        document = _DOCUMENT.validate_json(body)
    except ValidationError as exc:
        raise RequestValidationError(body_errors(exc)) from None
    return DocumentInput(
        id=document.id, text=document.text, published=document.published or query_published,
        url=document.url, title=document.title, source=document.source,
    )  # fmt: skip


def _query_day(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return _DAY.validate_python(value)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**error, "loc": ("query", "published")} for error in exc.errors(include_url=False)]
        ) from None


def _invalid(loc: tuple[str, ...], kind: str, message: str) -> RequestValidationError:
    return RequestValidationError([{"type": kind, "loc": loc, "msg": message, "input": None}])


async def _code(state: ApiState, request: Request, document: DocumentInput) -> dict[str, Any]:
    """The document's record within the deadline: 503 when the coder stays busy with other
    requests past it, a failed record when coding takes longer than it; the coding stops when
    the client hangs up."""

    async def work() -> dict[str, Any]:
        if state.service is not None:
            records = await in_service(request, state, state.service, [document])
            return records[0].to_dict(with_text=True)
        limiter = state.code_limiter()
        try:
            with anyio.fail_after(state.deadline_s):
                await limiter.acquire()
        except TimeoutError:
            raise busy(state.deadline_s) from None
        try:
            result = await in_thread(request, state, lambda c: _code_one(state, document, c))
        except CodingCancelled:
            if state.stopping.is_set():
                raise HTTPException(503, detail="the server is shutting down; try again") from None
            raise asyncio.CancelledError from None  # the client hung up: nobody to answer
        finally:
            limiter.release()
        return result.to_dict(with_text=True)

    return await state.once(_cache_key(document), work)


def _code_one(state: ApiState, document: DocumentInput, cancelled: Cancelled) -> DocumentResult:
    return next(state.coder().code([document], cancelled=cancelled, deadline_s=state.deadline_s))


def _cache_key(document: DocumentInput) -> str:
    """Coding is deterministic: the same document (id, text, date, url, title) gives the same record."""
    parts = (document.id, document.published, document.url, document.title, document.text)
    payload = json.dumps(parts, ensure_ascii=True)
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


@router.get(
    "/v1/seed", response_model=Seed, tags=["dashboard"], summary="The seed article, when present"
)
def seed(state: Annotated[ApiState, Depends(get_state)]) -> dict[str, Any]:
    """The canonical seed article the dashboard offers as an example; 404 when it is not installed."""
    if state.seed is None or not state.seed.is_file():
        raise HTTPException(404, detail="no seed article on this server")
    text = state.seed.read_text(encoding="utf-8")
    published = DEMO_PUBLISHED if state.seed == DEMO_ARTICLE else SEED_PUBLISHED
    return {"id": state.seed.name, "text": text, "published": published}


@router.get(
    "/healthz", response_model=Health, tags=["service"], summary="Liveness and configuration"
)
def healthz(state: Annotated[ApiState, Depends(get_state)], response: Response) -> dict[str, Any]:
    """`ok` while the process serves and its database (if any) can be read; 503 `unavailable`
    with the reason when it cannot. Says whether writes are on."""
    problem = _database_problem(state)
    if problem is not None:
        response.status_code = 503
    return {
        "status": "ok" if problem is None else "unavailable",
        "version": __version__,
        "database": str(state.db) if state.db else None,
        "coder_loaded": state.coder_loaded,
        "writes_enabled": bool(state.token) and state.db is not None,
        "database_error": problem,
    }


def _database_problem(state: ApiState) -> str | None:
    if state.database is None:
        return None
    try:
        with state.database.reader() as store:
            store.con.execute("SELECT count(*) FROM events").fetchall()
    except DyadError as exc:
        return exc.message()
    return None
