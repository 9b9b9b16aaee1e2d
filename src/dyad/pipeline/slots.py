"""Where a rule's actors are in the parse: its slots (``subj``, ``obj``, ``prep:with``, the
subject of the governing clause, ...) and the actor pairs a match codes (targets the slots do not
name are :mod:`.targets`'s).

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
from .grammar import (
    NOUN_POS,
    VERB_POS,
    antecedent,
    hosts,
    infinitive_clause,
    is_passive,
    reciprocal,
)
from .lexicon import Lexicon

_SUBJ = frozenset({"nsubj", "csubj", "expl"})
_INHERIT = frozenset({"xcomp", "conj", "advcl", "pcomp"})
_NATIONAL = frozenset({"DYAD_COUNTRY", "DYAD_DEMONYM", "DYAD_IGO", "DYAD_CAPITAL"})
# prepositions through which a means or a time clause belongs to its verb ("responded by endorsing")
_MEANS_PREPS = frozenset({"by", "after", "before", "while", "in"})


class Pair(NamedTuple):
    """Who acts on whom in one event of a match; either side may be missing."""

    source: Mention | None
    target: Mention | None


class SlotFill(NamedTuple):
    """The first of a rule's slots (``subj``, ``prep:with``, ...) that names actors, and them."""

    slot: str
    mentions: list[Mention]


EMPTY = SlotFill("", [])


def clause_subject(verb: Token, lexicon: Lexicon) -> Token | None:
    """The subject of ``verb``'s clause, inherited through xcomp, conj, advcl and relative clauses."""
    node = verb
    if node.dep_ in ("acomp", "oprd") and node.pos_ in ("ADJ", "VERB"):
        node = node.head  # "he was skeptical": the subject of the copula
    for _ in range(6):
        own = _own_subject(node)
        if own is not None:
            return own
        if is_passive(node):
            patient = next((c for c in node.children if c.dep_ == "nsubjpass"), None)
            if node is not verb and patient is not None:
                # "X is expected to visit", "X was pressured by Y to help": X does the act
                return patient
            return _agent(node)
        found, done = _modified_subject(node, lexicon)
        if done:
            return found
        if (node.dep_ not in _INHERIT and node.dep_ != "ccomp") or node.head is node:
            return None
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in lexicon.speech_verb:
            return None  # "X said [China will advocate]": the speaker does not do what is said
        node = node.head
        if node.dep_ == "prep" and node.head.pos_ == "ADJ":
            node = node.head  # "X is guilty of violating": through the adjective's phrase
        elif node.dep_ == "prep" and node.lower_ in _MEANS_PREPS:
            node = node.head  # "responded by endorsing": the verb the means belongs to
        if node.dep_ in ("acomp", "oprd") and node.pos_ == "ADJ" and node.head is not node:
            node = node.head  # "X is prepared to impose": the copula's subject
    return None


def _own_subject(node: Token) -> Token | None:
    for child in node.children:
        if child.dep_ == "csubj":  # "refugees sheltering in camps appealed": a misparse
            inner = next((c for c in child.children if c.dep_ == "nsubj"), None)
            if inner is not None:
                return inner
        if (child.dep_ in _SUBJ and child.pos_ != "PRON") or child.dep_ == "nsubj":
            return child
    return None


def _modified_subject(node: Token, lexicon: Lexicon) -> tuple[Token | None, bool]:
    """Who does the act of a clause that controls or modifies a noun, and whether that settles
    it: object control ("urged Iran to release"), relative and participle clauses."""
    head = node.head
    if node.dep_ == "xcomp" and head.lemma_.lower() in lexicon.object_control_verb:
        obj = next((c for c in head.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj, True
    if node.dep_ != "acl" and node.dep_ != "relcl":
        return None, False
    if node.dep_ == "acl":
        if (
            head.dep_ == "ROOT"
            and head.pos_ in NOUN_POS
            and any(c.dep_ == "dobj" for c in node.children)
        ):
            return head, True  # "Militants executed 60 villagers" misread as a noun phrase
        if node.tag_ == "VBN":
            return None, True  # "civilians imprisoned for ...": the noun is who was imprisoned
        if head.lemma_.lower() in lexicon.statement_noun:
            issuing = head.head  # "issued a declaration demanding": who issued it demands
            if head.dep_ == "dobj" and issuing.pos_ in ("VERB", "AUX"):
                return clause_subject(issuing, lexicon), True
        if head.dep_ == "attr" and infinitive_clause(node, acl=True):
            return clause_subject(head.head, lexicon), True  # "Russia became the first country to"
    if head.pos_ in NOUN_POS | {"PRON"}:
        return head, True
    return None, False


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((p for p in child.children if p.dep_ == "pobj"), None)
    return None


def slot_tokens(slot: str, token: Token, light: Token | None, lexicon: Lexicon) -> list[Token]:
    """The heads of the phrases in one of a rule's slots (FORMATS.md lists the slots)."""
    verb = light if light is not None else token
    if slot == "subj":
        return _subject_tokens(token, light, lexicon)
    if slot == "obj":
        if verb.pos_ in NOUN_POS:
            return []
        passive = is_passive(verb)
        deps = ("nsubjpass",) if passive else ("dobj",)
        return [c for c in verb.children if c.dep_ in deps]
    if slot == "iobj":
        return [
            c for c in verb.children if c.dep_ == "dative" and c.pos_ in NOUN_POS | {"PRON"}
        ] + [p for c in verb.children if c.dep_ == "dative" for p in c.children if p.dep_ == "pobj"]
    if slot == "poss":
        return [c for c in token.children if c.dep_ == "poss"]
    if slot in ("comp_subj", "comp_obj"):
        return _complement_slot(slot, verb, lexicon)
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


def _complement_slot(slot: str, verb: Token, lexicon: Lexicon) -> list[Token]:
    """Actors inside a complement clause: "demanded that Israel withdraw" (comp_subj: Israel),
    "pledged to support Ukraine" (comp_obj: Ukraine); what a transfer verb moves is no party to
    it ("pledged to send troops to Estonia": Estonia)."""
    out: list[Token] = []
    for comp in (c for c in verb.children if c.dep_ in ("xcomp", "ccomp")):
        if slot == "comp_subj":
            out += [c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")]
            if comp.pos_ == "NOUN":  # "demanded that President Arce resign", "resign" as a noun
                out += [c for c in comp.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
            # "demanded that striking workers end", parsed with "striking" as the subject
            out += [
                o
                for c in comp.children
                if c.dep_ == "csubj"
                for o in c.children
                if o.dep_ == "dobj"
            ]
        else:
            moved = comp.lemma_.lower() in lexicon.transfer_verb
            out += [
                c
                for c in comp.children
                if (c.dep_ == "dative" or (c.dep_ == "dobj" and not moved)) and c.pos_ != "ADP"
            ]
            out += [  # "send weapons to Ukraine": "to" is a prep or, for the parser, a dative
                p
                for c in comp.children
                if c.dep_ in ("prep", "dative")
                for p in c.children
                if p.dep_ == "pobj"
            ]
    return out


def _subject_tokens(token: Token, light: Token | None, lexicon: Lexicon) -> list[Token]:
    if token.pos_ not in NOUN_POS:
        subj = clause_subject(token, lexicon)
        if subj is None and is_passive(token):
            # "three soldiers were killed in an ambush by militants": the means' agent
            subj = next(
                (a for n in _means_nouns(token) for a in _prep_objects("by", n, None)), None
            )
        return [subj] if subj is not None else []
    if light is not None:
        subj = clause_subject(light, lexicon)
        if subj is None and is_passive(light) and token.dep_ == "pobj":
            # "forces were engaged in ethnic cleansing": a stative passive's subject acts
            subj = next((c for c in light.children if c.dep_ == "nsubjpass"), None)
        if subj is None and is_passive(light):  # "were given an ultimatum by Abiy"
            return _prep_objects("by", token, None)[:1]
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


def _means_nouns(verb: Token) -> list[Token]:
    """The nouns of a verb's "in/during" phrases: "killed [in an ambush] by militants"."""
    return [
        n
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in ("in", "during")
        for n in c.children
        if n.dep_ == "pobj"
    ]


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
    found = hosts(token, light)
    if token.pos_ in VERB_POS:
        objects = [c for c in token.children if c.dep_ == "dobj"]
        found += objects  # "shared the locations of the camps with Somali police"
        found += [
            p
            for o in objects
            for c in o.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children
            if p.dep_ == "pobj"
        ]
    out = []
    for host in found:
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
    """The first of ``slots`` that holds actors, and its actors (empty when none does); "each
    other" stands for the source side (:func:`pairs`), a relative pronoun for its noun."""
    for slot in slots:
        for head in slot_tokens(slot, token, light, lexicon):
            if reciprocal(head):
                return SlotFill(slot, [Mention(Actor(head.text), head)])
            found = actors.resolve(antecedent(head))
            if found:
                return SlotFill(slot, found)
    return EMPTY


def pairs(
    rule: EventRule, sources: SlotFill, targets: SlotFill, *, joint: bool = False
) -> tuple[Pair, ...]:
    """The (source, target) pairs a match codes: one per coordinated actor; "each other" and a
    symmetric or ``joint`` act of coordinated sources ("China and Russia worked together") both
    ways; a "between" pair with no source both ways; never an actor on itself."""
    src, tgt = sources.mentions, targets.mentions
    if not src and not tgt:
        return ()
    if tgt and all(reciprocal(t.token) for t in tgt):
        # "Kyrgyzstan and Tajikistan accused each other": each accuses the other
        return tuple(Pair(a, b) for a in src for b in src if not same_actor(a, b))
    if not tgt and len(src) > 1 and (rule.symmetric or joint):
        return tuple(Pair(a, b) for a in src for b in src if not same_actor(a, b))
    if not src and targets.slot == "prep:between" and len(tgt) > 1:
        return tuple(Pair(a, b) for a in tgt for b in tgt if not same_actor(a, b))
    if not tgt:
        return tuple(Pair(a, None) for a in src)
    if not src:
        return tuple(Pair(None, b) for b in tgt)
    out = [Pair(a, b) for a in src for b in tgt if not same_actor(a, b)]
    if not out:  # "China bolstered its presence": the only target is the source itself
        out = [Pair(a, None) for a in src]
    return tuple(out)


def jointly(token: Token, light: Token | None, lexicon: Lexicon) -> bool:
    """ "China and Russia are jointly committed to", "worked together": a mutual act of its
    coordinated subjects, coded both ways (the lexicon's ``joint_adverb`` class)."""
    return any(
        c.dep_ in ("advmod", "npadvmod", "prt") and c.lower_ in lexicon.joint_adverb
        for h in hosts(token, light)
        for c in h.children
    )


def same_actor(a: Mention, b: Mention) -> bool:
    """One actor on both sides: the same words, or the same state or body (CAMEO codes no event
    from an actor to itself): "the Kenyan government deployed police in Kenya". Two role-only
    actors ("diplomats" meeting "the president") differ."""
    return a.actor == b.actor or same_state(a.actor, b.actor)


def same_state(a: Actor, b: Actor) -> bool:
    """The same state or body on both sides: a state and one of its organs, or two mentions of
    one coded actor of a known state or body."""
    code_a, code_b = a.code, b.code
    if code_a and code_b and len(code_a) == 3 and code_a == b.country:
        return True
    if code_a and code_b and len(code_b) == 3 and code_b == a.country:
        return True
    return (
        code_a is not None
        and code_a == code_b
        and (a.country is not None or code_a.startswith(("IGO", "NGO")))
    )
