"""Speech acts coded by what they are about (CODING.md §1.5), and event nouns that are no act.

- An appeal, intent, demand, rejection or threat (roots 02, 03, 10, 12, 13) and a charge (11)
  are coded once: :func:`content` is what the words are about ("urged them to negotiate",
  "demanded that Israel withdraw", "called for the release"); that act is not coded again, and a
  generic speech code takes the specific code of the act from the family's table
  (:meth:`SpeechActs.specialize`: "threatened to cut off aid" is 1311, from ``announce.tsv``).
- An event noun with no light verb is an act only when the text says it happened
  (:func:`nominal_act`, CODING.md §1.2): "clashes erupted", "his 2015 visit"; not a topic or a
  time reference ("the invasion", "after the coup").
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..dictionaries import Dictionaries, EventRule, longest_prefix
from .grammar import dated, infinitive_clause, lemma, word_kind
from .lexicon import Lexicon
from .rules import constraints_hold, light_verb

if TYPE_CHECKING:
    from .events import Match

# Roots of the speech acts coded by what they are about: appeals, intentions, demands,
# rejections, threats.
SPEECH_ROOTS = frozenset({"02", "03", "10", "12", "13"})
# Charges (CODING.md §1.3): "accused X of shelling Y" is the accusation; the charged act is not
# coded again.
CHARGE_ROOTS = frozenset({"11"})
WORDS_ROOTS = SPEECH_ROOTS | CHARGE_ROOTS
DENIAL = "016"  # "denied backing the rebels": the denied act is not coded
# Acts that agreeing to is doing: "agreed to a ceasefire" is the ceasefire (CODING.md §6).
AGREED_ACTS = ("0871",)
_ACCUSATION = "112"
_NOT_OCCURRENCE = frozenset({"down", "off", "up"})  # "talks broke down": they did not happen


def about_words(code: str) -> bool:
    """Whether an act of this code is coded by what its words are about."""
    return code[:2] in WORDS_ROOTS or code == DENIAL


def content(token: Token, light: Token | None) -> list[Token]:
    """What a speech act is about: its complement clauses ("urged them to negotiate", "demanded
    that Israel withdraw", "have sworn | to fight"), the object of "for" ("called for the
    release"), an event noun it takes as object ("demanded the resignation")."""
    out: list[Token] = []
    for head in (token,) if light is None else (token, light):
        for child in head.children:
            if child.dep_ in ("xcomp", "ccomp") or infinitive_clause(child):
                out += [child, *child.conjuncts]
            elif child.dep_ == "prep" and child.lower_ == "for":
                out += [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            elif child.dep_ == "prep" and child.lower_ in ("to", "on") and head.lemma_ == "agree":
                out += [c for c in child.children if c.dep_ == "pobj" and not dated(child)]
            elif child.dep_ == "prep" and child.lower_ == "of" and head.pos_ == "VERB":
                out += [c for c in child.children if c.dep_ == "pcomp"]  # "accused X of firing"
            elif child.dep_ == "dobj" and child.pos_ == "NOUN" and child.i != token.i:
                out.append(child)
    return out


def noun_content(token: Token) -> bool:
    """Whether the word lies in what a noun is about, not an act of its own: "the EU's decision
    to open membership talks", "a plan to raise the retirement age", "efforts to mediate"."""
    node = token
    for _ in range(3):
        if node.dep_ == "acl" and node.head.pos_ == "NOUN" and infinitive_clause(node, acl=True):
            return True
        if node.dep_ not in ("xcomp", "conj", "dobj", "compound", "amod") or node.head is node:
            return False
        node = node.head
    return False


def nominal_act(noun: Token, lexicon: Lexicon) -> bool:
    """Whether an event noun (with no light verb) names an act that happened (CODING.md §1.2):
    one with a date of its own ("his 2015 visit to Russia", "a conversation with Putin in
    February"), one that a verb says happened ("clashes erupted", "riots are continuing",
    "protests broke out"), or one an actor is said to use as ("used them as human shields");
    not a topic, purpose, label or time reference ("the invasion", "after the coup")."""
    head = noun.head
    if noun.dep_ in ("nsubj", "nsubjpass") and lemma(head) in lexicon.occurrence_verb:
        particles = {c.lower_ for c in head.children if c.dep_ == "prt"}
        took_place = lemma(head) == "take" and any(c.lower_ == "place" for c in head.children)
        if lemma(head) not in ("break", "take") or "out" in particles or took_place:
            return not particles & _NOT_OCCURRENCE
    if noun.dep_ == "pobj" and head.lower_ == "as" and head.head.pos_ == "VERB":
        return True
    if noun.dep_ == "pobj" and head.lower_ in ("at", "upon") and lemma(noun) == "invitation":
        return head.head.pos_ in ("VERB", "AUX")  # "At the invitation of Putin, Xi will visit"
    return own_date(noun)


def own_date(noun: Token) -> bool:
    """An event noun with a date of its own names an act ("his 2015 visit to Russia", "a
    telephone conversation with Putin in February")."""
    for child in noun.children:
        if child.ent_type_ in ("DATE", "TIME") and child.dep_ in ("compound", "nummod", "amod"):
            return True
        if child.dep_ == "prep" and dated(child):
            return True
    return False


_NAMED = frozenset({"GPE", "NORP", "ORG", "DYAD_COUNTRY", "DYAD_DEMONYM", "DYAD_IGO", "DYAD_GROUP"})


def _names_recipient(head: Token) -> bool:
    """Whether the act names a party it is done to or for ("send weapons to Ukraine", "give
    Kyiv tanks"): a rule that needs a target may then give the act's code, its actors aside."""
    objects = [c for c in head.children if c.dep_ == "dative" and c.pos_ != "ADP"]
    objects += [
        p
        for c in head.children
        if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "for")
        for p in c.children
        if p.dep_ == "pobj"
    ]
    return any(o.ent_type_ in _NAMED for o in objects)


def _light_in_content(rule: EventRule, noun: Token, dictionaries: Dictionaries) -> bool:
    """A content noun whose rule asks for a light verb it lacks still names its act when the
    speech verb is that light verb, through a preposition ("agreed to a truce", "called for
    talks"), or when the verb it is the object of is a light verb of any act (the lexicon's
    ``generic_light_verb``: "agreed to undertake joint exercises") or has no event meaning of
    its own; not "rejected calls for": rejecting is an act of its own."""
    if word_kind(noun) != "noun":
        return False
    head = noun.head
    if noun.dep_ == "pobj" and head.pos_ == "ADP":
        return lemma(head.head) in rule.light
    if noun.dep_ != "dobj":
        return False
    verb = lemma(head)
    return (
        verb in dictionaries.lexicon.generic_light_verb
        or ("verb", verb) not in dictionaries.rules_by_lemma
    )


class SpeechActs:
    """The act a speech act is about, and the speech code it gives; reads the rules and the
    code tables (``announce.tsv``, ``obligations.tsv``, ``refusals.tsv``)."""

    def __init__(self, dictionaries: Dictionaries) -> None:
        self.dictionaries = dictionaries
        self.lexicon: Lexicon = dictionaries.lexicon

    def specialize(self, match: Match, token: Token, about: list[Token]) -> Match:
        """A generic speech act (020 appeal, 030 intent, 100 demand, 120 rejection, 130 threat)
        takes the specific code of the act it is about, from the family's table: "urged them to
        negotiate" is 026, "promised to free the hostages" 0353, "threatened to cut off aid"
        1311. The rule id records both rules ("020/urge-to-act+046/negotiate")."""
        rule = match.rule
        for head in about:
            act = self.act_rule(head, depth=0)
            if act is None:
                continue
            code = self._speech_code(rule.code[:2], act.code, token)
            if code is None or code == rule.code:
                return match
            # a specific rule is only refined ("willing to send arms": 033 -> 0332)
            if (
                not rule.generic
                and not code.startswith(rule.code)
                and not act.code.startswith(AGREED_ACTS)
            ):
                return match
            return replace(match, rule=replace(rule, code=code, id=f"{rule.id}+{act.id}"))
        return match

    def _speech_code(self, family: str, act: str, verb: Token) -> str | None:
        d = self.dictionaries
        if family == "03" and lemma(verb) == "agree" and act.startswith(AGREED_ACTS):
            return act  # "agreed to a ceasefire" is the ceasefire itself (CODING.md §6)
        if family in ("02", "10"):
            pair = longest_prefix(act, d.obligations)
            return None if pair is None else pair[0 if family == "10" else 1]
        if family == "11":  # an allegation of a hostile act is an accusation (CODING.md §1.3)
            return _ACCUSATION if act[:2] >= "13" else None
        if family in ("03", "13"):
            code = longest_prefix(act, d.announce)
            # a threat is of harm: "warned troops would be sent" is not an offer of peacekeeping
            return None if family == "13" and code is not None and code[:2] != "13" else code
        return longest_prefix(act, d.refusals)

    def act_rule(self, head: Token, *, depth: int) -> EventRule | None:
        """The most specific rule whose word and constraints fit ``head`` (its actors aside); else
        that of its object or its own complement ("asked the UN to authorise a deployment")."""
        kind = word_kind(head)
        for rule in self.dictionaries.rules_by_lemma.get((kind or "", lemma(head)), ()):
            light = light_verb(rule, head, self.lexicon)
            if (
                rule.light
                and light is None
                and not _light_in_content(rule, head, self.dictionaries)
            ):
                continue  # "rejected calls for": no call paid; "agreed to a truce": a truce
            if (
                rule.code[:2] not in SPEECH_ROOTS
                and (not rule.require_target or _names_recipient(head))
                and constraints_hold(rule, head, light, self.lexicon)
            ):
                return rule
        if depth >= 2:
            return None
        inner = content(head, None) + [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
        inner += [
            p
            for c in head.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children
            if p.dep_ == "pobj"
        ]
        for node in inner:  # "urged them to agree to a ceasefire", "asked to authorise a force"
            found = self.act_rule(node, depth=depth + 1)
            if found is not None:
                return found
        return None

    def blamed_act(self, hosts: list[Token]) -> bool:
        """A claim of responsibility is for an act, a hostile one or a failure ("claimed
        responsibility for the attack"), not a duty ("taking responsibility for protecting
        international stability")."""
        objects = [
            o
            for h in hosts
            for c in h.children
            if c.dep_ == "prep" and c.lower_ == "for"
            for o in c.children
            if o.dep_ in ("pobj", "pcomp")
        ]
        if not objects:
            return True  # "admitted its mistake", "claimed the attack"
        for obj in objects:
            act = self.act_rule(obj, depth=1)
            if lemma(obj) in self.lexicon.blamed_noun or (act is not None and act.code[:2] >= "11"):
                return True
        return False
