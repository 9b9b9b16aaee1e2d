"""The events stage: match the event pattern dictionary on the dependency parse.

For every verb or noun whose lemma starts a rule, the most specific rule whose constraints hold
(:mod:`.rules`) fires once; its source and target come from the parse slots the rule names
(:mod:`.slots`: subject, object, prepositional objects, possessor, the subject of the governing
clause), else from what the act is about or the place attacked (:mod:`.targets`). Passive
clauses swap the roles (the ``by`` agent is the source), coordinated actors give one event per
pair, and mutual acts (``symmetric`` rules, "jointly") are coded in both directions, as CAMEO
does. A speech act is coded once, by the act it is about (:mod:`.speech`); an event noun with
no light verb only when the text says it happened.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..dictionaries import Dictionaries, EventRule
from .actors import DocumentActors
from .grammar import clause_verb, hosts, hyphenated, infinitive_clause, lemma, word_kind
from .lexicon import Lexicon
from .rules import constraints_hold, light_verb, objects, trigger_tokens
from .slots import EMPTY, Pair, SlotFill, first_slot, jointly, pairs, same_actor
from .speech import DENIAL, SpeechActs, about_words, content, nominal_act, noun_content
from .targets import (
    ATTACK_ROOTS,
    facility_target,
    military_facility,
    nested_target,
    participle_target,
)


@dataclass(frozen=True, slots=True)
class Match:
    """A rule that fired: the trigger, its clause verb and the actor pairs it codes."""

    rule: EventRule
    trigger: tuple[Token, ...]
    clause: Token
    pairs: tuple[Pair, ...]
    # token indices of the actors found in the rule's source slots: a symmetric act's reversed
    # pair ("China and Russia worked together": Russia→China) has its source elsewhere
    agents: frozenset[int] = frozenset()


class EventMatcher:
    """Find rule matches in a parsed block; stateless apart from the dictionaries it reads."""

    def __init__(self, dictionaries: Dictionaries) -> None:
        self.dictionaries = dictionaries
        self.lexicon: Lexicon = dictionaries.lexicon
        self.speech = SpeechActs(dictionaries)

    def matches(self, doc: Doc | Span, actors: DocumentActors) -> Iterator[Match]:
        """Rule matches in text order.

        Multi-word noun events with their light verb ("pledged military cooperation", "held
        talks") are matched first, as the longest expressions. A rule that names a complement
        ("urged X to release", "demanded that ...") or an object ("lift the sanctions") codes the
        whole act, so the complement's or object's own word does not fire again.
        """
        consumed: set[int] = set()
        candidates = self._candidates(doc)  # looked up once for both passes
        found = list(self._pass(candidates, actors, consumed, light_only=True))
        found += self._pass(candidates, actors, consumed, light_only=False)
        # a light-verb act matched first may lie inside what a speech act is about ("demanded
        # that Chapo open talks"): it is the speech act's content, not an act of its own
        inside = {t.i for m in found if about_words(m.rule.code) for t in _about_tokens(m)}
        kept = [m for m in found if not any(t.i in inside for t in m.trigger)]
        yield from sorted(kept, key=lambda m: m.trigger[0].i)

    def _candidates(self, doc: Doc | Span) -> list[tuple[Token, tuple[EventRule, ...]]]:
        """The words some rule is written for, with those rules, in text order."""
        index = self.dictionaries.rules_by_lemma
        out: list[tuple[Token, tuple[EventRule, ...]]] = []
        for token in doc:
            kind = word_kind(token)
            if kind is None:
                continue
            rules = index.get((kind, lemma(token)), ())
            if not rules:  # "call-up", which the tokenizer splits
                rules = index.get((kind, hyphenated(token)), ())
            if rules:
                out.append((token, rules))
        return out

    def _pass(
        self,
        candidates: list[tuple[Token, tuple[EventRule, ...]]],
        actors: DocumentActors,
        consumed: set[int],
        *,
        light_only: bool,
    ) -> list[Match]:
        out: list[Match] = []
        for token, rules in candidates:
            if token.i in consumed or noun_content(token):
                continue
            for rule in rules:
                if light_only and (not rule.light or self._verb_rule_wins(rule, token)):
                    continue
                if rule.pos == "noun" and not rule.light and not nominal_act(token, self.lexicon):
                    continue  # "the invasion", "during a visit": no event (CODING.md §1.2)
                match = self._try(rule, token, actors)
                if match is not None:
                    match = self._consume(match, token, consumed)
                if match is not None:
                    out.append(match)
                    break
        return out

    def _consume(self, match: Match, token: Token, consumed: set[int]) -> Match | None:
        """Mark the words the match codes as used, so they fire no act of their own; a speech
        act takes the code of the act it is about (None: a threat about no act)."""
        rule = match.rule
        words = {t.i for t in match.trigger}
        if rule.object:  # "lift the sanctions": the sanctions are part of this act
            words.update(o.i for o in objects(token, self.lexicon))
        if rule.pos == "noun":  # "suspended its efforts to mediate": one act
            words.update(
                t.i for c in token.children if infinitive_clause(c, acl=True) for t in c.subtree
            )
        if rule.xcomp and not about_words(rule.code):
            # "allowed monitors to patrol the border": the act allowed is this act's
            words.update(t.i for c in content(token, None) for t in c.subtree)
        if about_words(rule.code):
            # a speech act is coded once, by the act (CODING.md §1.5): what is asked, offered,
            # demanded, refused or threatened is not coded again
            about = content(token, light_verb(rule, token, self.lexicon))
            special = self.speech.specialize(match, token, about)
            if rule.needs_act and special.rule.code == rule.code:
                return None  # "warned that the economy would slow": no act, no threat
            words.update(t.i for c in about for t in c.subtree)
            match = special
        consumed.update(words)
        return match

    def _verb_rule_wins(self, rule: EventRule, noun: Token) -> bool:
        """Whether the light verb has its own rule at least as specific ("called off the strike" is
        082 on "call off" + object, not a strike being called)."""
        light = light_verb(rule, noun, self.lexicon)
        if light is None:
            return False
        for verb_rule in self.dictionaries.rules_by_lemma.get(("verb", lemma(light)), ()):
            if verb_rule.specificity >= rule.specificity and constraints_hold(
                verb_rule, light, None, self.lexicon
            ):
                return True
        return False

    def _try(self, rule: EventRule, token: Token, actors: DocumentActors) -> Match | None:
        light = light_verb(rule, token, self.lexicon)
        if rule.light and light is None:
            return None
        if not constraints_hold(rule, token, light, self.lexicon):
            return None
        if rule.code == "015" and not self.speech.blamed_act(hosts(token, light)):
            return None
        clause = light if light is not None else clause_verb(token)
        sources = first_slot(rule.source, token, light, actors, self.lexicon)
        targets = self._targets(rule, token, light, actors, sources)
        found = pairs(rule, sources, targets, joint=jointly(token, light, self.lexicon))
        # a target that is an actor: a code, or a role context may place ("500 people"), not a
        # bare name the dictionaries do not know ("Ladakh")
        coded = [
            p
            for p in found
            if p.target is not None and (p.target.actor.code or p.target.actor.role)
        ]
        if not found or (rule.require_target and not coded):
            return None  # "sent troops to Ladakh" names no other state: no mission abroad
        trigger = trigger_tokens(rule, token, light)
        return Match(rule, trigger, clause, found, frozenset(m.token.i for m in sources.mentions))

    def _targets(
        self,
        rule: EventRule,
        token: Token,
        light: Token | None,
        actors: DocumentActors,
        sources: SlotFill,
    ) -> SlotFill:
        """The rule's target slots; else (CODING.md §3) the nearest actor in what the act is
        about, the facility attacked, or a participle's inherited object."""
        targets = first_slot(rule.target, token, light, actors, self.lexicon)
        if (
            targets.mentions
            and sources.mentions
            and all(any(same_actor(t, s) for s in sources.mentions) for t in targets.mentions)
        ):
            targets = EMPTY  # "placed its troops on alert": its own troops are no target
        attack = rule.code[:2] in ATTACK_ROOTS
        if attack:  # "shelled Russian positions": the positions are Russia's forces
            targets = SlotFill(
                targets.slot, [military_facility(m, self.lexicon) for m in targets.mentions]
            )
        if attack and targets.mentions and not any(m.actor.code for m in targets.mentions):
            # "attacked Kharkiv", the city tagged as a person: the place attacked, if it is one
            place = facility_target(rule, token, light, actors, self.lexicon)
            targets = place if place.mentions else targets
        if targets.mentions or rule.require_target:
            return targets
        if not rule.symmetric or len(sources.mentions) < 2:
            targets = nested_target(
                token, light, actors, self.lexicon, attack=attack, skip=sources.mentions
            )
        if not targets.mentions and attack:  # "bombed fuel depots at the port of Hodeidah"
            targets = facility_target(rule, token, light, actors, self.lexicon)
        if not targets.mentions:
            targets = participle_target(token, actors)
        return targets


def _about_tokens(match: Match) -> Iterator[Token]:
    """The words of what a speech act, a charge or a denial is about."""
    trigger = match.trigger[-1]
    light = match.clause if match.clause.i != trigger.i and match.rule.code != DENIAL else None
    for head in content(trigger, light):
        yield from head.subtree
