"""The time stage: when did an event happen (or when will it)?

A date phrase (spaCy ``DATE`` entity) belongs to the event whose clause it modifies: it is
attached to the trigger, its light verb, or the clause verbs the trigger inherits its subject
from, never to every event in the sentence. Explicit dates ("May 9, 2024", "December 2024",
"2015") keep their own precision; relative ones ("on Wednesday", "in February", "last year",
"Eighty years ago") are resolved against the publication date and the event's tense ("will visit
on Wednesday" is the coming Wednesday, "visited on Wednesday" the past one). Without a
publication date relative phrases stay unresolved: nothing ever becomes "today".
dateparser is only ever given the date span itself, never free text.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from spacy.tokens import Span, Token

from .grammar import clause_verb, entities

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a": 1,
    "an": 1,
}
_ATTACH_DEPS = frozenset(
    {
        "pobj",
        "prep",
        "npadvmod",
        "advmod",
        "nummod",
        "compound",
        "amod",
        "tmod",
        "obl",
        "dobj",
        "appos",
    }
)
_INHERIT = frozenset({"xcomp", "advcl", "conj", "pcomp"})
_RANGE = re.compile(
    r"^(?:from\s+|between\s+)?(.+?)\s+(?:to|through|until|till|and|-|–)\s+(.+)$", re.I
)
_YEAR = re.compile(r"^(?:the\s+year\s+(?:of\s+)?)?((?:1[5-9]|20)\d\d)$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?,?\s+((?:1[5-9]|20)\d\d)$", re.I)
_AGO = re.compile(
    r"^(?:(more than|over|about|around|nearly|almost|some)\s+)?([a-z0-9-]+(?:[\s-][a-z]+)?)\s+(year|month|week|day)s?\s+ago$",
    re.I,
)

# a length of time, not a point in it: "15 years" (in power), "12 days", "a 12-day truce", "an
# 82-year-old": dateparser would count it forward from the publication date
_DURATION = re.compile(
    r"^(?:(?:more than|over|about|around|nearly|almost|some|a|an)\s+)?([a-z0-9]+(?:[\s-][a-z]+)?)"
    r"[\s-](?:year|month|week|day|hour|decade)s?(?:[\s-](?:old|long))?$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class When:
    """A resolved date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, with an optional end."""

    date: str
    end: str | None = None


class DateResolver:
    """Resolves date phrases, remembering the answers (one per coder; phrases repeat a lot)."""

    def __init__(self) -> None:
        self._memo: dict[tuple[str, date | None, bool], When | None] = {}

    def resolve(self, phrase: str, published: date | None, *, future: bool) -> When | None:
        key = (phrase, published, future)
        if key not in self._memo:
            if len(self._memo) > 50_000:
                self._memo.clear()
            self._memo[key] = resolve(phrase, published, future=future)
        return self._memo[key]

    def event_date(
        self, trigger: Token, anchors: list[Token], published: date | None, future: bool
    ) -> When | None:
        return event_date(trigger, anchors, published, future, resolver=self)

    def fallback_date(
        self, trigger: Token, published: date | None, future: bool
    ) -> tuple[When | None, str | None]:
        """The date of an event whose own clause names none (CODING.md §5): the nearest date
        phrase of its sentence (often the attribution's "said on Sunday"), else the
        publication date; with where it came from ("sentence" or "published")."""
        ents = [e for e in entities(trigger.sent) if e.label_ == "DATE"]
        for ent in sorted(
            ents, key=lambda e: min(abs(e.start - trigger.i), abs(e.end - trigger.i))
        ):
            found = self.resolve(ent.text, published, future=future and not _in_past_clause(ent))
            if found is not None:
                return found, "sentence"
        if published is None:
            return None, None
        return When(published.isoformat()), "published"


def _in_past_clause(ent: Span) -> bool:
    """Whether the date phrase belongs to a clause in the past tense ("set up a commission on
    Tuesday to investigate ..."): its weekday is then the one before publication (CODING.md §5),
    whatever the mood of the act it dates."""
    verb = clause_verb(ent.root)
    return verb.tag_ == "VBD" or any(c.dep_ == "aux" and c.tag_ == "VBD" for c in verb.children)


def event_date(
    trigger: Token,
    anchors: list[Token],
    published: date | None,
    future: bool,
    *,
    resolver: DateResolver | None = None,
) -> When | None:
    """The date of the event whose trigger (and governing clause tokens) are given."""
    sent = trigger.sent
    best: tuple[int, Span] | None = None
    for ent in entities(sent):
        if ent.label_ != "DATE":
            continue
        rank = _attachment(ent, anchors)
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, ent)
    if best is None:
        return None
    future = future and not _in_past_clause(best[1])
    if resolver is not None:
        return resolver.resolve(best[1].text, published, future=future)
    return resolve(best[1].text, published, future=future)


def _attachment(ent: Span, anchors: list[Token]) -> int | None:
    """How close the date phrase attaches to the event (index in ``anchors``), or None."""
    node = ent.root
    for _ in range(8):
        if node in anchors:
            return anchors.index(node)
        if node.dep_ not in _ATTACH_DEPS or node.head is node:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX") and node not in anchors:
            return None
    return None


def anchors_for(trigger: Token, clause: Token) -> list[Token]:
    """Tokens a date phrase may attach to, nearest first: trigger, clause verb, governing clauses."""
    out = [trigger]
    node = clause
    for _ in range(4):
        if node not in out:
            out.append(node)
        if node.dep_ not in _INHERIT or node.head is node:
            break
        node = node.head
    return out


# --- resolving a date phrase ------------------------------------------------------------------


def resolve(phrase: str, published: date | None, *, future: bool) -> When | None:
    """Resolve one date phrase; None when it names no date we can place."""
    text = " ".join(phrase.replace("’", "'").split()).strip(" ,.")
    text = re.sub(r"^(?:on|in|since|by|during|from|the)\s+", "", text, flags=re.I)
    ranged = _RANGE.match(text)
    if ranged and not _YEAR.match(text):
        first = _single(ranged.group(1), published, future)
        last = _single(ranged.group(2), published, future or first is not None)
        if first is not None and last is not None:
            return When(first, last)
    single = _single(text, published, future)
    return When(single) if single else None


def _single(text: str, published: date | None, future: bool) -> str | None:
    text = re.sub(r"^(?:on|in|the)\s+", "", text.strip(), flags=re.I)
    lower = text.lower()
    for parse in (_year, _month_year, _month_day_year, _relative_word, _ago, _month_only, _weekday):
        found = parse(lower, published, future)
        if found:
            return found
    return _full_date(text, published, future)


def _year(text: str, published: date | None, future: bool) -> str | None:
    match = _YEAR.match(text)
    return match.group(1) if match else None


def _month_year(text: str, published: date | None, future: bool) -> str | None:
    match = _MONTH_YEAR.match(text)
    if match and match.group(1).lower() in MONTHS:
        return f"{match.group(2)}-{MONTHS[match.group(1).lower()]:02d}"
    return None


_MDY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:1[5-9]|20)\d\d)$")
_DMY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?,?\s+((?:1[5-9]|20)\d\d)$")


def _month_day_year(text: str, published: date | None, future: bool) -> str | None:
    """ "May 9, 2024" / "9 May 2024" without dateparser (the common case, and fast)."""
    match = _MDY.match(text)
    if match and match.group(1) in MONTHS:
        return _iso(int(match.group(3)), MONTHS[match.group(1)], int(match.group(2)))
    match = _DMY.match(text)
    if match and match.group(2) in MONTHS:
        return _iso(int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))
    return None


def _relative_word(text: str, published: date | None, future: bool) -> str | None:
    if published is None:
        return None
    years = {"last year": -1, "this year": 0, "next year": 1, "the past year": -1, "a year ago": -1}
    if text in years:
        return str(published.year + years[text])
    days = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
    if text in days:
        return (published + timedelta(days=days[text])).isoformat()
    months = {"last month": -1, "this month": 0, "next month": 1}
    if text in months:
        y, m = _add_months(published.year, published.month, months[text])
        return f"{y}-{m:02d}"
    return None


def _ago(text: str, published: date | None, future: bool) -> str | None:
    match = _AGO.match(text)
    if not match or published is None:
        return None
    amount = _number(match.group(2))
    if amount is None:
        return None
    unit = match.group(3).lower()
    if unit == "year":
        return str(published.year - amount)
    if unit == "month":
        y, m = _add_months(published.year, published.month, -amount)
        return f"{y}-{m:02d}"
    days = amount * (7 if unit == "week" else 1)
    return (published - timedelta(days=days)).isoformat()


def _month_only(text: str, published: date | None, future: bool) -> str | None:
    parts = text.replace(",", " ").split()
    if not parts or parts[0].rstrip(".") not in MONTHS or published is None:
        return None
    month = MONTHS[parts[0].rstrip(".")]
    day = (
        int(parts[1])
        if len(parts) == 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 31
        else None
    )
    if len(parts) > 2 or (len(parts) == 2 and day is None):
        return None
    year = published.year
    if future and (month, day or 1) < (published.month, published.day if day else 1):
        year += 1
    if not future and (month, day or 1) > (published.month, published.day if day else 1):
        year -= 1
    return f"{year}-{month:02d}" if day is None else _iso(year, month, day)


def _weekday(text: str, published: date | None, future: bool) -> str | None:
    word = text.removeprefix("last ").removeprefix("next ").removeprefix("this ")
    if word not in WEEKDAYS or published is None:
        return None
    future = future or text.startswith("next ")
    if text.startswith("last "):
        future = False
    delta = (WEEKDAYS[word] - published.weekday()) % 7
    if not future:
        delta = -((published.weekday() - WEEKDAYS[word]) % 7)
    return (published + timedelta(days=delta)).isoformat()


def _full_date(text: str, published: date | None, future: bool) -> str | None:
    """Day-precision dates such as "May 9, 2024" or "9 May 2024", via dateparser on the span only."""
    duration = _DURATION.match(text)
    if duration and _number(duration.group(1)) is not None:
        return None  # "15 years", "12 days": how long, not when (CODING.md §5)
    if not re.search(r"\d", text) or (
        not re.search(r"[a-z]", text, re.I) and not re.match(r"^\d{4}-\d\d-\d\d$", text)
    ):
        return None
    plain = written_date(text)
    if plain is not None:
        return plain
    import dateparser

    settings: dict[str, Any] = {
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "future" if future else "past",
        "REQUIRE_PARTS": ["day", "month"],
        "STRICT_PARSING": False,
    }
    if published is not None:
        settings["RELATIVE_BASE"] = _datetime(published)
    elif not re.search(r"\b(1[5-9]|20)\d\d\b", text):
        return None  # a day and month without a year cannot be placed without a publication date
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date().isoformat() if parsed is not None else None


_MONTH_NAMES = "|".join(m for m in calendar.month_name if m)
_FULL_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_FULL_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WRITTEN = (
    re.compile(rf"(?P<month>{_MONTH_NAMES}) {_FULL_DAY},? {_FULL_YEAR}"),
    re.compile(rf"{_FULL_DAY} (?P<month>{_MONTH_NAMES}),? {_FULL_YEAR}"),
    re.compile(r"(?P<year>(?:19|20)\d\d)-(?P<num>\d\d)-(?P<day>\d\d)"),
)


def written_date(text: str) -> str | None:
    """A date written out in full ("May 9, 2024", "9 May 2024", "2024-05-09"), read without
    dateparser (which gives the same day for these, 20 ms slower); None for anything else."""
    for pattern in _WRITTEN:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        parts = found.groupdict()
        month = int(parts["num"]) if parts.get("num") else MONTHS[parts["month"].lower()]
        try:
            return date(int(parts["year"]), month, int(parts["day"])).isoformat()
        except ValueError:
            return None  # "February 30, 2024": left to dateparser
    return None


# --- helpers ----------------------------------------------------------------------------------


def _number(text: str) -> int | None:
    text = text.lower().replace("-", " ")
    if text.isdigit():
        return int(text)
    total = 0
    for word in text.split():
        if word not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[word]
    return total or None


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _datetime(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def latest_day(value: str) -> date:
    """The last day a ``YYYY`` / ``YYYY-MM`` / ``YYYY-MM-DD`` date can stand for."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], parts[1], parts[2])


def is_historical(when: When | None, published: date | None, days: int) -> bool:
    """True when the event's latest possible day is more than ``days`` before publication."""
    if when is None or published is None:
        return False
    last = latest_day(when.end or when.date)
    return (published - last).days > days
