"""dyad's attribute rules set exactly what the model's ``attribute_ruler`` sets, token for token."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from dyad import Coder
from dyad.pipeline.attributes import RULER, AttributeRules, compile_rules
from dyad.pipeline.nlp import load_model

TEXTS = (
    "Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Tuesday.",
    "There is no deal yet, and there were talks; there's hope, they're told.",
    "I ain't gonna sign it, he said: we gotta wait. Let's see. Y'all know it. C'mon.",
    "He gets the letter, she got the reply, they have got to answer by Friday.",
    "The ministers   met\n\nagain  \t on Monday;\n the talks ended.",
    "A 20% rise, $3.5 billion in aid, 40,000 troops and the 11th round of sanctions.",
    "WHO'S THERE? Isn't it the U.S. envoy? Didn't Kyiv's forces shell it?",
    "",
    " ",
)


@pytest.fixture(scope="module")
def with_spacys_ruler(coder: Coder) -> Language:
    """The model as shipped: spaCy's own attribute_ruler."""
    return load_model(coder.options.model)


def _tokens(doc: Doc) -> list[tuple[Any, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def test_the_coder_uses_the_table_rules(coder: Coder) -> None:
    """The coder's pipeline holds dyad's rules where the model's ruler was, under its name."""
    assert isinstance(coder.nlp.get_pipe(RULER), AttributeRules)
    assert coder.nlp.pipe_names.index(RULER) == coder.nlp.pipe_names.index("lemmatizer") - 1


@pytest.mark.parametrize("text", TEXTS)
def test_same_attributes_as_spacys_ruler(
    coder: Coder, with_spacys_ruler: Language, text: str
) -> None:
    """Every token's tag, part of speech, morphology, lemma and arc are the shipped model's."""
    assert _tokens(coder.nlp(text)) == _tokens(with_spacys_ruler(text))


@pytest.mark.slow
def test_same_attributes_on_the_seed(
    coder: Coder, with_spacys_ruler: Language, seed_text: str
) -> None:
    """The seed article, block for block, gets the shipped model's token attributes."""
    for block in seed_text.split("\n\n"):
        assert _tokens(coder.nlp(block)) == _tokens(with_spacys_ruler(block))


def test_a_later_group_overrides_an_earlier_one(nlp: Language) -> None:
    """Groups apply in order on the words as they were: the second sets the lemma last, and a
    two-word pattern sets the token it points at."""
    groups = [
        {"patterns": [[{"LOWER": "talks"}]], "attrs": {"LEMMA": "first"}, "index": 0},
        {"patterns": [[{"TAG": {"IN": ["NNS", "VBZ"]}}]], "attrs": {"LEMMA": "second"}, "index": 0},
        {
            "patterns": [[{"LOWER": "peace"}, {"LOWER": "talks"}]],
            "attrs": {"LEMMA": "pair"},
            "index": -1,
        },
    ]
    rules = compile_rules(nlp.vocab, groups)
    assert rules is not None
    doc = Doc(nlp.vocab, words=["peace", "talks", "resumed"], tags=["NN", "NNS", "VBD"])
    assert [t.lemma_ for t in rules(doc)] == ["", "pair", ""]
    doc = Doc(nlp.vocab, words=["the", "talks"], tags=["DT", "NNS"])
    assert [t.lemma_ for t in rules(doc)] == ["", "second"]


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "x", "OP": "+"}],  # an operator
        [{"LENGTH": 3}],  # an attribute it does not read
        [{"LOWER": {"FUZZY": "talks"}}],  # a predicate it does not do
        [{"TAG": {"REGEX": "^N"}}, {"DEP": {"NOT_IN": ["nsubj"]}}],  # nothing to look it up by
        [],
    ],
)
def test_a_pattern_it_cannot_read_keeps_the_models_ruler(nlp: Language, pattern: Any) -> None:
    """What the table cannot do exactly as spaCy's matcher does makes compiling give None."""
    groups = [{"patterns": [pattern], "attrs": {"LEMMA": "x"}, "index": 0}]
    assert compile_rules(nlp.vocab, groups) is None
