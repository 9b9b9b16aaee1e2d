"""Queries on a small hand-made store: series, top actors and dyads, partners, network, SQL, plots."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
import typer
from typer.testing import CliRunner

from dyad.cli.store import register
from dyad.records import DocumentResult, Event
from dyad.store import QueryError, ReadOnlyQueryError, Store
from dyad.store.plot import plot_dyad
from dyad.store.query import (
    Filters,
    dyad_series,
    network,
    network_graphml,
    network_json,
    partners,
    sql,
    top_actors,
    top_dyads,
)
from dyad.store.synthetic import make_event

ROOT = Path(__file__).resolve().parents[1]


def _events() -> list[Event]:
    e = make_event
    return [
        e("d0:0:0", "CHN", "RUS", "042", date="2024-01-05", goldstein=1.9, quad_class=1),
        e("d0:1:0", "RUS", "CHN", "043", date="2024-01-20", goldstein=2.8, quad_class=1),
        e("d0:2:0", "CHNGOV", "RUSGOV", "057", date="2024-03-02", goldstein=8.0, quad_class=1),
        e("d0:3:0", "CHN", "RUS", "112", date="2024-03-15", goldstein=-2.0, quad_class=3),
        e("d0:4:0", "CHN", "RUS", "190", date="1945", goldstein=-10.0, quad_class=4, historical=True),
        e("d0:5:0", "CHN", "RUS", "042", date="2024-02-10", goldstein=1.9, modality="negated"),
        e("d0:6:0", "RUS", "CHN", "138", date="2024-02-11", goldstein=-7.0, quad_class=3, modality="hypothetical"),
        e("d0:7:0", "CHN", "RUS", "042", date="2024-02-12", goldstein=1.9, confidence=0.3),
        e("d0:8:0", "USA", "CHN", "111", date="2024-02-01", goldstein=-2.0, quad_class=3),
        e("d0:9:0", "USA", "IRN", "190", date="2024-03-01", goldstein=-10.0, quad_class=4),
    ]  # fmt: skip


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    """A database holding the hand-made events in one document."""
    path = tmp_path / "q.duckdb"
    result = DocumentResult("d0", "2024-03-20", "ok", events=tuple(_events()), text="hand-made")
    with Store.open(path) as store:
        store.ingest([result])
    return path


@pytest.fixture()
def store(db: Path) -> Store:
    """The hand-made database, opened read-only."""
    with Store.open(db, read_only=True) as store:
        yield store  # type: ignore[misc]


def test_monthly_series_counts_both_directions_and_fills_gaps(store: Store) -> None:
    """CHN↔RUS per month: both directions, an empty February, QuadClass counts, Goldstein sum and mean."""
    table = dyad_series(store, "CHN", "RUS")
    rows = {r["period"]: r for r in table.records()}
    assert list(rows) == [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]
    jan, feb, mar = rows.values()
    assert (jan["events"], jan["quad1"], jan["goldstein_sum"], jan["goldstein_mean"]) == (
        2,
        2,
        4.7,
        2.35,
    )
    assert (feb["events"], feb["goldstein_mean"]) == (0, None)
    assert (mar["events"], mar["quad1"], mar["quad3"], mar["goldstein_sum"]) == (2, 1, 1, 6.0)


def test_directed_series_counts_one_direction(store: Store) -> None:
    """RUS→CHN alone holds only the January hosting."""
    table = dyad_series(store, "RUS", "CHN", directed=True)
    assert [(r["period"], r["events"]) for r in table.records()] == [(date(2024, 1, 1), 1)]


def test_historical_negated_hypothetical_and_low_confidence_are_left_out_by_default(
    store: Store,
) -> None:
    """Each exclusion is lifted by its own option."""

    def total(filters: Filters) -> int:
        return sum(
            dyad_series(store, "CHN", "RUS", period="year", filters=filters).column("events")
        )

    assert total(Filters()) == 4
    assert total(Filters(include_negated=True)) == 5
    assert total(Filters(include_hypothetical=True)) == 5
    assert total(Filters(min_confidence=0.0)) == 5
    assert total(Filters(include_historical=True)) == 5
    everything = Filters(
        include_historical=True, include_negated=True, include_hypothetical=True, min_confidence=0
    )
    assert total(everything) == 8
    assert total(Filters(since=date(2024, 3, 1), until=date(2024, 3, 31))) == 2


def test_cameo_and_quadclass_filters(store: Store) -> None:
    """Counts can be limited to CAMEO codes or prefixes and to QuadClasses."""

    def total(filters: Filters) -> int:
        return sum(
            dyad_series(store, "CHN", "RUS", period="year", filters=filters).column("events")
        )

    assert total(Filters(cameo=("04",))) == 2  # the visit and the hosting
    assert total(Filters(cameo=("057", "11"))) == 2  # the agreement and the accusation
    assert total(Filters(quad_classes=(3,))) == 1
    assert total(Filters(quad_classes=(1, 3))) == 4
    assert total(Filters(cameo=("19",), include_historical=True)) == 1
    assert total(Filters(cameo=("' OR 1=1 --",))) == 0  # a bound value, not SQL


def test_cameo_option_on_the_command_line(db: Path) -> None:
    """`--cameo` and `--quad-class` narrow a query; a malformed code is refused."""
    runner, app = CliRunner(), _cli()
    args = ["query", "top-dyads", "--level", "country", "--db", str(db), "--format", "json"]
    violent = runner.invoke(app, [*args, "--cameo", "19"])
    assert violent.exit_code == 0, violent.output
    assert [(r["actor_a"], r["actor_b"]) for r in json.loads(violent.stdout)] == [("IRN", "USA")]
    cooperative = runner.invoke(app, [*args, "--quad-class", "1"])
    assert json.loads(cooperative.stdout)[0]["events"] == 3
    bad = runner.invoke(app, [*args, "--cameo", "x1"])
    assert bad.exit_code == 2 and "--cameo" in bad.output


def test_sql_looking_actor_codes_are_bound_values(store: Store) -> None:
    """An actor code like "CHN' OR 1=1 --" matches nothing and changes nothing."""
    hostile = "CHN' OR 1=1 --"
    assert dyad_series(store, hostile, "RUS").rows == ()
    assert partners(store, hostile).rows == ()
    assert sql(store, "SELECT count(*) FROM events WHERE source_code = ?", [hostile]).rows == (
        (0,),
    )
    assert store.counts()["events"] == 10


def test_unknown_period_or_level_is_refused(store: Store) -> None:
    """Identifiers come only from fixed lists."""
    with pytest.raises(QueryError, match="unknown period"):
        dyad_series(store, "CHN", "RUS", period="month; DROP TABLE events")
    with pytest.raises(QueryError, match="unknown level"):
        top_actors(store, level="source_code) --")


def test_top_actors_and_dyads(store: Store) -> None:
    """Top actors count both sides; top dyads merge directions unless asked not to."""
    actors = {r["actor"]: r for r in top_actors(store).records()}
    assert (actors["CHN"]["events"], actors["CHN"]["as_source"], actors["CHN"]["as_target"]) == (
        4,
        2,
        2,
    )
    by_country = top_actors(store, level="country").records()
    assert by_country[0]["actor"] == "CHN" and by_country[0]["events"] == 5
    dyads = top_dyads(store, level="country").records()
    assert (dyads[0]["actor_a"], dyads[0]["actor_b"], dyads[0]["events"]) == ("CHN", "RUS", 4)
    directed = top_dyads(store, level="country", directed=True).records()
    assert (directed[0]["source"], directed[0]["target"], directed[0]["events"]) == (
        "CHN",
        "RUS",
        3,
    )
    assert len(top_dyads(store, limit=1).rows) == 1


def test_partners_of_an_actor(store: Store) -> None:
    """CHN's partners with events each way."""
    rows = {r["partner"]: r for r in partners(store, "CHN").records()}
    assert (rows["RUS"]["outgoing"], rows["RUS"]["incoming"]) == (2, 1)
    assert (rows["USA"]["outgoing"], rows["USA"]["incoming"], rows["USA"]["goldstein_in"]) == (
        0,
        1,
        -2.0,
    )


def test_network_as_json_and_graphml(store: Store) -> None:
    """Country network: weighted directed edges, readable back from GraphML."""
    graph = network(store, level="country")
    data = network_json(graph)
    edges = {(e["source"], e["target"]): e["events"] for e in data["edges"]}
    assert edges == {("CHN", "RUS"): 3, ("RUS", "CHN"): 1, ("USA", "CHN"): 1, ("USA", "IRN"): 1}
    assert {n["id"]: n["events"] for n in data["nodes"]}["CHN"] == 5
    back = nx.parse_graphml(network_graphml(graph))
    assert back.edges["CHN", "RUS"]["weight"] == 3
    assert network(store, level="country", min_events=2).number_of_edges() == 1


def test_sql_runs_reads_and_refuses_writes(store: Store, db: Path) -> None:
    """sql(): SELECTs run; writes, COPY, ATTACH, several statements and file reads are refused."""
    assert sql(store, "SELECT count(*) AS n FROM events").records() == [{"n": 10}]
    for statement in ("DELETE FROM events", "INSERT INTO meta VALUES ('a', 'b')", "COPY events TO 'x.csv'",
                      "ATTACH 'other.duckdb'", "SELECT 1; DROP TABLE events", "PRAGMA version"):  # fmt: skip
        with pytest.raises(ReadOnlyQueryError):
            sql(store, statement)
    with pytest.raises(QueryError, match="disabled by configuration"):
        sql(store, "SELECT * FROM read_csv('/etc/hostname')")
    with (
        Store.open(db.with_name("w.duckdb")) as writable,
        pytest.raises(ReadOnlyQueryError, match="read_only"),
    ):
        sql(writable, "SELECT 1")
    assert store.counts()["events"] == 10


def test_plot_writes_png_and_self_contained_html(store: Store, tmp_path: Path) -> None:
    """PNG via matplotlib; HTML with plotly.js inside and no CDN link."""
    png, html = tmp_path / "d.png", tmp_path / "d.html"
    series = plot_dyad(store, "CHN", "RUS", png)
    plot_dyad(store, "CHN", "RUS", html)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and sum(series.column("events")) == 4
    page = html.read_text(encoding="utf-8")
    assert "<script src=" not in page and len(page) > 1_000_000  # plotly.js is inside the page
    with pytest.raises(QueryError, match=r"\.png or \.html"):
        plot_dyad(store, "CHN", "RUS", tmp_path / "d.pdf")


def _cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    register(app)  # a second call (cli.py wiring plus a runner) adds nothing
    assert [c.name for c in app.registered_groups] == ["query", "plot"]
    return app


def test_query_commands_print_table_csv_and_json(db: Path) -> None:
    """`dyad query dyad` prints the series in each format."""
    runner, app = CliRunner(), _cli()
    as_csv = runner.invoke(app, ["query", "dyad", "CHN", "RUS", "--db", str(db), "--format", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    assert (
        as_csv.stdout.splitlines()[0]
        == "period,events,quad1,quad2,quad3,quad4,goldstein_sum,goldstein_mean"
    )
    assert as_csv.stdout.splitlines()[1] == "2024-01-01,2,2,0,0,0,4.7,2.35"
    as_json = runner.invoke(
        app, ["query", "top-dyads", "--level", "country", "--db", str(db), "--format", "json"]
    )
    assert json.loads(as_json.stdout)[0]["events"] == 4
    table = runner.invoke(app, ["query", "partners", "CHN", "--db", str(db)])
    assert table.exit_code == 0 and "RUS" in table.stdout
    graphml = runner.invoke(app, ["query", "network", "--format", "graphml", "--db", str(db)])
    assert graphml.stdout.startswith("<graphml")
    rows = runner.invoke(
        app,
        [
            "sql",
            "SELECT count(*) AS n FROM events WHERE root = ?",
            "--param",
            "04",
            "--db",
            str(db),
            "--format",
            "json",
        ],
    )
    assert json.loads(rows.stdout) == [{"n": 4}]


def test_counting_commands_say_what_they_leave_out_in_help() -> None:
    """Every counting command's --help names the default exclusions and the flags."""
    runner, app = CliRunner(), _cli()
    for command in (["query", "dyad"], ["query", "top-actors"], ["query", "top-dyads"], ["query", "partners"],
                    ["query", "network"], ["plot", "dyad"]):  # fmt: skip
        text = " ".join(runner.invoke(app, [*command, "--help"], terminal_width=200).stdout.split())
        assert "leave out historical, negated and hypothetical" in text, command
        assert "--include-negated" in text and "--min-confidence" in text, command


def test_every_store_command_is_documented() -> None:
    """docs/store.md shows every command register() adds."""
    docs = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")
    commands = ["dyad ingest", "dyad export", "dyad sql", "dyad dedup", "dyad query dyad", "dyad query top-actors",
                "dyad query top-dyads", "dyad query partners", "dyad query network", "dyad plot dyad"]  # fmt: skip
    assert [c for c in commands if c not in docs] == []


def test_plot_and_dedup_commands(db: Path, tmp_path: Path) -> None:
    """`dyad plot dyad` draws the PNG; `dyad dedup` groups the stored events."""
    runner, app = CliRunner(), _cli()
    png = tmp_path / "cli.png"
    drawn = runner.invoke(app, ["plot", "dyad", "CHN", "RUS", "--out", str(png), "--db", str(db)])
    assert drawn.exit_code == 0, drawn.output
    assert png.read_bytes()[:4] == b"\x89PNG"
    grouped = runner.invoke(app, ["dedup", "--db", str(db)])
    assert grouped.exit_code == 0, grouped.output
    with Store.open(db, read_only=True) as store:
        assert store.counts()["mentions"] == 10
