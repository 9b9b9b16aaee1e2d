"""dyad: political event data from news text, coded in CAMEO, with the evidence for every event."""

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
]
__version__ = "0.1.0"
