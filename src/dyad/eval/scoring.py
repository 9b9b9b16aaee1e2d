"""Scoring predictions against gold: events (P/R/F1), codebook hits and PLOVER hits.

Matching rule (docs/contract.md): a predicted event matches a gold event when both have the same
CAMEO root (first two digits) and their source and target agree under ``actors.actors_match``.
Each sentence is matched greedily and one-to-one, in gold order, exact-code pairs first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from dyad.eval.actors import GENERIC_BODIES, UNKNOWN_COUNTRY, actors_match
from dyad.eval.items import GoldEvent, GoldItem
from dyad.eval.misses import (
    NO_EVENT,
    actor_error_kind,
    classify_misses,
    error_case,
    pred_code,
    root_of,
    slots_agreeing,
)
from dyad.eval.results import Agreement, Counts, ErrorCase, EvalReport, HitRow, ScoreMode
from dyad.records import DocumentResult, Event

AGREEMENT_FIELDS = ("exact_code", "role", "modality", "date", "historical")
MODES: dict[str, ScoreMode] = {
    "petrarch": "events",
    "dyad": "events",
    "codebook": "codebook",
    "plover": "plover",
}


def event_matches(gold: GoldEvent, pred: Event) -> bool:
    """The CONTRACT matching rule for one gold and one predicted event."""
    return (
        gold.cameo is not None
        and root_of(gold.cameo) == root_of(pred.cameo)
        and actors_match(gold.source, pred_code(pred.source))
        and actors_match(gold.target, pred_code(pred.target))
    )


def match_events(gold: Sequence[GoldEvent], predicted: Sequence[Event]) -> list[tuple[int, int]]:
    """Greedy one-to-one (gold index, predicted index) pairs, exact-code matches taken first."""
    pairs: list[tuple[int, int]] = []
    for exact in (True, False):
        for gi, g in enumerate(gold):
            if any(gi == a for a, _ in pairs):
                continue
            free = [pi for pi in range(len(predicted)) if all(pi != b for _, b in pairs)]
            hit = next(
                (
                    pi
                    for pi in free
                    if event_matches(g, predicted[pi])
                    and (not exact or predicted[pi].cameo == g.cameo)
                ),
                None,
            )
            if hit is not None:
                pairs.append((gi, hit))
    return sorted(pairs)


def pair_agreement(gold: GoldEvent, pred: Event) -> dict[str, Agreement]:
    """Secondary agreement of one matched pair; fields the gold leaves empty are not compared."""
    role = gold.source == pred_code(pred.source) and gold.target == pred_code(pred.target)
    out = {
        "exact_code": Agreement(1, int(gold.cameo == pred.cameo)),
        "role": Agreement(1, int(role)),
    }
    if gold.modality is not None:
        out["modality"] = Agreement(1, int(gold.modality == pred.modality))
    if gold.date is not None:
        out["date"] = Agreement(1, int(gold.date == pred.date))
    if gold.historical is not None:
        out["historical"] = Agreement(1, int(gold.historical == pred.historical))
    return out


V = TypeVar("V", Counts, Agreement, HitRow)


def merge(into: dict[str, V], more: Mapping[str, V]) -> None:
    """Add ``more`` into the local accumulator ``into`` key by key."""
    for key, value in more.items():
        into[key] = into[key] + value if key in into else value


@dataclass
class _Tally:
    """A suite's running totals while its sentences are scored (local to one ``score`` call)."""

    counts: Counts = field(default_factory=Counts)
    per_root: dict[str, Counts] = field(default_factory=dict)
    per_phenomenon: dict[str, Counts] = field(default_factory=dict)
    agreement: dict[str, Agreement] = field(default_factory=dict)
    role_only: Agreement = field(default_factory=Agreement)  # agreed = actors with no state
    no_target: Agreement = field(default_factory=Agreement)  # agreed = events with no target
    hits: HitRow = field(default_factory=HitRow)
    per_key: dict[str, HitRow] = field(default_factory=dict)
    errors: list[ErrorCase] = field(default_factory=list)


def score_sentence_events(item: GoldItem, predicted: Sequence[Event], tally: _Tally) -> None:
    """Match one sentence's events and add its TP/FP/FN, agreement and errors to ``tally``."""
    pairs = match_events(item.events, predicted)
    matched_g, matched_p = {g for g, _ in pairs}, {p for _, p in pairs}
    missed = [g for i, g in enumerate(item.events) if i not in matched_g]
    extra = [p for i, p in enumerate(predicted) if i not in matched_p]
    by_root = (
        [(item.events[g].cameo, Counts(tp=1)) for g, _ in pairs]
        + [(g.cameo, Counts(fn=1)) for g in missed]
        + [(p.cameo, Counts(fp=1)) for p in extra]
    )
    for code, counts in by_root:
        merge(tally.per_root, {str(root_of(code)): counts})
    sentence = Counts(len(pairs), len(extra), len(missed))
    tally.counts = tally.counts + sentence
    for phenomenon in item.phenomena:
        merge(tally.per_phenomenon, {phenomenon: sentence})
    actors = [a for p in predicted for a in (p.source, p.target) if a is not None]
    stateless = [a for a in actors if a.country is None and a.role is not None]
    tally.role_only = tally.role_only + Agreement(len(actors), len(stateless))
    untargeted = [p for p in predicted if p.target is None]
    tally.no_target = tally.no_target + Agreement(len(predicted), len(untargeted))
    for g, p in pairs:
        merge(tally.agreement, pair_agreement(item.events[g], predicted[p]))
    tally.errors.extend(classify_misses(item, predicted, missed, extra))


def score_sentence_codebook(item: GoldItem, predicted: Sequence[Event], tally: _Tally) -> None:
    """One codebook example: does any prediction have the gold code's root, or the code?"""
    code = item.events[0].cameo if item.events else None
    root_hit = any(root_of(p.cameo) == root_of(code) for p in predicted)
    exact = any(p.cameo == code for p in predicted)
    row = HitRow(items=1, hits=int(root_hit), exact=int(exact))
    tally.hits = tally.hits + row
    merge(tally.per_key, {str(root_of(code)): row})
    if root_hit and exact:
        return
    kind = "right root, other code" if root_hit else "wrong root" if predicted else NO_EVENT
    near = [p for p in predicted if root_of(p.cameo) == root_of(code)] or list(predicted)
    gold = item.events[0] if item.events else None
    tally.errors.append(error_case(kind, item, gold, near[0] if near else None))


def best_pair(gold: Sequence[GoldEvent], typed: Sequence[Event]) -> tuple[GoldEvent, Event]:
    """The gold event and prediction that agree on the most actor slots (first such pair)."""
    pairs = [(g, p) for g in gold for p in typed]
    return max(pairs, key=lambda pair: slots_agreeing(*pair))


def score_sentence_plover(item: GoldItem, predicted: Sequence[Event], tally: _Tally) -> None:
    """One PLOVER sentence: type hit, then source and target among events of that type."""
    ptype = next((g.plover for g in item.events if g.plover), None)
    typed = [p for p in predicted if p.plover is not None and p.plover.type == ptype]
    src = any(actors_match(g.source, pred_code(p.source)) for g in item.events for p in typed)
    tgt = any(actors_match(g.target, pred_code(p.target)) for g in item.events for p in typed)
    row = HitRow(1, int(bool(typed)), 0, int(src), int(tgt))
    tally.hits = tally.hits + row
    merge(tally.per_key, {str(ptype): row})
    gold0 = item.events[0] if item.events else None
    if not typed:
        kind = NO_EVENT if not predicted else "wrong type"
        tally.errors.append(error_case(kind, item, gold0, predicted[0] if predicted else None))
    elif not (src and tgt) and item.events:
        g, p = best_pair(item.events, typed)
        tally.errors.append(error_case(actor_error_kind(g, p, "right type"), item, g, p))


SCORERS = {
    "events": score_sentence_events,
    "codebook": score_sentence_codebook,
    "plover": score_sentence_plover,
}


def predicted_events(result: DocumentResult | None) -> tuple[Event, ...] | None:
    """A document's predicted events, or None when it was not coded (missing or failed)."""
    if result is None or result.status == "failed":
        return None
    return result.events


def suite_mode(gold: Sequence[GoldItem]) -> ScoreMode:
    """The one scoring mode the gold items share."""
    modes = {MODES.get(item.kind, "events") for item in gold}
    if len(modes) > 1:
        raise ValueError(f"gold mixes scoring modes {sorted(modes)}; score each suite separately")
    return modes.pop() if modes else "events"


def actor_notes(gold: Iterable[GoldItem]) -> tuple[str, ...]:
    """Report notes on gold actor codes that the literal matching rule treats specially."""
    codes = [c for item in gold for e in item.events for c in (e.source, e.target) if c]
    unknown = sum(c.startswith(UNKNOWN_COUNTRY) for c in codes)
    generic = sum(c in GENERIC_BODIES for c in codes)
    notes = []
    if unknown:
        notes.append(
            f"{unknown} gold actor codes start with '---' (country unknown); they are compared"
            " as the bare role code that dyad writes for such actors ('---REB' as 'REB')."
        )
    if generic:
        notes.append(f"{generic} gold actors are a bare IGO/NGO and match any body of that kind.")
    return tuple(notes)


def score(gold: Sequence[GoldItem], predicted: Mapping[str, DocumentResult]) -> EvalReport:
    """Score one suite of gold items against ``doc_id → DocumentResult``."""
    mode, tally, unscored, n_pred = suite_mode(gold), _Tally(), 0, 0
    for item in gold:
        events, first_error = predicted_events(predicted.get(item.id)), len(tally.errors)
        SCORERS[mode](item, events or (), tally)
        n_pred += len(events or ())
        if events is None:
            unscored += 1
            tally.errors[first_error:] = [
                replace(c, kind="document not coded") for c in tally.errors[first_error:]
            ]
    return EvalReport(
        suite=", ".join(dict.fromkeys(item.suite for item in gold)),
        mode=mode,
        documents=len(gold),
        gold_events=sum(len(item.events) for item in gold),
        predicted_events=n_pred,
        unscored_documents=unscored,
        counts=tally.counts,
        per_root=dict(sorted(tally.per_root.items())),
        per_phenomenon=dict(sorted(tally.per_phenomenon.items())),
        role_only=tally.role_only,
        no_target=tally.no_target,
        agreement={k: tally.agreement[k] for k in AGREEMENT_FIELDS if k in tally.agreement},
        hits=tally.hits,
        per_key=dict(sorted(tally.per_key.items())),
        errors=tuple(tally.errors),
        notes=actor_notes(gold),
    )
