"""CLI manners through the real `dyad` entry point: --csv-columns, terminal-wide tables, failure
reasons in every summary, empty inputs, --version, flags without metavars, a quiet --quiet."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dyad import __version__
from dyad.demo import DEMO_ARTICLE, DEMO_PUBLISHED

pytestmark = pytest.mark.slow  # subprocesses that load the model


def _dyad(*args: str, columns: int = 100) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dyad", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={"COLUMNS": str(columns), "PATH": "/usr/bin:/bin"},
    )


def test_csv_columns_names_the_files_own_columns(tmp_path: Path) -> None:
    """A CSV with columns doc_id/body/date is read with --csv-columns, by code and ingest."""
    path = tmp_path / "mine.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([("doc_id", "body", "date"),
                                  ("n1", "Russia attacked Ukraine on Monday.", "2025-05-06")])  # fmt: skip
    mapping = "id=doc_id,text=body,published=date"
    done = _dyad("code", str(path), "--csv-columns", mapping, "--quiet", "--workers", "1")
    assert done.returncode == 0, done.stderr
    (record,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert (record["doc_id"], record["published"], record["events"][0]["cameo"]) == (
        "n1", "2025-05-06", "190")  # fmt: skip
    stored = _dyad(
        "ingest", str(path), "--csv-columns", mapping, "--db", str(tmp_path / "d.duckdb")
    )
    assert stored.returncode == 0 and "1 coded" in stored.stderr
    assert _dyad("code", str(path), "--csv-columns", "body").returncode == 2


@pytest.mark.parametrize("width", [80, 100])
def test_the_demo_table_fits_the_terminal(width: int) -> None:
    """`make demo`'s table is no wider than an 80- or 100-column terminal."""
    done = _dyad("code", str(DEMO_ARTICLE), "--published", DEMO_PUBLISHED, "--format", "table",
                 "--quiet", "--workers", "1", columns=width)  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines and max(len(line) for line in lines) <= width
    assert "042 Make a" in done.stdout


def test_failure_reasons_show_in_table_csv_and_ingest(tmp_path: Path) -> None:
    """A binary file's reason appears under 'failed:' whatever the format, and on ingest."""
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02 not text")
    for fmt in ("table", "csv"):
        done = _dyad("code", str(bad), "--format", fmt, "--workers", "1")
        assert done.returncode == 1
        assert "failed:\n  bad.txt: binary content" in done.stderr
    stored = _dyad("ingest", str(bad), "--db", str(tmp_path / "d.duckdb"), "--quiet")
    assert stored.returncode == 1 and "failed:\n  bad.txt: binary content" in stored.stderr


def test_empty_inputs_warn_and_exit_1(tmp_path: Path) -> None:
    """An empty folder is a warning and exit 1, for code and ingest alike."""
    folder = tmp_path / "empty"
    folder.mkdir()
    coded = _dyad("code", str(folder), "--quiet")
    assert coded.returncode == 1 and "hold no documents" in coded.stderr
    stored = _dyad("ingest", str(folder), "--db", str(tmp_path / "d.duckdb"))
    assert stored.returncode == 1 and "hold no documents" in stored.stderr


def test_a_re_ingest_prints_one_summary(tmp_path: Path) -> None:
    """Ingesting the same article twice: the second run's one summary says 1 skipped."""
    db = str(tmp_path / "d.duckdb")
    args = (
        "ingest",
        str(DEMO_ARTICLE),
        "--published",
        DEMO_PUBLISHED,
        "--db",
        db,
        "--workers",
        "1",
    )
    assert _dyad(*args).returncode == 0
    again = _dyad(*args)
    assert again.returncode == 0
    summaries = [line for line in again.stderr.splitlines() if "documents" in line]
    assert summaries == [
        "1 documents: 0 coded, 0 empty, 0 failed, 1 skipped (already stored or not English), "
        f"0 stored as copies (same text as a stored document); 0 events stored in {db}"
    ]


def test_version_and_help_at_80_columns() -> None:
    """--version prints the version; help shows flags without <bool> and whole flag names."""
    version = _dyad("--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"dyad {__version__}")
    shown = _dyad("query", "top-dyads", "--help", columns=80)
    assert shown.returncode == 0 and "<bool>" not in shown.stdout
    assert "--include-hypothetical" in shown.stdout and "--directed" in shown.stdout
    coded = _dyad("code", "--help", columns=80)
    assert "<bool>" not in coded.stdout and "--csv-columns" in coded.stdout


def test_quiet_dask_run_prints_results_only(tmp_path: Path) -> None:
    """--engine dask --quiet: stdout holds the records, stderr no distributed line, exit 0."""
    paths = []
    for i in range(3):
        path = tmp_path / f"d{i}.txt"
        path.write_text("Russia attacked Ukraine on Monday.", encoding="utf-8")
        paths.append(str(path))
    done = _dyad("code", *paths, "--engine", "dask", "--workers", "1", "--quiet")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 3
    assert "distributed" not in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.strip() == ""


def test_csv_rows_carry_sentence_and_evidence_and_lower_case_booleans() -> None:
    """`dyad code --format csv`: sentence_text and evidence columns, historical true/false."""
    done = _dyad("code", str(DEMO_ARTICLE), "--published", DEMO_PUBLISHED, "--format", "csv",
                 "--quiet", "--workers", "1")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {r["historical"] for r in rows} == {"true", "false"}
    call = next(r for r in rows if r["cameo"] == "041")
    assert "telephone conversation" in call["sentence_text"] and call["evidence"]


def test_validate_reports_every_error_and_unknown_countries(tmp_path: Path) -> None:
    """A leaders file with three bad lines gets three errors (country XYZ among them), exit 1."""
    path = tmp_path / "leaders.tsv"
    path.write_text(
        "name\taliases\tcountry\trole\toffice\tstart\tend\n"
        "Jane Doe\t\tXYZ\tGOV\tpresident\t2020-01-01\t\n"
        "John Roe\t\tFRA\tGOV\tpresident\tMay 2020\t\n"
        "Ann Poe\t\tDEU\tGOV\tchancellor\t2021-13-01\t\n"
        "Kim Loe\t\tKEN\tGOV\tpresident\t2022-09-13\t\n",
        encoding="utf-8",
    )
    done = _dyad("validate", str(path))
    assert done.returncode == 1
    reported = [line for line in done.stderr.splitlines() if line.startswith("dyad: [E002]")]
    assert [line.split(":")[2] for line in reported] == ["2", "3", "4"]
    assert "'XYZ'" in reported[0]
    good = tmp_path / "good.tsv"
    good.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n"
                    "Kim Loe\t\tKEN\tGOV\tpresident\t2022-09-13\t\n", encoding="utf-8")  # fmt: skip
    fine = _dyad("validate", str(good))
    assert fine.returncode == 0 and "1 leaders entries, all valid" in fine.stdout


def test_explain_reads_the_store(tmp_path: Path) -> None:
    """`dyad explain ID --db` explains a stored event: rule, spans, its date and where it came from."""
    db = str(tmp_path / "d.duckdb")
    assert _dyad("ingest", str(DEMO_ARTICLE), "--published", DEMO_PUBLISHED, "--db", db,
                 "--quiet").returncode == 0  # fmt: skip
    out = tmp_path / "e.jsonl"
    assert (
        _dyad("export", "--format", "jsonl", "--out", str(out), "--db", db, "--all").returncode == 0
    )
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    phone = next(e for e in events if e["cameo"] == "041")
    call = _dyad("explain", phone["id"], "--db", db)
    assert call.returncode == 0, call.stderr
    assert "041 Discuss by telephone" in call.stdout and "date 2025-01" in call.stdout
    assert "telephone conversation" in call.stdout and "historical false" in call.stdout
    by_day = next(e for e in events if e.get("date_from") == "published")
    undated = _dyad("explain", by_day["id"], "--db", db)
    assert f"date {by_day['date']} (from published)" in undated.stdout
    assert "None" not in undated.stdout
    assert _dyad("explain", "nope:0:0", "--db", db).returncode == 1
