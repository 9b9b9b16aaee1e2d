"""Request guards: a body size limit (declared and streamed) and a refusal of unknown query parameters."""

from __future__ import annotations

import json
from typing import Any

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 2 * 1024 * 1024


def _too_large(what: str, limit: int) -> str:
    return f"{what}; the limit is {limit} bytes (2 MB). Send fewer or shorter documents per request"


class BodyTooLarge(HTTPException):
    """Raised inside ``receive`` once the streamed body passes the limit; FastAPI answers 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, detail=_too_large(f"the request body passed {limit} bytes", limit))


class BodyLimit:
    """ASGI middleware: 413 when Content-Length, or the bytes actually received, pass ``limit``."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.limit:
            await refuse(
                send, 413, _too_large(f"the request body has {declared} bytes", self.limit)
            )
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge as exc:  # raised where no exception handler saw it
            if started:
                raise
            await refuse(send, 413, str(exc.detail))


async def refuse(send: Send, status: int, detail: str) -> None:
    """Answer ``{"detail": ...}`` with ``status`` from a middleware, before any route runs."""
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def known_query_only(request: Request) -> None:
    """Dependency: 400 when the query string names a parameter the route does not declare."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None:
        return
    allowed = {p.alias for p in _query_params(dependant)}
    unknown = sorted(set(request.query_params.keys()) - allowed)
    if unknown:
        raise HTTPException(
            400,
            detail=(
                f"unknown query parameter(s): {', '.join(unknown)}; "
                f"this endpoint takes: {', '.join(sorted(allowed)) or 'no query parameters'}"
            ),
        )


def _query_params(dependant: Any) -> list[Any]:
    params = list(getattr(dependant, "query_params", []))
    for sub in getattr(dependant, "dependencies", []):
        params.extend(_query_params(sub))
    return params
