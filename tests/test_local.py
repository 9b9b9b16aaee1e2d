"""The local engine (dyad.engines.local): same records as in-process, in input order, surviving dead workers."""

from __future__ import annotations

import os
import pickle
import time
from functools import partial
from pathlib import Path

import pytest

from dyad import Coder, Options
from dyad.engines.local import batched, code_batch, code_parallel
from dyad.records import DocumentInput, DocumentResult

from .coding import SENTENCES


def corpus(n: int) -> list[DocumentInput]:
    docs = [
        DocumentInput(id=f"d{i}", text=" ".join(SENTENCES[: 1 + i % 4]), published="2025-05-06")
        for i in range(n)
    ]
    return [
        *docs[:3],
        DocumentInput(id="empty", text=" "),
        DocumentInput(id="bad", text="", error="unreadable"),
        *docs[3:],
    ]


def kill_once(marker: str, batch: list[DocumentInput], options: Options) -> list[DocumentResult]:
    """Kill this worker process the first time any worker sees document d5, then code normally."""
    if any(d.id == "d5" for d in batch) and not os.path.exists(marker):
        Path(marker).write_text("killed", encoding="utf-8")
        os._exit(1)
    return code_batch(batch, options)


def kill_always(batch: list[DocumentInput], options: Options) -> list[DocumentResult]:
    """Kill the worker on any batch holding d5: a poison batch."""
    if any(d.id == "d5" for d in batch):
        os._exit(1)
    return code_batch(batch, options)


def raise_on_d2(batch: list[DocumentInput], options: Options) -> list[DocumentResult]:
    """A bug: raise on any batch holding d2."""
    if any(d.id == "d2" for d in batch):
        raise RuntimeError("boom")
    return code_batch(batch, options)


@pytest.fixture(scope="module")
def expected(coder: Coder) -> list[DocumentResult]:
    """The in-process coder's records for the test corpus."""
    return list(coder.code(corpus(14)))


def test_records_survive_pickling(expected: list[DocumentResult]) -> None:
    """Records crossing the process boundary come back equal (frozen slotted dataclasses pickle)."""
    assert any(r.events for r in expected)
    assert pickle.loads(pickle.dumps(expected)) == expected


@pytest.mark.slow
def test_two_workers_match_in_process_in_order(
    coder: Coder, expected: list[DocumentResult]
) -> None:
    """Two workers with small batches give the in-process records, in input order."""
    results = list(code_parallel(corpus(14), coder.options, workers=2, batch_size=3))
    assert results == expected
    assert [r.status for r in results[3:5]] == ["empty", "failed"]


def test_one_worker_codes_in_process(coder: Coder, expected: list[DocumentResult]) -> None:
    """workers=1 needs no pool and gives the same records."""
    assert list(code_parallel(corpus(14), coder.options, workers=1, batch_size=5)) == expected


@pytest.mark.slow
def test_dead_worker_batch_is_rerun(
    tmp_path: Path, coder: Coder, expected: list[DocumentResult]
) -> None:
    """A worker killed mid-batch is replaced and the batches in flight rerun: nothing lost or doubled."""
    marker = tmp_path / "killed"
    fn = partial(kill_once, str(marker))
    results = list(code_parallel(corpus(14), coder.options, workers=2, batch_size=3, batch_fn=fn))
    assert marker.exists()
    assert results == expected


@pytest.mark.slow
def test_poison_document_is_found_by_bisection_and_fails_alone(
    coder: Coder, expected: list[DocumentResult]
) -> None:
    """A document that kills its worker every time fails alone, with the reason; its batch-mates
    and every other batch are coded."""
    results = list(
        code_parallel(corpus(14), coder.options, workers=2, batch_size=4, batch_fn=kill_always)
    )
    assert [r.doc_id for r in results] == [r.doc_id for r in expected]
    poisoned = [r for r in results if r.status == "failed" and r.doc_id != "bad"]
    assert [r.doc_id for r in poisoned] == ["d5"]
    assert "worker process died coding this document 2 times" in (poisoned[0].error or "")
    assert [r for r in results if r.doc_id != "d5"] == [r for r in expected if r.doc_id != "d5"]


def wait_for(path: Path, seconds: float = 60.0) -> None:
    """Block until another process creates ``path`` (a hand-off between test and worker)."""
    give_up = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < give_up, f"{path.name} never appeared"
        time.sleep(0.02)


def kill_d1_while_d0_is_held(
    folder: str, batch: list[DocumentInput], options: Options
) -> list[DocumentResult]:
    """d0 is finished only once d1 is on the other worker; d1's worker dies (once) only after the
    consumer says it holds d0's record."""
    marks = Path(folder)
    if any(d.id == "d0" for d in batch):
        wait_for(marks / "d1-taken")
    if any(d.id == "d1" for d in batch) and not (marks / "killed").exists():
        (marks / "d1-taken").write_text("taken", encoding="utf-8")
        wait_for(marks / "holding-d0")
        (marks / "killed").write_text("killed", encoding="utf-8")
        os._exit(1)
    return code_batch(batch, options)


@pytest.mark.slow
def test_a_worker_dying_while_the_reader_waits_is_survived(
    tmp_path: Path, coder: Coder, expected: list[DocumentResult]
) -> None:
    """A worker dies while the consumer is busy with the oldest batch's record (slow stdout) and
    nobody waits on the pool: the run goes on and ends with every record, once, in order (the
    next submit raised BrokenProcessPool)."""
    results: list[DocumentResult] = []
    fn = partial(kill_d1_while_d0_is_held, str(tmp_path))
    for result in code_parallel(corpus(14), coder.options, workers=2, batch_size=1, batch_fn=fn):
        results.append(result)
        if len(results) == 1:  # a slow consumer: d1's worker dies while this record is held
            (tmp_path / "holding-d0").write_text("holding", encoding="utf-8")
            wait_for(tmp_path / "killed")
            time.sleep(0.5)  # let the process exit before the pool is asked for more
    assert [r.doc_id for r in results][:2] == ["d0", "d1"]
    assert results == expected


@pytest.mark.slow
def test_exception_in_a_batch_is_reported_per_document(coder: Coder) -> None:
    """A batch that raises becomes failed records naming the error; the run goes on."""
    for workers in (1, 2):
        results = list(
            code_parallel(
                corpus(6), coder.options, workers=workers, batch_size=3, batch_fn=raise_on_d2
            )
        )
        failed = [r for r in results if r.error and "RuntimeError" in r.error]
        assert len(results) == 8 and any(r.doc_id == "d2" for r in failed) and len(failed) == 3


def test_tasks_end_at_a_count_or_a_size_in_characters() -> None:
    """Short documents go 32 to a task; long ones end a task once it holds max_chars, so a
    corpus of short items and long articles gives tasks of like size; none is lost or split."""
    docs = [DocumentInput(id=f"s{n}", text="A short item.") for n in range(40)]
    docs += [DocumentInput(id=f"l{n}", text="A long article. " * 500) for n in range(5)]
    tasks = list(batched(docs, 32, max_chars=20_000))
    assert [len(t) for t in tasks] == [32, 11, 2]
    assert [d.id for t in tasks for d in t] == [d.id for d in docs]
    assert [len(t) for t in batched(docs, 32)] == [32, 13]
