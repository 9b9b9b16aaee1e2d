"""Options that several commands share, written once: inputs, dictionaries, engines, the database,
and the eight event filters.

Each is a typer annotation (``Published``, ``Workers``, ...); the helpers turn their values into the
library's objects (:func:`coding_options`, :func:`day`) and the library's parameter names into
flags (:func:`flag`), so an error raised about ``parts_dir`` reads ``--parts-dir`` here.
:func:`with_filters` gives a command the filter options and hands it one
:class:`~dyad.store.events.Filters`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..store.events import DEFAULT_MIN_CONFIDENCE, Filters

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


# --- event filters --------------------------------------------------------------------------------

EXCLUSIONS = (
    "Counts leave out historical, negated and hypothetical events and events below "
    f"--min-confidence ({DEFAULT_MIN_CONFIDENCE}) unless --include-historical, --include-negated, "
    "--include-hypothetical or a lower --min-confidence say otherwise."
)
_FILTER_OPTIONS: dict[str, tuple[Any, Any]] = {
    "include_historical": (
        Annotated[bool, typer.Option("--include-historical",
                                     help="Count historical events (left out by default).")],
        False,
    ),
    "include_negated": (
        Annotated[bool, typer.Option("--include-negated",
                                     help="Count negated events (left out by default).")],
        False,
    ),
    "include_hypothetical": (
        Annotated[bool, typer.Option("--include-hypothetical",
                                     help="Count hypothetical events (left out by default).")],
        False,
    ),
    "min_confidence": (
        Annotated[float, typer.Option("--min-confidence",
                                      help="Leave out events below this confidence.")],
        DEFAULT_MIN_CONFIDENCE,
    ),
    "since": (Annotated[str | None, typer.Option(help="First day counted, YYYY-MM-DD.")], None),
    "until": (Annotated[str | None, typer.Option(help="Last day counted, YYYY-MM-DD.")], None),
    "cameo": (
        Annotated[list[str] | None, typer.Option(
            "--cameo",
            help="Count only these CAMEO codes or prefixes (repeatable): 19, 042, 1831.")],
        None,
    ),
    "quad_class": (
        Annotated[list[int] | None, typer.Option(
            "--quad-class", help="Count only these QuadClasses (repeatable): 1-4.")],
        None,
    ),
}  # fmt: skip


def with_filters(command: Callable[..., None]) -> Callable[..., None]:
    """Add the eight event-filter options to a command whose last parameter is ``filters``;
    the command receives them checked, as one :class:`~dyad.store.events.Filters`."""
    signature = inspect.signature(command, eval_str=True)
    own = [p for name, p in signature.parameters.items() if name != "filters"]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
        for name, (kind, default) in _FILTER_OPTIONS.items()
    ]

    @functools.wraps(command)
    def run(**values: Any) -> None:
        chosen = {name: values.pop(name) for name in _FILTER_OPTIONS}
        command(**values, filters=filters_from(**chosen))

    parameters = [*own, *added]
    run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    return run


def filters_from(
    *,
    include_historical: bool,
    include_negated: bool,
    include_hypothetical: bool,
    min_confidence: float,
    since: str | None,
    until: str | None,
    cameo: list[str] | None,
    quad_class: list[int] | None,
) -> Filters:
    """The filter flags as one Filters; a usage error names the flag that is wrong."""
    for code in cameo or ():
        if not (code.isdigit() and 2 <= len(code) <= 4):
            raise typer.BadParameter(
                f"--cameo must be a CAMEO code or prefix like 19, not {code!r}"
            )
    for quad in quad_class or ():
        if quad not in (1, 2, 3, 4):
            raise typer.BadParameter(f"--quad-class must be 1, 2, 3 or 4, not {quad}")
    return Filters(
        include_historical=include_historical,
        include_negated=include_negated,
        include_hypothetical=include_hypothetical,
        min_confidence=min_confidence,
        since=day(since, "--since"),
        until=day(until, "--until"),
        cameo=tuple(cameo or ()),
        quad_classes=tuple(quad_class or ()),
    )
