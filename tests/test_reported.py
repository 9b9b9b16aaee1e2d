"""Reported acts (dyad.pipeline.reported): pledged and wished (03x/13x), refused (12x), demanded,
claimed and alleged (CODING.md §1.3-§1.5, §4).

Short cases written for dyad; each codes a sentence and asserts on the output events.
"""

from __future__ import annotations

import pytest

from dyad import Coder

from .coding import event_modalities as _events

REFUSALS = [
    ("Germany refused to send weapons to Ukraine.", ("1222", "DEU", "UKR"), "072"),
    ("Norway will not lift its sanctions on Belarus.", ("1244", "NOR", "BLR"), "085"),
    (
        "The Kenyan government said it would not release the detained journalists.",
        ("1243", "KENGOV", "KENMED"),
        "0841",
    ),
]


@pytest.mark.parametrize(("text", "refusal", "act"), REFUSALS)
def test_refusal_is_a_rejection_in_place_of_the_act(
    coder: Coder, text: str, refusal: tuple[str, str, str], act: str
) -> None:
    """Refusing one's own act is a CAMEO 12x event that occurred; the refused act, which will
    not happen, is not coded beside it."""
    events = _events(coder, text)
    assert (*refusal, "occurred") in events
    assert not any(code == act for code, *_ in events)


def test_a_negated_past_act_is_no_refusal(coder: Coder) -> None:
    """ "Did not attack" says the act did not happen; nobody refused anything."""
    events = _events(coder, "Egypt did not attack Libya.")
    assert ("190", "EGY", "LBY", "negated") in events
    assert not any(code.startswith("12") for code, *_ in events)


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("NATO confirmed it would tighten the naval blockade of Serbia.", ("191", "IGONAT", "SRB")),
        ("Japan said it would send aid to Nepal.", ("070", "JPN", "NPL")),
    ],
)
def test_said_it_would_is_the_planned_act_alone(
    coder: Coder, text: str, act: tuple[str, str, str]
) -> None:
    """ "X said it would Y" is X's own future act, planned, with no announcement (03x/13x)
    beside it (CODING.md §4)."""
    events = _events(coder, text)
    assert events == {(*act, "planned")}


def test_a_third_party_guess_is_no_announcement(coder: Coder) -> None:
    """Analysts saying China would attack is a guess about China, not China's threat."""
    events = _events(coder, "Analysts said China would attack Taiwan.")
    assert ("190", "CHN", "TWN", "hypothetical") in events
    assert not any(code.startswith("13") for code, *_ in events)


def test_a_wish_is_coded_as_the_intent_alone(coder: Coder) -> None:
    """ "Wants to attack" is a threat (138); no attack is planned or happened."""
    assert _events(coder, "Chile wants to attack Bolivia.") == {("138", "CHL", "BOL", "occurred")}


def test_only_the_actor_who_wishes_expresses_intent(coder: Coder) -> None:
    """In a mutual act sought by one side, the other side expressed nothing."""
    events = _events(coder, "Brazil is seeking to expand military cooperation with India.")
    assert events == {("0312", "BRA", "IND", "occurred")}


@pytest.mark.parametrize(
    ("text", "pledge"),
    [
        ("Spain agreed to lift the sanctions on Cuba.", ("0354", "ESP", "CUB")),
        ("Britain pledged to send tanks to Ukraine.", ("0332", "GBR", "UKR")),
        ("The Kenyan president vowed to free the jailed activists.", ("0353", "KENGOV", "KENCVL")),
    ],
)
def test_a_pledge_is_coded_once_by_the_act(
    coder: Coder, text: str, pledge: tuple[str, str, str]
) -> None:
    """ "Agreed to lift", "pledged to send tanks": the pledge, coded by the act pledged (03x);
    the act is not coded again as planned (CODING.md §1.5)."""
    assert _events(coder, text) == {(*pledge, "occurred")}


def test_a_casualty_clause_is_part_of_the_attack(coder: Coder) -> None:
    """ "Shelled Aleppo, killing three people" is one attack, not also a killing of nobody."""
    events = _events(coder, "Syrian rebels shelled Aleppo, killing three people.")
    assert {code for code, *_ in events} == {"194"}


@pytest.mark.parametrize(
    ("text", "derived"),
    [
        ("The Kremlin alleged that Ukrainian troops shelled Kharkiv.", ("112", "RUSGOV", "UKRMIL")),
        ("Hamas claimed it fired the rockets at Israel.", ("015", "PSEINSHMS", "ISR")),
    ],
)
def test_a_party_claiming_an_attack_accuses_or_claims(
    coder: Coder, text: str, derived: tuple[str, str, str]
) -> None:
    """A claimed or alleged attack is an accusation (112); the attacker's own claim is a claim
    of responsibility (015)."""
    assert (*derived, "occurred") in _events(coder, text)


def test_a_victim_saying_it_was_attacked_reports_the_attack(coder: Coder) -> None:
    """The victim's "said" is an attribution: the attack is coded as it happened, and no one
    is accused (CODING.md §1.3)."""
    events = _events(coder, "Israel said Hamas fired rockets at Israel.")
    assert events == {("194", "PSEINSHMS", "ISR", "occurred")}


def test_a_neutral_report_is_no_accusation(coder: Coder) -> None:
    """A news agency saying rebels attacked a city accuses nobody."""
    events = _events(coder, "Reuters said rebels attacked Aleppo.")
    assert not any(code.startswith("11") for code, *_ in events)
    assert any(code.startswith(("18", "19")) for code, *_ in events)


def test_a_planned_mutual_act_belongs_to_the_side_that_plans_it(coder: Coder) -> None:
    """ "Chile will sign a trade deal with Peru": Chile's plan; Peru has planned nothing yet.
    Once signed, the act is mutual when both sides are its subjects."""
    planned = _events(coder, "Chile will sign a trade agreement with Peru.")
    assert ("057", "CHL", "PER", "planned") in planned
    assert not any(src == "PER" for _, src, _, _ in planned)
    signed = _events(coder, "Chile signed a trade agreement with Peru.")
    assert signed == {("057", "CHL", "PER", "occurred")}  # Peru is no subject (CODING.md §3)
    both = _events(coder, "Chile and Peru signed a trade agreement.")
    assert {("057", "CHL", "PER", "occurred"), ("057", "PER", "CHL", "occurred")} <= both


def test_an_adjective_of_commitment_passes_on_its_subject(coder: Coder) -> None:
    """ "Is prepared to impose a curfew" is its subject's threat (13x) of the act, on its own
    people; the curfew itself is not coded (CODING.md §1.5)."""
    events = _events(coder, "The Iraqi government is prepared to impose a curfew on Basra.")
    assert {(c[:2], s, t[:3] if t else None) for c, s, t, _ in events} == {("13", "IRQGOV", "IRQ")}


def test_a_generic_intent_adds_nothing_beside_the_specific_one(coder: Coder) -> None:
    """ "Willing to help by sending weapons": one intent, the specific one (0332), with its target;
    the member state is the actor, not the alliance it belongs to."""
    events = _events(coder, "NATO-member Norway is willing to send weapons to Ukraine.")
    intents = {e for e in events if e[0].startswith("03")}
    assert intents == {("0332", "NOR", "UKR", "occurred")}


def test_a_date_is_nobody(coder: Coder) -> None:
    """ "On Wednesday" is never an actor."""
    result = coder.code_text("Serbia eased the curfew on Wednesday.", published="2024-06-01")
    actors = [a for e in result.events for a in (e.source, e.target) if a is not None]
    assert actors and all("Wednesday" not in a.text for a in actors)


def test_a_conditional_offer_is_the_offer(coder: Coder) -> None:
    """ "Said they would meet the envoy if the army withdrew": the would-be actor's conditional
    offer, 036 occurred, not a planned meeting (CODING.md §4)."""
    events = _events(coder, "The rebels said they would meet the UN envoy if the army withdrew.")
    assert events == {("036", "REB", "IGOUNO", "occurred")}


def test_a_promise_of_reform_concerns_the_country(coder: Coder) -> None:
    """A pledge to reform one's own state is aimed at that state (targets.tsv: 034)."""
    events = _events(coder, "The Serbian president promised to democratize Serbia.")
    assert events == {("0344", "SRBGOV", "SRB", "occurred")}
