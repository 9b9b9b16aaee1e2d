"""Acts the text reports as the means, the result or the purpose of another are that act
(CODING.md §1.2, §1.7).

"violated the ceasefire by firing at Indian posts" is one violation (of the posts), "shelled the
town, killing 12 civilians" one shelling, "accused X of opening fire on a post, killing four" one
accusation. The main act keeps its own target, or takes the one its part names. A protest's
purpose ("rallied to demand new elections") is the protest, whose code the demand refines
(1411-1414 ... 1451-1454: a protest for a change of leader, policy, rights or regime).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from .events import Match
from .grammar import infinitive_clause
from .slots import Pair

_FORCE = frozenset({"17", "18", "19", "20"})
# acts whose means or result a participle clause may report: force, posture, charges, threats
_HOSTS_OF_RESULTS = frozenset({"18", "19", "20", "15", "11", "12", "13"})
_DEMAND_FOR_CHANGE = "104"


def one_act(matches: list[Match]) -> list[Match]:
    """A sentence's matches with the parts of another act folded into that act."""
    by_trigger = {m.trigger[-1].i: m for m in matches}
    parts: dict[int, Match] = {}  # the part's trigger -> the act it belongs to
    for match in matches:
        head = match.trigger[-1]
        main = _main_act(head, by_trigger)
        if main is not None and match.rule.code[:2] in _FORCE:
            parts[head.i] = main
        elif main is None and match.rule.code[:2] in ("14", "10"):  # "blocked roads, protesting"
            main = by_trigger.get(head.head.i) if head.dep_ in ("advcl", "xcomp") else None
            if main is not None and main.rule.code[:2] == "14":
                parts[head.i] = main  # "rallied ... to demand new elections": one protest
        if head.i not in parts and infinitive_clause(head) and head.head.i in by_trigger:
            # "deployed troops to help the government fight insurgents": the purpose of an act
            # is not an act of its own (CODING.md §1.2)
            parts[head.i] = by_trigger[head.head.i]
    out = []
    for match in matches:
        if match.trigger[-1].i in parts:
            continue
        taken = [by_trigger[i] for i, main in parts.items() if main is match]
        out.append(_with_parts(match, taken))
    return out


def _with_parts(match: Match, taken: list[Match]) -> Match:
    """The main act with its parts' targets (when it has none) and its protest refined by the
    demand that is its purpose."""
    if taken and all(p.target is None for p in match.pairs):
        targets = [p.target for m in taken for p in m.pairs if p.target is not None]
        if targets:
            pairs = tuple(Pair(p.source, t) for p in match.pairs for t in targets)
            match = replace(match, pairs=pairs)
    demand = next((m.rule.code for m in taken if m.rule.code.startswith(_DEMAND_FOR_CHANGE)), None)
    rule = match.rule
    if demand is not None and len(rule.code) == 3 and rule.code[:2] == "14":
        code = rule.code + demand[3:4]
        match = replace(match, rule=replace(rule, code=code, id=f"{rule.id}+{demand}"))
    return match


def _main_act(head: Token, by_trigger: dict[int, Match]) -> Match | None:
    """The act whose means ("by firing") or result ("..., killing 12") ``head`` is."""
    if head.dep_ == "pcomp" and head.head.lower_ in ("by", "with"):
        return by_trigger.get(head.head.head.i)
    if head.dep_ == "advcl" and head.tag_ == "VBG":
        main = by_trigger.get(head.head.i)
        if main is not None and main.rule.code[:2] in _HOSTS_OF_RESULTS:
            return main  # "accused X of opening fire on a post, killing four": the charge
    return None
