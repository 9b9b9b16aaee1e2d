"""The text stage: headings give no events, photo captions are flagged, body text is not.

Short cases written for dyad; each codes a text and asserts on the output records.
Publication date 2025-05-06 is a Tuesday.
"""

from __future__ import annotations

import pytest

from dyad import Coder

from .coding import code


def test_heading_has_no_events(coder: Coder) -> None:
    """A short line without final punctuation is a heading and yields no events."""
    result = code(coder, "Russia attacks Ukraine\nRussian troops attacked Ukraine on Monday.")
    assert result.sentences[0].kind == "heading"
    assert all(e.sentence != 0 for e in result.events)


@pytest.mark.parametrize(
    "caption",
    [
        "Russian President Vladimir Putin visits China on May 1, 2025 (Photo: Li Ming/Xinhua)",
        "Russian troops attack Ukraine near Kharkiv, Ukraine on May 1, 2025 (Xinhua/Li Ming)",
        "Russian President Vladimir Putin will visit the Kremlin in Moscow, Russia on May 9, 2024.",
    ],
)
def test_captions_are_flagged(coder: Coder, caption: str) -> None:
    """Photo captions are kind caption; their events carry the flag and low confidence."""
    result = code(coder, "Russia and China are neighbours.\n" + caption)
    assert result.sentences[-1].kind == "caption"
    for event in result.events:
        if event.sentence == len(result.sentences) - 1:
            assert "caption" in event.flags and event.confidence <= 0.5


def test_body_is_not_a_caption(coder: Coder) -> None:
    """An ordinary news sentence is body text with normal confidence."""
    result = code(coder, "Russian President Vladimir Putin visited China on Monday.")
    assert result.sentences[0].kind == "body"
    assert result.events and result.events[0].confidence >= 0.9
