"""A coding run: read inputs, code them on the chosen engine, count what happened.

One call, :func:`code_documents` (paths) or :func:`code_inputs` (documents already read), checks
the engine settings, picks the engine (this process or a local process pool, or Dask) and hands
back a :class:`CodingRun`: iterate it for the records, in input order; read ``run.summary``
afterwards for the counts, which add up to the input count. Nothing here prints: the command line
draws the progress bar around the run and prints the summary.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import OptionsError
from ..limits import Limits
from ..options import Options
from ..readers import CsvColumns, ReadStats, count_documents, read_paths
from ..records import DocumentInput, DocumentResult, RunStats
from ._pool import default_workers
from .local import BATCH_SIZE, code_parallel

ENGINES = ("local", "dask")


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What a run did: the documents' fates, reader counts, time and rates."""

    stats: RunStats = field(default_factory=RunStats)
    elapsed_s: float = 0.0
    engine: str = "local"
    workers: int = 1
    files: int = 0
    records_skipped: tuple[tuple[str, int], ...] = ()  # (kind, count): WARC requests, images, ...
    not_read: tuple[tuple[str, int], ...] = ()  # (reason, count): folder entries left out

    @property
    def documents_per_s(self) -> float:
        return self.stats.documents / self.elapsed_s if self.elapsed_s else 0.0

    @property
    def sentences_per_s(self) -> float:
        return self.stats.sentences / self.elapsed_s if self.elapsed_s else 0.0

    def to_dict(self) -> dict[str, Any]:
        s = self.stats
        return {
            "documents": s.documents,
            "coded": s.coded,
            "empty": s.empty,
            "skipped": s.skipped,
            "failed": s.failed,
            "sentences": s.sentences,
            "events": s.events,
            "elapsed_s": round(self.elapsed_s, 3),
            "documents_per_s": round(self.documents_per_s, 2),
            "sentences_per_s": round(self.sentences_per_s, 2),
            "engine": self.engine,
            "workers": self.workers,
            "files": self.files,
            "records_skipped": dict(self.records_skipped),
            "not_read": dict(self.not_read),
        }


class CodingRun(Iterator[DocumentResult]):
    """The records of a run, in input order, with the run's counts in :attr:`summary`.

    ``total`` is the number of input documents when it was known before the run (for an ETA).
    """

    def __init__(
        self,
        results: Iterable[DocumentResult],
        *,
        reader: ReadStats,
        engine: str,
        workers: int,
        total: int | None,
    ) -> None:
        self._reader, self._engine, self._workers = reader, engine, workers
        self.total = total
        self._stats = RunStats()
        self._elapsed = 0.0
        self._stream = self._run(results)

    def __iter__(self) -> CodingRun:
        return self

    def __next__(self) -> DocumentResult:
        return next(self._stream)

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
            not_read=tuple(sorted(self._reader.not_read.items())),
        )

    def _run(self, results: Iterable[DocumentResult]) -> Generator[DocumentResult, None, None]:
        started = time.perf_counter()
        try:
            for result in results:
                self._stats = self._stats.add(result)
                self._elapsed = time.perf_counter() - started
                yield result
        finally:
            self._elapsed = time.perf_counter() - started


def code_documents(
    paths: Sequence[str],
    *,
    published: str | None = None,
    options: Options | None = None,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    parts_dir: Path | None = None,
    csv_columns: CsvColumns | None = None,
) -> CodingRun:
    """Read ``paths`` and code them on ``workers`` cores (or on Dask); see :class:`CodingRun`."""
    check_engine(engine=engine, workers=workers, scheduler=scheduler, parts_dir=parts_dir)
    options = options or Options.load()
    reader = ReadStats()
    docs = read_paths(
        paths,
        published=published,
        csv_columns=csv_columns,
        stats=reader,
        limits=Limits.of(options),
    )
    return code_inputs(
        docs,
        options=options,
        engine=engine,
        workers=workers,
        scheduler=scheduler,
        parts_dir=parts_dir,
        total=count_documents(paths),
        reader=reader,
    )


def code_inputs(
    docs: Iterable[DocumentInput],
    *,
    options: Options | None = None,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    parts_dir: Path | None = None,
    total: int | None = None,
    reader: ReadStats | None = None,
) -> CodingRun:
    """Code documents already read (e.g. filtered first, as ``code_and_store`` does).

    ``total`` (if known) is the number of documents, for an ETA; ``reader`` is the
    :class:`ReadStats` the reader filled in, for the summary.
    """
    check_engine(engine=engine, workers=workers, scheduler=scheduler, parts_dir=parts_dir)
    options = options or Options.load()
    workers = workers or default_workers()
    if engine == "local" and total is not None and total <= BATCH_SIZE:
        workers = 1  # one batch: starting worker processes would cost more than it saves
    if engine == "dask":
        from .dask import code_with_dask  # pyarrow and dask load only for a Dask run

        results = code_with_dask(
            docs, options, scheduler=scheduler, parts_dir=parts_dir, workers=workers
        )
    else:
        results = code_parallel(docs, options, workers)
    return CodingRun(
        results, reader=reader or ReadStats(), engine=engine, workers=workers, total=total
    )


def check_engine(
    *, engine: str, workers: int | None, scheduler: str | None, parts_dir: Path | None
) -> None:
    """Refuse engine settings that cannot work, before any document is read."""
    if engine not in ENGINES:
        raise OptionsError(
            f"{{engine}} must be one of {', '.join(ENGINES)}, not {engine!r}",
            parameters=("engine",),
        )
    if scheduler is not None and engine != "dask":
        raise OptionsError(
            '{scheduler} is the address of a Dask scheduler; set {engine} to "dask"',
            parameters=("scheduler", "engine"),
        )
    if scheduler is not None and parts_dir is None:
        raise OptionsError(
            "{scheduler} needs {parts_dir}: a folder that every Dask worker and this machine can "
            "reach (a shared filesystem), for the Parquet part files",
            parameters=("scheduler", "parts_dir"),
        )
    if workers is not None and workers < 1:
        raise OptionsError(f"{{workers}} must be 1 or more, not {workers}", parameters=("workers",))
