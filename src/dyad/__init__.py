"""dyad: political event data from news text, coded in CAMEO, with the evidence for every event.

The names below load on first use (PEP 562), so ``import dyad`` or ``import dyad.store`` does not
load spaCy; ``dyad.Coder`` does. The public contract is ``docs/contract.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_exports
from ._version import __version__

if TYPE_CHECKING:
    from .options import Options
    from .pipeline.coder import Coder
    from .records import (
        Actor,
        DocumentInput,
        DocumentResult,
        Event,
        Location,
        Quantity,
        Quote,
        RunStats,
        Sentence,
    )

# public name -> the module that defines it
_EXPORTS = {
    "Coder": ".pipeline.coder",
    "Options": ".options",
    **{
        name: ".records"
        for name in (
            "Actor",
            "DocumentInput",
            "DocumentResult",
            "Event",
            "Location",
            "Quantity",
            "Quote",
            "RunStats",
            "Sentence",
        )
    },
}

__all__ = [
    "Actor",
    "Coder",
    "DocumentInput",
    "DocumentResult",
    "Event",
    "Location",
    "Options",
    "Quantity",
    "Quote",
    "RunStats",
    "Sentence",
    "__version__",
]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
