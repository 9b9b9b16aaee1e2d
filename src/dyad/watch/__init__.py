"""Early warning: which dyads turned hostile, well beyond their baseline, and the events why.

Library first: :func:`watch` tests every dyad of a store (:class:`WatchOptions` says how) and
returns a :class:`WatchReport` of :class:`Alert` records; :mod:`.detectors` are pure functions
over one dyad's series (:mod:`.series`), and :mod:`.follow` re-checks as documents arrive. The
``dyad watch`` command, ``GET /v1/alerts`` and the dashboard's Alerts page are thin faces over it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .alerts import Alert, AlertEvent, Point, WatchReport
    from .detectors import METRICS
    from .run import WatchOptions, watch

_EXPORTS = {
    **dict.fromkeys(("Alert", "AlertEvent", "Point", "WatchReport"), ".alerts"),
    "METRICS": ".detectors",
    **dict.fromkeys(("WatchOptions", "watch"), ".run"),
}

__all__ = ["METRICS", "Alert", "AlertEvent", "Point", "WatchOptions", "WatchReport", "watch"]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
