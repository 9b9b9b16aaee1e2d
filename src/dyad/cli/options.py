"""Options that several commands share, written once: inputs, dictionaries, engines, the database.

Each is a typer annotation (``Published``, ``Workers``, ...); the helpers turn their values into the
library's objects (:func:`coding_options`, :func:`day`) and the library's parameter names into
flags (:func:`flag`), so an error raised about ``parts_dir`` reads ``--parts-dir`` here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from ..options import Options

DEFAULT_DB = Path("dyad.duckdb")

# library parameter -> the flag that feeds it, where the two names differ
_FLAGS = {"path": "--db"}

Paths = Annotated[
    list[str],
    typer.Argument(
        help="Files, folders, or - for stdin (.txt, .jsonl(.gz), .csv, .html, .warc(.gz))."
    ),
]
Published = Annotated[
    str | None, typer.Option(help="Publication date YYYY-MM-DD for inputs that lack one.")
]
Dicts = Annotated[
    list[Path] | None,
    typer.Option("--dict", help="Extra dictionary file(s) on top of the shipped ones."),
]
Config = Annotated[Path | None, typer.Option(help="TOML file overriding options in [coding].")]
Workers = Annotated[
    int | None,
    typer.Option(help="Worker processes (default: all cores); the model loads once per worker."),
]
Engine = Annotated[str, typer.Option(help="local (process pool) or dask.")]
Scheduler = Annotated[
    str | None,
    typer.Option(help="Dask scheduler address (with --engine dask); none: a local cluster."),
]
PartsDir = Annotated[
    Path | None,
    typer.Option(help="Folder for the Dask engine's Parquet parts (shared with the workers)."),
]
Quiet = Annotated[bool, typer.Option("--quiet", help="No progress bar and no summary table.")]
Db = Annotated[
    Path, typer.Option("--db", envvar="DYAD_DB", help="The event database (env DYAD_DB).")
]


def coding_options(config: Path | None, dicts: list[Path] | None) -> Options:
    """The run's options: shipped defaults, then ``--config``, then ``--dict`` files."""
    from ..options import Options

    return Options.load(config, dictionaries=tuple(str(d) for d in dicts or ()) or None)


def day(value: str | None, option: str) -> date | None:
    """A ``YYYY-MM-DD`` flag value as a date; a usage error naming ``option`` otherwise."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{option} must be a date like 2025-05-06, not {value!r}"
        ) from None


def flag(parameter: str) -> str:
    """The flag that sets a library parameter: ``parts_dir`` -> ``--parts-dir``."""
    return _FLAGS.get(parameter, "--" + parameter.replace("_", "-"))
