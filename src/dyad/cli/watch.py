"""``dyad watch``: a thin shell over :func:`dyad.watch.watch` and :func:`dyad.watch.follow.follow`.

Prints the alerts as a table, JSON or CSV; with ``--follow`` re-checks as documents are ingested,
appends new alerts to ``--jsonl FILE`` and posts them to ``--webhook URL`` (the only HTTP this
command speaks).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from .options import DEFAULT_DB, Db, day

if TYPE_CHECKING:
    from ..watch import Alert, WatchOptions, WatchReport

log = logging.getLogger(__name__)
err = Console(stderr=True)
FORMATS = ("table", "json", "csv")
CSV_COLUMNS = (
    "key", "period", "actor_a", "actor_b", "metric", "baseline", "band_low", "band_high",
    "observed", "p_value", "q_value", "onset", "rank", "event_id", "event_key", "day", "cameo",
    "goldstein", "reports", "evidence",
)  # fmt: skip


def watch(
    db: Db = DEFAULT_DB,
    since: Annotated[
        str | None,
        typer.Option(help="Test every period from the one holding this day (default: the latest)."),
    ] = None,
    period: Annotated[str, typer.Option(help="day, week or month.")] = "week",
    dyad: Annotated[
        tuple[str, str] | None,
        typer.Option(help="Only this pair, e.g. --dyad SRB XKX (codes match by prefix)."),
    ] = None,
    min_events: Annotated[
        int, typer.Option(help="Counted events a dyad's baseline needs to be tested.")
    ] = 10,
    level: Annotated[str, typer.Option(help="country (CHN) or code (CHNGOV).")] = "country",
    directed: Annotated[bool, typer.Option(help="Source→target apart from target→source.")] = False,
    baseline: Annotated[
        int | None, typer.Option(help="Baseline periods (default: 91 days, 52 weeks, 24 months).")
    ] = None,
    fdr: Annotated[float, typer.Option(help="False discovery rate across dyads.")] = 0.05,
    budget: Annotated[
        float, typer.Option(help="False alarms per 100 dyad-years a quiet dyad may raise.")
    ] = 1.0,
    top: Annotated[int, typer.Option(help="Events listed per alert.")] = 5,
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    follow: Annotated[
        bool, typer.Option(help="Keep checking as documents are ingested (stop with Ctrl-C).")
    ] = False,
    interval: Annotated[float, typer.Option(help="Seconds between checks with --follow.")] = 60.0,
    jsonl: Annotated[
        Path | None, typer.Option(help="Append new alerts to this JSONL file.")
    ] = None,
    webhook: Annotated[
        str | None, typer.Option(help="POST new alerts as JSON to this URL.")
    ] = None,
) -> None:
    """Say which dyads turned: conflict surges (counts, share), Goldstein drops, escalation, first hostility.

    Each dyad's latest period (or every period since --since) is tested against a rolling baseline of its own counted events (after dedup; historical, negated, hypothetical and low-confidence events left out). Alerts pass a false discovery rate across dyads and a false-alarm budget per dyad; each lists the events behind it with their evidence.
    """
    from ..watch import WatchOptions

    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if interval <= 0:
        raise typer.BadParameter(f"--interval must be a number of seconds above 0, not {interval}")
    options = WatchOptions(
        period=period, level=level, directed=directed, dyad=dyad, since=day(since, "--since"),
        baseline=baseline, min_events=min_events, fdr=fdr, budget=budget, top=top,
    )  # fmt: skip
    options.check()
    if follow:
        _follow(db, options, fmt, interval, jsonl, webhook)
        return
    report = _once(db, options)
    _emit(report, fmt)
    _deliver(list(report.alerts), jsonl, webhook, strict=True)


def _once(db: Path, options: WatchOptions) -> WatchReport:
    from ..store import Store
    from ..watch import watch as run_watch

    with Store.open(db, read_only=True) as store:
        return run_watch(store, options)


def _follow(
    db: Path, options: WatchOptions, fmt: str, interval: float, jsonl: Path | None,
    webhook: str | None,
) -> None:  # fmt: skip
    from ..watch.follow import follow, keys_in

    seen = keys_in(jsonl) if jsonl else set()
    err.print(f"watching {db} every {interval:g} s ({len(seen)} alerts already in {jsonl}); "
              "Ctrl-C stops", soft_wrap=True)  # fmt: skip
    try:
        for check, alerts in enumerate(follow(db, options, interval=interval, seen=seen), 1):
            err.print(f"check {check}: {len(alerts)} new alerts", soft_wrap=True)
            for alert in alerts:
                print(_line(alert, fmt), flush=True)
            _deliver(alerts, jsonl, webhook, strict=False)
    except KeyboardInterrupt:
        err.print("stopped")


def _deliver(alerts: list[Alert], jsonl: Path | None, webhook: str | None, *, strict: bool) -> None:
    from ..watch.follow import append_jsonl

    if jsonl is not None:
        append_jsonl(jsonl, alerts)
    if webhook is None or not alerts:
        return
    try:
        post(webhook, alerts)
    except Exception as exc:  # any failure to deliver is reported, never a crash of the loop
        err.print(f"dyad: could not post {len(alerts)} alerts to {webhook}: {exc}", soft_wrap=True)
        if strict:
            raise typer.Exit(1) from None


def post(url: str, alerts: list[Alert]) -> None:
    """POST ``{"text": summary, "alerts": [...]}`` (a Slack-style body) to a webhook."""
    import httpx

    text = f"dyad watch: {len(alerts)} new alert(s)\n" + "\n".join(summary(a) for a in alerts)
    body = {"text": text, "alerts": [a.to_dict() for a in alerts]}
    httpx.post(url, json=body, timeout=10.0).raise_for_status()


def summary(alert: Alert) -> str:
    """One line for people: when, who, what, how far beyond the baseline, how sure."""
    arrow = "→" if alert.directed else "↔"
    return (
        f"{alert.period} {alert.actor_a} {arrow} {alert.actor_b} {alert.metric}: observed "
        f"{alert.observed:g}, baseline {alert.baseline:g} (p={alert.p_value:.1e}, "
        f"q={alert.q_value:.1e})"
    )


def _line(alert: Alert, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(alert.to_dict(), ensure_ascii=False)
    if fmt == "csv":
        return "\n".join(_csv_rows([alert], header=False)).rstrip("\n")
    return summary(alert)


def _emit(report: WatchReport, fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        sys.stdout.write("".join(_csv_rows(list(report.alerts), header=True)))
    else:
        _table(report)


def _csv_rows(alerts: list[Alert], *, header: bool) -> list[str]:
    """One row per alert event (an alert's columns repeat on each of its events)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(CSV_COLUMNS)
    for alert in alerts:
        head = [alert.key, alert.period, alert.actor_a, alert.actor_b, alert.metric,
                alert.baseline, alert.band_low, alert.band_high, alert.observed,
                f"{alert.p_value:.3g}", f"{alert.q_value:.3g}", alert.onset]  # fmt: skip
        for rank, e in enumerate(alert.events, 1):
            writer.writerow([*head, rank, e.event_id, e.key, e.day, e.cameo, e.goldstein,
                             e.reports, " ".join((e.sentence or e.evidence or "").split())])  # fmt: skip
        if not alert.events:
            writer.writerow([*head, 0, "", "", "", "", "", "", ""])
    return [buffer.getvalue()]


def _table(report: WatchReport) -> None:
    console = Console(width=200)
    periods = f"{report.periods[0]} to {report.periods[-1]}" if report.periods else "no periods"
    title = (f"{len(report.alerts)} alerts ({periods}; {report.dyads} dyads, {report.tests} "
             f"tests, FDR and p ≤ {report.period_alpha:.1e} ÷ the dyad's tests)")  # fmt: skip
    table = Table(title=title, show_lines=True)
    for column in ("period", "dyad", "metric", "baseline (95%)", "observed", "p / q", "why"):
        table.add_column(column, overflow="fold")
    for a in report.alerts:
        band = f" ({a.band_low:g}–{a.band_high:g})" if a.band_low is not None else ""
        why = "\n".join(
            f"{e.event_id} {e.cameo}: {' '.join((e.sentence or e.evidence or '').split())[:90]}"
            for e in a.events
        )
        table.add_row(
            str(a.period), f"{a.actor_a} {'→' if a.directed else '↔'} {a.actor_b}", a.metric,
            f"{a.baseline:g}{band}", f"{a.observed:g}", f"{a.p_value:.1e}\n{a.q_value:.1e}", why,
        )  # fmt: skip
    console.print(table)
