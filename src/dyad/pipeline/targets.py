"""Targets a rule's own slots did not name (CODING.md §3): the nearest coded actor inside what
the act is about ("threatened to break relations with Russia"), the place or facility attacked
("shelled Tripoli's airport"), the object of the clause a participle belongs to ("removed Sudan
from the list, lifting sanctions")."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from ..dictionaries import EventRule
from ..records import Actor
from .actors import DocumentActors, Mention
from .grammar import NOUN_POS, VERB_POS, hosts, infinitive_clause, lemma
from .lexicon import Lexicon
from .slots import EMPTY, SlotFill, same_actor, slot_tokens

# Uses of force and coercion whose target may be a place or facility attacked.
ATTACK_ROOTS = frozenset({"15", "17", "18", "19", "20"})
_NESTED_PREPS = frozenset(
    {"with", "by", "from", "against", "to", "on", "of", "for", "toward", "towards", "over"}
    | {"about", "into", "along", "out"}
)
_ATTACK_PREPS = frozenset({"at", "on", "into", "toward", "towards", "against", "near"})
_CONDITIONS = frozenset({"if", "unless", "until"})
_CAUSES = frozenset({"after", "as", "because", "since"})
_NESTED_NODES = frozenset({"pobj", "dobj", "nsubj", "poss", "nsubjpass"})


def nested_target(
    token: Token,
    light: Token | None,
    actors: DocumentActors,
    lexicon: Lexicon,
    *,
    attack: bool = False,
    skip: list[Mention] | None = None,
) -> SlotFill:
    """When a rule's own target slots are empty, the nearest coded actor inside what the act is
    about: "rejected calls by Poland", "threatened to break relations with Russia", "accepted
    demands from the rebels", "a suspension of air links with Serbia", "prevented a rally
    staged by students". Walks the trigger's objects, open complements and
    with/by/from/against/to/on/of/for phrases, nearest first, a few steps deep; not places
    ("in/at" phrases, except where an ``attack`` is aimed), not the trigger's own "by" agent,
    not the source itself (``skip``), not other acts' participants ("efforts to counter
    militants"), except a statement's content ("its demand that Israel ease ...")."""
    roots = hosts(token, light)
    step = _Step(lexicon, attack)
    # (node, whether the walk reached it through another act's clause: "efforts to build X")
    frontier = [(c, False) for r in roots for c in r.children if step(c, r, top=True)]
    seen = {t.i for t in roots}
    for _ in range(6):
        following: list[tuple[Token, bool]] = []
        for node, inner in frontier:
            if node.i in seen:
                continue
            seen.add(node.i)
            # a possessive pronoun is whose request, plan or offer it is ("rejected their request")
            owner = node.dep_ == "poss" and node.pos_ == "PRON"
            if node.dep_ in _NESTED_NODES and (node.pos_ in NOUN_POS or owner):
                found = [
                    m
                    for m in actors.resolve(node)
                    if m.actor.code
                    and m.token.i == node.i
                    and not _own_forces(m.actor)
                    and not (inner and m.actor.code == m.actor.role)  # a bare role: "communities"
                    and not any(same_actor(m, s) for s in skip or ())
                    # "reneged on his commitment": the source's own, not its target
                    and not (owner and m.actor.country is None)  # an unsure antecedent
                    and not (owner and any(m.actor.code == s.actor.code for s in skip or ()))
                ]
                if found:
                    return SlotFill("nested", found)
            following += [
                (c, inner or (c.dep_ == "acl" and infinitive_clause(c, acl=True)))
                for c in node.children
                if step(c, node, top=False)
            ]
        frontier = following
    return EMPTY


def _own_forces(actor: Actor) -> bool:
    """Troops or police of no named state: in "mobilized reservists for a war against Iraq"
    they are the actor's own, not its target."""
    return actor.country is None and actor.role in ("MIL", "COP")


class _Step:
    """Which child of a node the walk of :func:`nested_target` goes down to."""

    def __init__(self, lexicon: Lexicon, attack: bool) -> None:
        self.content_noun = lexicon.content_noun
        self.attack = attack

    def __call__(self, child: Token, parent: Token, *, top: bool) -> bool:
        dep = child.dep_
        if dep == "prep":
            return child.lower_ in _NESTED_PREPS or (self.attack and child.lower_ in _ATTACK_PREPS)
        if dep == "pcomp":  # "by firing at Indian posts", "with shelling"
            return parent.lower_ in ("by", "with")
        if dep == "advcl":
            return self._clause(child, top)
        if dep == "nsubj" and parent.dep_ == "advcl":
            return self._marked(parent)
        if dep in ("pobj", "dobj"):
            return True
        if dep == "poss":  # whose plan, decision or demand it is: "denounced the company's plan"
            return not top and parent.pos_ == "NOUN"
        if dep in ("nsubjpass", "ccomp"):  # "allegations by X were denied", "warned that ..."
            return top
        if dep == "xcomp":
            return top or parent.pos_ in VERB_POS  # "threatened to break relations with X"
        if dep == "agent":
            return not top  # below a participle: "a rally staged by students"
        if dep == "acl":  # "a rally staged by", "a mission to investigate abuses by X"
            return (
                child.tag_ == "VBN"
                or lemma(parent) in self.content_noun
                or (not top and infinitive_clause(child, acl=True))
                or (top and _that_clause(child))  # "little hope that the government would"
            )
        if dep in ("nsubj", "nsubjpass"):  # the subject of what a statement is about: "confident
            # that relations with Egypt ...", "warned that supporters would be arrested"
            content = parent.dep_ == "acl" and (
                lemma(parent.head) in self.content_noun or _that_clause(parent)
            )
            return content or parent.dep_ == "ccomp"
        return False

    def _clause(self, child: Token, top: bool) -> bool:
        if infinitive_clause(child):  # "rallied to demand his resignation"
            return top
        # the party a threat is conditioned on ("unless Addis Ababa scrapped"); a posture's
        # cause ("raised its readiness after China massed ships")
        return self._marked(child)

    def _marked(self, clause: Token) -> bool:
        marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
        return bool(marks & _CONDITIONS or (self.attack and marks & _CAUSES))


def _that_clause(clause: Token) -> bool:
    """A noun's that-clause: what the noun is about ("the hope that ...")."""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def facility_target(
    rule: EventRule, token: Token, light: Token | None, actors: DocumentActors, lexicon: Lexicon
) -> SlotFill:
    """An attacked place or facility stands for the state (and, for a base or a post, the
    armed forces) it belongs to: "shelled Kharkiv", "shelled Tripoli's airport", "fired at
    Indian posts", "stormed a camp south of the city" (its state from context)."""
    for slot in rule.target or ("obj",):
        for head in slot_tokens(slot, token, light, lexicon):
            if lemma(head) in lexicon.facility_noun:
                actor = actors.facility(head, military=lexicon.military_facility_noun)
                return SlotFill("facility", [Mention(actor, head)])
            place = actors.place(head)
            if place is not None:
                return SlotFill("place", [Mention(place, head)])
    return EMPTY


def military_facility(mention: Mention, lexicon: Lexicon) -> Mention:
    """A state's military post or position attacked is its armed forces: "shelled Russian
    positions" is RUSMIL, as "an airbase near Homs" is SYRMIL (CODING.md §3)."""
    actor = mention.actor
    if (
        actor.country is None
        or actor.role is not None
        or lemma(mention.token) not in lexicon.military_facility_noun
    ):
        return mention
    return Mention(replace(actor, code=actor.country + "MIL", role="MIL"), mention.token)


def participle_target(token: Token, actors: DocumentActors) -> SlotFill:
    """A participle clause acts on its main clause's object: "removed Sudan from the list,
    lifting sanctions" lifts them on Sudan."""
    if token.dep_ != "advcl" or token.tag_ != "VBG" or token.head is token:
        return EMPTY
    for obj in (c for c in token.head.children if c.dep_ == "dobj"):
        found = [m for m in actors.resolve(obj) if m.actor.code]
        if found:
            return SlotFill("inherited", found)
    return EMPTY
