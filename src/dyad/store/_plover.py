"""PLOVER JSON records, one per line, with the field names of the PLOVER manual's data chapter.

``actor``/``recipient`` are lists of entity objects, ``event`` and ``mode`` lists of categories,
``link`` ties the reports of one deduplicated event (its cluster id), and ``dyad`` carries the
provenance a reader needs to find the evidence: document, sentence, character span and rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._version import __version__
from ._rows import last_day


def record(row: Mapping[str, Any]) -> dict[str, Any] | None:
    """The PLOVER record for one export row; None when the CAMEO code has no PLOVER type."""
    if not row["plover_type"]:
        return None
    day, end = row["day"], last_day(row["date_end"])
    return {
        "id": row["event_id"],
        "date": day.isoformat() if day else None,
        "enddate": end.isoformat() if end else None,
        "actor": _entities(row, "source"),
        "recipient": _entities(row, "target"),
        "event": [row["plover_type"]],
        "mode": [row["plover_mode"]] if row["plover_mode"] else [],
        "context": [],
        "quad_code": row["quad_class"],
        "event_scale": row["goldstein"],
        "event_loc": _location(row),
        "event_text": [row["trigger"]] if row["trigger"] else [],
        "text": row["evidence"],
        "link": str(row["cluster_id"]) if row["cluster_id"] is not None else None,
        "coder": f"dyad {__version__}",
        "coded_date": row["ingested_at"].date().isoformat() if row["ingested_at"] else None,
        "dyad": _provenance(row),
    }


def _entities(row: Mapping[str, Any], slot: str) -> list[dict[str, Any]]:
    if row[f"{slot}_text"] is None:
        return []
    return [
        {
            "code": row[f"{slot}_code"],
            "actorText": row[f"{slot}_text"],
            "country": row[f"{slot}_country"],
            "sector": row[f"{slot}_role"],
            "name": row[f"{slot}_name"],
        }
    ]


def _location(row: Mapping[str, Any]) -> dict[str, Any] | None:
    if row["location_name"] is None:
        return None
    return {
        "name": row["location_name"],
        "country": row["location_country"],
        "lat": row["location_lat"],
        "lon": row["location_lon"],
    }


def _provenance(row: Mapping[str, Any]) -> dict[str, Any]:
    names = (
        "doc_id", "event_id", "event_key", "sentence", "start", "end", "trigger_start",
        "trigger_end", "rule", "cameo", "modality", "date", "date_end", "historical",
        "confidence", "url",
    )  # fmt: skip
    out = {name: row[name] for name in names}
    out["flags"] = list(row["flags"] or ())
    return out
