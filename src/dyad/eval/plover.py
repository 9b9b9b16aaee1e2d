"""Reader for the PLOVER gold records (``PLOVER_GSR_CAMEO.txt``, a JSON array).

The records use an older PLOVER version (0.5b1); their event labels are mapped onto today's
types with ``data/plover_legacy.tsv`` (or the built-in table below while that file is absent).
A record with several sources or targets gives one gold event per (source, target) pair. A record
with no target whose markup tags its actors ``SRC/TAR`` is reciprocal ("A and B agreed"): it gives
one event per ordered pair of distinct sources.
"""

from __future__ import annotations

import json
from itertools import permutations, product
from pathlib import Path
from typing import Any

from dyad.errors import InputError
from dyad.eval.actors import GENERIC_BODIES, normalize_gold_actor, normalize_sector
from dyad.eval.items import GoldEvent, GoldItem, normalize_space

LEGACY_TSV = Path(__file__).resolve().parent.parent / "data" / "plover_legacy.tsv"

# Used only while data/plover_legacy.tsv does not exist; types not listed keep their name.
BUILTIN_LEGACY: dict[str, str] = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}


def load_plover_legacy(path: Path | None = None) -> dict[str, str]:
    """Old PLOVER type → current type, from the TSV (columns old_type, new_type) if present."""
    path = path or LEGACY_TSV
    if not path.is_file():
        return dict(BUILTIN_LEGACY)
    rows = [
        line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    header = [h.strip() for h in rows[0]] if rows else []
    if "old_type" not in header or "new_type" not in header:
        raise InputError(f"{path}:1: expected columns old_type and new_type, got {header}")
    old, new = header.index("old_type"), header.index("new_type")
    return {r[old].strip(): r[new].strip() for r in rows[1:] if len(r) > max(old, new)}


def plover_actor(actor: dict[str, Any]) -> str | None:
    """``code`` + ``sector`` as one dyad actor code (``HUN`` + ``GOV`` → ``HUNGOV``).

    A bare ``IGO``/``NGO`` code names no body, so its sector is dropped: appending it would put a
    role where the 6-character rule expects the body.
    """
    code = str(actor.get("code") or "").strip().upper()
    if code in GENERIC_BODIES:
        return code
    return normalize_gold_actor(code + normalize_sector(actor.get("sector")))


def actor_list(value: object) -> list[str | None]:
    """A record's ``source``/``target`` field as codes; ``""``, a bare string or null give []."""
    if not isinstance(value, list):
        return []
    return [plover_actor(a) for a in value if isinstance(a, dict)]


def markup(record: dict[str, Any]) -> str:
    """The inline ``(SRC: ...)`` markup, whether ``textInfo`` is an object or a string."""
    info = record.get("textInfo")
    return str(info.get("markup", "")) if isinstance(info, dict) else str(info or "")


def actor_pairs(record: dict[str, Any]) -> list[tuple[str | None, str | None]]:
    """Every (source, target) pair the record codes, reciprocal records included."""
    sources, targets = actor_list(record.get("source")), actor_list(record.get("target"))
    if not targets and len(sources) > 1 and "SRC/TAR" in markup(record):
        return list(permutations(sources, 2))
    return list(product(sources or [None], targets or [None]))


def plover_item(record: dict[str, Any], legacy: dict[str, str], suite: str) -> GoldItem:
    """One sentence record as a gold item; its type is mapped to the current PLOVER version."""
    label = str(record["event"]).strip().upper()
    ptype = legacy.get(label, label)
    events = tuple(
        GoldEvent(source=s, target=t, cameo=None, plover=ptype) for s, t in actor_pairs(record)
    )
    return GoldItem(
        id=str(record["id"]),
        text=normalize_space(str(record["text"])),
        published=record.get("date") or None,
        events=events,
        suite=suite,
        kind="plover",
    )


def read_plover_gold(
    path: str | Path, suite: str | None = None, legacy: dict[str, str] | None = None
) -> list[GoldItem]:
    """Read the PLOVER gold records, skipping records without a sentence (``DOCUMENT``).

    A label that the legacy table maps to an empty type is not an event: its records are skipped.
    """
    path = Path(path)
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from exc
    legacy = load_plover_legacy() if legacy is None else legacy
    items = [
        plover_item(r, legacy, suite or path.stem)
        for r in records
        if isinstance(r, dict) and r.get("text") and r.get("event") not in (None, "DOCUMENT")
    ]
    return [item for item in items if all(e.plover for e in item.events)]
