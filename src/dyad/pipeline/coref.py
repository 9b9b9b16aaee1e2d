"""Coreference within one document: pronouns and definite descriptions to the actors they denote.

- he / she / his / her / him: the most recent person actor (a named leader or person);
- it / its: the most recent state or organisation;
- they / them / their: the most recent group of two or more actors, else the document's main pair;
- "the two heads of state", "the two leaders", "both leaders": the two most recent persons;
- "the two countries", "both sides", "the two nations", "bilateral ...": the document's main pair of
  states (the two most mentioned so far).

Resolved actors keep the text they were written as ("he") with the antecedent's code and name.
Everything lives in one :class:`Memory` per document; nothing is shared between documents.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Token

from ..records import Actor
from .lexicon import Lexicon

PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
THING_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS
_PAIR_WORDS = frozenset({"two", "both"})


@dataclass
class Memory:
    """What the document has said so far, in order: single mentions and groups."""

    mentions: list[tuple[int, Actor]] = field(default_factory=list)
    groups: list[tuple[int, tuple[Actor, ...]]] = field(default_factory=list)
    countries: Counter[str] = field(default_factory=Counter)
    leaders: set[str] = field(default_factory=set)  # names the leaders file knows

    def remember(self, actors: list[Actor], position: int) -> None:
        """Record the coded actors of one phrase found at ``position`` in the document."""
        coded = [a for a in actors if a.code or a.name]
        for actor in coded:
            self.mentions.append((position, actor))
            if actor.country:
                self.countries[actor.country] += 1
        if len({a.code for a in coded}) > 1:
            self.groups.append((position, tuple(coded)))
        del self.mentions[:-50]
        del self.groups[:-10]

    def pronoun(self, token: Token, position: int) -> list[Actor]:
        """The antecedent(s) of a pronoun at ``position``: the latest compatible earlier mention."""
        word = token.lower_
        earlier = [a for p, a in reversed(self.mentions) if p < position]
        if word in PERSON_PRONOUNS:
            found = next((a for a in earlier if a.name), None)
            return [_as_written(found, token)] if found else []
        if word in THING_PRONOUNS:
            found = next((a for a in earlier if not a.name and a.code), None)
            return [_as_written(found, token)] if found else []
        if word in PLURAL_PRONOUNS:
            groups = [g for p, g in reversed(self.groups) if p < position]
            group = groups[0] if groups else tuple(self.main_pair())
            return [_as_written(a, token) for a in group]
        return []

    def description(self, head: Token, lexicon: Lexicon) -> list[Actor]:
        """Actors for "the two leaders", "both countries", "bilateral trade"; [] when not one
        (the lexicon's ``person_head``, ``state_head`` and ``pair_adjective`` classes)."""
        lemma = head.lemma_.lower()
        bilateral = _bilateral(head, lexicon)
        pair = any(c.lower_ in _PAIR_WORDS for c in head.children) or bilateral
        if not pair:
            return []
        if lemma in lexicon.person_head:
            return [_as_written(a, head, phrase=True) for a in self.persons(2)]
        if lemma in lexicon.state_head or bilateral:
            return [_as_written(a, head, phrase=True) for a in self.main_pair()]
        return []

    def persons(self, n: int) -> list[Actor]:
        """The ``n`` most recent distinct persons, office-holders from the leaders file first."""
        for wanted in (lambda a: a.name in self.leaders, lambda a: True):
            out: list[Actor] = []
            for _, actor in reversed(self.mentions):
                if actor.name and wanted(actor) and all(actor.name != a.name for a in out):
                    out.append(actor)
                if len(out) == n:
                    return out
        return []

    def main_pair(self) -> list[Actor]:
        top = [code for code, _ in self.countries.most_common(2)]
        if len(top) < 2:
            return []
        return [Actor(code, code, code, None, None) for code in top]


def _bilateral(head: Token, lexicon: Lexicon) -> bool:
    return any(c.dep_ == "amod" and c.lower_ in lexicon.pair_adjective for c in head.children)


def _as_written(actor: Actor, token: Token, *, phrase: bool = False) -> Actor:
    tokens = list(token.subtree) if phrase else [token]
    tokens = (
        [t for t in tokens if t.dep_ not in ("prep", "relcl", "acl") or t is token]
        if phrase
        else tokens
    )
    first, last = tokens[0], tokens[-1]
    text = token.doc[first.i : last.i + 1].text if phrase else token.text
    return Actor(text, actor.code, actor.country, actor.role, actor.name, None, None)


def speaker_of_pronoun(pronoun: Token, lexicon: Lexicon) -> Token | None:
    """The subject of the speech verb whose reported clause this pronoun is the subject of:
    "X said he was optimistic" -> X (the lexicon's ``speaking_verb`` class)."""
    if pronoun.dep_ not in ("nsubj", "nsubjpass") or pronoun.lower_ in ("it", "its"):
        return None
    clause = pronoun.head
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in lexicon.speaking_verb:
        return None
    subject = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON":
        return None
    return subject


def sentence_antecedents(pronoun: Token, lexicon: Lexicon) -> tuple[Token | None, Token | None]:
    """The tokens in a pronoun's own sentence that it may stand for, before the document's memory
    is asked: a possessive before its clause's subject points forward to it ("prior to his visit,
    Xi cited ..." -> Xi); the subject of reported speech is its speaker (:func:`speaker_of_pronoun`)."""
    subject = next((c for c in pronoun.sent.root.children if c.dep_ == "nsubj"), None)
    cataphora = (
        pronoun.lower_ in ("his", "her", "their", "its")
        and subject is not None
        and pronoun.i < subject.i
    )
    return (subject if cataphora else None), speaker_of_pronoun(pronoun, lexicon)
