"""Synthetic streams: overdispersed weekly counts, thin weekends, and the planted shift."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import numpy as np

from dyad.store.synthetic_streams import Shift, Stream, stream_documents

START = date(2024, 1, 1)


def _weekly(stream: Stream, weeks: int, quads: tuple[int, ...]) -> tuple[list[int], Counter[int]]:
    per_week = [0] * weeks
    per_weekday: Counter[int] = Counter()
    for doc in stream_documents([stream], START, weeks, seed=3):
        day = date.fromisoformat(doc.published or "")
        week = (day - START).days // 7
        n = sum(1 for e in doc.events if e.quad_class in quads)
        per_week[week] += n
        per_weekday[day.weekday()] += n
    return per_week, per_weekday


def test_counts_are_overdispersed_and_seasonal() -> None:
    """Weekly variance well above the mean; Saturdays and Sundays thinner than weekdays."""
    weekly, weekdays = _weekly(Stream("ARM", "AZE", 60.0, 6.0), 120, (1, 2, 3, 4))
    assert np.var(weekly) > 3 * np.mean(weekly)
    weekend = (weekdays[5] + weekdays[6]) / 2
    assert weekend < 0.8 * sum(weekdays[d] for d in range(5)) / 5


def test_a_shift_multiplies_conflict_from_its_onset() -> None:
    """Conflict x5 for four weeks from the onset; cooperation unchanged; null streams stay put."""
    onset = START + timedelta(weeks=30)
    stream = Stream("ARM", "AZE", 60.0, 50.0, Shift(onset, 5.0, weeks=4))
    conflict, _ = _weekly(stream, 40, (3, 4))
    cooperation, _ = _weekly(stream, 40, (1, 2))
    before, during = np.mean(conflict[:30]), np.mean(conflict[30:34])
    assert 3.5 < during / before < 7
    assert abs(np.mean(cooperation[30:34]) / np.mean(cooperation[:30]) - 1) < 0.35
    assert np.mean(conflict[34:]) < 2 * before


def test_some_events_are_not_current_and_ids_are_unique() -> None:
    """About 5% historical or hypothetical; every event id and document id is unique."""
    docs = list(stream_documents([Stream("ARM", "AZE", 60.0, 6.0)], START, 20, seed=1))
    events = [e for d in docs for e in d.events]
    odd = sum(1 for e in events if e.historical or e.modality == "hypothetical")
    assert 0.02 < odd / len(events) < 0.08
    assert len({e.id for e in events}) == len(events) and len({d.doc_id for d in docs}) == len(docs)
