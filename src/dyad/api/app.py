"""The FastAPI application: ``create_app`` builds one app; all its state lives on ``app.state``.

The API is a thin layer over the library: ``/v1/code`` calls :class:`dyad.Coder`, the read routes
call the store's query functions, and the dashboard (static files) calls the API.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .._version import __version__
from ..errors import DyadError, InputError
from ..limits import API_DEADLINE_S
from ..store import LockedError, QueryError
from ._db import Database
from ._guard import DEFAULT_HOSTS, RequestGuard
from ._limits import MAX_BODY_BYTES, BodyLimit, refuse
from ._state import ApiState
from .routes_actors import router as actors_router
from .routes_alerts import router as alerts_router
from .routes_browse import router as browse_router
from .routes_code import router as code_router
from .routes_store import router as store_router
from .schemas import DocumentIn

if TYPE_CHECKING:
    from ..pipeline.coder import Coder

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parents[1] / "static"

_SEED_NAME = "000_bc9f64f74030027a.txt"

DESCRIPTION = """\
Code news text into CAMEO events and explore a dyad event store.

* `POST /v1/code` codes one document and stores nothing.
* `POST /v1/documents` codes and stores documents (bearer token: `DYAD_API_TOKEN`).
* `GET /v1/events`, `/v1/events/{id}`, `/v1/dyads/{a}/{b}/timeline`, `/v1/actors`, `/v1/network`
  read the store given with `dyad serve --db FILE`; `GET /v1/alerts` says which dyads turned.

The dashboard is at `/`. Every event carries its evidence: sentence, character span and rule.
"""


def create_app(
    db: str | None,
    *,
    coder: Coder | None = None,
    token: str | None = None,
    seed: str | Path | None = None,
    cache_size: int = 256,
    preload: bool = False,
    allowed_hosts: Sequence[str] = DEFAULT_HOSTS,
    deadline_s: float = API_DEADLINE_S,
    workers: int = 0,
) -> FastAPI:
    """A new API and dashboard app over the store at ``db`` (None: coding only, no store routes).

    Requests whose ``Host`` is not in ``allowed_hosts`` get 400 (``"*"`` allows any), writes from
    a foreign web page 403 (:mod:`._guard`). ``deadline_s`` bounds a ``/v1/code`` request's wait
    for the coder (503 past it) and then its coding (a failed record "took longer than"), and the
    coding of each document of ``/v1/documents``.

    ``token`` enables writes (``DYAD_API_TOKEN`` when None; writes are refused when neither is set).
    ``coder`` shares an already loaded coder; otherwise one loads on first use (or at startup with
    ``preload``). ``seed`` is the dashboard's example article (when None: ``$DYAD_SEED``, else
    ``../shared/seeds/...`` from the working directory).
    ``cache_size`` records of ``/v1/code`` are kept, keyed by the whole input (0 turns this off).
    ``workers`` above 0 codes on that many coder processes (:mod:`dyad.engines.service`: one
    model each, concurrent requests batched, 503 with ``Retry-After`` when the queue is full),
    started with the app; 0 codes in this process, one request at a time.
    """
    token = token if token is not None else os.environ.get("DYAD_API_TOKEN")
    path = Path(db) if db else None
    state = ApiState(
        db=path,
        token=token or None,
        seed=Path(seed) if seed is not None else _find_seed(),
        cache_size=cache_size,
        coder_given=coder,
        database=Database(path, writable=bool(token)) if path else None,
        deadline_s=deadline_s,
        workers=0 if coder is not None else workers,
    )

    app = FastAPI(
        title="dyad",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # swagger UI would load from a CDN; /docs is a local page instead
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        lifespan=_lifespan(state, preload=preload),
    )
    app.state.dyad = state
    app.openapi = _openapi_with_inputs(app)  # type: ignore[method-assign]
    _assemble(app, allowed_hosts)
    return app


def _assemble(app: FastAPI, allowed_hosts: Sequence[str]) -> None:
    """The routes, pages, error handler and guards of the app."""
    for router in (code_router, store_router, actors_router, browse_router, alerts_router):
        app.include_router(router)
    app.add_exception_handler(DyadError, _dyad_error)
    _mount_pages(app)
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    app.add_middleware(RequestGuard, allowed=allowed_hosts)
    app.add_middleware(SecurityHeaders)


def _lifespan(state: ApiState, *, preload: bool) -> Callable[[FastAPI], Any]:
    """Load the coder at startup (``preload``); at shutdown stop coding in progress, then close."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.stopping.clear()  # serving (again)
        if state.workers > 0:
            await anyio.to_thread.run_sync(state.start_service, preload)
        elif preload:
            await anyio.to_thread.run_sync(state.coder)
        yield
        state.stopping.set()  # coding still running stops at its next block
        await anyio.to_thread.run_sync(state.close)

    return lifespan


def _openapi_with_inputs(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """The generated schema plus the input document model, which routes read from the raw body."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = FastAPI.openapi(app)
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components["DocumentIn"] = DocumentIn.model_json_schema(
                ref_template="#/components/schemas/{model}"
            )
        return app.openapi_schema or {}

    return openapi


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` and worker processes.

    ``DYAD_DB`` names the database; ``DYAD_API_CACHE`` sets ``cache_size`` (default 256);
    ``DYAD_ALLOWED_HOSTS`` (comma-separated) the allowed hosts; ``DYAD_DEADLINE`` the deadline;
    ``DYAD_CODERS`` the coder processes (default 0: code in the server process).
    """
    cache = int(os.environ.get("DYAD_API_CACHE") or 256)
    hosts = [h for h in (os.environ.get("DYAD_ALLOWED_HOSTS") or "").split(",") if h.strip()]
    deadline = float(os.environ.get("DYAD_DEADLINE") or API_DEADLINE_S)
    workers = int(os.environ.get("DYAD_CODERS") or 0)
    return create_app(
        os.environ.get("DYAD_DB") or None,
        cache_size=cache,
        preload=True,
        allowed_hosts=hosts or DEFAULT_HOSTS,
        deadline_s=deadline,
        workers=workers,
    )


def _find_seed() -> Path | None:
    """The example article: ``$DYAD_SEED``, else the project's seed in the shared folder beside
    the working directory (``../shared``, as ``make`` assumes), else dyad's own demo article,
    which every installation has."""
    from ..demo import DEMO_ARTICLE

    named = os.environ.get("DYAD_SEED")
    path = Path(named) if named else Path("..") / "shared" / "seeds" / _SEED_NAME
    return path.resolve() if path.is_file() else DEMO_ARTICLE


def _mount_pages(app: FastAPI) -> None:
    import plotly

    plotly_data = Path(plotly.__file__).resolve().parent / "package_data"
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/vendor/plotly", StaticFiles(directory=plotly_data), name="plotly")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", media_type="text/html")


# dyad's errors as HTTP statuses, most specific first: the client's mistake (4xx), a store another
# process holds (503: try again), else the server's own configuration or files (500).
_STATUS: tuple[tuple[type[DyadError], int], ...] = (
    (QueryError, 400),
    (InputError, 400),
    (LockedError, 503),
    (DyadError, 500),
)


def error_status(exc: DyadError) -> int:
    """The HTTP status for one of dyad's errors (see ``_STATUS``)."""
    return next(status for kind, status in _STATUS if isinstance(exc, kind))


async def _dyad_error(request: Request, exc: Exception) -> JSONResponse:
    status = error_status(exc) if isinstance(exc, DyadError) else 500
    return JSONResponse({"detail": str(exc)}, status_code=status)


_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
_HEADERS = [
    (b"content-security-policy", _CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """ASGI middleware: a strict Content-Security-Policy (scripts only from this server) and
    friends, on every response: an error nothing else handled becomes a 500 here, with them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": [*message.get("headers", []), *_HEADERS]}
            await send(message)

        try:
            await self.app(scope, receive, with_headers)
        except Exception:
            log.exception("%s %s failed", scope.get("method"), scope.get("path"))
            if started:
                raise
            await refuse(with_headers, 500, "internal server error (logged on the server)")
