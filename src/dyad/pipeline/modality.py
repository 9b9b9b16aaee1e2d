"""Modality of an event from the parse around its trigger: occurred, planned, negated, hypothetical.

Only the trigger's own clause (and the clauses that govern it) count, never the whole sentence:
in "X will visit Y after Z met W", the visit is planned and the meeting occurred.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..records import Modality

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
_PLAN_VERBS = _ANNOUNCE_VERBS | {"expect", "schedule", "set", "due", "hope", "propose", "wish"}
_PLAN_ADJ = frozenset(
    {"upcoming", "planned", "forthcoming", "future", "proposed", "scheduled", "expected"}
)
_CALL_VERBS = frozenset(
    {"urge", "call", "demand", "ask", "appeal", "suggest", "recommend", "insist"}
)
_NEGATORS = frozenset({"not", "n't", "never", "no"})
_DENY = frozenset({"deny"})
# Verbs and adjectives by which an actor refuses an act of its own ("refused to release").
_REFUSE = frozenset({"refuse", "decline", "unwilling", "reluctant"})
# Verbs by which an actor reports its own intention: "X said it would ..." is X's announcement.
_OWN_REPORT = frozenset(
    {"say", "announce", "declare", "state", "confirm", "tell", "insist", "add", "warn", "vow"}
    | {"reiterate", "stress", "indicate", "signal", "promise", "pledge", "threaten"}
)
_SELF = frozenset({"it", "they", "he", "she", "we", "i"})
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
    if verb.lemma_.lower() in _DENY | _REFUSE and not first:
        return "negated"
    if (
        any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in children)
        and verb.dep_ == "advcl"
    ):
        return "hypothetical"
    if lowers & _FUTURE_AUX or _going_to(verb) or _reported_future(verb):
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


def _infinitive(node: Token) -> bool:
    """An open complement ("vowed to fight"), also when the parser hangs it as an adverbial
    clause ("have sworn | to fight")."""
    return node.dep_ == "xcomp" or (
        node.dep_ == "advcl" and any(c.lower_ == "to" and c.dep_ == "aux" for c in node.children)
    )


def _reported_future(verb: Token) -> bool:
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
        if depth == 0 and (auxes & _FUTURE_AUX or _reported_future(node)):
            return True
        if depth > 0 and node.lemma_.lower() in _ANNOUNCE_VERBS:
            return True
        if not (node.dep_ in ("ccomp", "conj") or _infinitive(node)) or node.head is node:
            return False
        node = node.head
    return False


_DESIRE = frozenset({"want", "wish", "seek", "aim"})


def desired(clause: Token) -> bool:
    """Whether the act is only wanted by its actor ("wants to attack", "seeking to deepen
    ties"): the wish is the event (CAMEO 03x/13x), the act is not yet even planned."""
    return _governing(clause, _DESIRE, depth=2) is not None


def _governing(clause: Token, lemmas: frozenset[str], *, depth: int) -> Token | None:
    """The verb or adjective among ``lemmas`` whose open complement the clause is, up to
    ``depth`` levels up ("refused | to allow | X to land")."""
    node = clause
    for _ in range(depth):
        if not _infinitive(node) or node.head is node:
            return None
        node = node.head
        if node.lemma_.lower() in lemmas:
            return node
    return None


def refused(trigger: Token, clause: Token) -> bool:
    """Whether the actor refuses the act: "refused to X", "is unwilling to X", or its own
    negated future ("will not X", "said it would not X")."""
    if trigger is not clause and _negated(trigger):
        return False
    negated = any(
        c.dep_ == "neg" or (c.lower_ in ("never", "no longer") and c.dep_ == "advmod")
        for c in clause.children
    )
    auxes = {c.lower_ for c in clause.children if c.dep_ == "aux"}
    if negated and (auxes & _FUTURE_AUX or _reported_future(clause)):
        return True
    refusing = _governing(clause, _REFUSE, depth=3)
    return refusing is not None and not any(c.dep_ == "neg" for c in refusing.children)


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


# Nouns that carry a speaker's words: "issued a statement that ...", "a declaration demanding".
STATEMENT_NOUNS = frozenset(
    {"statement", "declaration", "reminder", "warning", "communique", "communiqué", "resolution"}
    | {"letter", "message", "note", "appeal", "ultimatum", "decree", "petition", "memorandum"}
)
_CLAIM = frozenset({"claim", "allege", "charge", "contend"})


def reported_claim(clause: Token) -> tuple[bool, Token] | None:
    """(whether the speaker merely claims it, the reporting verb) for an act reported in a
    that-clause: "Israel said Hamas fired at it", "the US claimed that ISIL attacked Iraq"."""
    node = clause
    if node.dep_ == "conj" and node.head.dep_ == "ccomp":
        node = node.head  # "claimed that ISIL had attacked Iraq and taken Mosul"
    if node.dep_ != "ccomp" or node.head is node:
        return None
    head = node.head
    lemma = head.lemma_.lower()
    if lemma in _CLAIM:
        return True, head
    if lemma in _REPORTING and lemma not in ("believe", "demand", "urge"):
        return False, head
    return None


def obligation(clause: Token) -> tuple[str, Token] | None:
    """("must" | "should", the speaking verb) when a clause says what someone must or should do,
    reported by a speaker: "Russia said Sudan must return the helicopter"."""
    auxes = {c.lower_ for c in clause.children if c.dep_ == "aux"}
    strong = "must" in auxes or (
        clause.dep_ == "xcomp" and clause.head.lower_ in ("has", "have", "needs", "need")
    )
    weak = bool(auxes & _OBLIGE_WEAK)
    node = clause.head if clause.dep_ == "xcomp" and strong and "must" not in auxes else clause
    if not (strong or weak):
        return None
    kind = "must" if strong else "should"
    if node.dep_ == "ccomp" and node.head.lemma_.lower() in _REPORTING:
        return kind, node.head
    noun = node.head
    if node.dep_ in ("acl", "ccomp") and noun.lemma_.lower() in STATEMENT_NOUNS:
        verb = noun.head  # "issued a reminder to Iraq that it must cooperate"
        if noun.dep_ in ("dobj", "nsubjpass") and verb.pos_ in ("VERB", "AUX"):
            return kind, verb
    return None
