"""Re-check as documents arrive: a loop over short read-only visits to the store.

The store is opened read-only for each visit and closed after it, so ``dyad ingest`` (which
needs the file to itself) can write in between; a visit that finds the file locked by a writer
waits for the next one. A visit re-runs :func:`~.run.watch` only when the store changed (more
documents, a new dedup run), and hands on the alerts it has not handed on before — by
:attr:`Alert.key`, so an alert that a restart finds in its JSONL file is not repeated.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..store import LockedError, Store
from .alerts import Alert
from .run import WatchOptions, watch

log = logging.getLogger(__name__)


def store_state(store: Store) -> tuple[Any, ...]:
    """What changes when documents are ingested or deduplicated."""
    documents = store.fetch("SELECT count(*), max(ingested_at) FROM documents")[0]
    dedup = store.fetch("SELECT value FROM meta WHERE key = 'dedup_at'")
    return (*documents, dedup[0][0] if dedup else None)


def follow(
    path: Path,
    options: WatchOptions,
    *,
    interval: float = 60.0,
    seen: set[str] | None = None,
    checks: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[list[Alert]]:
    """After each visit, the alerts not handed on before (often none, and none when a writer held
    the file); ``checks`` visits, or
    forever when None. ``seen`` holds the keys already handed on and is updated."""
    seen = set() if seen is None else seen
    last: tuple[Any, ...] | None = None
    visit = 0
    while checks is None or visit < checks:
        if visit:
            sleep(interval)
        visit += 1
        try:
            with Store.open(path, read_only=True) as store:
                state = store_state(store)
                report = watch(store, options) if state != last else None
        except LockedError as exc:
            log.info("store busy, checking again in %s s: %s", interval, exc)
            yield []
            continue
        if report is None:
            yield []
            continue
        last = state
        new = [a for a in report.alerts if a.key not in seen]
        seen.update(a.key for a in new)
        yield new


def append_jsonl(path: Path, alerts: list[Alert]) -> None:
    """Append one JSON line per alert (the file is created when missing)."""
    if not alerts:
        return
    with path.open("a", encoding="utf-8") as fh:
        for alert in alerts:
            fh.write(json.dumps(alert.to_dict(), ensure_ascii=False) + "\n")
        fh.flush()


def keys_in(path: Path) -> set[str]:
    """The keys of the alerts already in a JSONL file (none when it is missing); lines that are
    not alerts are skipped with a warning."""
    if not path.exists():
        return set()
    keys = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            keys.add(json.loads(line)["key"])
        except (ValueError, KeyError, TypeError):
            log.warning("%s:%d is not an alert line; ignored", path, number)
    return keys
