"""Evaluation gate: dyad's scores on its own gold (dev.jsonl) and the peer gold suites never drop
below the pinned floors.

Floors live in ``tests/eval_floors.json``; they are set at what dyad reached when they were pinned
and only ever go up (raise them when dyad improves; never lower one to go green).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyad import Coder
from dyad.eval import run_eval

from .conftest import SHARED

FLOORS = json.loads((Path(__file__).with_name("eval_floors.json")).read_text(encoding="utf-8"))


@pytest.mark.parametrize("suite", sorted(k for k in FLOORS if not k.startswith("_")))
def test_suite_stays_above_its_floors(coder: Coder, suite: str) -> None:
    """Each suite's main figure and secondary figures stay at or above the pinned floors."""
    spec = FLOORS[suite]
    path = SHARED / spec["path"]
    if not path.exists():
        pytest.skip(f"gold file {path} is not present")
    (report,), _ = run_eval([path], lambda docs: list(coder.code(docs)))
    figures = report.to_dict()
    for key, floor in spec["floors"].items():
        value = _lookup(figures, key)
        assert value >= floor, f"{suite}: {key} = {value:.3f} fell below its floor {floor}"


def _lookup(figures: dict, dotted: str) -> float:  # type: ignore[type-arg]
    node: object = figures
    for part in dotted.split("."):
        assert isinstance(node, dict), dotted
        node = node[part]
    assert isinstance(node, int | float), dotted
    return float(node)
