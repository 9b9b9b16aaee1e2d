"""``dyad watch``: formats, the webhook (a real loopback HTTP server), and --follow picking up a
document ingested after it started (a real ingest into a real DuckDB file)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from dyad import Coder
from dyad.cli.watch import watch as watch_command
from dyad.records import DocumentInput, DocumentResult
from dyad.store import LockedError, Store, code_and_store
from dyad.store.synthetic import make_event
from dyad.store.synthetic_streams import Shift, Stream, stream_documents

START = date(2024, 1, 1)
ONSET = date(2025, 3, 3)
ARTICLE = (
    "Serbian troops attacked Kosovo police officers near the border village of Jarinje on "
    "Monday, killing two officers.\n\nSerbian artillery shelled a Kosovo police station on "
    "Tuesday, the interior ministry in Pristina said.\n\nSerbian forces fired on Kosovo border "
    "guards again on Wednesday, and Kosovo closed two border crossings with Serbia."
)  # written for this test


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(watch_command)
    app.command("noop")(lambda: None)  # two commands: typer keeps the command name
    return app


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Armenia-Azerbaijan turning in week 61 of 64."""
    path = tmp_path_factory.mktemp("watch-cli") / "w.duckdb"
    stream = Stream("ARM", "AZE", 40.0, 10.0, Shift(ONSET, 5.0, weeks=2))
    with Store.open(path) as store:
        store.ingest(stream_documents([stream], START, 64, seed=11))
    return path


def _run(*args: str) -> Any:
    return CliRunner().invoke(_app(), ["watch", *args])


def test_json_table_and_csv(db: Path) -> None:
    """The same alerts as JSON (the report), a table and CSV rows (one per alert event)."""
    done = _run("--db", str(db), "--since", ONSET.isoformat(), "--format", "json", "--top", "2")
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report["alerts"] and {a["actor_a"] + a["actor_b"] for a in report["alerts"]} == {
        "ARMAZE"
    }
    first = report["alerts"][0]
    assert (
        first["events"][0]["evidence"]
        and first["p_value"] <= first["alpha"] <= report["period_alpha"]
    )
    table = _run("--db", str(db), "--since", ONSET.isoformat())
    assert "ARM ↔ AZE" in table.stdout and first["metric"] in table.stdout
    rows = list(csv.DictReader(io.StringIO(_run("--db", str(db), "--since", ONSET.isoformat(),
                                                "--format", "csv", "--top", "2").stdout)))  # fmt: skip
    assert len(rows) == 2 * len(report["alerts"])
    assert rows[0]["key"] == first["key"] and rows[0]["event_id"] == first["events"][0]["event_id"]


def test_usage_errors(db: Path) -> None:
    """A wrong --format or --since is a usage error (exit 2)."""
    assert _run("--db", str(db), "--format", "yaml").exit_code == 2
    assert _run("--db", str(db), "--since", "March").exit_code == 2


class _Hook(BaseHTTPRequestHandler):
    """Keeps each POSTed JSON body in the server's ``bodies`` list."""

    server: Any

    def do_POST(self) -> None:
        length = int(self.headers["content-length"])
        self.server.bodies.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture()
def hook() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A webhook receiver on a free loopback port; yields its URL and the bodies it got."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    server.bodies = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", server.bodies  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def test_webhook_receives_the_alerts(db: Path, hook: tuple[str, list[dict[str, Any]]], tmp_path: Path) -> None:  # fmt: skip
    """--webhook posts {"text", "alerts"}; --jsonl appends the same alerts."""
    url, bodies = hook
    out = tmp_path / "alerts.jsonl"
    done = _run(
        "--db", str(db), "--since", ONSET.isoformat(), "--webhook", url, "--jsonl", str(out)
    )
    assert done.exit_code == 0, done.output
    (body,) = bodies
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [a["key"] for a in body["alerts"]] == [a["key"] for a in lines]
    assert body["text"].startswith(f"dyad watch: {len(lines)} new alert(s)")


def test_an_unreachable_webhook_is_reported(db: Path) -> None:
    """A webhook nobody answers: the alerts are still printed, the error is said, exit 1."""
    done = _run("--db", str(db), "--since", ONSET.isoformat(), "--webhook", "http://127.0.0.1:9/")
    assert done.exit_code == 1 and "could not post" in done.output


def _history() -> list[DocumentResult]:
    """Serbia and Kosovo talking (no hostility) every week for a year before June 2025."""
    docs = []
    for week in range(56):
        day = (date(2024, 5, 6) + timedelta(weeks=week)).isoformat()
        events = tuple(
            make_event(f"talks-{week}:{i}:0", "SRBGOV", "XKXGOV", "040", sentence=i, date=day,
                       goldstein=1.0, quad_class=1)
            for i in range(4)
        )  # fmt: skip
        docs.append(
            DocumentResult(f"talks-{week}", day, "ok", events=events, text=f"talks {week} " * 60)
        )
    return docs


def _ingest_when_free(db: Path, coder: Coder, doc: DocumentInput) -> None:
    """Ingest as `dyad ingest` does; a watcher's visit may hold the file for a moment."""
    for _ in range(200):
        try:
            with Store.open(db) as store:
                code_and_store(store, [doc], coder.code)
            return
        except LockedError:
            time.sleep(0.05)
    raise AssertionError("the store stayed locked")


@pytest.mark.slow
def test_follow_picks_up_a_document_ingested_after_it_started(tmp_path: Path, coder: Coder) -> None:
    """A watcher started on a quiet store reports Serbia-Kosovo once an article is ingested."""
    db, out = tmp_path / "f.duckdb", tmp_path / "alerts.jsonl"
    with Store.open(db) as store:
        store.ingest(_history())
    command = [sys.executable, "-m", "dyad", "watch", "--follow", "--interval", "0.3", "--db",
               str(db), "--jsonl", str(out), "--dyad", "SRB", "XKX", "--format", "json"]  # fmt: skip
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    lines: list[str] = []
    reader = threading.Thread(
        target=lambda: lines.extend(iter(proc.stderr.readline, "")), daemon=True
    )  # type: ignore[union-attr]
    reader.start()
    try:
        _wait(lambda: any(line.startswith("check 1:") for line in lines), proc)
        assert "check 1: 0 new alerts" in "".join(lines) and not out.exists()
        _ingest_when_free(db, coder, DocumentInput("jarinje", ARTICLE, published="2025-06-04"))
        _wait(lambda: out.exists() and out.read_text().strip() != "", proc)
        alerts = [json.loads(line) for line in out.read_text().splitlines()]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert {(a["actor_a"], a["actor_b"]) for a in alerts} == {("SRB", "XKX")}
    assert "first_hostile" in {a["metric"] for a in alerts}
    assert all(e["doc_id"] == "jarinje" for a in alerts for e in a["events"])
    assert all(a["period"] == "2025-06-02" for a in alerts)


def _wait(ready: Any, proc: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if proc.poll() is not None:
            raise AssertionError(f"the watcher exited with {proc.returncode}")
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the watcher")
        time.sleep(0.1)
