"""The Dask engine (dyad.engines.dask): a 2-worker LocalCluster codes the same events as the local run, even when a worker dies."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

import dask
import pyarrow.parquet as pq
import pytest
from distributed import LocalCluster  # first: dask.config.set below restores distributed's config

from dyad import Coder, Options
from dyad.engines.dask import code_partition, code_with_dask, ingest_parquet_parts, part_path
from dyad.engines.local import code_batch
from dyad.errors import OptionsError, RunError, WorkerStartError
from dyad.records import DocumentInput, DocumentResult

pytestmark = pytest.mark.slow  # starts a two-process LocalCluster

SENTENCES = [
    "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Tuesday.",
    "Israeli troops attacked Hamas fighters in Gaza, the army said.",
    "The United Nations Security Council condemned the attack on the embassy.",
    "Iran rejected the proposal from the European Union.",
    "German Chancellor Olaf Scholz will visit Washington next week.",
]

EventKey = tuple[str, str, str, str | None, str | None]


def corpus() -> list[DocumentInput]:
    """About twenty small documents, an empty one and an unreadable one among them."""
    docs = [
        DocumentInput(
            id=f"doc-{i:02d}",
            text=" ".join(SENTENCES[i % 5 : i % 5 + 1 + i % 3]),
            published="2025-05-06",
        )
        for i in range(20)
    ]
    return [
        *docs[:7],
        DocumentInput(id="blank", text=""),
        DocumentInput(id="broken", text="", error="unreadable"),
        *docs[7:],
    ]


def event_keys(results: list[DocumentResult]) -> list[EventKey]:
    return sorted(
        (
            r.doc_id,
            e.id,
            e.cameo,
            e.source.code if e.source else None,
            e.target.code if e.target else None,
        )
        for r in results
        for e in r.events
    )


def kill_worker_once(
    marker: str, number: int, docs: list[DocumentInput], options: Options, parts_dir: str
) -> int:
    """Partition 1 kills its own worker process the first time it runs, then codes normally."""
    if number == 1 and not os.path.exists(marker):
        Path(marker).write_text("killed", encoding="utf-8")
        os._exit(1)
    return code_partition(number, docs, options, parts_dir)


@pytest.fixture(scope="module")
def local(coder: Coder) -> list[DocumentResult]:
    """The local, in-process records for the corpus."""
    return list(coder.code(corpus()))


@pytest.fixture(scope="module")
def dask_run(
    tmp_path_factory: pytest.TempPathFactory, coder: Coder
) -> tuple[Path, Path, list[DocumentResult]]:
    """One run on a 2-worker LocalCluster in which partition 1 kills its worker the first time."""
    tmp = tmp_path_factory.mktemp("dask")
    marker, parts = tmp / "killed", tmp / "parts"
    results = list(
        code_with_dask(
            corpus(),
            coder.options,
            workers=2,
            parts_dir=parts,
            partition_size=6,
            partition_fn=partial(kill_worker_once, str(marker)),
        )
    )
    return marker, parts, results


def test_dask_run_equals_local_run_despite_a_dead_worker(
    dask_run: tuple[Path, Path, list[DocumentResult]], local: list[DocumentResult]
) -> None:
    """Two Dask workers, one killed mid-partition: the local run's events, none lost or doubled."""
    marker, _, results = dask_run
    assert marker.exists(), "the fault was not injected"
    assert [r.doc_id for r in results] == [r.doc_id for r in local]
    assert event_keys(results) == event_keys(local) and event_keys(local)
    assert len({k[1] for k in event_keys(results)}) == len(event_keys(results))
    assert results == local


def test_parts_hold_one_row_per_document_and_per_event(
    dask_run: tuple[Path, Path, list[DocumentResult]], local: list[DocumentResult]
) -> None:
    """The Parquet parts, read in partition order, hold each document and each event once."""
    _, parts, _ = dask_run
    events = pq.read_table([part_path(parts, n, "events") for n in range(4)]).to_pylist()
    assert sorted(e["event_id"] for e in events) == sorted(k[1] for k in event_keys(local))
    docs = pq.read_table([part_path(parts, n) for n in range(4)], columns=["doc_id"]).to_pylist()
    assert [d["doc_id"] for d in docs] == [r.doc_id for r in local]
    assert not list(parts.glob(".*.tmp")) and len(list(parts.glob("part-*"))) == 8


def test_parts_load_into_the_store(
    tmp_path: Path, dask_run: tuple[Path, Path, list[DocumentResult]], local: list[DocumentResult]
) -> None:
    """ingest_parquet_parts puts every document of the parts through Store.ingest."""
    store_module = pytest.importorskip("dyad.store")
    _, parts, _ = dask_run
    with store_module.Store.open(tmp_path / "events.duckdb") as store:
        stats = ingest_parquet_parts(store, parts)
    assert stats.documents == len(local)  # coded, empty, failed, skipped or a copy (same text)
    assert stats.failed == sum(r.status == "failed" for r in local) and stats.events > 0


def test_parts_dir_with_old_parts_is_refused(tmp_path: Path, coder: Coder) -> None:
    """A parts folder holding another run's parts is refused before any work starts."""
    (tmp_path / "part-000000.docs.parquet").write_bytes(b"old")
    with pytest.raises(OptionsError, match="already holds part files"):
        next(code_with_dask(corpus(), coder.options, parts_dir=tmp_path))


def test_scheduler_needs_a_shared_parts_dir(coder: Coder) -> None:
    """With a remote scheduler the user must name a shared folder for the parts (the error names
    the parameter; the command line shows it as --parts-dir)."""
    with pytest.raises(OptionsError, match="scheduler needs parts_dir") as raised:
        next(code_with_dask(corpus(), coder.options, scheduler="tcp://127.0.0.1:1"))
    assert raised.value.message(lambda name: f"--{name.replace('_', '-')}").startswith(
        "--scheduler needs --parts-dir"
    )


def poison_partition(
    number: int, docs: list[DocumentInput], options: Options, parts_dir: str
) -> int:
    """Kill the worker whenever the partition holds doc-04."""
    if any(d.id == "doc-04" for d in docs):
        os._exit(1)
    return code_partition(number, docs, options, parts_dir)


def poison_batch(docs: list[DocumentInput], options: Options) -> list[DocumentResult]:
    """Kill the worker whenever the batch holds doc-04."""
    if any(d.id == "doc-04" for d in docs):
        os._exit(1)
    return code_batch(docs, options)


def test_a_document_that_kills_dask_workers_fails_alone(
    tmp_path: Path, coder: Coder, local: list[DocumentResult]
) -> None:
    """A partition whose workers keep dying (KilledWorker) is cut in halves until the document
    that does it is alone: it fails with the reason, its partition-mates are coded (before, the
    whole partition failed)."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        results = list(
            code_with_dask(
                corpus(), coder.options, workers=2, parts_dir=tmp_path / "parts",
                partition_size=6, partition_fn=poison_partition, batch_fn=poison_batch,
            )
        )  # fmt: skip
    assert [r.doc_id for r in results] == [r.doc_id for r in local]
    poisoned = [r for r in results if r.status == "failed" and r.doc_id != "broken"]
    assert [r.doc_id for r in poisoned] == ["doc-04"]
    assert "this document is the cause" in (poisoned[0].error or "")
    assert [r for r in results if r.doc_id != "doc-04"] == [
        r for r in local if r.doc_id != "doc-04"
    ]


def close_own_nanny() -> None:
    """Ask this worker's Nanny to close, as one that gave up restarting its worker leaves it: the
    Nanny kills this process and no one starts another (the cluster keeps it in its spec)."""
    from distributed import get_worker
    from distributed.core import rpc
    from distributed.utils import sync

    worker = get_worker()

    async def terminate() -> None:
        async with rpc(worker.nanny) as nanny:
            await nanny.terminate()

    sync(worker.loop, terminate)  # never returns: the Nanny kills this process first


def strand_cluster_once(
    marker: str, number: int, docs: list[DocumentInput], options: Options, parts_dir: str
) -> int:
    """Partition 1, the first time it runs, leaves the cluster without a worker; then it codes."""
    if number == 1 and not os.path.exists(marker):
        Path(marker).write_text("stranded", encoding="utf-8")
        close_own_nanny()
    return code_partition(number, docs, options, parts_dir)


def strand_cluster(number: int, docs: list[DocumentInput], options: Options, parts_dir: str) -> int:
    """Every run of partition 1 leaves the cluster without a worker."""
    if number == 1:
        close_own_nanny()
    return code_partition(number, docs, options, parts_dir)


def test_a_local_cluster_left_without_workers_is_started_again(
    tmp_path: Path, coder: Coder, local: list[DocumentResult], caplog: pytest.LogCaptureFixture
) -> None:
    """The one worker's Nanny closes while partition 1 runs (as when a Nanny fails to restart its
    worker): the run starts the cluster's workers again and codes every document (before, it
    waited forever)."""
    marker = tmp_path / "stranded"
    with caplog.at_level("WARNING", logger="dyad.engines.dask"):
        results = list(
            code_with_dask(
                corpus(), coder.options, workers=1, parts_dir=tmp_path / "parts",
                partition_size=6, partition_fn=partial(strand_cluster_once, str(marker)),
                no_workers_timeout=1,
            )
        )  # fmt: skip
    assert marker.exists(), "the fault was not injected"
    assert "has had no running worker" in caplog.text and "attempt 1 of 3" in caplog.text
    assert results == local


def test_a_local_cluster_that_keeps_losing_its_workers_ends_the_run(
    tmp_path: Path, coder: Coder
) -> None:
    """Partition 1 strands every fresh worker (and Dask would try it on 10): after START_ATTEMPTS
    restarts with no task ended, the run ends with a WorkerStartError (exit 3), not a hang."""
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 10}),
        pytest.raises(WorkerStartError, match="lost all its workers; it was started again 3"),
    ):
        list(
            code_with_dask(
                corpus(), coder.options, workers=1, parts_dir=tmp_path / "parts",
                partition_size=6, partition_fn=strand_cluster,
                no_workers_timeout=1,
            )
        )  # fmt: skip


def test_a_scheduler_without_workers_ends_the_run(tmp_path: Path, coder: Coder) -> None:
    """A scheduler someone else runs, with no worker and tasks pending: a RunError that names the
    scheduler, once it has had no worker for no_workers_timeout (before, the run waited forever)."""
    with LocalCluster(n_workers=0, dashboard_address=None) as cluster:
        with pytest.raises(RunError, match="has had no running worker for 1 s") as raised:
            list(
                code_with_dask(
                    corpus(), coder.options, scheduler=cluster.scheduler_address,
                    parts_dir=tmp_path / "parts", no_workers_timeout=1,
                )
            )  # fmt: skip
    assert cluster.scheduler_address in str(raised.value)
