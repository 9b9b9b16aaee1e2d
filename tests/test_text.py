"""The text stage: headings give no events, photo captions are flagged, body text is not; blocks
and spaCy batches are bounded however long a line is.

Short cases written for dyad; each codes a text and asserts on the output records.
Publication date 2025-05-06 is a Tuesday.
"""

from __future__ import annotations

import pytest

from dyad import Coder
from dyad.pipeline.text import blocks, bounded_batches

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


def test_a_line_without_sentence_ends_or_spaces_is_cut_into_bounded_blocks() -> None:
    """A pathological line (no full stop, no space) becomes blocks of at most max_chars whose
    offsets point into the text and which, together, are the whole line."""
    line = "x" * 95_000
    parts = list(blocks("  " + line + "\nnext", 20_000))
    assert [len(b.text) for b in parts] == [20_000] * 4 + [15_000, 4]
    assert "".join(b.text for b in parts[:-1]) == line
    assert all(("  " + line + "\nnext")[b.start : b.start + len(b.text)] == b.text for b in parts)


def test_spacy_batches_are_bounded_in_blocks_and_in_characters() -> None:
    """Batches hold at most max_items blocks and max_chars characters; a longer block is alone."""
    items = [("a" * n, i) for i, n in enumerate([100, 300, 700, 50, 5000, 10, 10, 10])]
    batches = list(bounded_batches(items, max_items=3, max_chars=1000))
    assert [[i for _, i in b] for b in batches] == [[0, 1], [2, 3], [4], [5, 6, 7]]
    assert all(len(b) <= 3 and (sum(len(t) for t, _ in b) <= 1000 or len(b) == 1) for b in batches)
