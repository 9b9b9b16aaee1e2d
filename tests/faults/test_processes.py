"""The processes of a run: workers die with their parent, a killed ingest resumes to exactly an
undisturbed ingest, a full disk stops the run with exit 3 and a rerun finishes it, and exit codes
tell "a document failed" (1) from "the run crashed" (3)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from dyad.store import Store

from .corpus import PUBLISHED, build, news

pytestmark = pytest.mark.slow  # whole dyad commands in subprocesses, worker pools


def dyad(*args: str) -> list[str]:
    return [sys.executable, "-m", "dyad", *args]


def feed(path: Path, n: int, *, copies: int = 0) -> int:
    """A JSONL file of ``n`` news documents and ``copies`` wire copies of the first; its count."""
    rows = [{"id": f"n{i:03d}", "text": news(i % 60) + f" Item {i}.", "published": PUBLISHED,
             "source": f"paper-{i % 7}"} for i in range(n)]  # fmt: skip
    rows += [{**rows[0], "id": f"copy-{i}", "source": f"wire-{i}", "url": f"https://w{i}.example/a"}
             for i in range(copies)]  # fmt: skip
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return len(rows)


def workers_of(
    proc: subprocess.Popen[bytes], want: int, timeout: float = 120
) -> list[psutil.Process]:
    """The worker processes under ``proc`` once ``want`` of them run (spawned, not the tracker)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the run ended before its workers started"
        found = [p for p in psutil.Process(proc.pid).children(recursive=True) if _worker(p)]
        if len(found) >= want:
            return found
        time.sleep(0.2)
    raise AssertionError(f"fewer than {want} workers after {timeout} s")


def _worker(process: psutil.Process) -> bool:
    try:
        line = " ".join(process.cmdline())
    except psutil.Error:
        return False
    return "spawn_main" in line and "resource_tracker" not in line


def assert_all_gone(processes: list[psutil.Process], within: float = 10.0) -> None:
    _, alive = psutil.wait_procs(processes, timeout=within)
    assert not alive, f"orphans still alive {within} s after their parent died: {alive}"


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_workers_die_with_their_parent(tmp_path: Path, engine: str) -> None:
    """kill -9 of a running 'dyad code': none of its worker processes outlives it by 10 s."""
    corpus = tmp_path / "feed.jsonl"
    feed(corpus, 400)
    command = dyad("code", str(corpus), "--workers", "2", "--engine", engine, "--quiet")
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = workers_of(proc, 2)
    time.sleep(1.0)  # let them code
    proc.kill()
    proc.wait(30)
    assert_all_gone(workers)


def _ingest(corpus: Path, db: Path, *extra: str) -> list[str]:
    # not --quiet: the run's summary on stderr is what the accounting is read from
    return dyad("ingest", str(corpus), "--db", str(db), "--workers", "2",
                "--published", PUBLISHED, *extra)  # fmt: skip


def _stored(
    db: Path,
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[tuple[object, ...]]]:
    with Store.open(db, read_only=True) as store:
        events = sorted(store.fetch("SELECT * EXCLUDE (doc_id) FROM events"), key=repr)
        documents = store.fetch("SELECT doc_id, doc_hash FROM documents ORDER BY doc_id")
        copies = store.fetch("SELECT doc_id, doc_hash FROM copies ORDER BY doc_id")
    return events, documents, copies


def _accounted(stderr: bytes) -> dict[str, int]:
    line = re.search(rb"(\d+) documents: (\d+) coded, (\d+) empty, (\d+) failed, (\d+) skipped.*?"
                     rb"(\d+) stored as copies", stderr)  # fmt: skip
    assert line, stderr.decode()
    names = ("documents", "coded", "empty", "failed", "skipped", "copies")
    return dict(zip(names, map(int, line.groups()), strict=True))


def test_kill_9_mid_ingest_then_resume_equals_an_undisturbed_ingest(tmp_path: Path) -> None:
    """A hostile folder plus 300 news documents and 20 wire copies, ingested with two workers and
    killed with -9 after its first committed batch: no worker outlives it, and the same command
    run again ends with exactly the events, documents and copies of an undisturbed ingest, every
    input accounted for (stored, a copy, skipped as stored, or failed)."""
    folder = tmp_path / "in"
    folder.mkdir()
    corpus = build(folder, news_files=6)
    inputs = len(corpus.documents) + feed(folder / "news.jsonl", 300, copies=20)
    db, log = tmp_path / "killed.duckdb", tmp_path / "progress.log"
    command = _ingest(folder, db, "--batch-size", "10", "--progress-log", str(log))
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers = workers_of(proc, 2)
    while not (log.exists() and log.read_text().strip()):
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        time.sleep(0.01)
    proc.kill()
    proc.wait(30)
    assert_all_gone(workers)
    with Store.open(db, read_only=True) as store:
        assert 0 < store.counts()["documents"] < 300

    again = subprocess.run(command, capture_output=True, timeout=600)
    reference = tmp_path / "reference.duckdb"
    whole = subprocess.run(_ingest(folder, reference), capture_output=True, timeout=600)
    assert again.returncode == whole.returncode == 1  # the hostile inputs fail, with reasons
    assert _stored(db) == _stored(reference)
    resumed, undisturbed = _accounted(again.stderr), _accounted(whole.stderr)
    assert resumed["documents"] == undisturbed["documents"] == inputs
    assert undisturbed["copies"] == 20 and resumed["failed"] == undisturbed["failed"]


FULL = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv.pop(1))
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from dyad.cli.app import main
main()
"""


def test_a_full_disk_stops_the_ingest_with_exit_3_and_a_rerun_finishes_it(tmp_path: Path) -> None:
    """When the database file cannot grow, 'dyad ingest' stops with exit 3 (the run crashed, not
    "a document failed") and says what to do; the same command run again ends with exactly the
    events of an undisturbed ingest."""
    corpus = tmp_path / "feed.jsonl"
    count = feed(corpus, 300, copies=5)
    db = tmp_path / "full.duckdb"
    args = [
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--workers",
        "2",
        "--batch-size",
        "20",
    ]  # not --quiet: the summary on stderr is read
    full = subprocess.run([sys.executable, "-c", FULL, "600000", *args], capture_output=True,
                          timeout=600)  # fmt: skip
    assert full.returncode == 3, full.stderr.decode()
    assert b"the run crashed" in full.stderr and b"run the same command again" in full.stderr
    again = subprocess.run(dyad(*args), capture_output=True, timeout=600)
    assert again.returncode == 0, again.stderr.decode()
    reference = tmp_path / "reference.duckdb"
    whole = subprocess.run(dyad(*args[:2], "--db", str(reference), *args[4:]), capture_output=True,
                           timeout=600)  # fmt: skip
    assert whole.returncode == 0 and _stored(db) == _stored(reference)
    assert _accounted(whole.stderr)["documents"] == count


CRASH = """
import dyad.engines.run as run
def broken(*args, **kwargs):
    raise ZeroDivisionError("a bug, simulated")
run.code_documents = broken
from dyad.cli.app import main
main()
"""


def test_exit_codes_tell_a_failed_document_from_a_crashed_run(tmp_path: Path) -> None:
    """1: the run finished and a document failed (reported); 3: the run crashed (an unexpected
    error: the traceback and "the run crashed" are shown). Before, both were 1."""
    good, bad = tmp_path / "good.txt", tmp_path / "bad.jsonl"
    good.write_text(news(1), encoding="utf-8")
    bad.write_text('{"id": "a", "text": "x", "published": "yesterday"}\n', encoding="utf-8")
    failed = subprocess.run(dyad("code", str(bad), "--quiet"), capture_output=True, timeout=300)
    assert failed.returncode == 1 and json.loads(failed.stdout)["status"] == "failed"
    crashed = subprocess.run([sys.executable, "-c", CRASH, "code", str(good), "--quiet"],
                             capture_output=True, timeout=300)  # fmt: skip
    assert crashed.returncode == 3
    assert (
        b"the run crashed: ZeroDivisionError" in crashed.stderr and b"Traceback" in crashed.stderr
    )
