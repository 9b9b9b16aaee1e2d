"""dyad's entity rulers: names from the dictionaries marked as entities before spaCy's ``ner``.

A phrase ruler that does what spaCy's ``entity_ruler`` with phrase patterns does, span for span:
every place where a pattern's words (lower-cased, or exactly as written) occur is a match; the
longest match wins, then the earliest; a ruler that may not overwrite skips tokens already in an
entity; the entity's ``ent_id_`` carries the code. It differs in cost only: the patterns are
word tuples (tokenized once, then cached on disk), so building the ruler creates no spaCy
lexemes and matching a document looks each word up in one table, where spaCy's ruler re-counts
its thousands of labels for every document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc, Span

FACTORY = "dyad_phrase_ruler"
Words = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RulerPattern:
    """A name as the tokenizer splits it, and the entity it marks."""

    words: Words
    label: str
    ent_id: str


class PhraseRuler:
    """A spaCy component (``__call__(doc) -> Doc``) that marks the patterns' entities."""

    def __init__(self, *, exact: bool, overwrite: bool) -> None:
        self.exact = exact
        self.overwrite = overwrite
        self._table: dict[tuple[int, ...], tuple[str, str]] = {}
        self._lengths: dict[int, tuple[int, ...]] = {}

    def __len__(self) -> int:
        return len(self._table)

    def set_patterns(self, patterns: Iterable[RulerPattern]) -> None:
        """Replace the patterns; of two with the same words, the first is kept."""
        table: dict[tuple[int, ...], tuple[str, str]] = {}
        lengths: dict[int, set[int]] = {}
        for pattern in patterns:
            words = pattern.words if self.exact else tuple(w.lower() for w in pattern.words)
            key = tuple(hash_string(w) for w in words)
            if not key or key in table:
                continue
            table[key] = (pattern.label, pattern.ent_id)
            lengths.setdefault(key[0], set()).add(len(key))
        self._table = table
        self._lengths = {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}

    def __call__(self, doc: Doc) -> Doc:
        matches = self._matches(doc)
        if not matches:
            return doc
        entities = list(doc.ents)
        new: list[Span] = []
        seen: set[int] = set()
        for start, end, (label, ent_id) in matches:
            if not self.overwrite and any(t.ent_type for t in doc[start:end]):
                continue
            if start in seen or end - 1 in seen:
                continue
            new.append(Span(doc, start, end, label=label, span_id=ent_id))
            entities = [e for e in entities if not (e.start < end and e.end > start)]
            seen.update(range(start, end))
        doc.ents = entities + new
        return doc

    def _matches(self, doc: Doc) -> list[tuple[int, int, tuple[str, str]]]:
        """Every match, the longest first and, among equals, the earliest (as spaCy orders them)."""
        keys: list[int] = doc.to_array("ORTH" if self.exact else "LOWER").tolist()
        found = []
        for start, first in enumerate(keys):
            for length in self._lengths.get(first, ()):
                if start + length > len(keys):
                    continue
                hit = self._table.get(tuple(keys[start : start + length]))
                if hit is not None:
                    found.append((start, start + length, hit))
        found.sort(key=lambda m: (m[0] - m[1], m[0]))
        return found


@Language.factory(FACTORY, default_config={"exact": False, "overwrite": False})
def make_phrase_ruler(nlp: Language, name: str, exact: bool, overwrite: bool) -> PhraseRuler:
    """spaCy's factory for the ruler; its patterns are set afterwards with ``set_patterns``."""
    return PhraseRuler(exact=exact, overwrite=overwrite)


def tokenized(nlp: Language, texts: list[str]) -> list[Words]:
    """Each text as the model's tokenizer splits it."""
    return [tuple(t.text for t in doc) for doc in nlp.tokenizer.pipe(texts)]  # type: ignore[union-attr]
