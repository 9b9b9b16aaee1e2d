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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare role inside another act's infinitive clause is what that act is about
        ("The opposition is demanding greater efforts to protect communities.", set()),
        ("Chile urged new measures to help farmers.", set()),
        # a named body or state there still is the target
        ("Malaysia is considering an application to join the BRICS group.",
         {("014", "MYS", "IGOBRICS", "occurred")}),
    ],
)  # fmt: skip
def test_a_bare_role_in_another_acts_clause_is_no_nested_target(
    coder: Coder, text: str, expected: set[tuple[str, str, str, str]]
) -> None:
    """ "demanding efforts to protect communities" is addressed to no one (no event, CODING.md
    §1.4); "an application to join BRICS" concerns BRICS."""
    assert _events(coder, text) == expected


def test_a_speaker_does_not_do_what_a_subjectless_clause_says(coder: Coder) -> None:
    """When the parse gives the said clause no subject ("China and Russia" read as part of the
    "under ..." phrase), the speaker is not taken as the actor of what is said."""
    text = (
        "John Mwangi, deputy head of the Institute of Peace at Nairobi University, said under the "
        "leadership of two heads of state, Kenya and Tanzania will further advocate open borders, "
        "working together to maintain stability."
    )
    assert not [e for e in _events(coder, text) if e[1].startswith("KENEDU")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chilean diplomats said on Monday that a court in Lima had rejected their request to "
         "extradite the bankers to Chile.", ("120", "PERJUD", "CHLGOV", "occurred")),
        ("The Egyptian mediators said Israel turned down their proposal to reopen the crossing.",
         ("120", "ISR", "EGY", "occurred")),
    ],
)  # fmt: skip
def test_whose_request_it_was_is_the_target(
    coder: Coder, text: str, expected: tuple[str, str, str, str]
) -> None:
    """A possessive pronoun on what was rejected names the party rejected: "their request"."""
    assert expected in _events(coder, text)
