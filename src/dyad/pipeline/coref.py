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
from collections.abc import Callable
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
    """What the document has said so far, in order: single mentions and groups.

    Each mention keeps its sentence and whether it was a clause subject: a pronoun prefers the
    subject of its own sentence before it, then the subject of the sentence before ("China
    summoned Japan's envoy. Its foreign ministry said" -> China), then the latest mention.
    """

    mentions: list[tuple[int, Actor]] = field(default_factory=list)
    groups: list[tuple[int, tuple[Actor, ...]]] = field(default_factory=list)
    countries: Counter[str] = field(default_factory=Counter)
    leaders: set[str] = field(default_factory=set)  # names the leaders file knows
    # (position, sentence, actor) of mentions that were clause subjects
    subjects: list[tuple[int, int, Actor]] = field(default_factory=list)
    sentence: int = 0  # the sentence being read

    def remember(
        self, actors: list[Actor], position: int, *, subject: bool = False, plural: bool = False
    ) -> None:
        """Record the coded actors of one phrase found at ``position`` in the document; a plural
        phrase ("Chilean students") is a group a later "they" may refer to."""
        coded = [a for a in actors if a.code or a.name]
        if plural and len(coded) == 1:
            self.groups.append((position, tuple(coded)))
        for actor in coded:
            self.mentions.append((position, actor))
            if subject:
                self.subjects.append((position, self.sentence, actor))
            if actor.country:
                self.countries[actor.country] += 1
        if len({a.code for a in coded}) > 1:
            self.groups.append((position, tuple(coded)))
        del self.mentions[:-50]
        del self.groups[:-10]
        del self.subjects[:-20]

    def pronoun(self, token: Token, position: int) -> list[Actor]:
        """The antecedent(s) of a pronoun at ``position``: a compatible subject of this sentence
        or the one before, else the latest compatible earlier mention."""
        word = token.lower_
        if word in PLURAL_PRONOUNS:
            groups = [g for p, g in reversed(self.groups) if p < position]
            group = groups[0] if groups else tuple(self.main_pair())
            return [_as_written(a, token) for a in group]
        if word in PERSON_PRONOUNS:
            fits = _is_person
        elif word in THING_PRONOUNS:
            fits = _is_body
        else:
            return []
        found = self._salient(fits, position)
        return [_as_written(found, token)] if found else []

    def _salient(self, fits: Callable[[Actor], bool], position: int) -> Actor | None:
        here = [a for p, s, a in reversed(self.subjects) if p < position and s == self.sentence]
        before = [s for p, s, _ in self.subjects if p < position and s < self.sentence]
        last = max(before, default=None)
        previous = [a for p, s, a in self.subjects if s == last and p < position]
        for actor in (*here, *previous):
            if fits(actor):
                return actor
        return next((a for p, a in reversed(self.mentions) if p < position and fits(a)), None)

    def description(
        self, head: Token, lexicon: Lexicon, position: int | None = None
    ) -> list[Actor]:
        """Actors for "the two leaders", "both countries", "bilateral trade", and for "the
        agency", "the bloc", "the group" (the latest international body or armed or political
        group); [] when not one (the lexicon's ``person_head``, ``state_head``,
        ``pair_adjective``, ``body_head`` and ``group_head`` classes)."""
        lemma = head.lemma_.lower()
        bilateral = _bilateral(head, lexicon)
        pair = any(c.lower_ in _PAIR_WORDS for c in head.children) or bilateral
        if not pair:
            return self._one_described(head, lemma, lexicon, position)
        if lemma in lexicon.person_head:
            found = self._recent_pair(_is_person) or self.persons(2)
            return [_as_written(a, head, phrase=True) for a in found]
        if lemma in lexicon.state_head or bilateral:
            found = self._recent_pair(_is_body) or self.main_pair()
            return [_as_written(a, head, phrase=True) for a in found]
        return []

    def _one_described(
        self, head: Token, lemma: str, lexicon: Lexicon, position: int | None
    ) -> list[Actor]:
        """ "The agency promised ...", "the bloc's envoy", "which the group captured": the latest
        body or group mentioned, when the phrase says nothing more of it ("the main opposition
        parties" is no description)."""
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
        modified = any(c.dep_ in ("compound", "amod", "nmod") for c in head.children)
        if position is None or not definite or modified or head.ent_type_:
            return []
        if lemma in lexicon.body_head:
            fits: Callable[[Actor], bool] = _is_international
        elif lemma in lexicon.group_head:
            fits = _is_group
        else:
            return []
        found = next((a for p, a in reversed(self.mentions) if p < position and fits(a)), None)
        return [_as_written(found, head, phrase=True)] if found else []

    def _recent_pair(self, fits: Callable[[Actor], bool]) -> list[Actor]:
        """The latest group of exactly two different actors of the right kind ("Somali and
        Ethiopian delegations ... both governments")."""
        for _, group in reversed(self.groups):
            members = [a for a in group if fits(a)]
            if len(members) == 2 and members[0].code != members[1].code:
                return members
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
        return [Actor(code, code, code, None, None, country_from="document") for code in top]


def _is_person(actor: Actor) -> bool:
    return actor.name is not None


def _is_body(actor: Actor) -> bool:
    return actor.name is None and actor.code is not None


def _is_international(actor: Actor) -> bool:
    return (actor.code or "").startswith(("IGO", "NGO")) and actor.name is None


def _is_group(actor: Actor) -> bool:
    """A named armed, political or militant group (from the groups file)."""
    return (
        actor.country_from == "group"
        or (actor.code or "").startswith("IMG")
        or (
            actor.code is not None
            and len(actor.code) > 6
            and actor.role in ("REB", "INS", "PTY", "OPP")
        )
    )


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
    how = "antecedent" if actor.country else None
    return Actor(text, actor.code, actor.country, actor.role, actor.name, None, None, how)


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
