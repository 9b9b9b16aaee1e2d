"""Frozen result records of an evaluation: counts, agreement, hit tables, errors, the report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

ScoreMode = Literal["events", "codebook", "plover"]
EXAMPLES_PER_KIND = 5


def ratio(part: int, whole: int) -> float | None:
    """``part / whole``, or None when there is nothing to divide by."""
    return part / whole if whole else None


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, false positives and false negatives, with the figures they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float | None:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall; 1.0 when nothing was expected or predicted."""
        if self.tp + self.fp + self.fn == 0:
            return 1.0
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True, slots=True)
class Agreement:
    """How many matched pairs had a field to compare, and how many agreed on it."""

    compared: int = 0
    agreed: int = 0

    def __add__(self, other: Agreement) -> Agreement:
        return Agreement(self.compared + other.compared, self.agreed + other.agreed)

    @property
    def rate(self) -> float | None:
        return ratio(self.agreed, self.compared)

    def to_dict(self) -> dict[str, Any]:
        return {"compared": self.compared, "agreed": self.agreed, "rate": self.rate}


@dataclass(frozen=True, slots=True)
class HitRow:
    """Sentence-level hits: codebook (root hits, exact-code hits) or PLOVER (type hits, actors)."""

    items: int = 0
    hits: int = 0
    exact: int = 0
    source_ok: int = 0
    target_ok: int = 0

    def __add__(self, other: HitRow) -> HitRow:
        return HitRow(
            self.items + other.items,
            self.hits + other.hits,
            self.exact + other.exact,
            self.source_ok + other.source_ok,
            self.target_ok + other.target_ok,
        )

    @property
    def hit_rate(self) -> float | None:
        return ratio(self.hits, self.items)

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "hits": self.hits,
            "hit_rate": self.hit_rate,
            "exact": self.exact,
            "exact_rate": ratio(self.exact, self.items),
            "source_ok": self.source_ok,
            "source_accuracy": ratio(self.source_ok, self.hits),
            "target_ok": self.target_ok,
            "target_accuracy": ratio(self.target_ok, self.hits),
        }


@dataclass(frozen=True, slots=True)
class ErrorCase:
    """One miss or false alarm: its kind and what the gold and the prediction said."""

    kind: str
    doc_id: str
    text: str
    gold: str
    predicted: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "doc_id": self.doc_id,
            "text": self.text,
            "gold": self.gold,
            "predicted": self.predicted,
        }


@dataclass(frozen=True)
class EvalReport:
    """The result of scoring one gold suite; ``main_figure`` is what a quality floor checks."""

    suite: str
    mode: ScoreMode
    documents: int
    gold_events: int
    predicted_events: int
    unscored_documents: int = 0  # no prediction for the id, or coding failed
    counts: Counts = Counts()
    per_root: dict[str, Counts] = field(default_factory=dict)
    per_phenomenon: dict[str, Counts] = field(default_factory=dict)
    agreement: dict[str, Agreement] = field(default_factory=dict)
    # of the predicted events' actors, those with a role but no state; of the predicted events,
    # those without a target
    role_only: Agreement = Agreement()
    no_target: Agreement = Agreement()
    hits: HitRow = HitRow()
    per_key: dict[str, HitRow] = field(default_factory=dict)
    errors: tuple[ErrorCase, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def main_label(self) -> str:
        return {"events": "F1", "codebook": "root hit rate", "plover": "type hit rate"}[self.mode]

    @property
    def main_figure(self) -> float:
        if self.mode == "events":
            return self.counts.f1
        return self.hits.hit_rate or 0.0

    def error_kinds(self, limit: int | None = None) -> list[tuple[str, int, ErrorCase]]:
        """(kind, count, first example), commonest first."""
        counts = Counter(case.kind for case in self.errors)
        first: dict[str, ErrorCase] = {}
        for case in self.errors:
            first.setdefault(case.kind, case)
        return [(kind, n, first[kind]) for kind, n in counts.most_common(limit)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "suite": self.suite,
            "mode": self.mode,
            "main": {"label": self.main_label, "value": self.main_figure},
            "documents": self.documents,
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            "unscored_documents": self.unscored_documents,
            "counts": self.counts.to_dict() if self.mode == "events" else None,
            "per_root": {k: v.to_dict() for k, v in self.per_root.items()},
            "per_phenomenon": {k: v.to_dict() for k, v in self.per_phenomenon.items()},
            "agreement": {k: v.to_dict() for k, v in self.agreement.items()},
            "role_only_actors": self.role_only.to_dict(),
            "events_without_target": self.no_target.to_dict(),
            "hits": self.hits.to_dict() if self.mode != "events" else None,
            "per_key": {k: v.to_dict() for k, v in self.per_key.items()},
            "error_kinds": [self._kind_dict(kind, n) for kind, n, _ in self.error_kinds()],
            "notes": list(self.notes),
        }

    def _kind_dict(self, kind: str, count: int) -> dict[str, Any]:
        cases = [c for c in self.errors if c.kind == kind][:EXAMPLES_PER_KIND]
        return {"kind": kind, "count": count, "examples": [c.to_dict() for c in cases]}
