"""Load and validate dyad's dictionary files (see ``data/FORMATS.md``).

Every bad entry raises :class:`DictionaryError` naming ``file:line``, the field, the value and
the fix. The loaded :class:`Dictionaries` bundle is immutable and safe to share between threads.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from .errors import DictionaryError
from .records import Plover

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
        "source",
        "target",
        "symmetric",
        "require_target",
        "note",
    ]
)
_SHORT_CAPS = re.compile(r"^(?:[A-Z]\.?){1,5}$")
_CODE_RE = re.compile(r"^[A-Z]{3}$")
_IGO_RE = re.compile(r"^(IGO|NGO)[A-Z0-9]{2,12}$")
_CAMEO_RE = re.compile(r"^\d{2,4}$")

HEADERS: dict[str, tuple[str, ...]] = {
    "countries": ("code", "name", "aliases", "demonyms", "capitals", "from", "to"),
    "igos": ("code", "name", "aliases"),
    "agents": ("term", "role", "priority"),
    "leaders": ("name", "aliases", "country", "role", "office", "start", "end"),
    "cameo": ("code", "name", "goldstein", "quad_class", "plover_type", "plover_mode"),
    "announce": ("act", "announced"),
    "groups": ("code", "name", "aliases", "country", "role"),
    "obligations": ("act", "demanded", "appealed"),
    "refusals": ("act", "refused"),
}


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
    source: tuple[str, ...] = ("subj",)
    target: tuple[str, ...] = ()
    symmetric: bool = False
    require_target: bool = False
    origin: str = ""

    @property
    def specificity(self) -> int:
        constraints = (self.light, self.particle, self.prep, self.object, self.modifier, self.xcomp)
        score = sum(2 for c in constraints if c)
        return score - (1 if "*" in self.xcomp else 0)


@dataclass(frozen=True)
class Dictionaries:
    """Everything dyad knows, loaded from data files; lookups are built once at load."""

    countries: tuple[Country, ...]
    igos: tuple[Igo, ...]
    agents: tuple[AgentTerm, ...]
    leaders: tuple[Leader, ...]
    cameo: dict[str, CameoCode]
    rules: tuple[EventRule, ...]
    announce: dict[str, str] = field(default_factory=dict)
    groups: tuple[Group, ...] = ()
    obligations: dict[str, tuple[str, str]] = field(default_factory=dict)
    refusals: dict[str, str] = field(default_factory=dict)
    group_by_code: dict[str, Group] = field(init=False, repr=False)
    country_by_code: dict[str, Country] = field(init=False, repr=False)
    agent_by_first: dict[str, tuple[AgentTerm, ...]] = field(init=False, repr=False)
    leaders_by_key: dict[str, tuple[Leader, ...]] = field(init=False, repr=False)
    rules_by_lemma: dict[tuple[str, str], tuple[EventRule, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "country_by_code", {c.code: c for c in self.countries})
        object.__setattr__(self, "group_by_code", {g.code: g for g in self.groups})
        object.__setattr__(self, "agent_by_first", _group(self.agents, lambda a: [a.words[0]]))
        object.__setattr__(self, "leaders_by_key", _group(self.leaders, _leader_keys))
        by_lemma = _group(self.rules, lambda r: [(r.pos, lemma) for lemma in r.lemmas])
        ordered = {k: tuple(sorted(v, key=lambda r: -r.specificity)) for k, v in by_lemma.items()}
        object.__setattr__(self, "rules_by_lemma", ordered)


def _group(
    items: Iterable[Any], keys: Callable[[Any], Iterable[Any]]
) -> dict[Any, tuple[Any, ...]]:
    out: dict[Any, list[Any]] = {}
    for item in items:
        for key in keys(item):
            out.setdefault(key, []).append(item)
    return {k: tuple(v) for k, v in out.items()}


def _leader_keys(leader: Leader) -> list[str]:
    return sorted({leader.name.lower(), *(a.text.lower() for a in leader.aliases)})


# --- reading ----------------------------------------------------------------------------------


def _rows(path: Path, kind: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line_number, row)`` for each data line of a dyad TSV file."""
    expected = HEADERS[kind]
    header: tuple[str, ...] | None = None
    with path.open(encoding="utf-8") as fh:
        for number, raw in enumerate(fh, start=1):
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = tuple(c.strip() for c in line.split("\t"))
            if header is None:
                if cells != expected:
                    wanted = "<TAB>".join(expected)
                    raise DictionaryError(
                        str(path), number, "header", line, f"the header must be {wanted}"
                    )
                header = cells
                continue
            if len(cells) > len(header):
                raise DictionaryError(
                    str(path),
                    number,
                    header[-1],
                    line,
                    f"the line has {len(cells)} tab-separated fields, expected {len(header)}",
                )
            yield number, dict(zip(header, cells + ("",) * (len(header) - len(cells)), strict=True))


def _terms(raw: str) -> tuple[Term, ...]:
    return tuple(Term.parse(t) for t in raw.split("|") if t.strip())


def _need(
    path: Path, line: int, row: dict[str, str], name: str, pattern: re.Pattern[str], fix: str
) -> str:
    value = row[name]
    if not pattern.match(value):
        raise DictionaryError(str(path), line, name, value, fix)
    return value


def _date_or_none(path: Path, line: int, name: str, value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DictionaryError(
            str(path), line, name, value, "write the date as YYYY-MM-DD"
        ) from None


def _year_text(path: Path, line: int, name: str, value: str) -> str | None:
    if value and not re.match(r"^\d{4}(-\d{2}-\d{2})?$", value):
        raise DictionaryError(
            str(path), line, name, value, "write YYYY or YYYY-MM-DD, or leave empty"
        )
    return value or None


def read_countries(path: Path) -> list[Country]:
    out = []
    for line, row in _rows(path, "countries"):
        code = _need(
            path, line, row, "code", _CODE_RE, "use an ISO 3166-1 alpha-3 code such as CHN"
        )
        names = (Term.parse(row["name"]), *_terms(row["aliases"]))
        start = _year_text(path, line, "from", row["from"])
        end = _year_text(path, line, "to", row["to"])
        demonyms, capitals = _terms(row["demonyms"]), _terms(row["capitals"])
        out.append(Country(code, row["name"].lstrip("="), names, demonyms, capitals, start, end))
    return out


def read_igos(path: Path) -> list[Igo]:
    fix = "codes start with IGO or NGO followed by capitals, e.g. IGOUNO"
    out = []
    for line, row in _rows(path, "igos"):
        code = _need(path, line, row, "code", _IGO_RE, fix)
        out.append(
            Igo(code, row["name"].lstrip("="), (Term.parse(row["name"]), *_terms(row["aliases"])))
        )
    return out


def read_groups(path: Path) -> list[Group]:
    out = []
    for line, row in _rows(path, "groups"):
        code = _need(
            path,
            line,
            row,
            "code",
            re.compile(r"^[A-Z]{3,15}$"),
            "write a CAMEO code such as PSEINSHMS",
        )
        country = row["country"] or None
        if country is not None and not (_CODE_RE.match(country) and code.startswith(country)):
            raise DictionaryError(
                str(path), line, "country", country, "the code must start with the country"
            )
        if row["role"] not in ROLE_CODES:
            raise DictionaryError(
                str(path), line, "role", row["role"], "use a role code such as REB or PTY"
            )
        names = (Term.parse(row["name"]), *_terms(row["aliases"]))
        out.append(Group(code, row["name"].lstrip("="), names, country, row["role"]))
    return out


def read_agents(path: Path) -> list[AgentTerm]:
    out = []
    for line, row in _rows(path, "agents"):
        role = row["role"]
        if role not in ROLE_CODES:
            raise DictionaryError(
                str(path), line, "role", role, f"use one of {' '.join(sorted(ROLE_CODES))}"
            )
        if not row["priority"].lstrip("-").isdigit():
            raise DictionaryError(
                str(path), line, "priority", row["priority"], "write an integer, e.g. 5"
            )
        words = tuple(row["term"].lower().split())
        if not words:
            raise DictionaryError(
                str(path), line, "term", row["term"], "write a noun such as 'president'"
            )
        out.append(AgentTerm(words, role, int(row["priority"])))
    return out


def read_leaders(path: Path) -> list[Leader]:
    out = []
    for line, row in _rows(path, "leaders"):
        country = row["country"]
        if not (_CODE_RE.match(country) or _IGO_RE.match(country)):
            raise DictionaryError(
                str(path), line, "country", country, "use an ISO alpha-3 or IGO code"
            )
        role = row["role"] or None
        if role is not None and role not in ROLE_CODES:
            raise DictionaryError(str(path), line, "role", role, "use a role code such as GOV")
        start = _date_or_none(path, line, "start", row["start"])
        if start is None:
            raise DictionaryError(
                str(path), line, "start", "", "every term needs a first day in office"
            )
        end = _date_or_none(path, line, "end", row["end"])
        if end is not None and end < start:
            raise DictionaryError(
                str(path), line, "end", row["end"], "the term ends before it starts"
            )
        aliases = _terms(row["aliases"])
        out.append(Leader(row["name"], aliases, country, role, row["office"], start, end))
    return out


def read_cameo(path: Path) -> list[CameoCode]:
    out = []
    for line, row in _rows(path, "cameo"):
        code = _need(path, line, row, "code", _CAMEO_RE, "CAMEO codes have 2 to 4 digits, e.g. 042")
        try:
            goldstein = float(row["goldstein"])
        except ValueError:
            raise DictionaryError(
                str(path), line, "goldstein", row["goldstein"], "write a number"
            ) from None
        if not -10 <= goldstein <= 10:
            raise DictionaryError(
                str(path), line, "goldstein", goldstein, "the scale runs from -10 to 10"
            )
        if row["quad_class"] not in {"1", "2", "3", "4"}:
            raise DictionaryError(
                str(path), line, "quad_class", row["quad_class"], "write 1, 2, 3 or 4"
            )
        out.append(
            CameoCode(
                code,
                row["name"],
                goldstein,
                int(row["quad_class"]),
                row["plover_type"],
                row["plover_mode"] or None,
            )
        )
    return out


def read_code_map(path: Path, kind: str, cameo: dict[str, CameoCode]) -> list[tuple[str, Any]]:
    """Act-code prefix -> derived code(s): announce.tsv and refusals.tsv (one code),
    obligations.tsv (two codes)."""
    out: list[tuple[str, Any]] = []
    for line, row in _rows(path, kind):
        for name in HEADERS[kind]:
            if row[name] not in cameo:
                raise DictionaryError(
                    str(path), line, name, row[name], "use a CAMEO code listed in cameo.tsv"
                )
        values = tuple(row[name] for name in HEADERS[kind][1:])
        out.append((row["act"], values[0] if len(values) == 1 else values))
    return out


def read_rules(path: Path, cameo: dict[str, CameoCode]) -> list[EventRule]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for number, raw in enumerate(fh, start=1):
            if raw.strip() and not raw.lstrip().startswith("#"):
                out.append(_rule(str(path), number, raw, cameo))
    return out


def _rule(path: str, line: int, raw: str, cameo: dict[str, CameoCode]) -> EventRule:
    try:
        entry = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise DictionaryError(
            path, line, "json", raw.strip()[:60], f"not valid JSON ({exc.msg})"
        ) from None
    if not isinstance(entry, dict):
        raise DictionaryError(
            path, line, "json", raw.strip()[:60], "each line must be a JSON object"
        )
    unknown = set(entry) - RULE_FIELDS
    if unknown:
        raise DictionaryError(
            path,
            line,
            sorted(unknown)[0],
            entry[sorted(unknown)[0]],
            f"known fields are {', '.join(sorted(RULE_FIELDS))}",
        )
    rule_id, code = str(entry.get("id", "")), str(entry.get("code", ""))
    if not rule_id:
        raise DictionaryError(
            path, line, "id", rule_id, "give the rule a stable id such as '042/visit'"
        )
    if code not in cameo:
        raise DictionaryError(path, line, "code", code, "use a CAMEO code listed in cameo.tsv")
    given = [k for k in ("verb", "noun", "adj") if k in entry]
    if len(given) != 1:
        raise DictionaryError(
            path, line, "verb", entry.get("verb"), "give exactly one of 'verb', 'noun' or 'adj'"
        )
    pos: Literal["verb", "noun", "adj"] = given[0]  # type: ignore[assignment]
    source = _slots(path, line, entry, "source", ("subj",))
    target = _slots(path, line, entry, "target", ())
    return EventRule(
        id=rule_id,
        code=code,
        pos=pos,
        lemmas=_words(path, line, entry, pos),
        light=_words(path, line, entry, "light"),
        particle=_words(path, line, entry, "particle"),
        prep=_words(path, line, entry, "prep"),
        object=_words(path, line, entry, "object"),
        modifier=_words(path, line, entry, "modifier"),
        xcomp=_words(path, line, entry, "xcomp"),
        source=source,
        target=target,
        symmetric=bool(entry.get("symmetric", False)),
        require_target=bool(entry.get("require_target", False)),
        origin=f"{path}:{line}",
    )


def _words(path: str, line: int, entry: dict[str, Any], name: str) -> frozenset[str]:
    value = entry.get(name, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DictionaryError(path, line, name, value, "write a list of lowercase words")
    return frozenset(v.strip().lower() for v in value)


def _slots(
    path: str, line: int, entry: dict[str, Any], name: str, default: tuple[str, ...]
) -> tuple[str, ...]:
    value = entry.get(name, list(default))
    if isinstance(value, str):
        value = [value]
    for slot in value:
        if not isinstance(slot, str) or not (
            slot in SLOTS_FIXED or re.match(r"^prep:[a-z]+$", slot)
        ):
            raise DictionaryError(
                path, line, name, slot, f"slots are {', '.join(sorted(SLOTS_FIXED))} or prep:WORD"
            )
    return tuple(value)


# --- assembling -------------------------------------------------------------------------------

_CODE_MAPS = ("announce", "obligations", "refusals")

_SHIPPED = (
    "countries.tsv",
    "igos.tsv",
    "groups.tsv",
    "agents.tsv",
    "leaders.tsv",
    "cameo.tsv",
    "announce.tsv",
    "obligations.tsv",
    "refusals.tsv",
    "events.jsonl",
)


def data_path(name: str) -> Path:
    """Path of a data file shipped inside the package."""
    return Path(str(resources.files("dyad") / "data" / name))


def detect_kind(path: Path) -> str:
    """Which dictionary a user file is, from its extension or its header line."""
    if path.suffix == ".jsonl":
        return "rules"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.lstrip().startswith("#"):
                cells = tuple(c.strip() for c in line.rstrip("\n").split("\t"))
                for kind, header in HEADERS.items():
                    if cells == header:
                        return kind
                break
    raise DictionaryError(
        str(path),
        1,
        "header",
        path.name,
        "start the file with one of the headers in FORMATS.md, or use .jsonl for rules",
    )


def load_dictionaries(extra: Iterable[str | Path] = ()) -> Dictionaries:
    """Load the shipped dictionaries, then add each user file in ``extra`` on top."""
    parts: dict[str, list[Any]] = {k: [] for k in (*HEADERS, "rules")}
    shipped = [data_path(n) for n in _SHIPPED]
    for path in [*shipped, *(Path(p) for p in extra)]:
        kind = detect_kind(path)
        if kind == "rules":
            cameo = {c.code: c for c in parts["cameo"]}
            parts["rules"].extend(read_rules(path, cameo))
        elif kind in _CODE_MAPS:
            cameo = {c.code: c for c in parts["cameo"]}
            parts[kind].extend(read_code_map(path, kind, cameo))
        else:
            parts[kind].extend(_READERS[kind](path))
    return _assemble(parts)


def _assemble(parts: dict[str, list[Any]]) -> Dictionaries:
    rules: dict[str, EventRule] = {}
    for rule in parts["rules"]:
        rules[rule.id] = rule  # a user file's rule replaces a shipped rule with the same id
    return Dictionaries(
        countries=tuple(parts["countries"]),
        igos=tuple(parts["igos"]),
        agents=tuple(parts["agents"]),
        leaders=tuple(parts["leaders"]),
        cameo={c.code: c for c in parts["cameo"]},
        rules=tuple(rules.values()),
        announce=dict(parts["announce"]),
        groups=tuple(parts["groups"]),
        obligations=dict(parts["obligations"]),
        refusals=dict(parts["refusals"]),
    )


def validate_file(path: str | Path) -> str:
    """Check one user dictionary file; return its kind and entry count, or raise DictionaryError."""
    path = Path(path)
    kind = detect_kind(path)
    cameo = {c.code: c for c in read_cameo(data_path("cameo.tsv"))}
    if kind == "rules":
        return f"{path}: {len(read_rules(path, cameo))} event rules, all valid"
    if kind in _CODE_MAPS:
        return f"{path}: {len(read_code_map(path, kind, cameo))} {kind} entries, all valid"
    return f"{path}: {len(_READERS[kind](path))} {kind} entries, all valid"


_READERS: dict[str, Callable[[Path], list[Any]]] = {
    "countries": read_countries,
    "igos": read_igos,
    "groups": read_groups,
    "agents": read_agents,
    "leaders": read_leaders,
    "cameo": read_cameo,
}
