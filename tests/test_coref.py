"""Coreference: pronouns, "the two leaders", "the two countries", bare names and capitals.

Short cases written for dyad; each codes a text and asserts on the output records.
Publication date 2025-05-06 is a Tuesday.
"""

from __future__ import annotations

from dyad import Coder
from dyad.records import DocumentResult

from .coding import code, first


def _pairs(result: DocumentResult, root: str) -> set[tuple[str | None, str | None]]:
    return {
        (e.source.code if e.source else None, e.target.code if e.target else None)
        for e in result.events
        if e.cameo.startswith(root)
    }


def test_two_leaders(coder: Coder) -> None:
    """ "The two leaders" are the two most recently named leaders."""
    text = "Chinese President Xi Jinping met Russian President Vladimir Putin. The two leaders signed an agreement."
    assert {("CHNGOV", "RUSGOV"), ("RUSGOV", "CHNGOV")} <= _pairs(code(coder, text), "057")


def test_two_heads_of_state(coder: Coder) -> None:
    """ "The two heads of state" resolve to the two leaders."""
    text = "Xi Jinping arrived in Moscow to meet Vladimir Putin. The two heads of state signed a treaty."
    assert {("CHNGOV", "RUSGOV"), ("RUSGOV", "CHNGOV")} <= _pairs(code(coder, text), "057")


def test_two_countries(coder: Coder) -> None:
    """ "The two countries" are the document's main pair of states."""
    text = "China and Russia are neighbours. Trade between China and Russia grew. The two countries signed an agreement."
    assert {("CHN", "RUS"), ("RUS", "CHN")} <= _pairs(code(coder, text), "057")


def test_pronoun_he(coder: Coder) -> None:
    """ "He" resolves to the last named person, in the next sentence."""
    event = first(coder, "Vladimir Putin landed on Monday. He visited China.", "042")
    assert event.source is not None and (event.source.text, event.source.code) == ("He", "RUSGOV")


def test_pronoun_they(coder: Coder) -> None:
    """ "They" resolves to the last group of actors."""
    text = "China and Russia held talks on Monday. They signed an agreement with Iran."
    assert {("CHN", "IRN"), ("RUS", "IRN")} <= _pairs(code(coder, text), "057")


def test_possessive_before_the_subject(coder: Coder) -> None:
    """ "Before his 2019 visit to Russia, Xi ..." — "his" is the subject that follows."""
    text = "Chinese President Xi Jinping spoke. Before his 2019 visit to Russia, Xi met reporters."
    assert ("CHNGOV", "RUS") in _pairs(code(coder, text), "042")


def test_uppercase_bare_name(coder: Coder) -> None:
    """ "XI" in capitals resolves like "Xi"."""
    event = first(coder, "Chinese President Xi Jinping spoke. XI visited Russia.", "042")
    assert event.source is not None and (event.source.text, event.source.name) == (
        "XI",
        "Xi Jinping",
    )


def test_capital_metonym(coder: Coder) -> None:
    """ "Beijing and Moscow signed" are the two governments."""
    assert ("CHNGOV", "RUSGOV") in _pairs(
        code(coder, "Beijing and Moscow signed an agreement."), "057"
    )


def test_the_agency_and_the_group_are_the_latest_body_and_group(coder: Coder) -> None:
    """ "The agency", "the group" with nothing more said of them stand for the latest
    international body and the latest named group; "the main opposition parties" do not."""
    agency = "The World Food Programme warned Sudan on Monday. The agency accused the army of blocking convoys."
    assert ("IGOUNOWFP", "SDNMIL") in _pairs(code(coder, agency), "112")
    group = "Hamas fighters attacked Israeli troops on Monday. Israel later accused the group of breaking the truce."
    assert ("ISR", "PSEINSHMS") in _pairs(code(coder, group), "112")
    parties = "Hamas fighters attacked Israeli troops. The main opposition parties accused the government."
    assert ("PSEOPP", "PSEGOV") in _pairs(code(coder, parties), "112")  # the document's state
