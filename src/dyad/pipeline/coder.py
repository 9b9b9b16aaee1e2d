"""The coder: documents in, document records out. The one entry point the CLI, API and workers use.

Stages, each its own module: text (blocks, sentence kinds) and quality -> language -> nlp (spaCy
with dyad's rulers) -> actors -> events (rule matches) -> event_build (events, with
modality, time and place, and what their reports make) -> records; quotes and quantities beside.
Documents stream through ``nlp.pipe`` in batches bounded in blocks and in characters; only the
records of finished documents are kept, so memory stays bounded however long a document is. A
document over the size limit or past its deadline ends ``failed`` with the reason
(:mod:`dyad.limits`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cached_property

from spacy.language import Language
from spacy.pipeline.transition_parser import Parser as TransitionParser
from spacy.tokens import Doc

from ..dictionaries import Dictionaries, load_dictionaries
from ..errors import CodingCancelled
from ..limits import Cancelled, Clock, Limits
from ..options import Options
from ..records import Dateline, DocumentInput, DocumentResult, Sentence
from .actors import DocumentActors
from .context import DocumentContext
from .dateline import find_dateline
from .event_build import EventBuilder
from .events import EventMatcher
from .geo import Gazetteer
from .grammar import read_entities
from .language import language_gate
from .nlp import build_pipeline
from .quality import NOT_NEWS, clean_text, page_flags, sentence_flags
from .quantities import find_quantities
from .quotes import find_quotes
from .state import DocumentState, publication_day
from .text import Block, blocks, bounded_batches, sentence_kinds
from .timex import DateResolver

log = logging.getLogger(__name__)


class Coder:
    """Codes documents. Build one per process (the model loads once) and reuse it."""

    def __init__(
        self, options: Options | None = None, dictionaries: Dictionaries | None = None
    ) -> None:
        self.options = options or Options.load()
        self.dictionaries = dictionaries or load_dictionaries(self.options.dictionaries)
        self.matcher = EventMatcher(self.dictionaries)
        self.dates = DateResolver()
        self.limits = Limits.of(self.options)

    @cached_property
    def nlp(self) -> Language:
        return build_pipeline(self.dictionaries, model=self.options.model)

    @cached_property
    def _transition_pipes(self) -> tuple[str, ...]:
        """The pipeline's transition-based components (the parser and ``ner``)."""
        return tuple(name for name, pipe in self.nlp.pipeline if isinstance(pipe, TransitionParser))

    @cached_property
    def gazetteer(self) -> Gazetteer:
        names = {t.text.lower(): c.code for c in self.dictionaries.countries for t in c.names}
        regions = {
            t.text.lower(): (r.name, r.country) for r in self.dictionaries.regions for t in r.names
        }
        return Gazetteer(names, regions=regions)

    @cached_property
    def builder(self) -> EventBuilder:
        return EventBuilder(
            self.dictionaries, self.options, gazetteer=self.gazetteer, dates=self.dates
        )

    def _place_country(self, name: str) -> str | None:
        found = self.gazetteer.lookup(name)
        return found.country if found is not None else None

    def _city_country(self, name: str) -> str | None:
        found = self.gazetteer.major_city(name)
        return found.country if found is not None else None

    def _known_place(self, name: str) -> tuple[bool, str | None]:
        """Whether a dateline's place is known, and its state (None for the United Nations)."""
        if name.lower() in self._body_names:
            return True, None
        found = self.gazetteer.lookup(name)
        return (True, found.country) if found is not None else (False, None)

    @cached_property
    def _body_names(self) -> frozenset[str]:
        return frozenset(t.text.lower() for igo in self.dictionaries.igos for t in igo.names)

    def code_text(
        self, text: str, *, doc_id: str = "-", published: str | None = None
    ) -> DocumentResult:
        """Code one text; a convenience over :meth:`code`."""
        return next(self.code([DocumentInput(id=doc_id, text=text, published=published)]))

    def code(
        self,
        documents: Iterable[DocumentInput],
        *,
        cancelled: Cancelled | None = None,
        deadline_s: float | None = None,
    ) -> Iterator[DocumentResult]:
        """Code documents in order, one result per input document, whatever its state.

        ``cancelled`` is asked between blocks; when it says so, the call raises
        :class:`~dyad.errors.CodingCancelled` (the API: the client hung up). ``deadline_s``
        replaces the options' per-document deadline for this call.
        """
        pending: dict[int, DocumentState] = {}
        seconds = self.options.deadline_s if deadline_s is None else deadline_s
        clock = Clock(seconds, cancelled)
        stream = self._blocks(documents, pending, clock)
        options = self.options
        for group in bounded_batches(stream, options.batch_size, options.max_batch_chars):
            # spaCy's parser and ner step through a quarter of their batch at a time: given four
            # times the group, they take it whole (the same parses, a little sooner)
            whole = {name: {"batch_size": 4 * len(group)} for name in self._transition_pipes}
            parsed = self.nlp.pipe(
                group, as_tuples=True, batch_size=len(group), component_cfg=whole
            )
            for doc, (number, block) in parsed:
                if clock.cancelled():
                    raise CodingCancelled("coding was cancelled by its caller")
                state = pending[number]
                state.stopped = state.stopped or clock.late(state.due)
                if state.stopped is None:
                    self._code_block(state, doc, block)
                state.blocks_left -= 1
                yield from self._finished(pending)
        yield from self._finished(pending, flush=True)

    # --- streaming ------------------------------------------------------------------------------

    def _blocks(
        self, documents: Iterable[DocumentInput], pending: dict[int, DocumentState], clock: Clock
    ) -> Iterator[tuple[str, tuple[int, Block]]]:
        for number, document in enumerate(documents):
            due = clock.start()
            document = self.limits.within_size(document)
            skip = language_gate(document) if not document.error else None
            coded = not document.error and skip is None
            text, fixed = clean_text(document.text) if coded else (document.text, ())
            parts = list(blocks(text, self.options.max_block_chars)) if coded else []
            parts, dateline = self._dateline(parts, publication_day(document.published))
            published = document.published or (dateline.date if dateline else None)
            context = DocumentContext(
                dateline=dateline.country if dateline else None,
                stateless=self.dictionaries.lexicon.stateless_modifier,
                missions=self.dictionaries.lexicon.mission_word,
            )
            actors = DocumentActors(
                self.dictionaries,
                when=publication_day(published),
                place_country=self._place_country,
                city_country=self._city_country,
                context=context,
            )
            state = DocumentState(
                document, text, document.flags + fixed, actors, len(parts), context,
                skip=skip, dateline=dateline, published=published, defaults=self.builder.defaults,
                due=due,
            )  # fmt: skip
            pending[number] = state
            for index, block in enumerate(parts):
                state.stopped = state.stopped or clock.late(due)
                if state.stopped is not None:  # past its deadline: the rest is not parsed
                    state.blocks_left -= len(parts) - index
                    break
                yield block.text, (number, block)

    def _dateline(
        self, parts: list[Block], published: date | None
    ) -> tuple[list[Block], Dateline | None]:
        """Cut the dateline off the first block that opens with one (among the first three:
        a headline and a byline may come first)."""
        for n, block in enumerate(parts[:3]):
            found = find_dateline(
                block.text, offset=block.start, place_country=self._known_place, published=published
            )
            if found is not None:
                cut = Block(block.start + found.body_start, block.text[found.body_start :])
                return [*parts[:n], cut, *parts[n + 1 :]], found.dateline
        return parts, None

    def _finished(
        self, pending: dict[int, DocumentState], *, flush: bool = False
    ) -> Iterator[DocumentResult]:
        while pending:
            first = min(pending)
            if pending[first].blocks_left > 0 and not flush:
                return
            yield pending.pop(first).result()

    # --- one block ------------------------------------------------------------------------------

    def _code_block(self, state: DocumentState, doc: Doc, block: Block) -> None:
        read_entities(doc)  # the stages read each sentence's entities from this one list
        state.actors.bind(doc, block.start)
        sents = list(doc.sents)
        kinds = sentence_kinds(block.text, sents, last_block=state.blocks_left == 1)
        for sent, kind in zip(sents, kinds, strict=True):
            index = len(state.sentences)
            start = block.start + sent.start_char
            text = sent.text
            flags = sentence_flags(text) + page_flags(text)
            sentence = Sentence(index, start, start + len(text), kind, flags)
            state.sentences.append(sentence)
            state.quantities.extend(find_quantities(sent, index, block.start))
            if kind in ("heading", "caption") or NOT_NEWS.intersection(flags):
                continue  # headings, captions and page furniture give no events (CODING.md §1.6)
            state.actors.observe(sent)
            lexicon = self.dictionaries.lexicon
            state.quotes.extend(find_quotes(sent, index, block.start, state.actors, lexicon))
            matches = list(self.matcher.matches(sent, state.actors))
            state.events.extend(self.builder.sentence_events(state, sentence, block, matches))
