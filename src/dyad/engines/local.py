"""Code documents on all local cores: a process pool, one model per worker, bounded batches.

The pure function at the boundary is :func:`code_batch`: documents in, records out, with the
worker's own :class:`~dyad.pipeline.coder.Coder` (built once per process by :func:`worker_coder`). The Dask
engine runs the very same function on cluster workers. Batches stream through the pool with at
most ``2 x workers`` in flight, so memory stays flat however large the corpus, and results come
back in input order. A worker process that dies (killed, out of memory) is replaced and its
batches run again; a batch that kills workers twice is reported as failed documents instead.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from ..options import Options
from ..pipeline.coder import Coder
from ..records import DocumentInput, DocumentResult

log = logging.getLogger(__name__)

BATCH_SIZE = 32  # documents per task


BatchFn = Callable[[list[DocumentInput], Options], list[DocumentResult]]


@lru_cache(maxsize=2)
def worker_coder(options: Options) -> Coder:
    """The process's coder for ``options``: built (and the model loaded) once, then reused."""
    coder = Coder(options)
    coder.nlp  # noqa: B018 -- load the model now, not inside the first batch
    return coder


def code_batch(docs: list[DocumentInput], options: Options) -> list[DocumentResult]:
    """Code one batch with this process's coder; one result per document, in order."""
    return list(worker_coder(options).code(docs))


def batched(docs: Iterable[DocumentInput], size: int) -> Iterator[list[DocumentInput]]:
    """Lists of up to ``size`` documents, read lazily from ``docs``."""
    stream = iter(docs)
    while batch := list(islice(stream, size)):
        yield batch


def code_parallel(
    docs: Iterable[DocumentInput],
    options: Options,
    workers: int,
    *,
    batch_size: int = BATCH_SIZE,
    batch_fn: BatchFn = code_batch,
) -> Iterator[DocumentResult]:
    """Code ``docs`` on ``workers`` processes; ``workers <= 1`` codes in this process, no pool."""
    if workers <= 1:
        for batch in batched(docs, batch_size):
            yield from _in_process(batch_fn, batch, options)
        return
    pool = _Pool(workers, options, batch_fn)
    try:
        for batch in batched(docs, batch_size):
            pool.submit(batch)
            while pool.full():
                yield from pool.next_results()
        while pool.pending():
            yield from pool.next_results()
    finally:
        pool.close()


def failed_results(batch: list[DocumentInput], reason: str) -> list[DocumentResult]:
    """One failed record per document, for a batch that could not be coded at all."""
    return [
        DocumentResult(
            doc_id=d.id,
            published=d.published,
            status="failed",
            error=reason,
            text=d.text,
            url=d.url,
            title=d.title,
            source=d.source,
        )
        for d in batch
    ]


def _in_process(
    batch_fn: BatchFn, batch: list[DocumentInput], options: Options
) -> list[DocumentResult]:
    try:
        return batch_fn(batch, options)
    except Exception as exc:  # a bug on one batch must not end a run of millions of documents
        return _crashed(batch, exc)


def _crashed(batch: list[DocumentInput], exc: BaseException) -> list[DocumentResult]:
    log.error("coding a batch of %d documents raised %s", len(batch), exc, exc_info=exc)
    return failed_results(
        batch, f"dyad raised {type(exc).__name__} on this batch: {exc} (please report it)"
    )


@dataclass
class _Task:
    batch: list[DocumentInput]
    future: Future[list[DocumentResult]]


@dataclass
class _Pool:
    """A process pool with ordered, bounded in-flight batches that survives dead workers."""

    workers: int
    options: Options
    batch_fn: BatchFn
    tasks: deque[_Task] = field(default_factory=deque)
    executor: ProcessPoolExecutor | None = None

    def submit(self, batch: list[DocumentInput]) -> None:
        self.tasks.append(_Task(batch, self._executor().submit(self.batch_fn, batch, self.options)))

    def full(self) -> bool:
        return len(self.tasks) >= 2 * self.workers

    def pending(self) -> bool:
        return bool(self.tasks)

    def next_results(self) -> list[DocumentResult]:
        """The oldest batch's results (waiting for them); a dead worker's batches are rerun."""
        task = self.tasks[0]
        try:
            results = task.future.result()
        except BrokenProcessPool:
            return self._recover()
        except Exception as exc:
            results = _crashed(task.batch, exc)
        self.tasks.popleft()
        return results

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    def _executor(self) -> ProcessPoolExecutor:
        if self.executor is None:
            self.executor = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=worker_coder,
                initargs=(self.options,),
            )
        return self.executor

    def _recover(self) -> list[DocumentResult]:
        """After a worker died: rerun the oldest batch alone (failed if it kills a worker again),
        then resubmit the other batches in flight that did not finish."""
        log.warning(
            "a worker process died; restarting the pool and rerunning %d batch(es)", len(self.tasks)
        )
        self.close()
        head, *rest = self.tasks
        self.tasks = deque()
        results = self._alone(head.batch)
        for task in rest:
            if task.future.done() and task.future.exception() is None:
                self.tasks.append(task)
            else:
                self.submit(task.batch)
        return results

    def _alone(self, batch: list[DocumentInput]) -> list[DocumentResult]:
        try:
            return self._executor().submit(self.batch_fn, batch, self.options).result()
        except BrokenProcessPool:
            self.close()
            return failed_results(
                batch, "a worker process died coding this batch twice (crash or out of memory)"
            )
        except Exception as exc:
            return _crashed(batch, exc)
