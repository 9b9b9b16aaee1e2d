"""Document understanding: dates, tense, negation, conditionals, coreference, captions, quotes.

Short cases written for dyad; each codes a text and asserts on the output records.
Publication date 2025-05-06 is a Tuesday.
"""

from __future__ import annotations

import pytest

from dyad import Coder
from dyad.records import DocumentResult, Event

PUB = "2025-05-06"


def code(coder: Coder, text: str, published: str | None = PUB) -> DocumentResult:
    return coder.code_text(text, published=published)


def first(coder: Coder, text: str, root: str, published: str | None = PUB) -> Event:
    found = [e for e in code(coder, text, published).events if e.cameo.startswith(root)]
    assert found, f"no {root} event in {text!r}"
    return found[0]


# --- dates and tense ------------------------------------------------------------------------------

DATES = [
    ("Putin will visit China on Wednesday.", "042", "2025-05-07", None),
    ("Putin visited China on Wednesday.", "042", "2025-04-30", None),
    ("Putin visited China in February.", "042", "2025-02", None),
    ("Putin will visit China in February.", "042", "2026-02", None),
    ("Putin visited China last year.", "042", "2024", None),
    ("Putin visited China in December 2024.", "042", "2024-12", None),
    ("In 2015, Putin visited China.", "042", "2015", None),
    ("Putin visited China on May 9, 2024.", "042", "2024-05-09", None),
    ("Eighty years ago, China and the Soviet Union signed a treaty.", "057", "1945", None),
    ("More than 80 years ago, the Soviet Union attacked Japan.", "19", "1945", None),
    ("Putin will visit China from Wednesday to Saturday.", "042", "2025-05-07", "2025-05-10"),
    ("Putin visited China yesterday.", "042", "2025-05-05", None),
    ("Putin visited China two years ago.", "042", "2023", None),
    ("Russian troops attacked Ukraine on February 24, 2022.", "19", "2022-02-24", None),
    ("Putin visited China.", "042", None, None),
]


@pytest.mark.parametrize(("text", "root", "date", "date_end"), DATES)
def test_event_dates(
    coder: Coder, text: str, root: str, date: str | None, date_end: str | None
) -> None:
    """Explicit, relative and ranged dates are resolved with the event's tense."""
    event = first(coder, text, root)
    assert (event.date, event.date_end) == (date, date_end)


@pytest.mark.parametrize(
    ("text", "root", "historical"),
    [
        ("Putin visited China in 2015.", "042", True),
        ("Putin visited China on March 1, 2024.", "042", True),
        ("Putin visited China on May 9, 2024.", "042", False),
        ("Putin visited China in December 2024.", "042", False),
        ("Eighty years ago, China and the Soviet Union signed a treaty.", "057", True),
        ("Putin will visit China on Wednesday.", "042", False),
        ("Putin visited China.", "042", False),
    ],
)
def test_historical_flag(coder: Coder, text: str, root: str, historical: bool) -> None:
    """Historical is true when the latest possible date is over a year before publication."""
    assert first(coder, text, root).historical is historical


def test_relative_dates_need_a_publication_date(coder: Coder) -> None:
    """Without a publication date "on Wednesday" stays unresolved, never today."""
    assert first(coder, "Putin visited China on Wednesday.", "042", published=None).date is None


def test_explicit_date_without_publication_date(coder: Coder) -> None:
    """An explicit date is kept even when the publication date is unknown."""
    event = first(coder, "Putin visited China on May 9, 2024.", "042", published=None)
    assert event.date == "2024-05-09" and event.historical is False


def test_date_belongs_to_its_own_clause(coder: Coder) -> None:
    """A date phrase modifies its clause's event only, not every event in the sentence."""
    events = code(coder, "Putin visited China in 2015, and Xi will visit Russia next year.").events
    dates = {(e.source.code if e.source else None, e.date) for e in events if e.cameo == "042"}
    assert dates == {("RUSGOV", "2015"), ("CHNGOV", "2026")}


# --- modality -------------------------------------------------------------------------------------

MODALITY = [
    ("Putin will visit China.", "042", "planned"),
    ("Putin is expected to visit China.", "042", "planned"),
    ("Putin plans to visit China.", "042", "planned"),
    ("Putin is scheduled to visit China.", "042", "planned"),
    ("Putin's upcoming visit to China was announced.", "042", "planned"),
    ("Putin did not visit China.", "042", "negated"),
    ("Putin never visited China.", "042", "negated"),
    ("Putin didn't visit China last year.", "042", "negated"),
    ("If Russia attacks Ukraine, NATO will respond.", "19", "hypothetical"),
    ("Russia could attack Ukraine.", "19", "hypothetical"),
    ("Russia might attack Ukraine.", "19", "hypothetical"),
    ("Russia would attack Ukraine unless NATO withdrew.", "19", "hypothetical"),
    ("Putin visited China.", "042", "occurred"),
    ("Russian troops attacked Ukraine.", "19", "occurred"),
    ("China and Russia signed an agreement.", "057", "occurred"),
]


@pytest.mark.parametrize(("text", "root", "modality"), MODALITY)
def test_modality(coder: Coder, text: str, root: str, modality: str) -> None:
    """Planned, negated, hypothetical and occurred come from the parse around the trigger."""
    assert first(coder, text, root).modality == modality


def test_modality_is_per_clause(coder: Coder) -> None:
    """In one sentence, the past visit occurred and the future one is planned."""
    events = code(coder, "Putin visited China, and Xi will visit Russia.").events
    moods = {(e.source.code if e.source else None, e.modality) for e in events if e.cameo == "042"}
    assert moods == {("RUSGOV", "occurred"), ("CHNGOV", "planned")}


def test_reject_is_an_event_not_a_negation(coder: Coder) -> None:
    """ "Rejected" is itself a CAMEO 12x event, which occurred."""
    event = first(coder, "Russia rejected the proposal of the United Nations.", "12")
    assert event.modality == "occurred"


# --- coreference ----------------------------------------------------------------------------------


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
    """ "Before his visit to Russia, Xi ..." — "his" is the subject that follows."""
    text = "Chinese President Xi Jinping spoke. Before his visit to Russia, Xi met reporters."
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


# --- sentence kinds -------------------------------------------------------------------------------


def test_heading_has_no_events(coder: Coder) -> None:
    """A short line without final punctuation is a heading and yields no events."""
    result = code(coder, "Russia attacks Ukraine\nRussian troops attacked Ukraine on Monday.")
    assert result.sentences[0].kind == "heading"
    assert all(e.sentence != 0 for e in result.events)


@pytest.mark.parametrize(
    "caption",
    [
        "Russian President Vladimir Putin visits China on May 1, 2025 (Photo: Li Ming/Xinhua)",
        "Russian troops attack Ukraine near Kharkiv, Ukraine on May 1, 2025 (Xinhua/Li Ming)",
        "Russian President Vladimir Putin will visit the Kremlin in Moscow, Russia on May 9, 2024.",
    ],
)
def test_captions_are_flagged(coder: Coder, caption: str) -> None:
    """Photo captions are kind caption; their events carry the flag and low confidence."""
    result = code(coder, "Russia and China are neighbours.\n" + caption)
    assert result.sentences[-1].kind == "caption"
    for event in result.events:
        if event.sentence == len(result.sentences) - 1:
            assert "caption" in event.flags and event.confidence <= 0.5


def test_body_is_not_a_caption(coder: Coder) -> None:
    """An ordinary news sentence is body text with normal confidence."""
    result = code(coder, "Russian President Vladimir Putin visited China on Monday.")
    assert result.sentences[0].kind == "body"
    assert result.events and result.events[0].confidence >= 0.9


# --- quotes ---------------------------------------------------------------------------------------


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


# --- quality, quantities, location ----------------------------------------------------------------


def test_repetition_loop_is_low_quality(coder: Coder) -> None:
    """A degenerate translation loop is flagged and its events lose confidence."""
    text = (
        "China and Russia signed an agreement when they meet, and when they meet, and when they meet, "
        "they are taking on a joint effort when they meet, and when they meet."
    )
    result = code(coder, text)
    assert "low_quality" in result.sentences[0].flags
    assert result.quality.score < 1
    assert all(e.confidence <= 0.3 and "low_quality" in e.flags for e in result.events)


def test_money_and_percent(coder: Coder) -> None:
    """Money and percentages are read with their values and units."""
    result = code(coder, "Bilateral trade rose to US$244.8 billion, up 12.5 percent.")
    found = {(q.kind, q.value, q.unit) for q in result.quantities}
    assert ("money", 244_800_000_000, "USD") in found and ("percent", 12.5, "%") in found


def test_event_location(coder: Coder) -> None:
    """The place the clause names becomes the event's location, with its country."""
    event = first(coder, "Russian troops attacked Ukrainian soldiers in Kharkiv on Monday.", "19")
    assert event.location is not None and (event.location.name, event.location.country) == (
        "Kharkiv",
        "UKR",
    )


def test_no_location_when_none_named(coder: Coder) -> None:
    """An event whose clause names no place has no location."""
    assert first(coder, "Russian troops attacked Ukrainian soldiers.", "19").location is None
