"""Sending documents to a running ``dyad serve`` (its token route, ``POST /v1/documents``), so a
store can take new articles while its server keeps it open.

The server holds the database file (DuckDB lets one process write it); rather than wait for
the server to stop, ``dyad ingest --server URL`` reads the inputs here and lets the server code
and store them, in batches, with the write token.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from ..engines.local import batched
from ..errors import DyadError
from ..records import DocumentInput

__all__ = ["ServerError", "ServerReport", "send_documents"]

BATCH = 50  # documents per request (the server accepts up to 1000)
TIMEOUT_S = 600.0  # a batch is coded while the request waits


class ServerError(DyadError):
    """The server refused the documents or could not be reached."""

    code = "E030"


@dataclass(frozen=True, slots=True)
class ServerReport:
    """What the server did with one batch: the ingest counts and each failed document's reason."""

    coded: int
    empty: int
    failed: int
    skipped: int
    copies: int
    events: int
    failures: tuple[tuple[str, str], ...]


def send_documents(
    url: str, token: str | None, documents: Iterable[DocumentInput], *, batch: int = BATCH
) -> Iterator[ServerReport]:
    """POST ``documents`` to ``url``'s ``/v1/documents`` in batches; one report per batch."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    endpoint = url.rstrip("/") + "/v1/documents"
    with httpx.Client(timeout=TIMEOUT_S, headers=headers) as client:
        for group in batched(documents, batch):
            yield _report(_post(client, endpoint, [_body(d) for d in group], url))


def _body(doc: DocumentInput) -> dict[str, Any]:
    fields = {"id": doc.id, "text": doc.text, "published": doc.published, "url": doc.url,
              "title": doc.title, "source": doc.source}  # fmt: skip
    return {k: v for k, v in fields.items() if v is not None}


def _post(client: httpx.Client, endpoint: str, body: list[dict[str, Any]], url: str) -> Any:
    try:
        response = client.post(endpoint, json=body)
    except httpx.HTTPError as exc:
        raise ServerError(f"cannot reach the dyad server at {url} ({exc})") from None
    if response.status_code in (401, 403):
        raise ServerError(
            f"the server at {url} refused the documents ({response.status_code}): start it with "
            "DYAD_API_TOKEN set, and set the same DYAD_API_TOKEN here"
        )
    if response.status_code != 200:
        raise ServerError(f"the server at {url} answered {response.status_code}: {response.text}")
    return response.json()


def _report(answer: dict[str, Any]) -> ServerReport:
    details = answer["details"]
    failures = tuple(
        (r["id"], r["error"] or "no reason given")
        for r in details["results"]
        if r["status"] == "failed"
    )
    return ServerReport(
        coded=details["coded"], empty=details["empty"], failed=details["failed"],
        skipped=details["skipped"], copies=details.get("copies", 0), events=answer["events"],
        failures=failures,
    )  # fmt: skip
