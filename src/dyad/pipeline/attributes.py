"""The model's attribute rules (tag -> part of speech and morphology, and their word exceptions)
applied by table lookup instead of spaCy's ``Matcher``.

en_core_web_sm's ``attribute_ruler`` holds 179 rule groups, almost all one token long ("a token
tagged ``VBZ``", "``gets`` tagged ``VBZ``"); spaCy runs every group's matcher over every token,
about a sixth of the model's time on news. This component reads the same groups from the loaded
model and does exactly what the ruler does, token for token: every group whose pattern matches
(on the words as they were before any rule was applied) sets its attributes on the pattern's
chosen token, groups applied in the ruler's order, so a later group overrides an earlier one. It
differs in cost only: a token is checked against the groups written for its word, its tag or
its space flag, not against all of them. A pattern it cannot read (an operator, a predicate
other than equality, ``IN``, ``NOT_IN`` and ``REGEX``, an attribute it does not know) makes
:func:`compile_rules` return ``None`` and the model keeps its own ruler.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from spacy.language import Language
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs
from spacy.vocab import Vocab

# what a pattern may test: read off the document as string ids (``IS_SPACE`` as 0 or 1)
_ATTRIBUTES = ("ORTH", "LOWER", "TAG", "DEP", "LEMMA", "IS_SPACE")
# the attributes whose value a pattern is looked up by, in order of preference
_ANCHORS = ("LOWER", "ORTH", "TAG", "IS_SPACE", "DEP")
_REMEMBERED = 200_000  # token views remembered before the memory starts again
_OPS = frozenset({"IN", "NOT_IN", "REGEX"})

FACTORY = "dyad_attribute_rules"
RULER = "attribute_ruler"  # the model's component this one takes the place of (and the name of)
View = tuple[int, ...]
Check = Callable[[View], bool]


@dataclass(frozen=True, slots=True)
class _Pattern:
    """One pattern of a group: a check per token, the token it sets, and its group."""

    group: int
    checks: tuple[Check, ...]
    index: int  # the token of the match the attributes go to (may be negative)
    anchor: int = 0  # the token it is looked up by


class AttributeRules:
    """A spaCy component (``__call__(doc) -> Doc``) equal to the model's attribute ruler."""

    def __init__(
        self,
        attrs: list[dict[Any, Any]],
        anchored: Mapping[tuple[int, int], tuple[_Pattern, ...]],
        free: tuple[_Pattern, ...],
    ) -> None:
        self._attrs = attrs
        self._anchored = {k: tuple(p for p in v if len(p.checks) == 1) for k, v in anchored.items()}
        self._free = tuple(p for p in free if len(p.checks) == 1)
        longer = {k: tuple(p for p in v if len(p.checks) > 1) for k, v in anchored.items()}
        self._longer = {k: v for k, v in longer.items() if v}
        self._seen: dict[View, tuple[int, ...]] = {}
        if any(len(p.checks) > 1 for p in free):
            raise ValueError("a pattern of several tokens needs a first token to look it up by")
        self._anchor_fields = tuple(_ATTRIBUTES.index(a) for a in _ANCHORS)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        views: list[View] = [tuple(row) for row in doc.to_array(list(_ATTRIBUTES)).tolist()]
        found: list[tuple[int, int, int]] = []  # (group, start, the token set)
        for start, view in enumerate(views):
            found.extend((group, start, start) for group in self._single(view))
            for field in self._anchor_fields:
                for pattern in self._longer.get((field, view[field]), ()):
                    begin, end = (
                        start - pattern.anchor,
                        start - pattern.anchor + len(pattern.checks),
                    )
                    if (
                        begin >= 0
                        and end <= len(views)
                        and all(check(views[begin + k]) for k, check in enumerate(pattern.checks))
                    ):
                        found.append((pattern.group, begin, range(begin, end)[pattern.index]))
        found.sort()  # the ruler's order: by group, then by where the match starts
        for group, _, i in found:
            set_token_attrs(doc[i], self._attrs[group])
        return doc

    def _single(self, view: View) -> tuple[int, ...]:
        """The groups whose one-token patterns a token with this view matches (remembered: a
        token's view is its word, tag and arc, and the same ones recur)."""
        groups = self._seen.get(view)
        if groups is None:
            candidates = [
                p for f in self._anchor_fields for p in self._anchored.get((f, view[f]), ())
            ]
            matched = {p.group for p in (*candidates, *self._free) if p.checks[0](view)}
            groups = tuple(sorted(matched))
            if len(self._seen) >= _REMEMBERED:
                self._seen.clear()
            self._seen[view] = groups
        return groups


def compile_rules(vocab: Vocab, groups: list[dict[str, Any]]) -> AttributeRules | None:
    """The component for the ruler's ``patterns`` (its groups in order); ``None`` when a pattern
    uses something this component does not do exactly as spaCy's matcher does."""
    attrs = [normalize_token_attrs(vocab, g["attrs"]) for g in groups]
    anchored: dict[tuple[int, int], list[_Pattern]] = {}
    free: list[_Pattern] = []
    for group, spec in enumerate(groups):
        if "_" in spec["attrs"]:
            return None  # extension attributes: not in the English models
        for tokens in spec["patterns"]:
            checks = [_check(token, vocab.strings) for token in tokens]
            if not tokens or any(c is None for c in checks):
                return None
            anchor, keys = next(
                ((k, found) for k, t in enumerate(tokens) if (found := _anchor_keys(t))), (0, [])
            )
            pattern = _Pattern(
                group, tuple(c for c in checks if c is not None), spec["index"], anchor
            )
            if not -len(tokens) <= pattern.index < len(tokens):
                return None
            for key in keys:
                if pattern not in anchored.setdefault(key, []):
                    anchored[key].append(pattern)
            if not keys and len(tokens) > 1:
                return None  # a longer pattern with no word, tag or arc to be looked up by
            if not keys:
                free.append(pattern)
    return AttributeRules(attrs, {k: tuple(v) for k, v in anchored.items()}, tuple(free))


def _value(value: str | bool) -> int:
    """A pattern's value as the document array holds it."""
    return int(value) if isinstance(value, bool) else get_string_id(value)


def _anchor_keys(token: Mapping[str, Any]) -> list[tuple[int, int]]:
    """The lookup keys under which a pattern's token is found: the values it must have."""
    for name in _ANCHORS:
        value = token.get(name)
        field = _ATTRIBUTES.index(name)
        if isinstance(value, (str, bool)):
            return [(field, _value(value))]
        if isinstance(value, dict) and set(value) == {"IN"}:
            return [(field, _value(v)) for v in value["IN"]]
    return []


def _check(token: Mapping[str, Any], strings: StringStore) -> Check | None:
    """One token's predicates as a test on a token's view; None if one cannot be read."""
    tests: list[tuple[int, Callable[[int], bool]]] = []
    for name, value in token.items():
        if name not in _ATTRIBUTES:
            return None
        test = _test(value, strings, boolean=name == "IS_SPACE")
        if test is None:
            return None
        tests.append((_ATTRIBUTES.index(name), test))
    pairs = tuple(tests)
    return lambda view: all(test(view[field]) for field, test in pairs)


def _test(value: Any, strings: StringStore, *, boolean: bool) -> Callable[[int], bool] | None:
    """One predicate of a token (a value, or a dict of operators) as a test on a string id."""
    if boolean:
        return partial(operator.eq, int(value)) if isinstance(value, bool) else None
    if isinstance(value, str):
        return partial(operator.eq, get_string_id(value))
    if not isinstance(value, dict) or not value or not set(value) <= _OPS:
        return None
    tests: list[Callable[[int], bool]] = []
    for op, arg in value.items():
        if op == "REGEX" and isinstance(arg, str):
            tests.append(partial(_searched, re.compile(arg), strings))
        elif (
            op in ("IN", "NOT_IN")
            and isinstance(arg, list)
            and all(isinstance(a, str) for a in arg)
        ):
            members = frozenset(get_string_id(a) for a in arg)
            tests.append(members.__contains__ if op == "IN" else partial(_outside, members))
        else:
            return None
    return tests[0] if len(tests) == 1 else partial(_all_hold, tuple(tests))


def _searched(pattern: re.Pattern[str], strings: StringStore, value: int) -> bool:
    return pattern.search(strings[value]) is not None  # as spaCy's REGEX: a search, not a match


def _outside(members: frozenset[int], value: int) -> bool:
    return value not in members


def _all_hold(tests: tuple[Callable[[int], bool], ...], value: int) -> bool:
    return all(test(value) for test in tests)


def use_attribute_rules(nlp: Language) -> bool:
    """Put this component in the place of the model's ``attribute_ruler`` (same name, same rules);
    False, and the model's ruler kept, when the model has none or one this cannot read."""
    if RULER not in nlp.pipe_names or nlp.get_pipe_meta(RULER).factory != "attribute_ruler":
        return False
    groups = nlp.get_pipe(RULER).patterns  # type: ignore[attr-defined]
    if compile_rules(nlp.vocab, groups) is None:
        return False
    nlp.replace_pipe(RULER, FACTORY, config={"groups": groups})
    return True


@Language.factory(FACTORY, default_config={"groups": []})
def make_attribute_rules(nlp: Language, name: str, groups: list[dict[str, Any]]) -> AttributeRules:
    """spaCy's factory: the rules of an ``attribute_ruler``'s ``patterns``."""
    rules = compile_rules(nlp.vocab, groups)
    if rules is None:
        raise ValueError(f"{name}: a pattern of these attribute rules cannot be read by {FACTORY}")
    return rules
