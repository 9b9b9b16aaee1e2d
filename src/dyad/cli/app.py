"""``dyad`` command line: a thin shell over the library (``dyad.Coder``, ``dyad.eval``)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..errors import DyadError
from ..options import Options
from ..pipeline.coder import Coder
from ..readers import read_paths
from ..records import DocumentInput, DocumentResult
from . import render

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


def _coder(config: Path | None, dicts: list[Path] | None) -> Coder:
    options = Options.load(config, dictionaries=tuple(str(d) for d in dicts or ()) or None)
    return Coder(options)


@app.command()
def code(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders, or - for stdin (.txt, .jsonl(.gz), .csv, .html, .warc(.gz))."
        ),
    ],
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD for inputs that lack one.")
    ] = None,
    fmt: Annotated[
        str,
        typer.Option("--format", help="Output: jsonl (one document record per line), table, csv."),
    ] = "jsonl",
    dicts: Annotated[
        list[Path] | None,
        typer.Option("--dict", help="Extra dictionary file(s) on top of the shipped ones."),
    ] = None,
    config: Annotated[
        Path | None, typer.Option(help="TOML file overriding options in [coding].")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Worker processes (default: all cores); the model loads once per worker."
        ),
    ] = None,
    engine: Annotated[str, typer.Option(help="local (process pool) or dask.")] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (with --engine dask); none: a local cluster."),
    ] = None,
    parts_dir: Annotated[
        Path | None,
        typer.Option(help="Folder for the Dask engine's Parquet parts (shared with the workers)."),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", help="No progress bar and no summary table.")
    ] = False,
) -> None:
    """Code documents and print the results; exit 1 when any document failed."""
    from ..engines.run import code_documents

    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if published is not None:
        _check_date(published)
    options = Options.load(config, dictionaries=tuple(str(d) for d in dicts or ()) or None)
    run = code_documents(
        paths,
        published,
        workers,
        engine,
        scheduler,
        quiet,
        options,
        parts_dir=parts_dir,
        console=err,
    )
    if fmt == "csv":
        print(render.csv_header())
    for result in run:
        _emit(result, fmt)
    stats = run.summary.stats
    err.print(render.summary_line(stats))
    raise typer.Exit(1 if stats.failed else 0)


def _check_date(value: str) -> None:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"--published must be a date like 2025-05-06, not {value!r}"
        ) from None


def _emit(result: DocumentResult, fmt: str) -> None:
    if fmt == "jsonl":
        print(render.jsonl_line(result))
    elif fmt == "csv":
        for row in render.csv_rows(result):
            print(row)
    else:
        _print_table(result)


def _print_table(result: DocumentResult) -> None:
    console = Console(width=200)
    if result.status != "ok":
        console.print(f"[bold]{result.doc_id}[/bold]: {result.status} {result.error or ''}")
        return
    table = Table(title=f"{result.doc_id}: {len(result.events)} events", show_lines=False)
    for column in (
        "id",
        "source",
        "event",
        "target",
        "date",
        "modality / flags",
        "trigger",
        "evidence",
    ):
        table.add_column(column, overflow="fold")
    for row in render.table_rows(result):
        table.add_row(*row)
    console.print(table)


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
    dicts: Annotated[
        list[Path] | None, typer.Option("--dict", help="Extra dictionary file(s).")
    ] = None,
    config: Annotated[Path | None, typer.Option(help="TOML options file.")] = None,
) -> None:
    """Score dyad against gold files: P/R/F1 overall and per CAMEO root, and the commonest errors."""
    import json

    from .. import eval as evaluate

    coder = _coder(config, dicts)

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
    coder = Coder()
    for result in coder.code(read_paths(paths, published=published)):
        for event in result.events:
            if event.id == event_id:
                rule = next(r for r in coder.dictionaries.rules if r.id == event.rule)
                text = result.text or ""
                print(f"event {event.id}: {event.cameo} {event.name}")
                print(f"  rule     {event.rule} ({rule.origin})")
                print(f"  trigger  {event.trigger!r} at {event.trigger_start}-{event.trigger_end}")
                for label, actor in (("source", event.source), ("target", event.target)):
                    print(
                        f"  {label:8} {render.actor_label(actor)}"
                        + (f" at {actor.start}-{actor.end}" if actor else "")
                    )
                print(
                    f"  modality {event.modality}; date {event.date}; historical {event.historical}"
                )
                print(f"  evidence {text[event.start : event.end]!r}")
                return
    err.print(
        f"no event {event_id!r} in those inputs; run 'dyad code' on them to list the event ids"
    )
    raise typer.Exit(1)


def main() -> None:
    """Entry point: run the app, turning dyad's own errors into a message and exit code 2."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("trafilatura").setLevel(
        logging.CRITICAL
    )  # pages without text are reported as failed
    _register_commands()
    try:
        app()
    except DyadError as exc:
        err.print(f"dyad: {exc}")
        sys.exit(2)


if __name__ == "__main__":
    main()
