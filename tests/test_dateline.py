"""Datelines (dyad.pipeline.dateline): where a story was filed is read off its first line, cut
from the parsed text and never an actor; its country is context for role-only actors.

Short stories written for dyad; each codes a text and asserts on the output record.
"""

from __future__ import annotations

from datetime import date

import pytest

from dyad import Coder
from dyad.pipeline.dateline import find_dateline


def _known(name: str) -> tuple[bool, str | None]:
    places = {"kampala": "UGA", "harare": "ZWE", "lagos": "NGA", "new delhi": "IND"}
    return (name.lower() in places, places.get(name.lower()))


@pytest.mark.parametrize(
    ("text", "place", "country", "agency", "day"),
    [
        ("KAMPALA, Uganda — Police arrested twelve people.", "Kampala", "UGA", None, None),
        (
            "HARARE, March 9 (AFP) - Soldiers detained two men.",
            "Harare",
            "ZWE",
            "AFP",
            "2025-03-09",
        ),
        ("LAGOS: Police raided a newspaper.", "Lagos", "NGA", None, None),
        (
            "New Delhi, Jan. 4 (PTI) -- The minister resigned.",
            "New Delhi",
            "IND",
            "PTI",
            "2025-01-04",
        ),
    ],
)
def test_a_dateline_is_read(
    text: str, place: str, country: str, agency: str | None, day: str | None
) -> None:
    """Capitals or a date or an agency, a known place and a dash or colon make a dateline."""
    found = find_dateline(text, offset=0, place_country=_known, published=date(2025, 3, 12))
    assert found is not None
    line = found.dateline
    assert (line.place, line.country, line.agency, line.date) == (place, country, agency, day)
    assert text[found.body_start :].startswith(("Police", "Soldiers", "The"))


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine: a timeline of the war.",  # a colon ends only an all-capitals dateline
        "Kampala - a city of hills.",  # title case needs a date or an agency
        "ATLANTIS — Police arrested twelve people.",  # not a known place
    ],
)
def test_what_is_no_dateline(text: str) -> None:
    """Headings and sentences that only look like datelines stay text."""
    assert find_dateline(text, offset=0, place_country=_known, published=None) is None


def test_the_dateline_is_context_not_an_actor(coder: Coder) -> None:
    """ "KAMPALA, Uganda —" is cut off: it is no actor, and the police it introduces are Uganda's,
    with the dateline said to be where their country came from."""
    result = coder.code_text(
        "KAMPALA, Uganda — Police arrested twelve opposition supporters on Sunday.",
        published="2025-03-12",
    )
    assert result.dateline is not None and result.dateline.country == "UGA"
    (event,) = result.events
    assert event.source is not None and event.source.code == "UGACOP"
    assert event.source.country_from == "dateline" and event.source.text == "Police"
    assert result.to_dict()["dateline"]["place"] == "Kampala"


def test_a_dateline_date_stands_for_a_missing_publication_date(coder: Coder) -> None:
    """A document without a publication date takes its dateline's, when that has a year."""
    result = coder.code_text("HARARE, March 9, 2025 (AFP) - Soldiers detained two journalists.")
    assert result.published == "2025-03-09"
    assert [e.date for e in result.events] == ["2025-03-09"]
