"""Speech acts coded once, by the act they are about, and event nouns that are no act
(dyad.pipeline.speech; CODING.md §1.2, §1.3, §1.5).

Short cases written for dyad; each codes a sentence and asserts on the output events.
"""

from __future__ import annotations

import pytest

from dyad import Coder

from .coding import event_modalities as _events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an appeal, a pledge, a demand, a threat, a refusal: coded by what is asked, pledged, ...
        ("The EU urged Serbia to negotiate with Kosovo.", ("026", "IGOEEC", "SRB")),
        ("Egypt pledged to send medicine to Sudan.", ("0333", "EGY", "SDN")),
        ("The opposition demanded that President Arce resign.", ("1041", "BOLOPP", "BOLGOV")),
        (
            "Lithuania threatened to cut off electricity supplies to Belarus.",
            ("1311", "LTU", "BLR"),
        ),
        ("Hungary refused to send weapons to Ukraine.", ("1222", "HUN", "UKR")),
        # a charge: the accusation, not the act charged
        ("Azerbaijan accused Armenia of shelling its positions.", ("112", "AZE", "ARM")),
    ],
)
def test_a_speech_act_is_coded_once_by_the_act(
    coder: Coder, text: str, expected: tuple[str, str, str]
) -> None:
    """The speech act takes the specific code of the act it is about; the act itself is not
    coded again as planned or hypothetical."""
    assert _events(coder, text) == {(*expected, "occurred")}


def test_a_denied_act_is_not_coded(coder: Coder) -> None:
    """ "Denied shelling the hospital": the denial (016), aimed at whom the act hit; no shelling."""
    events = _events(coder, "Russia denied shelling the hospital in Kharkiv.")
    assert {code for code, *_ in events} == {"016"}


def test_a_warning_about_no_act_is_no_threat(coder: Coder) -> None:
    """A warning is a threat only when it is about an act: "the economy would slow" is none."""
    assert _events(coder, "The army warned that the economy would slow.") == set()
    threat = _events(coder, "The army warned that troops would attack the rebels.")
    assert {(code[:2], source, target) for code, source, target, _ in threat} == {
        ("13", "MIL", "REB")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a verb says the event noun's act happened
        (
            "Clashes between Azerbaijani and Armenian troops erupted on the border.",
            {("190", "AZEMIL", "ARMMIL"), ("190", "ARMMIL", "AZEMIL")},
        ),
        # a date of its own
        ("Pakistan's 2019 visit to China was praised.", {("042", "PAK", "CHN")}),
        # a topic: no event
        ("The invasion of Ukraine dominated the summit.", set()),
    ],
)
def test_an_event_noun_is_an_act_only_when_it_happened(
    coder: Coder, text: str, expected: set[tuple[str, str, str]]
) -> None:
    """Event nouns are coded when the text says the act happened, not as topic or label."""
    assert {(c, s, t) for c, s, t, _ in _events(coder, text)} == expected


def test_ceasing_fire_is_a_ceasefire(coder: Coder) -> None:
    """ "Stopped firing" is a ceasefire (0871), both ways for coordinated subjects."""
    events = _events(coder, "Thai and Cambodian troops stopped firing at midnight on Monday.")
    assert events == {
        ("0871", "THAMIL", "KHMMIL", "occurred"),
        ("0871", "KHMMIL", "THAMIL", "occurred"),
    }
