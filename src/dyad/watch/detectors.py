"""The five detectors: pure functions of one dyad's series and the period tested.

Each returns a :class:`~.series.Finding` with a one-sided p-value (1.0 when the period does not
move in the alarming direction), or None when the test does not apply. Each looks for a shift
that started in one of the last ``settings.onset`` periods (a CUSUM started at every possible
onset) and corrects for those looks (Bonferroni); the baseline window ends before the earliest
onset, so a shift under way does not lift its own baseline.

* :func:`conflict_surge` — counts of conflict events (all, or material only) against a negative binomial fitted on the
  baseline by moments (news counts are overdispersed), weekday factors for daily periods, and a
  predictive that carries the uncertainty of the fit: the NB tail is studentized (Student's t with
  the degrees of freedom of the fitted variance: baseline - 1 for normal counts, fewer for the
  heavy tails of an overdispersed NB) and never smaller than the tail of a Jeffreys Gamma-Poisson
  predictive, which keeps sparse baselines honest.
* :func:`conflict_share` — the share of conflict events among all the dyad's events against a
  beta-binomial fitted on the baseline by moments. News attention to a pair rises and falls for
  all its events at once; the share does not move with it, so a surge that a quiet news week
  hides from the counts still shows in the share. The tail is a binomial scaled by the design
  effect (Rao-Scott), studentized like the counts, and never smaller than the Jeffreys
  beta-binomial predictive.
* :func:`goldstein_drop` — the mean Goldstein score against the baseline's, with its spread
  within and between periods (a one-sided, studentized test of the drop).
* :func:`escalation` — events more severe (a higher CAMEO conflict root) than anything in the
  baseline window, against a Jeffreys predictive for events never seen there.
* :func:`first_hostile` — the first material conflict a pair ever had, against a Jeffreys
  predictive over the whole history of the pair.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ._stats import beta_binomial_sf, binomial_sf, nb_quantile, nb_sf, nb_size, t_sf, z_of
from .series import (
    CONFLICT_ROOTS,
    HOSTILE_QUAD,
    DyadSeries,
    Evidence,
    Finding,
    Settings,
    Window,
)

METRICS = (
    "conflict", "material_conflict", "conflict_share", "goldstein", "escalation", "first_hostile",
)  # fmt: skip
# surge metric -> the lowest QuadClass it counts: all conflict (verbal and material), material only
SURGES = {"conflict": 3, "material_conflict": 4}
_JEFFREYS = 0.5  # the Jeffreys prior's shape for a Poisson rate
_WEEKDAY_PRIOR = 10.0  # pseudo-events pulling each weekday factor towards 1
_MIN_SPREAD = 1.0  # Goldstein scores are meaningful to about one point


def detect(series: DyadSeries, t: int, settings: Settings) -> list[Finding]:
    """Every detector that applies to period ``t``; none when the dyad is too quiet to test."""
    window = Window.at(t, settings)
    if window is None:
        return []
    if sum(series.periods[i].events for i in window.baseline) < settings.min_events:
        return []
    found = [conflict_surge(series, t, settings, metric) for metric in SURGES]
    found.append(conflict_share(series, t, settings))
    found += [goldstein_drop(series, t, settings), escalation(series, t, settings)]
    found.append(first_hostile(series, t, settings))
    return [f for f in found if f is not None]


def _bonferroni(tails: Sequence[float], window: Window, settings: Settings) -> tuple[float, int]:
    """The corrected p-value of the best onset, and that onset (the window's earliest first)."""
    best = min(range(len(tails)), key=lambda i: (tails[i], i))
    return min(1.0, settings.onset * tails[best]), window.onsets[best]


# --- conflict surge ------------------------------------------------------------------------------


def conflict_surge(
    series: DyadSeries, t: int, settings: Settings, metric: str = "material_conflict"
) -> Finding | None:
    """A surge of conflict events (``metric`` conflict: QuadClass 3 and 4; material_conflict: 4)."""
    window = Window.at(t, settings)
    if window is None:
        return None
    quad = SURGES[metric]
    y = [sum(p.quad[quad - 1 :]) for p in series.periods]
    f = _factors(series, window, t, settings)
    fit = _NegativeBinomial.fit([y[i] for i in window.baseline], [f[i] for i in window.baseline])
    expected, variance = fit.predict([f[t]])
    size = nb_size(expected, variance)
    band = (float(nb_quantile(0.025, expected, size)), float(nb_quantile(0.975, expected, size)))
    p, onset = 1.0, t
    if y[t] > expected:
        tails = [fit.tail(sum(y[j : t + 1]), f[j : t + 1]) for j in window.onsets]
        p, onset = _bonferroni(tails, window, settings)
    return Finding(
        metric, f"negative binomial, studentized ({settings.baseline}-period baseline)", p,
        round(expected, 3), float(y[t]), band, onset, _values(y, window, t),
        Evidence("quad_from", quad),
    )  # fmt: skip


class _NegativeBinomial:
    """A negative binomial fitted by moments on baseline counts with known period factors."""

    def __init__(self, rate: float, inv_size: float, counts: list[int], factors: list[float]):
        self.rate, self.inv_size = rate, inv_size
        self.total, self.exposure = sum(counts), sum(factors)
        self.n = len(counts)
        self.rate_var = sum(self._var(rate * g) for g in factors) / self.exposure**2
        # The fitted variance is uncertain, the more so the heavier the NB's tails: a sample
        # variance has Var = var**2 * (2 / (n - 1) + kurtosis / n) (excess kurtosis), which is
        # 2 * var**2 / df for a chi-square with df degrees of freedom; normal counts give n - 1.
        mean = self.total / self.n
        kurtosis = 6 * inv_size + 1 / (mean * (1 + mean * inv_size)) if mean > 0 else 0.0
        self.df = 1 / (1 / (self.n - 1) + kurtosis / (2 * self.n))

    @classmethod
    def fit(cls, counts: list[int], factors: list[float]) -> _NegativeBinomial:
        rate = sum(counts) / sum(factors)
        means = [rate * g for g in factors]
        n = len(counts)
        excess = sum((y - m) ** 2 for y, m in zip(counts, means, strict=True)) * n / (n - 1)
        excess -= sum(means)
        squares = sum(m * m for m in means)
        inv_size = max(0.0, excess / squares) if squares > 0 else 0.0
        return cls(rate, inv_size, counts, factors)

    def _var(self, mean: float) -> float:
        return mean + mean * mean * self.inv_size

    def predict(self, factors: Sequence[float]) -> tuple[float, float]:
        """Mean and variance of the count over periods with these factors."""
        mean = self.rate * sum(factors)
        spread = sum(self._var(self.rate * g) for g in factors)
        return mean, spread + sum(factors) ** 2 * self.rate_var

    def tail(self, observed: int, factors: Sequence[float]) -> float:
        """P(count >= observed): the studentized NB tail, or the Jeffreys one if that is larger."""
        exposure = sum(factors)
        shape = self.total + _JEFFREYS
        jeffreys = nb_sf(observed, shape * exposure / self.exposure, shape)
        mean, variance = self.predict(factors)
        if mean <= 0:
            return jeffreys
        tail = nb_sf(observed, mean, nb_size(mean, variance))
        return max(t_sf(z_of(tail), self.df), jeffreys)


def _factors(series: DyadSeries, window: Window, t: int, settings: Settings) -> list[float]:
    """Each period's expected share of a dyad's events: weekday factors from the baseline's
    totals for daily periods (shrunk towards 1), else 1."""
    ones = [1.0] * len(series.periods)
    if not settings.weekdays:
        return ones
    totals, days = [0.0] * 7, [0] * 7
    for i in window.baseline:
        totals[series.starts[i].weekday()] += series.periods[i].events
        days[series.starts[i].weekday()] += 1
    rate = sum(totals) / max(1, sum(days))
    if rate <= 0:
        return ones
    raw = [
        (totals[d] + _WEEKDAY_PRIOR) / (days[d] * rate + _WEEKDAY_PRIOR) if days[d] else 1.0
        for d in range(7)
    ]
    norm = sum(raw[series.starts[i].weekday()] for i in window.baseline) / len(window.baseline)
    return [raw[start.weekday()] / norm for start in series.starts]


def _values(values: Sequence[float | None], window: Window, t: int) -> tuple[float | None, ...]:
    return tuple(None if v is None else round(v, 3) for v in values[window.baseline.start : t + 1])


# --- conflict share ------------------------------------------------------------------------------


def conflict_share(series: DyadSeries, t: int, settings: Settings) -> Finding | None:
    """A rise of the share of conflict events (QuadClass 3 and 4) among the dyad's events."""
    window = Window.at(t, settings)
    if window is None:
        return None
    conflict = [sum(p.quad[2:]) for p in series.periods]
    events = [sum(p.quad) for p in series.periods]
    base = [i for i in window.baseline if events[i]]
    if events[t] == 0 or len(base) < 3:
        return None
    fit = _BetaBinomial.fit([conflict[i] for i in base], [events[i] for i in base])
    share = [c / n if n else None for c, n in zip(conflict, events, strict=True)]
    observed = conflict[t] / events[t]
    p, onset = 1.0, t
    if observed > fit.share:
        tails = [fit.tail(sum(conflict[j : t + 1]), events[j : t + 1]) for j in window.onsets]
        p, onset = _bonferroni(tails, window, settings)
    return Finding(
        "conflict_share", f"beta-binomial share, studentized ({settings.baseline}-period baseline)",
        p, round(fit.share, 3), round(observed, 3), fit.band(events[t]), onset,
        _values(share, window, t), Evidence("quad_from", 3),
    )  # fmt: skip


class _BetaBinomial:
    """Conflict events among a period's events: a beta-binomial fitted by moments on the baseline
    (the share varies from period to period more than binomial noise; rho is that correlation)."""

    def __init__(self, hits: int, events: list[int], rho: float):
        self.hits, self.total, self.n = hits, sum(events), len(events)
        self.share, self.rho = hits / self.total, rho
        self.share_var = sum(self._var(m) for m in events) / self.total**2

    @classmethod
    def fit(cls, conflict: list[int], events: list[int]) -> _BetaBinomial:
        share = sum(conflict) / sum(events)
        pq = share * (1.0 - share)
        n = len(events)
        excess = sum((c - m * share) ** 2 for c, m in zip(conflict, events, strict=True))
        excess = excess * n / (n - 1) - sum(m * pq for m in events)
        pairs = pq * sum(m * (m - 1) for m in events)
        rho = min(1.0, max(0.0, excess / pairs)) if pairs > 0 else 0.0
        return cls(sum(conflict), events, rho)

    def _var(self, events: int) -> float:
        return events * self.share * (1.0 - self.share) * (1.0 + (events - 1) * self.rho)

    def band(self, events: int) -> tuple[float, float]:
        """The central 95% of the share in a period of this many events (normal, clipped)."""
        spread = math.sqrt(self._var(events) + events**2 * self.share_var) / events
        low, high = self.share - 1.96 * spread, self.share + 1.96 * spread
        return round(max(0.0, low), 3), round(min(1.0, high), 3)

    def tail(self, observed: int, events: Sequence[int]) -> float:
        """P(conflict >= observed among these periods' events): the Rao-Scott binomial tail,
        studentized, or the Jeffreys beta-binomial one if that is larger."""
        total = sum(events)
        jeffreys = beta_binomial_sf(
            observed, total, self.hits + _JEFFREYS, self.total - self.hits + _JEFFREYS
        )
        pq = self.share * (1.0 - self.share)
        if pq <= 0:
            return jeffreys
        variance = sum(self._var(m) for m in events) + total**2 * self.share_var
        effect = variance / (total * pq)  # the design effect: variance over the binomial's
        tail = binomial_sf(observed / effect, total / effect, self.share)
        return max(t_sf(z_of(tail), self.n - 1), jeffreys)


# --- Goldstein drop ------------------------------------------------------------------------------


def goldstein_drop(series: DyadSeries, t: int, settings: Settings) -> Finding | None:
    """A drop of the mean Goldstein score below the baseline's."""
    window = Window.at(t, settings)
    if window is None or series.periods[t].events == 0:
        return None
    base = [series.periods[i] for i in window.baseline if series.periods[i].events]
    if len(base) < 3:
        return None
    n = sum(p.events for p in base)
    level = sum(p.goldstein_sum for p in base) / n
    within = sum(p.goldstein_sq - p.goldstein_sum**2 / p.events for p in base)
    within = max(_MIN_SPREAD, within / (n - len(base)) if n > len(base) else within / n)
    means = [p.goldstein_sum / p.events for p in base]
    centre = sum(means) / len(means)
    between = sum((x - centre) ** 2 for x in means) / (len(means) - 1)
    between = max(0.0, between - sum(within / p.events for p in base) / len(base))
    level_var = (sum(p.events**2 for p in base) * between + n * within) / n**2
    mean = [p.goldstein_sum / p.events if p.events else None for p in series.periods]
    observed = mean[t]
    assert observed is not None
    spread = math.sqrt(between + within / series.periods[t].events + level_var)
    p, onset = 1.0, t
    if observed < level:
        tails = []
        for j in window.onsets:  # every window holds period t, which has events
            periods = [series.periods[i] for i in range(j, t + 1) if series.periods[i].events]
            k = sum(q.events for q in periods)
            drop = level - sum(q.goldstein_sum for q in periods) / k
            var = between * sum(q.events**2 for q in periods) / k**2 + within / k + level_var
            tails.append(t_sf(drop / math.sqrt(var), len(base) - 1))
        p, onset = _bonferroni(tails, window, settings)
    band = (max(-10.0, level - 1.96 * spread), min(10.0, level + 1.96 * spread))
    return Finding(
        "goldstein", f"studentized drop of the mean ({settings.baseline}-period baseline)", p,
        round(level, 3), round(observed, 3), (round(band[0], 3), round(band[1], 3)), onset,
        _values(mean, window, t), Evidence("lowest_goldstein"),
    )  # fmt: skip


# --- escalation and first hostility: events the baseline never had -------------------------------


def escalation(series: DyadSeries, t: int, settings: Settings) -> Finding | None:
    """Events at a more severe conflict root than any in the baseline (say 11x, then 19x)."""
    window = Window.at(t, settings)
    if window is None:
        return None
    ceiling = max(series.periods[i].top_root() for i in window.baseline)
    if ceiling < 0 or ceiling == len(CONFLICT_ROOTS) - 1:
        return None  # no conflict to rise from, or already at the top
    above = [p.above(ceiling) for p in series.periods]
    p, onset = 1.0, t
    if above[t]:
        tails = [
            _unseen_tail(sum(above[j : t + 1]), t + 1 - j, settings.baseline) for j in window.onsets
        ]
        p, onset = _bonferroni(tails, window, settings)
    tops = [float(CONFLICT_ROOTS[r]) if (r := c.top_root()) >= 0 else None for c in series.periods]
    floor = min(v for i in window.baseline if (v := tops[i]) is not None)
    return Finding(
        "escalation", f"roots above the baseline's most severe ({settings.baseline} periods)", p,
        float(CONFLICT_ROOTS[ceiling]), tops[t] or float(CONFLICT_ROOTS[ceiling]),
        (floor, float(CONFLICT_ROOTS[ceiling])), onset,
        _values(tops, window, t), Evidence("root_above", int(CONFLICT_ROOTS[ceiling])),
    )  # fmt: skip


def first_hostile(series: DyadSeries, t: int, settings: Settings) -> Finding | None:
    """The first material conflict between a pair that has a history of other events."""
    window = Window.at(t, settings)
    if window is None or series.earlier_hostile:
        return None
    hostile = [p.quad[HOSTILE_QUAD - 1] for p in series.periods]
    if any(hostile[: window.onsets.start]):
        return None
    first = next((i for i, p in enumerate(series.periods) if p.events), window.onsets.start)
    history = series.earlier_periods + window.onsets.start if series.earlier_events else 0
    history = history or window.onsets.start - first
    p, onset = 1.0, t
    if hostile[t] and history > 0:
        tails = [_unseen_tail(sum(hostile[j : t + 1]), t + 1 - j, history) for j in window.onsets]
        p, onset = _bonferroni(tails, window, settings)
    return Finding(
        "first_hostile", f"first material conflict in {history} periods of history", p,
        0.0, float(hostile[t]), (0.0, 0.0), onset,
        _values(hostile, window, t), Evidence("quad_from", HOSTILE_QUAD),
    )  # fmt: skip


def _unseen_tail(observed: int, periods: int, history: int) -> float:
    """P(at least ``observed`` events in ``periods``) when ``history`` periods had none: the
    Gamma-Poisson predictive under the Jeffreys prior."""
    return nb_sf(observed, _JEFFREYS * periods / history, _JEFFREYS)
