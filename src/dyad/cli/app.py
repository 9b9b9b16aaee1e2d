"""``dyad`` command line: a thin shell over the library (``dyad.Coder``, ``dyad.eval``).

This module holds the app, ``code``, ``eval``, ``validate`` and ``explain``; the store commands
are in :mod:`.store`, ``serve`` in :mod:`.serve`. Heavy modules (spaCy, DuckDB) are imported
inside the commands, so ``dyad query --help`` answers at once. Command shapes and exit codes
follow ``docs/contract.md``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from ..errors import EXIT_CRASHED, EXIT_FAILED, EXIT_USAGE, DyadError, RunError
from . import render
from .options import Coding, Config, Dicts, Paths, Published, coding_options, day, flag, with_coding
from .progress import print_summary, track

if TYPE_CHECKING:
    from ..records import DocumentInput, DocumentResult

app = typer.Typer(
    help="dyad: code news text into CAMEO political events (who did what to whom, when, where).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


def _register_commands() -> None:
    """Store, scale and web commands live in their own modules; each adds itself to ``app``."""
    from .serve import register as register_api
    from .store import register as register_store

    register_store(app)
    register_api(app)


FORMATS = ("jsonl", "table", "csv")


@app.command()
@with_coding
def code(
    paths: Paths,
    published: Published = None,
    fmt: Annotated[
        str,
        typer.Option("--format", help="Output: jsonl (one document record per line), table, csv."),
    ] = "jsonl",
    *,
    coding: Coding,
) -> None:
    """Code documents and print the results; exit 1 when any document failed."""
    from ..engines.run import code_documents

    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    day(published, "--published")
    run = code_documents(
        paths, published=published, options=coding.options, **coding.engine_settings()
    )
    if fmt == "csv":
        print(render.csv_header())
    for result in track(run, total=run.total, quiet=coding.quiet, console=err):
        render.emit(result, fmt)
    if not coding.quiet:
        print_summary(run.summary, err)
    stats = run.summary.stats
    err.print(render.summary_line(stats))
    raise typer.Exit(EXIT_FAILED if stats.failed else 0)


@app.command("eval")
def eval_(
    gold: Annotated[
        list[Path],
        typer.Argument(
            help="Gold files: PETRARCH XML, CAMEO codebook CSV, PLOVER JSON, dyad JSONL."
        ),
    ],
    min_f1: Annotated[
        float | None,
        typer.Option("--min-f1", help="Exit 1 when a suite's main figure is below this."),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the full report as JSON here.")
    ] = None,
    dicts: Dicts = None,
    config: Config = None,
) -> None:
    """Score dyad against gold files: P/R/F1 overall and per CAMEO root, and the commonest errors."""
    import json

    from .. import eval as evaluate
    from ..pipeline.coder import Coder

    coder = Coder(coding_options(config, dicts))

    def code_fn(docs: list[DocumentInput]) -> list[DocumentResult]:
        return list(coder.code(docs))

    reports, ok = evaluate.run_eval([str(g) for g in gold], code_fn, min_f1=min_f1)
    for report in reports:
        print(evaluate.format_report(report))
    if json_out is not None:
        json_out.write_text(json.dumps([r.to_dict() for r in reports], indent=2), encoding="utf-8")
    raise typer.Exit(0 if ok else 1)


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Dictionary files to check.")],
) -> None:
    """Check your own dictionary files; errors name file:line, the field and the fix."""
    from ..dictionaries import validate_file

    for path in files:
        print(validate_file(path))


@app.command()
def explain(
    event_id: Annotated[
        str, typer.Argument(help="An event id, DOC:SENTENCE:N, from a 'dyad code' run.")
    ],
    paths: Annotated[list[str], typer.Argument(help="The same inputs the event came from.")],
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD.")] = None,
) -> None:
    """Say why an event was coded: the rule, its dictionary line, the trigger and actor spans."""
    from ..pipeline.coder import Coder
    from ..readers import read_paths

    coder = Coder()
    for result in coder.code(read_paths(paths, published=published)):
        for event in result.events:
            if event.id == event_id:
                rule = next(r for r in coder.dictionaries.rules if r.id == event.rule)
                print(render.explanation(result, event, rule.origin))
                return
    err.print(
        f"no event {event_id!r} in those inputs; run 'dyad code' on them to list the event ids"
    )
    raise typer.Exit(1)


def main() -> None:
    """Entry point: run the app; dyad's own errors become a message and exit code 2 (usage) or 3
    (the run crashed: :class:`~dyad.errors.RunError` or any unexpected error, traceback shown).

    A library error about a parameter names it as this command line's flag (``--parts-dir``).
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # pages without text are reported as failed documents, not as trafilatura's log lines
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    _register_commands()
    try:
        app()
    except RunError as exc:
        err.print(f"dyad: the run crashed: [{exc.code}] {exc.message(flag)}")
        sys.exit(EXIT_CRASHED)
    except DyadError as exc:
        err.print(f"dyad: [{exc.code}] {exc.message(flag)}")
        sys.exit(EXIT_USAGE)
    except Exception as exc:  # a bug or the machine: never the same exit code as a failed document
        logging.getLogger("dyad").critical("unexpected error", exc_info=exc)
        err.print(
            f"dyad: the run crashed: {type(exc).__name__}: {exc} (exit {EXIT_CRASHED}; documents "
            "written before it are kept; please report it with the traceback above)",
            soft_wrap=True,
        )
        sys.exit(EXIT_CRASHED)


if __name__ == "__main__":
    main()
