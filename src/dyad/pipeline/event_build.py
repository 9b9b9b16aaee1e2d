"""Match -> Event: the event a fired rule makes, and which of a sentence's events are kept.

For each actor pair of a match the builder fills in the record: the code (a generic attack by
armed forces is 190, violence by protesters 145, a killing by bomb 183x), the target when the rule
found none (the state of the place the act happened in or is about), the evidence span, modality,
date, place, confidence and flags. :class:`~dyad.pipeline.reported.Reported` adds what the act's
report makes (announcement, refusal, demand, accusation); then duplicates and events that add
nothing beside a fuller one are dropped, and the survivors are numbered ``doc:sentence:n``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Token

from ..dictionaries import Dictionaries
from ..options import Options
from ..records import Actor, Event, Location, Sentence
from .events import Match
from .geo import Gazetteer, clause_location, theme_location
from .modality import modality
from .reported import Reported, code_of, reported_claim
from .slots import Pair
from .state import DocumentState
from .text import Block
from .timex import DateResolver, anchors_for, is_historical

_FORCE = frozenset({"18", "19", "20"})
_FORCE_BY_CROWDS = frozenset({"17", "18"})


class EventBuilder:
    """Builds a sentence's events from its rule matches; one per coder, shared by its documents."""

    def __init__(
        self,
        dictionaries: Dictionaries,
        options: Options,
        *,
        gazetteer: Gazetteer,
        dates: DateResolver,
    ) -> None:
        self.dictionaries = dictionaries
        self.options = options
        self.gazetteer = gazetteer
        self.dates = dates
        self.lexicon = dictionaries.lexicon
        self.reported = Reported(dictionaries)

    def sentence_events(
        self, state: DocumentState, sentence: Sentence, block: Block, matches: list[Match]
    ) -> list[Event]:
        """The events of one sentence, once each (code, source, target), numbered in order."""
        out: list[Event] = []
        seen: set[tuple[str, str | None, str | None]] = set()
        for match in matches:
            for event in self._match_events(state, sentence, block, match):
                key = (event.cameo, code_of(event.source), code_of(event.target))
                if key in seen or not self._keep(event):
                    continue
                seen.add(key)
                out.append(event)
        out = _drop_targetless_twins(out)
        if any(e.root != "01" for e in out):
            out = [e for e in out if e.cameo != "010"]
        accused = {(code_of(e.source), code_of(e.target)) for e in out if e.cameo == "112"}
        out = [
            e
            for e in out
            if e.cameo != "110" or (code_of(e.source), code_of(e.target)) not in accused
        ]
        doc_id = state.doc.id
        return [replace(e, id=f"{doc_id}:{sentence.index}:{n}") for n, e in enumerate(out)]

    def _match_events(
        self, state: DocumentState, sentence: Sentence, block: Block, match: Match
    ) -> Iterator[Event]:
        """Per actor pair: the act itself (unless its report replaces it), then what the way it
        was reported adds."""
        wished = self.reported.wished(match)
        report = reported_claim(match.clause, self.lexicon)
        for pair in match.pairs:
            event = self._event(state, sentence, block, match, pair)
            # only the actor whose act it is announces, wishes, refuses or is obliged to do it
            own = pair.source is not None and (
                not match.agents or pair.source.token.i in match.agents
            )
            derived = self.reported.derived(event, match, state.actors, own=own, report=report)
            # a mutual act only one side plans ("X will sign a deal with Y") is not yet Y's
            one_sided = not own and event.modality != "occurred"
            if not (wished or derived.replaces_act(report) or one_sided):
                yield event
            yield from (e for e in derived if e is not None)

    def _keep(self, event: Event) -> bool:
        """An event needs a source (who did it), except violence (18-20) against a coded target
        ("a roadside bomb killed three American soldiers"); unless ``keep_uncoded``, one actor
        must be coded."""
        if event.source is None:
            return event.root in _FORCE and code_of(event.target) is not None
        return (
            self.options.keep_uncoded
            or code_of(event.source) is not None
            or code_of(event.target) is not None
        )

    def _event(
        self, state: DocumentState, sentence: Sentence, block: Block, match: Match, pair: Pair
    ) -> Event:
        """The event one actor pair of a match makes, with its evidence."""
        head = match.trigger[-1]
        src = pair.source.actor if pair.source is not None else None
        tgt = pair.target.actor if pair.target is not None else None
        location = clause_location(head, match.clause, self.gazetteer, self.lexicon)
        tgt, place_flags = self._place_target(match, src, tgt, location)
        code = self._act_code(match.rule.code, src, head)
        flags, confidence = self._confidence(sentence, src, tgt)
        mood = modality(head, match.clause, self.lexicon)
        published = state.actors.when
        future = mood in ("planned", "hypothetical")
        when = self.dates.event_date(
            head, anchors_for(head, match.clause), published, future=future
        )
        trigger_start, trigger_end = _trigger_span(block, match)
        return Event(
            id=f"{state.doc.id}:{sentence.index}:0",
            sentence=sentence.index,
            start=min([trigger_start] + [a.start for a in (src, tgt) if a and a.start is not None]),
            end=max([trigger_end] + [a.end for a in (src, tgt) if a and a.end]),
            trigger=" ".join(t.text for t in match.trigger),
            trigger_start=trigger_start,
            trigger_end=trigger_end,
            rule=match.rule.id,
            source=src,
            target=tgt,
            **self.dictionaries.cameo[code].event_fields(),
            modality=mood,
            date=when.date if when else None,
            date_end=when.end if when else None,
            historical=is_historical(when, published, self.options.historical_days),
            location=location,
            confidence=confidence,
            flags=flags + place_flags,
        )

    def _place_target(
        self, match: Match, src: Actor | None, tgt: Actor | None, location: Location | None
    ) -> tuple[Actor | None, tuple[str, ...]]:
        """A rule without a target takes the state of the place: where the act happened
        ("protested in Beijing", "held exercises in Alaska"), else what it is about ("sorrow
        for the shootings in South Carolina"); never the source's own state."""
        if tgt is not None:
            return tgt, ()
        place = location
        if place is None or not place.country or (src is not None and src.code == place.country):
            place = theme_location(match.trigger[-1], match.clause, self.gazetteer, self.lexicon)
        if place is None or not place.country or (src is not None and src.code == place.country):
            return None, ()
        return Actor(place.name, place.country, place.country, None, None), ("target_from_place",)

    def _act_code(self, code: str, source: Actor | None, trigger: Token) -> str:
        """The rule's code, made specific by who acts and how.

        CAMEO separates unconventional violence (18x) from conventional military force (19x) by
        who uses it: a generic attack (180) by armed forces, rebels or a state is 190; violence
        and destruction (17-18) by protesters is a violent protest, a riot (145). A killing by
        bomb is 183x (:func:`_bombing`).
        """
        if source is not None and code[:2] in _FORCE_BY_CROWDS and self._protesters(source):
            code = "145"
        elif code == "180" and source is not None and source.code is not None:
            state_actor = source.country is not None and source.role in (None, "GOV", "MIL")
            if source.role in ("MIL", "REB") or state_actor:
                code = "190"
        bombing = self._bombing(trigger) if code in ("180", "190") else None
        return bombing if bombing is not None else code

    def _bombing(self, trigger: Token) -> str | None:
        """CAMEO 183x when a killing or wounding was done by a bomb: its subject is a bombing ("a
        roadside bombing killed one soldier") or it happened in one ("killed in a car bomb
        explosion", "wounded in a bomb attack"); the bomb's kind picks 1831-1833."""
        lexicon = self.lexicon
        kinds = (
            ("1831", lexicon.suicide_bomb_word),
            ("1832", lexicon.vehicle_bomb_word),
            ("1833", lexicon.roadside_bomb_word),
        )
        for words in _means_words(trigger):
            if words & lexicon.bomb_word:
                return next((code for code, kind in kinds if words & kind), "183")
        return None

    def _protesters(self, actor: Actor) -> bool:
        """Whether the actor is a crowd of protesters ("a Ukrainian protestor", "angry rioters")."""
        return any(word in self.lexicon.protester_word for word in actor.text.lower().split())

    def _confidence(
        self, sentence: Sentence, src: Actor | None, tgt: Actor | None
    ) -> tuple[tuple[str, ...], float]:
        """Flags and confidence of an event from its sentence's kind and quality."""
        flags: tuple[str, ...] = ()
        confidence = self.options.base_confidence
        if sentence.kind == "caption":
            flags, confidence = ("caption",), min(confidence, self.options.caption_confidence)
        if "low_quality" in sentence.flags:
            flags, confidence = (
                (*flags, "low_quality"),
                min(confidence, self.options.low_quality_confidence),
            )
        if code_of(src) is None or (code_of(tgt) is None and tgt is not None):
            confidence = min(confidence, self.options.uncoded_confidence)
        return flags, confidence


def _trigger_span(block: Block, match: Match) -> tuple[int, int]:
    """Document offsets of the trigger words, first to last."""
    first, last = match.trigger[0], match.trigger[-1]
    return block.start + first.idx, block.start + last.idx + len(last.text)


def _means_words(trigger: Token) -> Iterator[set[str]]:
    """For the trigger's subject and each object of its in/by/with phrases: the lemmas of the
    noun and its modifiers ("a roadside bombing", "in a car bomb explosion")."""
    subjects = [c for c in trigger.children if c.dep_ == "nsubj"]
    means = [
        p
        for c in trigger.children
        if c.dep_ in ("prep", "agent") and c.lower_ in ("in", "by", "with")
        for p in c.children
        if p.dep_ == "pobj"
    ]
    for head in subjects + means:
        words = {head.lemma_.lower()} | {
            c.lemma_.lower() for c in head.children if c.dep_ in ("compound", "amod", "nmod")
        }
        words |= {
            g.lemma_.lower() for c in head.children if c.dep_ == "compound" for g in c.children
        }
        yield words


def _drop_targetless_twins(events: list[Event]) -> list[Event]:
    """Drop events that add nothing beside a fuller one in the same sentence:

    - one without a target beside the same or a more specific act (same CAMEO prefix) by the
      same source with one: "met with Assad to discuss" is one meeting, not also a discussion
      with nobody; "is willing to help (033) by sending arms to Kyiv (0332)" is one intent;
    - one without a source beside the same act on the same target by a known source: "a
      suicide bomber killed twelve policemen" is one bombing;
    - an unspecified use of force (190) against no coded target beside a specific attack on a
      coded target by the same source: "shelled Kharkiv, killing three people".
    """
    targeted = [(e.cameo, code_of(e.source)) for e in events if e.target is not None]
    with_source = {(e.cameo, code_of(e.target)) for e in events if code_of(e.source)}
    attacks = {code_of(e.source) for e in events if code_of(e.target) and e.root in _FORCE}

    def subsumed(e: Event) -> bool:
        generic = e.cameo[:2] if len(e.cameo) == 3 and e.cameo.endswith("0") else e.cameo
        return any(c.startswith(generic) and s == code_of(e.source) for c, s in targeted)

    return [
        e
        for e in events
        if not (
            (e.target is None and subsumed(e))
            or (e.source is None and (e.cameo, code_of(e.target)) in with_source)
            or (e.cameo == "190" and not code_of(e.target) and code_of(e.source) in attacks)
        )
    ]
