"""``dyad`` command line: a thin shell over the library (``dyad.Coder``, ``dyad.eval``).

This module holds the app, ``code``, ``eval``, ``validate`` and ``explain``; the store commands
are in :mod:`.store`, ``serve`` in :mod:`.serve`. Heavy modules (spaCy, DuckDB) are imported
inside the commands, so ``dyad query --help`` answers at once. Command shapes and exit codes
follow ``docs/contract.md``.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.main
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
    from .watch import watch

    register_store(app)
    register_api(app)
    if not any(c.callback is watch for c in app.registered_commands):
        app.command()(watch)


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
        paths,
        published=published,
        options=coding.options,
        csv_columns=coding.csv_columns,
        **coding.engine_settings(),
    )
    if fmt == "csv":
        print(render.csv_header())
    for result in track(run, total=run.total, quiet=coding.quiet, console=err):
        render.emit(result, fmt)
    stats = run.summary.stats
    if not coding.quiet:
        print_summary(run.summary, err)
        err.print(render.summary_line(stats))
    if stats.failed:
        err.print(render.failed_section(stats.failed, stats.failures), soft_wrap=True, markup=False)
    if not stats.documents:
        err.print("warning: the inputs hold no documents (an empty folder or file?)")
    raise typer.Exit(EXIT_FAILED if stats.failed or not stats.documents else 0)


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
    """Check your own dictionary files: every bad entry, each with file:line, the field and the fix.

    Exit 1 when any file has an error.
    """
    from ..dictionaries.check import check_file

    bad = False
    for path in files:
        summary, errors = check_file(path)
        if summary is not None:
            print(summary)
        for error in errors:
            err.print(f"dyad: [{error.code}] {error.message()}", soft_wrap=True, markup=False)
        bad = bad or bool(errors)
    raise typer.Exit(1 if bad else 0)


@app.command()
def explain(
    event_id: Annotated[
        str,
        typer.Argument(help="An event id DOC:SENTENCE:N (from 'dyad code'), or a stored key."),
    ],
    paths: Annotated[
        list[str] | None, typer.Argument(help="The inputs the event came from (without --db).")
    ] = None,
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD.")] = None,
    db: Annotated[
        Path | None, typer.Option("--db", help="Read the event from this event database instead.")
    ] = None,
) -> None:
    """Say why an event was coded: the rule, its dictionary line, the trigger and actor spans.

    With --db the event comes from the store (by id or key, as 'dyad export' and the API show them); otherwise the inputs are coded again.
    """
    if db is not None:
        _explain_stored(event_id, db)
        return
    if not paths:
        raise typer.BadParameter("give the inputs the event came from, or --db DATABASE")
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


def _explain_stored(ref: str, db: Path) -> None:
    from ..dictionaries import load_dictionaries
    from ..store import Store
    from ..store.listing import event_detail

    with Store.open(db, read_only=True) as store:
        detail = event_detail(store, ref)
    if detail is None:
        err.print(f"no event {ref!r} in {db}; 'dyad export --format jsonl' lists ids and keys")
        raise typer.Exit(1)
    rule = detail["event"]["rule"]
    origin = next((r.origin for r in load_dictionaries().rules if r.id == rule), "rule not shipped")
    print(render.stored_explanation(detail, origin))


def _version(value: bool) -> None:
    if value:
        from .._version import __version__

        print(f"dyad {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print dyad's version and exit."
        ),
    ] = False,
) -> None:
    """dyad: code news text into CAMEO political events (who did what to whom, when, where)."""


def _plain_flags(command: Any) -> None:
    """Flags show no ``<bool>`` metavar in the help (they take no value), all the way down."""
    help_option = command.get_help_option(_context(command))
    for param in [*command.params, help_option]:
        if param is not None and param.param_type_name == "option" and param.is_flag:
            param.metavar = ""
    for sub in getattr(command, "commands", {}).values():
        _plain_flags(sub)


def _context(command: Any) -> Any:
    from typer._click.core import Context

    return Context(command)


def main() -> None:
    """Entry point: run the app; dyad's own errors become a message and exit code 2 (usage) or 3
    (the run crashed: :class:`~dyad.errors.RunError` or any unexpected error, traceback shown).

    A library error about a parameter names it as this command line's flag (``--parts-dir``).
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # pages without text are reported as failed documents, not as trafilatura's log lines
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    # Dask's scheduler and nanny log every step at INFO; dyad shows its warnings only
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")
    _register_commands()
    command = typer.main.get_command(app)
    _plain_flags(command)
    try:
        command(prog_name="dyad")
    except RunError as exc:
        err.print(f"dyad: the run crashed: [{exc.code}] {exc.message(flag)}", soft_wrap=True)
        sys.exit(EXIT_CRASHED)
    except DyadError as exc:
        err.print(f"dyad: [{exc.code}] {exc.message(flag)}", soft_wrap=True, markup=False)
        sys.exit(EXIT_USAGE)
    except Exception as exc:  # a bug or the machine: never the same exit code as a failed document
        logging.getLogger("dyad").critical("unexpected error", exc_info=exc)
        err.print(
            f"dyad: the run crashed: {type(exc).__name__}: {exc} (exit {EXIT_CRASHED}; documents "
            "written before it are kept; please report it with the traceback above)",
            soft_wrap=True,
        )
        sys.exit(EXIT_CRASHED)
    finally:
        # the process ends here: the interpreter's last collections need not walk the model and
        # the dictionaries (about 0.2 s of a one-sentence run)
        gc.freeze()


if __name__ == "__main__":
    main()
