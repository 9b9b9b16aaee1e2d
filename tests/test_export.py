"""Exports: GDELT 2.0 Events layout, PLOVER JSON, Parquet round trip, CSV and JSON lines."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from dyad import Coder
from dyad.cli.store import register
from dyad.records import Actor, DocumentInput, DocumentResult, Event, Location, Plover
from dyad.store import QueryError, ReadOnlyQueryError, Store, event_from_row
from dyad.store.dedup import deduplicate
from dyad.store.events import Filters
from dyad.store.export import GDELT_COLUMNS, export, read_parquet_events

PEER_HEADER = (
    Path(__file__).resolve().parents[2]
    / "shared/peers/gdeltPyR/utils/schema_csvs/GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv"
)


def _full_event(doc_id: str, n: int) -> Event:
    """An event with every field set, so a round trip can lose nothing unnoticed."""
    return Event(
        id=f"{doc_id}:{n}:0", sentence=n, start=10 + n, end=95 + n, trigger="pay a state visit",
        rule="042/pay-visit", trigger_start=40 + n, trigger_end=57 + n,
        source=Actor("Chinese President Xi Jinping", "CHNGOV", "CHN", "GOV", "Xi Jinping", 10 + n, 38 + n),
        target=Actor("Russia", "RUS", "RUS", None, None, 61 + n, 67 + n),
        cameo="042", root="04", quad_class=1, goldstein=1.9, plover=Plover("CONSULT", "visit"),
        modality="planned", date="2025-05-07", date_end="2025-05-10", historical=False,
        location=Location("Moscow", "RUS", 55.75, 37.62), confidence=0.9,
        flags=("caption", "low_quality"), name="Make a visit",
    )  # fmt: skip


def _sparse_event(doc_id: str) -> Event:
    """An event with every optional field empty."""
    return Event(
        id=f"{doc_id}:5:0", sentence=5, start=0, end=4, trigger="hit", rule="190/x", source=None,
        target=None, cameo="190", root="19", quad_class=4, goldstein=-10.0, plover=None,
    )  # fmt: skip


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    """A store with two documents of hand-made events, deduplicated."""
    path = tmp_path / "x.duckdb"
    docs = [
        DocumentResult("a", "2025-05-06", "ok", events=(_full_event("a", 0), _sparse_event("a")),
                       text="x" * 200, url="https://news.example/a"),
        DocumentResult("b", "2025-05-06", "ok", events=(_full_event("b", 1),), text="y" * 200),
    ]  # fmt: skip
    with Store.open(path) as writer:
        writer.ingest(docs)
        deduplicate(writer)
    reader = Store.open(path, read_only=True)
    yield reader  # type: ignore[misc]
    reader.close()


def _read_gdelt(path: Path) -> pd.DataFrame:
    return pd.read_csv(
        path, sep="\t", header=None, names=list(GDELT_COLUMNS), dtype=str, keep_default_na=False
    )


def test_gdelt_export_of_the_seed_has_61_columns_and_loads_into_pandas(
    tmp_path: Path, coder: Coder, seed_text: str
) -> None:
    """Every GDELT row of the seed has 61 tab-separated fields with GDELT's meanings."""
    with Store.open(tmp_path / "seed.duckdb") as writer:
        writer.ingest(
            coder.code([DocumentInput(id="seed", text=seed_text, published="2025-05-06")])
        )
    out = tmp_path / "seed.tsv"
    with Store.open(tmp_path / "seed.duckdb", read_only=True) as reader:
        stats = export(reader, "gdelt", out, filters=Filters.everything())
        events = reader.counts()["events"]
    lines = out.read_text(encoding="utf-8").splitlines()
    assert stats.rows == len(lines) == events > 0
    assert all(len(line.split("\t")) == 61 for line in lines)
    frame = _read_gdelt(out)
    assert list(frame.columns) == list(GDELT_COLUMNS) and len(frame) == events
    assert (frame["EventRootCode"] == frame["EventCode"].str[:2]).all()
    assert (frame["EventBaseCode"] == frame["EventCode"].str[:3]).all()
    dated = frame[frame["SQLDATE"] != ""]
    assert dated["SQLDATE"].str.fullmatch(r"\d{8}").all()
    assert (dated["MonthYear"] == dated["SQLDATE"].str[:6]).all()
    assert (dated["Year"] == dated["SQLDATE"].str[:4]).all()
    assert frame["QuadClass"].isin(["1", "2", "3", "4"]).all()
    assert frame["DATEADDED"].str.fullmatch(r"\d{14}").all()
    assert set(frame["SOURCEURL"]) == {"seed"}


def test_gdelt_column_names_are_the_codebook_names() -> None:
    """dyad's 61 GDELT column names equal the names the codebook lists, in order."""
    assert len(GDELT_COLUMNS) == 61 and len(set(GDELT_COLUMNS)) == 61
    if not PEER_HEADER.exists():
        pytest.skip("the GDELT column list is not in ../shared/peers")
    with PEER_HEADER.open(encoding="utf-8") as fh:
        names = [row[0] for row in csv.reader(fh)][1:]
    assert list(GDELT_COLUMNS) == names


def test_gdelt_rows_are_deduplicated_events_with_mention_counts(
    store: Store, tmp_path: Path
) -> None:
    """After dedup the two reports of one visit are one GDELT row with NumArticles 2."""
    out = tmp_path / "g.tsv"
    assert export(store, "gdelt", out).rows == 2
    frame = _read_gdelt(out).set_index("EventCode")
    visit = frame.loc["042"]
    assert (visit["NumMentions"], visit["NumSources"], visit["NumArticles"]) == ("2", "2", "2")
    assert (visit["Actor1Code"], visit["Actor1Name"], visit["Actor1CountryCode"], visit["Actor1Type1Code"]) == (
        "CHNGOV", "XI JINPING", "CHN", "GOV",
    )  # fmt: skip
    assert (
        visit["ActionGeo_Type"],
        visit["ActionGeo_FullName"],
        visit["ActionGeo_CountryCode"],
    ) == ("4", "Moscow", "RS")
    assert (visit["SQLDATE"], visit["GoldsteinScale"], visit["AvgTone"]) == ("20250507", "1.9", "")
    assert frame.loc["190", "Actor1Code"] == "" and frame.loc["190", "ActionGeo_Type"] == "0"


def test_parquet_export_round_trips_every_field(store: Store, tmp_path: Path) -> None:
    """Events read back from Parquet equal the events that were ingested, field for field."""
    out = tmp_path / "e.parquet"
    assert export(store, "parquet", out, filters=Filters.everything()).rows == 3
    rows = [
        {k: v for k, v in row.items() if k not in ("evidence", "sentence_text", "cluster_id")}
        for row in read_parquet_events(out)
    ]
    stored = {
        row["event_key"]: row
        for row in store.con.sql("SELECT * FROM events").to_arrow_table().to_pylist()
    }
    assert {row["event_key"]: row for row in rows} == stored
    back = {(row["doc_id"], event_from_row(row).id): event_from_row(row) for row in rows}
    expected = {("a", e.id): e for e in (_full_event("a", 0), _sparse_event("a"))}
    expected[("b", "b:1:0")] = _full_event("b", 1)
    assert back == expected


def test_csv_export_has_a_header_and_one_row_per_event(store: Store, tmp_path: Path) -> None:
    """CSV: the events columns as header, flags joined with |."""
    out = tmp_path / "e.csv"
    export(store, "csv", out, filters=Filters.everything())
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 3 and "source_code" in rows[0] and "location_lat" in rows[0]
    assert {r["flags"] for r in rows} == {"caption|low_quality", ""}


def test_jsonl_export_is_the_contract_event_shape(store: Store, tmp_path: Path) -> None:
    """Each JSONL line is a contract EVENT plus doc_id, published, url and event_key."""
    out = tmp_path / "e.jsonl"
    export(store, "jsonl", out, filters=Filters.everything())
    records = [json.loads(line) for line in out.read_text().splitlines()]
    full = next(r for r in records if r["id"] == "a:0:0")
    assert full == {"doc_id": "a", "published": "2025-05-06", "url": "https://news.example/a",
                    "event_key": full["event_key"], **_full_event("a", 0).to_dict(),
                    "evidence": full["evidence"], "sentence_text": None}  # fmt: skip
    assert full["evidence"]  # the text between the event's start and end


def test_plover_export_follows_the_plover_field_names(store: Store, tmp_path: Path) -> None:
    """PLOVER records carry id, date, actor, recipient, event, mode and dyad's provenance."""
    out = tmp_path / "p.jsonl"
    stats = export(store, "plover", out)
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert (stats.rows, stats.left_out) == (2, 1)  # the 190 event has no PLOVER type here
    record = next(r for r in records if r["id"] == "a:0:0")
    assert record["event"] == ["CONSULT"] and record["mode"] == ["visit"]
    assert record["actor"][0]["code"] == "CHNGOV" and record["recipient"][0]["code"] == "RUS"
    assert (record["date"], record["enddate"], record["quad_code"]) == (
        "2025-05-07",
        "2025-05-10",
        1,
    )
    assert record["text"] == "x" * 85
    assert record["dyad"]["rule"] == "042/pay-visit" and record["dyad"]["start"] == 10
    assert record["link"] == next(r for r in records if r["id"] == "b:1:0")["link"]


def test_where_selects_events_and_refuses_anything_but_a_condition(
    store: Store, tmp_path: Path
) -> None:
    """--where filters on events columns; a second statement or a write is refused."""
    out = tmp_path / "w.jsonl"
    assert export(store, "jsonl", out, where="root = '19'").rows == 1
    assert export(store, "jsonl", out, where="doc_id = 'b' -- trailing comment").rows == 1
    with pytest.raises(ReadOnlyQueryError):
        export(store, "csv", out, where="TRUE; DROP TABLE events")
    with pytest.raises(QueryError, match="not a valid condition"):
        export(store, "csv", out, where="no_such_column = 1")
    with pytest.raises(QueryError, match="unknown export format"):
        export(store, "xlsx", out)
    assert store.counts()["events"] == 3


def test_export_command_writes_the_file(store: Store, tmp_path: Path) -> None:
    """`dyad export` writes the chosen format and says how many rows."""
    app = typer.Typer()
    register(app)
    out = tmp_path / "cli.tsv"
    result = CliRunner().invoke(
        app, ["export", "--format", "gdelt", "--out", str(out), "--db", str(store.path)]
    )
    assert result.exit_code == 0, result.output
    assert len(out.read_text().splitlines()) == 2
