"""The coding service: coder processes behind a bounded queue give the records the coder gives;
a full queue refuses, a job taken back is never coded; the API answers from it (503 when full)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import CancelledError

import pytest
from fastapi.testclient import TestClient

from dyad import Coder, DocumentInput, Options
from dyad.api import create_app
from dyad.engines.service import CodingService, QueueFull, shares

LOCAL = "http://localhost"
TEXTS = (
    "President Macron met Chancellor Scholz in Berlin on Tuesday.",
    "Russian forces shelled Kharkiv on Friday, Ukrainian officials said.",
    "China urged the United States to lift its sanctions.",
    "The talks ended without a deal.",
    "",
)

pytestmark = pytest.mark.slow  # worker processes load the model


def _docs(prefix: str) -> list[DocumentInput]:
    return [
        DocumentInput(id=f"{prefix}-{n}", text=text, published="2025-05-06")
        for n, text in enumerate(TEXTS)
    ]


@pytest.fixture(scope="module")
def service() -> Iterator[CodingService]:
    """Two coder processes, started and loaded."""
    running = CodingService(Options.load(), 2, deadline_s=30)
    running.start(wait_s=300)
    yield running
    running.close()


def test_concurrent_jobs_get_the_coders_records(service: CodingService, coder: Coder) -> None:
    """Jobs queued together (batched on the workers) get, each, the records the coder gives."""
    jobs = [service.submit([doc]) for doc in _docs("a")] + [service.submit(_docs("b")[:3])]
    got = [r.to_dict() for job in jobs for r in job.future.result(120)]
    expected = [r.to_dict() for r in coder.code([*_docs("a"), *_docs("b")[:3]])]
    assert got == expected


def test_a_full_queue_refuses_and_a_withdrawn_job_is_not_coded() -> None:
    """With workers still loading, the queue fills: QueueFull past it; a job taken back is
    cancelled, and the queue has room again."""
    waiting = CodingService(Options.load(), 1, queue_docs=2)
    try:
        first = waiting.submit(_docs("q")[:2])
        with pytest.raises(QueueFull, match="2 documents are waiting"):
            waiting.submit(_docs("q")[2:3])
        assert waiting.withdraw(first) is True
        assert first.future.cancelled()
        second = waiting.submit(_docs("q")[2:3])
        assert waiting.queued == 1
    finally:
        waiting.close()
    with pytest.raises(CancelledError):
        second.future.result(0)


def test_api_codes_on_the_coder_processes(coder: Coder) -> None:
    """POST /v1/code on a server with a coder process answers the coder's record."""
    app = create_app(None, token="", workers=1, cache_size=0)
    with TestClient(app, base_url=LOCAL) as client:
        assert client.get("/healthz").json()["coder_loaded"] is True
        response = client.post("/v1/code", json={"id": "m", "text": TEXTS[0]})
    assert response.status_code == 200
    expected = coder.code_text(TEXTS[0], doc_id="m").to_dict(with_text=True)
    got = response.json()
    assert got["events"] and {k: got[k] for k in expected} == expected


def test_api_full_queue_is_503_with_retry_after() -> None:
    """When the queue is full the request is refused at once: 503 with Retry-After; a request
    that no worker takes within the deadline is 503 too, and leaves the queue."""
    app = create_app(None, token="", cache_size=0, deadline_s=0.5)
    state = app.state.dyad
    state.service = CodingService(Options.load(), 1, queue_docs=1)  # never started: no worker
    try:
        with TestClient(app, base_url=LOCAL) as client:
            busy = client.post("/v1/code", json={"id": "w", "text": "One."})
            assert busy.status_code == 503 and "busy" in busy.json()["detail"]
            assert state.service.queued == 0
            state.service.submit(_docs("f")[:1])
            full = client.post("/v1/code", json={"id": "x", "text": "Two."})
            assert full.status_code == 503 and full.headers["retry-after"] == "2"
            assert "waiting for the coder" in full.json()["detail"]
    finally:
        state.close()


@pytest.mark.parametrize(
    ("waiting", "free", "ready", "expected"),
    [
        ([1] * 8, 2, 2, [4, 4]),  # eight requests, two free workers: four each
        ([1] * 8, 1, 2, [4]),  # one free: it takes its half, the rest waits for the other
        ([1] * 40, 2, 2, [16, 16]),  # at most batch_docs a worker
        ([3, 1, 1], 2, 2, [1, 2]),  # a request is never split
        ([1], 2, 2, [1]),  # nothing to share: one batch
        ([20], 1, 1, [1]),  # a request larger than a batch still goes, whole
        ([], 2, 2, []),
    ],
)
def test_waiting_requests_are_shared_among_the_workers(
    waiting: list[int], free: int, ready: int, expected: list[int]
) -> None:
    """The queue is divided among the ready workers, so no core idles while one codes all."""
    assert shares(waiting, free, ready, 16) == expected
