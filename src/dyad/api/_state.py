"""What one app holds: its settings, its coder (loaded once) and its store handle. Lives on app.state."""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
from fastapi import Request

from ._db import Database

if TYPE_CHECKING:
    from ..dictionaries import Dictionaries
    from ..engines.service import CodingService
    from ..pipeline.coder import Coder

SERVICE_START_S = 300.0  # how long start-up waits for the coder processes to load the model


@dataclass
class ApiState:
    """Everything an app's routes share. One per app, so two apps in one process never mix."""

    db: Path | None
    token: str | None
    seed: Path | None
    cache_size: int
    coder_given: Coder | None = None
    database: Database | None = None  # opened on first use
    deadline_s: float = 30.0  # a /v1/code request: waiting for the coder, then coding
    stopping: threading.Event = field(default_factory=threading.Event)  # the server is stopping
    workers: int = 0  # coder processes (0: code in this process)
    service: CodingService | None = None  # started with the app when workers > 0
    _coder: Coder | None = None
    _coder_lock: threading.Lock = field(default_factory=threading.Lock)
    _store_lock: threading.Lock = field(default_factory=threading.Lock)
    _limiter: anyio.CapacityLimiter | None = None
    _limiter_loop: asyncio.AbstractEventLoop | None = None
    _dictionaries: Dictionaries | None = None
    _cache: OrderedDict[str, dict[str, Any]] = field(default_factory=OrderedDict)
    _inflight: dict[str, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)

    @property
    def coder_loaded(self) -> bool:
        return self._coder is not None or self.coder_given is not None or self.service is not None

    def start_service(self, wait: bool) -> None:
        """Start the coder processes (and, with ``wait``, wait until they have loaded the model)."""
        from ..engines.service import CodingService
        from ..options import Options

        if self.service is None:
            self.service = CodingService(Options.load(), self.workers, deadline_s=self.deadline_s)
            self.service.start(wait_s=SERVICE_START_S if wait else None)

    def coder(self) -> Coder:
        """The app's coder, built on first use (the spaCy model loads once per app)."""
        if self.coder_given is not None:
            return self.coder_given
        with self._coder_lock:
            if self._coder is None:
                from ..pipeline.coder import Coder

                self._coder = Coder()
                self._coder.nlp  # noqa: B018 - load the model now, not inside the first request
            return self._coder

    def dictionaries(self) -> Dictionaries:
        """The shipped dictionaries, for name lookups (loaded once; no spaCy)."""
        if self.coder_given is not None or self._coder is not None:
            return self.coder().dictionaries
        with self._coder_lock:
            if self._dictionaries is None:
                from ..dictionaries import load_dictionaries

                self._dictionaries = load_dictionaries()
            return self._dictionaries

    def code_limiter(self) -> anyio.CapacityLimiter:
        """One coding job at a time per app; waiting requests wait here, not in a worker thread."""
        loop = asyncio.get_running_loop()
        if self._limiter is None or self._limiter_loop is not loop:
            self._limiter, self._limiter_loop = anyio.CapacityLimiter(1), loop
        return self._limiter

    def cached(self, key: str) -> dict[str, Any] | None:
        record = self._cache.get(key)
        if record is not None:
            self._cache.move_to_end(key)
        return record

    def remember(self, key: str, record: dict[str, Any]) -> None:
        if self.cache_size <= 0 or record.get("status") == "failed":  # past a deadline: try again
            return
        self._cache[key] = record
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    async def once(self, key: str, work: Callable[[], Awaitable[dict[str, Any]]]) -> dict[str, Any]:
        """The cached record for ``key``, else ``work()``'s; identical requests in flight share one run."""
        while True:
            cached = self.cached(key)
            if cached is not None:
                return cached
            pending = self._inflight.get(key)
            if pending is None:
                break
            try:
                return await asyncio.shield(pending)
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if task is not None and task.cancelling():
                    raise
                # the request doing the work was cancelled: try again (maybe doing it ourselves)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            record = await work()
        except asyncio.CancelledError:
            future.cancel()
            raise
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark it retrieved: the waiters, if any, re-raise it
            raise
        else:
            self.remember(key, record)
            future.set_result(record)
            return record
        finally:
            self._inflight.pop(key, None)

    def close(self) -> None:
        if self.service is not None:
            self.service.close()
            self.service = None
        if self.database is not None:
            self.database.close()


def get_state(request: Request) -> ApiState:
    """FastAPI dependency: the state of the app serving this request."""
    state: ApiState = request.app.state.dyad
    return state
