"""Coding for a request in a worker thread, stopped when nobody wants the answer any more.

The coder asks ``cancelled()`` between blocks; it turns true when the client hangs up (an
``http.disconnect`` arrives) or the server is stopping (SIGTERM: the app's lifespan ends), so an
abandoned 2 MB request stops within a block instead of running on for minutes. The thread is
always waited for, never abandoned: the one coder is never used by two threads at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import anyio
from fastapi import Request

from ..limits import Cancelled
from ._state import ApiState

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
