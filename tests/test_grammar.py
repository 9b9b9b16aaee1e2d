"""Tests for dyad.pipeline.grammar: the entities of a span, read once per parsed block."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Span

from dyad.pipeline.grammar import entities, read_entities

TEXT = (
    "Russian President Vladimir Putin met Chinese President Xi Jinping in Moscow on Tuesday. "
    "The two leaders signed 20 agreements worth $2 billion. "
    "Ukraine's foreign ministry in Kyiv said nothing."
)


def _spans(doc_spans: list[Span]) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label_) for e in doc_spans]


def test_entities_are_spacys_for_every_span(nlp: Language) -> None:
    """Read once or read anew, a span's entities are spaCy's own, in text order: whole
    sentences, spans that cut an entity in two, the whole block and an empty span."""
    doc = nlp(TEXT)
    spans = [*doc.sents, doc[2:4], doc[1:3], doc[3:12], doc[0 : len(doc)], doc[5:5]]
    fresh = [_spans(entities(s)) for s in spans]
    read_entities(doc)
    held = [_spans(entities(s)) for s in spans]
    assert held == fresh == [_spans(list(s.ents)) for s in spans]
    assert any(fresh), "the text names entities"


def test_read_entities_gives_the_blocks_entities(nlp: Language) -> None:
    """What the coder reads once is the block's entity list."""
    doc = nlp(TEXT)
    assert _spans(list(read_entities(doc))) == _spans(list(doc.ents))
