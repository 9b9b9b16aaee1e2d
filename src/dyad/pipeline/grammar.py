"""Small questions about the dependency parse that several stages ask: what kind of word a token
is, whether a clause is passive or an infinitive, which prepositional phrase is only a date, what
a relative pronoun stands for. Grammar only (labels, tags, function words); no word lists."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

VERB_POS = frozenset({"VERB"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
_RELATIVE = frozenset({"who", "whom", "which", "that"})


# ``doc.user_data`` key of a parsed block's entities as the coder read them once: spaCy builds
# every entity span of the whole block anew each time ``doc.ents`` or a sentence's ``ents`` is read
ENTITIES = "dyad.entities"


def read_entities(doc: Doc) -> tuple[Span, ...]:
    """Read the block's entities once, for :func:`entities` (the coder, after the pipeline)."""
    ents = tuple(doc.ents)
    doc.user_data[ENTITIES] = (ents, [e.start for e in ents])
    return ents


def entities(span: Span) -> list[Span]:
    """The named entities wholly inside ``span``, exactly as ``span.ents`` lists them; from the
    list :func:`read_entities` left on the doc, else read anew."""
    held = span.doc.user_data.get(ENTITIES)
    if held is None:
        return list(span.ents)
    ents, starts = held
    out = []
    for ent in ents[bisect_left(starts, span.start) :]:
        if ent.end > span.end:
            break
        out.append(ent)
    return out


def lemma(token: Token) -> str:
    """The token's lemma, lower case."""
    return token.lemma_.lower()


def hyphenated(token: Token) -> str:
    """The word a hyphenated compound makes with this, its last part ("call-up" from "call",
    "-", "up"); else the token's lemma."""
    i = token.i
    if i < 2 or token.doc[i - 1].text != "-" or token.doc[i - 1].whitespace_:
        return lemma(token)
    first = token.doc[i - 2]
    if first.whitespace_:
        return lemma(token)
    return f"{first.lower_}-{token.lower_}"


def word_kind(token: Token) -> str | None:
    """Which kind of rule a token can start: ``verb``, ``noun``, a predicate ``adj``, or none."""
    if token.pos_ in VERB_POS:
        return "verb"
    if token.pos_ in NOUN_POS:
        return "noun"
    if token.pos_ == "ADJ" and token.dep_ in ("acomp", "oprd", "ROOT", "conj"):
        return "adj"  # predicate adjectives: "was skeptical over", "is confident that"
    return None


def is_passive(verb: Token) -> bool:
    """ "was killed", "were given": the clause has a passive subject or auxiliary."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def infinitive_clause(token: Token, *, acl: bool = False) -> bool:
    """An infinitival adverbial clause ("rallied to demand"); with ``acl``, also a noun's
    infinitival modifier ("efforts to mediate")."""
    deps = ("advcl", "acl") if acl else ("advcl",)
    return token.dep_ in deps and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def infinitive_form(comp: Token) -> bool:
    """ "agreed to talk" (an infinitive), not "agreed that talks were needed"."""
    return comp.dep_ == "xcomp" or any(c.dep_ == "aux" and c.lower_ == "to" for c in comp.children)


def dated(prep: Token) -> bool:
    """A time phrase ("on Monday", "in March") is no prepositional argument of the act."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objects) and all(o.ent_type_ in ("DATE", "TIME") for o in objects)


def prep_pobjects(token: Token, words: tuple[str, ...] = ("of",)) -> list[Token]:
    """The objects of the token's prepositions among ``words``: "the return [of inspectors]"."""
    return [
        p
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in words
        for p in c.children
        if p.dep_ == "pobj"
    ]


def hosts(token: Token, light: Token | None) -> list[Token]:
    """The words whose phrases belong to the act: the trigger, its light word, and the verb a
    light preposition hangs on ("went on strike against the plan")."""
    found = [token] if light is None else [token, light]
    if light is not None and light.pos_ == "ADP" and light.head.i != light.i:
        found.append(light.head)
    return found


def antecedent(head: Token) -> Token:
    """A relative pronoun stands for the noun its clause modifies: in "the former president
    whom the United States extradited", whom is the president."""
    clause = head.head
    if head.lower_ in _RELATIVE and clause.dep_ == "relcl" and clause.head.i != clause.i:
        return clause.head
    return head


def reciprocal(token: Token) -> bool:
    """ "each other", "one another"."""
    if token.lower_ not in ("other", "another") or token.i == 0:
        return False
    return token.nbor(-1).lower_ in ("each", "one")


def clause_verb(token: Token) -> Token:
    """The verb whose clause a token belongs to (itself when it is a verb)."""
    node = token
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") or node.dep_ == "ROOT":
            return node
        node = node.head
    return node
