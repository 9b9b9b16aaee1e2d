"""The modality stage: occurred, planned, negated and hypothetical, per clause.

Short cases written for dyad; each codes a text and asserts on the output records.
Publication date 2025-05-06 is a Tuesday.
"""

from __future__ import annotations

import pytest

from dyad import Coder

from .coding import code, first

MODALITY = [
    ("Putin will visit China.", "042", "planned"),
    ("Putin is expected to visit China.", "042", "planned"),
    ("Putin plans to visit China.", "042", "planned"),
    ("Putin is scheduled to visit China.", "042", "planned"),
    ("Putin's upcoming visit to China on Friday was announced.", "042", "planned"),
    ("Putin did not visit China.", "042", "negated"),
    ("Putin never visited China.", "042", "negated"),
    ("Putin didn't visit China last year.", "042", "negated"),
    ("If Russia attacks Ukraine, NATO will respond.", "19", "hypothetical"),
    ("Russia could attack Ukraine.", "19", "hypothetical"),
    ("Russia might attack Ukraine.", "19", "hypothetical"),
    ("Russia would attack Ukraine unless NATO withdrew.", "19", "hypothetical"),
    ("Putin visited China.", "042", "occurred"),
    ("Russian troops attacked Ukraine.", "19", "occurred"),
    ("China and Russia signed an agreement.", "057", "occurred"),
]


@pytest.mark.parametrize(("text", "root", "modality"), MODALITY)
def test_modality(coder: Coder, text: str, root: str, modality: str) -> None:
    """Planned, negated, hypothetical and occurred come from the parse around the trigger."""
    assert first(coder, text, root).modality == modality


def test_modality_is_per_clause(coder: Coder) -> None:
    """In one sentence, the past visit occurred and the future one is planned."""
    events = code(coder, "Putin visited China, and Xi will visit Russia.").events
    moods = {(e.source.code if e.source else None, e.modality) for e in events if e.cameo == "042"}
    assert moods == {("RUSGOV", "occurred"), ("CHNGOV", "planned")}


def test_reject_is_an_event_not_a_negation(coder: Coder) -> None:
    """ "Rejected" is itself a CAMEO 12x event, which occurred."""
    event = first(coder, "Russia rejected the proposal of the United Nations.", "12")
    assert event.modality == "occurred"
