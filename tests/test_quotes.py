"""Quotes: reported and direct speech with the speaker resolved to a coded actor.

Short cases written for dyad; each codes a text and asserts on the output records.
Publication date 2025-05-06 is a Tuesday.
"""

from __future__ import annotations

import pytest

from dyad import Coder
from dyad.records import DocumentResult

from .coding import code


def _speakers(result: DocumentResult) -> list[tuple[str, str | None]]:
    return [(q.speaker.text, q.speaker.code) for q in result.quotes]


def test_quote_said_that(coder: Coder) -> None:
    """ "X said ..." attributes the reported speech to X and spans what was said."""
    result = code(coder, "Russian President Vladimir Putin said Russia would win the war.")
    (quote,) = result.quotes
    assert quote.speaker.code == "RUSGOV"
    assert (
        result.text is not None
        and result.text[quote.start : quote.end] == "Russia would win the war"
    )


def test_quote_fronted(coder: Coder) -> None:
    """ "..., X said" attributes the fronted speech."""
    assert ("Putin", "RUSGOV") in _speakers(code(coder, "Russia will win the war, Putin said."))


def test_quote_he_added(coder: Coder) -> None:
    """ "..., he added" resolves the pronoun to the last speaker."""
    text = (
        "Russian President Vladimir Putin said Russia would win. The war will end soon, he added."
    )
    assert ("he", "RUSGOV") in _speakers(code(coder, text))


def test_quote_according_to(coder: Coder) -> None:
    """ "According to X, ..." is a quote by X."""
    assert ("Kremlin", "RUSGOV") in _speakers(
        code(coder, "According to the Kremlin, the talks went well.")
    )


@pytest.mark.parametrize(
    ("text", "code_"),
    [
        (
            "Noha Bakir, a professor of political science at the American University in Cairo, said the talks went well.",
            "EGYEDU",
        ),
        (
            "Adhere Cavince, a Kenyan scholar on international relations, said the talks went well.",
            "KENEDU",
        ),
        (
            "Ivan Petrov, a spokesman for the Russian foreign ministry, said the talks went well.",
            "RUSGOV",
        ),
    ],
)
def test_quote_speaker_from_appositive(coder: Coder, text: str, code_: str) -> None:
    """The appositive says who the speaker is: country and role."""
    (quote,) = code(coder, text).quotes
    assert quote.speaker.code == code_
