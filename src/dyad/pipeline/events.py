"""The events stage: match the event pattern dictionary on the dependency parse.

For every verb or noun whose lemma starts a rule, the most specific rule whose constraints hold
fires once; its source and target come from the parse slots the rule names (subject, object,
prepositional objects, possessor, the subject of the governing clause). Passive clauses swap the
roles (the ``by`` agent is the source), coordinated actors give one event per pair, and mutual
acts (``symmetric`` rules) are coded in both directions, as CAMEO does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from ..dictionaries import Dictionaries, EventRule
from ..records import Actor
from .actors import DocumentActors, Mention
from .modality import STATEMENT_NOUNS

_SUBJ = frozenset({"nsubj", "csubj", "expl"})
_INHERIT = frozenset({"xcomp", "conj", "advcl", "pcomp"})
_OBJECT_CONTROL = frozenset(
    {
        "urge",
        "ask",
        "invite",
        "persuade",
        "tell",
        "call",
        "encourage",
        "force",
        "order",
        "allow",
        "help",
        "press",
        "pressure",
        "request",
        "warn",
    }
)
_VERB_POS = frozenset({"VERB"})
# Objects that stand for the movement of what their of-phrase names ("the return of inspectors").
_CONTAINER_OBJECTS = frozenset({"return", "entry", "deployment", "arrival", "presence", "dispatch"})
_NATIONAL = frozenset({"DYAD_COUNTRY", "DYAD_DEMONYM", "DYAD_IGO", "DYAD_CAPITAL"})
_NOUN_POS = frozenset({"NOUN", "PROPN"})


class Pair(NamedTuple):
    """Who acts on whom in one event of a match; either side may be missing."""

    source: Mention | None
    target: Mention | None


class SlotFill(NamedTuple):
    """The first of a rule's slots (``subj``, ``prep:with``, ...) that names actors, and them."""

    slot: str
    mentions: list[Mention]


_EMPTY = SlotFill("", [])


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
                        consumed.update(o.i for o in _objects(token))
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
                verb_rule, light, None
            ):
                return True
        return False

    def _try(self, rule: EventRule, token: Token, actors: DocumentActors) -> Match | None:
        light = _light_verb(rule, token)
        if rule.light and light is None:
            return None
        if not _constraints_hold(rule, token, light):
            return None
        clause = light if light is not None else _clause_verb(token)
        sources = _first_slot(rule.source, token, light, actors)
        targets = _first_slot(rule.target, token, light, actors)
        if not targets.mentions and not rule.require_target and not rule.symmetric:
            targets = _nested_target(token, light, actors)
        if rule.require_target and not targets.mentions:
            return None
        pairs = _pairs(rule, sources, targets)
        if not pairs:
            return None
        trigger = _trigger_tokens(rule, token, light)
        return Match(rule, trigger, clause, pairs, frozenset(m.token.i for m in sources.mentions))


# --- rule constraints -------------------------------------------------------------------------


def _kind(token: Token) -> str | None:
    if token.pos_ in _VERB_POS:
        return "verb"
    if token.pos_ in _NOUN_POS:
        return "noun"
    if token.pos_ == "ADJ" and token.dep_ in ("acomp", "oprd", "ROOT", "conj"):
        return "adj"  # predicate adjectives: "was skeptical over", "is confident that"
    return None


def _light_verb(rule: EventRule, noun: Token) -> Token | None:
    if not rule.light or rule.pos != "noun":
        return None
    head = noun.head
    while noun.dep_ == "conj" and head.pos_ in _NOUN_POS:
        noun, head = head, head.head
    if noun.dep_ in ("dobj", "nsubjpass", "attr", "pobj") and head.lemma_.lower() in rule.light:
        return head
    if noun.dep_ == "pobj" and head.lower_ in ("in", "into") and head.head.pos_ in _VERB_POS:
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


def _constraints_hold(rule: EventRule, token: Token, light: Token | None) -> bool:
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
    if rule.object and not any(_lemma(o) in rule.object for o in _objects(token)):
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


def _objects(token: Token) -> list[Token]:
    """Direct objects of a verb (the subject when passive); of-objects of a noun."""
    if token.pos_ in _NOUN_POS:
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
        if _lemma(o) in _CONTAINER_OBJECTS
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


# --- slots ------------------------------------------------------------------------------------


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _clause_verb(token: Token) -> Token:
    """The verb whose clause a token belongs to (itself when it is a verb)."""
    node = token
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") or node.dep_ == "ROOT":
            return node
        node = node.head
    return node


def clause_subject(verb: Token) -> Token | None:
    """The subject of ``verb``'s clause, inherited through xcomp, conj, advcl and relative clauses."""
    node = verb
    if node.dep_ in ("acomp", "oprd") and node.pos_ in ("ADJ", "VERB"):
        node = node.head  # "he was skeptical": the subject of the copula
    for _ in range(6):
        for child in node.children:
            if (child.dep_ in _SUBJ and child.pos_ != "PRON") or child.dep_ == "nsubj":
                return child
        if _is_passive(node):
            agent = _agent(node)
            patient = next((c for c in node.children if c.dep_ == "nsubjpass"), None)
            if node is not verb and patient is not None:
                # "X is expected to visit", "X was pressured by Y to help": X does the act
                return patient
            return agent
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in _OBJECT_CONTROL:
            obj = next((c for c in node.head.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj
        if node.dep_ == "acl" and node.tag_ == "VBN":
            return None  # "civilians imprisoned for ...": the noun is who was imprisoned, not who did it
        if node.dep_ == "acl" and node.head.lemma_.lower() in STATEMENT_NOUNS:
            issuing = node.head.head  # "issued a declaration demanding": who issued it demands
            if node.head.dep_ == "dobj" and issuing.pos_ in ("VERB", "AUX"):
                return clause_subject(issuing)
        if node.dep_ in ("relcl", "acl") and node.head.pos_ in _NOUN_POS | {"PRON"}:
            return node.head
        if (node.dep_ not in _INHERIT and node.dep_ != "ccomp") or node.head is node:
            return None
        node = node.head
        if node.dep_ == "prep" and node.head.pos_ == "ADJ":
            node = node.head  # "X is guilty of violating": through the adjective's phrase
        if node.dep_ in ("acomp", "oprd") and node.pos_ == "ADJ" and node.head is not node:
            node = node.head  # "X is prepared to impose": the copula's subject
    return None


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((p for p in child.children if p.dep_ == "pobj"), None)
    return None


def _slot_tokens(slot: str, token: Token, light: Token | None) -> list[Token]:
    verb = light if light is not None else token
    if slot == "subj":
        return _subject_tokens(token, light)
    if slot == "obj":
        if verb.pos_ in _NOUN_POS:
            return []
        passive = _is_passive(verb)
        deps = ("nsubjpass",) if passive else ("dobj",)
        return [c for c in verb.children if c.dep_ in deps]
    if slot == "iobj":
        return [
            c for c in verb.children if c.dep_ == "dative" and c.pos_ in _NOUN_POS | {"PRON"}
        ] + [p for c in verb.children if c.dep_ == "dative" for p in c.children if p.dep_ == "pobj"]
    if slot == "poss":
        return [c for c in token.children if c.dep_ == "poss"]
    if slot in ("comp_subj", "comp_obj"):
        return _complement_slot(slot, verb)
    if slot == "national":
        return _national(token)
    if slot.startswith("prep:"):
        return _prep_objects(slot[5:], token, light)
    if slot in ("gov_subj", "gov_obj"):
        gov = _governing_verb(token)
        if gov is None:
            return []
        if slot == "gov_subj":
            subj = clause_subject(gov)
            return [subj] if subj is not None else []
        return [c for c in gov.children if c.dep_ == "dobj"]
    return []


def _national(noun: Token) -> list[Token]:
    """A state or body named as a modifier of a noun event: "Israeli shelling", "US air strike",
    also one level down ("Israeli tank shelling")."""
    if noun.pos_ not in _NOUN_POS:
        return []
    mods = [c for c in noun.children if c.dep_ in ("amod", "compound", "nmod")]
    direct = [c for c in mods if c.ent_type_ in _NATIONAL]
    return direct or [
        g
        for c in mods
        for g in c.children
        if g.dep_ in ("amod", "compound") and g.ent_type_ in _NATIONAL
    ]


def _complement_slot(slot: str, verb: Token) -> list[Token]:
    """Actors inside a complement clause: "demanded that Israel withdraw" (comp_subj: Israel),
    "pledged to support Ukraine" (comp_obj: Ukraine)."""
    out: list[Token] = []
    for comp in (c for c in verb.children if c.dep_ in ("xcomp", "ccomp")):
        if slot == "comp_subj":
            out += [c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")]
        else:
            out += [c for c in comp.children if c.dep_ in ("dobj", "dative")]
            out += [
                p for c in comp.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"
            ]
    return out


def _subject_tokens(token: Token, light: Token | None) -> list[Token]:
    if token.pos_ not in _NOUN_POS:
        subj = clause_subject(token)
        return [subj] if subj is not None else []
    if light is not None:
        subj = clause_subject(light)
        if subj is None and _is_passive(light) and token.dep_ == "pobj":
            # "forces were engaged in ethnic cleansing": a stative passive's subject acts
            subj = next((c for c in light.children if c.dep_ == "nsubjpass"), None)
        return [subj] if subj is not None else []
    poss = [c for c in token.children if c.dep_ == "poss"]
    if poss:
        return poss
    by = _prep_objects("by", token, None)
    if by:
        return by  # "an attack by rebels"
    national = _national(token)
    if national:
        return national  # "Israeli shelling", "a US air strike"
    small = [c for c in token.children if c.dep_ == "nsubj"]
    if small:
        return small  # "making China the largest trading partner"
    gov = _governing_verb(token)
    subj = clause_subject(gov) if gov is not None else None
    return [subj] if subj is not None else []


def _governing_verb(noun: Token) -> Token | None:
    """For a noun inside prepositional phrases ("said in a conversation with X"): the verb above."""
    node = noun
    for _ in range(6):
        if (
            node.dep_ in ("pobj", "prep", "dobj", "npadvmod", "nsubj", "attr")
            and node.head is not node
        ):
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                return node
        else:
            return None
    return None


def _prep_objects(word: str, token: Token, light: Token | None) -> list[Token]:
    hosts = [token] if light is None else [token, light]
    if token.pos_ in _VERB_POS:
        hosts += [c for c in token.children if c.dep_ == "dobj"]
    out = []
    for host in hosts:
        for child in host.children:
            if child.dep_ in ("prep", "agent", "dative") and child.lower_ == word:
                out += [p for p in child.children if p.dep_ == "pobj"]
    return out


def _first_slot(
    slots: tuple[str, ...], token: Token, light: Token | None, actors: DocumentActors
) -> SlotFill:
    for slot in slots:
        for head in _slot_tokens(slot, token, light):
            found = actors.resolve(head)
            if found:
                return SlotFill(slot, found)
    return _EMPTY


_NESTED_PREPS = frozenset({"with", "by", "from", "against", "to", "on", "of", "for", "toward"})
_CONTENT_NOUNS = STATEMENT_NOUNS | {"demand"}  # nouns whose acl clause is what was said


def _nested_target(token: Token, light: Token | None, actors: DocumentActors) -> SlotFill:
    """When a rule's own target slots are empty, the nearest coded actor inside what the act is
    about: "rejected calls by Poland", "threatened to break relations with Russia", "accepted
    demands from the rebels", "a suspension of air links with Serbia", "prevented a rally
    staged by students". Walks the trigger's objects, open complements and
    with/by/from/against/to/on/of/for phrases, nearest first, a few steps deep; not places
    ("in/at" phrases), not the trigger's own "by" agent, not other acts' participants ("efforts
    to counter militants"), except a statement's content ("its demand that Israel ease ...")."""
    roots = [token] if light is None else [token, light]
    frontier = [c for r in roots for c in r.children if _nested_step(c, r, top=True)]
    seen = {t.i for t in roots}
    for _ in range(4):
        following: list[Token] = []
        for node in frontier:
            if node.i in seen:
                continue
            seen.add(node.i)
            if node.dep_ in ("pobj", "dobj", "nsubj") and node.pos_ in _NOUN_POS:
                found = [
                    m
                    for m in actors.resolve(node)
                    if m.actor.code and m.token.i == node.i and not _own_forces(m.actor)
                ]
                if found:
                    return SlotFill("nested", found)
            following += [c for c in node.children if _nested_step(c, node, top=False)]
        frontier = following
    return _EMPTY


def _own_forces(actor: Actor) -> bool:
    """Troops or police of no named state: in "mobilized reservists for a war against Iraq"
    they are the actor's own, not its target."""
    return actor.country is None and actor.role in ("MIL", "COP")


def _nested_step(child: Token, parent: Token, *, top: bool) -> bool:
    dep = child.dep_
    if dep == "prep":
        return child.lower_ in _NESTED_PREPS
    if dep in ("pobj", "dobj"):
        return True
    if dep == "xcomp":
        return top or parent.pos_ in _VERB_POS  # "threatened to break relations with X"
    if dep == "agent":
        return not top  # below a participle: "a rally staged by students"
    if dep == "acl":
        return child.tag_ == "VBN" or parent.lemma_.lower() in _CONTENT_NOUNS
    if dep == "nsubj":  # only the subject of a statement's content clause
        return parent.dep_ == "acl" and parent.head.lemma_.lower() in _CONTENT_NOUNS
    return False


def _pairs(rule: EventRule, sources: SlotFill, targets: SlotFill) -> tuple[Pair, ...]:
    src, tgt = sources.mentions, targets.mentions
    if not src and not tgt:
        return ()
    out: list[Pair] = []
    if not tgt and rule.symmetric and len(src) > 1:
        out = [Pair(a, b) for a in src for b in src if not _same_actor(a, b)]
    elif not src and targets.slot == "prep:between" and len(tgt) > 1:
        out = [Pair(a, b) for a in tgt for b in tgt if not _same_actor(a, b)]
    elif not tgt:
        out = [Pair(a, None) for a in src]
    elif not src:
        out = [Pair(None, b) for b in tgt]
    else:
        out = [Pair(a, b) for a in src for b in tgt if not _same_actor(a, b)]
        if not out:  # "China bolstered its presence": the only target is the source itself
            out = [Pair(a, None) for a in src]
        if rule.symmetric and targets.slot == "prep:with":
            out += [Pair(b, a) for a, b in out if a is not None and b is not None]
    return tuple(out)


def _same_actor(a: Mention, b: Mention) -> bool:
    """One actor on both sides: the same words, or the same state or body (CAMEO codes no event
    from an actor to itself). Two role-only actors ("diplomats" meeting "the president") differ."""
    if a.actor == b.actor:
        return True
    code_a, code_b = a.actor.code, b.actor.code
    return (
        code_a is not None
        and code_a == code_b
        and (a.actor.country is not None or code_a.startswith(("IGO", "NGO")))
    )
