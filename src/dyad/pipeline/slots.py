"""Where a rule's actors are in the parse: its slots (``subj``, ``obj``, ``prep:with``, the
subject of the governing clause, ...), the nearest coded actor inside what an act is about when
the slots are empty, and the actor pairs a match codes.

:func:`clause_subject` finds who does a clause's act, through open complements, conjuncts,
relative clauses, passives ("X was pressured by Y to help": X) and object control ("urged Iran to
release": Iran, the lexicon's ``object_control_verb`` class).
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Token

from ..dictionaries import EventRule
from ..records import Actor
from .actors import DocumentActors, Mention
from .lexicon import Lexicon

_SUBJ = frozenset({"nsubj", "csubj", "expl"})
_INHERIT = frozenset({"xcomp", "conj", "advcl", "pcomp"})
_NATIONAL = frozenset({"DYAD_COUNTRY", "DYAD_DEMONYM", "DYAD_IGO", "DYAD_CAPITAL"})
VERB_POS = frozenset({"VERB"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
_NESTED_PREPS = frozenset({"with", "by", "from", "against", "to", "on", "of", "for", "toward"})


class Pair(NamedTuple):
    """Who acts on whom in one event of a match; either side may be missing."""

    source: Mention | None
    target: Mention | None


class SlotFill(NamedTuple):
    """The first of a rule's slots (``subj``, ``prep:with``, ...) that names actors, and them."""

    slot: str
    mentions: list[Mention]


_EMPTY = SlotFill("", [])


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def clause_subject(verb: Token, lexicon: Lexicon) -> Token | None:
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
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in lexicon.object_control_verb:
            obj = next((c for c in node.head.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj
        if node.dep_ == "acl" and node.tag_ == "VBN":
            return None  # "civilians imprisoned for ...": the noun is who was imprisoned, not who did it
        if node.dep_ == "acl" and node.head.lemma_.lower() in lexicon.statement_noun:
            issuing = node.head.head  # "issued a declaration demanding": who issued it demands
            if node.head.dep_ == "dobj" and issuing.pos_ in ("VERB", "AUX"):
                return clause_subject(issuing, lexicon)
        if node.dep_ in ("relcl", "acl") and node.head.pos_ in NOUN_POS | {"PRON"}:
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


def _slot_tokens(slot: str, token: Token, light: Token | None, lexicon: Lexicon) -> list[Token]:
    verb = light if light is not None else token
    if slot == "subj":
        return _subject_tokens(token, light, lexicon)
    if slot == "obj":
        if verb.pos_ in NOUN_POS:
            return []
        passive = _is_passive(verb)
        deps = ("nsubjpass",) if passive else ("dobj",)
        return [c for c in verb.children if c.dep_ in deps]
    if slot == "iobj":
        return [
            c for c in verb.children if c.dep_ == "dative" and c.pos_ in NOUN_POS | {"PRON"}
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
            subj = clause_subject(gov, lexicon)
            return [subj] if subj is not None else []
        return [c for c in gov.children if c.dep_ == "dobj"]
    return []


def _national(noun: Token) -> list[Token]:
    """A state or body named as a modifier of a noun event: "Israeli shelling", "US air strike",
    also one level down ("Israeli tank shelling")."""
    if noun.pos_ not in NOUN_POS:
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


def _subject_tokens(token: Token, light: Token | None, lexicon: Lexicon) -> list[Token]:
    if token.pos_ not in NOUN_POS:
        subj = clause_subject(token, lexicon)
        return [subj] if subj is not None else []
    if light is not None:
        subj = clause_subject(light, lexicon)
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
    subj = clause_subject(gov, lexicon) if gov is not None else None
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
    if token.pos_ in VERB_POS:
        hosts += [c for c in token.children if c.dep_ == "dobj"]
    out = []
    for host in hosts:
        for child in host.children:
            if child.dep_ in ("prep", "agent", "dative") and child.lower_ == word:
                out += [p for p in child.children if p.dep_ == "pobj"]
    return out


def first_slot(
    slots: tuple[str, ...],
    token: Token,
    light: Token | None,
    actors: DocumentActors,
    lexicon: Lexicon,
) -> SlotFill:
    """The first of ``slots`` that holds actors, and its actors (empty when none does)."""
    for slot in slots:
        for head in _slot_tokens(slot, token, light, lexicon):
            found = actors.resolve(head)
            if found:
                return SlotFill(slot, found)
    return _EMPTY


def nested_target(
    token: Token, light: Token | None, actors: DocumentActors, lexicon: Lexicon
) -> SlotFill:
    """When a rule's own target slots are empty, the nearest coded actor inside what the act is
    about: "rejected calls by Poland", "threatened to break relations with Russia", "accepted
    demands from the rebels", "a suspension of air links with Serbia", "prevented a rally
    staged by students". Walks the trigger's objects, open complements and
    with/by/from/against/to/on/of/for phrases, nearest first, a few steps deep; not places
    ("in/at" phrases), not the trigger's own "by" agent, not other acts' participants ("efforts
    to counter militants"), except a statement's content ("its demand that Israel ease ...")."""
    roots = [token] if light is None else [token, light]
    frontier = [c for r in roots for c in r.children if _nested_step(c, r, lexicon, top=True)]
    seen = {t.i for t in roots}
    for _ in range(4):
        following: list[Token] = []
        for node in frontier:
            if node.i in seen:
                continue
            seen.add(node.i)
            if node.dep_ in ("pobj", "dobj", "nsubj") and node.pos_ in NOUN_POS:
                found = [
                    m
                    for m in actors.resolve(node)
                    if m.actor.code and m.token.i == node.i and not _own_forces(m.actor)
                ]
                if found:
                    return SlotFill("nested", found)
            following += [c for c in node.children if _nested_step(c, node, lexicon, top=False)]
        frontier = following
    return _EMPTY


def _own_forces(actor: Actor) -> bool:
    """Troops or police of no named state: in "mobilized reservists for a war against Iraq"
    they are the actor's own, not its target."""
    return actor.country is None and actor.role in ("MIL", "COP")


def _nested_step(child: Token, parent: Token, lexicon: Lexicon, *, top: bool) -> bool:
    dep = child.dep_
    if dep == "prep":
        return child.lower_ in _NESTED_PREPS
    if dep in ("pobj", "dobj"):
        return True
    if dep == "xcomp":
        return top or parent.pos_ in VERB_POS  # "threatened to break relations with X"
    if dep == "agent":
        return not top  # below a participle: "a rally staged by students"
    if dep == "acl":
        return child.tag_ == "VBN" or parent.lemma_.lower() in lexicon.content_noun
    if dep == "nsubj":  # only the subject of a statement's content clause
        return parent.dep_ == "acl" and parent.head.lemma_.lower() in lexicon.content_noun
    return False


def pairs(rule: EventRule, sources: SlotFill, targets: SlotFill) -> tuple[Pair, ...]:
    """The (source, target) pairs a match codes; symmetric acts in both directions."""
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
