"""The loop behind ``dyad eval``: read a gold file, code its texts with one call, score them.

The gold readers (:mod:`.gold`), scoring (:mod:`.scoring`) and the report (:mod:`.report`) are
its pieces; ``dyad.eval`` re-exports them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ..errors import InputError
from ..records import DocumentInput, DocumentResult
from .gold import read_gold
from .items import GoldItem
from .results import EvalReport
from .scoring import score

CodeFn = Callable[[list[DocumentInput]], list[DocumentResult]]


def gold_inputs(gold: Sequence[GoldItem]) -> list[DocumentInput]:
    """The documents to code for a gold suite: one per gold sentence."""
    return [DocumentInput(id=item.id, text=item.text, published=item.published) for item in gold]


def evaluate_file(path: str | Path, code_fn: CodeFn) -> EvalReport:
    """Read one gold file, code its sentences with ``code_fn`` (one call) and score them."""
    gold = read_gold(path)
    if not gold:
        raise InputError(f"{path}: no gold records found; check that it is a supported gold file")
    results = code_fn(gold_inputs(gold))
    return score(gold, {result.doc_id: result for result in results})


def run_eval(
    paths: Iterable[str | Path], code_fn: CodeFn, *, min_f1: float | None = None
) -> tuple[list[EvalReport], bool]:
    """Evaluate each gold file; ``ok`` is False when a suite's main figure is below ``min_f1``.

    The main figure is F1 for PETRARCH and dyad gold, the root hit rate for the codebook and the
    type hit rate for PLOVER gold.
    """
    reports = [evaluate_file(path, code_fn) for path in paths]
    ok = min_f1 is None or all(report.main_figure >= min_f1 for report in reports)
    return reports, ok
