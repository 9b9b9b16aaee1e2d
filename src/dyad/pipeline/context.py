"""The context stage: every actor that belongs to a state gets that state's code (CODING.md §2).

A role-only mention ("police", "students", "the opposition leader", "a court") takes its country
from context, in this order, and records which step gave it (``Actor.country_from``):

1. its own phrase ("Malian soldiers", "riot police in Tbilisi") — done by the actors stage;
2. ``place``: the place of its clause ("students blocked bridges in Novi Sad");
3. ``participant``: the other participant of the act ("protesters marched against President
   Ruto's government", "the Senate commended the armed forces");
4. ``earlier``: the latest earlier mention of the same role with a country ("Sudan's army … the
   army");
5. ``dateline``: the country of the story's dateline ("LIMA —");
6. ``document``: the country the document is most about.

Only when none applies does the actor stay role-only; so does one its own words say belongs to
no one state ("foreign troops", "the international community": the lexicon's
``stateless_modifier``). Steps 1-5 run while an event is built;
step 6 runs when the document is finished, since only then is it known what it is about.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from ..dictionaries import ROLE_CODES
from ..records import Actor, Event

# Acts between states by their nature: their participants' states tell nothing of each other's
# (an envoy summoned, diplomats expelled, a visit, condolences, an extradition), and acts of
# violence, whose perpetrators are seldom of their victims' state.
INTERNATIONAL_ACTS = ("063", "074", "114", "161", "166")
VIOLENCE_ROOTS = ("18", "19", "20")
# Coercion (17) by actors outside the state's own bodies: "rebels seized two Chinese ships".
COERCION_ROOT = "17"
NON_STATE_ROLES = frozenset({"REB", "INS", "UAF", "CVL", "CRM"})
# Roles whose members are seldom of the state where they are: refugees, migrants.
FOREIGN_ROLES = frozenset({"REF", "IMG"})
# Roles that act at home only: police and courts, even when they use force ("the police opened
# fire on Kenyan protesters": Kenya's police).
HOME_ROLES = frozenset({"COP", "JUD"})
# Roles that act for a state abroad as at home; an act between two of them, or between one of
# them and a state as a whole, is no sign that both belong to one state.
STATE_ROLES = frozenset({"GOV", "MIL", "SPY", "REB", "INS", "UAF", "IGO"})


def related(actor: Actor, other: Actor) -> bool:
    """Whether ``other`` is a sign of ``actor``'s state (the participant step, CODING.md §2):
    a domestic role on one side ("protesters marched against President Ruto's government",
    "the opposition leader demanded that President Chapo"), or a government and its own
    forces; not a state acting as a whole ("the Pope appealed to the rebels")."""
    if other.role is None:
        return False
    roles = {actor.role, other.role}
    if roles - STATE_ROLES - {None}:
        return True
    return "GOV" in roles and bool(roles & {"MIL", "SPY"})


def domestic(code: str, role: str | None = None) -> bool:
    """Whether an act's two sides may be taken to belong to one state (CODING.md §2): not an
    act between states by nature, not violence unless ``role`` acts at home only."""
    if code.startswith(INTERNATIONAL_ACTS):
        return False
    return code[:2] not in VIOLENCE_ROOTS or role in HOME_ROLES


def role_only(actor: Actor | None) -> bool:
    """An actor with a role but no state: "police", "protesters", "President Daniel Chapo"."""
    if actor is None or actor.country is not None:
        return False
    if actor.country_from == "facility":  # a place attacked whose state context must give
        return True
    # a role code, or a group that acts in several states ("ISIS", "JNIM": IMG...), which is
    # of the state where it acts
    return (
        actor.code in ROLE_CODES
        or (actor.code is None and actor.role is not None)
        or ((actor.code or "").startswith("IMG") and actor.role in ROLE_CODES)
    )


def with_country(actor: Actor, country: str, how: str) -> Actor:
    """The actor as a member of ``country`` (its role kept), saying where the country came from."""
    role = actor.code if actor.code in ROLE_CODES else actor.role
    return replace(actor, code=country + (role or ""), country=country, country_from=how)


@dataclass
class DocumentContext:
    """What one document says about where its actors belong; one instance per document."""

    dateline: str | None = None
    stateless: frozenset[str] = frozenset()  # words that keep a role-only actor stateless
    missions: frozenset[str] = frozenset()  # words of a state's mission abroad: "embassy"
    # (position, role, country) of every coded actor mention with both, in text order
    roles: list[tuple[int, str, str]] = field(default_factory=list)
    countries: Counter[str] = field(default_factory=Counter)

    def _foreign_to(self, actor: Actor, other: Actor, code: str, *, perpetrator: bool) -> bool:
        """Whether ``other``'s state says nothing of ``actor``'s: an act between states, the
        perpetrators of violence or of non-state coercion, refugees and migrants, and whoever
        deals with a state's mission abroad ("protesters outside the Israeli embassy")."""
        if (
            code.startswith(INTERNATIONAL_ACTS)
            or actor.role in FOREIGN_ROLES
            or self._abroad(other)
        ):
            return True
        if not perpetrator:
            return False
        coercion = code[:2] == COERCION_ROOT and actor.role in NON_STATE_ROLES
        return code[:2] in VIOLENCE_ROOTS or coercion

    def _abroad(self, actor: Actor) -> bool:
        """A state's mission abroad: an embassy, a consulate, an ambassador."""
        return bool(self.missions.intersection(actor.text.lower().split()))

    def _placeable(self, actor: Actor | None) -> bool:
        """A role-only actor whose words do not say it belongs to no one state (a government's
        "foreign ministry" is its own)."""
        if not role_only(actor) or actor is None:
            return False
        if actor.role == "GOV" or actor.code == "GOV":
            return True
        return not self.stateless.intersection(actor.text.lower().split())

    def remember(self, actor: Actor, position: int) -> None:
        """Note a mention: its country counts toward what the document is about."""
        if actor.country is None:
            return
        self.countries[actor.country] += 1
        if actor.role is not None:
            self.roles.append((position, actor.role, actor.country))

    def remember_place(self, country: str | None) -> None:
        if country:
            self.countries[country] += 1

    def earlier(self, role: str, position: int, *, other: Actor | None = None) -> str | None:
        """The country of the latest mention of ``role`` before ``position``; not a mention of
        the event's other side itself ("Israeli troops shelled the posts": the posts are not
        Israel's for that)."""
        skip = (other.role, other.country) if other is not None else None
        for at, seen, country in reversed(self.roles):
            if at < position and seen == role and (seen, country) != skip:
                return country
        return None

    def main_country(self, *, exclude: str | None = None) -> str | None:
        """The state the document is most about: the most mentioned, the dateline's on a tie;
        ``exclude`` leaves out one mention of a state (the other side's own)."""
        counts = Counter(self.countries)
        if exclude is not None and counts[exclude] > 0:
            counts[exclude] -= 1
        counts = Counter({c: n for c, n in counts.items() if n > 0})
        if not counts:
            return self.dateline
        top = counts.most_common()
        best = top[0][1]
        tied = [c for c, n in top if n == best]
        return self.dateline if self.dateline in tied else tied[0]

    def situate(
        self,
        actor: Actor | None,
        *,
        place: str | None,
        other: Actor | None,
        position: int,
        code: str = "",
    ) -> Actor | None:
        """Steps 2-5 for one actor of an event (CAMEO ``code``) whose clause is at ``position``."""
        if actor is None or not self._placeable(actor):
            return actor
        if self.dateline and " here" in f" {actor.text} ":  # "the army here": where it was filed
            return with_country(actor, self.dateline, "dateline")
        if place:
            return with_country(actor, place, "place")
        if (
            other is not None
            and other.country
            and not (other.code or "").startswith("IGO")
            and domestic(code, actor.role)
            and actor.role not in FOREIGN_ROLES
            and not self._abroad(other)
            and related(actor, other)
        ):
            return with_country(actor, other.country, "participant")
        role = actor.code if actor.code in ROLE_CODES else actor.role
        earlier = self.earlier(role, position, other=other) if role else None
        if earlier:
            return with_country(actor, earlier, "earlier")
        if self.dateline:
            return with_country(actor, self.dateline, "dateline")
        return actor

    def finish(self, events: list[Event]) -> list[Event]:
        """Step 6: role-only actors left take the country the document is about. An act
        between states or an act of violence gives no actor the other side's state: "gunmen
        kidnapped two Italian engineers" does not make the gunmen Italian."""
        out = []
        for event in events:
            source, target = event.source, event.target
            if self._placeable(source) or self._placeable(target):
                source = self._about(source, target, event.cameo, perpetrator=True)
                target = self._about(target, source, event.cameo, perpetrator=False)
                if target is not None and source is not None and target.code == source.code:
                    target = None  # "Turkish tanks shelled positions" (in Turkey?): no target
                event = replace(event, source=source, target=target)
            out.append(event)
        return out

    def _about(
        self, actor: Actor | None, other: Actor | None, code: str, *, perpetrator: bool
    ) -> Actor | None:
        """The document's state for ``actor``; not the other side's, for an act between states,
        nor for the perpetrators of violence, whose victims' state says nothing of theirs
        (state forces' role-only victims are taken to be their own people)."""
        if actor is None or not self._placeable(actor):
            return actor
        if other is not None and self._foreign_to(actor, other, code, perpetrator=perpetrator):
            exclude = other.country
        else:
            exclude = None
        main = self.main_country(exclude=exclude)
        return with_country(actor, main, "document") if main else actor
