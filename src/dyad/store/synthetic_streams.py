"""Synthetic dyad event streams with known shifts, for testing and benchmarking ``dyad watch``.

Each stream is one pair of countries reported day by day over some weeks. Counts are Poisson
with two gamma-distributed attention shocks — one per week (news cycles) and one per day — so
weekly counts are overdispersed like news event data (variance = mean + mean² / dispersion), and
a weekday profile (fewer reports at the weekend) gives weekly seasonality. A :class:`Shift`
multiplies the conflict rate (QuadClass 3 and 4) from its onset for some weeks; a stream without
one is a null stream. CAMEO codes, Goldstein scores and QuadClasses come from the shipped
``cameo.tsv`` through :class:`~.synthetic.Vocabulary`; a few events are historical, negated or
hypothetical, which the "current events" view leaves out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from ..records import DocumentResult, Event, Plover, Sentence
from .synthetic import ROOT_WEIGHTS, Vocabulary, make_event

# reports per weekday (Monday first) relative to the mean: thin weekends
WEEKDAYS = (1.12, 1.15, 1.12, 1.08, 1.03, 0.76, 0.74)
MIX = (0.35, 0.10, 0.30, 0.25)  # share of QuadClass 1-4 in a stream
DAILY_DISPERSION = 5.0  # gamma shape of the day-to-day attention shock
NOT_CURRENT = 0.05  # share of events that are historical, negated or hypothetical


@dataclass(frozen=True, slots=True)
class Shift:
    """From ``onset`` (a Monday) for ``weeks`` weeks the conflict rate is ``factor`` times higher."""

    onset: date
    factor: float
    weeks: int = 4


@dataclass(frozen=True, slots=True)
class Stream:
    """One dyad's reporting: its actors, how much and how unevenly it is reported, its shift."""

    actor_a: str
    actor_b: str
    rate: float  # events per week on average
    dispersion: float  # gamma shape of the weekly shock: smaller = burstier
    shift: Shift | None = None


def stream_documents(
    streams: list[Stream],
    start: date,
    weeks: int,
    *,
    seed: int = 1,
    vocabulary: Vocabulary | None = None,
) -> Iterator[DocumentResult]:
    """The streams' events from ``start`` (a Monday) for ``weeks`` weeks, one document per
    stream and day."""
    vocab = vocabulary or Vocabulary.load()
    codes = _codes_by_quad(vocab)
    rng = np.random.default_rng(seed)
    for number, stream in enumerate(streams):
        for offset, counts in _daily_counts(stream, start, weeks, rng):
            day = start + timedelta(days=offset)
            doc_id = f"stream-{number:04d}-{day.isoformat()}"
            events = _events(doc_id, stream, day, counts, codes, rng)
            if events:
                yield _document(doc_id, day, events)


def _daily_counts(
    stream: Stream, start: date, weeks: int, rng: np.random.Generator
) -> Iterator[tuple[int, np.ndarray]]:
    mix = np.array(MIX)
    for week in range(weeks):
        weekly = rng.gamma(stream.dispersion, 1 / stream.dispersion)
        for weekday in range(7):
            offset = week * 7 + weekday
            daily = rng.gamma(DAILY_DISPERSION, 1 / DAILY_DISPERSION)
            rates = stream.rate / 7 * WEEKDAYS[weekday] * weekly * daily * mix
            if _shifted(stream.shift, start + timedelta(days=offset)):
                assert stream.shift is not None
                rates[2:] *= stream.shift.factor
            yield offset, rng.poisson(rates)


def _shifted(shift: Shift | None, day: date) -> bool:
    return shift is not None and shift.onset <= day < shift.onset + timedelta(weeks=shift.weeks)


Codes = dict[int, tuple[list[tuple[str, float, Plover | None]], np.ndarray]]


def _codes_by_quad(vocab: Vocabulary) -> Codes:
    """Per QuadClass, its three-digit CAMEO codes with Goldstein and PLOVER, and their weights."""
    out: Codes = {}
    for quad in (1, 2, 3, 4):
        chosen = [c for c in vocab.cameo if c.quad_class == quad]
        per_root = {c.code[:2]: sum(1 for d in chosen if d.code[:2] == c.code[:2]) for c in chosen}
        weights = np.array([ROOT_WEIGHTS[c.code[:2]] / per_root[c.code[:2]] for c in chosen])
        plovers = [
            Plover(c.plover_type, c.plover_mode) if c.plover_type != "OTHER" else None
            for c in chosen
        ]
        entries = [(c.code, c.goldstein, p) for c, p in zip(chosen, plovers, strict=True)]
        out[quad] = (entries, weights / weights.sum())
    return out


def _events(
    doc_id: str, stream: Stream, day: date, counts: np.ndarray, codes: Codes,
    rng: np.random.Generator,
) -> list[Event]:  # fmt: skip
    events: list[Event] = []
    for quad, count in zip((1, 2, 3, 4), counts, strict=True):
        entries, weights = codes[quad]
        for pick in rng.choice(len(entries), int(count), p=weights):
            code, goldstein, plover = entries[int(pick)]
            forward = rng.random() < 0.5
            source, target = (stream.actor_a, stream.actor_b)[:: 1 if forward else -1]
            kind = rng.random()
            n = len(events)
            events.append(
                make_event(
                    f"{doc_id}:{n}:0",
                    source + "GOV",
                    target,
                    code,
                    sentence=n,
                    date=day.isoformat(),
                    goldstein=goldstein,
                    quad_class=quad,
                    plover=plover,
                    modality="hypothetical" if kind < NOT_CURRENT / 3 else "occurred",
                    historical=NOT_CURRENT / 3 <= kind < NOT_CURRENT,
                )
            )
    return events


def _document(doc_id: str, day: date, events: list[Event]) -> DocumentResult:
    sentences = tuple(Sentence(n, n * 100, n * 100 + 99) for n in range(len(events)))
    text = "\n".join(f"Synthetic report {n} of {doc_id}.".ljust(99) for n in range(len(events)))
    return DocumentResult(
        doc_id=doc_id, published=day.isoformat(), status="ok", sentences=sentences,
        events=tuple(events), text=text, url=f"https://wire.example/{doc_id}",
    )  # fmt: skip
