"""Helpers for tests that code a short text and assert on the output records."""

from __future__ import annotations

from dyad import Coder
from dyad.records import DocumentResult, Event

PUB = "2025-05-06"  # a Tuesday
# One event or more each, for runs over many small documents.
SENTENCES = [
    "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Tuesday.",
    "Israeli troops attacked Hamas fighters in Gaza, the army said.",
    "The United Nations Security Council condemned the attack on the embassy.",
    "Iran rejected the proposal from the European Union.",
]


def code(coder: Coder, text: str, published: str | None = PUB) -> DocumentResult:
    """The record of one text, published on ``published``."""
    return coder.code_text(text, published=published)


def first(coder: Coder, text: str, root: str, published: str | None = PUB) -> Event:
    """The first event of ``text`` whose CAMEO code starts with ``root`` (one must exist)."""
    found = [e for e in code(coder, text, published).events if e.cameo.startswith(root)]
    assert found, f"no {root} event in {text!r}"
    return found[0]


def event_modalities(
    coder: Coder, text: str, published: str = "2024-06-01"
) -> set[tuple[str, str | None, str | None, str]]:
    """(CAMEO code, source code, target code, modality) of each event of ``text``."""
    result = coder.code_text(text, published=published)
    return {
        (e.cameo, e.source.code if e.source else None, e.target.code if e.target else None,
         e.modality)
        for e in result.events
    }  # fmt: skip
