"""``dyad serve``: the HTTP API and dashboard (a thin shell over :func:`dyad.api.create_app`)."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

err = Console(stderr=True)
DEFAULT_DB = Path("dyad.duckdb")


def register(app: typer.Typer) -> None:
    """Add ``serve`` to dyad's typer app (calling it twice adds it once)."""
    if any(getattr(c.callback, "__module__", None) == __name__ for c in app.registered_commands):
        return
    app.command()(serve)


def serve(
    db: Annotated[
        Path | None,
        typer.Option(help=f"Event database to explore (default: ./{DEFAULT_DB} when it exists)."),
    ] = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; keep 127.0.0.1 unless behind a proxy.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    workers: Annotated[
        int, typer.Option(help="Server processes (each loads the model once).", min=1, max=64)
    ] = 1,
    seed: Annotated[
        Path | None,
        typer.Option(
            envvar="DYAD_SEED",
            help="The dashboard's example article (env DYAD_SEED; default ../shared/seeds/...).",
        ),
    ] = None,
) -> None:
    """Serve the HTTP API (/v1, docs at /docs) and the dashboard (/) with uvicorn.

    Writes (POST /v1/documents) need the DYAD_API_TOKEN environment variable; without it the database is opened read-only and writes are refused.
    """
    import uvicorn

    from ..api import create_app

    database = _database(db)
    token = os.environ.get("DYAD_API_TOKEN") or None
    _warn_if_exposed(host, token)
    where = (
        f"database {database}"
        if database
        else "no database (coding only; pass --db FILE to explore)"
    )
    err.print(f"dyad serve: http://{host}:{port}/ — {where}; writes {'on' if token else 'off'}")
    if workers == 1:
        app = create_app(str(database) if database else None, seed=seed, preload=True)
        uvicorn.run(app, host=host, port=port)
        return
    if token:
        raise typer.BadParameter(
            "--workers above 1 cannot share a writable database; unset DYAD_API_TOKEN or use --workers 1"
        )
    os.environ["DYAD_DB"] = str(database or "")
    if seed is not None:
        os.environ["DYAD_SEED"] = str(seed)
    uvicorn.run("dyad.api.app:app_from_env", factory=True, host=host, port=port, workers=workers)


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
