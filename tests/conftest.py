"""Shared fixtures: one coder (and so one spaCy model) for the whole test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad import Coder

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_bc9f64f74030027a.txt"


@pytest.fixture(scope="session")
def coder() -> Coder:
    """The default coder with the shipped dictionaries."""
    return Coder()


@pytest.fixture(scope="session")
def nlp(coder: Coder):  # type: ignore[no-untyped-def]
    """dyad's spaCy pipeline (model plus actor ruler)."""
    return coder.nlp


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The canonical seed article."""
    if not SEED.exists():
        pytest.skip(f"the seed article is not at {SEED}")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def demo_text() -> str:
    """dyad's own demo article (shipped in the package, so never skipped)."""
    from dyad.demo import DEMO_ARTICLE

    return DEMO_ARTICLE.read_text(encoding="utf-8")
