"""Coding for a server: coder processes fed from one bounded queue, concurrent requests batched.

:class:`CodingService` runs :class:`~dyad.engines._pool.WorkerPool`'s worker processes (one model
each, replaced when one dies, a batch that kills workers cut in halves) from a thread of its own.
Requests put their documents in a queue bounded in documents (:class:`QueueFull` past it: the
API answers 503 with ``Retry-After``); whenever a worker is free it takes every document waiting,
up to ``batch_docs``, as one batch, so concurrent requests share one ``nlp.pipe`` call. A job
taken back before a worker took it is never coded; a job whose every document is in a batch of
its own is stopped inside the worker (between blocks) when it is taken back or the service
closes; otherwise its batch-mates' work goes on and its results are dropped.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import multiprocessing
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from ..errors import CodingCancelled, DyadError
from ..options import Options
from ..records import DocumentInput, DocumentResult
from ._pool import WorkerPool, _Batch, _Worker

log = logging.getLogger(__name__)

BATCH_DOCS = 16  # documents one worker takes at a time
QUEUE_PER_WORKER = 16  # documents waiting per worker before requests are refused


class QueueFull(DyadError):
    """The service's queue holds as many documents as it may: try again shortly."""


def code_for_service(
    docs: list[DocumentInput],
    options: Options,
    cancelled: Callable[[], bool],
    *,
    deadline_s: float | None,
) -> list[DocumentResult]:
    """A worker's batch: this process's coder, with the request deadline and the stop flag."""
    from .local import worker_coder

    return list(worker_coder(options).code(docs, cancelled=cancelled, deadline_s=deadline_s))


def load_coder(options: Options) -> None:
    """A worker's start: build its coder and load the model (spaCy loads in workers only)."""
    from .local import worker_coder

    worker_coder(options)


@dataclass(eq=False)
class Job:
    """One request's documents; ``future`` gets their records, in order."""

    docs: list[DocumentInput]
    future: Future[list[DocumentResult]] = field(default_factory=Future)
    taken: bool = False  # in a batch: a worker has it or will have it next
    abandoned: bool = False  # its client is gone: nobody reads the records


@dataclass(eq=False)
class _ServicePool(WorkerPool):
    """The worker pool driven by a queue of jobs instead of one input stream."""

    wake: Connection | None = None
    stops: dict[int, Any] = field(default_factory=dict)  # id of a worker -> its stop flag
    jobs: dict[int, list[Job]] = field(default_factory=dict)  # id(batch) -> its jobs

    def _start(self) -> _Worker:
        stop = multiprocessing.get_context("spawn").Event()
        worker = self._spawn(functools.partial(_with_stop, self.batch_fn, stop))
        self.stops[id(worker)] = stop
        return worker

    def ready(self) -> int:
        """Workers that have loaded their model."""
        return sum(w.ready for w in self._pool)

    def free(self) -> int:
        """Workers ready for a batch that none is waiting for."""
        return max(0, sum(w.ready and w.unit is None for w in self._pool) - len(self._queue))

    def add(self, jobs: list[Job]) -> None:
        self._add([d for job in jobs for d in job.docs])
        self.jobs[id(self._batches[-1])] = jobs

    def give_out(self) -> None:
        for worker in self._pool:
            if worker.ready and worker.unit is None and self._queue:
                self.stops[id(worker)].clear()
                self._give(worker, self._queue.popleft())

    def wait_once(self) -> bool:
        """Block until a worker answers or dies, or ``wake`` is written to; True when woken."""
        ready = self._wait([self.wake] if self.wake is not None else [])
        woken = self.wake is not None and self.wake in ready
        if woken and self.wake is not None:
            while self.wake.poll():
                self.wake.recv_bytes()
        return woken

    def finished(self) -> list[tuple[_Batch, list[Job]]]:
        """Batches done, in any order, with their jobs."""
        done = [b for b in self._batches if b.done()]
        for batch in done:
            self._batches.remove(batch)
        return [(b, self.jobs.pop(id(b))) for b in done]

    def stop_abandoned(self) -> None:
        """Stop the workers whose every job was taken back."""
        for worker in self._pool:
            if worker.unit is None:
                continue
            batch = next((b for b in self._batches if worker.unit in b.units), None)
            jobs = self.jobs.get(id(batch), []) if batch is not None else []
            if jobs and all(job.abandoned for job in jobs):
                self.stops[id(worker)].set()

    def stop_all(self) -> None:
        for stop in self.stops.values():
            stop.set()


def shares(waiting: list[int], free: int, ready: int, batch_docs: int) -> list[int]:
    """How many of the waiting requests (their document counts, in queue order) each of the
    ``free`` workers takes: the waiting documents divided among all ``ready`` workers, at most
    ``batch_docs`` each, a request never split, and at least one request per batch. Sharing keeps
    every core busy: one worker taking eight requests while the other waits halves the rate."""
    share = min(batch_docs, max(1, -(-sum(waiting) // max(ready, free, 1))))
    counts: list[int] = []
    at = 0
    while at < len(waiting) and len(counts) < free:
        taken, docs = 0, 0
        while at < len(waiting) and (not taken or docs + waiting[at] <= share):
            taken, docs, at = taken + 1, docs + waiting[at], at + 1
        counts.append(taken)
    return counts


def _with_stop(
    batch_fn: Callable[..., list[DocumentResult]],
    stop: Any,
    docs: list[DocumentInput],
    options: Options,
) -> list[DocumentResult]:
    return batch_fn(docs, options, stop.is_set)


class CodingService:
    """``workers`` coder processes behind a bounded queue; :meth:`submit` is thread-safe."""

    def __init__(
        self,
        options: Options,
        workers: int,
        *,
        deadline_s: float | None = None,
        batch_docs: int = BATCH_DOCS,
        queue_docs: int | None = None,
    ) -> None:
        self.workers = workers
        self.batch_docs = batch_docs
        self.queue_docs = queue_docs or QUEUE_PER_WORKER * workers
        self._lock = threading.Lock()
        self._queue: deque[Job] = deque()
        self._queued = 0
        self._closing = threading.Event()
        self._wake_read, self._wake_write = multiprocessing.Pipe(duplex=False)
        fn = functools.partial(code_for_service, deadline_s=deadline_s)
        self._pool = _ServicePool(workers, options, fn, init=load_coder, wake=self._wake_read)
        self._ready = threading.Event()
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="dyad-coding-service", daemon=True)

    def start(self, *, wait_s: float | None = None) -> None:
        """Start the workers (they load the model); with ``wait_s``, wait that long for them."""
        self._thread.start()
        if wait_s is not None:
            self._ready.wait(wait_s)
        if self._failed is not None:
            raise self._failed

    @property
    def queued(self) -> int:
        """Documents waiting for a worker."""
        return self._queued

    def submit(self, docs: list[DocumentInput]) -> Job:
        """Queue ``docs`` (one request); :class:`QueueFull` when the queue has no room."""
        if self._failed is not None:
            raise self._failed
        if self._closing.is_set():
            raise CodingCancelled("the coding service is stopping")
        job = Job(list(docs))
        with self._lock:
            if self._queued + len(docs) > self.queue_docs and self._queued:
                raise QueueFull(
                    f"{self._queued} documents are waiting for the coder (at most "
                    f"{self.queue_docs}); try again in a moment"
                )
            self._queue.append(job)
            self._queued += len(job.docs)
        self._poke()
        return job

    def withdraw(self, job: Job) -> bool:
        """Take a job back (its client left): True when no worker had taken it yet."""
        job.abandoned = True
        with self._lock:
            if job in self._queue:
                self._queue.remove(job)
                self._queued -= len(job.docs)
                job.future.cancel()
                return True
        self._poke()  # it is in a batch: the loop stops that batch if nobody else needs it
        return False

    def close(self) -> None:
        """Stop coding (batches in progress stop between blocks) and end the workers."""
        self._closing.set()
        self._poke()
        if self._thread.is_alive():
            self._thread.join()
        elif self._thread.ident is None:  # never started: the loop would have closed these
            self._wake_read.close()
            self._wake_write.close()
        with self._lock:
            waiting, self._queue = list(self._queue), deque()
        for job in waiting:
            job.future.cancel()

    # --- the loop (its own thread) ------------------------------------------------------------------

    def _poke(self) -> None:
        with contextlib.suppress(OSError, ValueError):  # closed: the loop has ended
            self._wake_write.send_bytes(b"!")

    def _run(self) -> None:
        pool = self._pool
        try:
            pool._pool = [pool._start() for _ in range(self.workers)]
            while not self._closing.is_set():
                self._feed()
                pool.give_out()
                pool.wait_once()
                if all(w.ready for w in pool._pool):
                    self._ready.set()
                self._answer(pool.finished())
                pool.stop_abandoned()
        except BaseException as exc:  # the workers cannot start: every request is told why
            log.error("the coding service stopped: %s", exc)
            self._failed = exc
        finally:
            self._ready.set()
            pool.stop_all()
            for jobs in pool.jobs.values():
                for job in jobs:
                    job.future.cancel()
            pool.close()
            self._wake_read.close()
            self._wake_write.close()

    def _feed(self) -> None:
        """Give each free worker its share of the waiting requests (:func:`shares`); a batch's
        requests share one ``nlp.pipe`` call. What is left waits for the next worker to finish."""
        free, ready = self._pool.free(), self._pool.ready()
        if not free:
            return
        with self._lock:
            counts = shares([len(j.docs) for j in self._queue], free, ready, self.batch_docs)
            batches = [[self._queue.popleft() for _ in range(n)] for n in counts]
            for job in (j for batch in batches for j in batch):
                self._queued -= len(job.docs)
                job.taken = True
        for taken in batches:
            self._pool.add(taken)

    def _answer(self, done: list[tuple[_Batch, list[Job]]]) -> None:
        for batch, jobs in done:
            results = batch.results()
            at = 0
            for job in jobs:
                mine, at = results[at : at + len(job.docs)], at + len(job.docs)
                if not job.future.done():
                    job.future.set_result(mine)
