"""The local process pool: same records as in-process, in input order, surviving dead workers."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

from dyad import Coder, Options
from dyad.engines.local import code_batch, code_parallel
from dyad.engines.run import code_documents, code_inputs
from dyad.errors import OptionsError
from dyad.records import DocumentInput, DocumentResult

SENTENCES = [
    "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Tuesday.",
    "Israeli troops attacked Hamas fighters in Gaza, the army said.",
    "The United Nations Security Council condemned the attack on the embassy.",
    "Iran rejected the proposal from the European Union.",
]


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
def test_poison_batch_fails_alone(coder: Coder, expected: list[DocumentResult]) -> None:
    """A batch that kills its worker every time becomes failed records; every other batch is coded."""
    results = list(
        code_parallel(corpus(14), coder.options, workers=2, batch_size=3, batch_fn=kill_always)
    )
    assert [r.doc_id for r in results] == [r.doc_id for r in expected]
    poisoned = {r.doc_id for r in results if r.error and "worker process died" in r.error}
    assert "d5" in poisoned and len(poisoned) == 3
    assert [r for r in results if r.doc_id not in poisoned] == [
        r for r in expected if r.doc_id not in poisoned
    ]


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


def test_code_inputs_records_carry_their_sources(coder: Coder) -> None:
    """code_inputs yields records that carry their input's publisher, in order, and counts them."""
    docs = [
        DocumentInput(id=f"s{i}", text=SENTENCES[i % 4], source=f"paper-{i}" if i % 2 else None)
        for i in range(5)
    ]
    run = code_inputs(docs, options=coder.options, workers=1, total=5)
    records = list(run)
    assert [(r.doc_id, r.source) for r in records] == [(d.id, d.source) for d in docs]
    assert run.summary.stats.documents == 5 and run.summary.stats.coded == 5


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"engine": "spark"}, "engine must be one of"),
        ({"scheduler": "tcp://h:8786"}, 'set engine to "dask"'),
        ({"engine": "dask", "scheduler": "tcp://h:8786"}, "needs parts_dir"),
        ({"workers": 0}, "workers must be 1 or more"),
    ],
)
def test_bad_engine_settings_are_refused_with_the_fix(
    kwargs: dict[str, object], message: str
) -> None:
    """Wrong engine, scheduler or worker settings fail before any work, naming the parameter and
    saying what to change."""
    with pytest.raises(OptionsError, match=message):
        code_documents(["-"], **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "spark"], "--engine must be one of"),
        (["--scheduler", "tcp://h:8786"], 'set --engine to "dask"'),
        (["--engine", "dask", "--scheduler", "tcp://h:8786"], "--scheduler needs --parts-dir"),
        (["--workers", "0"], "--workers must be 1 or more"),
    ],
)
def test_bad_engine_flags_are_named_as_flags(args: list[str], message: str) -> None:
    """On the command line the same errors name the flags, and exit with the usage code 2."""
    done = subprocess.run(
        [sys.executable, "-m", "dyad", "code", "-", "--quiet", *args],
        input="",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and message in " ".join(done.stderr.split())
