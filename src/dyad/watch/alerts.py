"""The records ``dyad watch`` hands out: an alert, the events behind it, its timeline, the report."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class AlertEvent:
    """One counted event behind an alert, with its evidence."""

    event_id: str  # doc_id:sentence:n, as in every output record
    key: int  # the store's event_key (GET /v1/events/{key})
    doc_id: str
    day: date | None
    cameo: str
    name: str | None
    root: str
    quad_class: int | None
    goldstein: float | None
    source: str | None  # actor codes
    target: str | None
    reports: int  # reports of this event among the counted ones (after dedup)
    evidence: str | None  # the text of the event's span
    sentence: str | None  # the whole sentence it is in

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["key"] = str(self.key)  # too big for a JavaScript number
        out["day"] = self.day.isoformat() if self.day else None
        return out


@dataclass(frozen=True, slots=True)
class Point:
    """The alert's metric in one period of its baseline or onset window."""

    period: date
    value: float | None  # None: no event to take a mean of

    def to_dict(self) -> dict[str, Any]:
        return {"period": self.period.isoformat(), "value": self.value}


@dataclass(frozen=True, slots=True)
class Alert:
    """A dyad whose latest period(s) moved well beyond its baseline, and why."""

    actor_a: str  # the source when directed
    actor_b: str
    level: str  # country | code
    directed: bool
    period: date  # the period tested (its first day)
    period_end: date  # its last day
    onset: date  # the first period of the shift found
    metric: str  # conflict | material_conflict | conflict_share | goldstein | escalation | first_hostile
    test: str  # the method, for people
    baseline: float  # what the baseline expects for the period (count, mean Goldstein, root)
    observed: float
    band_low: float | None  # what the baseline makes plausible (central 95%)
    band_high: float | None
    p_value: float  # one-sided, corrected for the onsets looked at
    q_value: float  # Benjamini–Hochberg, across every test of the period
    alpha: float  # the ceiling p_value passed: the dyad's false-alarm budget over its tests
    baseline_from: date
    baseline_to: date
    events: tuple[AlertEvent, ...] = ()
    series: tuple[Point, ...] = ()  # the metric from baseline_from to period

    @property
    def key(self) -> str:
        """Names the alert across runs: the same dyad, period and metric is the same alert."""
        arrow = ">" if self.directed else "-"
        return f"{self.level}:{self.actor_a}{arrow}{self.actor_b}:{self.period}:{self.metric}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key}
        for name in (
            "actor_a", "actor_b", "level", "directed", "period", "period_end", "onset", "metric",
            "test", "baseline", "observed", "band_low", "band_high", "p_value", "q_value",
            "alpha", "baseline_from", "baseline_to",
        ):  # fmt: skip
            value = getattr(self, name)
            out[name] = value.isoformat() if isinstance(value, date) else value
        out["events"] = [e.to_dict() for e in self.events]
        out["series"] = [p.to_dict() for p in self.series]
        return out


@dataclass(frozen=True, slots=True)
class WatchReport:
    """What one check found: its alerts (strongest first) and how much it tested."""

    alerts: tuple[Alert, ...]
    periods: tuple[date, ...]  # the periods tested
    dyads: int  # dyads with enough events to be tested in at least one period
    tests: int  # tests run (the Benjamini–Hochberg families' sizes, summed)
    alpha: float  # the strictest per-test ceiling of the false-alarm budget (every test applies)
    period_alpha: float  # the budget of one dyad in one period, split among the tests applied

    def to_dict(self) -> dict[str, Any]:
        return {
            "alerts": [a.to_dict() for a in self.alerts],
            "periods": [p.isoformat() for p in self.periods],
            "dyads": self.dyads,
            "tests": self.tests,
            "alpha": self.alpha,
            "period_alpha": self.period_alpha,
        }
