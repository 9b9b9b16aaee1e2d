"""Load benchmark of the HTTP API on loopback: many concurrent clients, latency percentiles, errors.

Starts ``uvicorn`` in a separate process (so client and server do not share one interpreter) on
127.0.0.1 over a store holding the seed article and synthetic events, then runs:

1. ``mixed``: ``--clients`` clients (default 50) for ``--duration`` seconds (default 60), each
   alternating ``POST /v1/code`` (the seed) and ``GET /v1/events`` (rotating filters);
2. ``code@N``: ``--p99-clients`` clients (default 8) posting the seed to ``/v1/code`` for
   ``--p99-duration`` seconds; the goal is p99 < 1 s;
3. uncached, against a server with the record cache off, each request with its own document id
   (so every request runs the coder): ``code@1 uncached`` (``--single-requests`` requests, one at
   a time: the single-request latency and the server's CPU seconds per request), ``code@N
   uncached`` (``--p99-clients``, ``--p99-duration`` s) and ``code@50 uncached`` (``--clients``,
   ``--duration`` s, the server's RSS, workers included, sampled at its start and end);
   ``--no-uncached`` skips them;
4. next to them, the CLI's engine (``code_parallel``, ``--cli-workers`` processes, default 2) on
   the same documents: its throughput once its workers are warm.

The server codes on ``--coders`` coder processes (default: one per core). Phases 1 and 2 mostly
measure the API and its record cache: the server codes the seed once and answers repeats from
memory (concurrent identical requests share one coding run). Phase 3 measures the coder under
concurrency; the goals of issue 15 are computed from it: the 8-client throughput against the CLI's,
and its p99 against 1.5 x (8 x single-request CPU seconds / cores). 503s are counted apart from
errors: a full queue answering 503 with Retry-After is deliberate back-pressure.

Every phase is bounded by time and by ``--max-requests``. Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from common import add_seed, seed_file

EVENT_QUERIES: tuple[dict[str, Any], ...] = (
    {"limit": 100},
    {"actor": "CHN", "limit": 50},
    {"dyad": "CHN,RUS"},
    {"root": "04", "min_confidence": 0.5, "limit": 100},
    {"date_from": "2020-01-01", "date_to": "2020-12-31", "quad_class": 4},
)


@dataclass
class Tally:
    """Latencies (seconds) and errors of one endpoint in one phase."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

    def add(self, seconds: float, status: str, ok: bool) -> None:
        if status != "503":  # a refusal is answered at once: its latency says nothing
            self.latencies.append(seconds)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        self.errors += 0 if ok else 1

    def summary(self, wall: float) -> dict[str, Any]:
        ordered = sorted(self.latencies)
        return {
            "requests": len(ordered) + self.statuses.get("503", 0),
            "errors": self.errors,
            "refused_503": self.statuses.get("503", 0),
            "rps": round(len(ordered) / wall, 1) if wall else 0.0,
            "p50_ms": _ms(_percentile(ordered, 50)),
            "p99_ms": _ms(_percentile(ordered, 99)),
            "max_ms": _ms(ordered[-1] if ordered else None),
            "statuses": self.statuses,
        }


def _say(text: str, *, err: bool = False) -> None:
    """Write one line of the report (this module is a command)."""
    (sys.stderr if err else sys.stdout).write(text + "\n")


def _percentile(ordered: list[float], pct: float) -> float | None:
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def check_loopback(host: str) -> str:
    """Refuse anything but a loopback address: this tool never loads a remote server."""
    if not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"--host must be a loopback address such as 127.0.0.1, not {host!r}")
    return host


def build_store(path: Path, seed_text: str, n_events: int) -> None:
    """A store with the coded seed and ``n_events`` synthetic events."""
    from dyad import Coder
    from dyad.store import Store, synthetic

    with Store.open(path) as store:
        store.ingest([Coder().code_text(seed_text, doc_id="seed", published="2025-05-06")])
        store.ingest(synthetic.documents(n_events))


@contextmanager
def server(
    db: Path, host: str, *, workers: int, cache: int, coders: int = 0
) -> Iterator[tuple[str, int]]:
    """uvicorn in a child process; yields its base URL and pid once /healthz answers (the model
    is loaded in every coder process)."""
    port = free_port(host)
    env = {
        **os.environ,
        "DYAD_DB": str(db),
        "DYAD_API_CACHE": str(cache),
        "DYAD_CODERS": str(coders),
    }
    env.pop("DYAD_API_TOKEN", None)
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "dyad.api.app:app_from_env", "--host", host,
        "--port", str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    child = subprocess.Popen(command, env=env)
    url = f"http://{host}:{port}"
    try:
        _wait_ready(url, child, timeout=300)
        yield url, child.pid
    finally:
        child.terminate()
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _wait_ready(url: str, child: subprocess.Popen[bytes], *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise SystemExit(
                f"the server exited with status {child.returncode} before it was ready"
            )
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise SystemExit(f"the server at {url} was not ready after {timeout:.0f} s")


async def _client(
    http: httpx.AsyncClient, number: int, plan: tuple[str, ...], seed: dict[str, Any],
    until: float, budget: list[int], tallies: dict[str, Tally],
) -> None:  # fmt: skip
    step = number
    while time.monotonic() < until and budget[0] > 0:
        budget[0] -= 1
        kind = plan[step % len(plan)]
        started = time.perf_counter()
        try:
            if kind in ("code", "code-unique"):
                document = (
                    {**seed, "id": f"{seed['id']}-{number}-{step}"}
                    if kind == "code-unique"
                    else seed
                )
                response = await http.post("/v1/code", json=document)
                ok = response.status_code == 200 and bool(response.json()["events"])
                ok = ok or response.status_code == 503  # back-pressure, counted apart
            else:
                response = await http.get(
                    "/v1/events", params=EVENT_QUERIES[step % len(EVENT_QUERIES)]
                )
                ok = response.status_code == 200
            status = str(response.status_code)
        except httpx.HTTPError as exc:
            ok, status = False, type(exc).__name__
        tallies[kind].add(time.perf_counter() - started, status, ok)
        step += 1


async def run_phase(
    url: str,
    clients: int,
    seconds: float,
    plan: tuple[str, ...],
    seed: dict[str, Any],
    max_requests: int,
) -> tuple[dict[str, Tally], float]:
    """``clients`` concurrent clients for ``seconds`` (or ``max_requests`` in all)."""
    tallies = {kind: Tally() for kind in set(plan)}
    # Idle connections are dropped well before uvicorn's 5 s keep-alive timeout, so a request never
    # races the server closing the connection it was about to reuse.
    limits = httpx.Limits(
        max_connections=clients, max_keepalive_connections=clients, keepalive_expiry=2.0
    )
    budget = [max_requests]
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120) as http:
        started = time.monotonic()
        until = started + seconds
        await asyncio.gather(
            *(_client(http, n, plan, seed, until, budget, tallies) for n in range(clients))
        )
        wall = time.monotonic() - started
    return tallies, wall


def _rows(name: str, clients: int, tallies: dict[str, Tally], wall: float) -> list[dict[str, Any]]:
    return [
        {
            "phase": name,
            "clients": clients,
            "endpoint": kind,
            "seconds": round(wall, 1),
            **t.summary(wall),
        }
        for kind, t in sorted(tallies.items())
    ]


def print_table(rows: list[dict[str, Any]]) -> None:
    head = (
        "phase",
        "clients",
        "endpoint",
        "seconds",
        "requests",
        "rps",
        "p50_ms",
        "p99_ms",
        "max_ms",
        "errors",
        "refused_503",
    )
    widths = [max(len(h), *(len(str(r[h])) for r in rows)) for h in head]
    _say("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    for row in rows:
        _say("  ".join(str(row[h]).ljust(w) for h, w in zip(head, widths, strict=True)))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command's options; the seed article must be given (--seed or $DYAD_SEED)."""
    parser = argparse.ArgumentParser(
        prog="python benchmarks/bench_api.py", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--duration", type=float, default=60.0, help="seconds of the mixed phase (60)"
    )
    parser.add_argument(
        "--clients", type=int, default=50, help="concurrent clients in the mixed phase (50)"
    )
    parser.add_argument(
        "--p99-clients", type=int, default=8, help="clients in the /v1/code phases (8)"
    )
    parser.add_argument(
        "--p99-duration", type=float, default=30.0, help="seconds of each /v1/code phase (30)"
    )
    parser.add_argument(
        "--max-requests", type=int, default=200_000, help="stop a phase after this many requests"
    )
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (1)")
    parser.add_argument(
        "--coders", type=int, default=len(os.sched_getaffinity(0)),
        help="coder processes of the server (default: the cores)",
    )  # fmt: skip
    parser.add_argument(
        "--single-requests", type=int, default=10, help="requests of the 1-client phase (10)"
    )
    parser.add_argument(
        "--cli-workers", type=int, default=2, help="workers of the CLI comparison (2)"
    )
    parser.add_argument(
        "--cli-documents", type=int, default=40, help="documents of the CLI comparison (40)"
    )
    parser.add_argument(
        "--events", type=int, default=100_000, help="synthetic events in the temporary store"
    )
    parser.add_argument("--db", type=Path, help="use this store instead of building one")
    add_seed(parser, "the article to post to /v1/code")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to serve on")
    parser.add_argument(
        "--no-uncached", action="store_true", help="skip the phase with the record cache off"
    )
    args = parser.parse_args(argv)
    args.seed = seed_file(args, parser)
    return args


def measure(url: str, name: str, clients: int, seconds: float, plan: tuple[str, ...],
            seed: dict[str, Any], max_requests: int) -> list[dict[str, Any]]:  # fmt: skip
    """One phase's table rows."""
    tallies, wall = asyncio.run(run_phase(url, clients, seconds, plan, seed, max_requests))
    return _rows(name, clients, tallies, wall)


def run_phases(args: argparse.Namespace, db: Path, seed: dict[str, Any]) -> list[dict[str, Any]]:
    """The phases against servers on ``db``; see the module docstring."""
    host, n = check_loopback(args.host), args.p99_clients
    rows: list[dict[str, Any]] = []
    with server(db, host, workers=args.workers, cache=256, coders=args.coders) as (url, _):
        rows += measure(
            url, "mixed", args.clients, args.duration, ("code", "events"), seed, args.max_requests
        )
        rows += measure(url, f"code@{n}", n, args.p99_duration, ("code",), seed, args.max_requests)
    if not args.no_uncached:
        with server(db, host, workers=args.workers, cache=0, coders=args.coders) as (url, pid):
            rows += uncached_phases(args, url, pid, seed)
    return rows


def uncached_phases(
    args: argparse.Namespace, url: str, pid: int, seed: dict[str, Any]
) -> list[dict[str, Any]]:
    """1, ``--p99-clients`` and ``--clients`` clients, every request coded; CPU and RSS of the
    server's process tree."""
    unique = ("code-unique",)
    cpu = tree_cpu_s(pid)
    single = measure(url, "code@1 uncached", 1, 3600, unique, seed, args.single_requests)
    single[0]["server_cpu_s_per_request"] = round(
        (tree_cpu_s(pid) - cpu) / max(single[0]["requests"], 1), 3
    )
    n = args.p99_clients
    rows = single + measure(
        url, f"code@{n} uncached", n, args.p99_duration, unique, seed, args.max_requests
    )
    rss_before = tree_rss_mb(pid)
    many = measure(
        url, f"code@{args.clients} uncached", args.clients, args.duration, unique, seed,
        args.max_requests,
    )  # fmt: skip
    many[0]["server_rss_mb"] = [rss_before, tree_rss_mb(pid)]
    return rows + many


def tree_pids(pid: int) -> list[int]:
    """``pid`` and its descendants (the server and its coder processes)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text(encoding="ascii", errors="replace")
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = [pid], [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def tree_cpu_s(pid: int) -> float:
    """User + system seconds of the live process tree under ``pid``."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for member in tree_pids(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text(encoding="ascii").rsplit(")", 1)[1]
            total += (int(fields.split()[11]) + int(fields.split()[12])) / tick
        except (OSError, ValueError, IndexError):
            continue
    return total


def tree_rss_mb(pid: int) -> float:
    """Resident memory of the process tree under ``pid``, in MB."""
    total = 0
    for member in tree_pids(pid):
        try:
            for line in Path(f"/proc/{member}/status").read_text(encoding="ascii").splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ValueError):
            continue
    return round(total / 1024, 1)


def cli_throughput(seed: dict[str, Any], workers: int, documents: int) -> dict[str, Any]:
    """Documents per second of ``dyad code``'s engine on ``workers`` processes, on the seed under
    distinct ids, counted from the first result (the workers have loaded the model) to the last."""
    from dyad import DocumentInput, Options
    from dyad.engines.local import code_parallel

    docs = [
        DocumentInput(id=f"cli-{n}", text=seed["text"], published=seed["published"])
        for n in range(documents)
    ]
    first = None
    done = 0
    for _ in code_parallel(docs, Options.load(), workers, batch_size=8):
        done += 1
        if first is None:
            first = time.perf_counter()
    took = time.perf_counter() - (first or time.perf_counter())
    return {"cli_workers": workers, "documents": done, "docs_per_s": round((done - 1) / took, 2)}


def goals(rows: list[dict[str, Any]], cli: dict[str, Any], cores: int) -> dict[str, Any]:
    """Issue 15's API goals from the uncached rows and the CLI's throughput."""
    by_phase = {r["phase"]: r for r in rows}
    single = next((r for p, r in by_phase.items() if p == "code@1 uncached"), None)
    eight = next((r for p, r in by_phase.items() if p.startswith("code@8 uncached")), None)
    if single is None or eight is None:
        return {}
    bound_ms = 1.5 * 8 * single["server_cpu_s_per_request"] / cores * 1000
    return {
        "api8_rps": eight["rps"],
        "cli_docs_per_s": cli["docs_per_s"],
        "throughput_ratio": round(eight["rps"] / cli["docs_per_s"], 3)
        if cli["docs_per_s"]
        else None,
        "p99_ms": eight["p99_ms"],
        "p99_bound_ms": round(bound_ms, 1),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    check_loopback(args.host)
    seed_text = args.seed.read_text(encoding="utf-8")
    seed = {"id": "seed", "text": seed_text, "published": "2025-05-06"}
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="dyad-bench-") as tmp:
        db = args.db or Path(tmp) / "bench.duckdb"
        if args.db is None:
            started = time.monotonic()
            build_store(db, seed_text, args.events)
            took = time.monotonic() - started
            _say(f"built a store with {args.events} synthetic events in {took:.1f} s", err=True)
        rows = run_phases(args, db, seed)
    cli = cli_throughput(seed, args.cli_workers, args.cli_documents) if not args.no_uncached else {}
    print_table(rows)
    report = {
        "bench": "api", "workers": args.workers, "cpus": os.cpu_count(), "events": args.events,
        "loadavg_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)], "rows": rows,
        "cli": cli, "goals": goals(rows, cli, len(os.sched_getaffinity(0))) if cli else {},
    }  # fmt: skip
    if cli:
        _say(f"CLI engine, {cli['cli_workers']} workers: {cli['docs_per_s']} documents/s")
        _say(f"goals: {json.dumps(report['goals'])}")
    _say(f"1-minute load average before/after: {report['loadavg_1m']} on {os.cpu_count()} CPUs")
    _say(json.dumps(report))
    return 1 if any(r["errors"] for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
