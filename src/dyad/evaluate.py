"""The library behind ``dyad eval``: read gold files, code their texts, score, report.

``run_eval`` is the whole loop; the pieces are re-exported here from the ``dyad.eval`` package
(``gold`` readers, ``scoring``, ``report``) so callers need only this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from dyad.errors import InputError
from dyad.eval.actors import IGO_ALIASES, actor_key, actors_match, normalize_gold_actor
from dyad.eval.gold import detect_format, read_codebook, read_dyad_gold, read_gold
from dyad.eval.items import GoldEvent, GoldItem
from dyad.eval.petr import read_petrarch_xml
from dyad.eval.plover import load_plover_legacy, read_plover_gold
from dyad.eval.report import format_report
from dyad.eval.results import Agreement, Counts, ErrorCase, EvalReport, HitRow
from dyad.eval.scoring import event_matches, match_events, score
from dyad.records import DocumentInput, DocumentResult

__all__ = [
    "IGO_ALIASES",
    "Agreement",
    "CodeFn",
    "Counts",
    "ErrorCase",
    "EvalReport",
    "GoldEvent",
    "GoldItem",
    "HitRow",
    "actor_key",
    "actors_match",
    "detect_format",
    "event_matches",
    "format_report",
    "gold_inputs",
    "load_plover_legacy",
    "match_events",
    "normalize_gold_actor",
    "read_codebook",
    "read_dyad_gold",
    "read_gold",
    "read_petrarch_xml",
    "read_plover_gold",
    "run_eval",
    "score",
]

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
