"""Match -> Event (dyad.pipeline.event_build): the code made specific by who acts and how, the
target taken from the place, and which events a sentence keeps.

Short cases written for dyad; each codes a sentence and asserts on the output events.
"""

from __future__ import annotations

import pytest

from dyad import Coder

from .coding import code


def _coded(coder: Coder, text: str) -> set[tuple[str, str | None, str | None]]:
    return {
        (e.cameo, e.source.code if e.source else None, e.target.code if e.target else None)
        for e in code(coder, text).events
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a generic attack (180) by armed forces, rebels or a state is conventional force (190)
        ("Rebels attacked the town.", ("190", "REB", None)),
        # violence by protesters is a violent protest (145)
        ("Protesters attacked the police station in Dhaka.", ("145", "BGDCVL", "BGDCOP")),
        # a killing by bomb is 183x, the kind of bomb picks the code
        (
            "Militants killed three soldiers with a car bomb in Baghdad.",
            ("1832", "IRQINS", "IRQMIL"),
        ),
        ("A suicide bomber killed twelve policemen in Kabul.", ("1831", "AFGINS", "AFGCOP")),
        # armed men killing civilians in numbers are a mass killing (202); an air strike stays one
        ("Gunmen massacred 40 villagers in Mopti.", ("202", "MLICVL", "MLICVL")),
        ("Russian warplanes killed 40 civilians in Idlib.", ("195", "RUSMIL", "SYRCVL")),
        # "a planned visit" is a visit: cancelling it is 161, not a policy reversal
        ("The Ghanaian president cancelled a planned visit to Togo.", ("161", "GHAGOV", "TGO")),
        # an attack by drones or missiles is an aerial attack, by artillery a shelling
        ("Russian drones struck a refinery in Ryazan.", ("195", "RUSMIL", "RUS")),
        ("Israeli troops pounded Gaza with artillery.", ("194", "ISRMIL", "PSE")),
        # a place attacked stands for its state
        ("Russian forces attacked Kharkiv on Monday.", ("190", "RUSMIL", "UKR")),
        # a meeting in a third country, or on the sidelines of a summit, is 044
        ("Putin met Erdogan in Tehran.", ("044", "RUSGOV", "TURGOV")),
    ],
)
def test_the_code_follows_who_acts_and_how(
    coder: Coder, text: str, expected: tuple[str, str | None, str | None]
) -> None:
    """The rule's code is made specific by the attacker and the means."""
    assert expected in _coded(coder, text)


def test_a_rule_without_a_target_takes_the_state_of_the_place(coder: Coder) -> None:
    """ "Protested in Tokyo": the place's state is the target, and the event says so."""
    (event,) = code(coder, "China protested in Tokyo.").events
    assert (event.cameo, event.target and event.target.code) == ("141", "JPN")
    assert "target_from_place" in event.flags


def test_events_are_numbered_per_sentence_once_each(coder: Coder) -> None:
    """Ids are doc:sentence:n in order, and no (code, source, target) appears twice."""
    result = code(coder, "Angry protesters clashed with police in Nairobi. China met Russia.")
    ids = [e.id for e in result.events]
    assert ids[0] == "-:0:0" and all(i.startswith(("-:0:", "-:1:")) for i in ids)
    keys = [(e.sentence, e.cameo, e.source, e.target) for e in result.events]
    assert len(keys) == len(set(keys))


def test_a_caption_gives_no_events(coder: Coder) -> None:
    """A photo caption describes a picture, not news: its sentence is kept, its acts are not
    coded (CODING.md §1.6)."""
    text = "Russia and China held talks.\nPutin met Xi in Moscow, Russia. (Photo: Li Tao/Xinhua)"
    result = code(coder, text)
    assert [s.kind for s in result.sentences][:2] == ["body", "caption"]
    assert result.events and all(e.sentence == 0 for e in result.events)


def test_an_act_with_no_source_is_no_event(coder: Coder) -> None:
    """ "A car bomb killed three soldiers": no one is named as acting (CODING.md §1.1)."""
    assert not code(coder, "A car bomb killed three soldiers in Baghdad on Monday.").events
