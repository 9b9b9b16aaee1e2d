"""The API an analyst needs, against the real app on loopback: events not mentions, names as
well as codes, CSV, the same filters on every chart, a health check that reads the store, and a
store that takes new articles while `dyad serve` holds it."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from dyad import Coder
from dyad.api import create_app
from dyad.demo import DEMO_ARTICLE, DEMO_PUBLISHED
from dyad.records import DocumentInput
from dyad.store import Store
from dyad.store.dedup import deduplicate
from dyad.store.query import top_dyads

from .live import free_port, serving

COPIES = 3


def _copies(text: str, n: int) -> list[DocumentInput]:
    return [
        DocumentInput(id=f"copy{i}", text=f"Wire copy {i}\n\n{text}", published=DEMO_PUBLISHED)
        for i in range(n)
    ]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, coder: Coder, demo_text: str) -> Iterator[str]:
    """The app on loopback over three deduplicated copies of the demo article."""
    db = tmp_path_factory.mktemp("analyst") / "events.duckdb"
    with Store.open(db) as store:
        store.ingest(coder.code(_copies(demo_text, COPIES)))
        deduplicate(store)
    with serving(create_app(str(db), coder=coder, token="")) as url:
        yield url


def _get(url: str, **params: object) -> httpx.Response:
    return httpx.get(url, params=params, timeout=60)


def test_dyads_count_events_after_dedup_and_mentions_on_request(
    server: str, tmp_path: Path, coder: Coder, demo_text: str
) -> None:
    """Three copies of one article count as one copy does; count=mentions three times its reports."""
    with Store.open(tmp_path / "one.duckdb") as store:
        store.ingest(coder.code(_copies(demo_text, 1)))
        deduplicate(store)
        one = {(r["actor_a"], r["actor_b"]): r["events"] for r in top_dyads(store).records()}
        reports = top_dyads(store, count="mentions").records()
    events = _get(f"{server}/v1/dyads", level="code").json()["dyads"]
    mentions = _get(f"{server}/v1/dyads", level="code", count="mentions").json()["dyads"]
    assert one and {(d["actor_a"], d["actor_b"]): d["events"] for d in events} == one
    assert {(d["actor_a"], d["actor_b"]): d["events"] for d in mentions} == {
        (r["actor_a"], r["actor_b"]): r["events"] * COPIES for r in reports
    }


def test_names_lower_case_codes_and_the_actor_search(server: str) -> None:
    """actor=bra is BRA; actor=Brazil is a 400 naming BRA; /v1/actors?q= maps names to codes."""
    lower = _get(f"{server}/v1/events", actor="bra")
    assert lower.status_code == 200 and lower.json()["events"]
    named = _get(f"{server}/v1/events", actor="Brazil")
    assert named.status_code == 400 and "did you mean BRA?" in named.text
    found = _get(f"{server}/v1/actors", q="South African").json()
    assert found["matches"][0]["code"] == "ZAF"
    assert found["actors"] and all(a["actor"].startswith("ZAF") for a in found["actors"])
    leader = _get(f"{server}/v1/actors", q="Ramaphosa").json()["matches"]
    assert leader[0]["code"] == "ZAFGOV"


def test_events_as_csv(server: str, coder: Coder, demo_text: str) -> None:
    """format=csv answers text/csv, one event a row, with evidence and true/false booleans."""
    answer = _get(f"{server}/v1/events", format="csv", limit=500)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    per_copy = len(next(iter(coder.code(_copies(demo_text, 1)))).events)
    assert len(rows) == COPIES * per_copy and {r["historical"] for r in rows} == {"true", "false"}
    assert all(r["evidence"] for r in rows)


def test_every_chart_answers_the_same_filters(server: str) -> None:
    """The network and the map take actor, CAMEO and root filters; the map leaves history out."""
    network = _get(f"{server}/v1/network", level="code", actor="ZAF", cameo="041").json()
    assert network["edges"] and all(e["source"].startswith("ZAF") or e["target"].startswith("ZAF")
                                    for e in network["edges"])  # fmt: skip
    timeline = _get(f"{server}/v1/dyads/BRA/ZAF/timeline", root="04").json()["periods"]
    all_roots = _get(f"{server}/v1/dyads/BRA/ZAF/timeline").json()["periods"]
    assert 0 < sum(p["events"] for p in timeline) < sum(p["events"] for p in all_roots)
    places = _get(f"{server}/v1/locations").json()["locations"]
    everything = _get(f"{server}/v1/locations", include_historical=True).json()["locations"]
    assert sum(p["events"] for p in places) <= sum(p["events"] for p in everything)
    top = _get(f"{server}/v1/actors", actor="BRA").json()["actors"]
    assert top and all(a["events"] > 0 for a in top)


def test_healthz_says_when_the_database_cannot_be_read(tmp_path: Path, coder: Coder) -> None:
    """/healthz on a file that is no DuckDB database: 503 unavailable with the reason."""
    bad = tmp_path / "notes.duckdb"
    bad.write_text("not a database\n", encoding="utf-8")
    with serving(create_app(str(bad), coder=coder, token="")) as url:
        health = _get(f"{url}/healthz")
    assert health.status_code == 503
    assert health.json()["status"] == "unavailable"
    assert "not a DuckDB database" in health.json()["database_error"]


def _dyad(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dyad", *args], capture_output=True, text=True,
                          timeout=600, env={**os.environ, **(env or {})})  # fmt: skip


@pytest.mark.slow
def test_serve_refuses_a_file_that_is_no_database(tmp_path: Path) -> None:
    """`dyad serve --db notes.txt` stops at once with exit 2 and says what the file is."""
    bad = tmp_path / "notes.txt"
    bad.write_text("hello\n", encoding="utf-8")
    done = _dyad("serve", "--db", str(bad), "--port", str(free_port()))
    assert done.returncode == 2 and "not a DuckDB database" in done.stderr


@pytest.mark.slow
def test_ingest_while_serve_runs(tmp_path: Path, coder: Coder, demo_text: str) -> None:
    """While `dyad serve` holds the store, ingest says so and names --server; through the
    server's token route the documents are stored and the server shows them at once."""
    db, port, token = tmp_path / "live.duckdb", free_port(), "s3cret"
    env = {**os.environ, "DYAD_API_TOKEN": token}
    serve = subprocess.Popen([sys.executable, "-m", "dyad", "serve", "--db", str(db), "--port", str(port)],
                             env=env, stderr=subprocess.PIPE, text=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url)
        locked = _dyad("ingest", str(DEMO_ARTICLE), "--published", DEMO_PUBLISHED, "--db", str(db))
        assert locked.returncode == 2
        assert "a dyad server" in locked.stderr and "--server" in locked.stderr
        sent = _dyad("ingest", str(DEMO_ARTICLE), "--published", DEMO_PUBLISHED, "--server", url,
                     env={"DYAD_API_TOKEN": token})  # fmt: skip
        assert sent.returncode == 0, sent.stderr
        events = len(
            coder.code_text(demo_text, doc_id="article.txt", published=DEMO_PUBLISHED).events
        )
        assert "1 coded" in sent.stderr and f"{events} events" in sent.stderr
        stored = httpx.get(f"{url}/v1/events", params={"limit": 500}, timeout=60).json()
        assert len(stored["events"]) == events
        refused = _dyad("ingest", str(DEMO_ARTICLE), "--server", url, env={"DYAD_API_TOKEN": "no"})
        assert refused.returncode == 2 and "refused" in refused.stderr
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=30)


def _wait(url: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("dyad serve did not start")
