"""The words of an actor phrase, read against the dictionaries: the role its words name
(``agents.tsv``), the office-holder a name means at a date (``leaders.tsv``), and small questions
about the phrase's place in the parse (a crowd, a clause's subject, a capital that speaks)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from spacy.tokens import Span, Token

from ..dictionaries import AgentTerm, Dictionaries, Leader
from ..records import Actor
from .grammar import entities
from .nlp import DEMONYM, DYAD_LABELS, PERSON

_NAMES = DYAD_LABELS - {PERSON}  # names of states and bodies, whose words name no role
_OF_PREPS = frozenset({"of", "from"})
_LIST_PREPS = frozenset({"including", "like", "in"})


def role_of(tokens: list[Token], labels: list[str], dictionaries: Dictionaries) -> str | None:
    """The role code the phrase's words name, the highest-priority agent term among them;
    ``labels`` are the tokens' entity labels (a named entity's words name no role)."""
    best: AgentTerm | None = None
    forms_at = [forms(t) for t in tokens]
    by_first = dictionaries.agent_by_first
    for i in range(len(tokens)):
        if labels[i] in _NAMES or tokens[i].tag_ in ("VBN", "VBD"):
            continue  # not "suspected sabotage", "alleged spies"; a title in a name counts

        for term in (term for form in forms_at[i] for term in by_first.get(form, ())):
            n = len(term.words)
            if i + n > len(tokens) or not all(term.words[k] in forms_at[i + k] for k in range(n)):
                continue
            if best is None or term.priority > best.priority:
                best = term
    return best.role if best else None


def part_of_longer_name(ent: Span, dictionaries: Dictionaries) -> bool:
    """A one-word name glued to another capitalised name word ("Michel Suleiman"), as opposed
    to a title ("President Obama")."""
    doc = ent.doc
    for i in (ent.start - 1, ent.end):
        if not 0 <= i < len(doc):
            continue
        t = doc[i]
        if t.pos_ != "PROPN" or not t.text[:1].isupper() or t.ent_type_ not in ("", "PERSON"):
            continue
        if any(f in dictionaries.agent_by_first for f in forms(t)):
            continue  # a title: President, Minister, General
        glued = t.head.i == ent.root.i or (
            ent.root.head.i == t.i and ent.root.dep_ in ("compound", "flat")
        )
        if t.dep_ in ("compound", "flat") or glued:
            return True
    return False


def pick_leader(dictionaries: Dictionaries, when: date | None, key: str) -> Leader | None:
    """The office-holder a name means at the document's date.

    A bare surname ("Powell") only resolves to someone in office at that date; a full name
    ("Colin Powell") also resolves to a former office-holder (the same person, still coded),
    never to one whose office began after the date ("opposition leader Ousmane Sonko" in 2023).
    """
    candidates = dictionaries.leaders_by_key.get(key, ())
    if not candidates:
        return None
    if when is not None:
        current = tuple(c for c in candidates if c.in_office(when))
        if not current and " " not in key:
            return None
        candidates = current or tuple(c for c in candidates if c.start <= when)
        if not candidates:
            return None
    if len({(c.name, c.country) for c in candidates}) > 1:
        return None  # two different people share the name at this date: leave it uncoded
    return candidates[0]


def crowd(head: Token, label: str) -> bool:
    """A people counted as a crowd: "thousands of Georgians", "300,000 Afghans", "50 Britons"."""
    if label != DEMONYM or not (head.tag_ in ("NNS", "NNPS") or head.lower_.endswith("s")):
        return False
    counted = any(c.dep_ == "nummod" for c in head.children)
    quantity = (
        head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ in ("NOUN", "NUM")
    )
    return counted or quantity


def noun_head(token: Token) -> Token:
    """The noun a modifier or possessor belongs to ("Chilean" -> "students", "Zambia's" ->
    "army")."""
    while token.dep_ in ("amod", "compound", "poss") and token.head.i != token.i:
        token = token.head
    return token


def clause_subject_of(head: Token) -> bool:
    """Whether the phrase is a clause's subject (or the possessor of one: "Israel's military")."""
    token = head
    while token.dep_ in ("conj", "compound", "poss", "appos") and token.head is not token:
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass")


def is_member_prep(prep: Token) -> bool:
    """of / from / including / like / such as: the phrase names who the actors are."""
    word = prep.lower_
    if word == "as":
        return any(c.lower_ == "such" for c in prep.children) or prep.nbor(-1).lower_ == "such"
    return word in _OF_PREPS or word in _LIST_PREPS


def speaks(token: Token) -> bool:
    """Whether a capital acts (subject, passive agent, possessor, a source of speech) rather than
    being a place."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    if token.dep_ in ("nsubj", "nsubjpass", "poss"):
        return True
    prep = token.head
    return token.dep_ == "pobj" and (
        prep.dep_ == "agent" or (prep.lower_ == "to" and prep.head.lower_ == "according")
    )


def forms(token: Token) -> tuple[str, ...]:
    """The lower-case forms a word may be listed under: lemma, text, and a naive singular."""
    lower, lemma = token.lower_, token.lemma_.lower()
    forms = {lower, lemma}
    if lower.endswith("ies") and len(lower) > 4:
        forms.add(lower[:-3] + "y")
    elif lower.endswith("es") and lower[-3:-2] in ("s", "x", "z", "h"):
        forms.add(lower[:-2])
    elif lower.endswith("s") and not lower.endswith("ss") and len(lower) > 3:
        forms.add(lower[:-1])
    return tuple(forms)


_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_MISREAD_PLACES = frozenset({"PERSON", "ORG", "NORP"})  # a large city's name the tagger misread
_PLACE_PREPS = frozenset({"of", "in", "at", "near", "outside"})
Lookup = Callable[[str], str | None]


def place_actor(
    head: Token, place_country: Lookup | None, city_country: Lookup | None, offset: int
) -> Actor | None:
    """A place as an actor: its state ("shelled Kharkiv" -> UKR), from the gazetteer; a large
    city the tagger misread ("Kharkiv" as a person) too. None when no place is known."""
    ent = next((e for e in entities(head.sent) if e.start <= head.i < e.end), None)
    if ent is None:
        return None
    country = None
    if ent.label_ in _PLACE_LABELS and place_country is not None:
        country = place_country(ent.text)
    elif ent.label_ in _MISREAD_PLACES and city_country is not None:
        country = city_country(ent.text)
    if country is None:
        return None
    start = offset + ent.start_char
    return Actor(ent.text, country, country, None, None, start, start + len(ent.text), "place")


def place_of(head: Token, ents: dict[int, Span], place_country: Lookup | None) -> str | None:
    """The state of a place named in the phrase's of/in/at/near words ("the port of Hodeidah",
    "posts in the Kupwara sector")."""
    for child in head.children:
        if child.dep_ != "prep" or child.lower_ not in _PLACE_PREPS:
            continue
        for tok in child.subtree:
            ent = ents.get(tok.i)
            if ent is None or place_country is None or ent.root is not tok:
                continue
            country = ent.ent_id_ if len(ent.ent_id_) == 3 else place_country(ent.text)
            if country:
                return country
    return None


_PHRASE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "flat", "nn", "nummod"})


def phrase_tokens(head: Token, ents: dict[int, Span]) -> list[Token]:
    """The head and its compound/amod/poss/... modifiers, plus the rest of its entity."""
    doc = head.doc
    found, stack = {head.i}, [head]
    while stack:
        node = stack.pop()
        for child in node.children:
            held = node.dep_ == "amod" and child.dep_ == "npadvmod"  # "Hezbollah-held"
            if (child.dep_ in _PHRASE_DEPS or held) and child.i not in found:
                found.add(child.i)
                stack.append(child)
    ent = ents.get(head.i)
    if ent is not None:
        found.update(range(ent.start, ent.end))
    return [doc[i] for i in sorted(found)]


def phrase_text(tokens: list[Token]) -> str:
    """The words of a phrase as written, without its leading determiners."""
    doc = tokens[0].doc
    start = min(t.i for t in tokens)
    while start < tokens[-1].i and doc[start].dep_ == "det":
        start += 1
    return doc[start : max(t.i for t in tokens) + 1].text
