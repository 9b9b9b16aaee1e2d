"""The actors stage: turn a noun phrase of the parse into CAMEO-coded actors.

A phrase is read from its head outwards: dictionary entities (states, demonyms, capitals,
international bodies, leaders) give the country or body, agent nouns give the role
("Chinese President Xi Jinping" -> CHN + GOV, name Xi Jinping), coordination gives several actors
("China and Russia"), and a later bare name ("Xi", "XI") resolves to the person its full mention
established in the same document. Leaders are resolved by the event's date, not by today's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from ..dictionaries import AgentTerm, Dictionaries, Leader
from ..records import Actor
from .coref import PRONOUNS, Memory, sentence_antecedents
from .nlp import CAPITAL, COUNTRY, DEMONYM, DYAD_LABELS, GROUP, IGO, PERSON

_PHRASE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "flat", "nn", "nummod"})
_OF_PREPS = frozenset({"of", "from"})
_LIST_PREPS = frozenset({"including", "like", "in"})
# Heads that a role word can modify without naming a group of people: "military aid".
_NOT_ACTORS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "EVENT", "LAW"}
)
_NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_STATE_LABELS = frozenset({COUNTRY, IGO, CAPITAL})


class Mention(NamedTuple):
    """An actor and the head token of the phrase of the parse that names it."""

    actor: Actor
    token: Token


@dataclass
class DocumentActors:
    """Per-document memory: names established by a full mention, and the date leaders resolve by.

    One instance lives for one document only; nothing here is shared between documents.
    """

    dictionaries: Dictionaries
    when: date | None = None
    names: dict[str, Actor] = field(default_factory=dict)
    ents: dict[int, Span] = field(default_factory=dict)
    offset: int = 0
    memory: Memory = field(default_factory=Memory)
    cache: dict[int, list[Mention]] = field(default_factory=dict)
    place_country: Callable[[str], str | None] | None = None  # "Aleppo" -> SYR, from the gazetteer
    # a large city's state for a name the tagger did not label as a place ("Aleppo" as NORP)
    city_country: Callable[[str], str | None] | None = None

    def bind(self, doc: Doc, offset: int) -> None:
        """Index the entities of one parsed block of the document (``offset`` into its text)."""
        self.offset = offset
        self.ents = {}
        self.cache = {}
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self.ents[i] = ent

    # --- public -------------------------------------------------------------------------------

    def observe(self, sent: Span) -> None:
        """Remember the actors a sentence names, so later pronouns and descriptions can use them."""
        seen: set[int] = set()
        for ent in sent.ents:
            head = ent.root
            if head.i in seen or ent.label_ not in DYAD_LABELS | {"PERSON"}:
                continue
            seen.update(t.i for t in (head, *head.conjuncts))
            self.memory.remember([a for a, _ in self.resolve(head)], self.offset + head.idx)

    def resolve(self, head: Token) -> list[Mention]:
        """Actors denoted by the phrase headed by ``head``, one per coordinated member."""
        if head.lower_ in PRONOUNS:
            return [Mention(a, head) for a in self._pronoun(head)]
        described = self.memory.description(head, self.dictionaries.lexicon)
        if described:
            return [Mention(a, head) for a in described]
        cached = self.cache.get(head.i)
        if cached is None:
            cached = [
                found for token in self._members_of(head) for found in self._expand(token, depth=0)
            ]
            cached += self._shared_head(cached)
            self.cache[head.i] = cached
        return cached

    def _members_of(self, head: Token) -> list[Token]:
        """Coordinated members, including lists the parser hung as appositions ("the US, Russia,
        and Switzerland": Russia is parsed as an appositive of US)."""
        members = [head, *head.conjuncts]
        ent = self.ents.get(head.i)
        # a misparsed name: "Barack" heads the clause, "Obama and Putin" the list
        if ent is not None:
            members += [
                c
                for t in ent
                if t is not head
                for c in t.conjuncts
                if c not in members and c not in ent
            ]
        if self._label(head) in _STATE_LABELS:
            for appos in (
                c for c in head.children if c.dep_ == "appos" and self._label(c) in _STATE_LABELS
            ):
                members += [appos, *appos.conjuncts]
        return members

    def _shared_head(self, found: list[Mention]) -> list[Mention]:
        """ "Chinese and Russian troops": the second demonym shares the head noun and its role."""
        extra: list[Mention] = []
        for actor, token in found:
            for mod in (c for c in token.children if c.dep_ in ("amod", "compound", "nmod")):
                for other in mod.conjuncts:
                    ent = self.ents.get(other.i)
                    if (
                        ent is not None
                        and ent.label_ in (DEMONYM, COUNTRY)
                        and ent.ent_id_ != actor.country
                    ):
                        code = ent.ent_id_ + (actor.role or "")
                        start = self.offset + other.idx
                        shared = Actor(
                            other.text, code, ent.ent_id_, actor.role, None, start,
                            start + len(other.text),
                        )  # fmt: skip
                        extra.append(Mention(shared, other))
        return extra

    def _pronoun(self, token: Token) -> list[Actor]:
        """A pronoun's actors: a possessive before its clause's subject points forward to it
        ("prior to his visit, Xi cited ..." -> Xi); the subject of reported speech is the
        speaker ("X said he was optimistic"); otherwise the document's memory decides."""
        for antecedent in sentence_antecedents(token, self.dictionaries.lexicon):
            if antecedent is not None:
                found = [a for a, _ in self.resolve(antecedent) if a.code]
                if found:
                    return [Actor(token.text, a.code, a.country, a.role, a.name) for a in found]
        return self.memory.pronoun(token, self.offset + token.idx)

    def actor(self, head: Token) -> Actor | None:
        """The first actor of the phrase headed by ``head`` (its conjuncts excluded)."""
        found = self._expand(head, depth=0)
        return found[0].actor if found else None

    def _expand(self, token: Token, depth: int) -> list[Mention]:
        """The phrase's own actor, or, when it has no code, the coded actors it is made of.

        "representatives from several countries, including China and the Soviet Union" -> CHNGOV,
        SUNGOV; "Noha Bakir, a professor ... in Cairo" -> the appositive gives the code.
        """
        own = self._compose(token, self._phrase(token))
        if (own is not None and own.code is not None and own.country) or depth > 2:
            return [Mention(own, token)] if own is not None else []
        inner = [m for m in self._members(token, depth) if m.actor.code is not None]
        if own is not None and own.code is not None and own.code.startswith(("IGO", "NGO")):
            return [Mention(own, token)]
        if inner and any(a.country or (a.code or "").startswith(("IGO", "NGO")) for a, _ in inner):
            return [Mention(self._merge(own, actor, token), t) for actor, t in inner]
        base = self._merge(own, inner[0].actor, token) if inner else own
        if base is None:
            return []
        return [Mention(self._affiliate(base, token), token)]

    def _affiliate(self, actor: Actor, token: Token) -> Actor:
        """Give a role-only actor the country of its affiliation ("a professor at ... in Cairo")."""
        if actor.country is not None or actor.role is None:
            return actor
        country = self._affiliation_country(token)
        if country is None:
            return actor
        return replace(actor, code=country + actor.role, country=country)

    def _affiliation_country(self, token: Token) -> str | None:
        """A state named in the of/at/in/from phrases or appositive: places before demonyms."""
        found: list[tuple[int, int, str]] = []
        for child in token.children:
            if child.dep_ == "appos" or (
                child.dep_ == "prep" and child.lower_ in ("of", "at", "in", "from")
            ):
                for tok in child.subtree:
                    ent = self.ents.get(tok.i)
                    if (
                        ent is not None
                        and ent.ent_id_
                        and ent.label_ in (COUNTRY, CAPITAL, DEMONYM)
                    ):
                        found.append((0 if ent.label_ != DEMONYM else 1, tok.i, ent.ent_id_))
        return min(found)[2] if found else None

    def _members(self, token: Token, depth: int) -> list[Mention]:
        out: list[Mention] = []
        for child in token.children:
            if child.dep_ == "appos":
                out += self._expand(child, depth + 1)
            elif child.dep_ == "prep" and _is_member_prep(child):
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    for member in (pobj, *pobj.conjuncts):
                        out += self._expand(member, depth + 1)
        return out

    def _merge(self, own: Actor | None, inner: Actor, token: Token) -> Actor:
        """An outer phrase's role and text with the country or body of what it is made of."""
        if own is None:
            return inner
        role = own.role or inner.role
        country = inner.country
        code = inner.code if country is None else country + (role or "")
        appositive = any(c.dep_ == "appos" for c in token.children)
        text, start, end = (
            (own.text, own.start, own.end) if appositive else (inner.text, inner.start, inner.end)
        )
        return Actor(text, code, country, role, own.name or inner.name, start, end)

    # --- phrase reading -----------------------------------------------------------------------

    def _phrase(self, head: Token) -> list[Token]:
        """The head and its compound/amod/poss/... modifiers, plus the rest of its entity."""
        doc = head.doc
        found, stack = {head.i}, [head]
        while stack:
            for child in stack.pop().children:
                if child.dep_ in _PHRASE_DEPS and child.i not in found:
                    found.add(child.i)
                    stack.append(child)
        ent = self.ents.get(head.i)
        if ent is not None:
            found.update(range(ent.start, ent.end))
        return [doc[i] for i in sorted(found)]

    def _compose(self, head: Token, tokens: list[Token]) -> Actor | None:
        leader, person_text = self._leader(tokens)
        igo = self._first_code(tokens, {IGO}, head)
        country = self._first_code(tokens, {COUNTRY, DEMONYM, CAPITAL}, head)
        role = self._role(tokens)
        if role is None and self._label(head) == CAPITAL and _speaks(head):
            role = "GOV"  # "Beijing said": a capital that acts speaks for its government
        text = self._text(tokens)
        if leader is not None:
            return self._leader_actor(leader, text, tokens, person_text)
        group = self._first_code(tokens, {GROUP}, head)
        if group is not None:
            g = self.dictionaries.group_by_code[group]
            return self._make(text, tokens, g.code, g.country, g.role, None)
        if igo is not None and not (country and self._label(head) in (COUNTRY, CAPITAL)):
            return self._make(text, tokens, igo, None, None, None)  # not "NATO-member Norway"
        if country is not None:
            return self._make(text, tokens, country + (role or ""), country, role, person_text)
        lexicon = self.dictionaries.lexicon
        if role is not None and head.lemma_.lower() in lexicon.not_a_group_head:
            return None  # "military aid", "military exercises": a thing or an act, not an actor
        if role is not None and head.lemma_.lower() not in lexicon.generic_head:
            return self._make(text, tokens, role, None, role, person_text)
        if role is not None:
            return self._make(text, tokens, None, None, role, None)
        if self._named(head):
            place = self._place(head)
            if place is not None:  # a city or region the dictionaries lack: its state
                return self._make(text, tokens, place, place, None, None)
            name = person_text if person_text else None
            return self._make(text, tokens, None, None, None, name)
        return None

    def _place(self, head: Token) -> str | None:
        ent = self.ents.get(head.i)
        if ent is not None and ent.label_ in ("GPE", "LOC", "FAC") and self.place_country:
            return self.place_country(ent.text)
        if ent is not None and ent.label_ in ("NORP", "ORG") and self.city_country:
            return self.city_country(ent.text)
        return None

    # --- pieces ---------------------------------------------------------------------------------

    def _label(self, token: Token) -> str:
        ent = self.ents.get(token.i)
        return ent.label_ if ent is not None else ""

    def _named(self, head: Token) -> bool:
        ent = self.ents.get(head.i)
        if ent is not None and ent.label_ in _NOT_ACTORS:
            return False  # "on Wednesday", "in March": a date is nobody
        return (ent is not None and ent.label_ in _NAMED_LABELS) or head.pos_ == "PROPN"

    def _first_code(self, tokens: list[Token], labels: set[str], head: Token) -> str | None:
        """The code of the dictionary entity nearest the head among ``labels``."""
        best: tuple[int, str] | None = None
        for tok in tokens:
            ent = self.ents.get(tok.i)
            if ent is not None and ent.label_ in labels and ent.ent_id_:
                distance = 0 if tok.i == head.i else abs(tok.i - head.i)
                if best is None or distance < best[0]:
                    best = (distance, ent.ent_id_)
        return best[1] if best else None

    def _role(self, tokens: list[Token]) -> str | None:
        best: AgentTerm | None = None
        forms = [_forms(t) for t in tokens]
        for i in range(len(tokens)):
            if self._label(tokens[i]) in DYAD_LABELS:
                continue
            for term in self._agent_terms(forms[i]):
                n = len(term.words)
                if i + n > len(tokens) or not all(term.words[k] in forms[i + k] for k in range(n)):
                    continue
                if best is None or term.priority > best.priority:
                    best = term
        return best.role if best else None

    def _agent_terms(self, forms: tuple[str, ...]) -> list[AgentTerm]:
        by_first = self.dictionaries.agent_by_first
        return [term for form in forms for term in by_first.get(form, ())]

    def _leader(self, tokens: list[Token]) -> tuple[Leader | None, str | None]:
        for tok in tokens:
            ent = self.ents.get(tok.i)
            if ent is None or ent.label_ not in (PERSON, "PERSON"):
                continue
            if len(ent) == 1 and self._part_of_longer_name(ent):
                continue  # "Michel" in "Michel Suleiman" is not Charles Michel
            key = ent.text.lower()
            established = self.names.get(key) or self.names.get(key.split()[-1])
            leader = self._pick_leader(ent.ent_id_ or key)
            if established is not None and len(ent) == 1:
                return self._leader_of(established), established.name
            return leader, ent.text
        return None, None

    def _part_of_longer_name(self, ent: Span) -> bool:
        """A one-word name glued to another capitalised name word ("Michel Suleiman"), as opposed
        to a title ("President Obama")."""
        doc = ent.doc
        for i in (ent.start - 1, ent.end):
            if not 0 <= i < len(doc):
                continue
            t = doc[i]
            if t.pos_ != "PROPN" or not t.text[:1].isupper() or t.ent_type_ not in ("", "PERSON"):
                continue
            if any(f in self.dictionaries.agent_by_first for f in _forms(t)):
                continue  # a title: President, Minister, General
            glued = t.head.i == ent.root.i or (
                ent.root.head.i == t.i and ent.root.dep_ in ("compound", "flat")
            )
            if t.dep_ in ("compound", "flat") or glued:
                return True
        return False

    def _leader_of(self, actor: Actor) -> Leader | None:
        if actor.name is None:
            return None
        return self._pick_leader(actor.name.lower())

    def _pick_leader(self, key: str) -> Leader | None:
        """The office-holder a name means at the document's date.

        A bare surname ("Powell") only resolves to someone in office at that date; a full name
        ("Colin Powell") also resolves to a former office-holder (the same person, still coded).
        """
        candidates = self.dictionaries.leaders_by_key.get(key, ())
        if not candidates:
            return None
        if self.when is not None:
            current = tuple(c for c in candidates if c.in_office(self.when))
            if not current and " " not in key:
                return None
            candidates = current or candidates
        if len({(c.name, c.country) for c in candidates}) > 1:
            return None  # two different people share the name at this date: leave it uncoded
        return candidates[0]

    def _leader_actor(
        self, leader: Leader, text: str, tokens: list[Token], written: str | None
    ) -> Actor:
        role = leader.role
        self.memory.leaders.add(leader.name)
        actor = self._make(text, tokens, leader.country + (role or ""), None, role, leader.name)
        if not leader.country.startswith(("IGO", "NGO")):
            actor = replace(actor, country=leader.country)
        if written is not None and len(written.split()) > 1:
            self.names[leader.name.lower()] = actor
            self.names[written.split()[-1].lower()] = actor
        return actor

    def _text(self, tokens: list[Token]) -> str:
        doc = tokens[0].doc
        start = min(t.i for t in tokens)
        while start < tokens[-1].i and doc[start].dep_ == "det":
            start += 1
        return doc[start : max(t.i for t in tokens) + 1].text

    def _make(
        self,
        text: str,
        tokens: list[Token],
        code: str | None,
        country: str | None,
        role: str | None,
        name: str | None,
    ) -> Actor:
        start = min(t.idx for t in tokens) + self.offset
        last = max(tokens, key=lambda t: t.i)
        return Actor(
            text, code, country, role, name, start, last.idx + len(last.text) + self.offset
        )


def _is_member_prep(prep: Token) -> bool:
    """of / from / including / like / such as: the phrase names who the actors are."""
    word = prep.lower_
    if word == "as":
        return any(c.lower_ == "such" for c in prep.children) or prep.nbor(-1).lower_ == "such"
    return word in _OF_PREPS or word in _LIST_PREPS


def _speaks(token: Token) -> bool:
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


def _forms(token: Token) -> tuple[str, ...]:
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
