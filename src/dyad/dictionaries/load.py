"""Loading dyad's dictionaries: the shipped files, then a user's files on top, as one immutable
:class:`Dictionaries` bundle (safe to share between threads)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import DictionaryError
from ..pipeline.lexicon import Lexicon
from .cache import cached, module_files
from .entries import AgentTerm, CameoCode, Country, EventRule, Group, Igo, Leader, Region
from .files import (
    HEADERS,
    expand_classes,
    read_agents,
    read_cameo,
    read_code_map,
    read_countries,
    read_groups,
    read_igos,
    read_leaders,
    read_lexicon,
    read_regions,
    read_rules,
)

__all__ = [
    "Dictionaries",
    "data_path",
    "detect_kind",
    "load_dictionaries",
    "load_lexicon",
    "validate_file",
]


@dataclass(frozen=True)
class Dictionaries:
    """Everything dyad knows, loaded from data files; lookups are built once at load."""

    countries: tuple[Country, ...]
    igos: tuple[Igo, ...]
    agents: tuple[AgentTerm, ...]
    leaders: tuple[Leader, ...]
    cameo: dict[str, CameoCode]
    rules: tuple[EventRule, ...]
    lexicon: Lexicon
    announce: dict[str, str] = field(default_factory=dict)
    groups: tuple[Group, ...] = ()
    regions: tuple[Region, ...] = ()
    obligations: dict[str, tuple[str, str]] = field(default_factory=dict)
    refusals: dict[str, str] = field(default_factory=dict)
    targets: dict[str, str] = field(default_factory=dict)  # act code prefix -> people/country
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
        # the most specific rule first; among equals, a specific code before a generic one
        # ("handed over medicine" is humanitarian aid, 073, before aid in general, 070)
        ordered = {
            k: tuple(sorted(v, key=lambda r: (-r.specificity, r.generic)))
            for k, v in by_lemma.items()
        }
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


_CODE_MAPS = ("announce", "obligations", "refusals", "targets")

_SHIPPED = (
    "countries.tsv",
    "igos.tsv",
    "groups.tsv",
    "regions.tsv",
    "agents.tsv",
    "leaders.tsv",
    "cameo.tsv",
    "announce.tsv",
    "obligations.tsv",
    "refusals.tsv",
    "targets.tsv",
    "events.jsonl",
    "lexicon.tsv",
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
    """Load the shipped dictionaries, then add each user file in ``extra`` on top.

    The bundle is cached on disk (:mod:`.cache`), keyed by the bytes of every file read and the
    code that reads them: a changed file is read again, an unchanged set loads at once.
    """
    paths = [*(data_path(n) for n in _SHIPPED), *(Path(p) for p in extra)]
    code = module_files("dictionaries.entries", "dictionaries.files", "dictionaries.load")
    code += module_files("pipeline.lexicon")
    return cached("dictionaries", [*paths, *code], lambda: _read_all(paths))


def _read_all(paths: list[Path]) -> Dictionaries:
    parts: dict[str, list[Any]] = {k: [] for k in (*HEADERS, "rules")}
    for path in paths:
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
    lexicon = Lexicon.from_entries(parts["lexicon"])
    return Dictionaries(
        countries=tuple(parts["countries"]),
        igos=tuple(parts["igos"]),
        agents=tuple(parts["agents"]),
        leaders=tuple(parts["leaders"]),
        cameo={c.code: c for c in parts["cameo"]},
        rules=tuple(expand_classes(r, lexicon) for r in rules.values()),
        lexicon=lexicon,
        announce=dict(parts["announce"]),
        groups=tuple(parts["groups"]),
        regions=tuple(parts["regions"]),
        obligations=dict(parts["obligations"]),
        refusals=dict(parts["refusals"]),
        targets=dict(parts["targets"]),
    )


def load_lexicon(extra: Iterable[str | Path] = ()) -> Lexicon:
    """The shipped word classes, with the words of each lexicon file in ``extra`` added."""
    paths = [data_path("lexicon.tsv"), *(Path(p) for p in extra)]
    return Lexicon.from_entries(entry for path in paths for entry in read_lexicon(path))


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
    "regions": read_regions,
    "agents": read_agents,
    "leaders": read_leaders,
    "cameo": read_cameo,
    "lexicon": read_lexicon,
}
