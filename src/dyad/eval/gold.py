"""Gold readers: format detection, the CAMEO codebook table and dyad's own JSONL gold.

``read_gold(path)`` picks the reader; the PETRARCH and PLOVER readers live in ``petr`` and
``plover``. Every reader returns ``list[GoldItem]``.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import ftfy

from dyad.errors import InputError
from dyad.eval.actors import normalize_gold_actor
from dyad.eval.items import GoldEvent, GoldItem, GoldKind, normalize_space, unique_ids
from dyad.eval.petr import read_petrarch_xml
from dyad.eval.plover import read_plover_gold

# Codebook cells that hold no example sentence.
_NO_EXAMPLE = re.compile(r"^(NA|NEED EXAMPLE\.?)?$", re.IGNORECASE)
# The codebook appends coding notes to some examples ("... Note: two events are coded.").
_NOTE = re.compile(r"\s*\bNote:.*$", re.DOTALL)


def detect_format(path: str | Path) -> GoldKind:
    """Which reader a gold file needs, from its name and first bytes."""
    path = Path(path)
    head = path.read_bytes()[:4096].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if path.suffix.lower() == ".jsonl":
        return "dyad"
    if path.suffix.lower() == ".xml" or (head.startswith("<") and "<Sentence" in head):
        return "petrarch"
    if path.suffix.lower() == ".csv" and "example" in head.splitlines()[0].lower():
        return "codebook"
    if head.startswith("["):
        return "plover" if '"textInfo"' in head or '"event"' in head else "dyad"
    raise InputError(
        f"{path}: cannot tell its gold format. Expected PETRARCH XML (.xml), the CAMEO codebook"
        " table (.csv with an 'example' column), PLOVER gold records (a JSON array) or dyad"
        " JSONL gold (.jsonl)."
    )


def codebook_example(raw: str) -> str | None:
    """The example sentence of one codebook row, repaired and without its coding note."""
    text = normalize_space(_NOTE.sub("", ftfy.fix_text(raw or "")))
    return None if _NO_EXAMPLE.match(text) else text


def read_codebook(path: str | Path, suite: str | None = None) -> list[GoldItem]:
    """The codebook table's example sentences, each gold for its row's code (no actors)."""
    path = Path(path)
    with path.open(encoding="cp1252", newline="") as handle:
        rows = list(csv.DictReader(handle))
    items = []
    for row in rows:
        text, code = codebook_example(row.get("example", "")), row.get("code", "").strip()
        if text and code:
            event = GoldEvent(source=None, target=None, cameo=code, plover=None)
            items.append(
                GoldItem(f"codebook-{code}", text, None, (event,), suite or path.stem, "codebook")
            )
    return items


def plover_label(value: object) -> str | None:
    """A dyad gold event's PLOVER field: a type string or ``{"type": ...}``."""
    if isinstance(value, dict):
        value = value.get("type")
    return str(value) if value else None


def dyad_event(raw: dict[str, Any]) -> GoldEvent:
    """One event object of dyad's JSONL gold."""
    historical = raw.get("historical")
    return GoldEvent(
        source=normalize_gold_actor(raw.get("source")),
        target=normalize_gold_actor(raw.get("target")),
        cameo=str(raw["cameo"]) if raw.get("cameo") else None,
        plover=plover_label(raw.get("plover")),
        modality=raw.get("modality") or None,
        date=raw.get("date") or None,
        historical=bool(historical) if historical is not None else None,
    )


def dyad_item(raw: object, where: str, suite: str) -> GoldItem:
    """One JSONL gold line as a gold item; ``where`` is ``file:line`` for error messages."""
    if not isinstance(raw, dict) or "id" not in raw or "text" not in raw:
        raise InputError(f"{where}: expected an object with 'id', 'text' and 'events'")
    events = raw.get("events") or []
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        raise InputError(f"{where}: 'events' must be a list of objects")
    return GoldItem(
        id=str(raw["id"]),
        text=normalize_space(str(raw["text"])),
        published=raw.get("published") or None,
        events=tuple(dyad_event(e) for e in events),
        suite=suite,
        kind="dyad",
        phenomena=tuple(str(p) for p in raw.get("phenomena") or ()),
    )


def read_dyad_gold(path: str | Path, suite: str | None = None) -> list[GoldItem]:
    """dyad's own gold: JSONL (one object per line) or a JSON array of the same objects."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        rows = [(f"{path}[{i}]", r) for i, r in enumerate(json.loads(text))]
    else:
        rows = [(f"{path}:{n}", line) for n, line in enumerate(text.splitlines(), 1)]
        rows = [(w, parse_line(w, line)) for w, line in rows if str(line).strip()]
    return [dyad_item(raw, where, suite or path.stem) for where, raw in rows]


def parse_line(where: str, line: object) -> object:
    """One JSONL line as JSON, failing with ``file:line`` on bad input."""
    try:
        return json.loads(str(line))
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from exc


def read_gold(path: str | Path, suite: str | None = None) -> list[GoldItem]:
    """Read any supported gold file, detecting its format; repeated ids get a ``#n`` suffix."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such gold file; check the path")
    readers = {
        "petrarch": read_petrarch_xml,
        "codebook": read_codebook,
        "plover": read_plover_gold,
        "dyad": read_dyad_gold,
    }
    return unique_ids(readers[detect_format(path)](path, suite))
