"""Reading within limits: lines no longer than a document may be, gzip that may not explode.

:func:`bounded_lines` never holds a line longer than its limit: such a line is read through in
chunks and reported by its size (:class:`Oversized`). :func:`open_input` opens a file, through
gzip for ``.gz`` names, and notes how many compressed bytes were read, so that a stream that grows
past :attr:`~dyad.limits.Limits.max_expansion` times its input (a decompression bomb) is stopped
with :class:`Stopped`. A byte-order mark for UTF-16 or UTF-32 is recognised, and the text decoded.
"""

from __future__ import annotations

import codecs
import gzip
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from ..limits import Limits

_CHUNK = 1 << 20
# longest BOM first: the UTF-32 LE mark begins with the UTF-16 LE one
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``head`` announces, or None."""
    return next((name for bom, name in _BOMS if head.startswith(bom)), None)


@dataclass(frozen=True, slots=True)
class Oversized:
    """A line longer than the limit, read through and left out: its length."""

    size: int


class Stopped(Exception):
    """Reading stopped before the end, for the reason given (a decompression bomb)."""


class _Counted(io.RawIOBase):
    """A file whose reads are counted: the compressed bytes under a gzip stream."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.count = raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


@dataclass
class Input:
    """An open input: its text stream (bytes, or str after a UTF-16/32 BOM) and its guard."""

    stream: IO[Any]
    guard: Callable[[int], str | None]


@contextmanager
def open_input(path: Path, limits: Limits) -> Iterator[Input]:
    """``path`` opened for :func:`bounded_lines`: through gzip for ``.gz``, decoded after a
    UTF-16/32 byte-order mark. Raises ``OSError`` when it cannot be opened."""
    with path.open("rb") as raw:
        counted = _Counted(raw)
        if path.name.lower().endswith(".gz"):
            binary: IO[bytes] = cast(IO[bytes], gzip.GzipFile(fileobj=io.BufferedReader(counted)))
        else:
            binary = io.BufferedReader(counted)
        encoding = bom_encoding(binary.peek(4)[:4]) if hasattr(binary, "peek") else None
        stream: IO[Any] = binary
        if encoding in ("utf-16", "utf-32"):
            stream = io.TextIOWrapper(binary, encoding=encoding, errors="replace", newline="")
        gz = path.name.lower().endswith(".gz")
        yield Input(
            stream, lambda total: limits.expansion_error(counted.count, total) if gz else None
        )


def bounded_lines(source: Input, limit: int) -> Iterator[bytes | str | Oversized]:
    """The lines of ``source``, each at most ``limit`` long; a longer one as :class:`Oversized`.

    Raises :class:`Stopped` when the source's guard says so (checked after every read).
    """
    stream, total = source.stream, 0
    while True:
        line = stream.readline(limit + 1)
        total += len(line)
        _check(source, total)
        if not line:
            return
        if len(line) <= limit or _ends_line(line):
            yield line
            continue
        size = len(line)
        while chunk := stream.readline(_CHUNK):
            size += len(chunk)
            total += len(chunk)
            _check(source, total)
            if _ends_line(chunk):
                break
        yield Oversized(size)


def read_at_most(stream: IO[bytes], limit: int) -> bytes | Oversized:
    """The whole of ``stream`` when it holds at most ``limit`` bytes; else :class:`Oversized`
    with the number of bytes read before stopping (the rest is not read)."""
    data = stream.read(limit + 1)
    return data if len(data) <= limit else Oversized(len(data))


def _ends_line(line: bytes | str) -> bool:
    return line[-1:] in (b"\n", "\n")


def _check(source: Input, total: int) -> None:
    reason = source.guard(total)
    if reason is not None:
        raise Stopped(reason)
