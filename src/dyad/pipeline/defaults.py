"""Targets by the act's nature (``targets.tsv``, CODING.md §3): what an act acts on when the text
names no target, or names only its actor's own state as a whole. A curfew is imposed on its
actor's own people, a resignation concerns its country, a protest is aimed at the government of
the protesters' state, a veto at the UN Security Council.

Applied when an event is built and again when the document is finished, once context has given
role-only actors their state ("students took to the streets of Santiago": Chile's government).
"""

from __future__ import annotations

from dataclasses import replace

from ..dictionaries import DEFAULT_TARGETS, Dictionaries, longest_prefix
from ..records import Actor, Event


class DefaultTargets:
    """The default targets of ``targets.tsv``; one per coder."""

    def __init__(self, dictionaries: Dictionaries) -> None:
        self.targets = dictionaries.targets

    def target(self, code: str, source: Actor, current: Actor | None) -> Actor | None:
        """The target an act of ``code`` by ``source`` has: ``current`` unless it is missing or
        only the source's own state, and the act has a target by its nature."""
        nature = self._by_nature(code, source)
        if current is None or own_state(source, current):
            return nature or current
        if nature is not None and current.code and (nature.code or "").startswith(current.code):
            return nature  # "vetoed the United Nations resolution": the Security Council
        return current

    def apply(self, event: Event) -> Event:
        """The event with its default target, when it needs one."""
        if event.source is None:
            return event
        target = self.target(event.cameo, event.source, event.target)
        return event if target is event.target else replace(event, target=target)

    def _by_nature(self, code: str, source: Actor) -> Actor | None:
        kind = longest_prefix(code, self.targets)
        country = source.country
        if kind is not None and kind not in DEFAULT_TARGETS:
            return Actor(kind, kind)  # "vetoed the resolution": IGOUNOSEC
        if kind is None or country is None:
            return None
        if kind == "people":
            return Actor("people", country + "CVL", country, "CVL", country_from="participant")
        if kind == "government":
            if source.role == "GOV":
                return None  # a government protesting names whom it protests to
            return Actor("government", country + "GOV", country, "GOV", country_from="participant")
        return Actor(country, country, country, country_from="participant")


def own_state(source: Actor, target: Actor) -> bool:
    """The target is the source's own state as a whole: "Americans marched in Washington"."""
    return target.role is None and target.code is not None and target.code == source.country


_STATEMENTS = (1, 3)  # verbal cooperation and verbal conflict: QuadClass 1 and 3


def untargeted_statement(event: Event) -> bool:
    """A statement with no target, which is no event (CODING.md §1.4): "the finance minister said
    growth would slow"; also one whose only target turned out to be its source itself."""
    return event.target is None and event.quad_class in _STATEMENTS
