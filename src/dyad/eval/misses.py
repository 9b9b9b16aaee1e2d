"""Error kinds: every miss and false alarm, named so a report can count the commonest.

A missed gold event is paired with a left-over prediction when there is one (same root first),
so a near miss counts once ("right root, source wrong") rather than as one miss plus one false
alarm. What cannot be paired is "no event found", "missed event (others found)" or an
"extra event".
"""

from __future__ import annotations

from collections.abc import Sequence

from dyad.eval.actors import actors_match
from dyad.eval.items import GoldEvent, GoldItem
from dyad.eval.results import ErrorCase
from dyad.records import Actor, Event

EXCERPT_CHARS = 160
NO_EVENT = "no event found"


def pred_code(actor: Actor | None) -> str | None:
    """A predicted actor's code (None when the actor is missing or uncoded)."""
    return actor.code if actor is not None else None


def root_of(code: str | None) -> str | None:
    """The CAMEO root (first two digits) of a code."""
    return code[:2] if code else None


def actor_text(actor: Actor | None) -> str:
    """A predicted actor for a report: its code, ``?(words)`` when uncoded, ``-`` when absent."""
    if actor is None:
        return "-"
    return actor.code or f"?({actor.text})"


def describe_gold(event: GoldEvent) -> str:
    """``042 USA->CHN`` (the PLOVER type when there is no CAMEO code; no arrow without actors)."""
    label = str(event.cameo or event.plover)
    if event.source is None and event.target is None:
        return label
    return f"{label} {event.source or '-'}->{event.target or '-'}"


def describe_pred(event: Event | None) -> str:
    """``042 USAGOV->CHN [CONSULT]``, or ``none``."""
    if event is None:
        return "none"
    ptype = f" [{event.plover.type}]" if event.plover else ""
    return f"{event.cameo} {actor_text(event.source)}->{actor_text(event.target)}{ptype}"


def error_case(kind: str, item: GoldItem, gold: GoldEvent | None, pred: Event | None) -> ErrorCase:
    """One error record with a text excerpt."""
    text = item.text if len(item.text) <= EXCERPT_CHARS else item.text[:EXCERPT_CHARS] + "..."
    return ErrorCase(
        kind, item.id, text, describe_gold(gold) if gold else "none", describe_pred(pred)
    )


def side_error(gold: str | None, actor: Actor | None, role: str, prefix: str) -> str:
    """Why one actor slot failed: missing, uncoded, present where gold has none, or wrong."""
    if gold and actor is None:
        return f"missing {role}"
    if gold and pred_code(actor) is None:
        return "actor uncoded (None)"
    if not gold:
        return f"extra {role} (gold has none)"
    return f"{prefix}, {role} wrong"


def actor_error_kind(gold: GoldEvent, pred: Event, prefix: str) -> str:
    """The kind of a near miss whose event label is right but whose actors are not."""
    src, tgt = pred_code(pred.source), pred_code(pred.target)
    failed = [
        side_error(code, actor, role, prefix)
        for code, actor, got, role in (
            (gold.source, pred.source, src, "source"),
            (gold.target, pred.target, tgt, "target"),
        )
        if not actors_match(code, got)
    ]
    crossed = actors_match(gold.source, tgt) and actors_match(gold.target, src)
    if len(failed) == 2 and gold.source and gold.target and crossed:
        return "source/target swapped"
    if not failed:
        return f"{prefix}, actors right"
    if len(set(failed)) == 1:
        return failed[0]
    return f"{prefix}, source and target wrong"


def pair_kind(gold: GoldEvent, pred: Event) -> str:
    """Kind of a missed gold event paired with a left-over prediction."""
    if root_of(gold.cameo) == root_of(pred.cameo):
        return actor_error_kind(gold, pred, "right root")
    src_ok = actors_match(gold.source, pred_code(pred.source))
    tgt_ok = actors_match(gold.target, pred_code(pred.target))
    return "wrong root" if src_ok and tgt_ok else "wrong root and actors"


def slots_agreeing(gold: GoldEvent, pred: Event) -> int:
    """How many of source and target a prediction gets right (0-2)."""
    src = actors_match(gold.source, pred_code(pred.source))
    return src + actors_match(gold.target, pred_code(pred.target))


def partner(gold: GoldEvent, left: list[Event]) -> Event | None:
    """The left-over prediction to pair a miss with: same root first, then most actors right."""
    if not left:
        return None

    def closeness(i: int) -> tuple[bool, int, int]:
        pred = left[i]
        return (root_of(pred.cameo) == root_of(gold.cameo), slots_agreeing(gold, pred), -i)

    return left[max(range(len(left)), key=closeness)]


def classify_misses(
    item: GoldItem, predicted: Sequence[Event], missed: Sequence[GoldEvent], extra: Sequence[Event]
) -> list[ErrorCase]:
    """Error cases for one sentence's unmatched gold events and unmatched predictions."""
    left, cases = list(extra), []
    for gold in missed:
        pred = partner(gold, left)
        if pred is None:
            kind = "missed event (others found)" if predicted else NO_EVENT
        else:
            left.remove(pred)
            kind = pair_kind(gold, pred)
        cases.append(error_case(kind, item, gold, pred))
    extra_kind = "extra event" if item.events else "extra event (no gold)"
    return cases + [error_case(extra_kind, item, None, pred) for pred in left]
