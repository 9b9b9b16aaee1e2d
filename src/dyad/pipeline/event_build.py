"""Match -> Event: the event a fired rule makes, and which of a sentence's events are kept.

For each actor pair of a match the builder fills in the record: the code made specific by who
acts and how (:mod:`.act_code`), the countries of role-only actors from context
(:mod:`.context`), the target when the rule found none (the state of the place the act happened
in or is about, or what the act acts on by its nature, ``targets.tsv``), the evidence span,
modality, date (CODING.md §5: the act's own date phrase, else its sentence's, else publication),
place, confidence and flags. :class:`~dyad.pipeline.reported.Reported` adds what the act's
report makes (pledge, refusal, demand, accusation); then duplicates and events that add nothing
beside a fuller one are dropped, and the survivors are numbered ``doc:sentence:n``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Token

from ..dictionaries import Dictionaries, longest_prefix
from ..options import Options
from ..records import Actor, Event, Location, Sentence
from .act_code import FORCE, ActCoder
from .act_parts import one_act
from .defaults import DefaultTargets, untargeted_statement
from .events import Match
from .geo import Gazetteer, clause_location, theme_location
from .modality import modality
from .reported import Reported, Said, SaidDate, code_of, reported_claim
from .slots import Pair, same_state
from .speech import about_words, content
from .state import DocumentState
from .text import Block
from .timex import DateResolver, anchors_for, is_historical

_RULED_OUT = "120/rule-out"  # "did not rule out closing the border": considering it (014)


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
        self.act_code = ActCoder(dictionaries)
        self.defaults = DefaultTargets(dictionaries)

    def sentence_events(
        self, state: DocumentState, sentence: Sentence, block: Block, matches: list[Match]
    ) -> list[Event]:
        """The events of one sentence, once each (code, source, target), numbered in order."""
        out: list[Event] = []
        seen: set[tuple[str, str | None, str | None]] = set()
        for match in one_act(matches):
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
        spoken = self.reported.spoken(match)
        report = reported_claim(match.clause, self.lexicon)
        said = SaidDate(lambda: self._said_date(state, match))
        for pair in match.pairs:
            event = self._event(state, sentence, block, match, pair)
            # only the actor whose act it is announces, wishes, refuses or is obliged to do it
            own = pair.source is not None and (
                not match.agents or pair.source.token.i in match.agents
            )
            derived = self.reported.derived(
                event, match, state.actors, own=own, report=report, said=said
            )
            ruled_out = event.modality == "negated" and match.rule.id.startswith(_RULED_OUT)
            if ruled_out and event.source is not None:
                rule = f"{event.rule}+not"  # considering it, as of the statement (CODING.md §4)
                event = self.reported.recoded(event, "014", rule, event.source, event.target, said)
            # a mutual act only one side plans ("X will sign a deal with Y") is not yet Y's
            one_sided = not own and event.modality != "occurred"
            if not (spoken or derived.replaces_act(report) or one_sided):
                yield event
            yield from (e for e in derived if e is not None)

    def _said_date(self, state: DocumentState, match: Match) -> Said:
        """When a statement about an act was made: the date phrase of the sentence's main
        clause ("said on Sunday it would ..."), else the nearest one, else publication."""
        root = match.trigger[-1].sent.root
        published = state.actors.when
        when = self.dates.event_date(root, anchors_for(root, root), published, False)
        if when is not None:
            return when, "text"
        return self.dates.fallback_date(root, published, False)

    def _keep(self, event: Event) -> bool:
        """An event needs an identifiable source, who did it (CODING.md §1.1); unless
        ``keep_uncoded``, one actor must be coded."""
        if event.source is None:
            return False
        if untargeted_statement(event):
            return False
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
        location = clause_location(head, match.clause, self.gazetteer, self.lexicon)
        src, tgt = self._actors(state, block, match, pair, location)
        tgt, place_flags = self._place_target(match, src, tgt, location)
        if place_flags and src is not None and src.country_from == "place" and tgt is not None:
            # "the ministers met in Cairo": the place cannot be both their home and their partner
            tgt, place_flags = (None, ()) if same_state(src, tgt) else (tgt, place_flags)
        code = self.act_code.code(match.rule.code, head, src, tgt, pair.target, location)
        if src is not None:  # no target, or only its own state: the target by nature
            tgt = self.defaults.target(code, src, tgt)
        flags, confidence = self._confidence(sentence, src, tgt)
        mood = modality(head, match.clause, self.lexicon)
        published = state.actors.when
        future = mood in ("planned", "hypothetical")
        when = self.dates.event_date(
            head, anchors_for(head, match.clause), published, future=future
        )
        date_from = "text" if when is not None else None
        if when is None:
            when, date_from = self.dates.fallback_date(head, published, future)
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
            date_from=date_from,
        )

    def _actors(
        self,
        state: DocumentState,
        block: Block,
        match: Match,
        pair: Pair,
        location: Location | None,
    ) -> tuple[Actor | None, Actor | None]:
        """The pair's actors, role-only ones placed by context (CODING.md §2): the place of the
        clause (not a venue: "pledged aid at a donor conference in Paris"), the other side,
        earlier mentions, the dateline."""
        head = match.trigger[-1]
        src = pair.source.actor if pair.source is not None else None
        tgt = pair.target.actor if pair.target is not None else None
        position = block.start + head.idx
        home = clause_location(head, match.clause, self.gazetteer, self.lexicon, venues=False)
        place = home.country if home is not None else None
        code = match.rule.code
        context = state.context
        return (
            context.situate(src, place=place, other=tgt, position=position, code=code),
            context.situate(tgt, place=place, other=src, position=position, code=code),
        )

    def _place_target(
        self, match: Match, src: Actor | None, tgt: Actor | None, location: Location | None
    ) -> tuple[Actor | None, tuple[str, ...]]:
        """A rule without a target takes the state of the place: where the act happened
        ("protested in Beijing", "held exercises in Alaska"), else what it is about ("sorrow
        for the shootings in South Carolina"); never the source's own state."""
        if tgt is not None:
            return tgt, ()
        # a posture at home has no target (CODING.md §3): "deployed police in Kenya"; an act with a
        # target by nature (targets.tsv) takes that, not its own state's place: "marched in
        # Washington" is aimed at the government, "a curfew in Baghdad" at its people
        by_nature = longest_prefix(match.rule.code, self.dictionaries.targets) is not None
        home = match.rule.code[:2] == "15" or by_nature
        own = (src.country if home else src.code) if src is not None else None
        places = [
            location,
            theme_location(match.trigger[-1], match.clause, self.gazetteer, self.lexicon),
        ]
        if about_words(match.rule.code):  # "threatened to resume attacks in Israel"
            places += [self._content_place(head) for head in content(match.trigger[-1], None)]
        place = next((p for p in places if p is not None and p.country and p.country != own), None)
        if place is None:
            return None, ()
        found = Actor(place.name, place.country, place.country, country_from="place")
        return found, ("target_from_place",)

    def _content_place(self, head: Token) -> Location | None:
        """The place of what a speech act is about: its content clause's own place or theme."""
        found = clause_location(head, head, self.gazetteer, self.lexicon)
        return found or theme_location(head, head, self.gazetteer, self.lexicon)

    def _confidence(
        self, sentence: Sentence, src: Actor | None, tgt: Actor | None
    ) -> tuple[tuple[str, ...], float]:
        """Flags and confidence of an event from its sentence's kind and quality."""
        flags: tuple[str, ...] = ()
        confidence = self.options.base_confidence
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
    attacks = {code_of(e.source) for e in events if code_of(e.target) and e.root in FORCE}

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
