"""dyad's remembered lemmas are exactly the model's rule lemmatizer's, token for token."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from dyad import Coder
from dyad.pipeline.lemmas import NAME, RememberedLemmas
from dyad.pipeline.nlp import load_model

# the same word forms again and again, in other parts of speech and inflections: what the
# component remembers must never leak from one form to another
TEXTS = (
    "The rebels attack; the attacks were attacked and an attacker attacked the attackers again.",
    "She saw a saw. The leaves fell as he leaves; she leaves the leaves where they leave them.",
    "Talks talk of talking: the talked-about talks were the best, better than the good ones.",
    "Kyiv's forces shelled Donetsk; Donetsk's mayor said the shelling shelled the shells' depots.",
    "We are, they were, it is, I am, you'd been, he's gone, she's been going, they've met.",
    "Putin PUTIN putin Putins met Xi XI xi, and the Presidents presided.",
    "",
    " ",
)


@pytest.fixture(scope="module")
def as_shipped(coder: Coder) -> Language:
    """The model as shipped: spaCy's own rule lemmatizer."""
    return load_model(coder.options.model)


def test_the_coder_remembers_the_lemmatizers_lemmas(coder: Coder) -> None:
    """The coder's pipeline holds the remembering component where the lemmatizer was, under
    its name."""
    assert isinstance(coder.nlp.get_pipe(NAME), RememberedLemmas)


@pytest.mark.parametrize("text", TEXTS)
def test_same_lemmas_as_the_rule_lemmatizer(coder: Coder, as_shipped: Language, text: str) -> None:
    """Every token's lemma is the one the shipped model's lemmatizer gives, the second time a
    word form is seen as the first."""
    for _ in range(2):
        ours = [(t.text, t.pos_, str(t.morph), t.lemma_) for t in coder.nlp(text)]
        shipped = [(t.text, t.pos_, str(t.morph), t.lemma_) for t in as_shipped(text)]
        assert ours == shipped


def test_a_lemma_already_set_is_kept(coder: Coder) -> None:
    """A token that comes with a lemma keeps it; the others get the lemmatizer's."""
    component = coder.nlp.get_pipe(NAME)
    doc = Doc(
        coder.nlp.vocab,
        words=["troops", "crossed", "borders"],
        pos=["NOUN", "VERB", "NOUN"],
        lemmas=["troop-kept", "", ""],
        morphs=["Number=Plur", "Tense=Past|VerbForm=Fin", "Number=Plur"],
    )
    assert [t.lemma_ for t in component(doc)] == ["troop-kept", "cross", "border"]
