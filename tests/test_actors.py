"""Actors: countries, roles, titles with names, leaders by date, bodies, coordination, coreference.

Every case codes a real sentence and asserts on the output events' actors.
"""

from __future__ import annotations

import pytest

from dyad import Coder
from dyad.records import Event


def events(coder: Coder, text: str, published: str | None = "2025-05-06") -> list[Event]:
    return list(coder.code_text(text, published=published).events)


def pair(event: Event) -> tuple[str | None, str | None]:
    return (
        event.source.code if event.source else None,
        event.target.code if event.target else None,
    )


@pytest.mark.parametrize(
    ("text", "cameo", "source", "target"),
    [
        ("Chinese President Xi Jinping visited Russia.", "042", "CHNGOV", "RUS"),
        ("The Russian foreign minister visited Beijing.", "042", "RUSGOV", "CHN"),
        ("Rebels attacked the army.", "19", "REB", "MIL"),
        ("Kenyan police attacked the protesters.", "18", "KENCOP", "KENCVL"),
        ("Israeli troops attacked Hamas militants.", "19", "ISRMIL", "PSEINSHMS"),
        ("NATO troops attacked the rebels.", "18", "IGONAT", "REB"),
        ("The Soviet Union attacked Afghanistan in 1979.", "19", "SUN", "AFG"),
        ("UN Secretary-General Antonio Guterres visited Kenya.", "042", "IGOUNO", "KEN"),
        (
            "Noha Bakir, a professor at the American University in Cairo, visited Russia.",
            "042",
            "EGYEDU",
            "RUS",
        ),
        ("A Kenyan scholar visited China.", "042", "KENEDU", "CHN"),
        # people of a body take its role: "officials of the union" are the union's
        (
            "Officials of the Ghanaian teachers' union met the education minister.",
            "040",
            "GHALAB",
            "GHAGOV",
        ),
        ("Leaders of the Chilean student movement met President Boric.", "040", "CHLEDU", "CHLGOV"),
    ],
)
def test_actor_codes(coder: Coder, text: str, cameo: str, source: str, target: str) -> None:
    """Countries, demonyms, roles, bodies and appositives give the expected actor codes."""
    found = [pair(e) for e in events(coder, text) if e.cameo.startswith(cameo)]
    assert (source, target) in found


def test_title_with_name_keeps_the_name(coder: Coder) -> None:
    """ "Chinese President Xi Jinping" is CHNGOV with the person's name."""
    (event,) = events(coder, "Chinese President Xi Jinping visited Russia.")
    assert event.source is not None
    assert (event.source.code, event.source.name, event.source.text) == (
        "CHNGOV",
        "Xi Jinping",
        "Chinese President Xi Jinping",
    )


def test_coordinated_subjects_give_one_event_per_pair(coder: Coder) -> None:
    """ "China and Russia signed an agreement" codes the mutual act both ways."""
    found = {
        pair(e) for e in events(coder, "China and Russia signed an agreement.") if e.cameo == "057"
    }
    assert found == {("CHN", "RUS"), ("RUS", "CHN")}


def test_leaders_resolve_by_the_event_date(coder: Coder) -> None:
    """A leader is coded by who held office at the document's date, not by today's."""
    assert pair(events(coder, "Trump visited China.", "2019-06-01")[0]) == ("USAGOV", "CHN")
    later = events(coder, "Trump visited China.", "2022-06-01")
    assert [pair(e) for e in later] == [(None, "CHN")]
    assert later[0].source is not None and later[0].source.text == "Trump"


def test_full_name_of_a_former_leader_keeps_the_country(coder: Coder) -> None:
    """A full name resolves to the person even out of office."""
    assert pair(events(coder, "Barack Obama visited China.", "2020-06-01")[0]) == ("USAGOV", "CHN")


def test_bare_name_resolves_to_the_full_mention(coder: Coder) -> None:
    """Later "Putin" and upper-case "XI" resolve to the actors their full mentions established."""
    text = "Russian President Vladimir Putin met reporters. Chinese President Xi Jinping arrived. XI visited Russia. Putin visited China."
    found = {
        (e.source.text, e.source.code, e.source.name)
        for e in events(coder, text)
        if e.source and e.cameo == "042"
    }
    assert ("XI", "CHNGOV", "Xi Jinping") in found
    assert ("Putin", "RUSGOV", "Vladimir Putin") in found


def test_unknown_actor_keeps_its_text(coder: Coder) -> None:
    """An actor the dictionaries do not know keeps its text and gets no code."""
    (event,) = events(coder, "Zorblax Quuxington visited China.")
    assert (
        event.source is not None
        and event.source.code is None
        and event.source.text == "Zorblax Quuxington"
    )


def test_capital_as_subject_is_the_government(coder: Coder) -> None:
    """ "Washington attacked ..." is the US government; a capital as a place is the country."""
    assert ("USAGOV", "IRQ") in [pair(e) for e in events(coder, "Washington attacked Baghdad.")]


def test_pronoun_resolves_across_sentences(coder: Coder) -> None:
    """ "He" takes the most recent person mentioned, and keeps the text it was written as."""
    text = "Russian President Vladimir Putin arrived on Monday. He visited China."
    (event,) = [e for e in events(coder, text) if e.cameo == "042"]
    assert event.source is not None and (event.source.text, event.source.code) == ("He", "RUSGOV")


@pytest.mark.parametrize(
    ("published", "expected"),
    [("2010-04-05", ("040", "KENGOV", "UGAGOV")), ("2023-04-03", ("040", "KENOPP", "UGAGOV"))],
)
def test_a_former_office_holder_is_what_the_text_calls_them(
    coder: Coder, published: str, expected: tuple[str, str, str]
) -> None:
    """Raila Odinga was Kenya's prime minister until 2013: in office he is KENGOV; in 2023 the
    "opposition leader" of the text is KENOPP; a name never means a later office."""
    text = "Opposition leader Raila Odinga met President Yoweri Museveni on Monday."
    if published < "2013":
        text = "Prime Minister Raila Odinga met President Yoweri Museveni on Monday."
    result = coder.code_text(text, published=published)
    assert expected in {
        (e.cameo, e.source and e.source.code, e.target and e.target.code) for e in result.events
    }


def test_a_thing_in_a_place_is_no_actor(coder: Coder) -> None:
    """ "Two years of war in Sudan have killed thousands": the war is no actor, so nothing is
    coded (CODING.md §1.1); "officials in Kabul" are people of the place."""
    war = coder.code_text(
        "Two years of war in Sudan have killed thousands of people.", published="2025-04-15"
    )
    assert not war.events
    officials = coder.code_text(
        "Officials in Kabul met a Chinese delegation.", published="2025-04-15"
    )
    assert {(e.source.code if e.source else None) for e in officials.events} == {"AFGGOV"}
