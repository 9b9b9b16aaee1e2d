"""A dyad's timeline: events per period stacked by QuadClass, mean Goldstein on a second axis.

PNG through matplotlib's Agg canvas (no display, no pyplot state); HTML through plotly with
plotly.js embedded in the file, so it opens offline and loads nothing from a CDN.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from ._errors import QueryError
from ._table import Table
from .events import Filters
from .ingest import Store
from .query import dyad_series

log = logging.getLogger(__name__)

QUAD_LABELS = {
    "quad1": "verbal cooperation",
    "quad2": "material cooperation",
    "quad3": "verbal conflict",
    "quad4": "material conflict",
}
QUAD_COLORS = {"quad1": "#8fd0a8", "quad2": "#1b9e77", "quad3": "#f4a582", "quad4": "#b2182b"}
PLOT_SUFFIXES = (".png", ".html")


def plot_dyad(
    store: Store,
    actor_a: str,
    actor_b: str,
    out: str | Path,
    *,
    period: str = "month",
    directed: bool = False,
    filters: Filters | None = None,
    count: str = "events",
) -> Table:
    """Draw the dyad's timeline to ``out`` (.png or .html); return the series drawn.

    ``count``: ``events`` (after ``dyad dedup``, each real-world event once) or ``mentions``."""
    out = Path(out)
    if out.suffix.lower() not in PLOT_SUFFIXES:
        raise QueryError(f"--out must end in .png or .html, not {out.name!r}")
    series = dyad_series(
        store, actor_a, actor_b, period=period, directed=directed, filters=filters, count=count
    )
    arrow = "→" if directed else "↔"
    title = f"{actor_a} {arrow} {actor_b}: events per {period} by QuadClass"
    if not series.rows:
        log.warning(
            "no events between %s and %s with these filters; drawing an empty plot",
            actor_a,
            actor_b,
        )
    if out.suffix.lower() == ".png":
        _png(series, title, out)
    else:
        _html(series, title, out)
    return series


def _png(series: Table, title: str, out: Path) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(10, 5), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    periods = series.column("period")
    width = _bar_width(periods)
    bottom = [0] * len(periods)
    for key, label in QUAD_LABELS.items():
        counts = series.column(key)
        axes.bar(
            periods, counts, width, bottom=bottom, align="edge", label=label, color=QUAD_COLORS[key]
        )
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    axes.set_ylim(0, max([*bottom, 1]) * 1.15)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel("events")
    axes.set_title(title)
    second = axes.twinx()
    middles = [p + timedelta(days=width / 2) for p in periods]
    means = [float("nan") if m is None else m for m in series.column("goldstein_mean")]
    second.plot(middles, means, color="#333333", marker="o", label="mean Goldstein")
    second.set_ylim(-10.5, 10.5)
    second.axhline(0, color="#999999", linewidth=0.5)
    second.set_ylabel("mean Goldstein (−10 conflict … +10 cooperation)")
    handles = axes.get_legend_handles_labels()[0] + second.get_legend_handles_labels()[0]
    figure.legend(handles=handles, loc="lower center", ncol=5, fontsize="small", frameon=False)
    figure.autofmt_xdate()
    figure.subplots_adjust(bottom=0.25)
    figure.savefig(out, format="png")


def _bar_width(periods: list[Any]) -> float:
    """Bar width in days: most of the gap between periods."""
    if len(periods) < 2:
        return 25.0
    return 0.85 * min((b - a).days for a, b in pairwise(periods))


def _html(series: Table, title: str, out: Path) -> None:
    import plotly.graph_objects as go

    figure = go.Figure()
    periods = series.column("period")
    for key, label in QUAD_LABELS.items():
        figure.add_bar(x=periods, y=series.column(key), name=label, marker_color=QUAD_COLORS[key])
    figure.add_scatter(
        x=periods, y=series.column("goldstein_mean"), name="mean Goldstein", yaxis="y2",
        mode="lines+markers", line={"color": "#333333"},
    )  # fmt: skip
    figure.update_layout(
        title=title,
        barmode="stack",
        yaxis={"title": "events"},
        yaxis2={
            "title": "mean Goldstein",
            "overlaying": "y",
            "side": "right",
            "range": [-10.5, 10.5],
        },
        legend={"orientation": "h"},
    )
    figure.write_html(str(out), include_plotlyjs=True, full_html=True)
