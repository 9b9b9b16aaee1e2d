"""One event per act within a document (dyad.pipeline.merge; CODING.md §1.7)."""

from __future__ import annotations

from dataclasses import replace

from dyad import Coder
from dyad.pipeline.merge import one_event_per_act, same_act
from dyad.store.synthetic import make_event


def test_a_repeated_report_is_one_event_with_mentions(coder: Coder) -> None:
    """The lede and the body report one round of talks: one event each way, the first mention
    its evidence, the later one in ``mentions``."""
    text = (
        "Kenya and Somalia held talks in Nairobi on Monday. The talks in Nairobi were the first "
        "since January, and Kenya and Somalia also met on Monday."
    )
    events = coder.code_text(text, published="2025-03-12").events
    assert sorted(
        (e.cameo, e.source.code, e.target.code) for e in events if e.source and e.target
    ) == [
        ("046", "KEN", "SOM"),
        ("046", "SOM", "KEN"),
    ]
    assert all(e.sentence == 0 and [m.sentence for m in e.mentions] == [1] for e in events)


def test_the_more_specific_code_wins() -> None:
    """A generic report ("met", 040) and a specific one ("held talks", 046) are one act, 046."""
    met = make_event("d:0:0", "KEN", "SOM", "040", date="2025-03-10")
    talks = make_event("d:1:0", "KEN", "SOM", "046", sentence=1, date="2025-03-10")
    (merged,) = one_event_per_act([met, talks])
    assert merged.cameo == "046" and merged.id == "d:0:0" and len(merged.mentions) == 1


def test_distinct_acts_stay_apart() -> None:
    """Two specific codes (a shelling and a drone strike), other dates or other actors are
    different acts."""
    shelling = make_event("d:0:0", "ISRMIL", "LBN", "194")
    drones = make_event("d:0:1", "ISRMIL", "LBN", "195")
    later = replace(shelling, id="d:1:0", date="2025-03-11")
    other = make_event("d:2:0", "ISRMIL", "SYR", "194")
    assert not same_act(shelling, drones)
    assert len(one_event_per_act([shelling, drones, later, other])) == 4


def test_a_date_of_its_own_never_equals_an_inherited_one() -> None:
    """ "Met more than 40 times" dated by publication is not the February call."""
    call = replace(make_event("d:0:0", "CHN", "RUS", "041", date="2025-02"), date_from="text")
    again = replace(make_event("d:1:0", "CHN", "RUS", "041", date="2025-02"), date_from="published")
    assert len(one_event_per_act([call, again])) == 2
