"""``make coverage``: how many sentences link two coded actors by a predicate but give no event.

For each sentence of a gold file (dyad's JSONL, default ``$(SHARED)/gold/dev.jsonl``): the coded
actor mentions the actors stage finds; two of them of different states or bodies whose
dependency paths meet at a verb are "linked by a predicate". A sentence with such a pair and no
event (no event's evidence, nor any of its further mentions, overlaps it) is uncovered. Prints
the share of uncovered sentences and the commonest linking verbs, with an example each: the
predicates a new rule might cover.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from spacy.tokens import Span, Token

from dyad import Coder, DocumentInput
from dyad.pipeline.actors import DocumentActors


def _meeting_point(a: Token, b: Token) -> Token | None:
    """The lowest token both ``a`` and ``b`` hang from."""
    above = {t.i for t in (a, *a.ancestors)}
    return next((t for t in (b, *b.ancestors) if t.i in above), None)


def _linking_verbs(sent: Span, actors: DocumentActors) -> set[str]:
    mentions = []
    for tok in sent:
        if tok.pos_ in ("NOUN", "PROPN"):
            found = [
                m.actor.code for m in actors.resolve(tok) if m.actor.code and m.token.i == tok.i
            ]
            if found:
                mentions.append((tok, found[0]))
    verbs = set()
    for n, (ta, ca) in enumerate(mentions):
        for tb, cb in mentions[n + 1 :]:
            top = _meeting_point(ta, tb)
            if (
                ca[:3] != cb[:3]
                and top is not None
                and top.pos_ == "VERB"
                and top.i not in (ta.i, tb.i)
            ):
                verbs.add(top.lemma_.lower())
    return verbs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path, help="dyad gold JSONL (id, published, text).")
    parser.add_argument("--top", type=int, default=15, help="How many verbs to list.")
    parser.add_argument(
        "--list", action="store_true", help="Also print every sentence with no event (id: text)."
    )
    args = parser.parse_args(argv)
    coder = Coder()
    gold = [
        json.loads(line)
        for line in args.gold.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    docs = [DocumentInput(g["id"], g["text"], g.get("published")) for g in gold]
    results = {r.doc_id: r for r in coder.code(docs)}
    linked = uncovered = 0
    verbs: Counter[str] = Counter()
    examples: dict[str, str] = defaultdict(str)
    for g in gold:
        result, doc = results[g["id"]], coder.nlp(g["text"])
        actors = DocumentActors(coder.dictionaries)
        actors.bind(doc, 0)
        spans = [(e.start, e.end) for e in result.events]
        spans += [(m.start, m.end) for e in result.events for m in e.mentions]
        for sent in doc.sents:
            found = _linking_verbs(sent, actors)
            if not found:
                continue
            linked += 1
            if any(a < sent.end_char and b > sent.start_char for a, b in spans):
                continue
            uncovered += 1
            if args.list:
                print(f"{g['id']}: {sent.text}")
            for verb in found:
                verbs[verb] += 1
                examples[verb] = examples[verb] or sent.text[:110]
    print(f"sentences linking two coded actors by a verb: {linked}")
    print(f"of them with no event: {uncovered} ({uncovered / max(linked, 1):.3f})")
    for verb, n in verbs.most_common(args.top):
        print(f"  {n:3} {verb:14} {examples[verb]}")


if __name__ == "__main__":
    main()
