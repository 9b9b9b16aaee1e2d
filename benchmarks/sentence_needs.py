"""``python benchmarks/sentence_needs.py FILE...``: how many sentences could skip spaCy's ``ner``.

Issue 15 asked whether a cheap first pass could keep the costly components (``ner`` is over
half of the model's time on news) off the sentences that cannot change the output. A
sentence needs ``ner`` when it holds a word some event rule is written for (its actors are
found through the entities), a proper noun (an actor, place or speaker later text may refer
back to) or a number (quantities). This counts, over the texts of JSONL files (``text``) or
plain text files, the sentences with each and with none: those with none are all a skip
could save.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from dyad import Coder
from dyad.pipeline.grammar import lemma, word_kind
from dyad.pipeline.text import blocks


def texts(paths: list[Path]) -> Iterator[str]:
    for path in paths:
        if path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    yield json.loads(line)["text"]
        else:
            yield path.read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    coder = Coder()
    rules = coder.dictionaries.rules_by_lemma
    counts: Counter[str] = Counter()
    parts = (b.text for t in texts(args.files) for b in blocks(t, coder.options.max_block_chars))
    for doc in coder.nlp.pipe(parts, disable=["ner"]):
        for sent in doc.sents:
            trigger = any((word_kind(t), lemma(t)) in rules for t in sent if word_kind(t))
            proper = any(t.pos_ == "PROPN" for t in sent)
            number = any(t.like_num for t in sent)
            counts.update(
                {"sentences": 1, "trigger word": trigger, "proper noun": proper, "number": number}
            )
            counts["none of them"] += not (trigger or proper or number)
    total = counts["sentences"]
    for name in ("sentences", "trigger word", "proper noun", "number", "none of them"):
        print(f"{name:>14}: {counts[name]:6d}  {counts[name] / max(total, 1):.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
