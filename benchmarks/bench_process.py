"""``make bench``: dyad against bare spaCy as whole processes (start-up included), in one run.

The corpus is news-like, short and long documents together: every text of the dev gold file as
its own short item, long articles made of eight to twenty of those texts as paragraphs, and the
seed article a few times, all of it ``--repeat`` times (4: about 5,200 sentences, so that start-up
is a small part of each run and the projection below rests on a steady rate). It is written to a
temporary JSONL file that both sides read:

* dyad: ``python -m dyad code CORPUS --quiet`` (its default engine: one worker per core) and
  the same with ``--workers 1``;
* bare spaCy: ``benchmarks/bare_spacy.py CORPUS``, ``en_core_web_sm`` with its full pipeline,
  in one process and spread over two (``--processes 2``, spaCy's own ``n_process``): dyad's
  default uses every core, so its wall clock is also set against spaCy's on two cores.

and for one sentence, ``dyad code`` of a one-line file against bare spaCy loading the model and
parsing the same line. The commands run in turn, ``--rounds`` times, after one warm-up each
(which also fills dyad's start-up cache); medians of wall and CPU seconds (the child's user +
system time, workers included) and the peak RSS are printed, with the ratios. From dyad's run
the projected time for ``--project`` sentences (a GDELT day is about 5 million) on this machine.
The projection rests on dyad's steady rate, read as whole processes from two runs of its default
engine: the corpus once and twice over (``dyad`` and ``dyad_double``). The extra sentences of
the double run over its extra seconds are the rate at which a long run codes; what the corpus run
took beyond its sentences at that rate is the run's fixed cost (start-up, the workers' model
loads, the last task's tail), counted once in the projection. (Until 2026-12 the projection
took the rate of the corpus run after the one-sentence run's start-up: that start-up is one
worker's, not the default engine's two loading at once, and the tail was left in the rate; it
is still printed, as ``projected_h_..._one_sentence_start``.)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from common import add_seed, seed_file

HERE = Path(__file__).resolve().parent
ONE_SENTENCE = (
    "Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Tuesday.\n"
)


@dataclass
class Timing:
    """Whole-process figures of one command over the rounds."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_mb: float = 0.0

    def row(self) -> dict[str, float]:
        return {
            "wall_s": round(statistics.median(self.wall), 3),
            "cpu_s": round(statistics.median(self.cpu), 3),
            "peak_rss_mb": round(self.peak_mb, 1),
        }


def write_corpus(
    dev: Path, seed: Path, out: Path, *, long_docs: int, seeds: int, repeat: int = 1
) -> dict[str, int]:
    """The news-like corpus as JSONL, ``repeat`` times over (each copy its own ids); returns its
    counts."""
    rows = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines() if line]
    items = [{"id": r["id"], "text": r["text"], "published": r.get("published")} for r in rows]
    pick = random.Random(15)
    for n in range(long_docs):
        parts = pick.sample(rows, pick.randint(8, 20))
        text = "\n\n".join(r["text"] for r in parts)
        items.append({"id": f"long-{n}", "text": text, "published": parts[0].get("published")})
    article = seed.read_text(encoding="utf-8")
    items += [{"id": f"seed-{n}", "text": article, "published": "2025-05-06"} for n in range(seeds)]
    items = [{**item, "id": f"{item['id']}-{k}"} for k in range(repeat) for item in items]
    with out.open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    return {"documents": len(items), "words": sum(len(i["text"].split()) for i in items)}


def run_once(command: list[str], timing: Timing) -> str:
    """Run ``command`` to its end; add its wall and CPU seconds (its workers' included) and its
    peak RSS (the largest process of its tree); return what it printed."""
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        printed = out.read()
    if child.returncode not in (0, 1):  # dyad exits 1 when a document failed: still timed
        sys.exit(f"bench_process: {' '.join(command)} exited {child.returncode}:\n{printed}")
    timing.wall.append(wall)
    timing.cpu.append(usage.ru_utime + usage.ru_stime)
    timing.peak_mb = max(timing.peak_mb, usage.ru_maxrss / 1024)
    return printed


def compare(commands: dict[str, list[str]], rounds: int) -> dict[str, Timing]:
    """Each command once to warm up, then all in turn ``rounds`` times."""
    timings = {name: Timing() for name in commands}
    for command in commands.values():
        run_once(command, Timing())
    for _ in range(rounds):
        for name, command in commands.items():
            run_once(command, timings[name])
    return timings


def sentences_of(output: str) -> int:
    """The sentence count from dyad's summary line ("...; 1234 sentences, 56 events")."""
    for line in output.splitlines():
        if " sentences" in line and "documents:" in line:
            return int(line.split(";")[1].split()[0])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    add_seed(parser, "the seed article")
    parser.add_argument("--dev", type=Path, required=True, help="the dev gold JSONL")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--long-docs", type=int, default=40)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument(
        "--repeat", type=int, default=4,
        help="copies of the corpus (4: start-up is then a small part of each run)",
    )  # fmt: skip
    parser.add_argument("--project", type=int, default=5_000_000, help="sentences to project")
    args = parser.parse_args(argv)
    seed = seed_file(args, parser)
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="dyad-bench-") as scratch:
        corpus, one = Path(scratch) / "corpus.jsonl", Path(scratch) / "one.txt"
        double = Path(scratch) / "double.jsonl"
        counts = write_corpus(
            args.dev, seed, corpus, long_docs=args.long_docs, seeds=args.seeds, repeat=args.repeat
        )
        write_corpus(
            args.dev, seed, double, long_docs=args.long_docs, seeds=args.seeds,
            repeat=2 * args.repeat,
        )  # fmt: skip
        one.write_text(ONE_SENTENCE, encoding="utf-8")
        dyad = [py, "-m", "dyad", "code"]
        commands = {
            "dyad": [*dyad, str(corpus), "--quiet"],
            "dyad_double": [*dyad, str(double), "--quiet"],
            "dyad_1_worker": [*dyad, str(corpus), "--quiet", "--workers", "1"],
            "bare_spacy": [py, str(HERE / "bare_spacy.py"), str(corpus)],
            "bare_spacy_2_processes": [
                py,
                str(HERE / "bare_spacy.py"),
                "--processes",
                "2",
                str(corpus),
            ],
            "dyad_one_sentence": [*dyad, str(one), "--quiet"],
            "bare_one_sentence": [py, str(HERE / "bare_spacy.py"), str(one)],
        }
        timings = compare(commands, args.rounds)
        # --quiet silences the run's summary: the count comes from one run that prints it
        counted = [part for part in commands["dyad"] if part != "--quiet"]
        sentences = sentences_of(run_once(counted, Timing()))
    figures = report(timings, counts, sentences, args.project)
    for key, value in figures.items():
        sys.stdout.write(f"{key:>34}: {value}\n")
    sys.stdout.write(json.dumps(figures) + "\n")
    return 0


def report(
    timings: dict[str, Timing], counts: dict[str, int], sentences: int, project: int
) -> dict[str, object]:
    rows = {name: t.row() for name, t in timings.items()}
    wall = {name: row["wall_s"] for name, row in rows.items()}
    cpu = {name: row["cpu_s"] for name, row in rows.items()}
    start_up = wall["dyad_one_sentence"]
    if sentences == 0:
        sys.exit("bench_process: dyad's summary gave no sentence count")
    # the double corpus holds each sentence twice: its extra time is the corpus at the steady rate
    rate = sentences / max(wall["dyad_double"] - wall["dyad"], 1e-9)
    fixed = max(wall["dyad"] - sentences / rate, 0.0)
    old_rate = sentences / max(wall["dyad"] - start_up, 1e-9)
    return {
        **counts,
        "sentences": sentences,
        **{f"{name}": row for name, row in rows.items()},
        "ratio_wall_dyad/bare": round(wall["dyad"] / wall["bare_spacy"], 3),
        "ratio_cpu_dyad/bare": round(cpu["dyad"] / cpu["bare_spacy"], 3),
        "ratio_wall_1_worker/bare": round(wall["dyad_1_worker"] / wall["bare_spacy"], 3),
        "ratio_wall_dyad/bare_2_processes": round(wall["dyad"] / wall["bare_spacy_2_processes"], 3),
        "ratio_cpu_1_worker/bare": round(cpu["dyad_1_worker"] / cpu["bare_spacy"], 3),
        "ratio_wall_one_sentence": round(wall["dyad_one_sentence"] / wall["bare_one_sentence"], 3),
        "dyad_sentences_per_s": round(rate, 1),
        "dyad_fixed_s": round(fixed, 2),
        f"projected_h_for_{project}_sentences": round((fixed + project / rate) / 3600, 2),
        "dyad_sentences_per_s_after_one_sentence_start": round(old_rate, 1),
        f"projected_h_for_{project}_sentences_one_sentence_start": round(
            (start_up + project / old_rate) / 3600, 2
        ),
    }


if __name__ == "__main__":
    raise SystemExit(main())
