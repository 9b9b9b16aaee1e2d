"""The text stage: cut a document into parse blocks and tell headings and captions from body text.

Blocks are lines (paragraphs); a very long line is cut at sentence ends (else at a space, else
anywhere) so that one huge document never becomes one huge spaCy ``Doc``, and blocks go to spaCy in
batches of bounded size (:func:`bounded_batches`), so a worker's memory does not grow with the
document. Offsets always point into the document's original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from spacy.tokens import Span

from ..records import SentenceKind

T = TypeVar("T", bound=tuple[str, Any])

_SPACES = re.compile(r"\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘(])")
_CREDIT = re.compile(
    r"\((?:photo|photograph|file photo|image|video)\s*[:/][^)]*\)\s*$"
    r"|\((?:xinhua|reuters|ap|afp|getty|epa|cfp|ians|tass|sputnik)[^)]*/[^)]*\)\s*$"
    r"|\([^)]*/\s*(?:xinhua|reuters|ap|afp|getty images|epa|cfp)\)\s*$",
    re.IGNORECASE,
)
_CAPTION_OPENING = re.compile(
    r"^\s*(?:FILE\s+PHOTO|FILE|PHOTO|Photo|IMAGE|Image|PICTURE|Picture|Photograph|Caption|CAPTION)"
    r"\s*[:—–|-]\s",
)
_CAPTION_CREDIT = re.compile(
    r"(?:\b(?:REUTERS|Reuters|AP|AFP|EPA|Xinhua|XINHUA|Getty Images|Anadolu|Bloomberg|TASS|"
    r"Sputnik|IANS|PTI|Pool)(?:/[\w .'’-]+)+|\[(?:Photo|Image)/[^\]]+\]|\((?:Photo|Image|Picture)"
    r"\s+(?:by|courtesy|credit)[^)]*\)|(?:Photo|Image|Picture)\s+(?:credit|courtesy)\s*:.*)\s*\.?\s*$",
)
_CAPTION_POSITION = re.compile(r"\((?:left|right|centre|center|L|R|C|\d(?:st|nd|rd|th)\s+[LR])\)")
_FINAL_PUNCT = tuple(".!?:;\"'”’)…")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_PLACE_DATE_TAIL = re.compile(
    rf"\bin (?:the )?[A-Z][\w' -]*, (?:[a-z]+ )?[A-Z][\w' -]*,? on {_MONTH} \d{{1,2}},? \d{{4}}\.?\s*$"
)


@dataclass(frozen=True, slots=True)
class Block:
    """A stretch of the document parsed as one spaCy Doc."""

    start: int
    text: str


def blocks(text: str, max_chars: int) -> Iterator[Block]:
    """Non-empty lines of ``text`` (offsets kept), long ones cut at sentence ends."""
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        yield from _cut(start, stripped, max_chars)


def _cut(start: int, line: str, max_chars: int) -> Iterator[Block]:
    """``line`` in pieces of at most ``max_chars``, by index: a 20 MB line is never copied whole
    again for each piece."""
    pos, end = 0, len(line)
    while end - pos > max_chars:
        cut = pos + _cut_point(line, pos, max_chars)
        yield Block(start + pos, line[pos:cut].rstrip())
        pos = _SPACES.match(line, cut).end()  # type: ignore[union-attr]
    if pos < end:
        yield Block(start + pos, line[pos:])


def _cut_point(line: str, pos: int, max_chars: int) -> int:
    """Where to cut ``line[pos:]``, counted from ``pos``: the last sentence end, else the last
    space, in the first ``max_chars`` characters; else right at ``max_chars``."""
    ends = [m.start() - pos for m in _SENTENCE_END.finditer(line, pos, pos + max_chars)]
    if ends and ends[-1] > max_chars // 4:
        return ends[-1]
    space = line.rfind(" ", pos, pos + max_chars) - pos
    return space if space > max_chars // 4 else max_chars


def bounded_batches(items: Iterable[T], max_items: int, max_chars: int) -> Iterator[list[T]]:
    """``(text, context)`` items in lists of at most ``max_items`` and ``max_chars`` characters of
    text (a longer single item is a list of its own), so that one spaCy batch never holds more
    text than that, however long the documents are."""
    batch: list[T] = []
    size = 0
    for item in items:
        length = len(item[0])
        if batch and (len(batch) >= max_items or size + length > max_chars):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += length
    if batch:
        yield batch


def is_caption(text: str) -> bool:
    """A photo caption: a line ending in a photo credit ("(Photo: .../Xinhua)", "REUTERS/Pool",
    "[Photo/Agencies]"), opening with "FILE PHOTO:", "Photo:" or "Image:", or placing people in
    the picture ("Kenyan President William Ruto (left) shakes hands with ...")."""
    line = text.strip()
    return bool(
        _CREDIT.search(line)
        or _CAPTION_CREDIT.search(line)
        or _CAPTION_OPENING.match(line)
        or _CAPTION_POSITION.search(line)
    )


def sentence_kinds(
    block_text: str, sents: Sequence[Span], *, last_block: bool = False
) -> list[SentenceKind]:
    """Each sentence's kind: ``caption`` for a photo caption, ``heading`` for a short line
    without final punctuation that introduces more text (so never the document's last line),
    else ``body``.

    A caption either ends in a photo credit (the whole block is then captions), or is a
    one-sentence paragraph in the present or future tense that ends with "in PLACE, COUNTRY on
    MONTH DAY, YEAR" (wire-photo style).
    """
    if is_caption(block_text):
        return ["caption"] * len(sents)
    if len(sents) != 1:
        return ["body"] * len(sents)
    if _caption_form(sents[0]):
        return ["caption"]
    stripped = block_text.strip()
    if not last_block and len(stripped.split()) <= 12 and not stripped.endswith(_FINAL_PUNCT):
        return ["heading"]
    return ["body"]


def _caption_form(sent: Span) -> bool:
    if not _PLACE_DATE_TAIL.search(sent.text):
        return False
    root = sent.root
    future = any(c.dep_ == "aux" and c.lower_ in ("will", "'ll") for c in root.children)
    return future or root.tag_ in ("VBZ", "VBP", "VBG")
