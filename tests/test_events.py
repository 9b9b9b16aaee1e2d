"""The events stage (dyad.pipeline.events): each case sentence (written for dyad) yields its
expected CAMEO event and dyad."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from dyad import Coder

CASES = Path(__file__).with_name("cases") / "patterns.tsv"


def _cases() -> list[Any]:
    """The rows of patterns.tsv; a row with a fifth column is a known error of dyad's, said
    there, and expected to fail until it is fixed (strict: a fix shows as a pass to re-pin)."""
    lines = [
        ln for ln in CASES.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")
    ]
    reader = csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE)
    out = []
    for row in reader:
        fields = (row[0], row[1], row[2], row[3] if len(row) > 3 else "")
        known = row[4] if len(row) > 4 else ""
        marks = [pytest.mark.xfail(reason=f"known error: {known}", strict=True)] if known else []
        out.append(pytest.param(*fields, marks=marks, id=row[0][:60]))
    return out


CASE_LIST = _cases()


def test_cases_cover_every_root() -> None:
    """The case file exercises all twenty CAMEO roots."""
    assert {case.values[1][:2] for case in CASE_LIST} == {f"{n:02d}" for n in range(1, 21)}


@pytest.mark.parametrize(("sentence", "cameo", "source", "target"), CASE_LIST)
def test_pattern_case(coder: Coder, sentence: str, cameo: str, source: str, target: str) -> None:
    """The sentence is coded with the expected code, source and target."""
    result = coder.code_text(sentence, published="2024-06-01")
    found = {
        (
            e.cameo,
            e.source.code if e.source else "",
            e.target.code if e.target and e.target.code else "",
        )
        for e in result.events
    }
    assert (cameo, source, target) in found, f"got {sorted(found)}"
