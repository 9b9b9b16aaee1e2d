"""Quotes: direct and reported speech with the speaker resolved to an actor.

Covered forms: "X said (that) ...", "..., X said", "X added ...", "..., he added", "according to X,
...", and quoted text in quotation marks. The speaker goes through the same actor resolution as
event actors, so appositives ("Noha Bakir, a professor ... in Cairo") and pronouns ("he added")
give a coded speaker. The quote span is what was said, in document offsets.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..records import Actor, Quote
from .actors import DocumentActors
from .lexicon import Lexicon


def find_quotes(
    sent: Span, index: int, offset: int, actors: DocumentActors, lexicon: Lexicon
) -> list[Quote]:
    """Quotes in one sentence (``offset`` is the parsed block's start in the document); the
    lexicon's ``speech_verb`` class says which verbs introduce one."""
    out: list[Quote] = []
    for token in sent:
        found = _speech(token, sent, lexicon) or _according_to(token, sent)
        if found is None:
            continue
        speaker_token, content = found
        speakers = [a for a, _ in actors.resolve(speaker_token)] or [_unknown(speaker_token)]
        start, end = _bounds(content)
        for speaker in speakers[:1]:
            out.append(Quote(index, speaker, offset + start, offset + end))
    return out


def _speech(verb: Token, sent: Span, lexicon: Lexicon) -> tuple[Token, list[Token]] | None:
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in lexicon.speech_verb:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if comp is not None:
        return subject, list(comp.subtree)
    if verb.dep_ in ("parataxis", "ROOT") and verb.i > subject.i and verb.i == _last_word(sent).i:
        return _fronted_content(verb, sent, subject)
    if verb.dep_ == "parataxis" and verb.head.i < verb.i:
        return subject, [t for t in sent if t.i < subject.i and not t.is_punct]
    return None


def _fronted_content(verb: Token, sent: Span, subject: Token) -> tuple[Token, list[Token]] | None:
    """ "..., he added." where the parser made the speech verb the root: content is before."""
    before = [t for t in sent if t.i < min(s.i for s in subject.subtree) and not t.is_punct]
    return (subject, before) if len(before) > 3 else None


def _according_to(token: Token, sent: Span) -> tuple[Token, list[Token]] | None:
    if token.lower_ != "according" or token.i + 1 >= len(token.doc) or token.nbor(1).lower_ != "to":
        return None
    to = token.nbor(1)
    speaker = next((c for c in to.children if c.dep_ == "pobj"), None)
    if speaker is None:
        return None
    phrase = set(token.subtree) | set(to.subtree)
    content = [t for t in sent if t not in phrase and not t.is_punct]
    return (speaker, content) if content else None


def _last_word(sent: Span) -> Token:
    words = [t for t in sent if not t.is_punct]
    return words[-1] if words else sent[-1]


def _bounds(tokens: list[Token]) -> tuple[int, int]:
    words = [t for t in tokens if not t.is_punct] or tokens
    first = min(words, key=lambda t: t.i)
    last = max(words, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


def _unknown(token: Token) -> Actor:
    span = token.doc[min(t.i for t in token.subtree) : max(t.i for t in token.subtree) + 1]
    return Actor(span.text if len(span) <= 8 else token.text)
