"""The model's rule lemmatizer, remembered per word form.

spaCy's English lemmatizer works a token's lemma out from its word, part of speech and morphology
and the model's tables. It remembers the lemmas its suffix rules find, but not its most common
answer, that a word is already its own lemma (a singular noun, an infinitive, a plain
adjective: most words of news), which it works out again for every token, reading the token's
morphology into a dictionary each time. This component takes the lemmatizer's place (same name)
and gives each token the lemma the lemmatizer gives it, asking the lemmatizer only for a word form
(word, part of speech, morphology) it has not seen yet: the lemma is a function of those three.
A lemma already set (by the attribute rules) is kept, as the lemmatizer keeps it. A model whose
lemmatizer is not the rule lemmatizer keeps its own.
"""

from __future__ import annotations

from typing import cast

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc
from thinc.types import Ints2d

FACTORY = "dyad_remembered_lemmas"
NAME = "lemmatizer"  # the model's component this one takes the place of (and the name of)
_REMEMBERED = 200_000  # word forms remembered before the memory starts again
_FIELDS = [ORTH, POS, MORPH, LEMMA]


class RememberedLemmas:
    """A spaCy component (``__call__(doc) -> Doc``) equal to the model's rule lemmatizer."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self._lemmatizer = lemmatizer
        self._seen: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array(_FIELDS)
        lemmas = cast(Ints2d, rows[:, 3:4].copy())
        strings = doc.vocab.strings
        overwrite = self._lemmatizer.overwrite
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = self._seen.get(key)
            if found is None:
                found = strings.add(self._lemmatizer.lemmatize(doc[i])[0])
                if pos:  # no part of speech: the lemmatizer warns each time; not remembered
                    if len(self._seen) >= _REMEMBERED:
                        self._seen.clear()
                    self._seen[key] = found
            if found != lemma:
                lemmas[i, 0] = found
                changed = True
        if changed:
            doc.from_array([LEMMA], lemmas)
        return doc


def use_remembered_lemmas(nlp: Language) -> bool:
    """Put this component in the place of the model's rule ``lemmatizer`` (same name, the same
    lemmatizer behind it); False, and the lemmatizer kept, when the model has no rule lemmatizer."""
    if _rule_lemmatizer(nlp) is None:
        return False
    nlp.add_pipe(FACTORY, name=FACTORY, after=NAME)  # takes the lemmatizer, still in place
    nlp.remove_pipe(NAME)
    nlp.rename_pipe(FACTORY, NAME)
    return True


def _rule_lemmatizer(nlp: Language) -> Lemmatizer | None:
    """The pipeline's ``lemmatizer`` when it is spaCy's rule lemmatizer."""
    lemmatizer = nlp.get_pipe(NAME) if NAME in nlp.pipe_names else None
    if isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode == "rule":
        return lemmatizer
    return None


@Language.factory(FACTORY)
def make_remembered_lemmas(nlp: Language, name: str) -> RememberedLemmas:
    """spaCy's factory: remembers the lemmas of the pipeline's rule ``lemmatizer``."""
    lemmatizer = _rule_lemmatizer(nlp)
    if lemmatizer is None:
        raise ValueError(f"{name}: the pipeline has no rule lemmatizer named {NAME!r} to remember")
    return RememberedLemmas(lemmatizer)
