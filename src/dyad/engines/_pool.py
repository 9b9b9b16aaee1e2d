"""Worker processes that may die at any moment without losing or doubling a document.

Each worker is a spawned process with its own pipe; the driver knows which batch each worker is
coding, so a dead worker (killed, out of memory, a crash in native code) costs only the batch it
had: the worker is replaced and that batch runs again. A batch that has been in a dying worker
:data:`MAX_DEATHS` times is cut in two and each half runs on its own (bisection), until the
document that keeps killing workers is alone; that one ends ``failed`` with the reason, every other
document is coded. Results come back in input order, at most ``depth`` batches ahead of the
reader, so memory stays flat however long the run.

Workers die with their parent: each one watches its parent process and exits within a second of
losing it (a ``kill -9`` of ``dyad`` leaves no worker behind). A worker that cannot start (the model
is missing, a dictionary is broken) stops the run with :class:`~dyad.errors.WorkerStartError`.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from ..errors import WorkerStartError
from ..options import Options
from ..records import DocumentInput, DocumentResult

log = logging.getLogger(__name__)

BatchFn = Callable[[list[DocumentInput], Options], list[DocumentResult]]
InitFn = Callable[[Options], object]

MAX_DEATHS = 2  # deaths of one batch before it is cut in two; of one document before it fails
START_FAILURES = 3  # workers in a row that die before they are ready: the run cannot go on
_PARENT_POLL_S = 0.5
_JOIN_S = 5.0


# --- the worker process ---------------------------------------------------------------------------


def _serve(
    conn: Connection, options: Options, batch_fn: BatchFn, init: InitFn, parent: int
) -> None:
    """A worker's life: load the coder, then code batches until told to stop or orphaned."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle
    _die_with_parent(parent)
    try:
        init(options)
    except BaseException as exc:  # the driver reports it; nothing here may print
        conn.send(("init-error", _portable(exc)))
        return
    # the model and dictionaries live as long as the worker: the collector need not walk them
    # again and again while documents are coded (nor at the end)
    gc.freeze()
    conn.send(("ready", os.getpid()))
    try:
        _code_batches(conn, options, batch_fn)
    finally:  # the worker ends: nor need its last collections walk what coding left
        gc.freeze()


def _code_batches(conn: Connection, options: Options, batch_fn: BatchFn) -> None:
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        number, docs = message
        try:
            reply: tuple[Any, ...] = ("done", number, batch_fn(docs, options))
        except Exception as exc:  # a bug on one batch: its documents fail, the worker lives on
            reply = ("raised", number, f"{type(exc).__name__}: {exc}")
        conn.send(reply)


def _die_with_parent(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_POLL_S)
        os._exit(70)

    threading.Thread(target=watch, name="dyad-parent-watch", daemon=True).start()


def _portable(exc: BaseException) -> bytes:
    """The exception pickled if it can be, else a WorkerStartError with its text."""
    try:
        data = pickle.dumps(exc)
        pickle.loads(data)
        return data
    except Exception:
        return pickle.dumps(WorkerStartError(f"{type(exc).__name__}: {exc}"))


# --- the driver's view ---------------------------------------------------------------------------


@dataclass(eq=False)
class _Unit:
    """Documents that run together on one worker: a batch, or a piece of one after bisection."""

    number: int
    docs: list[DocumentInput]
    deaths: int = 0
    why: str = ""
    results: list[DocumentResult] | None = None


@dataclass(eq=False)
class _Batch:
    """One batch as read, in input order; its units replace each other as it is cut."""

    units: list[_Unit]

    def done(self) -> bool:
        return all(u.results is not None for u in self.units)

    def results(self) -> list[DocumentResult]:
        return [r for u in self.units for r in u.results or ()]


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False
    unit: _Unit | None = None


@dataclass
class WorkerPool:
    """``workers`` processes coding batches with ``batch_fn``; see the module docstring."""

    workers: int
    options: Options
    batch_fn: BatchFn
    init: InitFn
    depth: int = 0  # batches read ahead of the one being yielded; 0: 2 x workers
    _batches: deque[_Batch] = field(default_factory=deque)
    _queue: deque[_Unit] = field(default_factory=deque)
    _pool: list[_Worker] = field(default_factory=list)
    _start_failures: int = 0
    _running: dict[int, _Unit] = field(default_factory=dict)  # unit number -> unit
    _count: int = 0

    def run(self, batches: Iterable[list[DocumentInput]]) -> Iterator[DocumentResult]:
        """Every document's record, in input order."""
        depth = self.depth or 2 * self.workers
        feed = iter(batches)
        reading = True
        try:
            self._pool = [self._start() for _ in range(self.workers)]
            while reading or self._batches:
                while reading and len(self._batches) < depth:
                    batch = next(feed, None)
                    if batch is None:
                        reading = False
                    else:
                        self._add(batch)
                yield from self._finished()
                if self._batches:
                    self._dispatch()
                    self._wait()
                    yield from self._finished()
        finally:
            self.close()

    def close(self) -> None:
        """Stop every worker: politely, then by force."""
        for worker in self._pool:
            with contextlib.suppress(OSError, ValueError):  # already dead
                worker.conn.send(None)
        for worker in self._pool:
            worker.process.join(_JOIN_S)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(_JOIN_S)
            worker.conn.close()
        self._pool = []

    # --- batches and units ------------------------------------------------------------------------

    def _unit(self, docs: list[DocumentInput], deaths: int = 0) -> _Unit:
        self._count += 1
        return _Unit(self._count, docs, deaths)

    def _add(self, docs: list[DocumentInput]) -> None:
        unit = self._unit(docs)
        self._batches.append(_Batch([unit]))
        self._queue.append(unit)

    def _finished(self) -> Iterator[DocumentResult]:
        while self._batches and self._batches[0].done():
            yield from self._batches.popleft().results()

    def _dispatch(self) -> None:
        for worker in self._pool:
            if worker.ready and worker.unit is None and self._queue:
                self._give(worker, self._queue.popleft())

    def _give(self, worker: _Worker, unit: _Unit) -> None:
        worker.unit = unit
        self._running[unit.number] = unit
        try:
            worker.conn.send((unit.number, unit.docs))
        except (OSError, ValueError):  # it died before it could take the batch
            self._died(worker)

    # --- waiting ----------------------------------------------------------------------------------

    def _wait(self, also: Sequence[Any] = ()) -> list[Any]:
        """Block until a worker answers or dies (or one of ``also`` is ready), deal with what
        happened, and return what was ready."""
        workers = list(self._pool)
        ready = wait([w.conn for w in workers] + [w.process.sentinel for w in workers] + [*also])
        for worker in workers:
            if worker.conn in ready:
                self._receive(worker)
        for worker in workers:
            gone = worker.process.sentinel in ready and not worker.process.is_alive()
            if gone and worker in self._pool:
                self._died(worker)
        return ready

    def _receive(self, worker: _Worker) -> None:
        if worker not in self._pool:
            return
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            self._died(worker)
            return
        kind = message[0]
        if kind == "ready":
            worker.ready, self._start_failures = True, 0
        elif kind == "init-error":
            raise pickle.loads(message[1])
        else:
            self._answer(worker, kind, message[1], message[2])

    def _answer(self, worker: _Worker, kind: str, number: int, payload: Any) -> None:
        unit = self._running.pop(number)
        worker.unit = None
        if kind == "done":
            unit.results = payload
        else:
            log.error("coding a batch of %d documents raised %s", len(unit.docs), payload)
            unit.results = failed_results(
                unit.docs, f"dyad raised {payload} on this batch (please report it)"
            )

    # --- deaths ---------------------------------------------------------------------------------

    def _died(self, worker: _Worker) -> None:
        worker.process.join(_JOIN_S)
        why = _cause(worker.process.exitcode)
        worker.conn.close()
        index = self._pool.index(worker)
        if not worker.ready:
            self._start_failures += 1
            if self._start_failures >= START_FAILURES:
                raise WorkerStartError(
                    f"{self._start_failures} worker processes in a row died while starting "
                    f"({why}); check free memory and that the model loads with workers=1"
                )
        self._pool[index] = self._start()
        unit = worker.unit
        if unit is None or unit.results is not None:
            log.warning("a worker process died between batches (%s); replaced", why)
            return
        self._running.pop(unit.number, None)
        unit.deaths += 1
        unit.why = why
        log.warning(
            "a worker process died coding %d document(s) (%s, death %d of this batch); replaced",
            len(unit.docs), why, unit.deaths,
        )  # fmt: skip
        self._retry(unit)

    def _retry(self, unit: _Unit) -> None:
        """Run a dead worker's unit again; after MAX_DEATHS, in halves; a lone document fails."""
        if unit.deaths < MAX_DEATHS:
            self._queue.appendleft(unit)
            return
        if len(unit.docs) == 1:
            unit.results = failed_results(
                unit.docs,
                f"a worker process died coding this document {unit.deaths} times ({unit.why}); "
                "it was coded alone, so this document is the cause (a crash or too much memory)",
            )
            return
        half = len(unit.docs) // 2
        pieces = [self._unit(unit.docs[:half], deaths=1), self._unit(unit.docs[half:], deaths=1)]
        batch = next(b for b in self._batches if any(u is unit for u in b.units))
        at = next(i for i, u in enumerate(batch.units) if u is unit)
        batch.units[at : at + 1] = pieces
        self._queue.extendleft(reversed(pieces))

    def _start(self) -> _Worker:
        return self._spawn(self.batch_fn)

    def _spawn(self, batch_fn: Callable[..., list[DocumentResult]]) -> _Worker:
        context = multiprocessing.get_context("spawn")
        mine, theirs = context.Pipe(duplex=True)
        process = context.Process(
            target=_serve,
            args=(theirs, self.options, batch_fn, self.init, os.getpid()),
            name="dyad-worker",
            daemon=True,
        )
        process.start()
        theirs.close()
        return _Worker(process, mine)


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _cause(exitcode: int | None) -> str:
    if exitcode is None:
        return "no exit status"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"killed by {name}" + (", out of memory?" if exitcode == -signal.SIGKILL else "")
    return f"exit status {exitcode}"


def failed_results(batch: list[DocumentInput], reason: str) -> list[DocumentResult]:
    """One failed record per document, for documents that could not be coded at all."""
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
