"""The dateline stage: where (and when, and by whom) a story was filed, read off its first line.

"MAPUTO, Mozambique —", "LONDON, May 6 (Reuters) -", "BEIJING, Aug. 31 (Xinhua) --",
"NEW DELHI:" open the body of many wire stories. A dateline names where the story was filed, not
an actor (CODING.md §2): it is cut from the text that is parsed, and its country becomes the
context that role-only actors ("police", "the opposition leader") fall back on. Its date, when it
has a year, is a publication date for a document that has none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..records import Dateline

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for m in names
}
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_CAPS_PLACE = r"[A-Z][A-Z.'’\-]*(?:\s+[A-Z][A-Z.'’\-]*){0,3}"
_TITLE_PLACE = r"[A-Z][a-zà-ÿ.'’\-]+(?:\s+[A-Z][a-zà-ÿ.'’\-]+){0,3}"
_REGION = r"[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3}"
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?)"
_AGENCY = r"\((?P<agency>[A-Z][\w.&/ \-]{0,30})\)"
_DASH = r"(?:—|–|--|-)"
_PATTERN = re.compile(
    rf"^(?P<place>{_CAPS_PLACE}|{_TITLE_PLACE})"
    rf"(?:,\s*(?P<region>{_REGION}))??"
    rf"(?:,\s*(?P<date>{_DATE}))?"
    rf"\s*(?:{_AGENCY})?"
    rf"\s*(?P<sep>{_DASH}|:)\s+(?=[\"“‘'A-Z0-9])"
)
_MAX_PLACE_WORDS = 4
_DAY = re.compile(r"(\d{1,2})")
_YEAR = re.compile(r"(\d{4})")


@dataclass(frozen=True, slots=True)
class Found:
    """A dateline and where the text after it starts (characters into the block)."""

    dateline: Dateline
    body_start: int


def find_dateline(
    text: str,
    *,
    offset: int,
    place_country: Callable[[str], tuple[bool, str | None]],
    published: date | None,
) -> Found | None:
    """The dateline opening ``text`` (a block that starts at ``offset`` in the document), or None.

    ``place_country(name)`` says whether ``name`` is a known place and its country (alpha-3, or
    None for a place of no state such as "United Nations"). A capitalised opening is a dateline
    only when it is written in capitals ("KYIV —") or carries a date or an agency ("Kyiv, May 6
    (Reuters) -"), and its place is known; a colon ends only an all-capitals dateline
    ("NEW DELHI:"), so "Ukraine: a timeline" stays text.
    """
    match = _PATTERN.match(text)
    if match is None:
        return None
    place, region = match.group("place").strip(), (match.group("region") or "").strip()
    caps = place.upper() == place and sum(c.isalpha() for c in place) >= 3
    dated = match.group("date") is not None or match.group("agency") is not None
    if not (caps or dated) or (match.group("sep") == ":" and not caps):
        return None
    if len(place.split()) > _MAX_PLACE_WORDS:
        return None
    known, country = _locate(place, region, place_country)
    if not known:
        return None
    when = _date(match.group("date"), published)
    line = Dateline(
        place=_title(place),
        country=country,
        region=region or None,
        date=when,
        agency=match.group("agency"),
        start=offset,
        end=offset + match.end(),
    )
    return Found(line, match.end())


def _locate(
    place: str, region: str, place_country: Callable[[str], tuple[bool, str | None]]
) -> tuple[bool, str | None]:
    """Whether the dateline names a known place, and its country: a region that is a country
    wins ("BOA VISTA, Brazil"), then the place itself ("LIMA")."""
    if region:
        known, country = place_country(region)
        if known and country:
            return True, country
    known, country = place_country(_title(place))
    if not known and place != _title(place):
        known, country = place_country(place)
    return known, country


def _title(place: str) -> str:
    """ "NEW DELHI" -> "New Delhi", "ST. PETERSBURG" -> "St. Petersburg"; mixed case is kept."""
    if place.upper() != place:
        return place
    return " ".join(w[:1] + w[1:].lower() for w in place.split())


def _date(text: str | None, published: date | None) -> str | None:
    """The dateline's date as ISO text: with its own year, or the publication date's year."""
    if not text:
        return None
    words = text.lower().replace(".", " ").replace(",", " ").split()
    month = next((_MONTHS[w] for w in words if w in _MONTHS), None)
    day = _DAY.search(text)
    year_match = _YEAR.search(text)
    year = int(year_match.group(1)) if year_match else (published.year if published else None)
    if month is None or day is None or year is None:
        return None
    try:
        return date(year, month, int(day.group(1))).isoformat()
    except ValueError:
        return None
