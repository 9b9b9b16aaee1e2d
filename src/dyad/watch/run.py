"""``watch``: test every dyad's latest period(s) against its baseline and say which turned.

For each period tested, every dyad with enough counted events in its baseline window gets every
detector that applies (:mod:`.detectors`). An alert is a test whose Benjamini–Hochberg q-value,
across all tests of that period, is at most ``fdr`` *and* whose p-value is at most the per-test
ceiling set by the false-alarm budget: ``budget`` false alarms per 100 years of a quiet dyad is
``budget / 100 / periods per year`` for one dyad in one period, split evenly among the tests
that apply to it there (a union bound: the chance that any of them fires is at most the sum).
Which tests apply depends only on the dyad's history before the onset window (and on the
tested period having events at all, without which none can fire), so the split is fixed before
the data it judges are seen. The first condition controls the share of false alerts when many
dyads are tested; the second how often a quiet dyad cries wolf when few are, or when many real
alerts loosen the first.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ..store import QueryError, Store
from ..store.events import Filters
from . import periods as cal
from ._stats import benjamini_hochberg
from .alerts import Alert, AlertEvent, Point, WatchReport
from .detectors import METRICS, detect
from .evidence import Wanted, top_events
from .load import day_span, load_series
from .series import DyadSeries, Finding, Settings

log = logging.getLogger(__name__)

LEVELS = ("country", "code")
_DAY = timedelta(days=1)
# period -> baseline periods by default: 13 weeks of days, a year of weeks, two years of months
DEFAULT_BASELINE = {"day": 91, "week": 52, "month": 24}


@dataclass(frozen=True, slots=True)
class WatchOptions:
    """What ``dyad watch`` tests, and how strictly."""

    period: str = "week"  # day | week | month
    level: str = "country"  # country (CHN) | code (CHNGOV)
    directed: bool = False  # source -> target apart from target -> source
    dyad: tuple[str, str] | None = None  # only this pair (codes match by prefix); all when None
    since: date | None = None  # test every period from the one holding this day; else the latest
    baseline: int | None = None  # baseline periods (DEFAULT_BASELINE for the period when None)
    onset: int = 3  # a shift may have begun in any of the last `onset` periods
    min_events: int = 10  # counted events the baseline window needs for a dyad to be tested
    fdr: float = 0.05  # false discovery rate across the tests of one period
    budget: float = 1.0  # false alarms per 100 dyad-years a quiet dyad may raise at most
    top: int = 5  # events listed per alert
    max_periods: int | None = None  # refuse a check of more periods than this (the API's guard)
    filters: Filters = field(default_factory=Filters)  # the "current events" view

    def settings(self) -> Settings:
        return Settings(
            baseline=self.baseline or DEFAULT_BASELINE[self.period], onset=self.onset,
            min_events=self.min_events, weekdays=self.period == "day",
        )  # fmt: skip

    @property
    def period_alpha(self) -> float:
        """The false-alarm budget of one dyad in one period, shared by the tests applied to it."""
        return self.budget / 100 / cal.PER_YEAR[self.period]

    @property
    def alpha(self) -> float:
        """The strictest per-test ceiling: the period's budget when every detector applies."""
        return self.period_alpha / len(METRICS)

    def check(self) -> None:
        """Refuse options that cannot work, naming the option."""
        if self.period not in cal.PERIODS:
            raise QueryError(f"unknown period {self.period!r}; choose one of day, week, month")
        if self.level not in LEVELS:
            raise QueryError(f"unknown level {self.level!r}; choose country or code")
        for name, value, low, high in (
            ("fdr", self.fdr, 0.0, 1.0), ("budget", self.budget, 0.0, 100.0),
        ):  # fmt: skip
            if not low < value <= high:
                raise QueryError(f"{name} must be above {low} and at most {high}, not {value}")
        if self.baseline is not None and self.baseline < 4:
            raise QueryError(f"baseline must be 4 periods or more, not {self.baseline}")
        if self.onset < 1 or self.min_events < 0 or self.top < 0:
            raise QueryError("onset must be 1 or more; min_events and top 0 or more")


def watch(store: Store, options: WatchOptions | None = None) -> WatchReport:
    """Test the latest period (or every period since ``options.since``) of every dyad."""
    options = options or WatchOptions()
    options.check()
    settings = options.settings()
    filters = _filters(options)
    span = day_span(store, filters)
    if span is None:
        return WatchReport((), (), 0, 0, options.alpha, options.period_alpha)
    last = cal.start_of(span[1], options.period)
    first_tested = last
    if options.since is not None:  # no earlier than the first counted event, no later than last
        since = max(options.since, span[0])
        first_tested = min(last, cal.start_of(since, options.period))
    first = cal.shift(first_tested, options.period, -(settings.baseline + settings.onset - 1))
    series = load_series(
        store, filters, period=options.period, level=options.level,
        directed=options.directed, first=first, last=last,
    )  # fmt: skip
    tested = cal.starts(first_tested, last, options.period)
    if options.max_periods is not None and len(tested) > options.max_periods:
        raise QueryError(
            f"since {first_tested} is {len(tested)} {options.period}s to test; at most "
            f"{options.max_periods} per check here: give a later since"
        )
    skipped = cal.between(first, first_tested, options.period)  # the first test's baseline
    indices = [skipped + i for i in range(len(tested))]
    found, dyads, tests = _test(series, indices, settings, options)
    alerts = _alerts(store, found, filters, options)
    log.info("watch: %d periods, %d dyads, %d tests, %d alerts", len(tested), dyads, tests,
             len(alerts))  # fmt: skip
    return WatchReport(tuple(alerts), tested, dyads, tests, options.alpha, options.period_alpha)


def _filters(options: WatchOptions) -> Filters:
    if options.dyad is None:
        return options.filters
    a, b = options.dyad
    if options.directed:
        return replace(options.filters, source=a, target=b)
    return replace(options.filters, dyad=(a, b))


@dataclass(frozen=True, slots=True)
class Found:
    """A test that passed: the dyad, the period index, the finding, its q-value and ceiling."""

    series: DyadSeries
    t: int
    finding: Finding
    q_value: float
    ceiling: float  # the dyad's budget for the period over the tests applied to it

    def wanted(self, options: WatchOptions) -> Wanted:
        """The events to list: the dyad's, of the finding's kind, from its onset on."""
        s = self.series
        start, end = s.starts[self.finding.onset], _end(s.starts[self.t], options)
        return Wanted(s.actor_a, s.actor_b, start, end, self.finding.evidence)


def _test(
    series: list[DyadSeries], indices: list[int], settings: Settings, options: WatchOptions
) -> tuple[list[Found], int, int]:
    """Every test of every period, Benjamini–Hochberg per period; the alerts that pass."""
    found: list[Found] = []
    watched: set[tuple[str, str]] = set()
    tests = 0
    for t in indices:
        family = []
        for s in series:
            findings = detect(s, t, settings)
            family += [(s, f, options.period_alpha / len(findings)) for f in findings]
        watched.update((s.actor_a, s.actor_b) for s, _, _ in family)
        tests += len(family)
        q_values = benjamini_hochberg([f.p_value for _, f, _ in family])
        found += [
            Found(s, t, f, q, ceiling)
            for (s, f, ceiling), q in zip(family, q_values, strict=True)
            if q <= options.fdr and f.p_value <= ceiling
        ]
    return found, len(watched), tests


def _alerts(
    store: Store, found: list[Found], filters: Filters, options: WatchOptions
) -> list[Alert]:
    """The alerts with their top events, latest period first, strongest first within it."""
    wanted = [x.wanted(options) for x in found]
    events = top_events(
        store, wanted, filters, level=options.level, directed=options.directed, limit=options.top
    )
    alerts = [_alert(x, evidence, options) for x, evidence in zip(found, events, strict=True)]
    alerts.sort(key=lambda a: (-a.period.toordinal(), a.q_value, a.p_value, a.key))
    return alerts


def _end(start: date, options: WatchOptions) -> date:
    return cal.shift(start, options.period, 1) - _DAY


def _alert(x: Found, events: tuple[AlertEvent, ...], options: WatchOptions) -> Alert:
    s, t, f = x.series, x.t, x.finding
    settings = options.settings()
    start = t - settings.onset + 1 - settings.baseline
    low, high = f.band if f.band else (None, None)
    return Alert(
        actor_a=s.actor_a, actor_b=s.actor_b, level=options.level, directed=options.directed,
        period=s.starts[t], period_end=_end(s.starts[t], options), onset=s.starts[f.onset],
        metric=f.metric, test=f.test, baseline=f.expected, observed=f.observed, band_low=low,
        band_high=high, p_value=f.p_value, q_value=x.q_value, alpha=x.ceiling,
        baseline_from=s.starts[start],
        baseline_to=s.starts[start + settings.baseline - 1], events=events,
        series=tuple(Point(s.starts[start + i], v) for i, v in enumerate(f.values)),
    )  # fmt: skip
