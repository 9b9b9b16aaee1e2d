"""The word classes the stages read (``data/lexicon.tsv``), as one immutable :class:`Lexicon`.

The vocabulary a political scientist might review (verbs of speech, commitment and refusal,
nouns that carry someone's words, words that make a killing a bombing, ...) is data, not code:
``lexicon.tsv`` lists each class one word per line, and ``data/FORMATS.md`` says what each class
does. Only grammar stays in code (dependency labels, POS tags, pronouns, prepositions).
The lexicon is loaded once with the dictionaries (``Dictionaries.lexicon``) and passed to the
stages; nothing here is changed after loading.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import NamedTuple

from ..errors import DictionaryError


class LexiconEntry(NamedTuple):
    """One line of a lexicon file: a word of a class, and where it was written."""

    word_class: str
    word: str
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every word class, lower case. See ``data/FORMATS.md`` for what each class does."""

    # modality
    future_auxiliary: frozenset[str]
    hypothetical_auxiliary: frozenset[str]
    pledge_verb: frozenset[str]
    planning_verb: frozenset[str]
    expectation_verb: frozenset[str]
    plan_adjective: frozenset[str]
    call_verb: frozenset[str]
    deny_verb: frozenset[str]
    refuse_word: frozenset[str]
    own_report_verb: frozenset[str]
    # reported acts
    statement_noun: frozenset[str]
    demand_noun: frozenset[str]
    desire_verb: frozenset[str]
    must_auxiliary: frozenset[str]
    must_verb: frozenset[str]
    should_auxiliary: frozenset[str]
    reporting_verb: frozenset[str]
    not_a_report_verb: frozenset[str]
    claim_verb: frozenset[str]
    pledge_report_verb: frozenset[str]
    # events, places, quotes, actors, coreference
    object_control_verb: frozenset[str]
    movement_noun: frozenset[str]
    not_place_head: frozenset[str]
    speech_verb: frozenset[str]
    speaking_verb: frozenset[str]
    not_a_group_head: frozenset[str]
    generic_head: frozenset[str]
    member_head: frozenset[str]
    person_head: frozenset[str]
    state_head: frozenset[str]
    pair_adjective: frozenset[str]
    body_head: frozenset[str]
    group_head: frozenset[str]
    # how an attack is coded
    protester_word: frozenset[str]
    bomb_word: frozenset[str]
    suicide_bomb_word: frozenset[str]
    vehicle_bomb_word: frozenset[str]
    roadside_bomb_word: frozenset[str]
    # places, counts, what happened, who acts together
    venue_noun: frozenset[str]
    quantity_head: frozenset[str]
    container_noun: frozenset[str]
    inquiry_noun: frozenset[str]
    blamed_noun: frozenset[str]
    occurrence_verb: frozenset[str]
    joint_adverb: frozenset[str]
    stateless_modifier: frozenset[str]
    mission_word: frozenset[str]
    generic_light_verb: frozenset[str]
    # how an attack is coded, and what is attacked
    killing_verb: frozenset[str]
    mass_word: frozenset[str]
    aerial_weapon: frozenset[str]
    artillery_weapon: frozenset[str]
    facility_noun: frozenset[str]
    military_facility_noun: frozenset[str]
    # classes the event rules name (``@weapon_noun`` in events.jsonl)
    transfer_verb: frozenset[str]
    weapon_noun: frozenset[str]
    aid_noun: frozenset[str]
    money_noun: frozenset[str]
    intelligence_noun: frozenset[str]
    personnel_noun: frozenset[str]
    detainee_noun: frozenset[str]
    trainee_noun: frozenset[str]
    population_noun: frozenset[str]
    riot_control_word: frozenset[str]
    chemical_word: frozenset[str]
    # unions the stages read, built once
    announce_verb: frozenset[str] = field(init=False)  # the actor's own commitment or plan
    plan_verb: frozenset[str] = field(init=False)  # announced, or expected by others
    deny_or_refuse: frozenset[str] = field(init=False)
    content_noun: frozenset[str] = field(init=False)  # nouns whose clause is what was said

    def __post_init__(self) -> None:
        object.__setattr__(self, "announce_verb", self.pledge_verb | self.planning_verb)
        object.__setattr__(self, "plan_verb", self.announce_verb | self.expectation_verb)
        object.__setattr__(self, "deny_or_refuse", self.deny_verb | self.refuse_word)
        object.__setattr__(self, "content_noun", self.statement_noun | self.demand_noun)

    @classmethod
    def class_names(cls) -> tuple[str, ...]:
        """The classes a lexicon file may name, in the order of this class."""
        return tuple(f.name for f in fields(cls) if f.init)

    @classmethod
    def from_entries(cls, entries: Iterable[LexiconEntry]) -> Lexicon:
        """The lexicon of all entries (shipped file first, then users' files, which add words).

        Every class needs at least one word; the error names the first file read."""
        entries = list(entries)
        words: dict[str, set[str]] = {name: set() for name in cls.class_names()}
        for entry in entries:
            words[entry.word_class].add(entry.word)
        empty = [name for name, found in words.items() if not found]
        if empty:
            origin = entries[0].path if entries else "lexicon.tsv"
            raise DictionaryError(
                origin, 1, "class", empty[0], "every class needs at least one word; see FORMATS.md"
            )
        return cls(**{name: frozenset(found) for name, found in words.items()})


def check_entry(word_class: str, word: str, path: str, line: int) -> LexiconEntry:
    """One lexicon line checked: a known class and one lower-case word."""
    known = Lexicon.class_names()
    if word_class not in known:
        raise DictionaryError(
            path, line, "class", word_class, f"use one of the classes: {', '.join(known)}"
        )
    if not word or word != word.lower() or any(c.isspace() for c in word):
        raise DictionaryError(
            path, line, "word", word, "write one lower-case word (no spaces), e.g. 'pledge'"
        )
    return LexiconEntry(word_class, word, path, line)
