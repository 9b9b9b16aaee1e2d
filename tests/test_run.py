"""A coding run (dyad.engines.run): records in input order that carry their publisher, counts in
the summary, and engine settings refused before any work, named as parameters or as flags."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dyad import Coder
from dyad.engines.run import code_documents, code_inputs
from dyad.errors import OptionsError
from dyad.records import DocumentInput

from .coding import SENTENCES


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


@pytest.mark.slow
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
