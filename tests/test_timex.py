"""Date phrases resolved against the publication date and the event's tense."""

from __future__ import annotations

from datetime import date

import pytest

from dyad import Coder
from dyad.pipeline.timex import When, is_historical, latest_day, resolve, written_date

from .coding import code, first

PUB = date(2025, 5, 6)  # a Tuesday


@pytest.mark.parametrize(
    ("phrase", "future", "expected"),
    [
        ("May 9, 2024", False, When("2024-05-09")),
        ("in December 2024", False, When("2024-12")),
        ("In 2024", False, When("2024")),
        ("2015", False, When("2015")),
        ("on Wednesday", True, When("2025-05-07")),
        ("on Wednesday", False, When("2025-04-30")),
        ("Wednesday to Saturday", True, When("2025-05-07", "2025-05-10")),
        ("from Monday to Friday", False, When("2025-05-05", "2025-05-09")),
        ("in February", False, When("2025-02")),
        ("in February", True, When("2026-02")),
        ("in June", False, When("2024-06")),
        ("last year", False, When("2024")),
        ("next year", True, When("2026")),
        ("Eighty years ago", False, When("1945")),
        ("More than 80 years ago", False, When("1945")),
        ("two years ago", False, When("2023")),
        ("yesterday", False, When("2025-05-05")),
        ("October 23, 2024", False, When("2024-10-23")),
        ("February 1, 2025", False, When("2025-02-01")),
        ("March 2023", False, When("2023-03")),
        ("the 15th consecutive year", False, None),
        ("the years", False, None),
        ("the century", False, None),
        ("15 years", False, None),  # how long, not when
        ("12 days", True, None),
        ("more than 40 years", False, None),
        ("a 12-day", False, None),
        ("82-year-old", False, None),
    ],
)
def test_resolve(phrase: str, future: bool, expected: When | None) -> None:
    """Explicit, relative and ranged phrases give the right date and precision."""
    assert resolve(phrase, PUB, future=future) == expected


@pytest.mark.parametrize("phrase", ["on Wednesday", "in February", "last year", "Eighty years ago"])
def test_relative_without_publication_date_stays_unresolved(phrase: str) -> None:
    """Without a publication date nothing relative is resolved (it never becomes 'today')."""
    assert resolve(phrase, None, future=False) is None


def test_explicit_dates_need_no_publication_date() -> None:
    """An explicit date is resolved even when the publication date is unknown."""
    assert resolve("May 9, 2024", None, future=False) == When("2024-05-09")


@pytest.mark.parametrize(
    ("value", "last"),
    [
        ("1945", date(1945, 12, 31)),
        ("2024-02", date(2024, 2, 29)),
        ("2025-05-07", date(2025, 5, 7)),
    ],
)
def test_latest_day(value: str, last: date) -> None:
    """The latest possible day of a date follows its precision."""
    assert latest_day(value) == last


def test_historical_threshold() -> None:
    """Historical means the latest possible day is more than N days before publication."""
    assert is_historical(When("1945"), PUB, 365)
    assert is_historical(When("2015"), PUB, 365)
    assert not is_historical(When("2024"), PUB, 365)  # 2024-12-31 is within a year of May 2025
    assert not is_historical(When("2025-02"), PUB, 365)
    assert not is_historical(None, PUB, 365)
    assert not is_historical(When("1945"), None, 365)


# --- in coded events: the date of each event's own clause ------------------------------------------


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
    ("Putin visited China.", "042", "2025-05-06", None),  # no date phrase: published
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


def test_a_length_of_time_dates_nothing(coder: Coder) -> None:
    """ "After 40 days in captivity" says how long, not when: the event takes the sentence's
    date ("said on Thursday", the Thursday before publication)."""
    text = "Colombian rebels freed the kidnapped mayor after 40 days in captivity, officials said on Thursday."
    event = first(coder, text, "08")
    assert (event.date, event.date_from) == ("2025-05-01", "sentence")


def test_a_weekday_takes_the_tense_of_its_own_clause(coder: Coder) -> None:
    """A planned act dated by a past clause ("set up a commission on Monday to investigate")
    takes the Monday before publication, not the next one."""
    text = "Kenya's government set up a commission on Monday to investigate killings of protesters by the police."
    events = [e for e in code(coder, text).events if e.modality == "planned"]
    assert events and {e.date for e in events} == {"2025-05-05"}


def test_date_belongs_to_its_own_clause(coder: Coder) -> None:
    """A date phrase modifies its clause's event only, not every event in the sentence."""
    events = code(coder, "Putin visited China in 2015, and Xi will visit Russia next year.").events
    dates = {(e.source.code if e.source else None, e.date) for e in events if e.cameo == "042"}
    assert dates == {("RUSGOV", "2015"), ("CHNGOV", "2026")}


@pytest.mark.parametrize(
    "text",
    ["May 9, 2024", "9 May 2024", "September 30 2025", "1st March, 1999", "2024-05-09",
     "February 29, 2024", "31 December 2023", "July 4th, 2026"],
)  # fmt: skip
def test_written_dates_read_as_dateparser_reads_them(text: str) -> None:
    """A date written out in full gives the day dateparser gives, without dateparser."""
    import dateparser

    settings: dict[str, object] = {"REQUIRE_PARTS": ["day", "month"], "STRICT_PARSING": False}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)  # type: ignore[arg-type]
    assert parsed is not None
    assert written_date(text) == parsed.date().isoformat()


@pytest.mark.parametrize("text", ["February 30, 2024", "May 9", "last Friday", "Sept. 9, 2024"])
def test_other_dates_are_left_to_dateparser(text: str) -> None:
    """No day, an impossible day or an abbreviation: not read here (dateparser decides)."""
    assert written_date(text) is None
