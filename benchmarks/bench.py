"""``make bench``: dyad's coding time against bare spaCy on the same texts, in one run.

The corpus is the seed article repeated to about 50,000 words, as separate documents. Bare spaCy
runs the very pipeline dyad uses (same model, same components, same entity ruler) over the same
blocks of text with ``nlp.pipe``; dyad runs its whole coder. Each side runs ``--rounds`` times,
alternating, and the best time of each is kept. Prints both times, the ratio, sentences/s and the
process's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from common import add_seed, seed_file
from dyad import Coder, DocumentInput
from dyad.pipeline.text import blocks


def corpus(seed: Path, words: int) -> list[DocumentInput]:
    """The seed repeated as separate documents until about ``words`` words."""
    text = seed.read_text(encoding="utf-8")
    per_doc = len(text.split())
    count = max(1, round(words / per_doc))
    return [DocumentInput(id=f"seed-{i}", text=text, published="2025-05-06") for i in range(count)]


def time_bare(coder: Coder, docs: list[DocumentInput]) -> tuple[float, int]:
    texts = [b.text for d in docs for b in blocks(d.text, coder.options.max_block_chars)]
    started = time.perf_counter()
    sentences = sum(
        len(list(doc.sents)) for doc in coder.nlp.pipe(texts, batch_size=coder.options.batch_size)
    )
    return time.perf_counter() - started, sentences


def time_dyad(coder: Coder, docs: list[DocumentInput]) -> tuple[float, int, int]:
    started = time.perf_counter()
    sentences = events = 0
    for result in coder.code(docs):
        sentences += len(result.sentences)
        events += len(result.events)
    return time.perf_counter() - started, sentences, events


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(seed: Path, words: int, rounds: int) -> dict[str, float | int]:
    coder = Coder()
    docs = corpus(seed, words)
    coder.code_text(docs[0].text, published="2025-05-06")  # load the model and warm up both paths
    bare_times, dyad_times = [], []
    sentences = events = 0
    for _ in range(rounds):
        bare, sentences = time_bare(coder, docs)
        bare_times.append(bare)
        took, sentences, events = time_dyad(coder, docs)
        dyad_times.append(took)
    bare, took = min(bare_times), min(dyad_times)
    return {
        "documents": len(docs),
        "words": sum(len(d.text.split()) for d in docs),
        "sentences": sentences,
        "events": events,
        "bare_spacy_s": round(bare, 3),
        "dyad_s": round(took, 3),
        "ratio": round(took / bare, 3),
        "dyad_sentences_per_s": round(sentences / took, 1),
        "bare_sentences_per_s": round(sentences / bare, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    add_seed(parser, "the article to repeat")
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--max-ratio", type=float, default=None, help="exit 1 when dyad/bare is above this"
    )
    args = parser.parse_args(argv)
    figures = run(seed_file(args, parser), args.words, args.rounds)
    for key, value in figures.items():
        sys.stdout.write(f"{key:>22}: {value}\n")
    sys.stdout.write(json.dumps(figures) + "\n")
    if args.max_ratio is not None and float(figures["ratio"]) > args.max_ratio:
        sys.stdout.write(f"ratio {figures['ratio']} is above the goal {args.max_ratio}\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
