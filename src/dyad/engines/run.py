"""Coding at scale for ``dyad code`` and ``dyad ingest``: readers -> engine -> progress -> summary.

One call, :func:`code_documents` (paths) or :func:`code_inputs` (documents already read), picks
the engine (local process pool or Dask), wraps the results in the progress bar and hands back a
:class:`CodingRun`: iterate it for the records, in input order (or ``run.with_sources()`` for
``(record, publisher)`` pairs, what ``Store.ingest`` takes); read ``run.summary`` afterwards for
the counts, which add up to the input count.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Sequence
from pathlib import Path

from rich.console import Console

from ..cli.progress import RunSummary, print_summary, track
from ..errors import OptionsError
from ..options import Options
from ..readers import CsvColumns, ReadStats, count_documents, read_paths
from ..records import DocumentInput, DocumentResult, RunStats
from .dask import code_with_dask
from .local import BATCH_SIZE, code_parallel

ENGINES = ("local", "dask")


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class CodingRun(Iterator[DocumentResult]):
    """The records of a run, in input order, with the run's counts in :attr:`summary`."""

    def __init__(
        self,
        results: Iterable[DocumentResult],
        *,
        reader: ReadStats,
        engine: str,
        workers: int,
        total: int | None,
        quiet: bool,
        console: Console | None,
        sources: deque[str | None] | None = None,
    ) -> None:
        self._reader, self._engine, self._workers = reader, engine, workers
        self._sources = sources if sources is not None else deque()
        self._source: str | None = None
        self._quiet, self._console = quiet, console
        self._stats = RunStats()
        self._elapsed = 0.0
        self._stream = self._run(track(results, total=total, quiet=quiet, console=console))

    def __iter__(self) -> CodingRun:
        return self

    def __next__(self) -> DocumentResult:
        return next(self._stream)

    def with_sources(self) -> Iterator[tuple[DocumentResult, str | None]]:
        """``(record, publisher named by its input)`` pairs: what ``Store.ingest`` takes."""
        for result in self:
            yield result, self._source

    def close(self) -> None:
        """Stop early: shut the workers down (also done when the run is garbage-collected)."""
        self._stream.close()

    @property
    def summary(self) -> RunSummary:
        """Counts so far; final once the run is exhausted."""
        return RunSummary(
            stats=self._stats,
            elapsed_s=self._elapsed,
            engine=self._engine,
            workers=self._workers,
            files=self._reader.files,
            records_skipped=tuple(sorted(self._reader.skipped.items())),
        )

    def _run(self, results: Iterator[DocumentResult]) -> Generator[DocumentResult, None, None]:
        started = time.perf_counter()
        try:
            for result in results:
                self._source = self._sources.popleft() if self._sources else None
                self._stats = self._stats.add(result)
                self._elapsed = time.perf_counter() - started
                yield result
        finally:
            self._elapsed = time.perf_counter() - started
        if not self._quiet:
            print_summary(self.summary, self._console)


def code_documents(
    paths: Sequence[str],
    published: str | None = None,
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    quiet: bool = False,
    options: Options | None = None,
    *,
    csv_columns: CsvColumns | None = None,
    parts_dir: Path | None = None,
    console: Console | None = None,
) -> CodingRun:
    """Read ``paths`` and code them on ``workers`` cores (or on Dask); see :class:`CodingRun`."""
    _check(engine, scheduler, workers, parts_dir)
    reader = ReadStats()
    docs = read_paths(paths, published=published, csv_columns=csv_columns, stats=reader)
    return code_inputs(
        docs,
        options=options,
        workers=workers,
        engine=engine,
        scheduler=scheduler,
        quiet=quiet,
        total=count_documents(paths),
        reader=reader,
        parts_dir=parts_dir,
        console=console,
    )


def code_inputs(
    docs: Iterable[DocumentInput],
    *,
    options: Options | None = None,
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    quiet: bool = False,
    total: int | None = None,
    reader: ReadStats | None = None,
    parts_dir: Path | None = None,
    console: Console | None = None,
) -> CodingRun:
    """Code documents already read (e.g. filtered first, as ``dyad ingest`` does); see :func:`code_documents`.

    ``total`` (if known) gives the progress bar its ETA; ``reader`` is the :class:`ReadStats` the
    reader filled in, for the summary.
    """
    _check(engine, scheduler, workers, parts_dir)
    options = options or Options.load()
    workers = workers or default_workers()
    if engine == "local" and total is not None and total <= BATCH_SIZE:
        workers = 1  # one batch: starting worker processes would cost more than it saves
    sources: deque[str | None] = deque()  # inputs read but not yet coded: bounded by the engine
    results = _engine(
        _noting_sources(docs, sources), options, engine, workers, scheduler, parts_dir
    )
    return CodingRun(
        results,
        reader=reader or ReadStats(),
        engine=engine,
        workers=workers,
        total=total,
        quiet=quiet,
        console=console,
        sources=sources,
    )


def _noting_sources(
    docs: Iterable[DocumentInput], sources: deque[str | None]
) -> Iterator[DocumentInput]:
    for doc in docs:
        sources.append(doc.source)
        yield doc


def _engine(
    docs: Iterable[DocumentInput],
    options: Options,
    engine: str,
    workers: int,
    scheduler: str | None,
    parts_dir: Path | None,
) -> Iterator[DocumentResult]:
    if engine == "dask":
        return code_with_dask(
            docs, options, scheduler=scheduler, parts_dir=parts_dir, workers=workers
        )
    return code_parallel(docs, options, workers)


def _check(engine: str, scheduler: str | None, workers: int | None, parts_dir: Path | None) -> None:
    if engine not in ENGINES:
        raise OptionsError(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if scheduler is not None and engine != "dask":
        raise OptionsError("--scheduler is the address of a Dask scheduler; add --engine dask")
    if scheduler is not None and parts_dir is None:
        raise OptionsError(
            "--scheduler needs --parts-dir: a folder that every Dask worker and this machine can "
            "reach (a shared filesystem), for the Parquet part files"
        )
    if workers is not None and workers < 1:
        raise OptionsError(f"--workers must be 1 or more, not {workers}")
