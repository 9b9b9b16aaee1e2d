"""Who may talk to the server: a Host allow-list and a same-origin rule for writes.

A web page the user happens to open can make the browser talk to a server on localhost. Two
guards stop it from using dyad's: the ``Host`` header must name one of the allowed hosts (a page
on ``evil.example`` that rebinds its DNS name to 127.0.0.1 still sends ``Host: evil.example``:
400), and a request that is not a plain read (``POST``, ...) from a browser whose ``Origin`` is
not this server is refused (403): ``text/plain`` needs no CORS preflight, so without this any
page could make the browser ``POST /v1/code`` and keep this server's cores busy.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from ._limits import refuse

DEFAULT_HOSTS = ("127.0.0.1", "localhost", "::1")
_READS = frozenset({"GET", "HEAD", "OPTIONS"})


def allowed_hosts(bound: str | None = None, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The bound address and the loopback names, plus ``extra``; each once, lower case."""
    names = [
        *(n.strip().lower() for n in extra),
        *([bound.lower()] if bound else []),
        *DEFAULT_HOSTS,
    ]
    return tuple(dict.fromkeys(n.strip("[]") for n in names if n))


def host_name(host: str) -> str:
    """``Host`` header value without its port: ``[::1]:8000`` -> ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def host_allowed(host: str, allowed: Iterable[str]) -> bool:
    name = host_name(host)
    return any(
        pattern == "*"
        or name == pattern
        or (pattern.startswith("*.") and name.endswith(pattern[1:]))
        for pattern in allowed
    )


class RequestGuard:
    """ASGI middleware: 400 for a Host not in ``allowed``; 403 for a write from a foreign Origin."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str] = DEFAULT_HOSTS) -> None:
        self.app = app
        self.allowed = tuple(a.lower() for a in allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", ())}
        host = headers.get("host", "")
        if not host_allowed(host, self.allowed):
            await refuse(send, 400, _wrong_host(host, self.allowed))
            return
        origin = headers.get("origin")
        writes = scope.get("method", "GET") not in _READS
        if writes and origin is not None and _netloc(origin) != host.strip().lower():
            await refuse(send, 403, _foreign_origin(origin))
            return
        await self.app(scope, receive, send)


def _netloc(origin: str) -> str:
    try:
        return urlsplit(origin.strip()).netloc.lower()
    except ValueError:
        return ""


def _wrong_host(host: str, allowed: tuple[str, ...]) -> str:
    return (
        f"this server does not answer to the host {host!r} (it answers to "
        f"{', '.join(allowed)}); start it with --allowed-hosts NAME to add a name it is reached by"
    )


def _foreign_origin(origin: str) -> str:
    return (
        f"refused: a request from the web page at {origin!r}, which is not this server; only the "
        "dashboard this server serves, or a client that is not a browser, may send it"
    )
