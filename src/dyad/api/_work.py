"""Coding for a request, in a worker thread or on the coder processes, stopped when nobody
wants the answer any more.

The coder asks ``cancelled()`` between blocks; it turns true when the client hangs up (an
``http.disconnect`` arrives) or the server is stopping (SIGTERM: the app's lifespan ends), so an
abandoned 2 MB request stops within a block instead of running on for minutes. The thread is
always waited for, never abandoned: the one coder is never used by two threads at once.

With coder processes (``dyad serve --workers N``), :func:`in_service` queues the documents
instead: 503 with ``Retry-After`` when the queue is full or no worker took them within the
deadline, the job taken back when the client hangs up (a batch of its own stops inside the worker).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING, TypeVar

import anyio
from fastapi import HTTPException, Request

from ..errors import CodingCancelled
from ..limits import Cancelled
from ..records import DocumentInput, DocumentResult
from ._state import ApiState

if TYPE_CHECKING:  # the service module loads no spaCy either, but only a pooled server needs it
    from ..engines.service import CodingService, Job

RETRY_AFTER_S = 2  # what a 503 of a full queue tells the client to wait
_POLL_S = 0.25

T = TypeVar("T")


async def in_thread(request: Request, state: ApiState, job: Callable[[Cancelled], T]) -> T:
    """``job(cancelled)`` in a worker thread, with ``cancelled`` as above."""
    hung_up = threading.Event()

    def cancelled() -> bool:
        return hung_up.is_set() or state.stopping.is_set()

    failure: Exception | None = None
    async with anyio.create_task_group() as group:
        group.start_soon(_watch, request, hung_up)
        try:
            result = await anyio.to_thread.run_sync(job, cancelled)
        except Exception as exc:  # raised below, as itself rather than in an ExceptionGroup
            failure = exc
        finally:
            group.cancel_scope.cancel()
    if failure is not None:
        raise failure
    return result


async def _watch(request: Request, hung_up: threading.Event) -> None:
    """Wait for the client to hang up (the body has been read: only a disconnect can come)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass
    hung_up.set()


async def in_service(
    request: Request, state: ApiState, service: CodingService, docs: list[DocumentInput]
) -> list[DocumentResult]:
    """The documents' records from the coder processes, within the request's deadline."""
    job = _submit(service, docs)
    result = asyncio.wrap_future(job.future)
    hung_up = threading.Event()
    watcher: asyncio.Future[None] = asyncio.ensure_future(_watch(request, hung_up))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + state.deadline_s
    try:
        while True:
            waiting: set[asyncio.Future[object]] = {result, watcher}  # type: ignore[arg-type]
            done, _ = await asyncio.wait(waiting, timeout=_POLL_S)
            if result in done and not result.cancelled():
                return result.result()
            if watcher in done:
                service.withdraw(job)
                raise asyncio.CancelledError  # the client hung up: nobody to answer
            if state.stopping.is_set() or result.cancelled():
                service.withdraw(job)
                raise HTTPException(503, detail="the server is shutting down; try again")
            if not job.taken and loop.time() >= deadline and service.withdraw(job):
                raise busy(state.deadline_s)
    finally:
        watcher.cancel()


def code_in_service(
    service: CodingService, docs: list[DocumentInput], cancelled: Cancelled
) -> list[DocumentResult]:
    """The same from a worker thread (``/v1/documents``): CodingCancelled when ``cancelled``."""
    job = _submit(service, docs)
    while True:
        if cancelled():
            service.withdraw(job)
            raise CodingCancelled("coding was cancelled by its caller")
        try:
            return job.future.result(timeout=_POLL_S)
        except FutureTimeout:
            continue
        except Exception:  # cancelled: the service is stopping
            raise CodingCancelled("the coding service stopped") from None


def _submit(service: CodingService, docs: list[DocumentInput]) -> Job:
    from ..engines.service import QueueFull

    try:
        return service.submit(docs)
    except QueueFull as exc:
        raise HTTPException(
            503, detail=str(exc), headers={"Retry-After": str(RETRY_AFTER_S)}
        ) from None


def busy(deadline_s: float) -> HTTPException:
    """503: no coder was free for ``deadline_s``."""
    return HTTPException(
        503,
        detail=f"the coder stayed busy with other requests for {deadline_s:g} s; try again",
        headers={"Retry-After": "5"},
    )
