"""Where a rule's actors are in the parse (dyad.pipeline.slots): the nearest coded actor inside
what an act is about when the rule's own slots are empty.

Short cases written for dyad; each codes a sentence and asserts on the output events.
"""

from __future__ import annotations

import pytest

from dyad import Coder

from .coding import event_modalities as _events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Austria rejected calls by Serbia for a new border commission.", ("120", "AUT", "SRB")),
        ("Peru threatened to break off relations with Chile.", ("1313", "PER", "CHL")),
        ("Italy announced a suspension of air links with Serbia.", ("161", "ITA", "SRB")),
    ],
)
def test_target_inside_what_the_act_is_about(
    coder: Coder, text: str, expected: tuple[str, str, str]
) -> None:
    """With no target in the rule's own slots, the target is the nearest coded actor inside the
    object or complement: the author of the rejected call, the partner of the ties."""
    assert (*expected, "occurred") in _events(coder, text)


def test_own_troops_are_not_the_nested_target(coder: Coder) -> None:
    """Reservists called up are the actor's own forces; the target is who they are meant for."""
    text = "Britain mobilized army reservists for a possible war against Iraq."
    assert _events(coder, text) == {("154", "GBR", "IRQ", "occurred")}
