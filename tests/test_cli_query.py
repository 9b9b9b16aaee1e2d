"""The store's questions through the real `dyad` entry point: counts of events (not mentions),
the current-events export, names as well as codes, empty answers that say so."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dyad.demo import DEMO_ARTICLE, DEMO_PUBLISHED

pytestmark = pytest.mark.slow  # subprocesses that load the model

COPIES = 200


def _dyad(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dyad", *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=cwd,
        env={"COLUMNS": "100", "PATH": "/usr/bin:/bin"},
    )


@pytest.fixture(scope="module")
def copies_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 copies of the demo article (each with its own headline line, so none is skipped as
    already stored), ingested and deduplicated."""
    folder = tmp_path_factory.mktemp("copies")
    text = DEMO_ARTICLE.read_text(encoding="utf-8")
    lines = [
        json.dumps(
            {"id": f"copy{i}", "text": f"Wire copy {i}\n\n{text}", "published": DEMO_PUBLISHED}
        )
        for i in range(COPIES)
    ]
    (folder / "copies.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = folder / "copies.duckdb"
    done = _dyad("ingest", str(folder / "copies.jsonl"), "--db", str(db), "--quiet")
    assert done.returncode == 0, done.stderr
    assert _dyad("dedup", "--db", str(db)).returncode == 0
    return db


@pytest.fixture(scope="module")
def one_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the demo article, ingested and deduplicated."""
    db = tmp_path_factory.mktemp("one") / "one.duckdb"
    done = _dyad(
        "ingest", str(DEMO_ARTICLE), "--published", DEMO_PUBLISHED, "--db", str(db), "--quiet"
    )
    assert done.returncode == 0, done.stderr
    assert _dyad("dedup", "--db", str(db)).returncode == 0
    return db


def _top_dyads(db: Path, *more: str) -> list[dict[str, str]]:
    done = _dyad("query", "top-dyads", "--db", str(db), "--format", "csv", *more)
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


def test_200_deduplicated_copies_count_as_the_article_events(copies_db: Path, one_db: Path) -> None:
    """After dedup, 200 copies give the one article's event counts; --count mentions gives 200x."""
    one = {(r["actor_a"], r["actor_b"]): int(r["events"]) for r in _top_dyads(one_db)}
    many = {(r["actor_a"], r["actor_b"]): int(r["events"]) for r in _top_dyads(copies_db)}
    assert many == one and sum(one.values()) > 0
    mentions = _top_dyads(copies_db, "--count", "mentions")
    volume = {(r["actor_a"], r["actor_b"]): int(r["events"]) for r in mentions}
    assert volume == {pair: n * COPIES for pair, n in _mention_counts(one_db).items()}


def _mention_counts(db: Path) -> dict[tuple[str, str], int]:
    return {
        (r["actor_a"], r["actor_b"]): int(r["events"])
        for r in _top_dyads(db, "--count", "mentions")
    }


def test_export_holds_the_current_events_and_says_what_it_left_out(
    one_db: Path, tmp_path: Path
) -> None:
    """CSV export: no 1965 event nor the garbled paragraph's unless --all; stderr counts them;
    rows carry modality, historical, confidence, flags, evidence, sentence text; true/false."""
    out = tmp_path / "e.csv"
    done = _dyad("export", "--format", "csv", "--out", str(out), "--db", str(one_db))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and {r["historical"] for r in rows} == {"false"}
    assert all(
        float(r["confidence"]) >= 0.5 and r["modality"] in ("occurred", "planned") for r in rows
    )
    assert all(r["evidence"] and r["sentence_text"] for r in rows)
    assert "left out; --all keeps them" in done.stderr
    everything = tmp_path / "all.csv"
    assert _dyad("export", "--format", "csv", "--out", str(everything), "--db", str(one_db),
                 "--all").returncode == 0  # fmt: skip
    kept = list(csv.DictReader(everything.open(encoding="utf-8")))
    assert {r["historical"] for r in kept} == {"true", "false"}
    assert any("low_quality" in r["flags"] for r in kept) and len(kept) > len(rows)


def test_gdelt_export_leaves_out_history_as_the_queries_do(one_db: Path, tmp_path: Path) -> None:
    """GDELT rows of the default export have no 1965 (historical) and no confidence-0.3 event."""
    out = tmp_path / "e.tsv"
    assert (
        _dyad("export", "--format", "gdelt", "--out", str(out), "--db", str(one_db)).returncode == 0
    )
    years = {line.split("\t")[3] for line in out.read_text(encoding="utf-8").splitlines()}
    assert "1965" not in years


def test_an_empty_export_warns_and_exits_1(one_db: Path, tmp_path: Path) -> None:
    """An export that writes nothing says so on stderr with exit 1."""
    out = tmp_path / "none.csv"
    done = _dyad("export", "--format", "csv", "--out", str(out), "--db", str(one_db),
                 "--where", "root = '20'")  # fmt: skip
    assert done.returncode == 1 and "warning: the export" in done.stderr


def test_names_and_lower_case_codes(one_db: Path) -> None:
    """`bra zaf` is BRA ZAF; `Brazil` stops with 'did you mean BRA?'; dyad actors finds codes."""
    lower = _dyad("query", "dyad", "bra", "zaf", "--db", str(one_db), "--format", "csv")
    assert (
        lower.returncode == 0
        and sum(int(r["events"]) for r in csv.DictReader(io.StringIO(lower.stdout))) > 0
    )
    named = _dyad("query", "dyad", "Brazil", "South Africa", "--db", str(one_db))
    assert named.returncode == 2
    assert (
        "no actor code starts with 'Brazil'" in named.stderr and "did you mean BRA?" in named.stderr
    )
    found = _dyad("actors", "Putin", "--format", "csv")
    assert found.returncode == 0 and "RUSGOV" in found.stdout
    assert _dyad("actors", "Qwertyland").returncode == 1


def test_an_empty_plot_warns_and_exits_1(one_db: Path, tmp_path: Path) -> None:
    """A plot of a dyad with no events writes the empty plot and exits 1 with a warning."""
    done = _dyad(
        "plot", "dyad", "USA", "FRA", "--out", str(tmp_path / "p.png"), "--db", str(one_db)
    )
    assert done.returncode == 1 and "the plot is empty" in done.stderr
