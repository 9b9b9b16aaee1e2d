"""GET /v1/alerts on a real store: the library's report, its models, its options and errors."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from dyad.api import create_app
from dyad.api.routes_alerts import AlertsOut
from dyad.store import Store
from dyad.store.synthetic_streams import Shift, Stream, stream_documents
from dyad.watch import WatchOptions, watch

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what the lock file pins
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore:.*httpx2.*")
ONSET = date(2025, 3, 3)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Armenia-Azerbaijan turning in week 61 of 64, France-Germany quiet."""
    path = tmp_path_factory.mktemp("api-alerts") / "a.duckdb"
    streams = [Stream("ARM", "AZE", 40.0, 10.0, Shift(ONSET, 5.0, weeks=2)),
               Stream("FRA", "DEU", 40.0, 10.0)]  # fmt: skip
    with Store.open(path) as store:
        store.ingest(stream_documents(streams, date(2024, 1, 1), 64, seed=11))
    return path


@pytest.fixture()
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db), token=""), base_url="http://localhost") as test_client:
        yield test_client


def test_alerts_are_the_library_report(client: TestClient, db: Path) -> None:
    """The response is WatchReport.to_dict() for the same options, and fits the models."""
    got = client.get("/v1/alerts", params={"since": ONSET.isoformat(), "top": 2})
    assert got.status_code == 200, got.text
    with Store.open(db, read_only=True) as store:
        expected = watch(store, WatchOptions(since=ONSET, top=2)).to_dict()
    assert got.json() == AlertsOut.model_validate(expected).model_dump() == expected
    assert got.json()["alerts"] and got.json()["alerts"][0]["events"]


def test_options_narrow_the_check(client: TestClient) -> None:
    """dyad=A,B keeps one pair; the default tests only the latest week."""
    one = client.get("/v1/alerts", params={"since": ONSET.isoformat(), "dyad": "FRA,DEU"}).json()
    assert one["alerts"] == [] and one["dyads"] == 1
    latest = client.get("/v1/alerts").json()
    assert latest["periods"] == ["2025-03-17"]  # the week of the last report (week 63 of 64)


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"period": "year"}, 422),
        ({"fdr": "0"}, 422),
        ({"dyad": "ARM"}, 422),
        ({"colour": "red"}, 400),
    ],
)
def test_bad_options_are_client_errors(client: TestClient, params: dict[str, str], status: int) -> None:  # fmt: skip
    """Unknown values and parameters are 4xx with a message."""
    assert client.get("/v1/alerts", params=params).status_code == status


def test_no_database_is_503() -> None:
    """A server without --db says how to start one."""
    with TestClient(create_app(None, token=""), base_url="http://localhost") as bare:
        answer = bare.get("/v1/alerts")
    assert answer.status_code == 503 and "dyad serve --db" in answer.json()["detail"]
