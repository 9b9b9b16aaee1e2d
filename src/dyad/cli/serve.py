"""``dyad serve``: the HTTP API and dashboard (a thin shell over :func:`dyad.api.create_app`)."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..limits import API_DEADLINE_S

err = Console(stderr=True)
DEFAULT_DB = Path("dyad.duckdb")
GRACE_S = 2  # on SIGTERM: open requests get this long, then are cancelled and coding stops


def register(app: typer.Typer) -> None:
    """Add ``serve`` to dyad's typer app (calling it twice adds it once)."""
    if any(getattr(c.callback, "__module__", None) == __name__ for c in app.registered_commands):
        return
    app.command()(serve)


Db = Annotated[
    Path | None,
    typer.Option(help=f"Event database to explore (default: ./{DEFAULT_DB} when it exists)."),
]
Host = Annotated[
    str, typer.Option(help="Address to listen on; keep 127.0.0.1 unless behind a proxy.")
]
Port = Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)]
Workers = Annotated[
    int | None,
    typer.Option(
        help="Coder processes behind the one server (each loads the model once; concurrent "
        "requests are batched; default: one per core). 0 codes in the server process.",
        min=0,
        max=64,
    ),
]
Seed = Annotated[
    Path | None,
    typer.Option(
        envvar="DYAD_SEED",
        help="The dashboard's example article (env DYAD_SEED; default ../shared/seeds/...).",
    ),
]
AllowedHosts = Annotated[
    str | None,
    typer.Option(
        help="Comma-separated host names the server answers to, beside --host and localhost "
        "(400 for any other Host header: DNS rebinding); * for any, e.g. behind a proxy.",
    ),
]
Deadline = Annotated[
    float,
    typer.Option(
        help="Seconds a POST /v1/code may wait for the coder (503 past it), then code (a failed "
        "record past it); also each document of POST /v1/documents.",
        min=0.1,
    ),
]


def serve(
    db: Db = None,
    host: Host = "127.0.0.1",
    port: Port = 8000,
    workers: Workers = None,
    seed: Seed = None,
    allowed_hosts: AllowedHosts = None,
    deadline: Deadline = API_DEADLINE_S,
) -> None:
    """Serve the HTTP API (/v1, docs at /docs) and the dashboard (/) with uvicorn.

    Writes (POST /v1/documents) need the DYAD_API_TOKEN environment variable; without it the database is opened read-only and writes are refused. Only requests for --host, localhost and --allowed-hosts are answered; SIGTERM stops the server within a few seconds, coding in progress included.
    """
    import uvicorn

    from ..api import create_app
    from ..engines._pool import default_workers

    database = _database(db)
    token = os.environ.get("DYAD_API_TOKEN") or None
    _warn_if_exposed(host, token)
    where = (
        f"database {database}"
        if database
        else "no database (coding only; pass --db FILE to explore)"
    )
    err.print(f"dyad serve: http://{host}:{port}/ — {where}; writes {'on' if token else 'off'}")
    hosts = allowed_hosts_for(host, allowed_hosts)
    app = create_app(
        str(database) if database else None,
        seed=seed,
        preload=True,
        allowed_hosts=hosts,
        deadline_s=deadline,
        workers=default_workers() if workers is None else workers,
    )
    uvicorn.run(app, host=host, port=port, timeout_graceful_shutdown=GRACE_S)


def allowed_hosts_for(host: str, extra: str | None) -> tuple[str, ...]:
    """--allowed-hosts plus the bound address and localhost (0.0.0.0 and :: name no host)."""
    from ..api._guard import allowed_hosts

    bound = None if host in ("0.0.0.0", "::") else host
    return allowed_hosts(bound, (extra or "").split(","))


def _database(db: Path | None) -> Path | None:
    if db is None:
        return DEFAULT_DB if DEFAULT_DB.is_file() else None
    if not db.exists() and not os.environ.get("DYAD_API_TOKEN"):
        raise typer.BadParameter(
            f"no database at {db}; create one with 'dyad ingest PATH --db {db}', "
            "or set DYAD_API_TOKEN to let the server create it and accept documents",
            param_hint="--db",
        )
    if db.exists():
        from ..store._connect import check_header

        check_header(db)  # a file that is no DuckDB database stops here, not on the first request
    return db


def _warn_if_exposed(host: str, token: str | None) -> None:
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        err.print(
            f"[yellow]warning:[/] listening on {host}: the API has no TLS"
            + ("; the write token travels in clear text" if token else "")
            + ". Put a TLS proxy in front of it."
        )
