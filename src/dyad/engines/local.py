"""Code documents on all local cores: a process pool, one model per worker, bounded batches.

The pure function at the boundary is :func:`code_batch`: documents in, records out, with the
worker's own :class:`~dyad.pipeline.coder.Coder` (built once per process by :func:`worker_coder`). The Dask
engine runs the very same function on cluster workers. Batches stream through the pool
(:class:`~dyad.engines._pool.WorkerPool`) with at most ``2 x workers`` in flight, so memory stays
flat however large the corpus, and results come back in input order. A worker process that dies
(killed, out of memory) is replaced and only its batch runs again; a batch that keeps killing
workers is cut in halves until the document that does it is alone, and that one fails.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from ..options import Options
from ..records import DocumentInput, DocumentResult
from ._pool import BatchFn, WorkerPool, failed_results

if TYPE_CHECKING:
    from ..pipeline.coder import Coder

__all__ = ["BATCH_SIZE", "batched", "code_batch", "code_parallel", "failed_results", "worker_coder"]

log = logging.getLogger(__name__)

BATCH_SIZE = 32  # documents per task
# characters per task: news mixes short items with long articles, and a task of 32 long ones
# would be many times one of 32 short ones; tasks of like size keep every worker busy to the end
BATCH_CHARS = 20_000


@lru_cache(maxsize=2)
def worker_coder(options: Options) -> Coder:
    """The process's coder for ``options``: built (and the model loaded) once, then reused.

    The coder (and with it spaCy) is imported here, not with this module: the process that only
    hands batches to worker processes never loads spaCy (half a second of imports it never used)."""
    from ..pipeline.coder import Coder

    coder = Coder(options)
    coder.nlp  # noqa: B018 -- load the model now, not inside the first batch
    return coder


def code_batch(docs: list[DocumentInput], options: Options) -> list[DocumentResult]:
    """Code one batch with this process's coder; one result per document, in order."""
    return list(worker_coder(options).code(docs))


def batched(
    docs: Iterable[DocumentInput], size: int, *, max_chars: int | None = None
) -> Iterator[list[DocumentInput]]:
    """Lists of up to ``size`` documents, read lazily from ``docs``; with ``max_chars``, a list
    also ends once its texts reach that many characters (a longer document is a list alone)."""
    limit = max_chars if max_chars is not None else float("inf")
    batch: list[DocumentInput] = []
    chars = 0
    for doc in docs:
        batch.append(doc)
        chars += len(doc.text)
        if len(batch) >= size or chars >= limit:
            yield batch
            batch, chars = [], 0
    if batch:
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
    pool = WorkerPool(workers, options, batch_fn, init=worker_coder)
    yield from pool.run(batched(docs, batch_size, max_chars=BATCH_CHARS))


def _in_process(
    batch_fn: BatchFn, batch: list[DocumentInput], options: Options
) -> list[DocumentResult]:
    try:
        return batch_fn(batch, options)
    except Exception as exc:  # a bug on one batch must not end a run of millions of documents
        log.error("coding a batch of %d documents raised %s", len(batch), exc, exc_info=exc)
        return failed_results(
            batch, f"dyad raised {type(exc).__name__}: {exc} on this batch (please report it)"
        )
