"""Money, counts and percentages named in a sentence, as ``Quantity`` records.

Money and percentages are read with regular expressions first ("US$244.8 billion", "€3bn",
"1.2 trillion yuan", "12.5 percent"), because spaCy's MONEY/PERCENT entities often drop the
currency sign; spaCy's entities then fill in what the expressions missed, and supply the counts
(CARDINAL, ORDINAL, QUANTITY). What is deliberately *not* a quantity:

- dates and years: DATE entities ("2024", "80 years ago") and bare four-digit years; the one
  exception is an ordinal of a period inside a DATE ("the 15th consecutive year" -> 15, "year");
- durations: a cardinal whose unit is a time unit ("lasted 80 years");
- vague amounts with no stated value ("Hundreds of cultural events", "dozens of people");
- referential small numbers ("the two countries", "both three leaders"): they name parties
  already known, not an amount;
- counts with no noun to count ("rose to 40"), numbers inside hyphenated compounds ("two-way",
  "zero-sum"), and the ordinal "first", which is mostly rhetorical ("for the first time",
  "first vice-chairman").

Counts carry the counted noun as written, lower-cased, as ``unit``: "more than 40 times" ->
40 "times"; "the 11th trip" -> 11 "trip". Percentages use unit "%" (or "percentage point").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Literal

from spacy.tokens import Span, Token

from ..records import Quantity
from .grammar import entities

_SCALES: dict[str, Decimal] = {
    "thousand": Decimal(10) ** 3, "k": Decimal(10) ** 3, "lakh": Decimal(10) ** 5,
    "million": Decimal(10) ** 6, "mln": Decimal(10) ** 6, "mn": Decimal(10) ** 6, "m": Decimal(10) ** 6,
    "crore": Decimal(10) ** 7,
    "billion": Decimal(10) ** 9, "bln": Decimal(10) ** 9, "bn": Decimal(10) ** 9, "b": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12, "trn": Decimal(10) ** 12, "tn": Decimal(10) ** 12,
}  # fmt: skip
_PREFIX_CURRENCIES: dict[str, str] = {
    "US$": "USD", "U.S.$": "USD", "$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD",
    "HK$": "HKD", "NZ$": "NZD", "S$": "SGD", "€": "EUR", "£": "GBP", "CN¥": "CNY", "¥": "JPY",
    "₹": "INR", "₽": "RUB", "₩": "KRW", "₺": "TRY", "₴": "UAH",
    "USD": "USD", "EUR": "EUR", "GBP": "GBP", "CNY": "CNY", "RMB": "CNY", "JPY": "JPY",
    "RUB": "RUB", "INR": "INR", "CHF": "CHF", "AUD": "AUD", "CAD": "CAD",
}  # fmt: skip
_SUFFIX_CURRENCIES: dict[str, str] = {
    "us dollars": "USD", "u.s. dollars": "USD", "dollars": "USD", "dollar": "USD",
    "euros": "EUR", "euro": "EUR", "pounds sterling": "GBP", "pounds": "GBP", "sterling": "GBP",
    "yuan": "CNY", "renminbi": "CNY", "rubles": "RUB", "roubles": "RUB", "ruble": "RUB",
    "rouble": "RUB", "yen": "JPY", "rupees": "INR", "won": "KRW", "lira": "TRY",
    "hryvnias": "UAH", "hryvnia": "UAH", "swiss francs": "CHF",
    **{code.lower(): code for code in ("USD", "EUR", "GBP", "CNY", "JPY", "RUB", "INR", "CHF")},
}  # fmt: skip
Kind = Literal["money", "count", "percent"]
_NEEDS_SCALE = frozenset({"won"})  # "the party won 40 seats" is no money; "40 billion won" is


def _alternation(words: dict[str, str] | dict[str, Decimal]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NUM = r"(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = rf"(?:\s?(?P<scale>{_alternation(_SCALES)})\b)?"
_MONEY_PREFIX = re.compile(
    rf"(?<![A-Za-z])(?P<cur>{_alternation(_PREFIX_CURRENCIES)})\s?{_NUM}{_SCALE}"
)
_MONEY_SUFFIX = re.compile(rf"{_NUM}{_SCALE}\s+(?P<cur>(?i:{_alternation(_SUFFIX_CURRENCIES)}))\b")
_PERCENT = re.compile(
    rf"{_NUM}\s?(?P<sign>%|percent\b|per\s?cent\b|pct\b|percentage points?\b)", re.I
)

_SMALL = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
_WORD_NUMBERS: dict[str, int] = {
    **{w: i for i, w in enumerate(_SMALL.split())},
    **{w: 20 + 10 * i for i, w in enumerate(_TENS.split())},
    "dozen": 12,
}
_ORDINALS_TEXT = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)
_ORDINAL_WORDS: dict[str, int] = {w: i + 1 for i, w in enumerate(_ORDINALS_TEXT.split())} | {
    "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
    "eightieth": 80, "ninetieth": 90, "hundredth": 100,
}  # fmt: skip
_ORDINAL_DIGITS = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.I)
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d|2100)$")
_TIME_UNITS_TEXT = (
    "year years month months week weeks day days hour hours minute minutes second seconds "
    "decade decades century centuries"
)
_TIME_UNITS = frozenset(_TIME_UNITS_TEXT.split())
_PERIOD_NOUNS = frozenset({"year", "month", "week", "day", "time", "session", "round", "term"})
_REFERRING = frozenset(
    {"the", "these", "those", "both", "their", "its", "our", "his", "her", "all"}
)
_MAX_REFERENTIAL = 10
_MAX_UNIT_GAP = 3  # words allowed between a number and its noun ("the 15th consecutive year")


def find_quantities(sent: Span, index: int, offset: int) -> list[Quantity]:
    """Money, counts and percentages in ``sent`` (sentence number ``index``), in text order.

    ``offset`` is where the spaCy Doc starts in the document text; ``start``/``end`` of each
    Quantity are document offsets. See the module docstring for what is left out on purpose.
    """
    found = list(_regex_quantities(sent.text, index, offset + sent.start_char))
    for ent in entities(sent):
        if not any(_overlaps(q, offset + ent.start_char, offset + ent.end_char) for q in found):
            quantity = _from_entity(ent, index, offset)
            found += [quantity] if quantity is not None else []
    return sorted(found, key=lambda q: (q.start or 0, q.end or 0))


def _overlaps(q: Quantity, start: int, end: int) -> bool:
    return (q.start or 0) < end and start < (q.end or 0)


def _regex_quantities(text: str, index: int, base: int) -> Iterator[Quantity]:
    found: list[Quantity] = []
    for pattern in (_MONEY_PREFIX, _MONEY_SUFFIX, _PERCENT):
        for match in pattern.finditer(text):
            quantity = _from_match(match, text, index, base)
            if quantity is not None and not any(
                _overlaps(q, quantity.start or 0, quantity.end or 0) for q in found
            ):
                found.append(quantity)
    yield from found


def _from_match(match: re.Match[str], text: str, index: int, base: int) -> Quantity | None:
    value = Decimal(match["num"].replace(",", ""))
    start, end = base + match.start(), base + match.end()
    if match.re is _PERCENT:
        unit = "percentage point" if match["sign"].lower().startswith("percentage") else "%"
        return Quantity(index, "percent", float(value), unit, match[0], start, end)
    currency = match["cur"]
    if _is_not_money(currency.lower(), match["scale"], text[match.end() :]):
        return None
    code = (
        _PREFIX_CURRENCIES.get(currency) or _SUFFIX_CURRENCIES[" ".join(currency.lower().split())]
    )
    scale = _SCALES[match["scale"].lower()] if match["scale"] else Decimal(1)
    return Quantity(index, "money", float(value * scale), code, match[0], start, end)


def _is_not_money(currency: str, scale: str | None, after: str) -> bool:
    """The verb in "won 40 seats" and "500 pounds of explosives" (a weight)."""
    if currency in _NEEDS_SCALE and not scale:
        return True
    return currency.startswith("pounds") and re.match(r"\s+of\b", after) is not None


def _from_entity(ent: Span, index: int, offset: int) -> Quantity | None:
    label = ent.label_
    if label == "MONEY":
        return _money_entity(ent, index, offset)
    if label == "PERCENT":
        value = _number_value([t for t in ent if _is_number(t)])
        return None if value is None else _quantity(ent, index, offset, "percent", value, "%")
    if label in {"CARDINAL", "ORDINAL", "QUANTITY"}:
        return _count(ent, index, offset)
    return _period_ordinal(ent, index, offset) if label == "DATE" else None


def _quantity(
    span: Span, index: int, offset: int, kind: Kind, value: Decimal, unit: str | None
) -> Quantity:
    start, end = offset + span.start_char, offset + span.end_char
    return Quantity(index, kind, float(value), unit, span.text, start, end)


def _money_entity(ent: Span, index: int, offset: int) -> Quantity | None:
    """A MONEY entity the expressions missed ("5 million"): value, and a currency if one is named."""
    value = _number_value([t for t in ent if _is_number(t) or t.lower_ in _SCALES])
    if value is None:
        return None
    words = " ".join(t.lower_ for t in ent)
    code = next(
        (c for w, c in _SUFFIX_CURRENCIES.items() if re.search(rf"\b{re.escape(w)}\b", words)), None
    )
    return _quantity(ent, index, offset, "money", value, code)


def _count(ent: Span, index: int, offset: int) -> Quantity | None:
    """A CARDINAL/ORDINAL/QUANTITY entity with the noun it counts, or None (see module docstring)."""
    numbers = [t for t in ent if _is_number(t) or t.lower_ in _SCALES]
    value = _number_value(numbers)
    if value is None or _skip_count(ent, numbers, value):
        return None
    if ent.label_ == "QUANTITY" and not _is_number(ent[-1]):
        return _quantity(ent, index, offset, "count", value, ent[-1].lower_)
    noun = _counted_noun(ent, numbers[-1])
    if noun is None or (ent.label_ == "CARDINAL" and noun.lower_ in _TIME_UNITS):
        return None
    return _quantity(_count_span(ent, noun), index, offset, "count", value, noun.lower_)


def _skip_count(ent: Span, numbers: list[Token], value: Decimal) -> bool:
    """Years, compounds ("two-way"), the ordinal "first", referential "the two countries"."""
    if len(numbers) == 1 and _YEAR.match(numbers[0].text):
        return True
    last = numbers[-1]
    if not last.whitespace_ and last.i + 1 < len(last.doc) and last.doc[last.i + 1].text == "-":
        return True
    if ent.label_ == "ORDINAL":
        return value == 1
    before = ent.doc[ent.start - 1].lower_ if ent.start > ent.sent.start else ""
    return ent.label_ == "CARDINAL" and before in _REFERRING and value <= _MAX_REFERENTIAL


def _counted_noun(ent: Span, number: Token) -> Token | None:
    """The noun right after the number that it modifies ("40" -> "times"), if any."""
    head = number.head
    if head.pos_ not in {"NOUN", "PROPN"} or not ent.end <= head.i <= ent.end + _MAX_UNIT_GAP:
        return None
    return head


def _count_span(ent: Span, noun: Token) -> Span:
    """From the number (with "the" before an ordinal: "the 11th trip") to the counted noun."""
    before = ent.doc[ent.start - 1] if ent.start > ent.sent.start else None
    with_the = ent.label_ == "ORDINAL" and before is not None and before.lower_ == "the"
    return ent.doc[ent.start - 1 if with_the else ent.start : noun.i + 1]


def _period_ordinal(ent: Span, index: int, offset: int) -> Quantity | None:
    """The ordinal of a period inside a DATE ("the 15th consecutive year" -> 15, "year")."""
    for token in ent:
        value, head = _ordinal_value(token), token.head
        if value is None or value == 1 or not ent.start <= head.i < ent.end:
            continue
        if head.lemma_.lower() in _PERIOD_NOUNS:
            return _quantity(ent, index, offset, "count", Decimal(value), head.lower_)
    return None


def _is_number(token: Token) -> bool:
    return token.like_num or _ordinal_value(token) is not None or token.lower_ in _WORD_NUMBERS


def _ordinal_value(token: Token) -> int | None:
    match = _ORDINAL_DIGITS.match(token.text)
    return int(match[1]) if match else _ORDINAL_WORDS.get(token.lower_)


def _number_value(tokens: list[Token]) -> Decimal | None:
    """The value of number words and digits: "3 million" -> 3000000, "forty-five" -> 45, "11th" -> 11."""
    total, current, seen = Decimal(0), Decimal(0), False
    for word in (part for t in tokens for part in t.lower_.replace(",", "").split("-")):
        step = _word_value(word)
        if step is not None:
            current, seen = current + step, True
        elif word == "hundred" and seen:
            current *= 100
        elif word in _SCALES and seen:
            total, current = total + (current or Decimal(1)) * _SCALES[word], Decimal(0)
    return total + current if seen else None


def _word_value(word: str) -> Decimal | None:
    if word in _WORD_NUMBERS:
        return Decimal(_WORD_NUMBERS[word])
    match = _ORDINAL_DIGITS.match(word)
    if match or word in _ORDINAL_WORDS:
        return Decimal(match[1]) if match else Decimal(_ORDINAL_WORDS[word])
    return Decimal(word) if _DECIMAL.fullmatch(word) else None
