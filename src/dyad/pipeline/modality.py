"""Modality of an event from the parse around its trigger: occurred, planned, negated, hypothetical.

Only the trigger's own clause (and the clauses that govern it) count, never the whole sentence:
in "X will visit Y after Z met W", the visit is planned and the meeting occurred. The words that
decide it (future and hypothetical auxiliaries, verbs of planning, appeal, denial and refusal)
are classes of the lexicon (``data/lexicon.tsv``).
"""

from __future__ import annotations

from spacy.tokens import Token

from ..records import Modality
from .lexicon import Lexicon

_NEGATORS = frozenset({"not", "n't", "never", "no"})
_SELF = frozenset({"it", "they", "he", "she", "we", "i"})
_CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})


def modality(trigger: Token, clause: Token, lexicon: Lexicon) -> Modality:
    """The modality of an event whose trigger word is ``trigger`` inside ``clause``'s clause."""
    if trigger is not clause and negated_noun(trigger):
        return "negated"
    node = clause
    for depth in range(4):
        found = _clause_modality(node, trigger, lexicon, first=depth == 0)
        if found is not None:
            return found
        if node.dep_ not in ("xcomp", "ccomp", "conj", "advcl") or node.head is node:
            break
        node = node.head
    return "occurred"


def _clause_modality(
    verb: Token, trigger: Token, lexicon: Lexicon, *, first: bool
) -> Modality | None:
    children = list(verb.children)
    lowers = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
    if first and any(
        c.dep_ == "neg" or (c.lower_ in _NEGATORS and c.dep_ in ("advmod", "det")) for c in children
    ):
        return "negated"
    if verb.lemma_.lower() in lexicon.deny_or_refuse and not first:
        return "negated"
    if (
        any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in children)
        and verb.dep_ == "advcl"
    ):
        return "hypothetical"
    if lowers & lexicon.future_auxiliary or _going_to(verb) or reported_future(verb, lexicon):
        return "planned"
    if lowers & lexicon.hypothetical_auxiliary:
        return "hypothetical"
    if not first and verb.lemma_.lower() in lexicon.plan_verb:
        return "planned"
    if not first and verb.lemma_.lower() in lexicon.call_verb:
        return "hypothetical"
    if first and any(
        c.dep_ == "amod" and c.lower_ in lexicon.plan_adjective for c in trigger.children
    ):
        return "planned"
    return None


def infinitive(node: Token) -> bool:
    """An open complement ("vowed to fight"), also when the parser hangs it as an adverbial
    clause ("have sworn | to fight")."""
    return node.dep_ == "xcomp" or (
        node.dep_ == "advcl" and any(c.lower_ == "to" and c.dep_ == "aux" for c in node.children)
    )


def reported_future(verb: Token, lexicon: Lexicon) -> bool:
    """ "X said it would Y": "would" in a clause that reports its own speaker's intention (the
    future seen from the past), not a third party's guess ("analysts said China would ...")."""
    auxes = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if "would" not in auxes or verb.dep_ != "ccomp":
        return False
    head = verb.head
    if head.lemma_.lower() not in lexicon.own_report_verb:
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    speaker = next((c for c in head.children if c.dep_ == "nsubj"), None)
    if subject is None or speaker is None:
        return False
    return subject.lower_ in _SELF or subject.lower_ == speaker.lower_


def negated_noun(noun: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in noun.children)


def _going_to(verb: Token) -> bool:
    head = verb.head
    return (
        verb.dep_ == "xcomp"
        and head.lower_ == "going"
        and any(c.lower_ in ("is", "are", "am", "'s", "'re") for c in head.children)
    )
