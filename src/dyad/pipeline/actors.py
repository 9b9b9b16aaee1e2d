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

from ..dictionaries import Dictionaries, Leader
from ..records import Actor
from .actor_words import (
    clause_subject_of,
    crowd,
    is_member_prep,
    noun_head,
    part_of_longer_name,
    phrase_text,
    phrase_tokens,
    pick_leader,
    place_actor,
    place_of,
    role_of,
    speaks,
)
from .context import DocumentContext
from .coref import PRONOUNS, Memory, sentence_antecedents
from .grammar import entities
from .nlp import CAPITAL, COUNTRY, DEMONYM, DYAD_LABELS, GROUP, IGO, PERSON

# Heads that a role word can modify without naming a group of people: "military aid".
_NOT_ACTORS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "EVENT", "LAW"}
)
_NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_STATE_LABELS = frozenset({COUNTRY, IGO, CAPITAL})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_ANTE = "antecedent"


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
    context: DocumentContext = field(default_factory=DocumentContext)

    def bind(self, doc: Doc, offset: int) -> None:
        """Index the entities of one parsed block of the document (``offset`` into its text)."""
        self.offset = offset
        self.ents = {}
        self.cache = {}
        for ent in entities(doc[:]):
            for i in range(ent.start, ent.end):
                self.ents[i] = ent

    # --- public -------------------------------------------------------------------------------

    def observe(self, sent: Span) -> None:
        """Remember the actors a sentence names, so later pronouns and descriptions can use them."""
        self.memory.sentence += 1
        seen: set[int] = set()
        for ent in entities(sent):
            head = ent.root
            if ent.label_ in _PLACE_LABELS and self.place_country is not None:
                self.context.remember_place(self.place_country(ent.text))
            if head.i in seen or ent.label_ not in DYAD_LABELS | {"PERSON"}:
                continue
            seen.update(t.i for t in (head, *head.conjuncts))
            noun = noun_head(head)  # "Chilean students": the students, not only Chile
            found = [a for a, _ in self.resolve(noun)] or [a for a, _ in self.resolve(head)]
            subject = clause_subject_of(head)
            plural = noun.tag_ in ("NNS", "NNPS")
            self.memory.remember(found, self.offset + head.idx, subject=subject, plural=plural)
            for actor in found:
                self.context.remember(actor, self.offset + head.idx)

    def resolve(self, head: Token) -> list[Mention]:
        """Actors denoted by the phrase headed by ``head``, one per coordinated member."""
        lexicon = self.dictionaries.lexicon
        if head.lower_ in lexicon.quantity_head or head.pos_ == "NUM":  # "two of them", "dozens of"
            inner = [
                p
                for c in head.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children
                if p.dep_ == "pobj"
            ]
            if inner:
                return [f for p in inner for f in self.resolve(p)]
        if head.lower_ in PRONOUNS:  # "He and President Tokayev": the pronoun and the rest
            found = [Mention(a, head) for a in self._pronoun(head)]
            return found + [f for c in head.conjuncts for f in self.resolve(c)]
        described = self.memory.description(head, lexicon, self.offset + head.idx)
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
            mods = [c for c in token.children if c.dep_ in ("amod", "compound", "nmod")]
            # "Qatari and Egyptian mediators" (two modifiers), "Israeli and Hamas negotiators"
            others = [o for m in mods for o in m.conjuncts] + mods[:-1]
            for other in dict.fromkeys(others):
                ent = self.ents.get(other.i)
                if ent is not None and ent.label_ == GROUP and ent.ent_id_ != actor.code:
                    group = self.dictionaries.group_by_code[ent.ent_id_]
                    made = self._make(
                        other.text, [other], group.code, group.country, group.role, None,
                        how="group",
                    )  # fmt: skip
                    extra.append(Mention(made, other))
                    continue
                if (
                    ent is not None
                    and ent.label_ in (DEMONYM, COUNTRY)
                    and ent.ent_id_ != actor.country
                    and (other in mods[:-1]) <= any(c.dep_ == "cc" for c in other.children)
                ):
                    code = ent.ent_id_ + (actor.role or "")
                    start = self.offset + other.idx
                    shared = Actor(
                            other.text, code, ent.ent_id_, actor.role, None, start,
                            start + len(other.text), "phrase",
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
                    return [
                        Actor(token.text, a.code, a.country, a.role, a.name, None, None, _ANTE)
                        for a in found
                    ]
        return self.memory.pronoun(token, self.offset + token.idx)

    def facility(self, head: Token, *, military: frozenset[str]) -> Actor:
        """A place or facility attacked as an actor: the state its phrase names ("Tripoli's
        airport", "Indian posts", "the Houthi-held port of Hodeidah"), the armed forces for a
        base or a post; with no state in its words, context gives one (``country_from``)."""
        role = "MIL" if head.lemma_.lower() in military else None
        tokens = phrase_tokens(head, self.ents)
        text = phrase_text(tokens)
        found = [a for a, _ in self._expand(head, depth=0) if a.country or a.code]
        country = found[0].country if found else self._place_of(head)
        if found and found[0].country is None and found[0].code:  # a group's: "ISIS-held"
            return found[0]
        if country is None:
            actor = self._make(text, tokens, role, None, role, None)
            return replace(actor, country_from="facility")
        return self._make(text, tokens, country + (role or ""), country, role, None)

    def place(self, head: Token) -> Actor | None:
        """A place attacked as an actor: its state ("shelled Kharkiv" -> UKR), or None when the
        phrase names no place the gazetteer knows."""
        return place_actor(head, self.place_country, self.city_country, self.offset)

    def _place_of(self, head: Token) -> str | None:
        """The state of a place named in the phrase's of/in/at/near words ("the port of
        Hodeidah", "posts in the Kupwara sector")."""
        return place_of(head, self.ents, self.place_country)

    def actor(self, head: Token) -> Actor | None:
        """The first actor of the phrase headed by ``head`` (its conjuncts excluded)."""
        found = self._expand(head, depth=0)
        return found[0].actor if found else None

    def _expand(self, token: Token, depth: int) -> list[Mention]:
        """The phrase's own actor, or, when it has no code, the coded actors it is made of.

        "representatives from several countries, including China and the Soviet Union" -> CHNGOV,
        SUNGOV; "Noha Bakir, a professor ... in Cairo" -> the appositive gives the code.
        """
        own = self._compose(token, phrase_tokens(token, self.ents))
        if (own is not None and own.code is not None and own.country) or depth > 2:
            return [Mention(own, token)] if own is not None else []
        inner = [m for m in self._members(token, depth, own) if m.actor.code is not None]
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
        country, how = self._affiliation_country(token), "phrase"
        if country is None:
            country, how = self._possessor_country(token), _ANTE
        if country is None:
            return actor
        return replace(actor, code=country + actor.role, country=country, country_from=how)

    def _possessor_country(self, token: Token) -> str | None:
        """The state of a possessive pronoun's antecedent: "its foreign ministry", "their
        troops", "his government"."""
        poss = next((c for c in token.children if c.dep_ == "poss" and c.lower_ in PRONOUNS), None)
        if poss is None:
            return None
        found = [a.country for a in self.memory.pronoun(poss, self.offset + poss.idx) if a.country]
        return found[0] if len(set(found)) == 1 else None

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

    def _members(self, token: Token, depth: int, own: Actor | None) -> list[Mention]:
        """The actors a phrase is made of: its appositive, its of/from/including phrases, and
        an "in" phrase of people ("officials in Kabul"), never of a thing ("the war in Sudan")."""
        out: list[Mention] = []
        for child in token.children:
            if child.dep_ == "appos":
                out += self._expand(child, depth + 1)
            elif (
                child.dep_ == "prep" and child.lower_ == "in" and (own is None or own.role is None)
            ):
                continue
            elif child.dep_ == "prep" and is_member_prep(child):
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    for member in (pobj, *pobj.conjuncts):
                        out += self._expand(member, depth + 1)
        return out

    def _merge(self, own: Actor | None, inner: Actor, token: Token) -> Actor:
        """An outer phrase's role and text with the country or body of what it is made of."""
        if own is None:
            return inner
        role = own.role or inner.role
        if inner.role is not None and token.lemma_.lower() in self.dictionaries.lexicon.member_head:
            role = inner.role  # "officials of the doctors' union" are the union's: LAB
        country = inner.country
        code = inner.code if country is None else country + (role or "")
        appositive = any(c.dep_ == "appos" for c in token.children)
        text, start, end = (
            (own.text, own.start, own.end) if appositive else (inner.text, inner.start, inner.end)
        )
        how = inner.country_from if country is not None else None
        return Actor(text, code, country, role, own.name or inner.name, start, end, how)

    # --- phrase reading -----------------------------------------------------------------------

    def _compose(self, head: Token, tokens: list[Token]) -> Actor | None:
        leader, person_text = self._leader(tokens)
        igo = self._first_code(tokens, {IGO}, head)
        country = self._first_code(tokens, {COUNTRY, DEMONYM, CAPITAL}, head)
        role = role_of(tokens, [self._label(t) for t in tokens], self.dictionaries)
        if role is None and self._label(head) == CAPITAL and speaks(head):
            role = "GOV"  # "Beijing said": a capital that acts speaks for its government
        text = phrase_text(tokens)
        if leader is not None:
            # a former office-holder is what the text calls them now: "opposition leader Raila
            # Odinga" (once prime minister) is OPP
            former = self.when is not None and not leader.in_office(self.when)
            return self._leader_actor(leader, text, tokens, person_text, role if former else None)
        group = self._first_code(tokens, {GROUP}, head)
        if group is not None:
            g = self.dictionaries.group_by_code[group]
            return self._make(text, tokens, g.code, g.country, g.role, None, how="group")
        if igo is not None and not (country and self._label(head) in (COUNTRY, CAPITAL)):
            return self._make(text, tokens, igo, None, None, None)  # not "NATO-member Norway"
        if country is not None:
            if role is None and crowd(head, self._label(head)):
                role = "CVL"  # "thousands of Georgians rallied": a crowd, its people
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

    def _leader(self, tokens: list[Token]) -> tuple[Leader | None, str | None]:
        for tok in tokens:
            ent = self.ents.get(tok.i)
            if ent is None or ent.label_ not in (PERSON, "PERSON"):
                continue
            if len(ent) == 1 and part_of_longer_name(ent, self.dictionaries):
                continue  # "Michel" in "Michel Suleiman" is not Charles Michel
            key = ent.text.lower()
            established = self.names.get(key) or self.names.get(key.split()[-1])
            leader = pick_leader(self.dictionaries, self.when, ent.ent_id_ or key)
            if established is not None and len(ent) == 1:
                return self._leader_of(established), established.name
            return leader, ent.text
        return None, None

    def _leader_of(self, actor: Actor) -> Leader | None:
        if actor.name is None:
            return None
        return pick_leader(self.dictionaries, self.when, actor.name.lower())

    def _leader_actor(
        self,
        leader: Leader,
        text: str,
        tokens: list[Token],
        written: str | None,
        named_role: str | None = None,
    ) -> Actor:
        role = named_role or leader.role
        self.memory.leaders.add(leader.name)
        actor = self._make(text, tokens, leader.country + (role or ""), None, role, leader.name)
        if not leader.country.startswith(("IGO", "NGO")):
            actor = replace(actor, country=leader.country, country_from="leader")
        if written is not None and len(written.split()) > 1:
            self.names[leader.name.lower()] = actor
            self.names[written.split()[-1].lower()] = actor
        return actor

    def _make(
        self,
        text: str,
        tokens: list[Token],
        code: str | None,
        country: str | None,
        role: str | None,
        name: str | None,
        *,
        how: str = "phrase",
    ) -> Actor:
        start = min(t.idx for t in tokens) + self.offset
        last = max(tokens, key=lambda t: t.i)
        end = last.idx + len(last.text) + self.offset
        return Actor(text, code, country, role, name, start, end, how if country else None)
