"""Opening a DuckDB file safely: refuse what is not a dyad store, explain locks, never overwrite.

The file's header is read before DuckDB sees it, so a text file, a SQLite database or anything else
is refused byte for byte unchanged (DuckDB itself would try to load an extension for SQLite files).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import duckdb

from ._errors import LockedError, NotAStoreError, StoreError

# Offsets 8-11 of every DuckDB database file hold the magic bytes "DUCK".
_MAGIC = b"DUCK"
_MAGIC_AT = 8

# Every connection gets the same settings, so two connections in one process never conflict.
# No file system access from SQL (so `dyad sql` cannot read or write files), no extension
# downloads, and no Python variables standing in for unknown tables.
CONFIG: Mapping[str, str | bool | int | float | list[str]] = MappingProxyType(
    {
        "enable_external_access": False,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "python_enable_replacements": False,
    }
)

_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


def connect(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A connection to ``path`` after checking it looks like a DuckDB file; clear errors otherwise."""
    if read_only and not path.exists():
        raise StoreError(f"no database at {path}; create one with 'dyad ingest PATH --db {path}'")
    if path.exists():
        check_header(path)
    try:
        return duckdb.connect(str(path), read_only=read_only, config=dict(CONFIG))
    except duckdb.IOException as exc:
        raise _explain(path, exc) from None
    except duckdb.ConnectionException as exc:
        raise StoreError(
            f"{path} is already open in this process with other settings ({exc}); "
            "close the other Store first"
        ) from None


def check_header(path: Path) -> None:
    """Refuse a file whose first bytes are not a DuckDB header (the file is not modified)."""
    if path.is_dir():
        raise NotAStoreError(f"{path} is a folder; --db takes a database file name")
    with path.open("rb") as fh:
        head = fh.read(64)
    if head[_MAGIC_AT : _MAGIC_AT + len(_MAGIC)] == _MAGIC:
        return
    raise NotAStoreError(
        f"{path} is not a DuckDB database ({_looks_like(head)}); dyad left it unchanged. "
        "Give --db a new file name, or the path of a database 'dyad ingest' created"
    )


def _looks_like(head: bytes) -> str:
    if not head:
        return "it is an empty file"
    if head.startswith(b"SQLite format 3"):
        return "it is a SQLite database"
    if head.startswith(b"PAR1"):
        return "it is a Parquet file; read it with 'dyad sql' or pandas instead"
    try:
        sample = head.decode("utf-8")
    except UnicodeDecodeError:
        return "its first bytes are not DuckDB's header"
    return f"it starts with text: {sample[:30]!r}"


def _command_line(pid: str) -> str:
    """The command line of process ``pid`` where the system shows it (Linux /proc), else ''."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    words = [w.decode("utf-8", "replace") for w in raw.split(b"\0") if w]
    return " ".join(Path(words[0]).name if i == 0 else w for i, w in enumerate(words))


def _explain(path: Path, exc: duckdb.IOException) -> StoreError:
    message = str(exc)
    if "lock" in message.lower():
        holder = _LOCK_HOLDER.search(message)
        pid = holder["pid"] if holder else None
        command = _command_line(pid) if pid else ""
        who = f"process {pid} ({command or holder['program']})" if holder else "another process"
        if "serve" in command.split():
            return LockedError(
                f"database is locked: {path} is held open by {who}, a dyad server. Send the "
                "documents through it: 'dyad ingest PATH --server http://HOST:PORT' with the "
                "server's DYAD_API_TOKEN (start it with one), or stop the server first"
            )
        return LockedError(
            f"database is locked: {path} is held open by {who}. Wait for it to finish, stop "
            "it, or use another --db file"
        )
    if "not a valid DuckDB database" in message:
        return NotAStoreError(f"{path} is not a valid DuckDB database; dyad left it unchanged")
    return StoreError(f"cannot open {path}: {message}")
