"""The command line: every command is documented, and exit codes follow docs/contract.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dyad.cli.app import _register_commands, app

ROOT = Path(__file__).resolve().parents[1]


def _command_names() -> list[str]:
    _register_commands()
    names = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
    names += [g.name or "" for g in app.registered_groups]
    return sorted({n.rstrip("_") for n in names if n})


def test_every_command_is_documented() -> None:
    """Each top-level command appears as `dyad NAME` in the README or docs/."""
    docs = (ROOT / "README.md").read_text(encoding="utf-8")
    docs += "".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md"))
    missing = [name for name in _command_names() if f"dyad {name}" not in docs]
    assert not missing, f"undocumented commands: {missing}"


def _dyad(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dyad", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_exit_codes_and_records(tmp_path: Path) -> None:
    """0 when all documents are coded, 1 when one failed (still reported), 2 on a usage error."""
    good = tmp_path / "good.txt"
    good.write_text("Russian President Vladimir Putin visited China on Monday.", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "Russia attacked Ukraine."}\n{broken\n', encoding="utf-8")
    ok = _dyad("code", str(good), "--published", "2025-05-06", "--quiet", "--workers", "1")
    assert ok.returncode == 0, ok.stderr
    (record,) = [json.loads(line) for line in ok.stdout.splitlines()]
    assert record["status"] == "ok" and record["events"][0]["cameo"] == "042"
    failed = _dyad("code", str(bad), "--quiet", "--workers", "1")
    assert failed.returncode == 1
    statuses = [json.loads(line)["status"] for line in failed.stdout.splitlines()]
    assert statuses == ["ok", "failed"]
    assert _dyad("code", str(good), "--format", "yaml").returncode == 2
    assert _dyad("code", str(good), "--published", "May 6").returncode == 2


@pytest.mark.slow
def test_explain_names_the_rule_and_where_inferences_came_from(tmp_path: Path) -> None:
    """``dyad explain`` gives the rule's dictionary line, the country's and the date's origin and
    the other report of the same act."""
    story = tmp_path / "story.txt"
    story.write_text(
        "DAKAR, Senegal — The finance minister met the Malian president on Wednesday. Senegal's "
        "finance minister met Mali's president on Wednesday, his aides said.",
        encoding="utf-8",
    )
    coded = _dyad("code", str(story), "--published", "2024-09-20", "--quiet", "--workers", "1")
    (record,) = [json.loads(line) for line in coded.stdout.splitlines()]
    (meeting,) = [e for e in record["events"] if e["cameo"] == "040"]
    shown = _dyad("explain", meeting["id"], str(story), "--published", "2024-09-20")
    assert shown.returncode == 0, shown.stderr
    assert f"rule     {meeting['rule']} (" in shown.stdout and "events.jsonl:" in shown.stdout
    assert "SENGOV" in shown.stdout and "country from dateline" in shown.stdout
    assert "date 2024-09-18 (from text)" in shown.stdout
    assert "again    sentence 1: \"Senegal's finance minister met" in shown.stdout
    missing = _dyad("explain", "story:9:9", str(story))
    assert missing.returncode == 1 and "no event 'story:9:9'" in missing.stderr
