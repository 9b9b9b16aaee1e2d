"""Which paths are files to read: a folder walk that accounts for every entry it leaves out.

A folder is walked recursively, in sorted order, and every entry that is not read is counted in
:class:`ReadStats` with the reason (and logged with its path): an unknown extension, a dangling
symlink, a symlink loop, a symlink to a folder (not followed, so nothing is read twice), a FIFO, a
device or a socket (refused: reading one can block forever or never end), a folder that cannot be
listed. A path named on the command line that is not a regular file is refused the same way, as a
failed document.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from ._stats import ReadStats

_SPECIAL = (
    (stat.S_ISFIFO, "FIFO (named pipe)"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISSOCK, "socket"),
)


def special_kind(mode: int) -> str | None:
    """The kind of a path that is neither a regular file nor a folder, or None."""
    return next((name for test, name in _SPECIAL if test(mode)), None)


def refusal(path: Path) -> str | None:
    """Why a path named by the user cannot be read as a file (None: read it)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            return f"{path}: a dangling symlink (its target does not exist)"
        return f"{path}: no such file"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{path}: a symlink loop"
        return f"{path}: cannot read ({exc.strerror})"
    kind = special_kind(mode)
    if kind is not None:
        return (
            f"{path}: a {kind}, not a regular file: refused (reading it could block or never end); "
            "copy it to a file, or pipe plain text to 'dyad code -'"
        )
    return None


def walk(root: Path, known: tuple[str, ...], stats: ReadStats | None) -> Iterator[Path]:
    """The files under ``root`` whose names end in ``known``, in sorted order; the rest is
    counted in ``stats`` (when given) with the reason."""
    found: list[Path] = []
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            _leave(stats, folder, "folder cannot be listed", exc.strerror or "")
            continue
        for entry in entries:
            _sort(Path(entry.path), entry.is_symlink(), known, stats, found, folders)
    yield from sorted(found)


def _sort(
    path: Path,
    link: bool,
    known: tuple[str, ...],
    stats: ReadStats | None,
    found: list[Path],
    folders: list[Path],
) -> None:
    """Put one entry in ``found`` (a file to read) or ``folders`` (to walk), or count it."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        _leave(stats, path, "dangling symlink" if link else "vanished during the walk")
        return
    except OSError as exc:
        loop = exc.errno == errno.ELOOP
        _leave(stats, path, "symlink loop" if loop else "cannot stat", exc.strerror or "")
        return
    if stat.S_ISDIR(mode):
        if link:
            _leave(stats, path, "symlink to a folder (not followed)", os.path.realpath(path))
        else:
            folders.append(path)
        return
    kind = special_kind(mode)
    if kind is not None:
        _leave(stats, path, kind, "refused: reading it could block or never end")
    elif not path.name.lower().endswith(known):
        _leave(stats, path, "unknown extension", path.suffix or "no extension")
    else:
        found.append(path)


def _leave(stats: ReadStats | None, path: Path, reason: str, detail: str = "") -> None:
    if stats is not None:
        stats.leave(path, reason, detail)
