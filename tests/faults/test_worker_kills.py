"""Workers killed at seeded random moments, in local and Dask runs: every document comes back
once, in order, and the events are exactly those of an undisturbed run."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dyad import Coder
from dyad.engines.dask import code_with_dask
from dyad.engines.local import code_parallel
from dyad.records import DocumentInput, DocumentResult

from .corpus import news
from .killer import Killer

pytestmark = pytest.mark.slow  # worker pools, model loads, a Dask cluster

SEEDS = (11, 12, 13)


def documents(n: int = 240) -> list[DocumentInput]:
    docs = [DocumentInput(id=f"d{i:03d}", text=news(i % 60), published="2025-05-06")
            for i in range(n)]  # fmt: skip
    docs[7:7] = [DocumentInput(id="blank", text=" "), DocumentInput(id="bad", text="", error="x")]
    return docs


def fates(results: list[DocumentResult]) -> list[tuple[str, str]]:
    return [(r.doc_id, r.status) for r in results]


def events(results: list[DocumentResult]) -> set[tuple[str, str, str, str | None, str | None]]:
    return {
        (r.doc_id, e.id, e.cameo, e.source.code if e.source else None,
         e.target.code if e.target else None)
        for r in results for e in r.events
    }  # fmt: skip


@pytest.fixture(scope="module")
def undisturbed(coder: Coder) -> list[DocumentResult]:
    """The records of a run nobody disturbs."""
    return list(coder.code(documents()))


@pytest.fixture(scope="module")
def window(coder: Coder, undisturbed: list[DocumentResult]) -> float:
    """How long an undisturbed two-worker run takes, start-up included: kills fall inside it."""
    started = time.monotonic()
    assert fates(list(code_parallel(documents(), coder.options, workers=2, batch_size=4))) == fates(
        undisturbed
    )
    return time.monotonic() - started


@pytest.mark.parametrize("seed", SEEDS)
def test_local_run_with_random_worker_kills_equals_an_undisturbed_run(
    seed: int, coder: Coder, undisturbed: list[DocumentResult], window: float
) -> None:
    """Two kills at seeded random moments of a two-worker run (at start-up, mid-batch or between
    batches) and one at a seeded record: the same records in the same order, the same events, no
    document failed."""
    with Killer(seed, kills=2, within=window, records=len(undisturbed)) as killer:
        results = []
        for n, result in enumerate(
            code_parallel(documents(), coder.options, workers=2, batch_size=4)
        ):
            results.append(result)
            killer.record(n)
    assert fates(results) == fates(undisturbed)
    assert events(results) == events(undisturbed) and events(undisturbed)
    assert killer.hits >= 1, "no kill found a worker: the fault was not injected"


def test_dask_run_with_random_worker_kills_equals_an_undisturbed_run(
    tmp_path: Path, coder: Coder, undisturbed: list[DocumentResult], window: float
) -> None:
    """Dask workers killed at seeded random moments: the parts hold every document once and the
    events are an undisturbed run's."""
    with Killer(21, kills=2, within=window) as killer:
        results = list(
            code_with_dask(
                documents(), coder.options, workers=2, parts_dir=tmp_path / "parts",
                partition_size=8,
            )
        )  # fmt: skip
    assert fates(results) == fates(undisturbed)
    assert events(results) == events(undisturbed)
    assert killer.hits >= 1, "no kill found a worker: the fault was not injected"
