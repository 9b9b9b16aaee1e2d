"""The merge stage: one event per act within a document (CODING.md §1.7).

The same act reported twice — the lede and the body, "met and held talks", "attacked ... the
air strikes" — is one event: its first report is the evidence and the others are its
``mentions``. Two reports are of the same act when they agree on source, target, CAMEO root,
modality and date, and their codes agree (the same code, or one is the root's generic code or
a prefix of the other: 040 "consult" and 046 "held talks"). The merged event keeps the most
specific code. Acts the text presents as distinct stay apart even with the same root and
actors: two specific codes ("shelled the posts and then struck them with drones": 194 and 195)
are two events.
"""

from __future__ import annotations

from dataclasses import replace

from ..records import Event, EventMention


def one_event_per_act(events: list[Event]) -> list[Event]:
    """The document's events with later reports of an act folded into its first report."""
    out: list[Event] = []
    for event in events:
        first = next((n for n, kept in enumerate(out) if same_act(kept, event)), None)
        if first is None:
            out.append(event)
        else:
            out[first] = _fold(out[first], event)
    return out


def same_act(a: Event, b: Event) -> bool:
    """Whether two events report one act (see the module docstring)."""
    return (
        a.root == b.root
        and _code(a.source) == _code(b.source)
        and _code(a.target) == _code(b.target)
        and a.modality == b.modality
        and _same_date(a, b)
        and _codes_agree(a.cameo, b.cameo)
    )


def _codes_agree(a: str, b: str) -> bool:
    return a == b or _generic(a) or _generic(b) or a.startswith(b) or b.startswith(a)


def _generic(code: str) -> bool:
    """A root's unspecified code: 040 "consult", 190 "use conventional force", 010."""
    return len(code) == 3 and code.endswith("0")


def _same_date(a: Event, b: Event) -> bool:
    """Equal dates: a date of the act's own text never equals one only inherited from the
    sentence or the publication ("met more than 40 times" is not the February call)."""
    return a.date == b.date and (a.date_from == "text") == (b.date_from == "text")


def _fold(kept: Event, other: Event) -> Event:
    """``kept`` with ``other`` as a further mention; the more specific code wins, and a date of
    the act's own text beats an inherited one."""
    mention = EventMention(other.sentence, other.start, other.end, other.trigger)
    merged = replace(kept, mentions=(*kept.mentions, mention, *other.mentions))
    if (_generic(kept.cameo) and not _generic(other.cameo)) or len(other.cameo) > len(kept.cameo):
        merged = replace(
            merged,
            cameo=other.cameo,
            name=other.name,
            quad_class=other.quad_class,
            goldstein=other.goldstein,
            plover=other.plover,
            rule=other.rule,
        )
    if kept.date_from != "text" and other.date_from == "text":
        merged = replace(
            merged,
            date=other.date,
            date_end=other.date_end,
            date_from=other.date_from,
            historical=other.historical,
        )
    return merged


def _code(actor: object) -> str | None:
    return getattr(actor, "code", None)
