"""Modality of an event from the parse around its trigger: occurred, planned, negated, hypothetical.

Only the trigger's own clause (and the clauses that govern it) count, never the whole sentence:
in "X will visit Y after Z met W", the visit is planned and the meeting occurred.
"""

from __future__ import annotations

from spacy.tokens import Token

from .records import Modality

_FUTURE_AUX = frozenset({"will", "shall", "'ll"})
_HYPOTHETICAL_AUX = frozenset({"could", "would", "might", "may", "should", "must", "can", "ought"})
# Markers of an actor announcing its own future act (see announce.tsv): not "is expected to".
_ANNOUNCE_VERBS = frozenset(
    {
        "plan",
        "intend",
        "prepare",
        "agree",
        "pledge",
        "vow",
        "promise",
        "decide",
        "offer",
        "ready",
        "willing",
        "prepared",
        "committed",
        "determined",
        "eager",
        "threaten",
        "want",
        "seek",
        "aim",
    }
)
# Markers that an act lies in the future: the announcing ones plus others' expectations.
_PLAN_VERBS = _ANNOUNCE_VERBS | {"expect", "schedule", "set", "due", "hope", "propose", "wish"}
_PLAN_ADJ = frozenset(
    {"upcoming", "planned", "forthcoming", "future", "proposed", "scheduled", "expected"}
)
_CALL_VERBS = frozenset(
    {"urge", "call", "demand", "ask", "appeal", "suggest", "recommend", "insist"}
)
_NEGATORS = frozenset({"not", "n't", "never", "no"})
_DENY = frozenset({"deny"})
_CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})


def modality(trigger: Token, clause: Token) -> Modality:
    """The modality of an event whose trigger word is ``trigger`` inside ``clause``'s clause."""
    if trigger is not clause and _negated(trigger):
        return "negated"
    node = clause
    for depth in range(4):
        found = _clause_modality(node, trigger, first=depth == 0)
        if found is not None:
            return found
        if node.dep_ not in ("xcomp", "ccomp", "conj", "advcl") or node.head is node:
            break
        node = node.head
    return "occurred"


def _clause_modality(verb: Token, trigger: Token, *, first: bool) -> Modality | None:
    children = list(verb.children)
    lowers = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
    if first and any(
        c.dep_ == "neg" or (c.lower_ in _NEGATORS and c.dep_ in ("advmod", "det")) for c in children
    ):
        return "negated"
    if verb.lemma_.lower() in _DENY and not first:
        return "negated"
    if (
        any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in children)
        and verb.dep_ == "advcl"
    ):
        return "hypothetical"
    if lowers & _FUTURE_AUX or _going_to(verb):
        return "planned"
    if lowers & _HYPOTHETICAL_AUX:
        return "hypothetical"
    if not first and verb.lemma_.lower() in _PLAN_VERBS:
        return "planned"
    if not first and verb.lemma_.lower() in _CALL_VERBS:
        return "hypothetical"
    if first and any(c.dep_ == "amod" and c.lower_ in _PLAN_ADJ for c in trigger.children):
        return "planned"
    return None


def _negated(noun: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in noun.children)


def _going_to(verb: Token) -> bool:
    head = verb.head
    return (
        verb.dep_ == "xcomp"
        and head.lower_ == "going"
        and any(c.lower_ in ("is", "are", "am", "'s", "'re") for c in head.children)
    )


def announced(trigger: Token, clause: Token) -> bool:
    """Whether the act is announced by its actor: "will"/"shall" on its clause, or a verb of
    commitment governing it ("pledged to", "is ready to", "agreed to")."""
    node = clause
    for depth in range(4):
        auxes = {c.lower_ for c in node.children if c.dep_ == "aux"}
        if depth == 0 and auxes & _FUTURE_AUX:
            return True
        if depth > 0 and node.lemma_.lower() in _ANNOUNCE_VERBS:
            return True
        if node.dep_ not in ("xcomp", "ccomp", "conj") or node.head is node:
            return False
        node = node.head
    return False


_OBLIGE_STRONG = frozenset({"must", "have", "has", "need", "needs"})
_OBLIGE_WEAK = frozenset({"should", "ought"})
_REPORTING = frozenset(
    {
        "say",
        "state",
        "insist",
        "declare",
        "demand",
        "urge",
        "stress",
        "reiterate",
        "tell",
        "warn",
        "announce",
        "conclude",
        "argue",
        "add",
        "emphasize",
        "emphasise",
        "write",
        "believe",
        "remind",
        "underline",
        "note",
    }
)


def obligation(clause: Token) -> tuple[str, Token] | None:
    """("must" | "should", the speaking verb) when a clause says what someone must or should do,
    reported by a speaker: "Russia said Sudan must return the helicopter"."""
    auxes = {c.lower_ for c in clause.children if c.dep_ == "aux"}
    strong = "must" in auxes or (
        clause.dep_ == "xcomp" and clause.head.lower_ in ("has", "have", "needs", "need")
    )
    weak = bool(auxes & _OBLIGE_WEAK)
    node = clause.head if clause.dep_ == "xcomp" and strong and "must" not in auxes else clause
    if not (strong or weak) or node.dep_ != "ccomp" or node.head.lemma_.lower() not in _REPORTING:
        return None
    return ("must" if strong else "should"), node.head
