"""dyad: political event data from news text, coded in CAMEO, with the evidence for every event.

The names below load on first use (PEP 562), so ``import dyad`` or ``import dyad.store`` does not
load spaCy; ``dyad.Coder`` does. The public contract is ``docs/contract.md``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

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


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use and cache the name here."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'dyad' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
