"""``python benchmarks/bench_scale.py``: how dyad scales on this machine's cores, and how much memory it holds.

Measures, on the seed article repeated as separate documents:
  * sentences/s with 1 worker (in-process) and with N worker processes, and the scaling efficiency;
  * dyad ÷ bare spaCy (the same pipeline's ``nlp.pipe`` over the same blocks; ``dyad.bench``);
  * peak RSS (VmHWM) of each worker process;
  * workers' RSS after a first and a second count of short documents streamed through the pool
    (flat memory means nothing accumulates per document);
  * optionally (``--huge-mb``) the time and memory to code one very large document;
  * the projected hours for 5 million sentences (about a GDELT day) at the N-worker rate.
Steady rates leave out the first round of batches (pool start-up, model loads: a one-off cost per
run); wall rates include it. CPU milliseconds per sentence (driver plus workers, from /proc) give a
scaling efficiency that other programs sharing the cores cannot distort; the load average is
printed so a reader can tell whether the wall-clock figures were measured on a quiet machine.
Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from bench import corpus, time_bare, time_dyad
from common import add_seed, seed_file
from dyad import DocumentInput, Options
from dyad.engines.local import code_parallel, worker_coder

GDELT_DAY_SENTENCES = 5_000_000
SHORT_TEXTS = (
    "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Tuesday.",
    "Israeli troops attacked Hamas fighters in Gaza, the army said on Monday.",
    "The United Nations Security Council condemned the attack on the embassy in Kabul.",
    "Iran rejected the proposal from the European Union on Wednesday.",
)


# --- memory, from /proc (psutil is not a dependency) ---------------------------------------------


def status_kb(pid: int, key: str) -> int:
    """A ``/proc/<pid>/status`` figure in kB (``VmHWM`` peak RSS, ``VmRSS`` current); 0 if gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return 0
    return 0


def cpu_seconds(workers: int) -> float:
    """CPU time used so far by this process and, with a pool, by its worker processes."""
    total = time.process_time()
    if workers > 1:
        tick = os.sysconf("SC_CLK_TCK")
        for pid in worker_pids():
            try:
                fields = (
                    Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
                )
                total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
            except (OSError, ValueError, IndexError):
                continue
    return total


def worker_pids(parent: int | None = None) -> list[int]:
    """Pool worker processes: children of ``parent`` (this process), bar multiprocessing's helpers."""
    parent = parent or os.getpid()
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and _parent_of(entry) == parent and not _is_helper(entry):
            pids.append(int(entry.name))
    return sorted(pids)


def _parent_of(proc: Path) -> int | None:
    try:
        stat = (proc / "stat").read_text(encoding="ascii", errors="replace")
        return int(stat.rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def _is_helper(proc: Path) -> bool:
    try:
        cmdline = (proc / "cmdline").read_bytes()
    except OSError:
        return True
    return b"resource_tracker" in cmdline or b"forkserver" in cmdline


# --- timed runs -----------------------------------------------------------------------------------


@dataclass
class Run:
    """Figures from one pass of a corpus through ``code_parallel``."""

    workers: int
    batch_size: int
    documents: int = 0
    sentences: int = 0
    events: int = 0
    wall_s: float = 0.0  # start to last result, pool start and model loads included
    steady_sentences: int = 0  # sentences after the first round of batches
    steady_s: float = 0.0  # end of the first round of batches -> last result
    steady_cpu_s: float = 0.0  # CPU seconds of driver and workers over the same window
    peak_rss_mb: dict[int, float] = field(default_factory=dict)

    @property
    def steady_rate(self) -> float:
        return self.steady_sentences / self.steady_s if self.steady_s else 0.0

    @property
    def cpu_per_sentence_ms(self) -> float:
        return 1000 * self.steady_cpu_s / self.steady_sentences if self.steady_sentences else 0.0

    @property
    def wall_rate(self) -> float:
        return self.sentences / self.wall_s if self.wall_s else 0.0


def timed_run(docs: list[DocumentInput], options: Options, workers: int, batch_size: int) -> Run:
    """Code ``docs``; the steady window opens once every worker has returned its first batch."""
    run = Run(workers, batch_size)
    first_round = workers * batch_size
    started = time.perf_counter()
    window, cpu_at_window = started, 0.0
    for result in code_parallel(docs, options, workers, batch_size=batch_size):
        now = time.perf_counter()
        run.documents += 1
        run.sentences += len(result.sentences)
        run.events += len(result.events)
        if run.documents == first_round:
            window, cpu_at_window = now, cpu_seconds(workers)
        elif run.documents > first_round:
            run.steady_sentences += len(result.sentences)
            run.steady_s = now - window
            run.steady_cpu_s = cpu_seconds(workers) - cpu_at_window
        run.wall_s = now - started
        _sample_peaks(run)
    return run


def _sample_peaks(run: Run) -> None:
    pids = worker_pids() if run.workers > 1 else [os.getpid()]
    for pid in pids:
        run.peak_rss_mb[pid] = max(run.peak_rss_mb.get(pid, 0.0), status_kb(pid, "VmHWM") / 1024)


def short_docs(count: int) -> Iterator[DocumentInput]:
    for i in range(count):
        yield DocumentInput(
            id=f"short-{i}", text=SHORT_TEXTS[i % len(SHORT_TEXTS)], published="2025-05-06"
        )


def rss_over_stream(options: Options, workers: int, checkpoints: Iterable[int]) -> dict[int, float]:
    """Mean worker RSS (MB) after each checkpoint count of short documents, in one streamed run."""
    marks = sorted(checkpoints)
    out: dict[int, float] = {}
    for n, _ in enumerate(code_parallel(short_docs(marks[-1]), options, workers), start=1):
        if n in marks:
            pids = worker_pids() if workers > 1 else [os.getpid()]
            out[n] = round(sum(status_kb(p, "VmRSS") for p in pids) / 1024 / max(1, len(pids)), 1)
    return out


def huge_document(options: Options, megabytes: float, seed: Path) -> dict[str, object]:
    """Time and memory to code one document of ``megabytes`` (the seed repeated), in-process,
    with the size limit and the deadline lifted so that it is coded to the end."""
    paragraph = seed.read_text(encoding="utf-8")
    size = int(megabytes * 1_000_000)
    text = (paragraph * (size // len(paragraph) + 1))[:size]
    coder = worker_coder(replace(options, max_document_mb=2 * megabytes + 1, deadline_s=0.0))
    before = status_kb(os.getpid(), "VmRSS") / 1024
    started = time.perf_counter()
    (result,) = coder.code([DocumentInput(id="huge", text=text, published="2025-05-06")])
    took = time.perf_counter() - started
    return {
        "huge_mb": megabytes,
        "huge_s": round(took, 1),
        "huge_sentences": len(result.sentences),
        "huge_status": result.status,
        "huge_rss_growth_mb": round(status_kb(os.getpid(), "VmHWM") / 1024 - before, 1),
    }


# --- the report -----------------------------------------------------------------------------------


def measure(args: argparse.Namespace) -> dict[str, object]:
    """Every figure, stage by stage; each stage's figures go to stderr as soon as they are known."""
    options = Options.load()
    seed = args.seed
    words = len(seed.read_text(encoding="utf-8").split())
    docs = corpus(seed, args.docs * words)
    worker_coder(options)  # load the model before any clock starts
    figures: dict[str, object] = {"cpus": os.cpu_count()}
    loads: list[float] = []
    stages = [
        lambda: scaling(docs, options, args.workers, args.batch_size),
        lambda: bare_ratio(docs[: args.ratio_docs], options, args.rounds),
        lambda: flat_memory(options, args.workers, args.rss_first, args.rss_second),
    ]
    if args.huge_mb:
        stages.append(lambda: huge_document(options, args.huge_mb, seed))
    for stage in stages:
        found = stage()
        loads.append(round(os.getloadavg()[0], 2))
        sys.stderr.write(json.dumps(found) + "\n")
        figures.update(found)
    figures["load_average_1m_after_each_stage"] = loads
    return figures


def scaling(
    docs: list[DocumentInput], options: Options, workers: int, batch_size: int
) -> dict[str, object]:
    """1 worker in-process against ``workers`` processes on the same documents."""
    one = timed_run(docs, options, 1, batch_size)
    many = timed_run(docs, options, workers, batch_size)
    n = workers
    return {
        "documents": len(docs),
        "sentences": one.sentences,
        "events": one.events,
        "sentences_per_s_1_worker": round(one.steady_rate, 1),
        f"sentences_per_s_{n}_workers": round(many.steady_rate, 1),
        "speedup": _ratio(many.steady_rate, one.steady_rate),
        "scaling_efficiency": _ratio(many.steady_rate, one.steady_rate * n),
        "cpu_ms_per_sentence_1_worker": round(one.cpu_per_sentence_ms, 2),
        f"cpu_ms_per_sentence_{n}_workers": round(many.cpu_per_sentence_ms, 2),
        "cpu_efficiency": _ratio(one.cpu_per_sentence_ms, many.cpu_per_sentence_ms),
        "wall_sentences_per_s_1_worker": round(one.wall_rate, 1),
        f"wall_sentences_per_s_{n}_workers": round(many.wall_rate, 1),
        "wall_speedup": _ratio(many.wall_rate, one.wall_rate),
        "peak_rss_mb_per_worker": sorted(round(v, 1) for v in many.peak_rss_mb.values()),
        "projected_hours_5m_sentences": round(GDELT_DAY_SENTENCES / many.steady_rate / 3600, 2)
        if many.steady_rate
        else None,
    }


def bare_ratio(docs: list[DocumentInput], options: Options, rounds: int) -> dict[str, object]:
    """dyad's whole coder against bare ``nlp.pipe`` over the same blocks (best of ``rounds``)."""
    coder = worker_coder(options)
    bare_s = min(time_bare(coder, docs)[0] for _ in range(rounds))
    dyad_s = min(time_dyad(coder, docs)[0] for _ in range(rounds))
    return {
        "ratio_documents": len(docs),
        "bare_spacy_s": round(bare_s, 2),
        "dyad_s": round(dyad_s, 2),
        "dyad_over_bare_spacy": round(dyad_s / bare_s, 3),
    }


def flat_memory(options: Options, workers: int, first: int, second: int) -> dict[str, object]:
    rss = rss_over_stream(options, workers, (first, second))
    return {
        f"worker_rss_mb_after_{first}_docs": rss.get(first),
        f"worker_rss_mb_after_{second}_docs": rss.get(second),
    }


def _ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    add_seed(parser, "the article to repeat")
    parser.add_argument(
        "--docs", type=int, default=200, help="copies of the seed article (40 sentences each)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2, help="best of this many for the ratio")
    parser.add_argument(
        "--ratio-docs", type=int, default=40, help="documents for the dyad/bare spaCy ratio"
    )
    parser.add_argument(
        "--rss-first", type=int, default=2_000, help="short documents before the first RSS reading"
    )
    parser.add_argument("--rss-second", type=int, default=10_000, help="... and before the second")
    parser.add_argument(
        "--huge-mb", type=float, default=0.0, help="also code one document this large (e.g. 5)"
    )
    args = parser.parse_args(argv)
    args.seed = seed_file(args, parser)
    figures = measure(args)
    for key, value in figures.items():
        sys.stdout.write(f"{key:>40}: {value}\n")
    sys.stdout.write(json.dumps(figures) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
