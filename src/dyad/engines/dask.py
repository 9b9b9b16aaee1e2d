"""Code documents on a Dask cluster: a LocalCluster here, or any scheduler (Slurm, Kubernetes).

The driver streams documents into partitions; each partition is coded on a worker by the same pure
:func:`dyad.engines.local.code_batch` the local engine uses (one model per worker process) and written as
Parquet part files named by partition number, ``part-000042.docs.parquet`` (one row per document:
the JSON of its record, for any tool, and the pickled record, read back by this run) and
``part-000042.events.parquet`` (one row per event, the store's ``events`` row). Parts are
written to a temporary name and renamed, so a partition that is retried (``retries=2``; Dask also
reschedules the tasks of a worker that died) replaces its own part: nothing is lost or doubled.
The driver then reads the parts back in partition order and yields the records, as the local
engine does. On a cluster, ``parts_dir`` must be a folder the workers and the driver share.

Every wait for a result watches the cluster (:class:`_Watch`): a Nanny can give up restarting a
dead worker, and then a task waits for a worker that never comes. A LocalCluster this run started
that has had no running worker for ``no_workers_timeout`` seconds is started again (a bounded
number of times); any other cluster ends the run with a :class:`~dyad.errors.RunError`.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import tempfile
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import OptionsError, RunError, WorkerStartError
from ..options import Options
from ..records import DocumentInput, DocumentResult
from ..store._rows import events_table
from ._pool import BatchFn
from .local import batched, code_batch, failed_results

if TYPE_CHECKING:
    from ..store import IngestStats, Store

log = logging.getLogger(__name__)

PARTITION_SIZE = 64
RETRIES = 2
START_ATTEMPTS = 3
NO_WORKERS_LOCAL_S = 60.0  # a LocalCluster's workers start in seconds; then it is started again
NO_WORKERS_REMOTE_S = 600.0  # a batch system may take minutes to grant a worker
START_TIMEOUT_S = 120.0  # for the fresh workers of a restarted LocalCluster to join
POLL_S = 1.0
GATHER_S = 60.0  # to fetch one finished result (at most a partition's records)

PartitionFn = Callable[[int, list[DocumentInput], Options, str], int]

DOC_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source", pa.string()),
        ("status", pa.string()),
        ("error", pa.string()),
        ("sentences", pa.int32()),
        ("events", pa.int32()),
        ("record", pa.string()),
        ("pickled", pa.binary()),
    ]
)


# --- the task a worker runs -----------------------------------------------------------------------


def code_partition(number: int, docs: list[DocumentInput], options: Options, parts_dir: str) -> int:
    """Code one partition on this worker and write its two part files; returns the document count."""
    results = code_batch(docs, options)
    write_part(Path(parts_dir), number, results)
    return len(results)


def part_path(parts_dir: Path, number: int, kind: str = "docs") -> Path:
    return parts_dir / f"part-{number:06d}.{kind}.parquet"


def write_part(parts_dir: Path, number: int, results: list[DocumentResult]) -> None:
    """Write (or replace) partition ``number``'s parts; the docs part, written last, marks it done."""
    _write_atomic(events_table(results), part_path(parts_dir, number, "events"))
    _write_atomic(_docs_table(results), part_path(parts_dir, number, "docs"))


def read_part(parts_dir: Path, number: int) -> list[DocumentResult]:
    """Partition ``number``'s records, in input order, exactly as the worker made them.

    Only for parts this run wrote (``pickled`` is trusted data); other tools read ``record``.
    """
    table = pq.read_table(part_path(parts_dir, number, "docs"), columns=["pickled"])
    return [pickle.loads(raw) for raw in table.column("pickled").to_pylist()]


def read_parts(parts_dir: Path) -> Iterator[DocumentResult]:
    """Every record of the parts in ``parts_dir``, in partition order."""
    numbers = sorted(
        int(p.name.split("-")[1].split(".")[0]) for p in parts_dir.glob("part-*.docs.parquet")
    )
    for number in numbers:
        yield from read_part(parts_dir, number)


def ingest_parquet_parts(store: Store, parts_dir: Path) -> IngestStats:
    """Load a Dask run's part files into a store (documents already stored are skipped)."""
    return store.ingest(read_parts(parts_dir))


def _write_atomic(table: pa.Table, path: Path) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, temporary)
    os.replace(temporary, path)


def _docs_table(results: list[DocumentResult]) -> pa.Table:
    rows = [
        {
            "doc_id": r.doc_id,
            "source": r.source,
            "status": r.status,
            "error": r.error,
            "sentences": len(r.sentences),
            "events": len(r.events),
            "record": json.dumps(r.to_dict(with_text=True), ensure_ascii=False),
            "pickled": pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL),
        }
        for r in results
    ]
    return pa.Table.from_pylist(rows, schema=DOC_SCHEMA)


# --- the driver -----------------------------------------------------------------------------------


def code_with_dask(
    docs: Iterable[DocumentInput],
    options: Options,
    *,
    scheduler: str | None = None,
    parts_dir: Path | None = None,
    workers: int | None = None,
    partition_size: int = PARTITION_SIZE,
    partition_fn: PartitionFn = code_partition,
    batch_fn: BatchFn = code_batch,
    no_workers_timeout: float | None = None,
) -> Iterator[DocumentResult]:
    """Code ``docs`` on Dask and yield the records in input order (read back from the parts).

    Without ``scheduler`` a LocalCluster of ``workers`` processes (one thread each) is started and
    closed; with it, ``parts_dir`` is required and must be shared by the workers and this machine.
    ``batch_fn`` codes the halves of a partition whose workers keep dying. A cluster without a
    running worker for ``no_workers_timeout`` seconds (default :data:`NO_WORKERS_LOCAL_S`, or
    :data:`NO_WORKERS_REMOTE_S` with ``scheduler``) is started again (a LocalCluster, at most
    :data:`START_ATTEMPTS` times in a row) or ends the run with a :class:`RunError`.
    """
    with ExitStack() as stack:
        folder = _parts_folder(stack, parts_dir, scheduler)
        client, cluster = stack.enter_context(_client(scheduler, workers))
        bound = no_workers_timeout or (NO_WORKERS_LOCAL_S if cluster else NO_WORKERS_REMOTE_S)
        watch = _Watch(client, cluster, workers=len(cluster.worker_spec) if cluster else 0,
                       bound=bound)  # fmt: skip
        limit = max(4, 2 * _threads(client))
        run = uuid.uuid4().hex[:12]
        in_flight: deque[tuple[int, list[DocumentInput], Any]] = deque()
        for number, partition in enumerate(batched(docs, partition_size)):
            future = client.submit(
                partition_fn,
                number,
                partition,
                options,
                str(folder),
                retries=RETRIES,
                pure=False,
                key=f"dyad-{run}-partition-{number}",
            )
            in_flight.append((number, partition, future))
            while len(in_flight) >= limit:
                yield from _collect(watch, batch_fn, options, folder, *in_flight.popleft())
        while in_flight:
            yield from _collect(watch, batch_fn, options, folder, *in_flight.popleft())


def _collect(
    watch: _Watch,
    batch_fn: BatchFn,
    options: Options,
    folder: Path,
    number: int,
    partition: list[DocumentInput],
    future: Any,
) -> list[DocumentResult]:
    """Partition ``number``'s records. When its workers kept dying (``KilledWorker``), its halves
    run apart until the document that kills them is alone (it fails); this driver then writes the
    part. When the task itself raised after its retries, its documents fail with the error."""
    from distributed.scheduler import KilledWorker

    try:
        watch.result(future)
    except KilledWorker as exc:
        log.warning(
            "partition %d keeps killing Dask workers (%s); cutting it in halves", number, exc
        )
        results = _bisect(watch, batch_fn, options, partition)
        write_part(folder, number, results)
        return results
    except RunError:
        raise
    except Exception as exc:  # the task's own error, after its retries
        log.error("partition %d failed after %d retries: %s", number, RETRIES, exc)
        return failed_results(
            partition, f"partition {number} failed on the Dask cluster: {type(exc).__name__}: {exc}"
        )
    return read_part(folder, number)


def _bisect(
    watch: _Watch, batch_fn: BatchFn, options: Options, docs: list[DocumentInput]
) -> list[DocumentResult]:
    """Code ``docs`` in two halves on the cluster, recursively where a half kills its workers.

    A lone document is tried once more on its own before it fails: Dask blames every task that
    was queued on a dying worker, so an innocent neighbour of the culprit can get KilledWorker too.
    Each wait goes through ``watch``: a cluster left without workers does not stall it.
    """
    from distributed.scheduler import KilledWorker

    if len(docs) == 1:
        try:
            return list(watch.result(watch.client.submit(batch_fn, docs, options, pure=False)))
        except KilledWorker as again:
            return failed_results(
                docs,
                f"Dask workers died coding this document alone ({type(again).__name__}: {again}); "
                "this document is the cause (a crash or too much memory)",
            )
        except RunError:
            raise
        except Exception as exc:
            return _raised(docs, exc)
    half = len(docs) // 2
    pieces = [docs[:half], docs[half:]]
    futures = [
        watch.client.submit(batch_fn, p, options, retries=RETRIES, pure=False) for p in pieces
    ]
    results: list[DocumentResult] = []
    for piece, future in zip(pieces, futures, strict=True):
        try:
            results.extend(watch.result(future))
        except KilledWorker:
            results.extend(_bisect(watch, batch_fn, options, piece))
        except RunError:
            raise
        except Exception as exc:
            results.extend(_raised(piece, exc))
    return results


class _Watch:
    """Waits for results while watching that the cluster still has a running worker.

    A Nanny that fails to restart its dead worker, or whose worker dies while it is still
    starting, leaves it dead (distributed 2026.8), and the cluster's tasks would wait forever.
    After ``bound`` seconds without a running worker, a LocalCluster of this run (``cluster``) is
    scaled to nothing and back to ``workers`` fresh Nannies, at most :data:`START_ATTEMPTS` times
    in a row; without one (a scheduler someone else runs), the run ends with a :class:`RunError`.
    """

    def __init__(self, client: Any, cluster: Any, *, workers: int, bound: float) -> None:
        self.client, self.cluster, self.workers, self.bound = client, cluster, workers, bound
        self.empty_since: float | None = None
        self.restarts = 0

    def result(self, future: Any) -> Any:
        """``future``'s result (or its error), checking the cluster every :data:`POLL_S` seconds.

        A finished task's result can still be lost with its worker; then fetching it waits for a
        recomputation, so the fetch is bounded (:data:`GATHER_S`) and checks the cluster too.
        """
        from distributed import wait

        while True:
            try:
                wait([future], timeout=POLL_S)
                value = future.result(timeout=GATHER_S)
            except TimeoutError:
                if future.status != "error":  # not the task's own TimeoutError: still waiting
                    self.check()
                    continue
                self.restarts = 0
                raise
            except Exception:
                self.restarts = 0  # the task ended, with its error: the cluster runs tasks
                raise
            self.restarts = 0
            return value

    def check(self) -> None:
        """Note how long the cluster has had no running worker; act once that passes ``bound``."""
        if self.running() > 0:
            self.empty_since = None
            return
        now = time.monotonic()
        if self.empty_since is None:
            self.empty_since = now
        if now - self.empty_since < self.bound:
            return
        if self.cluster is None:
            raise RunError(
                f"the Dask scheduler at {self.client.scheduler.address} has had no running "
                f"worker for {self.bound:g} s while dyad's tasks wait; start workers for it (or "
                "find why they die: memory, the model) and run the command again"
            )
        if self.restarts >= START_ATTEMPTS:
            raise WorkerStartError(
                f"the local Dask cluster lost all its workers; it was started again "
                f"{START_ATTEMPTS} times, but no task ended and no worker ran for {self.bound:g} s; "
                "check free memory and that the model loads with --workers 1"
            )
        self.restarts += 1
        log.warning(
            "the local Dask cluster has had no running worker for %g s; starting %d again "
            "(attempt %d of %d)", self.bound, self.workers, self.restarts, START_ATTEMPTS,
        )  # fmt: skip
        self.restart()
        self.empty_since = None

    def restart(self) -> None:
        """Close every Nanny of the LocalCluster (those that gave up), then start fresh ones and
        wait (at most :data:`START_TIMEOUT_S`) for one to join the scheduler."""
        cluster, deadline = self.cluster, time.monotonic() + START_TIMEOUT_S
        cluster.scale(0)
        while cluster.workers and time.monotonic() < deadline:  # the fresh ones reuse the names
            time.sleep(POLL_S)
        cluster.scale(self.workers)
        try:
            self.client.wait_for_workers(1, timeout=max(deadline - time.monotonic(), POLL_S))
        except TimeoutError:
            log.warning("no fresh Dask worker joined within %g s", START_TIMEOUT_S)

    def running(self) -> int:
        """How many workers the scheduler knows as running (or paused for memory)."""
        workers = _scheduler_info(self.client).get("workers", {}).values()
        return sum(w.get("status", "running") in ("running", "paused") for w in workers)


def _raised(docs: list[DocumentInput], exc: Exception) -> list[DocumentResult]:
    return failed_results(docs, f"dyad raised {type(exc).__name__}: {exc} (please report it)")


def _parts_folder(stack: ExitStack, parts_dir: Path | None, scheduler: str | None) -> Path:
    if parts_dir is None:
        if scheduler is not None:
            raise OptionsError(
                "{scheduler} needs {parts_dir}: a folder that every Dask worker and this machine "
                "can reach (a shared filesystem), for the Parquet part files",
                parameters=("scheduler", "parts_dir"),
            )
        return Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="dyad-parts-")))
    parts_dir.mkdir(parents=True, exist_ok=True)
    if any(parts_dir.glob("part-*.parquet")):
        raise OptionsError(
            f"{{parts_dir}} {parts_dir} already holds part files from another run; choose an empty "
            "folder or remove its part-*.parquet files (parts are named by partition number and "
            "would mix)",
            parameters=("parts_dir",),
        )
    return parts_dir


@contextmanager
def _client(scheduler: str | None, workers: int | None) -> Iterator[tuple[Any, Any]]:
    """A client and the LocalCluster this run started (``None`` with a ``scheduler``)."""
    from distributed import Client

    if scheduler is not None:
        with Client(scheduler) as client:
            yield client, None
        return
    with _local_cluster(workers or os.cpu_count() or 1) as cluster, Client(cluster) as client:
        yield client, cluster


def _local_cluster(workers: int) -> Any:
    """A LocalCluster; one whose worker died while it started is started again (3 times at most)."""
    from distributed import LocalCluster

    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            return LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.WARNING,
            )
        except RuntimeError as exc:  # "Nanny failed to start": a worker died while starting
            log.warning("the Dask cluster did not start (attempt %d): %s", attempt, exc)
            failure = exc
    raise WorkerStartError(
        f"a local Dask cluster of {workers} worker(s) did not start {START_ATTEMPTS} times "
        f"({failure}); check free memory and that the model loads with --workers 1"
    )


def _threads(client: Any) -> int:
    workers = _scheduler_info(client).get("workers", {}).values()
    return sum(int(w.get("nthreads", 1)) for w in workers) or 1


def _scheduler_info(client: Any) -> dict[str, Any]:
    try:
        info: dict[str, Any] = client.scheduler_info(n_workers=-1)
    except TypeError:  # older distributed: no n_workers argument
        info = client.scheduler_info()
    return info
