"""``python benchmarks/bench_faults.py``: do runs with workers killed at random survive intact?

Codes the seed article's paragraphs as ``--documents`` small documents on ``--workers`` worker
processes once undisturbed, then ``--runs`` times with ``--kills`` SIGKILLs of a random worker
each, at seeded random points: while the pool starts (the models loading), or after a random
number of records have come back, plus a random delay (mid-batch, between batches, while a batch
is sent). A run *matches* when it yields the undisturbed run's records in the same order with the
same statuses and exactly its events. Prints one line per run, then one JSON line with the count.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from common import add_seed, seed_file, worker_processes
from dyad import DocumentInput, Options
from dyad.engines.local import code_parallel
from dyad.records import DocumentResult

EventKey = tuple[str, str, str, str | None, str | None]


def documents(seed: Path, count: int) -> list[DocumentInput]:
    """``count`` documents of two of the seed's paragraphs each."""
    lines = [line for line in seed.read_text(encoding="utf-8").splitlines() if len(line) > 80]
    return [
        DocumentInput(
            id=f"doc-{i:04d}",
            text=lines[i % len(lines)] + "\n" + lines[(i + 7) % len(lines)],
            published="2025-05-06",
        )
        for i in range(count)
    ]


def outcome(results: list[DocumentResult]) -> tuple[list[tuple[str, str]], set[EventKey]]:
    fates: list[tuple[str, str]] = [(r.doc_id, r.status) for r in results]
    events = {
        (r.doc_id, e.id, e.cameo, e.source.code if e.source else None,
         e.target.code if e.target else None)
        for r in results for e in r.events
    }  # fmt: skip
    return fates, events


@dataclass
class Plan:
    """When to kill: ``startup`` seconds into the run, or after ``after`` records plus ``delay``."""

    startup: float | None
    after: int
    delay: float


def plans(rng: random.Random, kills: int, count: int) -> list[Plan]:
    out = []
    for _ in range(kills):
        if rng.random() < 0.15:
            out.append(Plan(rng.uniform(0.1, 3.0), 0, 0.0))
        else:
            out.append(Plan(None, rng.randrange(count), rng.uniform(0.0, 0.5)))
    return sorted(out, key=lambda p: (p.startup is None, p.startup or 0.0, p.after))


class Saboteur(threading.Thread):
    """Carries out the plans against this process's worker processes; counts the kills made."""

    def __init__(self, rng: random.Random, todo: list[Plan]) -> None:
        super().__init__(daemon=True)
        self.rng, self.todo = rng, todo
        self.seen = 0  # records the run has yielded so far
        self.started = time.monotonic()
        self.kills = 0
        self.done = threading.Event()

    def run(self) -> None:
        for plan in self.todo:
            while not self.done.is_set() and not self._due(plan):
                time.sleep(0.005)
            if self.done.is_set():
                return
            time.sleep(plan.delay)
            self._kill_one()

    def _due(self, plan: Plan) -> bool:
        if plan.startup is not None:
            return time.monotonic() - self.started >= plan.startup
        return self.seen >= plan.after

    def _kill_one(self) -> None:
        victims = sorted(worker_processes(), key=lambda p: p.pid)
        if victims:
            try:
                os.kill(self.rng.choice(victims).pid, signal.SIGKILL)
                self.kills += 1
            except ProcessLookupError:
                pass


def one_run(
    docs: list[DocumentInput], options: Options, workers: int, saboteur: Saboteur
) -> list[DocumentResult]:
    results = []
    saboteur.start()
    try:
        for result in code_parallel(docs, options, workers):
            results.append(result)
            saboteur.seen = len(results)
    finally:
        saboteur.done.set()
        saboteur.join(10)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_seed(parser)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--documents", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kills", type=int, default=1, help="kills per run")
    parser.add_argument("--random-seed", type=int, default=1, help="run r uses seed + r")
    args = parser.parse_args()
    docs = documents(seed_file(args, parser), args.documents)
    options = Options.load()
    started = time.monotonic()
    expected = outcome(list(code_parallel(docs, options, args.workers)))
    undisturbed_s = time.monotonic() - started
    matched = kills = 0
    for run in range(args.runs):
        rng = random.Random(args.random_seed + run)
        saboteur = Saboteur(rng, plans(rng, args.kills, len(docs)))
        begun = time.monotonic()
        same = outcome(one_run(docs, options, args.workers, saboteur)) == expected
        matched += same
        kills += saboteur.kills
        print(f"run {run + 1:3d}: {saboteur.kills} kill(s), {time.monotonic() - begun:5.1f} s, "
              f"{'same records and events' if same else 'DIFFERENT'}", flush=True)  # fmt: skip
    print(json.dumps({
        "runs": args.runs, "matched": matched, "kills": kills, "documents": len(docs),
        "workers": args.workers, "events": len(expected[1]),
        "undisturbed_s": round(undisturbed_s, 1), "elapsed_s": round(time.monotonic() - started, 1),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
