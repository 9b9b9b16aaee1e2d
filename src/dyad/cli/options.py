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
from dataclasses import dataclass
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
MaxDocumentMb = Annotated[
    float | None,
    typer.Option(
        "--max-document-mb",
        min=0.001,
        help="A longer document fails with 'document over N MB' (default 2, from the options).",
    ),
]
Deadline = Annotated[
    float | None,
    typer.Option(
        "--deadline",
        min=0,
        help="Seconds to code one document; past it, it fails 'took longer than' (default 120; "
        "0: none).",
    ),
]
Db = Annotated[
    Path, typer.Option("--db", envvar="DYAD_DB", help="The event database (env DYAD_DB).")
]


def coding_options(
    config: Path | None,
    dicts: list[Path] | None,
    *,
    max_document_mb: float | None = None,
    deadline: float | None = None,
) -> Options:
    """The run's options: shipped defaults, then ``--config``, then ``--dict`` files and the
    limit flags."""
    from ..options import Options

    return Options.load(
        config,
        dictionaries=tuple(str(d) for d in dicts or ()) or None,
        max_document_mb=max_document_mb,
        deadline_s=deadline,
    )


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

# each filtered command's help ends with this paragraph
FILTERED_NOTE = (
    "Counts leave out historical, negated and hypothetical events and low-confidence ones unless "
    "the --include-* flags say otherwise."
)
EXCLUSIONS = (
    "Counts leave out historical, negated and hypothetical events and events below "
    f"--min-confidence ({DEFAULT_MIN_CONFIDENCE}) unless --include-historical, --include-negated, "
    "--include-hypothetical or a lower --min-confidence say otherwise."
)
_FILTER_OPTIONS: dict[str, tuple[Any, Any]] = {
    **{
        f"include_{kind}": (
            Annotated[bool, typer.Option(f"--include-{kind}",
                                         help=f"Count {kind} events (left out by default).")],
            False,
        )
        for kind in ("historical", "negated", "hypothetical")
    },
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


Command = Callable[..., None]


def _option_group(
    options: dict[str, tuple[Any, Any]], build: Callable[..., Any], into: str, note: str = ""
) -> Callable[[Command], Command]:
    """A decorator that adds ``options`` (name -> (annotation, default)) to a command whose last
    parameter is ``into``; the command receives ``build(**their values)`` there, and its help
    ends with ``note``."""

    def decorate(command: Command) -> Command:
        signature = inspect.signature(command, eval_str=True)
        own = [p for name, p in signature.parameters.items() if name != into]
        added = [
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind
            )
            for name, (kind, default) in options.items()
        ]

        @functools.wraps(command)
        def run(**values: Any) -> None:
            chosen = {name: values.pop(name) for name in options}
            command(**values, **{into: build(**chosen)})

        parameters = [*own, *added]
        run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in parameters}
        if note:
            run.__doc__ = f"{(command.__doc__ or '').rstrip()}\n\n    {note}\n    "
        return run

    return decorate


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


#: the eight event-filter options, handed to the command as one ``filters: Filters``; its help
#: ends with what the defaults leave out
with_filters = _option_group(_FILTER_OPTIONS, filters_from, "filters", FILTERED_NOTE)


# --- coding: dictionaries, options, engine ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Coding:
    """How a command codes: the run's options and where it runs (the engine settings)."""

    options: Options
    engine: str
    workers: int | None
    scheduler: str | None
    parts_dir: Path | None
    quiet: bool

    def engine_settings(self) -> dict[str, Any]:
        """The keyword arguments of :func:`dyad.engines.run.code_inputs` for the engine."""
        return {
            "engine": self.engine,
            "workers": self.workers,
            "scheduler": self.scheduler,
            "parts_dir": self.parts_dir,
        }


def _coding(
    *,
    dicts: list[Path] | None,
    config: Path | None,
    max_document_mb: float | None,
    deadline: float | None,
    workers: int | None,
    engine: str,
    scheduler: str | None,
    parts_dir: Path | None,
    quiet: bool,
) -> Coding:
    options = coding_options(config, dicts, max_document_mb=max_document_mb, deadline=deadline)
    return Coding(options, engine, workers, scheduler, parts_dir, quiet)


_CODING_OPTIONS: dict[str, tuple[Any, Any]] = {
    "dicts": (Dicts, None),
    "config": (Config, None),
    "max_document_mb": (MaxDocumentMb, None),
    "deadline": (Deadline, None),
    "workers": (Workers, None),
    "engine": (Engine, "local"),
    "scheduler": (Scheduler, None),
    "parts_dir": (PartsDir, None),
    "quiet": (Quiet, False),
}

#: the options of a command that codes, handed to it as one ``coding: Coding``
with_coding = _option_group(_CODING_OPTIONS, _coding, "coding")
