"""Tests for dyad.evaluate: gold readers on the peer files, the matching rule and scoring."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from dyad.errors import InputError
from dyad.eval import (
    Counts,
    GoldEvent,
    GoldItem,
    actors_match,
    detect_format,
    format_report,
    load_plover_legacy,
    match_events,
    normalize_gold_actor,
    read_gold,
    run_eval,
    score,
)
from dyad.eval.plover import BUILTIN_LEGACY
from dyad.records import Actor, DocumentInput, DocumentResult, Event, Plover, Status

ROOT = Path(__file__).resolve().parents[1]
PEERS = ROOT.parent / "shared" / "peers"
PETR2_GSR = PEERS / "UniversalPetrarch/UniversalPetrarch/data/text/PETR2_GSR_validation.xml"
PETR_UNIT = PEERS / "petrarch2/petrarch2/data/text/PETR.UnitTest.records.xml"
CODEBOOK = PEERS / "icews/data-raw/cameo-codes.csv"
PLOVER_GSR = PEERS / "PLOVER/gold_standard_records/PLOVER_GSR_CAMEO.txt"

needs_peers = pytest.mark.skipif(
    not PEERS.is_dir(), reason=f"peer gold files not found at {PEERS} (../shared is absent)"
)


def actor(code: str | None, text: str = "someone") -> Actor:
    """A predicted actor with the given code."""
    return Actor(text=text, code=code)


def event(
    cameo: str,
    source: str | None,
    target: str | None,
    *,
    plover: str | None = None,
    uncoded_source: bool = False,
) -> Event:
    """A predicted event; ``None`` actors are absent, ``uncoded_source`` gives an uncoded one."""
    return Event(
        id=f"e-{cameo}-{source}-{target}",
        sentence=0,
        start=0,
        end=10,
        trigger="x",
        rule="test",
        source=actor(None) if uncoded_source else (actor(source) if source else None),
        target=actor(target) if target else None,
        cameo=cameo,
        root=cameo[:2],
        quad_class=1,
        goldstein=0.0,
        plover=Plover(plover) if plover else None,
    )


def gold(doc_id: str, *events: GoldEvent, kind: str = "dyad") -> GoldItem:
    """A gold sentence with the given events."""
    return GoldItem(doc_id, f"text of {doc_id}", None, tuple(events), "test", kind)


def g(
    cameo: str | None, source: str | None, target: str | None, plover: str | None = None
) -> GoldEvent:
    """A gold event (CAMEO code, source, target, PLOVER type)."""
    return GoldEvent(source=source, target=target, cameo=cameo, plover=plover)


def result(doc_id: str, *events: Event, status: Status = "ok") -> DocumentResult:
    """A coded document holding the given events."""
    return DocumentResult(doc_id=doc_id, published=None, status=status, events=events)


# ---------------------------------------------------------------- gold readers on the peer files


@needs_peers
def test_petr2_gsr_counts() -> None:
    """The PETR-2 GSR file gives 78 records, 80 expected events and 12 no-event records."""
    items = read_gold(PETR2_GSR)
    assert len(items) == 78
    assert sum(len(i.events) for i in items) == 80
    assert sum(1 for i in items if not i.events) == 12
    assert {i.kind for i in items} == {"petrarch"}


@needs_peers
def test_petr2_gsr_record_fields() -> None:
    """A PETR record carries id, date as YYYY-MM-DD, whitespace-normalised text and its codings."""
    first = read_gold(PETR2_GSR)[0]
    assert first.id == "AFP0808020625_4"
    assert first.published == "2008-08-04"
    assert (
        first.text.startswith("The stopover came as the US leader prepared")
        and "\n" not in first.text
    )
    assert first.events == (g("042", "USA", "CHN"),)


@needs_peers
def test_petr2_gsr_quirks() -> None:
    """EU codes are aliased, an empty <Text> is rebuilt from the parse, a bad date gives None."""
    by_id = {i.id: i for i in read_gold(PETR2_GSR)}
    assert by_id["GOLD_3"].events[0].target == "IGOEEC"  # IGOEUREEC in the file
    assert by_id["abc12_3"].text.startswith("Boko Haram has launched")
    assert by_id["AFP0808020905_1"].published is None  # date="121108"
    assert by_id["AFP0808020840_1"].events == ()  # <EventCoding noevents="True" />


@needs_peers
def test_petr_unit_test_file_reads() -> None:
    """The petrarch2 unit-test file reads too: 281 of its 284 records are in its Include list."""
    items = read_gold(PETR_UNIT)
    assert len(items) == 281
    assert items[0].events == (g("064", "ARN", "GON"),)


@needs_peers
def test_codebook_counts() -> None:
    """The codebook gives 276 examples: 277 filled cells less the 'NEED EXAMPLE.' placeholder."""
    items = read_gold(CODEBOOK)
    assert len(items) == 276
    assert all(i.kind == "codebook" and len(i.events) == 1 for i in items)
    assert all(e.source is None and e.target is None for i in items for e in i.events)
    assert len({i.events[0].cameo for i in items}) == 276


@needs_peers
def test_codebook_text_is_repaired() -> None:
    """Codebook examples lose their mojibake and their trailing 'Note:' coding comments."""
    by_code = {i.events[0].cameo: i.text for i in read_gold(CODEBOOK)}
    assert "Moscow's will" in by_code["012"]
    assert by_code["030"].endswith("return home.")  # "Note: Two reciprocal events ..." dropped
    assert not any("Note:" in text or "‚Ä" in text for text in by_code.values())


@needs_peers
def test_plover_counts() -> None:
    """The PLOVER file gives 322 sentence records (the DOCUMENT record is skipped), ids unique."""
    items = read_gold(PLOVER_GSR)
    assert len(items) == 322
    assert len({i.id for i in items}) == 322  # COERCE-0004 appears twice in the file
    assert "PLOVER-GSR01-COERCE-0004#2" in {i.id for i in items}
    assert {i.kind for i in items} == {"plover"}


@needs_peers
def test_plover_types_actors_and_pairs() -> None:
    """PLOVER records map old types, join code+sector and expand sources x targets."""
    by_id = {i.id: i for i in read_gold(PLOVER_GSR)}
    types = {e.plover for i in by_id.values() for e in i.events}
    assert not types & {"DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT"}
    assert by_id["PLOVER-GSR01-DEMAND-0001"].events[0].plover == "REQUEST"
    agree1 = by_id[
        "PLOVER-GSR01-AGREE-0001"
    ]  # reciprocal: (SRC/TAR: Hungarian) and (SRC/TAR: Romanian)
    assert {(e.source, e.target) for e in agree1.events} == {
        ("HUNGOV", "ROUGOV"),
        ("ROUGOV", "HUNGOV"),
    }
    agree2 = by_id["PLOVER-GSR01-AGREE-0002"]  # bare IGO keeps no sector; JAP is Japan
    assert (agree2.events[0].source, agree2.events[0].target) == ("IGO", "JPN")


def test_plover_legacy_fallback(tmp_path: Path) -> None:
    """Without the legacy TSV the built-in table maps DEMAND, DISAPPROVE, INVESTIGATE and FIGHT."""
    assert load_plover_legacy(tmp_path / "absent.tsv") == BUILTIN_LEGACY
    tsv = tmp_path / "legacy.tsv"
    tsv.write_text("# comment\nold_type\tnew_type\nDEMAND\tREQUEST\nDOCUMENT\t\n", encoding="utf-8")
    assert load_plover_legacy(tsv) == {"DEMAND": "REQUEST", "DOCUMENT": ""}


def test_detect_format(tmp_path: Path) -> None:
    """Gold formats are told apart by suffix and first bytes."""
    files = {
        "a.jsonl": '{"id": "1", "text": "x", "events": []}\n',
        "b.xml": "<Validation><Sentences></Sentences></Validation>",
        "c.csv": '"","code","example"\n',
        "d.txt": '[{"id": "x", "event": "AGREE", "textInfo": {}}]',
    }
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    kinds = {name: detect_format(tmp_path / name) for name in files}
    assert kinds == {"a.jsonl": "dyad", "b.xml": "petrarch", "c.csv": "codebook", "d.txt": "plover"}


def test_dyad_jsonl_reader(tmp_path: Path) -> None:
    """dyad JSONL gold keeps actors, code, modality, date and historical; bad lines name file:line."""
    path = tmp_path / "gold.jsonl"
    row = {
        "id": "d1",
        "text": "Russia  attacked\nUkraine.",
        "published": "2024-02-24",
        "events": [
            {
                "source": "RUS",
                "target": "UKR",
                "cameo": "190",
                "modality": "occurred",
                "date": "2024-02-24",
                "historical": False,
            }
        ],
    }
    path.write_text(json.dumps(row) + "\n\n", encoding="utf-8")
    (item,) = read_gold(path)
    assert item.text == "Russia attacked Ukraine."
    assert item.events[0] == GoldEvent("RUS", "UKR", "190", None, "occurred", "2024-02-24", False)
    path.write_text(json.dumps(row) + "\n{broken\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"gold\.jsonl:2"):
        read_gold(path)


# ---------------------------------------------------------------- matching rule


@pytest.mark.parametrize(
    ("gold_code", "predicted", "expected"),
    [
        ("IGOUNOSEC", "IGOUNO", True),  # IGO codes compare 6 characters
        ("IGOUNO", "IGOUNOSEC", True),
        ("IGOUNOSEC", "IGONAT", False),
        ("USAGOV", "USAMIL", True),  # country codes compare 3 characters
        ("USA", "USAGOV", True),
        ("USAGOV", "RUSGOV", False),
        ("REB", "USAREB", False),  # a bare role is not a country
        ("REB", "REB", True),
        ("IGO", "IGOUNO", True),  # a bare IGO (no body) matches any IGO
        (None, None, True),  # null gold matches a missing actor
        (None, "USA", False),
        ("USA", None, False),
    ],
)
def test_actors_match(gold_code: str | None, predicted: str | None, expected: bool) -> None:
    """The 3-vs-6 character rule, bare roles, bare IGO and null handling."""
    assert actors_match(gold_code, predicted) is expected


def test_gold_aliases() -> None:
    """PETRARCH body codes are mapped to dyad's; '---ROLE' becomes the bare role dyad writes."""
    assert normalize_gold_actor("IGOEUREEC") == "IGOEEC"
    assert normalize_gold_actor("IGOWSTNATMIL") == "IGONATMIL"
    assert normalize_gold_actor("IGOUNO") == "IGOUNO"
    assert normalize_gold_actor("---LEG") == "LEG"
    assert normalize_gold_actor("") is None


def test_tp_fp_fn_arithmetic() -> None:
    """TP, FP and FN add up across sentences and give the expected P, R and F1."""
    items = [
        gold("a", g("042", "USA", "CHN"), g("190", "ISR", "PSE")),
        gold("b", g("111", "RUS", "USA")),
        gold("c"),
    ]
    predicted = {
        "a": result("a", event("042", "USAGOV", "CHN"), event("010", "ISR", None)),
        "b": result("b", event("112", "RUS", "USA")),
        "c": result("c", event("190", "USA", "IRQ")),
    }
    report = score(items, predicted)
    assert (report.counts.tp, report.counts.fp, report.counts.fn) == (2, 2, 1)
    assert report.counts.precision == pytest.approx(0.5)
    assert report.counts.recall == pytest.approx(2 / 3)
    assert report.counts.f1 == pytest.approx(2 * 2 / (2 * 2 + 2 + 1))
    assert report.per_root["19"].fn == 1 and report.per_root["01"].fp == 1
    assert report.main_figure == report.counts.f1


def test_figures_by_phenomenon_and_actor_shares() -> None:
    """Each gold item's TP/FP/FN count toward the phenomena it is tagged with; the report says
    which share of predicted actors has a role but no state, and of events no target."""
    items = [
        replace(gold("a", g("173", "KENCOP", "KENCVL")), phenomena=("domestic", "context_country")),
        replace(gold("b", g("042", "USA", "CHN")), phenomena=("domestic",)),
    ]
    police = replace(event("190", "COP", "USA"), source=Actor("police", "COP", None, "COP"))
    predicted = {
        "a": result("a", event("173", "KENCOP", "KENCVL")),
        "b": result("b", event("042", "USA", None), police),
    }
    report = score(items, predicted)
    assert report.per_phenomenon["context_country"] == Counts(1, 0, 0)
    assert report.per_phenomenon["domestic"] == Counts(1, 2, 1)
    assert (report.role_only.agreed, report.role_only.compared) == (1, 5)
    assert (report.no_target.agreed, report.no_target.compared) == (1, 3)
    assert "phenomenon" in format_report(report)


def test_igo_three_vs_six_in_scoring() -> None:
    """IGOUNOSEC as gold matches a predicted IGOUNO but not IGONAT."""
    items = [gold("a", g("042", "IGOUNOSEC", "SYR")), gold("b", g("042", "IGOUNOSEC", "SYR"))]
    predicted = {
        "a": result("a", event("042", "IGOUNO", "SYR")),
        "b": result("b", event("042", "IGONAT", "SYR")),
    }
    report = score(items, predicted)
    assert (report.counts.tp, report.counts.fp, report.counts.fn) == (1, 1, 1)
    assert report.agreement["role"].agreed == 0  # IGOUNO is not IGOUNOSEC in full


def test_null_gold_target() -> None:
    """A null gold target matches a missing predicted target but not a present one."""
    items = [gold("a", g("014", "USA", None)), gold("b", g("014", "USA", None))]
    predicted = {
        "a": result("a", event("014", "USAGOV", None)),
        "b": result("b", event("014", "USA", "CHN")),
    }
    report = score(items, predicted)
    assert (report.counts.tp, report.counts.fn) == (1, 1)
    assert "extra target (gold has none)" in {c.kind for c in report.errors}


def test_order_matters() -> None:
    """Swapping source and target is not a match, and is reported as a swap."""
    report = score(
        [gold("a", g("190", "ISR", "PSE"))], {"a": result("a", event("190", "PSE", "ISR"))}
    )
    assert (report.counts.tp, report.counts.fp, report.counts.fn) == (0, 1, 1)
    assert [c.kind for c in report.errors] == ["source/target swapped"]


def test_root_match_and_exact_agreement() -> None:
    """A different code under the same root matches; exact-code agreement records the difference."""
    report = score(
        [gold("a", g("042", "USA", "CHN"))], {"a": result("a", event("043", "USA", "CHN"))}
    )
    assert report.counts.tp == 1
    assert (
        report.agreement["exact_code"].agreed == 0 and report.agreement["exact_code"].compared == 1
    )


def test_greedy_matching_prefers_exact_codes() -> None:
    """With two candidates per gold event, exact-code pairs are taken before root-only pairs."""
    golds = [g("042", "USA", "CHN"), g("043", "USA", "CHN")]
    preds = [event("043", "USA", "CHN"), event("042", "USA", "CHN")]
    assert match_events(golds, preds) == [(0, 1), (1, 0)]
    report = score([gold("a", *golds)], {"a": result("a", *preds)})
    assert report.agreement["exact_code"].agreed == 2


def test_one_to_one_matching() -> None:
    """One prediction cannot satisfy two gold events."""
    report = score(
        [gold("a", g("190", "ISR", "PSE"), g("190", "ISR", "PSEGZA"))],
        {"a": result("a", event("190", "ISR", "PSE"))},
    )
    assert (report.counts.tp, report.counts.fn) == (1, 1)
    assert [c.kind for c in report.errors] == ["missed event (others found)"]


def test_error_kinds() -> None:
    """Misses and false alarms get their kinds: none found, wrong root, uncoded, missing target."""
    items = [
        gold("none", g("042", "USA", "CHN")),
        gold("root", g("042", "USA", "CHN")),
        gold("uncoded", g("042", "USA", "CHN")),
        gold("notarget", g("042", "USA", "CHN")),
        gold("extra"),
    ]
    predicted = {
        "none": result("none"),
        "root": result("root", event("190", "USA", "CHN")),
        "uncoded": result("uncoded", event("042", None, "CHN", uncoded_source=True)),
        "notarget": result("notarget", event("042", "USA", None)),
        "extra": result("extra", event("010", "USA", None)),
    }
    kinds = {c.doc_id: c.kind for c in score(items, predicted).errors}
    assert kinds == {
        "none": "no event found",
        "root": "wrong root",
        "uncoded": "actor uncoded (None)",
        "notarget": "missing target",
        "extra": "extra event (no gold)",
    }


def test_uncoded_documents_count_as_misses() -> None:
    """A document that failed or has no prediction counts its gold events as false negatives."""
    items = [gold("a", g("042", "USA", "CHN")), gold("b", g("042", "USA", "CHN"))]
    report = score(items, {"a": result("a", status="failed")})
    assert report.counts.fn == 2 and report.unscored_documents == 2
    assert {c.kind for c in report.errors} == {"document not coded"}


def test_codebook_scoring() -> None:
    """Codebook items score root hits and exact-code hits, per root."""
    items = [
        gold("x", g("0231", None, None), kind="codebook"),
        gold("y", g("0231", None, None), kind="codebook"),
        gold("z", g("190", None, None), kind="codebook"),
    ]
    predicted = {
        "x": result("x", event("0231", "RUS", "CHN")),
        "y": result("y", event("020", "RUS", None)),
        "z": result("z", event("111", "USA", "RUS")),
    }
    report = score(items, predicted)
    assert report.mode == "codebook"
    assert (report.hits.items, report.hits.hits, report.hits.exact) == (3, 2, 1)
    assert report.main_figure == pytest.approx(2 / 3)
    assert report.per_key["02"].hits == 2 and report.per_key["19"].hits == 0


def test_plover_scoring() -> None:
    """PLOVER items score type hits, then source and target among sentences where the type hit."""
    items = [
        gold("p", g(None, "HUNGOV", "ROUGOV", "AGREE"), kind="plover"),
        gold("q", g(None, "IGO", "SYR", "CONSULT"), kind="plover"),
        gold("r", g(None, "USA", "IRQ", "ASSAULT"), kind="plover"),
    ]
    predicted = {
        "p": result("p", event("030", "HUN", "ROUGOV", plover="AGREE")),
        "q": result("q", event("040", "IGOUNO", "ISR", plover="CONSULT")),
        "r": result("r", event("111", "USA", "IRQ", plover="ACCUSE")),
    }
    report = score(items, predicted)
    assert (report.hits.items, report.hits.hits) == (3, 2)
    assert (report.hits.source_ok, report.hits.target_ok) == (2, 1)
    kinds = {c.doc_id: c.kind for c in report.errors}
    assert kinds == {"q": "right type, target wrong", "r": "wrong type"}


def test_mixed_modes_rejected() -> None:
    """Scoring refuses a gold list that mixes event gold with codebook gold."""
    with pytest.raises(ValueError, match="mixes"):
        score([gold("a"), gold("b", kind="codebook")], {})


def test_report_text_and_json() -> None:
    """The text report shows P/R/F1, the per-root table and error kinds; to_dict is JSON."""
    report = score(
        [gold("a", g("190", "ISR", "PSE"))], {"a": result("a", event("190", "PSE", "ISR"))}
    )
    text = format_report(report)
    assert "F1 0.000" in text and "root" in text and "source/target swapped" in text
    data = json.loads(json.dumps(report.to_dict()))
    assert data["main"] == {"label": "F1", "value": 0.0}
    assert data["error_kinds"][0]["kind"] == "source/target swapped"


def test_run_eval_gate(tmp_path: Path) -> None:
    """run_eval codes each file with one call and fails the gate when F1 is below min_f1."""
    path = tmp_path / "gold.jsonl"
    rows = [
        {
            "id": "1",
            "text": "Israel shelled Gaza.",
            "published": None,
            "events": [{"source": "ISR", "target": "PSE", "cameo": "190"}],
        },
        {"id": "2", "text": "Nothing happened.", "published": None, "events": []},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    calls: list[list[DocumentInput]] = []

    def code_fn(docs: list[DocumentInput]) -> list[DocumentResult]:
        calls.append(docs)
        return [result(d.id, *([event("190", "ISR", "PSE")] if d.id == "1" else [])) for d in docs]

    reports, ok = run_eval([path], code_fn, min_f1=0.9)
    assert ok and len(calls) == 1 and [d.id for d in calls[0]] == ["1", "2"]
    assert reports[0].counts.f1 == 1.0
    _, ok = run_eval([path], lambda docs: [result(d.id) for d in docs], min_f1=0.9)
    assert not ok
