"""Modality of an event from the parse around its trigger: occurred, planned, negated, hypothetical.

Only the trigger's own clause (and the clauses that govern it) count, never the whole sentence:
in "X will visit Y after Z met W", the visit is planned and the meeting occurred.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..records import Modality

FUTURE_AUX = frozenset({"will", "shall", "'ll"})
_HYPOTHETICAL_AUX = frozenset({"could", "would", "might", "may", "should", "must", "can", "ought"})
# Markers of an actor announcing its own future act (see announce.tsv): not "is expected to".
ANNOUNCE_VERBS = frozenset(
    {
        "plan",
        "intend",
        "prepare",
        "agree",
        "pledge",
        "vow",
        "swear",
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
_PLAN_VERBS = ANNOUNCE_VERBS | {"expect", "schedule", "set", "due", "hope", "propose", "wish"}
_PLAN_ADJ = frozenset(
    {"upcoming", "planned", "forthcoming", "future", "proposed", "scheduled", "expected"}
)
_CALL_VERBS = frozenset(
    {"urge", "call", "demand", "ask", "appeal", "suggest", "recommend", "insist"}
)
_NEGATORS = frozenset({"not", "n't", "never", "no"})
_DENY = frozenset({"deny"})
# Verbs and adjectives by which an actor refuses an act of its own ("refused to release").
REFUSE_WORDS = frozenset({"refuse", "decline", "unwilling", "reluctant"})
# Verbs by which an actor reports its own intention: "X said it would ..." is X's announcement.
_OWN_REPORT = frozenset(
    {"say", "announce", "declare", "state", "confirm", "tell", "insist", "add", "warn", "vow"}
    | {"reiterate", "stress", "indicate", "signal", "promise", "pledge", "threaten"}
)
_SELF = frozenset({"it", "they", "he", "she", "we", "i"})
_CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})


def modality(trigger: Token, clause: Token) -> Modality:
    """The modality of an event whose trigger word is ``trigger`` inside ``clause``'s clause."""
    if trigger is not clause and negated_noun(trigger):
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
    if verb.lemma_.lower() in _DENY | REFUSE_WORDS and not first:
        return "negated"
    if (
        any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in children)
        and verb.dep_ == "advcl"
    ):
        return "hypothetical"
    if lowers & FUTURE_AUX or _going_to(verb) or reported_future(verb):
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


def infinitive(node: Token) -> bool:
    """An open complement ("vowed to fight"), also when the parser hangs it as an adverbial
    clause ("have sworn | to fight")."""
    return node.dep_ == "xcomp" or (
        node.dep_ == "advcl" and any(c.lower_ == "to" and c.dep_ == "aux" for c in node.children)
    )


def reported_future(verb: Token) -> bool:
    """ "X said it would Y": "would" in a clause that reports its own speaker's intention (the
    future seen from the past), not a third party's guess ("analysts said China would ...")."""
    auxes = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if "would" not in auxes or verb.dep_ != "ccomp":
        return False
    head = verb.head
    if head.lemma_.lower() not in _OWN_REPORT:
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


# Nouns that carry a speaker's words: "issued a statement that ...", "a declaration demanding".
STATEMENT_NOUNS = frozenset(
    {"statement", "declaration", "reminder", "warning", "communique", "communiqué", "resolution"}
    | {"letter", "message", "note", "appeal", "ultimatum", "decree", "petition", "memorandum"}
)
