"""dyad's phrase rulers mark exactly the spans spaCy's ``entity_ruler`` marks with the same names."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from dyad import Coder
from dyad.pipeline.nlp import RULER_EXACT, RULER_NAME, load_model, ruler_patterns
from dyad.pipeline.ruler import PhraseRuler, RulerPattern

TEXTS = (
    "Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Tuesday.",
    "The US and the UN Security Council urged NATO and the African Union to talk.",
    "XI said the U.S. would help; the Brics summit in Kazan, Russia, ended.",
    "Officials in Addis Ababa and Tigrayan forces signed a deal with the European Union.",
    "Hamas fighters and the Israeli military traded fire near Gaza City and Khan Younis.",
    "South Korea's Yoon Suk Yeol phoned Japan's prime minister after North Korea fired.",
    "united states united nations UNITED KINGDOM Putin putin PUTIN",
    "Turkey =Turkey Türkiye and Iran's Revolutionary Guards, in Tehran.",
    "",
    "Russia",
)


@pytest.fixture(scope="module")
def spacy_rulers(coder: Coder) -> Language:
    """The model with spaCy's own entity rulers, fed the very patterns dyad's rulers get."""
    nlp = load_model(coder.options.model)
    patterns = list(ruler_patterns(coder.dictionaries))
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
        with nlp.select_pipes(enable=[]):
            ruler.add_patterns(chosen)  # type: ignore[attr-defined]
    return nlp


def _ents(nlp: Language, text: str) -> list[tuple[Any, ...]]:
    return [(e.start, e.end, e.label_, e.ent_id_) for e in nlp(text).ents]


@pytest.mark.slow
@pytest.mark.parametrize("text", TEXTS)
def test_same_entities_as_spacys_entity_ruler(
    coder: Coder, spacy_rulers: Language, text: str
) -> None:
    """Every entity (span, label, code) is the one spaCy's entity_ruler plus ner gives."""
    assert _ents(coder.nlp, text) == _ents(spacy_rulers, text)


@pytest.mark.slow
def test_same_entities_on_the_seed(coder: Coder, spacy_rulers: Language, seed_text: str) -> None:
    """The seed article's entities, block for block, are spaCy's entity_ruler's."""
    for block in seed_text.split("\n\n"):
        assert _ents(coder.nlp, block) == _ents(spacy_rulers, block)


def test_longest_match_wins_then_the_earliest(nlp: Language) -> None:
    """Of overlapping names the longest is marked; a name cut off at the end is no match."""
    ruler = PhraseRuler(exact=False, overwrite=True)
    ruler.set_patterns(
        [
            RulerPattern(("new", "york"), "DYAD_CAPITAL", "USA"),
            RulerPattern(("new", "york", "times"), "DYAD_GROUP", "NYT"),
            RulerPattern(("york",), "DYAD_COUNTRY", "GBR"),
            RulerPattern(("times", "square"), "DYAD_CAPITAL", "SQ"),
        ]
    )
    doc = ruler(nlp.make_doc("The New York Times in York near times"))
    assert [(e.text, e.label_, e.ent_id_) for e in doc.ents] == [
        ("New York Times", "DYAD_GROUP", "NYT"),
        ("York", "DYAD_COUNTRY", "GBR"),
    ]


def test_exact_ruler_keeps_existing_entities(nlp: Language) -> None:
    """A ruler that may not overwrite leaves a token already in an entity alone."""
    lower = PhraseRuler(exact=False, overwrite=True)
    lower.set_patterns([RulerPattern(("us", "army"), "DYAD_GROUP", "USAMIL")])
    exact = PhraseRuler(exact=True, overwrite=False)
    exact.set_patterns([RulerPattern(("US",), "DYAD_COUNTRY", "USA")])
    doc = exact(lower(nlp.make_doc("The US army and the US")))
    assert [(e.text, e.ent_id_) for e in doc.ents] == [("US army", "USAMIL"), ("US", "USA")]
