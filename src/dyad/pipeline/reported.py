"""Reported acts: how an actor's own words about an act are coded, as CAMEO codes them
(CODING.md §1.3-§1.5).

- a pledge, wish or threat of its own act ("pledged to send aid", "wants to attack", "warned it
  would retaliate") is the intent or threat alone (``announce.tsv``: 0331, 138), not the act; a
  plain "will visit" is the visit, planned, with no announcement beside it (§4);
- a refusal ("refused to release", "will not lift the sanctions") is the rejection in place of
  the act (``refusals.tsv``: 1243, 125);
- "X said Y must ..." is X's demand or appeal to Y (``obligations.tsv``), in place of the act;
- a hostile act that a party claims or alleges is that party's accusation (112), or, by the
  attacker, a claim of responsibility (015); a victim's or a reporter's "said" is no accusation.

A derived event is dated by its statement (:class:`SaidDate`), not by the act it is about. The
parse tests (:func:`pledged`, :func:`refused`, :func:`desired`, :func:`obligation`,
:func:`reported_claim`) read the clause around a match's trigger; :class:`Reported` turns an event
and how it was reported into the events those reports are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Literal, NamedTuple

from spacy.tokens import Token

from ..dictionaries import Dictionaries, longest_prefix
from ..records import Actor, Event
from .actors import DocumentActors
from .events import Match
from .lexicon import Lexicon
from .modality import infinitive, negated_noun, reported_future
from .slots import clause_subject
from .timex import When

Strength = Literal["must", "should"]
Said = tuple[When | None, str | None]  # when a statement was made, and where that date came from


class SaidDate:
    """When a statement was made, worked out once and only when a derived event needs it."""

    def __init__(self, compute: Callable[[], Said]) -> None:
        self._compute = compute
        self._value: Said | None = None

    def __call__(self) -> Said:
        if self._value is None:
            self._value = self._compute()
        return self._value


class Report(NamedTuple):
    """How an act is reported: ``claims`` for "claimed"/"alleged", not for "said"."""

    claims: bool
    verb: Token  # the reporting verb, whose subject is the speaker


class Obligation(NamedTuple):
    """What an actor must or should do, in someone's words."""

    strength: Strength
    verb: Token  # the speaking verb, whose subject is the speaker


class Derived(NamedTuple):
    """The events that how an act was reported adds (each None when it adds none)."""

    announcement: Event | None
    refusal: Event | None
    obligation: Event | None
    accusation: Event | None

    def replaces_act(self, report: Report | None) -> bool:
        """Whether the report stands in place of the act: a refused act will not happen (the
        refusal, 12x, is the event), what a speaker says another must do is the demand, and an
        act only claimed or alleged ("the US claimed that ISIL attacked Iraq") is the
        claimant's word (112/015), not the act itself."""
        claimed = self.accusation is not None and report is not None and report.claims
        return self.refusal is not None or self.obligation is not None or claimed


class Reported:
    """The events an actor's words about an act make, from the act's event and its match."""

    def __init__(self, dictionaries: Dictionaries) -> None:
        self.dictionaries = dictionaries
        self.lexicon = dictionaries.lexicon

    def spoken(self, match: Match) -> bool:
        """A wish, a pledge or a threat is coded as itself (CAMEO 03x/13x), not as the act
        wished, pledged or threatened (CODING.md §1.5)."""
        clause, lexicon = match.clause, self.lexicon
        words = desired(clause, lexicon) or pledged(clause, lexicon) or conditional(clause, lexicon)
        return words and longest_prefix(match.rule.code, self.dictionaries.announce) is not None

    def derived(
        self,
        event: Event,
        match: Match,
        actors: DocumentActors,
        *,
        own: bool,
        report: Report | None,
        said: SaidDate,
    ) -> Derived:
        """The announcement, refusal, obligation and accusation an event's report makes.

        Only the actor whose act it is (``own``) announces, refuses or is obliged to do it.
        """
        spoken = own and self.spoken(match)
        return Derived(
            self._announcement(event, said) if spoken else None,
            self._refusal(event, match, said) if own else None,
            self._obligation(actors, event, match, said) if own else None,
            self._accusation(actors, event, report, said),
        )

    def _announcement(self, event: Event, said: SaidDate) -> Event | None:
        """An actor's pledge, wish or threat of its own act, as CAMEO codes it (announce.tsv):
        "X vowed to visit Y" is 036 (intent to meet), "X warned it would attack Y" 138."""
        if event.modality == "negated":
            return None
        return self._own_act(event, self.dictionaries.announce, "announce", said)

    def _refusal(self, event: Event, match: Match, said: SaidDate) -> Event | None:
        """An actor's refusal of its own act, as CAMEO codes it (see refusals.tsv): "X refused to
        release the prisoners" is 1243, "X said it would not attend the talks" 125."""
        if event.modality != "negated" or not refused(
            match.trigger[-1], match.clause, self.lexicon
        ):
            return None
        return self._own_act(event, self.dictionaries.refusals, "refuse", said)

    def _own_act(
        self, event: Event, table: Mapping[str, str], how: str, said: SaidDate
    ) -> Event | None:
        """The event an actor's statement about its own act is, from ``table`` (act -> code)."""
        code = longest_prefix(event.cameo, table)
        if code is None or event.source is None:
            return None
        return self.recoded(event, code, f"{event.rule}+{how}", event.source, event.target, said)

    def _obligation(
        self, actors: DocumentActors, event: Event, match: Match, said: SaidDate
    ) -> Event | None:
        """A speaker's demand (10x) or appeal (02x) that another actor do the act (obligations.tsv)."""
        found = obligation(match.clause, self.lexicon)
        if found is None or event.source is None or event.source.code is None:
            return None
        speaker = speaker_of(actors, found.verb, self.lexicon)
        if speaker is None or speaker.code == event.source.code:
            return None
        codes = longest_prefix(event.cameo, self.dictionaries.obligations)
        if codes is None:
            return None
        code = codes[0] if found.strength == "must" else codes[1]
        rule = f"{event.rule}+{found.strength}"
        return self.recoded(event, code, rule, speaker, event.source, said)

    def _accusation(
        self, actors: DocumentActors, event: Event, report: Report | None, said: SaidDate
    ) -> Event | None:
        """A hostile act (13-20) that a party claims or alleges is that party's accusation (112)
        or claim of responsibility (015): "the US claimed that ISIL attacked Iraq" (the US
        accuses ISIL), "Hamas claimed it fired the rockets" (Hamas claims responsibility). A
        victim's or a reporter's "said" of others' acts is an attribution, no accusation
        (CODING.md §1.3)."""
        if report is None or event.root < "13" or event.modality not in ("occurred", "planned"):
            return None
        speaker = speaker_of(actors, report.verb, self.lexicon)
        if speaker is None or speaker.code is None:
            return None
        source = code_of(event.source)
        if source is not None and source[:3] == speaker.code[:3]:
            if not report.claims or event.modality != "occurred":
                return None
            return self.recoded(event, "015", f"{event.rule}+claim", speaker, event.target, said)
        if event.source is None or source is None or not report.claims:
            return None
        return self.recoded(event, "112", f"{event.rule}+accuse", speaker, event.source, said)

    def recoded(
        self,
        event: Event,
        code: str,
        rule: str,
        source: Actor,
        target: Actor | None,
        said: SaidDate,
    ) -> Event:
        """The event as the act of saying it: another code, rule and actors, the statement's
        date (CODING.md §5), no place."""
        when, date_from = said()
        return replace(
            event,
            **self.dictionaries.cameo[code].event_fields(),
            rule=rule,
            source=source,
            target=target,
            modality="occurred",
            date=when.date if when else None,
            date_end=when.end if when else None,
            date_from=date_from,
            historical=False,
            location=None,
        )


def code_of(actor: Actor | None) -> str | None:
    """The actor's CAMEO code; None for no actor or an uncoded one."""
    return actor.code if actor is not None else None


def speaker_of(actors: DocumentActors, speaking: Token, lexicon: Lexicon) -> Actor | None:
    """The coded actor who says something: the subject of the speaking verb."""
    subject = clause_subject(speaking, lexicon)
    found = [m.actor for m in actors.resolve(subject)] if subject is not None else []
    return found[0] if found and found[0].code is not None else None


# --- reading the parse --------------------------------------------------------------------------


def pledged(clause: Token, lexicon: Lexicon) -> bool:
    """Whether the act is pledged or threatened by its actor: a verb of commitment governs it
    ("pledged to", "is ready to", "agreed to"; the lexicon's ``pledge_verb``), or its actor
    warned or vowed it would do it ("warned it would retaliate"; also ``pledge_report_verb``)."""
    vows = lexicon.pledge_verb | lexicon.pledge_report_verb
    if reported_future(clause, lexicon) and clause.head.lemma_.lower() in vows:
        return True
    node = clause
    for _ in range(3):
        if not (node.dep_ in ("ccomp", "conj") or infinitive(node)) or node.head is node:
            return False
        node = node.head
        if node.lemma_.lower() in lexicon.pledge_verb:
            return True
    return False


def conditional(clause: Token, lexicon: Lexicon) -> bool:
    """An actor's own act it says it will do on a condition: an offer or a threat (CODING.md §4:
    "said they would meet the mediator if he gave them a veto" is 036, "will strike unless ...")."""
    auxes = {c.lower_ for c in clause.children if c.dep_ == "aux"}
    own = bool(auxes & lexicon.future_auxiliary) or reported_future(clause, lexicon)
    marks = (
        m.lower_
        for a in clause.children
        if a.dep_ == "advcl"
        for m in a.children
        if m.dep_ == "mark"
    )
    return own and any(m in ("if", "unless") for m in marks)


def desired(clause: Token, lexicon: Lexicon) -> bool:
    """Whether the act is only wanted by its actor ("wants to attack", "seeking to deepen
    ties"): the wish is the event (CAMEO 03x/13x), the act is not yet even planned."""
    return _governing(clause, lexicon.desire_verb, depth=2) is not None


def _governing(clause: Token, lemmas: frozenset[str], *, depth: int) -> Token | None:
    """The verb or adjective among ``lemmas`` whose open complement the clause is, up to
    ``depth`` levels up ("refused | to allow | X to land")."""
    node = clause
    for _ in range(depth):
        if not infinitive(node) or node.head is node:
            return None
        node = node.head
        if node.lemma_.lower() in lemmas:
            return node
    return None


def refused(trigger: Token, clause: Token, lexicon: Lexicon) -> bool:
    """Whether the actor refuses the act: "refused to X", "is unwilling to X", or its own
    negated future ("will not X", "said it would not X")."""
    if trigger is not clause and negated_noun(trigger):
        return False
    negated = any(
        c.dep_ == "neg" or (c.lower_ in ("never", "no longer") and c.dep_ == "advmod")
        for c in clause.children
    )
    auxes = {c.lower_ for c in clause.children if c.dep_ == "aux"}
    if negated and (auxes & lexicon.future_auxiliary or reported_future(clause, lexicon)):
        return True
    refusing = _governing(clause, lexicon.refuse_word, depth=3)
    return refusing is not None and not any(c.dep_ == "neg" for c in refusing.children)


def reported_claim(clause: Token, lexicon: Lexicon) -> Report | None:
    """How an act reported in a that-clause is reported: "Israel said Hamas fired at it" (said),
    "the US claimed that ISIL attacked Iraq" (claimed); not an opinion or an appeal."""
    node = clause
    if node.dep_ == "conj" and node.head.dep_ == "ccomp":
        node = node.head  # "claimed that ISIL had attacked Iraq and taken Mosul"
    if node.dep_ != "ccomp" or node.head is node:
        return None
    head = node.head
    lemma = head.lemma_.lower()
    if lemma in lexicon.claim_verb:
        return Report(True, head)
    if lemma in lexicon.reporting_verb and lemma not in lexicon.not_a_report_verb:
        return Report(False, head)
    return None


def obligation(clause: Token, lexicon: Lexicon) -> Obligation | None:
    """What someone must or should do, reported by a speaker: "Russia said Sudan must return the
    helicopter"."""
    auxes = {c.lower_ for c in clause.children if c.dep_ == "aux"}
    must = bool(auxes & lexicon.must_auxiliary)
    strong = must or (clause.dep_ == "xcomp" and clause.head.lower_ in lexicon.must_verb)
    weak = bool(auxes & lexicon.should_auxiliary)
    node = clause.head if clause.dep_ == "xcomp" and strong and not must else clause
    if not (strong or weak):
        return None
    kind: Strength = "must" if strong else "should"
    if node.dep_ == "ccomp" and node.head.lemma_.lower() in lexicon.reporting_verb:
        return Obligation(kind, node.head)
    noun = node.head
    if node.dep_ in ("acl", "ccomp") and noun.lemma_.lower() in lexicon.statement_noun:
        verb = noun.head  # "issued a reminder to Iraq that it must cooperate"
        if noun.dep_ in ("dobj", "nsubjpass") and verb.pos_ in ("VERB", "AUX"):
            return Obligation(kind, verb)
    return None
