"""Each detector on constructed series: a planted shift is found at its period, a flat series and
a seasonal series give nothing."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from dyad.watch.detectors import (
    conflict_share,
    conflict_surge,
    detect,
    escalation,
    first_hostile,
    goldstein_drop,
)
from dyad.watch.run import WatchOptions
from dyad.watch.series import CONFLICT_ROOTS, DyadSeries, PeriodCounts, Settings

WEEKLY = Settings(baseline=52, onset=3, min_events=10)
DAILY = Settings(baseline=91, onset=3, min_events=10, weekdays=True)
# one dyad's false-alarm budget for one period (default budget), split among its tests
PERIOD_ALPHA = {period: WatchOptions(period=period).period_alpha for period in ("day", "week")}
START = date(2024, 1, 1)  # a Monday
SCORES = {1: 1.0, 2: 6.0, 3: -2.0, 4: -9.0}
ROOT_OF_QUAD = {3: "11", 4: "17"}


def _period(quads: list[int], roots: dict[str, int] | None = None) -> PeriodCounts:
    """A period with these counts per QuadClass; conflict at root 11 (quad 3) and 17 (quad 4)."""
    per_root = dict.fromkeys(CONFLICT_ROOTS, 0)
    for quad in (3, 4):
        per_root[ROOT_OF_QUAD[quad]] += quads[quad - 1]
    for root, n in (roots or {}).items():
        per_root[root] += n
        per_root["17"] -= n  # extra severity replaces some root-17 events
    scores = [SCORES[q] for q in (1, 2, 3, 4) for _ in range(quads[q - 1])]
    return PeriodCounts(
        sum(quads), (quads[0], quads[1], quads[2], quads[3]), float(sum(scores)),
        float(sum(s * s for s in scores)), tuple(per_root[r] for r in CONFLICT_ROOTS),
    )  # fmt: skip


def _series(periods: list[PeriodCounts], *, step: int = 7, hostile_before: int = 5) -> DyadSeries:
    starts = tuple(START + timedelta(days=step * i) for i in range(len(periods)))
    return DyadSeries("SRB", "XKX", starts, tuple(periods), earlier_events=500,
                      earlier_hostile=hostile_before, earlier_periods=100)  # fmt: skip


def _noisy(n: int, rates: tuple[float, ...], seed: int, factors: list[float] | None = None,
           shift: tuple[int, float] | None = None) -> list[list[int]]:  # fmt: skip
    """Overdispersed counts per QuadClass: Poisson with a gamma shock per period."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        g = rng.gamma(10.0, 0.1) * (factors[i] if factors else 1.0)
        lam = np.array(rates) * g
        if shift and i >= shift[0]:
            lam[2:] *= shift[1]
        out.append([int(x) for x in rng.poisson(lam)])
    return out


def _ceiling(series: DyadSeries, t: int, settings: Settings) -> float:
    """The per-test ceiling watch() would set: the period's budget over the tests applied."""
    applied = len(detect(series, t, settings)) or 1
    return PERIOD_ALPHA["day" if settings.weekdays else "week"] / applied


def _alarms(series: DyadSeries, settings: Settings, detector) -> list[int]:  # type: ignore[no-untyped-def]
    found = []
    for t in range(len(series.periods)):
        finding = detector(series, t, settings)
        if finding is not None and finding.p_value <= _ceiling(series, t, settings):
            found.append(t)
    return found


def _surge(series: DyadSeries, t: int, settings: Settings):  # type: ignore[no-untyped-def]
    return conflict_surge(series, t, settings, "conflict")


@pytest.mark.parametrize("detector", [_surge, conflict_share, goldstein_drop])
def test_a_planted_conflict_shift_is_found_at_its_period(detector) -> None:  # type: ignore[no-untyped-def]
    """A cooperative pair's conflict x8 from week 70: surge and Goldstein drop fire at week 70."""
    counts = _noisy(80, (30, 10, 6, 3), seed=1, shift=(70, 8.0))
    alarms = _alarms(_series([_period(c) for c in counts]), WEEKLY, detector)
    assert alarms and alarms[0] == 70


@pytest.mark.parametrize(
    "detector", [_surge, conflict_share, goldstein_drop, escalation, first_hostile]
)
def test_a_flat_series_gives_nothing(detector) -> None:  # type: ignore[no-untyped-def]
    """Two years of stationary overdispersed weeks: no detector fires."""
    counts = _noisy(104, (10, 3, 8, 6), seed=2)
    assert _alarms(_series([_period(c) for c in counts]), WEEKLY, detector) == []


@pytest.mark.parametrize("detector", [_surge, conflict_share, goldstein_drop, escalation])
def test_a_seasonal_series_gives_nothing(detector) -> None:  # type: ignore[no-untyped-def]
    """Daily counts with a strong weekday profile (weekends at a third): nothing fires."""
    profile = [1.3, 1.3, 1.3, 1.3, 1.2, 0.3, 0.3]
    n = 400
    counts = _noisy(n, (6, 2, 5, 4), seed=3, factors=[profile[i % 7] for i in range(n)])
    series = _series([_period(c) for c in counts], step=1)
    assert _alarms(series, DAILY, detector) == []


def test_a_weekend_surge_is_found_against_its_weekday() -> None:
    """Daily counts with thin weekends: 20 conflict events, a busy weekday's worth (mean 11.7),
    are a surge on a Saturday (mean 2.7) at the daily ceiling, and nothing on a Wednesday."""
    profile = [1.3, 1.3, 1.3, 1.3, 1.2, 0.3, 0.3]
    n = 320
    factors = [profile[i % 7] for i in range(n)]
    saturday, wednesday = 306, 303
    assert [(START + timedelta(days=d)).weekday() for d in (saturday, wednesday)] == [5, 2]
    for day, alarms in ((saturday, [saturday]), (wednesday, [])):
        counts = _noisy(n, (6, 2, 5, 4), seed=3, factors=factors)
        counts[day] = [2, 1, 10, 10]
        series = _series([_period(c) for c in counts[: day + 1]], step=1)
        assert _alarms(series, DAILY, _surge) == alarms


def _attention(n: int, rates: tuple[float, ...], seed: int, weeks: dict[int, tuple[float, float]]
               ) -> list[list[int]]:  # fmt: skip
    """Weekly counts per QuadClass under a news-attention shock shared by all of a dyad's events
    (gamma, shape 5: the burstiest weeks of the benchmark); ``weeks`` sets the attention and the
    conflict factor of chosen weeks."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        attention, factor = weeks.get(i, (rng.gamma(5.0, 0.2), 1.0))
        lam = np.array(rates) * attention
        lam[2:] *= factor
        out.append([int(x) for x in rng.poisson(lam)])
    return out


def _alerting(series: DyadSeries, t: int) -> set[str]:
    """The metrics that pass the false-alarm ceiling at week t."""
    ceiling = _ceiling(series, t, WEEKLY)
    return {f.metric for f in detect(series, t, WEEKLY) if f.p_value <= ceiling}


def test_a_two_week_3x_shift_in_a_quiet_news_week_is_found_by_the_share() -> None:
    """Conflict x3 for two weeks while the pair gets 0.6 of its usual attention: conflict counts
    of about 100 a week against 56 are no surge for size-5 weeks, but the share of conflict goes
    from 0.52 to 0.76: found at the second week, with the onset at the first."""
    rates = (40.0, 12.0, 32.0, 24.0)
    counts = _attention(80, rates, seed=7, weeks={70: (0.6, 3.0), 71: (0.6, 3.0)})
    series = _series([_period(c) for c in counts])
    assert "conflict_share" in _alerting(series, 71)
    assert not {"conflict", "material_conflict"} & _alerting(series, 71)
    finding = conflict_share(series, 71, WEEKLY)
    assert finding is not None and finding.onset == 70
    assert finding.expected == pytest.approx(0.52, abs=0.03) and finding.observed > 0.7


def test_a_single_noisy_week_is_not_an_alarm() -> None:
    """A news cycle: one week with three times the attention (every kind of event x3). The share
    does not move and one bursty week is within what size-5 weeks make plausible: nothing fires,
    that week or the two after."""
    rates = (40.0, 12.0, 32.0, 24.0)
    counts = _attention(80, rates, seed=8, weeks={70: (3.0, 1.0)})
    series = _series([_period(c) for c in counts])
    assert sum(counts[70]) > 2.5 * sum(rates)
    assert [_alerting(series, t) for t in (70, 71, 72)] == [set(), set(), set()]


def test_escalation_to_a_new_root_is_found() -> None:
    """A baseline of 11x and 17x; then three fights (19x) in week 60: escalation at week 60."""
    counts = _noisy(64, (10, 3, 8, 6), seed=4)
    periods = [_period(c) for c in counts]
    periods[60] = _period(counts[60], roots={"19": 3})
    series = _series(periods)
    assert _alarms(series, WEEKLY, escalation) == [60]
    finding = escalation(series, 60, WEEKLY)
    assert finding is not None
    assert (finding.expected, finding.observed, finding.evidence.value) == (17.0, 19.0, 17)


def test_one_new_root_event_is_not_enough() -> None:
    """A single more severe event is weak evidence (a miscoding is likelier than a war)."""
    counts = _noisy(64, (10, 3, 8, 6), seed=4)
    periods = [_period(c) for c in counts]
    periods[60] = _period(counts[60], roots={"19": 1})
    assert _alarms(_series(periods), WEEKLY, escalation) == []


def test_first_hostile_interaction_is_found() -> None:
    """A cooperative pair for a year, then material conflict in week 55: first hostility there."""
    counts = [[c[0], c[1], c[2], 0] for c in _noisy(60, (10, 3, 4, 0.0), seed=5)]
    counts[55][3] = 4
    series = _series([_period(c) for c in counts], hostile_before=0)
    assert _alarms(series, WEEKLY, first_hostile) == [55]
    assert first_hostile(series, 58, WEEKLY) is None  # week 55 is behind the onset window


def test_pairs_with_a_hostile_past_have_no_first() -> None:
    """A pair that fought before the loaded range is not tested for a first hostility."""
    counts = [[10, 3, 4, 0] for _ in range(60)]
    counts[55][3] = 4
    series = _series([_period(c) for c in counts], hostile_before=3)
    assert first_hostile(series, 55, WEEKLY) is None


def test_quiet_dyads_are_not_tested() -> None:
    """Fewer counted events in the baseline than min_events: no test at all."""
    counts = [[0, 0, 0, 0] for _ in range(60)]
    counts[10] = [3, 0, 0, 0]
    counts[59] = [0, 0, 0, 9]
    assert detect(_series([_period(c) for c in counts]), 59, WEEKLY) == []
    assert detect(_series([_period(c) for c in counts]), 5, WEEKLY) == []  # no baseline yet


def test_findings_carry_baseline_band_and_series() -> None:
    """A surge names its expected count, the 95% band around it and the metric per period."""
    counts = _noisy(80, (10, 3, 8, 6), seed=1, shift=(70, 4.0))
    finding = _surge(_series([_period(c) for c in counts]), 70, WEEKLY)
    assert finding is not None
    low, high = finding.band or (0, 0)
    assert low < finding.expected < high < finding.observed
    assert len(finding.values) == WEEKLY.baseline + WEEKLY.onset
    assert finding.values[-1] == finding.observed and finding.onset == 70


def test_a_seasonal_cooperative_pair_has_no_first_hostility() -> None:
    """A daily, weekday-seasonal pair that never fights: first_hostile applies and stays quiet."""
    profile = [1.3, 1.3, 1.3, 1.3, 1.2, 0.3, 0.3]
    n = 300
    counts = _noisy(n, (6, 2, 3, 0.0), seed=6, factors=[profile[i % 7] for i in range(n)])
    series = _series([_period(c) for c in counts], step=1, hostile_before=0)
    findings = [first_hostile(series, t, DAILY) for t in range(95, n)]
    assert all(f is not None and f.p_value == 1.0 for f in findings)
