"""The seed article end to end: dyad's first acceptance test (issues 2 and 3)."""

from __future__ import annotations

import pytest

from dyad import Coder
from dyad.records import DocumentResult, Event, Sentence


@pytest.fixture(scope="module")
def seed(coder: Coder, seed_text: str) -> DocumentResult:
    """The seed coded with its publication date."""
    return coder.code_text(seed_text, doc_id="seed", published="2025-05-06")


def find(
    result: DocumentResult, root: str, source: str | None = None, target: str | None = None
) -> list[Event]:
    return [
        e
        for e in result.events
        if e.cameo.startswith(root)
        and (source is None or (e.source is not None and (e.source.code or "").startswith(source)))
        and (target is None or (e.target is not None and (e.target.code or "").startswith(target)))
    ]


def test_state_visit(seed: DocumentResult) -> None:
    """Xi's state visit: 042 CHNGOV -> RUS, planned, 7-10 May 2025, in Moscow."""
    (visit,) = [e for e in find(seed, "042", "CHNGOV", "RUS") if e.sentence == 0]
    assert visit.modality == "planned"
    assert (visit.date, visit.date_end) == ("2025-05-07", "2025-05-10")
    assert visit.location is not None and (visit.location.name, visit.location.country) == (
        "Moscow",
        "RUS",
    )
    assert visit.source is not None and visit.source.name == "Xi Jinping"
    assert visit.trigger and visit.rule and visit.start < visit.end


def test_russia_hosts(seed: DocumentResult) -> None:
    """Russia's role as inviter and host: 04x RUSGOV -> CHNGOV."""
    assert find(seed, "04", "RUSGOV", "CHNGOV")


def test_phone_call(seed: DocumentResult) -> None:
    """The February phone call: 041 Xi -> Putin, occurred, 2025-02. "Xi said in a telephone
    conversation with Putin": Putin is no subject, so the call is Xi's alone (CODING.md §3;
    it was coded both ways before issue 14)."""
    calls = find(seed, "041")
    pairs = {
        (e.source.code[:3], e.target.code[:3])
        for e in calls
        if e.source and e.target and e.source.code and e.target.code
    }
    assert pairs == {("CHN", "RUS")}
    assert all(e.modality == "occurred" and e.date == "2025-02" for e in calls)


def test_un_charter(seed: DocumentResult) -> None:
    """The UN Charter signing: 057 with China among the signers, 1945, historical, in the USA."""
    signings = find(seed, "057", "CHN")
    assert signings
    assert all(e.date == "1945" and e.historical for e in signings)
    assert all(e.location is not None and e.location.country == "USA" for e in signings)


def test_wartime_cooperation(seed: DocumentResult) -> None:
    """WWII cooperation between China and the Soviet Union is historical, dated 1945 or before."""
    coop = [e for e in find(seed, "06") if e.sentence == 1]
    codes = {(e.source.code or "")[:3] for e in coop if e.source}
    assert {"CHN", "SUN"} <= codes
    assert all(e.historical and e.date is not None and int(e.date[:4]) <= 1945 for e in coop)


def test_2015_visit(seed: DocumentResult) -> None:
    """The 2015 visit to Russia: 042 by Xi, dated 2015, historical."""
    (visit,) = [e for e in find(seed, "042", "CHN", "RUS") if e.date == "2015"]
    assert visit.historical and visit.source is not None and visit.source.name == "Xi Jinping"


def test_2024_trade_is_a_figure(seed: DocumentResult) -> None:
    """2024 trade is a background statistic with no acting party: a quantity, not an event
    (CODING.md §1.6; before issue 14 it was coded 06x)."""
    (sentence,) = [s.index for s in seed.sentences if "bilateral trade rose" in _text(seed, s)]
    assert not [e for e in seed.events if e.sentence == sentence]
    assert any(q.sentence == sentence and q.kind == "money" for q in seed.quantities)


def test_cooperation_in_the_un_sco_and_brics(seed: DocumentResult) -> None:
    """The paragraphs that name the UN Security Council, SCO and BRICS code China's and Russia's
    cooperation, both ways (coordinated subjects of a joint act)."""
    sentences = [
        s.index
        for s in seed.sentences
        if any(n in _text(seed, s) for n in ("Security Council", "SCO", "BRICS"))
    ]
    coop = [e for e in find(seed, "06") if e.sentence in sentences] + [
        e for e in find(seed, "03") if e.sentence in sentences
    ]
    pairs = {
        ((e.source.code or "")[:3], (e.target.code or "")[:3])
        for e in coop
        if e.source and e.target
    }
    assert {("CHN", "RUS"), ("RUS", "CHN")} <= pairs


def test_no_claim_of_responsibility(seed: DocumentResult) -> None:
    """ "Taking important responsibility for protecting international stability" is a duty, not
    a claim of responsibility for an act (015)."""
    assert not find(seed, "015")


def _text(result: DocumentResult, sentence: Sentence) -> str:
    return (result.text or "")[sentence.start : sentence.end]


def test_expected_talks(seed: DocumentResult) -> None:
    """The talks the two leaders are expected to hold: 04x between CHN and RUS, planned."""
    talks = [e for e in find(seed, "04") if e.modality == "planned" and e.sentence not in (0,)]
    pairs = {
        ((e.source.code or "")[:3], (e.target.code or "")[:3])
        for e in talks
        if e.source and e.target
    }
    assert ("CHN", "RUS") in pairs or ("RUS", "CHN") in pairs


def test_headings_captions_and_quality(seed: DocumentResult) -> None:
    """Three headings and three photo captions, none with events (CODING.md §1.6; captions gave
    flagged events before issue 14); the repetition loop is low quality."""
    headings = [s.index for s in seed.sentences if s.kind == "heading"]
    captions = [s.index for s in seed.sentences if s.kind == "caption"]
    assert len(headings) == 3 and len(captions) == 3
    assert not [e for e in seed.events if e.sentence in headings + captions]
    text = seed.text or ""
    loop = [
        s
        for s in seed.sentences
        if text[s.start : s.end].startswith("China and Russia are natural responsibility")
    ]
    assert loop and all("low_quality" in s.flags for s in loop)
    assert seed.quality.score < 1


def test_no_tourists(seed: DocumentResult) -> None:
    """No event has the tourists of the photo caption as an actor."""
    for event in seed.events:
        for actor in (event.source, event.target):
            assert actor is None or "tourist" not in actor.text.lower()


def test_quotes(seed: DocumentResult) -> None:
    """Quotes are attributed to the six speakers, each with a country; "he added"/"He said" resolve."""
    speakers = [(q.speaker.name or q.speaker.text, q.speaker.country) for q in seed.quotes]
    names = [name for name, _ in speakers]
    for person in ("Xi Jinping", "Noha Bakir", "Andrei Feshun", "Adhere Cavince"):
        assert person in names or person.split()[-1] in names or person.split()[0] in names, (
            speakers
        )
    assert sum(1 for n in names if "Denisov" in n) == 2
    assert sum(1 for n in names if "Belizard" in n) == 2
    assert all(country for _, country in speakers)


def test_money(seed: DocumentResult) -> None:
    """The trade figure is read as money in US dollars."""
    assert any(
        q.kind == "money" and q.value == 244_800_000_000 and q.unit == "USD"
        for q in seed.quantities
    )
