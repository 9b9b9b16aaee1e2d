"""Reading dyad's dictionary files: every bad entry raises :class:`~dyad.errors.DictionaryError`
naming ``file:line``, the field, the value and the fix."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from ..errors import DictionaryError
from ..pipeline.lexicon import Lexicon, LexiconEntry, check_entry
from .entries import (
    ROLE_CODES,
    RULE_FIELDS,
    SLOTS_FIXED,
    AgentTerm,
    CameoCode,
    Country,
    EventRule,
    Group,
    Igo,
    Leader,
    Region,
    Term,
)

__all__ = [
    "DEFAULT_TARGETS",
    "HEADERS",
    "expand_classes",
    "read_agents",
    "read_cameo",
    "read_code_map",
    "read_countries",
    "read_groups",
    "read_igos",
    "read_leaders",
    "read_lexicon",
    "read_regions",
    "read_rules",
]

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
    "regions": ("name", "aliases", "demonyms", "country"),
    "obligations": ("act", "demanded", "appealed"),
    "refusals": ("act", "refused"),
    "targets": ("act", "target"),
    "lexicon": ("class", "word"),
}

# What an act with no target named acts on (targets.tsv): its actor's own people, country or
# government.
DEFAULT_TARGETS = ("people", "country", "government")


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


def read_regions(path: Path) -> list[Region]:
    """Parts of states (``regions.tsv``): a name, its aliases and demonyms, the state's code."""
    out = []
    for line, row in _rows(path, "regions"):
        if not row["name"].strip():
            raise DictionaryError(str(path), line, "name", row["name"], "name the region")
        country = _need(path, line, row, "country", _CODE_RE, "write the state's alpha-3 code")
        names = (Term.parse(row["name"]), *_terms(row["aliases"]))
        out.append(Region(row["name"].lstrip("="), names, _terms(row["demonyms"]), country))
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
    obligations.tsv (two codes); targets.tsv (a default target, ``people`` or ``country``)."""
    out: list[tuple[str, Any]] = []
    for line, row in _rows(path, kind):
        target = row["target"] if kind == "targets" else ""
        if kind == "targets" and target not in DEFAULT_TARGETS and not _IGO_RE.match(target):
            raise DictionaryError(
                str(path), line, "target", target,
                f"write one of {', '.join(DEFAULT_TARGETS)}, or a body's code such as IGOUNOSEC",
            )  # fmt: skip
        for name in HEADERS[kind][: 1 if kind == "targets" else None]:
            if row[name] not in cameo:
                raise DictionaryError(
                    str(path), line, name, row[name], "use a CAMEO code listed in cameo.tsv"
                )
        values = tuple(row[name] for name in HEADERS[kind][1:])
        out.append((row["act"], values[0] if len(values) == 1 else values))
    return out


def read_rules(path: Path, cameo: dict[str, CameoCode]) -> list[EventRule]:
    """The rules of an events file; an id used twice in one file is an error (a later file's
    rule with a shipped id replaces the shipped one on purpose)."""
    out: list[EventRule] = []
    first: dict[str, int] = {}
    with path.open(encoding="utf-8") as fh:
        for number, raw in enumerate(fh, start=1):
            if raw.strip() and not raw.lstrip().startswith("#"):
                rule = _rule(str(path), number, raw, cameo)
                if rule.id in first:
                    raise DictionaryError(
                        str(path), number, "id", rule.id,
                        f"already used at line {first[rule.id]}; give each rule its own id",
                    )  # fmt: skip
                first[rule.id] = number
                out.append(rule)
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
    clause = entry.get("clause", "")
    if clause not in ("", "to", "that"):
        raise DictionaryError(
            path, line, "clause", clause, "write 'to' (an infinitive) or 'that' (a that-clause)"
        )
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
        clause=clause,
        pobj=_words(path, line, entry, "pobj"),
        needs_act=bool(entry.get("needs_act", False)),
        source=source,
        target=target,
        symmetric=bool(entry.get("symmetric", False)),
        require_target=bool(entry.get("require_target", False)),
        origin=f"{path}:{line}",
    )


def _words(path: str, line: int, entry: dict[str, Any], name: str) -> frozenset[str]:
    """A rule's word list. ``@class`` names a lexicon class: it is kept as written here and
    stands for all the words of the class once every file is read (:func:`expand_classes`)."""
    value = entry.get(name, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DictionaryError(path, line, name, value, "write a list of lowercase words")
    words = frozenset(v.strip().lower() for v in value)
    known = Lexicon.class_names()
    for word in words:
        if word.startswith("@") and word[1:] not in known:
            raise DictionaryError(
                path, line, name, word, f"name a class of lexicon.tsv (known: {', '.join(known)})"
            )
    return words


_WORD_FIELDS = ("lemmas", "light", "particle", "prep", "object", "modifier", "xcomp", "pobj")


def expand_classes(rule: EventRule, lexicon: Lexicon) -> EventRule:
    """The rule with each ``@class`` of its word lists replaced by the words of that class."""
    changes: dict[str, Any] = {}
    for name in _WORD_FIELDS:
        words: frozenset[str] = getattr(rule, name)
        classes = [w for w in words if w.startswith("@")]
        if classes:
            own = words.difference(classes)
            changes[name] = frozenset(own.union(*(getattr(lexicon, c[1:]) for c in classes)))
    return replace(rule, **changes) if changes else rule


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


def read_lexicon(path: Path) -> list[LexiconEntry]:
    """The words of a lexicon file (``lexicon.tsv``): known classes, one lower-case word each,
    no word listed twice in a class."""
    out: list[LexiconEntry] = []
    first: dict[tuple[str, str], int] = {}
    for line, row in _rows(path, "lexicon"):
        entry = check_entry(row["class"], row["word"], str(path), line)
        key = (entry.word_class, entry.word)
        if key in first:
            raise DictionaryError(
                str(path), line, "word", entry.word,
                f"already listed in {entry.word_class} at line {first[key]}; remove one",
            )  # fmt: skip
        first[key] = line
        out.append(entry)
    return out
