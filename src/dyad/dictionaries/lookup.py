"""Names to actor codes: "China", "Chinese", "Beijing", "Putin", "NATO" -> the CAMEO codes.

:func:`find_actors` searches the shipped dictionaries (countries with their names, demonyms and
capitals; international bodies; named groups; leaders, coded as their country and role) without
regard to case. ``dyad actors SEARCH``, ``GET /v1/actors?q=`` and the dashboard's actor fields
call it; :func:`suggest` is the "did you mean ...?" of a query whose actor matched nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .entries import Term
from .load import Dictionaries

__all__ = ["ActorMatch", "find_actors", "suggest"]


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """One actor a search found: its code, its name, what kind it is and the term that matched."""

    code: str
    name: str
    kind: str  # country, igo, group or leader
    matched: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name, "kind": self.kind, "matched": self.matched}


def find_actors(dictionaries: Dictionaries, query: str, *, limit: int = 10) -> list[ActorMatch]:
    """The actors whose code or a name starts with ``query`` (any case), best first.

    A code or a whole name equal to the query ranks first, then names that start with it, then
    names with a word that starts with it; within a rank, shorter codes first (states before
    their agents). Each code comes once.
    """
    wanted = " ".join(query.split()).casefold()
    if not wanted:
        return []
    ranked: list[tuple[int, int, str, ActorMatch]] = []
    for match in _candidates(dictionaries):
        rank = _rank(wanted, match)
        if rank is not None:
            ranked.append((rank, len(match.code), match.code, match))
    best: dict[str, ActorMatch] = {}
    for _, _, code, match in sorted(ranked, key=lambda r: r[:3]):
        best.setdefault(code, match)
    return list(best.values())[:limit]


def suggest(dictionaries: Dictionaries, text: str) -> str | None:
    """The code a person most likely meant by ``text`` ("China" -> CHN), if any."""
    found = find_actors(dictionaries, text, limit=1)
    return found[0].code if found else None


def _rank(wanted: str, match: ActorMatch) -> int | None:
    term, code = match.matched.casefold(), match.code.casefold()
    if wanted in (term, code):
        return 0
    if code.startswith(wanted) or term.startswith(wanted):
        return 1
    if any(word.startswith(wanted) for word in term.split()):
        return 2
    return None


def _candidates(d: Dictionaries) -> Iterator[ActorMatch]:
    for country in d.countries:
        terms = [country.name, *_texts(country.names), *_texts(country.demonyms)]
        terms += _texts(country.capitals)
        yield from _each(country.code, country.name, "country", terms)
    for igo in d.igos:
        yield from _each(igo.code, igo.name, "igo", [igo.name, *_texts(igo.names)])
    for group in d.groups:
        yield from _each(group.code, group.name, "group", [group.name, *_texts(group.names)])
    for leader in d.leaders:
        code = leader.country + (leader.role or "")
        yield from _each(code, leader.name, "leader", [leader.name, *_texts(leader.aliases)])


def _each(code: str, name: str, kind: str, terms: Iterable[str]) -> Iterator[ActorMatch]:
    for term in dict.fromkeys(terms):
        yield ActorMatch(code, name, kind, term)


def _texts(terms: Iterable[Term]) -> list[str]:
    return [t.text for t in terms]
