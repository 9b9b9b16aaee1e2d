"""Calendar periods: starts, shifts and counts agree with DuckDB's date_trunc."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from dyad.watch.periods import between, shift, start_of, starts


@pytest.mark.parametrize("period", ["day", "week", "month"])
def test_start_of_is_date_trunc(period: str) -> None:
    """Every day of 2024 starts the same period in Python as in DuckDB (weeks on Monday)."""
    con = duckdb.connect()
    rows = con.execute(
        "SELECT d::DATE, date_trunc(?, d)::DATE FROM range(DATE '2024-01-01', DATE '2025-01-01', "
        "INTERVAL 1 DAY) t(d)",
        [period],
    ).fetchall()
    assert all(start_of(day, period) == trunc for day, trunc in rows)


def test_shift_between_and_starts() -> None:
    """Months roll over years; between counts whole periods; starts lists both ends."""
    assert shift(date(2024, 11, 1), "month", 3) == date(2025, 2, 1)
    assert shift(date(2024, 1, 1), "month", -1) == date(2023, 12, 1)
    assert shift(date(2024, 1, 1), "week", 2) == date(2024, 1, 15)
    assert between(date(2023, 12, 1), date(2025, 2, 1), "month") == 14
    assert between(date(2024, 1, 1), date(2024, 1, 15), "week") == 2
    assert starts(date(2024, 1, 1), date(2024, 1, 3), "day") == (
        date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 3),
    )  # fmt: skip
