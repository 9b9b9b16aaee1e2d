"""The entries of dyad's dictionaries, as frozen records (see ``data/FORMATS.md``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, TypeVar

from ..records import Plover

__all__ = [
    "ROLE_CODES",
    "RULE_FIELDS",
    "SLOTS_FIXED",
    "AgentTerm",
    "CameoCode",
    "Country",
    "EventRule",
    "Group",
    "Igo",
    "Leader",
    "Region",
    "Term",
    "longest_prefix",
]

ROLE_CODES = frozenset(
    [
        "GOV",
        "MIL",
        "COP",
        "JUD",
        "LEG",
        "OPP",
        "PTY",
        "REB",
        "INS",
        "CVL",
        "BUS",
        "MED",
        "EDU",
        "NGO",
        "REF",
        "SPY",
        "LAB",
        "HLH",
        "ELI",
        "CRM",
        "AGR",
        "ENV",
        "REL",
        "UAF",
        "HRI",
        "MOD",
        "RAD",
        "SEP",
        "IGO",
        "MNC",
        "DEV",
        "IMG",
    ]
)
SLOTS_FIXED = frozenset(
    {"subj", "obj", "iobj", "poss", "gov_subj", "gov_obj", "comp_subj", "comp_obj", "national"}
)
RULE_FIELDS = frozenset(
    [
        "id",
        "code",
        "verb",
        "noun",
        "adj",
        "light",
        "particle",
        "prep",
        "object",
        "modifier",
        "xcomp",
        "clause",
        "pobj",
        "needs_act",
        "source",
        "target",
        "symmetric",
        "require_target",
        "note",
    ]
)
T = TypeVar("T")
_SHORT_CAPS = re.compile(r"^(?:[A-Z]\.?){1,5}$")


@dataclass(frozen=True, slots=True)
class Term:
    """A name as written in a dictionary; ``exact`` terms must match case as written."""

    text: str
    exact: bool

    @classmethod
    def parse(cls, raw: str) -> Term:
        raw = raw.strip()
        if raw.startswith("="):
            return cls(raw[1:].strip(), True)
        return cls(raw, bool(_SHORT_CAPS.match(raw)))


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    names: tuple[Term, ...]
    demonyms: tuple[Term, ...]
    capitals: tuple[Term, ...]
    start: str | None
    end: str | None


@dataclass(frozen=True, slots=True)
class Igo:
    code: str
    name: str
    names: tuple[Term, ...]


@dataclass(frozen=True, slots=True)
class Region:
    """A part of a state named in the news (a province, a region, an island): a place of that
    state, and its people's demonyms."""

    name: str
    names: tuple[Term, ...]
    demonyms: tuple[Term, ...]
    country: str


@dataclass(frozen=True, slots=True)
class Group:
    """A named non-state actor (party, armed group, media, company) with its full actor code."""

    code: str
    name: str
    names: tuple[Term, ...]
    country: str | None
    role: str


@dataclass(frozen=True, slots=True)
class AgentTerm:
    words: tuple[str, ...]
    role: str
    priority: int


@dataclass(frozen=True, slots=True)
class Leader:
    name: str
    aliases: tuple[Term, ...]
    country: str
    role: str | None
    office: str
    start: date
    end: date | None

    def in_office(self, when: date) -> bool:
        return self.start <= when and (self.end is None or when <= self.end)


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str
    plover_mode: str | None

    def event_fields(self) -> dict[str, Any]:
        """What this code sets on an :class:`~dyad.records.Event`: code, name, root, QuadClass,
        Goldstein score and PLOVER type (none for codes PLOVER leaves out)."""
        plover = (
            Plover(self.plover_type, self.plover_mode)
            if self.plover_type not in ("", "OTHER")
            else None
        )
        return {
            "cameo": self.code,
            "name": self.name,
            "root": self.code[:2],
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "plover": plover,
        }


@dataclass(frozen=True, slots=True)
class EventRule:
    """One entry of the event pattern dictionary, matched on the dependency parse."""

    id: str
    code: str
    pos: Literal["verb", "noun", "adj"]
    lemmas: frozenset[str]
    light: frozenset[str] = frozenset()
    particle: frozenset[str] = frozenset()
    prep: frozenset[str] = frozenset()
    object: frozenset[str] = frozenset()
    modifier: frozenset[str] = frozenset()
    xcomp: frozenset[str] = frozenset()
    clause: Literal["", "to", "that"] = ""  # the form the complement must take, if any
    pobj: frozenset[str] = frozenset()  # what the rule's prepositions must take ("to court")
    needs_act: bool = False  # a speech act that counts only when what it is about is an act
    source: tuple[str, ...] = ("subj",)
    target: tuple[str, ...] = ()
    symmetric: bool = False
    require_target: bool = False
    origin: str = ""

    @property
    def specificity(self) -> int:
        constraints = (self.light, self.particle, self.prep, self.modifier, self.xcomp, self.pobj)
        # what is acted on says most about the act: "flew food to X" is aid, not a visit
        score = sum(2 for c in constraints if c) + (3 if self.object else 0)
        return score - (1 if "*" in self.xcomp else 0)

    @property
    def generic(self) -> bool:
        """A root's or a family's unspecified code: 070, 190 (not 073, 1831)."""
        return len(self.code) == 3 and self.code.endswith("0")


def longest_prefix(code: str, table: Mapping[str, T]) -> T | None:
    """The entry of the longest prefix of a CAMEO code (4, 3 then 2 digits) in a code table."""
    return next((table[code[:n]] for n in (4, 3, 2) if code[:n] in table), None)
