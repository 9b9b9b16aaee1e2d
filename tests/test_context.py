"""Actors in context (dyad.pipeline.context): a role-only actor takes its state from, in order,
its phrase, its clause's place, the other participant, an earlier mention, the dateline and the
document (CODING.md §2), and says which (``country_from``).

Short texts written for dyad; each codes a text and asserts on the output events.
"""

from __future__ import annotations

import pytest

from dyad import Coder


def _actors(coder: Coder, text: str) -> list[tuple[str, str | None, str | None, str | None]]:
    """(code, source code, its country_from, target code) of each event."""
    result = coder.code_text(text, published="2025-03-12")
    return [
        (
            e.cameo,
            e.source.code if e.source else None,
            e.source.country_from if e.source else None,
            e.target.code if e.target else None,
        )
        for e in result.events
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the clause's place
        ("Police in Lusaka arrested three students on Monday.", ("173", "ZMBCOP", "phrase", "ZMBEDU")),
        ("Riot police fired tear gas at students in Nairobi.", ("175", "KENCOP", "place", "KENEDU")),
        # the other participant of a domestic act
        ("Students protested against President Hichilema's government.", ("141", "ZMBEDU", "participant", "ZMBGOV")),
        # an earlier mention of the same role
        ("Zambia's army deployed in the capital. Later, the army arrested five activists.", ("173", "ZMBMIL", "earlier", "ZMBCVL")),
        # the dateline
        ("LAGOS: Police raided the offices of a newspaper.", ("1711", "NGACOP", "dateline", "NGAMED")),
    ],
)  # fmt: skip
def test_a_role_only_actor_takes_its_state_from_context(
    coder: Coder, text: str, expected: tuple[str, str, str, str]
) -> None:
    """Each step gives the state when the ones before it do not, and says so."""
    assert expected in _actors(coder, text)


def test_the_document_step_comes_last(coder: Coder) -> None:
    """With no place, participant, earlier mention or dateline, the state the document is most
    about places the actor."""
    text = "Uganda's government lifted the curfew. The police detained protesters."
    assert ("173", "UGACOP", "document", "UGACVL") in _actors(coder, text)


def test_a_perpetrator_is_not_of_its_victims_state(coder: Coder) -> None:
    """Gunmen who kidnap two Italian engineers are not Italians (an act of violence gives no
    side the other side's state)."""
    events = _actors(coder, "Gunmen kidnapped two Italian engineers.")
    assert [(c, s, t) for c, s, _, t in events] == [("181", "CVL", "ITA")]


def test_foreign_actors_stay_stateless(coder: Coder) -> None:
    """ "Foreign troops" belong to no state the text names: no country from context; a
    government's foreign ministry is its own."""
    troops = _actors(coder, "Foreign troops attacked Kenyan soldiers near the border on Monday.")
    assert troops == [("190", "MIL", None, "KENMIL")]
    press = _actors(coder, "Police in Kenya arrested foreign journalists.")
    assert press == [("173", "KENCOP", "phrase", "MED")]
    ministry = _actors(coder, "NAIROBI — The foreign ministry summoned the Ugandan ambassador.")
    assert ("114", "KENGOV", "dateline", "UGAGOV") in ministry
