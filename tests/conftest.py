"""Shared fixtures: one coder (and so one spaCy model) for the whole test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium with background networking off (the browser tests)."""
    from .live import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture()
def page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh page on the test module's ``server`` that records console errors and any request
    leaving the loopback server."""
    from .live import watched_page

    with watched_page(browser, server) as opened:
        yield opened
