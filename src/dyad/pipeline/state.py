"""What the coder knows about one document while its blocks are parsed, and the record it becomes.

A :class:`DocumentState` lives from the moment a document's blocks enter spaCy until its last block
is coded; then :meth:`DocumentState.result` turns it into the frozen
:class:`~dyad.records.DocumentResult`. Nothing in it is shared between documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..records import (
    Dateline,
    DocumentInput,
    DocumentResult,
    Event,
    Quality,
    Quantity,
    Quote,
    Sentence,
    Status,
)
from .actors import DocumentActors
from .context import DocumentContext
from .defaults import DefaultTargets, untargeted_statement
from .merge import one_event_per_act
from .quality import document_score


@dataclass
class DocumentState:
    """A document being coded: its input and what has been found so far."""

    doc: DocumentInput
    text: str  # the text after clean-up: offsets point into it
    flags: tuple[str, ...]
    actors: DocumentActors
    blocks_left: int
    context: DocumentContext = field(default_factory=DocumentContext)
    skip: str | None = None  # why the document is not coded (not English)
    dateline: Dateline | None = None
    published: str | None = None  # the input's, else the dateline's date
    defaults: DefaultTargets | None = None  # targets by the act's nature, once context is known
    due: float = float("inf")  # time.monotonic() by which it must be coded
    stopped: str | None = None  # why coding it was stopped (past its deadline): it fails
    sentences: list[Sentence] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)

    def result(self) -> DocumentResult:
        """The document's record: failed or skipped with the reason, empty, or ok with all found."""
        doc = self.doc
        reason = doc.error or self.stopped or self.skip
        if reason is not None:
            status: Status = "failed" if doc.error or self.stopped else "skipped"
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
        if not self.text.strip():
            return DocumentResult(
                doc.id,
                doc.published,
                "empty",
                text=self.text,
                url=doc.url,
                title=doc.title,
                source=doc.source,
                quality=Quality(1.0, self.flags),
            )
        score = document_score(
            [s.flags for s in self.sentences],
            [s.end - s.start for s in self.sentences],
            self.flags,
        )
        # the document's last step: role-only actors take the state it is about (CODING.md §2),
        # and an act reported more than once is one event (§1.7)
        events = self.context.finish(self.events)
        if self.defaults is not None:
            events = [self.defaults.apply(e) for e in events]
        events = one_event_per_act([e for e in events if not untargeted_statement(e)])
        return DocumentResult(
            doc.id,
            self.published or doc.published,
            "ok",
            quality=Quality(score, self.flags),
            sentences=tuple(self.sentences),
            events=tuple(events),
            quotes=tuple(self.quotes),
            quantities=tuple(self.quantities),
            text=self.text,
            url=doc.url,
            title=doc.title,
            source=doc.source,
            dateline=self.dateline,
        )


def publication_day(text: str | None) -> date | None:
    """The day a ``published`` value names (its first 10 characters), or None."""
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
