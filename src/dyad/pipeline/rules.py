"""Whether an event rule fits a word of the parse: its light verb ("held talks"), particle,
preposition and what the preposition takes, object, modifier and complement (``data/FORMATS.md``
says what each field of a rule asks). Used by the matcher (:mod:`.events`) and by the reading of
what a speech act is about (:mod:`.speech`)."""

from __future__ import annotations

from spacy.tokens import Token

from ..dictionaries import EventRule
from .grammar import (
    NOUN_POS,
    VERB_POS,
    antecedent,
    dated,
    infinitive_clause,
    infinitive_form,
    lemma,
    prep_pobjects,
)
from .lexicon import Lexicon

_ARGUMENT_PREPS = ("prep", "agent", "dative")


def light_verb(rule: EventRule, noun: Token, lexicon: Lexicon) -> Token | None:
    """The word a noun rule's ``light`` list asks for, governing the noun: "held talks", "engaged
    in a firefight", "is responsible for mass killings", "provide 25,000 tons of food aid"."""
    if not rule.light or rule.pos != "noun":
        return None
    head = noun.head
    while noun.dep_ == "conj" and head.pos_ in NOUN_POS:
        noun, head = head, head.head
    if noun.dep_ in ("dobj", "nsubjpass", "attr", "pobj") and lemma(head) in rule.light:
        return head
    if noun.dep_ == "pobj" and head.lower_ in ("in", "into") and head.head.pos_ in VERB_POS:
        verb = head.head  # "engaged the patrol in a firefight", "drawn into a war"
        inquiry = any(c.dep_ == "dobj" and lemma(c) in lexicon.inquiry_noun for c in verb.children)
        if lemma(verb) in rule.light and not inquiry:
            return verb  # not "opened an inquiry into the tank fire"
    if noun.dep_ == "pobj" and head.lower_ in ("for", "of") and head.head.pos_ == "ADJ":
        adjective = head.head  # "is responsible for mass killings", "guilty of genocide"
        if lemma(adjective) in rule.light:
            return adjective
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ in ("dobj", "nsubjpass"):
        verb = head.head.head  # "provide 25,000 tons of food aid", "send a shipment of weapons"
        if lemma(verb) in rule.light:
            return verb
    return None


def constraints_hold(rule: EventRule, token: Token, light: Token | None, lexicon: Lexicon) -> bool:
    """Whether every constraint of ``rule`` holds at ``token`` (with its light word)."""
    children = _argument_words(token, light) if rule.particle or rule.prep or rule.pobj else []
    if rule.particle and not any(
        c.dep_ in ("prt", "advmod", "prep") and c.lower_ in rule.particle for c in children
    ):
        return False
    if rule.prep and not any(
        c.dep_ in _ARGUMENT_PREPS and c.lower_ in rule.prep and not dated(c) for c in children
    ):
        return False
    if rule.pobj and not _pobj_fits(rule, children):
        return False
    if rule.object and not any(
        object_lemmas(o) & rule.object for o in (antecedent(x) for x in objects(token, lexicon))
    ):
        return False
    if rule.modifier and not any(
        c.dep_ in ("compound", "amod", "advmod", "npadvmod") and lemma(c) in rule.modifier
        for c in token.children
    ):
        return False
    if rule.xcomp:
        return any("*" in rule.xcomp or lemma(c) in rule.xcomp for c in complements(rule, token))
    return True


def _argument_words(token: Token, light: Token | None) -> list[Token]:
    """Where a rule's particle and prepositions may stand: the children of the word and of its
    light verb, and the prepositions of a verb's direct objects ("carrying messages between the
    two delegations")."""
    heads = (token,) if light is None else (token, light)
    children = [c for h in heads for c in h.children]
    if token.pos_ in VERB_POS:
        children += [
            p for c in token.children if c.dep_ == "dobj" for p in c.children if p.dep_ == "prep"
        ]
    return children


def _pobj_fits(rule: EventRule, children: list[Token]) -> bool:
    """What the rule's prepositions take: "took Kenya to court" (``pobj``: court)."""
    for prep in children:
        if prep.dep_ not in _ARGUMENT_PREPS or (rule.prep and prep.lower_ not in rule.prep):
            continue
        for pobj in (p for p in prep.children if p.dep_ == "pobj"):
            words = {lemma(pobj)} | {lemma(m) for m in pobj.children if m.dep_ == "compound"}
            if words & rule.pobj:
                return True
    return False


def complements(rule: EventRule, token: Token) -> list[Token]:
    """The complement clauses of ``token`` in the form the rule's ``clause`` asks for: open and
    clausal complements, infinitival adverbial clauses and, for nouns, infinitival modifiers."""
    comps = [
        c
        for c in token.children
        if c.dep_ in ("xcomp", "ccomp") or infinitive_clause(c, acl=token.pos_ in NOUN_POS)
    ]
    if rule.clause == "to":
        return [c for c in comps if infinitive_form(c)]
    if rule.clause == "that":
        return [c for c in comps if not infinitive_form(c)]
    return comps


def object_lemmas(obj: Token) -> set[str]:
    """What an object counts as for a rule: its lemma, its compound and adjective modifiers
    ("air defence systems", "credit line"), and "person"/"people" for a person named or
    referred to ("handed him over") and for a people ("forced 300,000 Afghans back")."""
    out = {lemma(obj)} | {
        lemma(c)
        for c in obj.children
        if c.dep_ == "compound" or (c.dep_ == "amod" and c.tag_ not in ("VBN", "VBD"))
    }  # not a participle: "a planned visit" is a visit, not a plan
    if obj.lower_ in ("him", "her", "them") or obj.ent_type_ in ("PERSON", "DYAD_PERSON"):
        out.add("person")
    if obj.tag_ in ("NNS", "NNPS") and obj.ent_type_ in ("DYAD_DEMONYM", "NORP"):
        out.add("people")
    return out


def objects(token: Token, lexicon: Lexicon) -> list[Token]:
    """Direct objects of a verb (the subject when passive); of-objects of a noun. An object that
    stands for the movement or the amount of something ("the return of inspectors", "a planeload
    of medicine") counts with what its of-phrase names."""
    if token.pos_ in NOUN_POS:
        return prep_pobjects(token, ("of", "on"))
    found = [c for c in token.children if c.dep_ in ("dobj", "attr", "nsubjpass")]
    if not found:  # "handed over [two men wanted for murder]", parsed as a clause
        found = [
            s
            for c in token.children
            if c.dep_ == "ccomp"
            for s in c.children
            if s.dep_ == "nsubj" and s.i < c.i
        ]
    found += [c for o in found for c in o.conjuncts]
    carriers = lexicon.movement_noun | lexicon.container_noun
    return found + [p for o in found if lemma(o) in carriers for p in prep_pobjects(o)]


def trigger_tokens(rule: EventRule, token: Token, light: Token | None) -> tuple[Token, ...]:
    """The words of the text that make the event: trigger, light word, particle, modifier."""
    tokens = [token] if light is None else [light, token]
    tokens += [
        c
        for c in token.children
        if c.dep_ == "prt" and (not rule.particle or c.lower_ in rule.particle)
    ]
    tokens += [
        c for c in token.children if c.dep_ in ("compound", "amod") and lemma(c) in rule.modifier
    ]
    return tuple(sorted(tokens, key=lambda t: t.i))
