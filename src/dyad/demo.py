"""dyad's own demo article, shipped in the package: ``make demo``, the dashboard's example button
and the tests use it wherever the project's seed article is not at hand.

It was written for dyad (no news agency's text) and exercises what the seed does: a planned
state visit at an invitation, a telephone call, history (1965), quotes with their speakers, a
photo caption and a garbled, repetitive paragraph.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["DEMO_ARTICLE", "DEMO_PUBLISHED", "demo_article"]

#: the demo article's publication day (its relative dates resolve against it)
DEMO_PUBLISHED = "2025-03-07"


def demo_article() -> Path:
    """The path of the demo article inside the installed package."""
    return Path(str(files("dyad") / "data" / "demo" / "article.txt"))


DEMO_ARTICLE = demo_article()
