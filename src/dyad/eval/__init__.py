"""Evaluation against gold standards: gold readers, scoring and reports behind ``dyad eval``.

:mod:`.run` is the whole loop (read a gold file, code its texts, score them); the readers,
scoring and report pieces are re-exported here so callers need only ``dyad.eval``.
"""

from .actors import IGO_ALIASES, actor_key, actors_match, normalize_gold_actor
from .gold import detect_format, read_codebook, read_dyad_gold, read_gold
from .items import GoldEvent, GoldItem
from .petr import read_petrarch_xml
from .plover import load_plover_legacy, read_plover_gold
from .report import format_report
from .results import Agreement, Counts, ErrorCase, EvalReport, HitRow
from .run import CodeFn, evaluate_file, gold_inputs, run_eval
from .scoring import event_matches, match_events, score

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
    "evaluate_file",
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
