"""The one event-filter vocabulary: store queries, the API and the CLI choose events with Filters."""

from __future__ import annotations

from datetime import date

from dyad.store.events import DEFAULT_MIN_CONFIDENCE, Filters


def test_defaults_count_what_happened_as_reported() -> None:
    """By default historical, negated, hypothetical and low-confidence events are left out."""
    condition, params = Filters().clause()
    assert condition == (
        "confidence >= ? AND NOT historical AND modality <> 'negated' "
        "AND modality <> 'hypothetical'"
    )
    assert params == [DEFAULT_MIN_CONFIDENCE]


def test_everything_starts_from_every_event() -> None:
    """Filters.everything() has no condition at all until narrowed."""
    assert Filters.everything().clause() == ("TRUE", [])
    narrowed = Filters.everything(historical=False, modality="planned").clause("e")
    assert narrowed == ("e.modality = ? AND e.historical = ?", ["planned", False])


def test_every_filter_is_a_bound_parameter_on_the_named_table() -> None:
    """Each field adds one condition on the events table (aliased), its values bound, never SQL."""
    filters = Filters(
        since=date(2024, 1, 1), until=date(2024, 12, 31), cameo=("04", "19"),
        quad_classes=(1, 4), actor="CHN", source="CHNGOV", target="RUS", dyad=("CHN", "RUS"),
        root="04", modality="occurred", historical=False, doc_id="d1",
    )  # fmt: skip
    condition, params = filters.clause("e")
    assert condition.count("?") == len(params) == 19
    assert (
        "e.day >= ?" in condition
        and "(starts_with(e.cameo, ?) OR starts_with(e.cameo, ?))" in condition
    )
    assert "e.quad_class IN (?, ?)" in condition and "'CHN'" not in condition
    assert params[:3] == [DEFAULT_MIN_CONFIDENCE, date(2024, 1, 1), date(2024, 12, 31)]
