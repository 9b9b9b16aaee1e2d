"""One dyad's counted events per period: the input of every detector (pure records, no SQL)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

# CAMEO conflict roots, least to most severe: 09 investigate ... 20 mass violence.
CONFLICT_ROOTS = tuple(f"{r:02d}" for r in range(9, 21))
HOSTILE_QUAD = 4  # material conflict: the "hostile" QuadClass


@dataclass(frozen=True, slots=True)
class PeriodCounts:
    """A dyad's counted events in one period."""

    events: int = 0
    quad: tuple[int, int, int, int] = (0, 0, 0, 0)
    goldstein_sum: float = 0.0
    goldstein_sq: float = 0.0  # sum of squared scores, for the spread within a period
    roots: tuple[int, ...] = (0,) * len(CONFLICT_ROOTS)  # events per conflict root, 09..20

    def top_root(self) -> int:
        """Index into CONFLICT_ROOTS of the most severe root with an event; -1 when none."""
        return max((i for i, n in enumerate(self.roots) if n), default=-1)

    def above(self, index: int) -> int:
        """Events at roots more severe than ``CONFLICT_ROOTS[index]``."""
        return sum(self.roots[index + 1 :])


@dataclass(frozen=True, slots=True)
class DyadSeries:
    """A dyad's periods without gaps (oldest first) and what came before the first one."""

    actor_a: str
    actor_b: str
    starts: tuple[date, ...]
    periods: tuple[PeriodCounts, ...]
    earlier_events: int = 0  # counted events before starts[0]
    earlier_hostile: int = 0  # of which material conflict
    earlier_periods: int = 0  # periods from the dyad's first event up to starts[0]

    def __post_init__(self) -> None:
        if len(self.starts) != len(self.periods):
            raise ValueError("a DyadSeries needs one start per period")


@dataclass(frozen=True, slots=True)
class Settings:
    """How detectors read a series."""

    baseline: int = 26  # periods in the baseline window
    onset: int = 2  # a shift may have started in any of the last `onset` periods
    min_events: int = 10  # counted events the baseline window needs for the dyad to be tested
    weekdays: bool = False  # model day-of-week seasonality (daily periods)

    def __post_init__(self) -> None:
        if self.baseline < 4:
            raise ValueError(f"the baseline needs at least 4 periods, not {self.baseline}")
        if self.onset < 1:
            raise ValueError(f"onset must be 1 or more, not {self.onset}")


@dataclass(frozen=True, slots=True)
class Window:
    """Where a test at period ``t`` looks: its baseline and its onset window (indices)."""

    baseline: range
    onsets: range  # possible first periods of the shift, latest last

    @classmethod
    def at(cls, t: int, settings: Settings) -> Window | None:
        end = t - settings.onset + 1  # the baseline stops before the earliest onset
        if end - settings.baseline < 0:
            return None
        return cls(range(end - settings.baseline, end), range(end, t + 1))


def counts(periods: Sequence[PeriodCounts], indices: range, quad: int) -> list[int]:
    """Events of one QuadClass in the given periods."""
    return [periods[i].quad[quad - 1] for i in indices]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Which of the dyad's events stand behind a finding."""

    kind: str  # quad_from | root_above | lowest_goldstein
    value: int = 0  # the lowest QuadClass counted, or the root the events are above


@dataclass(frozen=True, slots=True)
class Finding:
    """One detector's verdict on one period: a p-value and what it compared."""

    metric: str
    test: str  # the method, for people
    p_value: float
    expected: float  # the baseline's value for the period (count or mean Goldstein)
    observed: float
    band: tuple[float, float] | None  # what the baseline makes plausible (central 95%)
    onset: int  # index of the first period of the shift found
    values: tuple[float | None, ...] = field(default=())  # the metric per period, baseline on
    evidence: Evidence = field(default_factory=lambda: Evidence("lowest_goldstein"))
