"""Synthetic coded documents for benchmarks and tests: no model, realistic shapes.

Actor codes (about 200: countries with Zipf-like popularity, times common role codes) and CAMEO
codes (weighted by root the way news event data is: statements, consultations and appeals far
outnumber fights) come from dyad's shipped ``countries.tsv`` and ``cameo.tsv``. Dates spread over
ten years with a rising trend; a few events are planned, negated, hypothetical or historical.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from ..dictionaries import CameoCode, data_path, read_cameo, read_countries
from ..records import Actor, DocumentResult, Event, Location, Plover, Sentence

# Share of news events per CAMEO root (roughly GDELT's mix).
ROOT_WEIGHTS = {
    "01": 0.18, "02": 0.08, "03": 0.10, "04": 0.22, "05": 0.08, "06": 0.03, "07": 0.02,
    "08": 0.03, "09": 0.01, "10": 0.02, "11": 0.06, "12": 0.02, "13": 0.03, "14": 0.02,
    "15": 0.005, "16": 0.01, "17": 0.03, "18": 0.03, "19": 0.04, "20": 0.005,
}  # fmt: skip
ROLES = ("", "GOV", "MIL", "OPP", "BUS", "MED", "CVL")
ROLE_WEIGHTS = (0.35, 0.30, 0.10, 0.05, 0.08, 0.07, 0.05)
# The most reported countries come first; the rest follow in a fixed random order.
HEAD = ("USA", "CHN", "RUS", "GBR", "UKR", "ISR", "FRA", "DEU", "IND", "IRN", "JPN", "TUR")
MODALITIES = ("occurred", "planned", "negated", "hypothetical")
MODALITY_WEIGHTS = (0.85, 0.08, 0.04, 0.03)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What synthetic events are drawn from."""

    actors: tuple[str, ...]  # most popular first
    actor_weights: tuple[float, ...]
    cameo: tuple[CameoCode, ...]
    cameo_weights: tuple[float, ...]

    @classmethod
    def load(cls, n_actors: int = 200) -> Vocabulary:
        countries = [c.code for c in read_countries(data_path("countries.tsv")) if not c.end]
        rng = np.random.default_rng(7)
        rest = [countries[i] for i in rng.permutation(len(countries)) if countries[i] not in HEAD]
        order = [c for c in HEAD if c in countries] + rest
        scored = sorted(
            ((1 / rank**1.1) * rw, f"{c}{r}")
            for rank, c in enumerate(order, 1)
            for r, rw in zip(ROLES, ROLE_WEIGHTS, strict=True)
        )[::-1][:n_actors]
        total_actors = sum(w for w, _ in scored)
        actors = tuple(a for _, a in scored)
        actor_weights = tuple(w / total_actors for w, _ in scored)
        codes = [c for c in read_cameo(data_path("cameo.tsv")) if len(c.code) == 3]
        per_root = {root: sum(1 for c in codes if c.code[:2] == root) for root in ROOT_WEIGHTS}
        weights = [ROOT_WEIGHTS[c.code[:2]] / per_root[c.code[:2]] for c in codes]
        total = sum(weights)
        return cls(actors, actor_weights, tuple(codes), tuple(w / total for w in weights))


def documents(
    n_events: int,
    *,
    per_document: int = 20,
    seed: int = 1,
    years: int = 10,
    vocabulary: Vocabulary | None = None,
) -> Iterator[DocumentResult]:
    """``n_events`` synthetic events in documents of ``per_document`` events each."""
    vocab = vocabulary or Vocabulary.load()
    rng = np.random.default_rng(seed)
    draws = _draws(rng, vocab, n_events, years)
    for start in range(0, n_events, per_document):
        stop = min(start + per_document, n_events)
        yield _document(start // per_document, draws, range(start, stop), vocab)


def _draws(
    rng: np.random.Generator, vocab: Vocabulary, n: int, years: int
) -> dict[str, np.ndarray]:
    popularity = np.array(vocab.actor_weights)
    source = rng.choice(len(vocab.actors), n, p=popularity)
    target = rng.choice(len(vocab.actors), n, p=popularity)
    target = np.where(target == source, (target + 1) % len(vocab.actors), target)
    days = (np.sqrt(rng.random(n)) * years * 365).astype(int)  # more news in later years
    return {
        "source": source,
        "target": target,
        "cameo": rng.choice(len(vocab.cameo), n, p=np.array(vocab.cameo_weights)),
        "day": np.sort(days),
        "modality": rng.choice(len(MODALITIES), n, p=np.array(MODALITY_WEIGHTS)),
        "historical": rng.random(n) < 0.05,
        "low": rng.random(n) < 0.1,
    }


EPOCH = date(2016, 1, 1)


def _document(
    number: int, draws: dict[str, np.ndarray], rows: range, vocab: Vocabulary
) -> DocumentResult:
    doc_id = f"synthetic-{number:07d}"
    day = EPOCH + timedelta(days=int(draws["day"][rows.start]))
    events = tuple(_event(doc_id, n, i, draws, vocab) for n, i in enumerate(rows))
    sentences = tuple(Sentence(n, n * 100, n * 100 + 99) for n in range(len(events)))
    text = f"Synthetic document {number} for dyad's benchmark."
    return DocumentResult(
        doc_id=doc_id, published=day.isoformat(), status="ok", sentences=sentences,
        events=events, text=text, url=f"https://news{number % 50}.example/{number}",
    )  # fmt: skip


def _event(doc_id: str, n: int, i: int, draws: dict[str, np.ndarray], vocab: Vocabulary) -> Event:
    code = vocab.cameo[int(draws["cameo"][i])]
    source = vocab.actors[int(draws["source"][i])]
    target = vocab.actors[int(draws["target"][i])]
    day = EPOCH + timedelta(days=int(draws["day"][i]))
    return make_event(
        f"{doc_id}:{n}:0", source, target, code.code, sentence=n, date=day.isoformat(),
        goldstein=code.goldstein, quad_class=code.quad_class,
        plover=Plover(code.plover_type, code.plover_mode) if code.plover_type != "OTHER" else None,
        modality=MODALITIES[int(draws["modality"][i])], historical=bool(draws["historical"][i]),
        confidence=0.4 if draws["low"][i] else 0.9,
    )  # fmt: skip


def make_event(
    event_id: str,
    source: str | None,
    target: str | None,
    cameo: str,
    *,
    sentence: int = 0,
    date: str | None = None,
    goldstein: float = 0.0,
    quad_class: int = 1,
    plover: Plover | None = None,
    modality: str = "occurred",
    historical: bool = False,
    confidence: float = 0.9,
    location: Location | None = None,
) -> Event:
    """A hand-made event between two actor codes (country = the code's first three letters)."""
    return Event(
        id=event_id, sentence=sentence, start=sentence * 100, end=sentence * 100 + 40,
        trigger="did", rule=f"{cameo}/synthetic", source=_actor(source), target=_actor(target),
        cameo=cameo, root=cameo[:2], quad_class=quad_class, goldstein=goldstein, plover=plover,
        modality=modality,  # type: ignore[arg-type]
        date=date, historical=historical, confidence=confidence, location=location,
    )  # fmt: skip


def _actor(code: str | None) -> Actor | None:
    if code is None:
        return None
    return Actor(text=code, code=code, country=code[:3], role=code[3:6] or None)
