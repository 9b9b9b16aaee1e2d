"""The coder: documents in, document records out. The one entry point the CLI, API and workers use.

Stages, each its own module: text (blocks, sentence kinds) -> nlp (spaCy with dyad's ruler) ->
actors -> events -> modality -> records. Documents stream through ``nlp.pipe`` in batches; only the
records of finished documents are kept, so memory stays bounded however long a document is.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..dictionaries import CameoCode, Dictionaries, load_dictionaries
from ..options import Options
from ..records import (
    Actor,
    DocumentInput,
    DocumentResult,
    Event,
    Plover,
    Quality,
    Quantity,
    Quote,
    Sentence,
    Status,
)
from .actors import DocumentActors
from .events import EventMatcher, Match, clause_subject
from .geo import Gazetteer, clause_location, theme_location
from .language import language_gate
from .modality import announced, desired, modality, obligation, refused, reported_claim
from .nlp import build_pipeline
from .quality import clean_text, document_score, sentence_flags
from .quantities import find_quantities
from .quotes import find_quotes
from .text import Block, blocks, sentence_kind
from .timex import DateResolver, anchors_for, is_historical

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class _Open:
    """A document being coded: its input and what has been found so far."""

    doc: DocumentInput
    text: str
    flags: tuple[str, ...]
    actors: DocumentActors
    blocks_left: int
    skip: str | None = None  # why the document is not coded (not English)
    sentences: list[Sentence] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)


class Coder:
    """Codes documents. Build one per process (the model loads once) and reuse it."""

    def __init__(
        self, options: Options | None = None, dictionaries: Dictionaries | None = None
    ) -> None:
        self.options = options or Options.load()
        self.dictionaries = dictionaries or load_dictionaries(self.options.dictionaries)
        self.matcher = EventMatcher(self.dictionaries)
        self.dates = DateResolver()

    @cached_property
    def nlp(self) -> Language:
        return build_pipeline(self.dictionaries, model=self.options.model)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        names = {t.text.lower(): c.code for c in self.dictionaries.countries for t in c.names}
        return Gazetteer(names)

    def _place_country(self, name: str) -> str | None:
        found = self.gazetteer.lookup(name)
        return found.country if found is not None else None

    def _city_country(self, name: str) -> str | None:
        found = self.gazetteer.major_city(name)
        return found.country if found is not None else None

    def code_text(
        self, text: str, *, doc_id: str = "-", published: str | None = None
    ) -> DocumentResult:
        """Code one text; a convenience over :meth:`code`."""
        return next(self.code([DocumentInput(id=doc_id, text=text, published=published)]))

    def code(self, documents: Iterable[DocumentInput]) -> Iterator[DocumentResult]:
        """Code documents in order, one result per input document, whatever its state."""
        pending: dict[int, _Open] = {}
        stream = self._blocks(documents, pending)
        for doc, (number, block) in self.nlp.pipe(
            stream, as_tuples=True, batch_size=self.options.batch_size
        ):
            state = pending[number]
            self._code_block(state, doc, block)
            state.blocks_left -= 1
            yield from self._finished(pending)
        yield from self._finished(pending, flush=True)

    # --- streaming ------------------------------------------------------------------------------

    def _blocks(
        self, documents: Iterable[DocumentInput], pending: dict[int, _Open]
    ) -> Iterator[tuple[str, tuple[int, Block]]]:
        for number, document in enumerate(documents):
            skip = language_gate(document) if not document.error else None
            coded = not document.error and skip is None
            text, fixed = clean_text(document.text) if coded else (document.text, ())
            parts = list(blocks(text, self.options.max_block_chars)) if coded else []
            actors = DocumentActors(
                self.dictionaries,
                when=_date(document.published),
                place_country=self._place_country,
                city_country=self._city_country,
            )
            pending[number] = _Open(
                document, text, document.flags + fixed, actors, len(parts), skip=skip
            )
            for block in parts:
                yield block.text, (number, block)

    def _finished(
        self, pending: dict[int, _Open], *, flush: bool = False
    ) -> Iterator[DocumentResult]:
        while pending:
            first = min(pending)
            if pending[first].blocks_left > 0 and not flush:
                return
            yield self._result(pending.pop(first))

    def _result(self, state: _Open) -> DocumentResult:
        doc = state.doc
        reason = doc.error or state.skip
        if reason is not None:
            status: Status = "failed" if doc.error else "skipped"
            return DocumentResult(
                doc.id,
                doc.published,
                status,
                error=reason,
                text=doc.text,
                url=doc.url,
                title=doc.title,
                source=doc.source,
            )
        if not state.text.strip():
            return DocumentResult(
                doc.id,
                doc.published,
                "empty",
                text=state.text,
                url=doc.url,
                title=doc.title,
                source=doc.source,
                quality=Quality(1.0, state.flags),
            )
        score = document_score(
            [s.flags for s in state.sentences],
            [s.end - s.start for s in state.sentences],
            state.flags,
        )
        return DocumentResult(
            doc.id,
            doc.published,
            "ok",
            quality=Quality(score, state.flags),
            sentences=tuple(state.sentences),
            events=tuple(state.events),
            quotes=tuple(state.quotes),
            quantities=tuple(state.quantities),
            text=state.text,
            url=doc.url,
            title=doc.title,
            source=doc.source,
        )

    # --- one block ------------------------------------------------------------------------------

    def _code_block(self, state: _Open, doc: Doc, block: Block) -> None:
        state.actors.bind(doc, block.start)
        sents = list(doc.sents)
        for sent in sents:
            index = len(state.sentences)
            kind = sentence_kind(block.text, sent, len(sents), last_block=state.blocks_left == 1)
            start = block.start + sent.start_char
            flags = sentence_flags(sent.text)
            sentence = Sentence(index, start, start + len(sent.text), kind, flags)
            state.sentences.append(sentence)
            state.quantities.extend(find_quantities(sent, index, block.start))
            if kind == "heading":
                continue
            state.actors.observe(sent)
            state.quotes.extend(find_quotes(sent, index, block.start, state.actors))
            matches = list(self.matcher.matches(sent, state.actors))
            state.events.extend(self._events(state, sentence, block, matches))

    def _events(
        self, state: _Open, sentence: Sentence, block: Block, matches: list[Match]
    ) -> list[Event]:
        out: list[Event] = []
        seen: set[tuple[str, str | None, str | None]] = set()
        index = sentence.index
        for match in matches:
            # a wish is coded as the expression of intent alone (CAMEO 03x/13x), not as the act
            wished = desired(match.clause) and (
                _longest_prefix(match.rule.code, self.dictionaries.announce) is not None
            )
            report = reported_claim(match.clause)
            for source, target in match.pairs:
                event = self._event(state, sentence, block, match, source, target)
                # only the actor whose act it is announces, wishes, refuses or is obliged to do it
                own = source is not None and (not match.agents or source[1].i in match.agents)
                derived = (
                    self._announcement(event, match) if own else None,
                    self._refusal(event, match) if own else None,
                    self._obligation(state, event, match) if own else None,
                    self._accusation(state, event, report),
                )
                # an act only claimed or alleged ("the US claimed that ISIL attacked Iraq") is
                # coded as the claim (112/015); the act itself is the claimant's word
                claimed = derived[3] is not None and report is not None and report[0]
                # a refused act will not happen: the refusal (12x) is the event
                refused_act = derived[1] is not None
                # a mutual act only one side plans ("X will sign a deal with Y") is not yet Y's
                one_sided = not own and event.modality != "occurred"
                dropped = wished or claimed or refused_act or one_sided
                for found in ((None,) if dropped else (event,)) + derived:
                    key = (found.cameo, _code(found.source), _code(found.target)) if found else None
                    if found is None or key in seen or not self._keep(found):
                        continue
                    seen.add(key)  # type: ignore[arg-type]
                    out.append(found)
        out = _drop_targetless_twins(out)
        if any(e.root != "01" for e in out):
            out = [e for e in out if e.cameo != "010"]
        accused = {(_code(e.source), _code(e.target)) for e in out if e.cameo == "112"}
        out = [
            e for e in out if e.cameo != "110" or (_code(e.source), _code(e.target)) not in accused
        ]
        return [_renumber(e, state.doc.id, index, n) for n, e in enumerate(out)]

    def _keep(self, event: Event) -> bool:
        """An event needs a source (who did it), except violence (18-20) against a coded target
        ("a roadside bomb killed three American soldiers"); unless ``keep_uncoded``, one actor
        must be coded."""
        if (
            event.source is None
        ):  # who did it is unknown: kept only for violence against a known target
            return event.root in ("18", "19", "20") and _code(event.target) is not None
        return (
            self.options.keep_uncoded
            or _code(event.source) is not None
            or _code(event.target) is not None
        )

    def _announcement(self, event: Event, match: Match) -> Event | None:
        """The announcement of a planned act by its own actor, as CAMEO codes it (see announce.tsv):
        "X will visit Y" is also 036 (intent to meet), "X will attack Y" also 138 (threat)."""
        if event.modality != "planned" or not announced(match.trigger[-1], match.clause):
            return None
        return self._own_act(event, self.dictionaries.announce, "announce")

    def _refusal(self, event: Event, match: Match) -> Event | None:
        """An actor's refusal of its own act, as CAMEO codes it (see refusals.tsv): "X refused to
        release the prisoners" is 1243, "X said it would not attend the talks" 125."""
        if event.modality != "negated" or not refused(match.trigger[-1], match.clause):
            return None
        return self._own_act(event, self.dictionaries.refusals, "refuse")

    def _own_act(self, event: Event, table: Mapping[str, str], how: str) -> Event | None:
        """The event an actor's statement about its own act is, from ``table`` (act -> code)."""
        code = _longest_prefix(event.cameo, table)
        if code is None or event.source is None:
            return None
        return self._recoded(event, code, f"{event.rule}+{how}", event.source, event.target)

    def _obligation(self, state: _Open, event: Event, match: Match) -> Event | None:
        """A speaker's demand (10x) or appeal (02x) that another actor do the act (obligations.tsv)."""
        found = obligation(match.clause)
        if found is None or event.source is None or event.source.code is None:
            return None
        strength, speaking = found
        speaker = _speaker(state.actors, speaking)
        if speaker is None or speaker.code == event.source.code:
            return None
        codes = _longest_prefix(event.cameo, self.dictionaries.obligations)
        if codes is None:
            return None
        code = codes[0] if strength == "must" else codes[1]
        return self._recoded(event, code, f"{event.rule}+{strength}", speaker, event.source)

    def _accusation(
        self, state: _Open, event: Event, report: tuple[bool, Token] | None
    ) -> Event | None:
        """A hostile act (13-20) that a party reports is that party's accusation (112) or claim of
        responsibility (015): "the US claimed that ISIL attacked Iraq" (the US accuses ISIL),
        "Israel said a rocket was fired at it from Gaza" (the victim accuses), "Hamas claimed it
        fired the rockets" (Hamas claims responsibility). A reporter's neutral "said" of others'
        acts is no accusation."""
        if report is None or event.root < "13" or event.modality not in ("occurred", "planned"):
            return None
        claims, speaking = report
        speaker = _speaker(state.actors, speaking)
        if speaker is None or speaker.code is None:
            return None
        said = speaker.code
        source, target = _code(event.source), _code(event.target)
        if source is not None and source[:3] == said[:3]:
            if not claims or event.modality != "occurred":
                return None
            return self._recoded(event, "015", f"{event.rule}+claim", speaker, event.target)
        if event.source is None or source is None:
            return None
        victim = target is not None and target[:3] == said[:3]
        if not (claims or victim):
            return None
        return self._recoded(event, "112", f"{event.rule}+accuse", speaker, event.source)

    def _recoded(
        self, event: Event, code: str, rule: str, source: Actor, target: Actor | None
    ) -> Event:
        info = self.dictionaries.cameo[code]
        plover = (
            Plover(info.plover_type, info.plover_mode)
            if info.plover_type not in ("", "OTHER")
            else None
        )
        return replace(
            event,
            cameo=code,
            name=info.name,
            root=code[:2],
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            plover=plover,
            rule=rule,
            source=source,
            target=target,
            modality="occurred",
            date=None,
            date_end=None,
            historical=False,
            location=None,
        )

    def _event(
        self,
        state: _Open,
        sentence: Sentence,
        block: Block,
        match: Match,
        source: object,
        target: object,
    ) -> Event:
        rule = match.rule
        info = self.dictionaries.cameo[rule.code]
        src = source[0] if isinstance(source, tuple) else None
        tgt = target[0] if isinstance(target, tuple) else None
        location = clause_location(match.trigger[-1], match.clause, self.gazetteer)
        flags_extra: tuple[str, ...] = ()
        if (
            tgt is None
            and location is not None
            and location.country
            and (src is None or src.code != location.country)
        ):
            # "protested in Beijing", "held exercises in Alaska": the place's state is the target
            tgt = Actor(location.name, location.country, location.country, None, None)
            flags_extra = ("target_from_place",)
        elif tgt is None:
            theme = theme_location(match.trigger[-1], match.clause, self.gazetteer)
            if theme is not None and theme.country and (src is None or src.code != theme.country):
                # "sorrow for the shootings in South Carolina": the place the act is about
                tgt = Actor(theme.name, theme.country, theme.country, None, None)
                flags_extra = ("target_from_place",)
        info, rule_code = self._by_attacker(info, rule.code, src)
        bombing = _bombing(match.trigger[-1]) if rule_code in ("180", "190") else None
        if bombing is not None:  # "killed in a car bomb explosion": the means is the act
            info, rule_code = self.dictionaries.cameo[bombing], bombing
        trig_first, trig_last = match.trigger[0], match.trigger[-1]
        starts = [block.start + trig_first.idx] + [
            a.start for a in (src, tgt) if a and a.start is not None
        ]
        ends = [block.start + trig_last.idx + len(trig_last.text)] + [
            a.end for a in (src, tgt) if a and a.end
        ]
        flags, confidence = self._confidence(sentence, src, tgt)
        flags += flags_extra
        mood = modality(match.trigger[-1], match.clause)
        published = state.actors.when
        when = self.dates.event_date(
            match.trigger[-1],
            anchors_for(match.trigger[-1], match.clause),
            published,
            future=mood in ("planned", "hypothetical"),
        )
        return Event(
            id=f"{state.doc.id}:{sentence.index}:0",
            sentence=sentence.index,
            start=min(starts),
            end=max(ends),
            trigger=" ".join(t.text for t in match.trigger),
            trigger_start=block.start + trig_first.idx,
            trigger_end=block.start + trig_last.idx + len(trig_last.text),
            rule=rule.id,
            source=src,
            target=tgt,
            cameo=rule_code,
            name=info.name,
            root=rule_code[:2],
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            plover=Plover(info.plover_type, info.plover_mode)
            if info.plover_type not in ("", "OTHER")
            else None,
            modality=mood,
            date=when.date if when else None,
            date_end=when.end if when else None,
            historical=is_historical(when, published, self.options.historical_days),
            location=location,
            confidence=confidence,
            flags=flags,
        )

    def _by_attacker(
        self, info: CameoCode, code: str, source: Actor | None
    ) -> tuple[CameoCode, str]:
        """CAMEO separates unconventional violence (18x) from conventional military force (19x) by
        who uses it: a generic attack (180) by armed forces, rebels or a state is 190; violence
        and destruction (17-18) by protesters is a violent protest, a riot (145)."""
        if source is not None and code[:2] in _FORCE_BY_CROWDS and _protesters(source):
            return self.dictionaries.cameo["145"], "145"
        if code != "180" or source is None or source.code is None:
            return info, code
        state_actor = source.country is not None and source.role in (None, "GOV", "MIL")
        if source.role in ("MIL", "REB") or state_actor:
            return self.dictionaries.cameo["190"], "190"
        return info, code

    def _confidence(
        self, sentence: Sentence, src: object, tgt: object
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
        if _code(src) is None or (_code(tgt) is None and tgt is not None):
            confidence = min(confidence, self.options.uncoded_confidence)
        return flags, confidence


def _longest_prefix(code: str, table: Mapping[str, T]) -> T | None:
    """The entry of the longest prefix of a CAMEO code (4, 3 then 2 digits) in a code table."""
    return next((table[code[:n]] for n in (4, 3, 2) if code[:n] in table), None)


_FORCE = frozenset({"18", "19", "20"})
_FORCE_BY_CROWDS = frozenset({"17", "18"})
_PROTESTERS = frozenset(
    {"protester", "protesters", "protestor", "protestors", "demonstrator", "demonstrators"}
    | {"rioter", "rioters", "mob", "mobs"}
)


_BOMBS = frozenset({"bomb", "bombing", "blast", "explosion", "explosive", "ied", "bomber"})
_BOMB_KINDS = (
    ("1831", frozenset({"suicide"})),
    ("1832", frozenset({"car", "vehicle", "truck", "lorry", "motorcycle"})),
    ("1833", frozenset({"roadside", "ied", "landmine", "mine"})),
)


def _bombing(trigger: Token) -> str | None:
    """CAMEO 183x when a killing or wounding was done by a bomb: its subject is a bombing ("a
    roadside bombing killed one soldier") or it happened in one ("killed in a car bomb
    explosion", "wounded in a bomb attack"); the bomb's kind picks 1831-1833."""
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
        if words & _BOMBS:
            return next((code for code, kinds in _BOMB_KINDS if words & kinds), "183")
    return None


def _protesters(actor: Actor) -> bool:
    """Whether the actor is a crowd of protesters ("a Ukrainian protestor", "angry rioters")."""
    return any(word in _PROTESTERS for word in actor.text.lower().split())


def _speaker(actors: DocumentActors, speaking: Token) -> Actor | None:
    """The coded actor who says something: the subject of the speaking verb."""
    subject = clause_subject(speaking)
    found = [a for a, _ in actors.resolve(subject)] if subject is not None else []
    return found[0] if found and found[0].code is not None else None


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
    targeted = [(e.cameo, _code(e.source)) for e in events if e.target is not None]
    with_source = {(e.cameo, _code(e.target)) for e in events if _code(e.source)}
    attacks = {_code(e.source) for e in events if _code(e.target) and e.root in _FORCE}

    def subsumed(e: Event) -> bool:
        generic = e.cameo[:2] if len(e.cameo) == 3 and e.cameo.endswith("0") else e.cameo
        return any(c.startswith(generic) and s == _code(e.source) for c, s in targeted)

    return [
        e
        for e in events
        if not (
            (e.target is None and subsumed(e))
            or (e.source is None and (e.cameo, _code(e.target)) in with_source)
            or (e.cameo == "190" and not _code(e.target) and _code(e.source) in attacks)
        )
    ]


def _code(actor: object) -> str | None:
    return getattr(actor, "code", None)


def _renumber(event: Event, doc_id: str, index: int, n: int) -> Event:
    return replace(event, id=f"{doc_id}:{index}:{n}")


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
