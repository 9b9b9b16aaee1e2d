"""A disk cache for what dyad builds from its data files at start-up: the dictionaries bundle,
the entity rulers' tokenized names and the gazetteer's tables.

Each value is stored under a key hashed from everything it is built from: the bytes of its data
files, the versions of the packages whose data it reads, and the source of the dyad modules that
build it. A changed dictionary file, a user's extra file, a new spaCy or a code change therefore
builds anew; nothing has to be invalidated by hand. The folder is ``$DYAD_CACHE_DIR``, else
``$XDG_CACHE_HOME/dyad``, else ``~/.cache/dyad``; ``DYAD_CACHE_DIR=off`` turns the cache off. A
cache that cannot be read or written is only logged: dyad then builds the value as it would
without a cache. The files are pickles: the folder must be the user's own, like any cache.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from .._version import __version__

log = logging.getLogger(__name__)

CACHE_ENV = "DYAD_CACHE_DIR"
OFF = "off"

T = TypeVar("T")
Input = Path | str | bytes  # a file (its bytes are hashed), or a value that names a version


def cache_dir() -> Path | None:
    """The cache folder, or None when ``$DYAD_CACHE_DIR`` is ``off``."""
    given = os.environ.get(CACHE_ENV, "")
    if given.lower() == OFF:
        return None
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dyad"


def cache_key(kind: str, inputs: Iterable[Input]) -> str | None:
    """A hash of ``kind``, dyad's version, Python's and every input; None when a file cannot be
    read (the builder then meets the missing file itself and reports it)."""
    digest = hashlib.sha256(f"{kind}\0{__version__}\0{sys.version}".encode())
    for item in inputs:
        if isinstance(item, Path):
            try:
                data = item.read_bytes()
            except OSError:
                return None
            digest.update(b"file\0" + str(item).encode() + b"\0" + data)
        else:
            digest.update(b"value\0" + (item if isinstance(item, bytes) else item.encode()))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def cached(kind: str, inputs: Iterable[Input], build: Callable[[], T]) -> T:
    """The value ``build()`` makes from ``inputs``: from the cache when it holds one for exactly
    these inputs, else built now and stored for the next process."""
    folder, key = cache_dir(), cache_key(kind, inputs)
    if folder is None or key is None:
        return build()
    path = folder / f"{kind}-{key}.pickle"
    try:
        value: T = _load(path)
        return value
    except FileNotFoundError:
        pass
    except Exception as exc:  # a truncated or foreign file: build anew and overwrite it
        log.warning("dyad cache %s is unreadable (%s); building it again", path, exc)
    value = build()
    _store(path, value)
    return value


def _load(path: Path) -> Any:
    """Unpickle with the cycle collector paused: it would otherwise walk the growing tables
    again and again (2 s instead of 0.15 s for the gazetteer)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    finally:
        if paused:
            gc.enable()


def _store(path: Path, value: object) -> None:
    """Write atomically (another process may be reading); a read-only home is no error."""
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as fh:
            temporary = fh.name
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError) as exc:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        log.info("dyad cache %s not written (%s); start-up stays uncached", path, exc)


def module_files(*modules: str) -> list[Path]:
    """The source files of dyad modules (``"dictionaries.files"``), for a key that changes with
    the code that builds a cached value."""
    root = Path(__file__).resolve().parent.parent
    return [root / (name.replace(".", "/") + ".py") for name in modules]
