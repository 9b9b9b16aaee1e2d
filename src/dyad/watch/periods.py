"""Calendar periods: where a day's period starts, the next start, and how many lie between."""

from __future__ import annotations

from datetime import date, timedelta

PERIODS = ("day", "week", "month")
PER_YEAR = {"day": 365.25, "week": 52.18, "month": 12.0}


def start_of(day: date, period: str) -> date:
    """The first day of ``day``'s period (weeks start on Monday, as DuckDB's date_trunc)."""
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def shift(start: date, period: str, steps: int) -> date:
    """The start of the period ``steps`` periods after (or before) ``start``."""
    if period == "day":
        return start + timedelta(days=steps)
    if period == "week":
        return start + timedelta(weeks=steps)
    months = start.year * 12 + start.month - 1 + steps
    return date(months // 12, months % 12 + 1, 1)


def between(first: date, later: date, period: str) -> int:
    """How many period starts lie from ``first`` up to (not including) ``later``."""
    if period == "day":
        return (later - first).days
    if period == "week":
        return (later - first).days // 7
    return (later.year - first.year) * 12 + later.month - first.month


def starts(first: date, last: date, period: str) -> tuple[date, ...]:
    """Every period start from ``first`` to ``last``, both included."""
    return tuple(shift(first, period, i) for i in range(between(first, last, period) + 1))
