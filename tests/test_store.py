"""The event store: idempotent, crash-safe ingest; clear errors for bad files; migrations; dedup."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb
import pytest

from dyad import Coder
from dyad.records import DocumentInput, DocumentResult, Location
from dyad.store import (
    SCHEMA_VERSION,
    LockedError,
    NotAStoreError,
    SchemaVersionError,
    Store,
    StoreError,
    code_and_store,
    event_from_row,
)
from dyad.store.dedup import DedupOptions, deduplicate
from dyad.store.ingest import ALREADY_STORED
from dyad.store.schema import migrate
from dyad.store.synthetic import make_event

RUNNER = (
    "from dyad.cli.app import app, main; from dyad.cli.store import register; register(app); main()"
)
COUNTRIES = ("Japan", "Turkey", "France", "India", "Egypt", "Israel", "Brazil", "Germany",
             "Canada", "Mexico", "Kenya", "Chile")  # fmt: skip
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _doc(
    doc_id: str, *events: object, text: str | None = None, url: str | None = None
) -> DocumentResult:
    return DocumentResult(
        doc_id=doc_id, published="2024-03-10", status="ok", events=tuple(events),  # type: ignore[arg-type]
        text=text if text is not None else f"text of {doc_id}", url=url,
    )  # fmt: skip


def _events(path: Path) -> list[tuple[object, ...]]:
    with Store.open(path, read_only=True) as store:
        return sorted(store.fetch("SELECT * FROM events"), key=repr)


# --- idempotence --------------------------------------------------------------------------------------


def test_seed_ingested_twice_keeps_the_same_row_counts(
    tmp_path: Path, coder: Coder, seed_text: str
) -> None:
    """Ingesting the seed a second time adds no row to any table."""
    doc = DocumentInput(id="seed", text=seed_text, published="2025-05-06")
    with Store.open(tmp_path / "seed.duckdb") as store:
        first = store.ingest(coder.code([doc]))
        counts = store.counts()
        second = store.ingest(coder.code([doc]))
        assert store.counts() == counts
    assert first.coded == 1 and first.events > 0 and counts["events"] == first.events
    assert counts["sentences"] > 0 and counts["actors"] > 0
    assert second.skipped == 1 and second.coded == 0 and second.events == 0


def test_same_text_twice_in_one_batch_is_coded_once_and_kept_as_a_copy(tmp_path: Path) -> None:
    """Two documents with identical text in one batch: one stored result, and the second document
    kept as a copy with its own id (it was "skipped" and lost before)."""
    event = make_event("a:0:0", "CHN", "RUS", "042")
    with Store.open(tmp_path / "dup.duckdb") as store:
        stats = store.ingest([_doc("a", event, text="same"), _doc("b", event, text="same")])
        assert store.counts()["documents"] == 1 and store.counts()["events"] == 1
        copies = store.fetch("SELECT doc_id FROM copies")
        again = store.ingest([_doc("a", event, text="same"), _doc("b", event, text="same")])
        assert store.counts()["copies"] == 1
    assert (stats.coded, stats.copies, stats.skipped) == (1, 1, 0)
    assert copies == [("b",)]
    assert (again.coded, again.copies, again.skipped) == (0, 0, 2)  # the same two documents


WIRE = "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Tuesday."


def _wire_copies(n: int) -> list[DocumentInput]:
    return [
        DocumentInput(id=f"wire-{i:02d}", text=WIRE, published=f"2025-05-{6 + i % 3:02d}",
                      url=f"https://paper-{i}.example/story", source=f"Paper {i}")
        for i in range(n)
    ]  # fmt: skip


def test_wire_copies_are_coded_once_and_every_copy_is_kept(tmp_path: Path, coder: Coder) -> None:
    """21 copies of one wire story on a fresh database: the coder sees one, the store keeps all 21
    with their ids, dates, urls and publishers, and dedup counts 21 articles from 21 sources."""
    seen: list[str] = []

    def code(inputs: Iterable[DocumentInput]) -> Iterator[DocumentResult]:
        for doc in inputs:
            seen.append(doc.id)
            yield from coder.code([doc])

    docs = _wire_copies(21)
    results: list[DocumentResult] = []
    with Store.open(tmp_path / "wire.duckdb") as store:
        stats = code_and_store(store, docs, code, batch_size=5, on_result=results.append)
        copies = store.fetch("SELECT doc_id, published, url, source FROM copies ORDER BY doc_id")
        deduplicate(store)
        counts = store.fetch(
            "SELECT num_mentions, num_articles, num_sources FROM clusters WHERE root = '04'"
        )
        again = code_and_store(store, docs, code)
        assert store.counts()["copies"] == 20
    assert seen == ["wire-00"]
    assert (stats.coded, stats.copies, stats.skipped, stats.failed) == (1, 20, 0, 0)
    assert [(d.id, d.published, d.url, d.source) for d in docs[1:]] == copies
    assert [r.doc_id for r in results] == [d.id for d in docs]
    assert {r.copy_of for r in results[1:]} == {"wire-00"} and results[0].copy_of is None
    assert counts and all(row[1:] == (21, 21) for row in counts)
    assert (again.skipped, again.coded, again.copies) == (21, 0, 0) and seen == ["wire-00"]


def test_a_copy_of_a_failed_document_fails_with_it(tmp_path: Path) -> None:
    """When the first document with a text fails, its copies fail with the same reason and none
    is stored, so a run again retries them all."""

    def code(inputs: Iterable[DocumentInput]) -> Iterator[DocumentResult]:
        for doc in inputs:
            yield DocumentResult(doc.id, doc.published, "failed", error="took too long", text="")

    with Store.open(tmp_path / "fail.duckdb") as store:
        results: list[DocumentResult] = []
        stats = code_and_store(store, _wire_copies(3), code, on_result=results.append)
        assert store.counts()["documents"] == 0 and store.counts()["copies"] == 0
    assert stats.failed == 3
    assert [r.error for r in results] == ["took too long"] + 2 * [
        "same text as wire-00: took too long"
    ]


def test_a_url_that_urllib_cannot_parse_is_stored_without_a_host(tmp_path: Path) -> None:
    """A URL with a stray bracket (urllib: "Invalid IPv6 URL") is kept as given; only its host is
    unknown, and the ingest goes on."""
    odd = "http://news.example/[live]/x]y"
    broken = "http://exa[mple.com/story"
    with Store.open(tmp_path / "u.duckdb") as store:
        stats = store.ingest([_doc("a", url=odd, text="one"), _doc("b", url=broken, text="two")])
        rows = store.fetch("SELECT doc_id, url, source_host FROM documents ORDER BY doc_id")
    assert stats.coded == 2
    assert rows == [("a", odd, "news.example"), ("b", broken, None)]


def test_failed_documents_are_reported_and_not_stored(tmp_path: Path) -> None:
    """A failed document is counted, not stored, so a later run retries it."""
    failed = DocumentResult(
        doc_id="bad", published=None, status="failed", error="unreadable", text=""
    )
    with Store.open(tmp_path / "f.duckdb") as store:
        stats = store.ingest([failed, _doc("ok")])
        assert store.counts()["documents"] == 1
    assert (stats.failed, stats.coded) == (1, 1)


def test_code_and_store_skips_stored_texts_before_coding(tmp_path: Path, coder: Coder) -> None:
    """Texts already stored never reach the coder; every input is still accounted for, in order."""
    texts = ["Russia attacked Ukraine on Monday.", "China signed a deal with Brazil on Friday."]
    docs = [DocumentInput(id=f"d{i}", text=t, published="2025-05-06", source=f"paper-{i}")
            for i, t in enumerate(texts)]  # fmt: skip
    seen: list[str] = []

    def code(inputs: Iterable[DocumentInput]) -> Iterator[DocumentResult]:
        for doc in inputs:
            seen.append(doc.id)
            yield from coder.code([doc])

    with Store.open(tmp_path / "cs.duckdb") as store:
        first = code_and_store(store, docs[:1], code)
        results: list[DocumentResult] = []
        again = code_and_store(store, [docs[1], docs[0]], code, on_result=results.append)
        sources = store.fetch("SELECT doc_id, source FROM documents ORDER BY doc_id")
    assert seen == ["d0", "d1"]  # d0 was coded once: the second run skipped it before coding
    assert (first.coded, again.coded, again.skipped) == (1, 1, 1)
    assert [(r.doc_id, r.status) for r in results] == [("d1", "ok"), ("d0", "skipped")]
    assert results[1].error == ALREADY_STORED
    assert sources == [("d0", "paper-0"), ("d1", "paper-1")]  # the publisher rides on the record


# --- kill -9 and resume -------------------------------------------------------------------------------


def _corpus_lines(count: int = 60) -> list[str]:
    lines = []
    for i in range(count):
        a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i * 5 + 1) % len(COUNTRIES)]
        if a == b:
            b = COUNTRIES[(i + 3) % len(COUNTRIES)]
        day = DAYS[i % len(DAYS)]
        text = (
            f"Report {i}. {a} signed a trade agreement with {b} on {day}. "
            f"{b} and {a} agreed to cooperate on {DAYS[(i + 2) % len(DAYS)]}."
        )
        lines.append(json.dumps({"id": f"doc-{i:02d}", "text": text, "published": "2025-05-06"}))
    return lines


def _ingest_command(corpus: Path, db: Path, log: Path, config: Path) -> list[str]:
    return [sys.executable, "-c", RUNNER, "ingest", str(corpus), "--db", str(db), "--batch-size", "2",
            "--progress-log", str(log), "--config", str(config), "--workers", "1", "--quiet"]  # fmt: skip


def _wait_for_lines(
    log: Path, count: int, proc: subprocess.Popen[bytes], timeout: float = 90
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and len(log.read_text().splitlines()) >= count:
            return
        assert proc.poll() is None, (
            f"ingest ended early: {proc.stderr.read().decode() if proc.stderr else ''}"
        )
        time.sleep(0.005)
    raise AssertionError(f"no committed batch within {timeout} s")


@pytest.mark.slow
def test_killed_ingest_run_again_ends_with_the_events_of_an_uninterrupted_run(
    tmp_path: Path,
) -> None:
    """kill -9 after a committed batch, then the same command: exactly the uninterrupted run's events."""
    lines = _corpus_lines()
    config = tmp_path / "coding.toml"
    config.write_text("[coding]\nbatch_size = 1\n")  # spaCy must not wait for 64 documents
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n")
    db, log = tmp_path / "killed.duckdb", tmp_path / "progress.log"
    command = _ingest_command(corpus, db, log, config)

    proc = subprocess.Popen(command, stderr=subprocess.PIPE)
    _wait_for_lines(log, 1, proc)
    os.kill(proc.pid, signal.SIGKILL)  # right after the first committed batch, mid-run
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    with Store.open(db, read_only=True) as store:
        stored_after_kill = store.counts()["documents"]
    assert 0 < stored_after_kill < len(lines)

    again = subprocess.run(command, capture_output=True, timeout=300)
    assert again.returncode == 0, again.stderr.decode()

    ref_db = tmp_path / "reference.duckdb"
    done = subprocess.run(
        _ingest_command(corpus, ref_db, tmp_path / "ref.log", config),
        capture_output=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode()

    resumed, uninterrupted = _events(db), _events(ref_db)
    assert resumed == uninterrupted and len(uninterrupted) > 0
    assert len({row[0] for row in resumed}) == len(resumed)  # no duplicate events
    with Store.open(db, read_only=True) as store:
        assert store.counts()["documents"] == len(lines)


# --- bad files ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"event_id,cameo\n1,042\n", b"SQLite format 3\x00" + bytes(200), b""],
    ids=["csv", "sqlite", "empty"],
)
def test_a_file_that_is_not_duckdb_is_refused_and_left_unchanged(
    tmp_path: Path, content: bytes
) -> None:
    """A text, SQLite or empty file gives a clear error and keeps its bytes."""
    path = tmp_path / "events.duckdb"
    path.write_bytes(content)
    with pytest.raises(NotAStoreError, match="not a DuckDB database"):
        Store.open(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.duckdb"]


def test_a_duckdb_file_without_dyad_tables_is_refused(tmp_path: Path) -> None:
    """Someone else's DuckDB database is not taken over."""
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE prices (day DATE, price DOUBLE)")
    con.close()
    with pytest.raises(NotAStoreError, match="not a dyad event store"):
        Store.open(path)


def test_a_newer_schema_version_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    """A database from a newer dyad gives a clear error and is not modified."""
    path = tmp_path / "future.duckdb"
    with Store.open(path) as store:
        store.con.execute(
            "UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)]
        )
    before = path.read_bytes()
    with pytest.raises(SchemaVersionError, match=f"schema version {SCHEMA_VERSION + 1}"):
        Store.open(path)
    with pytest.raises(SchemaVersionError, match="upgrade dyad"):
        Store.open(path, read_only=True)
    assert path.read_bytes() == before


def test_an_older_schema_is_migrated_step_by_step(tmp_path: Path) -> None:
    """A version-1 file gains the dedup, copies and event_reports tables and a migration record
    per step."""
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    migrate(con, str(path), target=1)
    con.close()
    with Store.open(path) as store:
        versions = store.fetch("SELECT version FROM migrations ORDER BY version")
        assert versions == [(1,), (2,), (3,), (4,)]
        assert store.fetch("SELECT value FROM meta WHERE key = 'schema_version'") == [
            (str(SCHEMA_VERSION),)
        ]
        assert store.counts()["clusters"] == 0 and store.counts()["copies"] == 0


def test_a_migrated_file_has_the_columns_of_a_new_one_in_the_same_order(tmp_path: Path) -> None:
    """Version 4 appends its columns, so an export of an old file lines up with a new one's."""
    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))
    migrate(con, str(old), target=3)
    con.close()
    columns = "SELECT table_name, column_name FROM information_schema.columns ORDER BY ALL"
    with Store.open(old) as migrated, Store.open(tmp_path / "new.duckdb") as new:
        assert migrated.fetch(columns) == new.fetch(columns)
        names = [c for t, c in new.fetch(columns) if t == "events"]
        assert {"date_from", "source_country_from", "target_country_from"} <= set(names)


STORY = (
    "NAIROBI, Kenya (Reuters) — The foreign minister met the Ugandan president on Tuesday to "
    "discuss the border. Kenya's foreign minister met Uganda's president on Tuesday, officials said."
)


def test_where_inferences_came_from_is_stored_and_read_back(tmp_path: Path, coder: Coder) -> None:
    """The dateline, a country taken from it (CODING.md §2), the date's origin and a second report
    of the same meeting (§1.7) survive the store: the row rebuilds the coder's event."""
    result = coder.code_text(STORY, doc_id="k1", published="2024-05-02")
    (meeting,) = [e for e in result.events if e.cameo == "040"]
    assert meeting.source is not None and meeting.source.country_from == "dateline"
    assert meeting.date_from == "text" and len(meeting.mentions) == 1
    with Store.open(tmp_path / "k.duckdb") as store:
        store.ingest([result])
        (document,) = store.fetch(
            "SELECT dateline_place, dateline_country, dateline_agency FROM documents"
        )
        rows = store.fetch("SELECT sentence, trigger FROM event_reports WHERE event_id = ?",
                           [meeting.id])  # fmt: skip
        cursor = store.con.execute("SELECT * FROM events WHERE event_id = ?", [meeting.id])
        names = [d[0] for d in cursor.description]
        row = dict(zip(names, cursor.fetchone() or (), strict=True))
        reports = [
            dict(zip(("sentence", "start", "end", "trigger"), r, strict=True))
            for r in store.fetch(
                'SELECT sentence, "start", "end", trigger FROM event_reports ORDER BY report'
            )
        ]
    assert document == ("Nairobi", "KEN", "Reuters")
    assert rows == [(meeting.mentions[0].sentence, "met")]
    assert event_from_row(row, reports) == meeting


def test_a_missing_database_opened_read_only_says_how_to_make_one(tmp_path: Path) -> None:
    """Reading a database that does not exist names 'dyad ingest'."""
    with pytest.raises(StoreError, match="dyad ingest"):
        Store.open(tmp_path / "nothing.duckdb", read_only=True)
    assert not (tmp_path / "nothing.duckdb").exists()


def test_a_second_process_gets_database_is_locked(tmp_path: Path) -> None:
    """While one process holds the file for writing, another gets a clear lock error naming it."""
    path = tmp_path / "busy.duckdb"
    Store.open(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); "
         "print('ready', flush=True); time.sleep(60)", str(path)],
        stdout=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"ready"
        with pytest.raises(LockedError, match=rf"database is locked.*process {holder.pid}"):
            Store.open(path)
        with pytest.raises(LockedError, match="database is locked"):
            Store.open(path, read_only=True)
    finally:
        holder.kill()
        holder.wait()
    with Store.open(path) as store:  # nothing was damaged
        assert store.counts()["documents"] == 0


def test_ingest_into_a_read_only_store_is_a_clear_error(tmp_path: Path) -> None:
    """Writing through a read-only store fails before touching anything."""
    path = tmp_path / "ro.duckdb"
    Store.open(path).close()
    with Store.open(path, read_only=True) as store, pytest.raises(StoreError, match="read-only"):
        store.ingest([_doc("a")])


def test_a_failing_batch_is_rolled_back_and_earlier_batches_kept(tmp_path: Path) -> None:
    """When a batch cannot be written, none of its rows stay and committed batches are intact."""
    good = _doc("good", make_event("good:0:0", "CHN", "RUS", "042"))
    twin = make_event("bad:0:0", "USA", "MEX", "043")
    bad = _doc("bad", twin, twin)  # the same event id twice violates the events primary key

    def results() -> Iterator[DocumentResult]:
        yield good
        yield bad

    with Store.open(tmp_path / "rb.duckdb") as store:
        with pytest.raises(StoreError, match="rolled back"):
            store.ingest(results(), batch_size=1)
        assert store.fetch("SELECT doc_id FROM documents") == [("good",)]
        assert store.fetch("SELECT count(*) FROM events") == [(1,)]


FULL_DISK = """
import resource, signal, sys
from dyad.store import Store, StoreError
from dyad.store.synthetic import documents
store = Store.open(sys.argv[1])
if len(sys.argv) > 2:  # the file may not grow past this: a disk that fills up
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[2]), int(sys.argv[2])))
try:
    print(store.ingest(documents(40000), batch_size=50).coded)
except StoreError as exc:
    print(exc, file=sys.stderr)
    sys.exit(3)
"""


@pytest.mark.slow
def test_a_full_disk_stops_the_ingest_with_a_clear_error_and_a_consistent_file(
    tmp_path: Path,
) -> None:
    """When writes fail, the batch is rolled back, the error says what to do, and a re-run finishes."""
    path = tmp_path / "full.duckdb"
    full = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(path), "4000000"], capture_output=True, timeout=300
    )
    assert full.returncode == 3, full.stderr.decode()
    assert (
        "rolled back" in full.stderr.decode()
        and "run the same command again" in full.stderr.decode()
    )
    with Store.open(path, read_only=True) as store:
        documents = store.counts()["documents"]
        torn = store.fetch(
            "SELECT count(*) FROM documents d WHERE n_events <> (SELECT count(*) FROM events e WHERE e.doc_hash = d.doc_hash)"
        )
    assert documents > 0 and documents % 50 == 0 and torn == [(0,)]
    again = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(path)], capture_output=True, timeout=300
    )
    assert again.returncode == 0, again.stderr.decode()
    assert int(again.stdout) == 2000 - documents
    with Store.open(path, read_only=True) as store:
        assert store.counts()["events"] == 40000


# --- dedup -------------------------------------------------------------------------------------------


def test_dedup_merges_one_event_reported_by_two_documents_and_keeps_both(tmp_path: Path) -> None:
    """Two outlets reporting one visit a day apart: one cluster, two mentions, both events kept."""
    moscow = Location("Moscow", "RUS", 55.75, 37.62)
    first = make_event("a:0:0", "CHNGOV", "RUS", "042", date="2024-03-10", location=moscow)
    second = make_event("b:3:0", "CHNGOV", "RUS", "042", date="2024-03-11", location=moscow)
    elsewhere = make_event(
        "c:0:0", "CHNGOV", "RUS", "042", date="2024-03-10", location=Location("Paris", "FRA")
    )
    later = make_event("d:0:0", "CHNGOV", "RUS", "042", date="2024-04-20")
    with Store.open(tmp_path / "dd.duckdb") as store:
        store.ingest([
            _doc("a", first, url="https://www.xinhuanet.com/a"),
            _doc("b", second, url="https://tass.com/b"),
            _doc("c", elsewhere, url="https://tass.com/c"),
            _doc("d", later, url="https://tass.com/d"),
        ])  # fmt: skip
        stats = deduplicate(store)
        again = deduplicate(store)
        rows = store.fetch(
            "SELECT num_mentions, num_sources, num_articles FROM clusters ORDER BY num_mentions DESC, day_first"
        )
        merged = store.fetch(
            "SELECT doc_hash FROM mentions m JOIN clusters c USING (cluster_id) WHERE num_mentions = 2"
        )
        assert store.counts()["events"] == 4
    assert stats == again
    assert (stats.events, stats.clusters, stats.merged) == (4, 3, 1)
    assert rows == [(2, 2, 2), (1, 1, 1), (1, 1, 1)]
    assert len(merged) == 2


def test_dedup_window_is_an_option(tmp_path: Path) -> None:
    """Reports five days apart merge only when the window allows it."""
    one = make_event("a:0:0", "USA", "IRN", "112", date="2024-06-01")
    two = make_event("b:0:0", "USA", "IRN", "112", date="2024-06-06")
    with Store.open(tmp_path / "w.duckdb") as store:
        store.ingest([_doc("a", one), _doc("b", two)])
        assert deduplicate(store).clusters == 2
        assert deduplicate(store, DedupOptions(window_days=5)).clusters == 1
