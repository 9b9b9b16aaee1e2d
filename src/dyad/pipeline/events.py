"""The events stage: match the event pattern dictionary on the dependency parse.

For every verb or noun whose lemma starts a rule, the most specific rule whose constraints hold
fires once; its source and target come from the parse slots the rule names (:mod:`.slots`:
subject, object, prepositional objects, possessor, the subject of the governing clause). Passive
clauses swap the roles (the ``by`` agent is the source), coordinated actors give one event per
pair, and mutual acts (``symmetric`` rules) are coded in both directions, as CAMEO does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..dictionaries import Dictionaries, EventRule
from .actors import DocumentActors
from .lexicon import Lexicon
from .slots import NOUN_POS, VERB_POS, Pair, first_slot, nested_target, pairs


@dataclass(frozen=True, slots=True)
class Match:
    """A rule that fired: the trigger, its clause verb and the actor pairs it codes."""

    rule: EventRule
    trigger: tuple[Token, ...]
    clause: Token
    pairs: tuple[Pair, ...]
    # token indices of the actors found in the rule's source slots: a symmetric act's reversed
    # "with" pair ("Brazil will sign with India" → India→Brazil) has its source elsewhere
    agents: frozenset[int] = frozenset()


class EventMatcher:
    """Find rule matches in a parsed block; stateless apart from the dictionaries it reads."""

    def __init__(self, dictionaries: Dictionaries) -> None:
        self.dictionaries = dictionaries
        self.lexicon: Lexicon = dictionaries.lexicon

    def matches(self, doc: Doc | Span, actors: DocumentActors) -> Iterator[Match]:
        """Rule matches in text order.

        Multi-word noun events with their light verb ("pledged military cooperation", "held
        talks") are matched first, as the longest expressions. A rule that names a complement
        ("urged X to release", "demanded that ...") or an object ("lift the sanctions") codes the
        whole act, so the complement's or object's own word does not fire again.
        """
        consumed: set[int] = set()
        found = list(self._pass(doc, actors, consumed, light_only=True))
        found += self._pass(doc, actors, consumed, light_only=False)
        yield from sorted(found, key=lambda m: m.trigger[0].i)

    def _pass(
        self, doc: Doc | Span, actors: DocumentActors, consumed: set[int], *, light_only: bool
    ) -> list[Match]:
        index = self.dictionaries.rules_by_lemma
        out: list[Match] = []
        for token in doc:
            kind = _kind(token)
            if kind is None or token.i in consumed:
                continue
            for rule in index.get((kind, token.lemma_.lower()), ()):
                if light_only and (not rule.light or self._verb_rule_wins(rule, token)):
                    continue
                match = self._try(rule, token, actors)
                if match is not None:
                    consumed.update(t.i for t in match.trigger)
                    if rule.object:  # "lift the sanctions": the sanctions are part of this act
                        consumed.update(o.i for o in _objects(token, self.lexicon))
                    if rule.xcomp and not rule.code.startswith("03"):
                        # an appeal or demand codes the act it asks for; an intent (03x) does not:
                        # "plans to visit" keeps the visit, as planned, beside the intent
                        consumed.update(_complement_words(token))
                    out.append(match)
                    break
        return out

    def _verb_rule_wins(self, rule: EventRule, noun: Token) -> bool:
        """Whether the light verb has its own rule at least as specific ("called off the strike" is
        082 on "call off" + object, not a strike being called)."""
        light = _light_verb(rule, noun)
        if light is None:
            return False
        for verb_rule in self.dictionaries.rules_by_lemma.get(("verb", light.lemma_.lower()), ()):
            if verb_rule.specificity >= rule.specificity and _constraints_hold(
                verb_rule, light, None, self.lexicon
            ):
                return True
        return False

    def _try(self, rule: EventRule, token: Token, actors: DocumentActors) -> Match | None:
        light = _light_verb(rule, token)
        if rule.light and light is None:
            return None
        if not _constraints_hold(rule, token, light, self.lexicon):
            return None
        clause = light if light is not None else _clause_verb(token)
        sources = first_slot(rule.source, token, light, actors, self.lexicon)
        targets = first_slot(rule.target, token, light, actors, self.lexicon)
        if not targets.mentions and not rule.require_target and not rule.symmetric:
            targets = nested_target(token, light, actors, self.lexicon)
        if rule.require_target and not targets.mentions:
            return None
        found = pairs(rule, sources, targets)
        if not found:
            return None
        trigger = _trigger_tokens(rule, token, light)
        return Match(rule, trigger, clause, found, frozenset(m.token.i for m in sources.mentions))


# --- rule constraints -------------------------------------------------------------------------


def _kind(token: Token) -> str | None:
    if token.pos_ in VERB_POS:
        return "verb"
    if token.pos_ in NOUN_POS:
        return "noun"
    if token.pos_ == "ADJ" and token.dep_ in ("acomp", "oprd", "ROOT", "conj"):
        return "adj"  # predicate adjectives: "was skeptical over", "is confident that"
    return None


def _light_verb(rule: EventRule, noun: Token) -> Token | None:
    if not rule.light or rule.pos != "noun":
        return None
    head = noun.head
    while noun.dep_ == "conj" and head.pos_ in NOUN_POS:
        noun, head = head, head.head
    if noun.dep_ in ("dobj", "nsubjpass", "attr", "pobj") and head.lemma_.lower() in rule.light:
        return head
    if noun.dep_ == "pobj" and head.lower_ in ("in", "into") and head.head.pos_ in VERB_POS:
        verb = head.head  # "engaged the patrol in a firefight", "drawn into a war"
        if verb.lemma_.lower() in rule.light:
            return verb
    if noun.dep_ == "pobj" and head.lower_ in ("for", "of") and head.head.pos_ == "ADJ":
        adjective = head.head  # "is responsible for mass killings", "guilty of genocide"
        if adjective.lemma_.lower() in rule.light:
            return adjective
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ in ("dobj", "nsubjpass"):
        verb = head.head.head  # "provide 25,000 tons of food aid", "send a shipment of weapons"
        if verb.lemma_.lower() in rule.light:
            return verb
    return None


def _constraints_hold(rule: EventRule, token: Token, light: Token | None, lexicon: Lexicon) -> bool:
    heads = (token,) if light is None else (token, light)
    children = [c for h in heads for c in h.children]
    if rule.particle and not any(
        c.dep_ in ("prt", "advmod", "prep") and c.lower_ in rule.particle for c in children
    ):
        return False
    if rule.prep and not any(
        c.dep_ in ("prep", "agent", "dative") and c.lower_ in rule.prep for c in children
    ):
        return False
    if rule.object and not any(_lemma(o) in rule.object for o in _objects(token, lexicon)):
        return False
    if rule.modifier and not any(
        c.dep_ in ("compound", "amod", "advmod", "npadvmod") and _lemma(c) in rule.modifier
        for c in token.children
    ):
        return False
    if rule.xcomp:
        comps = [c for c in token.children if c.dep_ in ("xcomp", "ccomp")]
        return any("*" in rule.xcomp or _lemma(c) in rule.xcomp for c in comps)
    return True


def _complement_words(token: Token) -> set[int]:
    """The complement verbs of a trigger and the nouns they take ("to hold talks")."""
    out: set[int] = set()
    for comp in (c for c in token.children if c.dep_ in ("xcomp", "ccomp")):
        out.add(comp.i)
        out.update(c.i for c in comp.children if c.dep_ in ("dobj", "nsubjpass"))
    return out


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _objects(token: Token, lexicon: Lexicon) -> list[Token]:
    """Direct objects of a verb (the subject when passive); of-objects of a noun."""
    if token.pos_ in NOUN_POS:
        return [
            p
            for c in token.children
            if c.dep_ == "prep" and c.lower_ in ("of", "on")
            for p in c.children
            if p.dep_ == "pobj"
        ]
    found = [c for c in token.children if c.dep_ in ("dobj", "attr") or (c.dep_ == "nsubjpass")]
    found += [c for o in found for c in o.conjuncts]
    # "allow the return of inspectors": what returns is the object that counts too
    return found + [
        p
        for o in found
        if _lemma(o) in lexicon.movement_noun
        for c in o.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for p in c.children
        if p.dep_ == "pobj"
    ]


def _trigger_tokens(rule: EventRule, token: Token, light: Token | None) -> tuple[Token, ...]:
    tokens = [token] if light is None else [light, token]
    tokens += [
        c
        for c in token.children
        if c.dep_ == "prt" and (not rule.particle or c.lower_ in rule.particle)
    ]
    tokens += [
        c
        for c in token.children
        if c.dep_ in ("compound", "amod") and c.lemma_.lower() in rule.modifier
    ]
    return tuple(sorted(tokens, key=lambda t: t.i))


def _clause_verb(token: Token) -> Token:
    """The verb whose clause a token belongs to (itself when it is a verb)."""
    node = token
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") or node.dep_ == "ROOT":
            return node
        node = node.head
    return node
