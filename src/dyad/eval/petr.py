"""Reader for PETRARCH / UniversalPETRARCH validation files.

These files are not well-formed XML: they carry ``#`` comment banners outside comments, and a
``<Sentence .../>`` tag is often self-closed and followed by its ``EventCoding``, ``Text`` and
``Parse`` siblings. They are therefore read with regular expressions, one record per
``<Sentence`` tag, up to the next one.
"""

from __future__ import annotations

import re
from pathlib import Path

from dyad.eval.actors import normalize_gold_actor
from dyad.eval.items import GoldEvent, GoldItem, normalize_space

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SENTENCE = re.compile(r"<Sentence\b([^>]*)>")
_CODING = re.compile(r"<EventCoding\b([^>]*)>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.DOTALL)
_PARSE = re.compile(r"<Parse>(.*?)</Parse>", re.DOTALL)
_ATTR = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_INCLUDE = re.compile(r"""<Include(?:\s+categories\s*=\s*"([^"]*)"\s*/?>|>([^<]*)</Include>)""")


def attributes(tag_body: str) -> dict[str, str]:
    """The ``name="value"`` pairs of one tag (either quote style, spaces around ``=`` allowed)."""
    return {m[1]: m[2] if m[2] is not None else m[3] for m in _ATTR.finditer(tag_body)}


def include_list(text: str) -> set[str] | None:
    """The categories named in the file's ``<Include>`` element, or None when it has none."""
    found = _INCLUDE.search(text)
    if not found:
        return None
    return set((found[1] if found[1] is not None else found[2]).split())


def is_included(attrs: dict[str, str], include: set[str] | None) -> bool:
    """PETRARCH's selection: listed categories, plus ``valid="true"`` records when listed."""
    if attrs.get("evaluate", "true").lower() == "false":
        return False
    if include is None:
        return True
    if "valid" in include and attrs.get("valid", "").lower() == "true":
        return True
    return attrs.get("category", "") in include


def petr_date(raw: str | None) -> str | None:
    """``YYYYMMDD`` as ``YYYY-MM-DD``; any other shape (the files hold a few) gives None."""
    if raw and re.fullmatch(r"\d{8}", raw.strip()):
        raw = raw.strip()
        return f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
    return None


def text_from_conllu(parse: str) -> str:
    """Rebuild a sentence from a CoNLL-U parse (for records whose ``<Text>`` is empty)."""
    parts = []
    for line in parse.splitlines():
        cols = line.split("\t")
        if len(cols) >= 10 and cols[0].isdigit():
            parts.append(cols[1] + ("" if "SpaceAfter=No" in cols[9] else " "))
    return "".join(parts)


def record_text(chunk: str) -> str | None:
    """A record's sentence: its ``<Text>``, or its CoNLL-U parse's words when that is empty."""
    body = _TEXT.search(chunk)
    if body is None:
        return None
    text = normalize_space(body[1])
    parse = _PARSE.search(chunk)
    if not text and parse is not None:
        text = normalize_space(text_from_conllu(parse[1]))
    return text


def coding_events(chunk: str) -> tuple[GoldEvent, ...]:
    """The expected events of one record; ``noevents`` and ``error`` codings expect none."""
    events = []
    for match in _CODING.finditer(chunk):
        attrs = attributes(match[1])
        if "eventcode" not in attrs:
            continue
        events.append(
            GoldEvent(
                source=normalize_gold_actor(attrs.get("sourcecode")),
                target=normalize_gold_actor(attrs.get("targetcode")),
                cameo=attrs["eventcode"].strip() or None,
                plover=attrs.get("plover") or None,
            )
        )
    return tuple(events)


def record_chunks(text: str) -> list[tuple[dict[str, str], str]]:
    """Each ``<Sentence`` tag's attributes with the text up to the next record."""
    starts = list(_SENTENCE.finditer(text))
    chunks = []
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        chunks.append((attributes(match[1]), text[match.end() : end]))
    return chunks


def read_petrarch_xml(path: str | Path, suite: str | None = None) -> list[GoldItem]:
    """Read a PETRARCH validation file into gold items, honouring its ``<Include>`` list."""
    path = Path(path)
    content = _COMMENT.sub("", path.read_text(encoding="utf-8", errors="replace"))
    include = include_list(content)
    items = []
    for attrs, chunk in record_chunks(content):
        text = record_text(chunk)
        if not is_included(attrs, include) or text is None or "id" not in attrs:
            continue
        items.append(
            GoldItem(
                id=attrs["id"],
                text=text,
                published=petr_date(attrs.get("date")),
                events=coding_events(chunk),
                suite=suite or path.stem,
                kind="petrarch",
            )
        )
    return items
