"""How a fired rule's code is made specific by who acts, with what, where and on how many.

CAMEO separates unconventional violence (18x) from conventional military force (19x) by who
uses it: a generic attack (180) by armed forces, rebels or a state is 190; violence by
protesters is a riot (145). A killing by bomb is 183x, an attack by aircraft, drones or
missiles an aerial attack (195), by artillery or rockets a shelling (194); an act done in an
event of its own kind takes that event's code ("discussed trade in a telephone call": 041); a
meeting in a third country is 044 (CODING.md §6); armed men killing civilians in numbers are a
mass killing (202). The words that decide are lexicon classes.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from ..dictionaries import Dictionaries
from ..records import Actor, Location
from .actors import Mention
from .grammar import lemma
from .lexicon import Lexicon
from .slots import clause_subject

FORCE = frozenset({"18", "19", "20"})
_FORCE_BY_CROWDS = frozenset({"17", "18"})
_KEEP_CODE = ("181", "182", "183", "184", "185", "186")  # abductions, assaults, bombings, ...
_COMBATANT_ROLES = frozenset({"MIL", "COP", "REB", "INS", "GOV", "SPY", "UAF"})
_ARMED_ROLES = frozenset({"MIL", "REB", "INS", "UAF", "SPY", "COP"})
_MASS = 20  # people killed at once from which a killing of civilians is a mass killing (202)
# codes a mass killing replaces: killings by hand or gun, not an air strike or a shelling, which
# keep their code (CODING.md §6: missiles, drones 195; artillery 194)
_MASSACRE_CODES = frozenset({"180", "181", "182", "1823", "186", "190", "193", "200"})
_MEANS_PREPS = ("in", "by", "via", "through", "over")


class ActCoder:
    """The specific code of an act; one per coder, reading the lexicon and the rules."""

    def __init__(self, dictionaries: Dictionaries) -> None:
        self.dictionaries = dictionaries
        self.lexicon: Lexicon = dictionaries.lexicon

    def code(
        self,
        code: str,
        trigger: Token,
        source: Actor | None,
        target: Actor | None,
        victims: Mention | None,
        location: Location | None,
    ) -> str:
        """The rule's ``code`` made specific (see the module docstring); ``victims`` is the
        target as the text names it, ``target`` the actor the event has."""
        code = self._by_attacker(code, source)
        bombing = self._bombing(trigger) if code in ("180", "190") else None
        code = bombing or code
        refined = (
            self._by_weapon(code, trigger)
            or self._by_means(code, trigger)
            or _third_place(code, trigger, location, source, target)
        )
        code = refined or code
        if code in _MASSACRE_CODES and self._mass_killing(trigger, victims, source):
            return "202"
        return code

    def _by_attacker(self, code: str, source: Actor | None) -> str:
        if source is None:
            return code
        if (code[:2] in _FORCE_BY_CROWDS or code == "190") and self.protesters(source):
            return "145"
        if code == "180" and source.code is not None:
            state_actor = source.country is not None and source.role in (None, "GOV", "MIL")
            if source.role in ("MIL", "REB") or state_actor:
                return "190"
        return code

    def protesters(self, actor: Actor) -> bool:
        """Whether the actor is a crowd of protesters ("a Ukrainian protestor", "angry rioters")."""
        return any(word in self.lexicon.protester_word for word in actor.text.lower().split())

    def _bombing(self, trigger: Token) -> str | None:
        """CAMEO 183x when a killing or wounding was done by a bomb: its subject is a bombing ("a
        roadside bombing killed one soldier", "a suicide bomber drove ..., killing seven") or it
        happened in one ("killed in a car bomb explosion"); the bomb's kind picks 1831-1833."""
        lexicon = self.lexicon
        kinds = (
            ("1831", lexicon.suicide_bomb_word),
            ("1832", lexicon.vehicle_bomb_word),
            ("1833", lexicon.roadside_bomb_word),
        )
        for words in _means_words(trigger, self.lexicon):
            if words & lexicon.bomb_word:
                return next((code for code, kind in kinds if words & kind), "183")
        return None

    def _by_weapon(self, code: str, trigger: Token) -> str | None:
        """An attack by aircraft, drones or missiles is an aerial attack (195), by artillery,
        rockets or mortars a shelling (194): "Ukrainian drones set fire to a refinery",
        "warplanes struck sites", "pounded towns with artillery"."""
        if (code[:2] not in ("18", "19") and code != "1712") or code in ("194", "195"):
            return None
        if code[:3] in _KEEP_CODE:
            return None  # abductions, assaults, bombings, assassinations keep their code
        subject = clause_subject(trigger, self.lexicon)
        means = [
            p
            for c in trigger.children
            if c.dep_ == "prep" and c.lower_ in ("with", "by")
            for p in c.children
            if p.dep_ == "pobj"
        ]
        for head in ([subject] if subject is not None else []) + means:
            words = {lemma(head)} | {
                lemma(c) for c in head.children if c.dep_ in ("compound", "amod")
            }
            if words & self.lexicon.aerial_weapon:
                return "195"
            if words & self.lexicon.artillery_weapon:
                return "194"
        return None

    def _by_means(self, code: str, trigger: Token) -> str | None:
        """An act done "in", "by", "via" or "through" an event of the same kind takes that
        event's more specific code: "discussed trade in a telephone call" is 041."""
        if not code.endswith("0"):
            return None
        rules = self.dictionaries.rules_by_lemma
        for child in trigger.children:
            if child.dep_ != "prep" or child.lower_ not in _MEANS_PREPS:
                continue
            for noun in (c for c in child.children if c.dep_ == "pobj" and c.pos_ == "NOUN"):
                for rule in rules.get(("noun", lemma(noun)), ()):
                    if (
                        rule.code[:2] == code[:2]
                        and len(rule.code) >= len(code)
                        and rule.code != code
                    ):
                        return rule.code
        return None

    def _mass_killing(self, trigger: Token, victims: Mention | None, source: Actor | None) -> bool:
        """CAMEO 202: armed men or forces killing civilians in numbers ("executed at least 500
        people", "massacred hundreds of villagers"), not a killing of soldiers or of a few."""
        if lemma(trigger) not in self.lexicon.killing_verb or victims is None:
            return False
        if source is None or (source.role not in _ARMED_ROLES and source.country is None):
            return False
        if victims.actor.role in _COMBATANT_ROLES:
            return False
        return _victims(victims.token, self.lexicon.mass_word) >= _MASS


def _means_words(trigger: Token, lexicon: Lexicon) -> Iterator[set[str]]:
    """For the trigger's subject (its clause's, for a participle) and each object of its
    in/by/with phrases: the lemmas of the noun and its modifiers ("a roadside bombing", "in a
    car bomb explosion")."""
    subjects = [c for c in trigger.children if c.dep_ == "nsubj"]
    inherited = clause_subject(trigger, lexicon) if not subjects else None
    if inherited is not None:  # "a suicide bomber drove ..., killing seven"
        subjects = [inherited]
    means = [
        p
        for c in trigger.children
        if c.dep_ in ("prep", "agent") and c.lower_ in ("in", "by", "with")
        for p in c.children
        if p.dep_ == "pobj"
    ]
    for head in subjects + means:
        words = {lemma(head)} | {
            lemma(c) for c in head.children if c.dep_ in ("compound", "amod", "nmod")
        }
        words |= {lemma(g) for c in head.children if c.dep_ == "compound" for g in c.children}
        yield words


def _victims(token: Token, mass_word: frozenset[str]) -> int:
    """How many people a noun phrase counts: "at least 500 people", "hundreds of villagers"
    (the phrase's head, when the actor came from a place inside it: "villagers in Mali")."""
    node = token
    for _ in range(3):
        if node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.head.pos_ == "NOUN":
            node = node.head.head
    for child in node.children:
        if child.dep_ == "nummod":
            digits = child.text.replace(",", "")
            if digits.isdigit():
                return int(digits)
            if child.lower_ in mass_word:
                return _MASS
    if node.lower_ in mass_word:
        return _MASS
    head = node.head
    if head.dep_ == "prep" and head.lower_ == "of" and head.head.lower_ in mass_word:
        return _MASS  # "hundreds of villagers"
    return 0


def _third_place(
    code: str, trigger: Token, location: Location | None, source: Actor | None, target: Actor | None
) -> str | None:
    """A meeting at a third location (CODING.md §6): "met in Abu Dhabi", "met on the
    sidelines of the summit" is 044 when the place is neither side's."""
    if code != "040" or source is None or target is None:
        return None
    sides = {source.country, target.country}
    if location is not None and location.country and location.country not in sides:
        return "044"
    sidelines = any(
        p.lower_ == "sidelines" for c in trigger.children if c.dep_ == "prep" for p in c.children
    )
    return "044" if sidelines else None
