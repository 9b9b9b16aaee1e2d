"""The HTTP API against the real app and a real DuckDB file: coding, limits, auth, filters, paging."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

from dyad import Coder
from dyad.api import create_app
from dyad.api.app import error_status
from dyad.errors import DictionaryError, InputError, ModelError, OptionsError
from dyad.store import (
    LockedError,
    NotAStoreError,
    QueryError,
    SchemaVersionError,
    Store,
    StoreError,
    synthetic,
)
from dyad.store.ingest import ALREADY_STORED

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what the lock file pins
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore:.*httpx2.*")

TOKEN = "test-token-3f9a"
LOCAL = "http://localhost"  # the apps answer to loopback names only (a Host allow-list)
SQLISH = [
    "CHN' OR '1'='1",
    "CHN'; DROP TABLE events; --",
    "%",
    "' UNION SELECT * FROM documents --",
    'CHN" OR 1=1 --',
    "1; DELETE FROM events",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, coder: Coder, seed_text: str) -> Path:
    """A store holding the coded seed article and 1,200 synthetic events."""
    path = tmp_path_factory.mktemp("api") / "events.duckdb"
    with Store.open(path) as store:
        store.ingest([coder.code_text(seed_text, doc_id="seed", published="2025-05-06")])
        store.ingest(synthetic.documents(1200, per_document=20))
    return path


@pytest.fixture()
def client(db: Path, coder: Coder) -> Iterator[TestClient]:
    """A read-only app over the shared store (no write token)."""
    with TestClient(base_url=LOCAL, app=create_app(str(db), coder=coder, token="")) as test_client:
        yield test_client


@pytest.fixture()
def writer(tmp_path: Path, coder: Coder) -> Iterator[TestClient]:
    """An app with writes enabled over a fresh store."""
    with TestClient(
        create_app(str(tmp_path / "w.duckdb"), coder=coder, token=TOKEN), base_url=LOCAL
    ) as test_client:
        yield test_client


def _count(db: Path, where: str = "TRUE", params: list[Any] | None = None) -> int:
    with Store.open(db, read_only=True) as store:
        return int(store.fetch(f"SELECT count(*) FROM events WHERE {where}", params)[0][0])


def _visit(record: dict[str, Any]) -> dict[str, Any]:
    return next(
        e for e in record["events"]
        if e["cameo"] == "042" and (e["source"] or {}).get("code") == "CHNGOV"
        and (e["target"] or {}).get("code", "").startswith("RUS")
    )  # fmt: skip


# --- POST /v1/code ---------------------------------------------------------------------------------


def test_code_seed_returns_the_042_visit(client: TestClient, seed_text: str) -> None:
    """The seed article codes to a record with Xi's state visit to Russia (042) and its evidence."""
    response = client.post(
        "/v1/code", json={"id": "seed", "text": seed_text, "published": "2025-05-06"}
    )
    assert response.status_code == 200
    record = response.json()
    assert record["doc_id"] == "seed" and record["status"] == "ok" and record["text"] == seed_text
    visit = _visit(record)
    assert visit["rule"].startswith("042/") and visit["modality"] == "planned"
    assert record["text"][visit["trigger_start"] : visit["trigger_end"]] == "pay a state visit"
    assert visit["date"] == "2025-05-07"


def test_code_plain_text_with_published_query(client: TestClient) -> None:
    """A text/plain body is coded with ?published= and ?id= from the query string."""
    response = client.post(
        "/v1/code",
        content=b"Russian President Vladimir Putin visited China on Monday.",
        params={"published": "2025-05-06", "id": "plain"},
        headers={"Content-Type": "text/plain; charset=utf-8"},
    )
    assert response.status_code == 200
    record = response.json()
    assert record["doc_id"] == "plain" and record["published"] == "2025-05-06"
    assert [e["cameo"] for e in record["events"]] == ["042"]


def test_identical_requests_in_flight_share_one_coding_run(coder: Coder, seed_text: str) -> None:
    """Five identical concurrent /v1/code requests run the coder once and get the same record."""
    calls: list[int] = []

    class Counting:
        def code(self, documents: Any, **how: Any) -> Any:
            calls.append(1)
            return coder.code(documents, **how)

    app = create_app(None, coder=Counting(), token="")  # type: ignore[arg-type]
    document = {"id": "flight", "text": seed_text}

    async def post_five() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=LOCAL) as http:
            return await asyncio.gather(*(http.post("/v1/code", json=document) for _ in range(5)))

    responses = asyncio.run(post_five())
    assert [r.status_code for r in responses] == [200] * 5
    assert len({r.content for r in responses}) == 1
    assert len(calls) == 1


def test_code_stores_nothing(db: Path, client: TestClient, seed_text: str) -> None:
    """Coding a document leaves the store unchanged."""
    before = _count(db)
    client.post("/v1/code", json={"id": "again", "text": seed_text + " More."})
    assert _count(db) == before


def test_body_over_2mb_is_413_declared(client: TestClient) -> None:
    """A body whose Content-Length passes 2 MB is refused with 413 before it is read."""
    body = b"a" * (2 * 1024 * 1024 + 1)
    response = client.post("/v1/code", content=body, headers={"Content-Type": "text/plain"})
    assert response.status_code == 413
    assert "2 MB" in response.json()["detail"]


def test_body_over_2mb_is_413_streamed(client: TestClient) -> None:
    """A chunked body without Content-Length is cut off at 2 MB with 413."""

    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"b" * 65536

    response = client.post("/v1/code", content=chunks(), headers={"Content-Type": "text/plain"})
    assert response.status_code == 413


def test_bad_json_is_422_with_field_path(client: TestClient) -> None:
    """A wrongly typed field gives 422 naming body.text; malformed JSON names the body."""
    response = client.post("/v1/code", json={"id": "x", "text": 5})
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "text"]]
    response = client.post(
        "/v1/code", content=b'{"id": "x", "text": ', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]


def test_body_that_is_not_utf8_is_422(client: TestClient, writer: TestClient) -> None:
    """Bytes that are not UTF-8 are refused with 422 (the error echoes them printably), never a 500."""
    headers = {"Content-Type": "application/json"}
    assert client.post("/v1/code", content=b"\x80\xff", headers=headers).status_code == 422
    headers["Authorization"] = f"Bearer {TOKEN}"
    assert writer.post("/v1/documents", content=b"\x80\xff", headers=headers).status_code == 422
    plain = client.post("/v1/code", content=b"\x80\xff", headers={"Content-Type": "text/plain"})
    assert plain.status_code == 422 and plain.json()["detail"][0]["loc"] == ["body"]


def test_bad_published_date_is_422(client: TestClient) -> None:
    """An impossible publication date is refused with the field's path, never guessed."""
    response = client.post("/v1/code", json={"id": "x", "text": "t", "published": "2025-02-30"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "published"]
    response = client.post(
        "/v1/code",
        content=b"t",
        params={"published": "May 6"},
        headers={"Content-Type": "text/plain"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "published"]


def test_published_follows_the_readers_rule(client: TestClient) -> None:
    """The API takes what every reader takes (a date, a time may follow) and refuses the rest."""
    ok = client.post("/v1/code", json={"id": "x", "text": "t", "published": "2025-05-06T10:00:00Z"})
    assert ok.status_code == 200 and ok.json()["published"] == "2025-05-06T10:00:00Z"
    for bad in ("yesterday", "20250506", "2025-W19-2"):
        response = client.post("/v1/code", json={"id": "x", "text": "t", "published": bad})
        assert response.status_code == 422, bad
        assert "'published' must be a date" in response.json()["detail"][0]["msg"]


# --- who may ask: hosts, origins ---------------------------------------------------------------------


def test_a_host_that_is_not_allowed_is_400(client: TestClient) -> None:
    """A request for another host name (a DNS-rebinding page) is refused, with the headers."""
    response = client.get("/v1/events", headers={"Host": "evil.example"})
    assert response.status_code == 400 and "--allowed-hosts" in response.json()["detail"]
    assert response.headers["x-frame-options"] == "DENY"
    assert client.get("/healthz", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "[::1]:8000"}).status_code == 200


def test_allowed_hosts_are_an_option(db: Path, coder: Coder) -> None:
    """Names given to create_app are answered, others refused; * answers any."""
    app = create_app(str(db), coder=coder, token="", allowed_hosts=("dyad.lan", "*.corp.example"))
    with TestClient(app, base_url="http://dyad.lan") as named:
        assert named.get("/healthz").status_code == 200
        assert named.get("/healthz", headers={"Host": "a.corp.example"}).status_code == 200
        assert named.get("/healthz", headers={"Host": "localhost"}).status_code == 400
    with TestClient(create_app(str(db), coder=coder, token="", allowed_hosts=("*",))) as anyone:
        assert anyone.get("/healthz").status_code == 200


def test_plain_text_from_a_foreign_page_is_refused(client: TestClient) -> None:
    """A web page elsewhere cannot make the browser POST text to /v1/code (no preflight for
    text/plain); the dashboard's own page and non-browser clients can."""
    plain = {"Content-Type": "text/plain"}
    foreign = client.post("/v1/code", content=b"Russia attacked Ukraine.", headers={
        **plain, "Origin": "https://evil.example"})  # fmt: skip
    assert foreign.status_code == 403 and "evil.example" in foreign.json()["detail"]
    assert foreign.headers["content-security-policy"].startswith("default-src 'self'")
    same = client.post("/v1/code", content=b"Russia attacked Ukraine.", headers={
        **plain, "Origin": LOCAL})  # fmt: skip
    assert same.status_code == 200
    assert (
        client.post("/v1/code", content=b"Russia attacked Ukraine.", headers=plain).status_code
        == 200
    )
    assert client.get("/v1/events", headers={"Origin": "https://evil.example"}).status_code == 200


def test_unicode_digits_are_not_an_event_key(client: TestClient) -> None:
    """str.isdigit() says yes to "²" and int() no: such a path is an unknown id (404), not a 500."""
    for ref in ("²", "١٢٣", "１２"):
        response = client.get(f"/v1/events/{ref}")
        assert response.status_code == 404, ref


def test_a_server_error_carries_the_security_headers(coder: Coder) -> None:
    """An error no handler expected is a 500 with the same headers as every other response."""

    class Broken:
        def code(self, documents: Any, **how: Any) -> Any:
            raise RuntimeError("broken on purpose")

    app = create_app(None, coder=Broken(), token="")  # type: ignore[arg-type]
    with TestClient(app, base_url=LOCAL, raise_server_exceptions=False) as broken:
        response = broken.post("/v1/code", json={"id": "x", "text": "Russia attacked Ukraine."})
    assert response.status_code == 500 and "internal server error" in response.json()["detail"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"].startswith("default-src 'self'")


# --- the request deadline ----------------------------------------------------------------------------


def test_coding_past_the_deadline_is_a_failed_record(coder: Coder, seed_text: str) -> None:
    """A document that takes longer than the request's deadline comes back failed with the
    reason, and is not cached: the same request again is coded again."""
    calls: list[int] = []

    class Counting:
        def code(self, documents: Any, **how: Any) -> Any:
            calls.append(1)
            return coder.code(documents, **how)

    app = create_app(None, coder=Counting(), token="", deadline_s=0.5)  # type: ignore[arg-type]
    long_text = (seed_text + "\n") * 150  # about 1.6 MB: a minute of coding
    with TestClient(app, base_url=LOCAL) as slow:
        for _ in range(2):
            response = slow.post("/v1/code", json={"id": "long", "text": long_text})
            record = response.json()
            assert response.status_code == 200 and record["status"] == "failed"
            assert record["error"].startswith("took longer than 0.5 s")
    assert len(calls) == 2


def test_waiting_for_a_busy_coder_past_the_deadline_is_503(coder: Coder) -> None:
    """While the coder is held by another request, a request that would wait past its deadline
    gets 503 with Retry-After instead of hanging."""
    release = threading.Event()
    entered = threading.Event()

    class Held:
        def code(self, documents: Any, **how: Any) -> Any:
            entered.set()
            release.wait(30)
            return coder.code(documents, **how)

    app = create_app(None, coder=Held(), token="", deadline_s=0.5)  # type: ignore[arg-type]

    async def two() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=LOCAL, timeout=60) as http:
            first = asyncio.ensure_future(http.post("/v1/code", json={"id": "a", "text": "One."}))
            while not entered.is_set():
                await asyncio.sleep(0.01)
            second = await http.post("/v1/code", json={"id": "b", "text": "Two."})
            release.set()
            return [await first, second]

    first, second = asyncio.run(two())
    assert first.status_code == 200
    assert second.status_code == 503 and second.headers["retry-after"] == "5"
    assert "busy" in second.json()["detail"]


def test_unsupported_media_type_is_415(client: TestClient) -> None:
    """A body that is neither JSON nor plain text is refused with a hint."""
    response = client.post("/v1/code", content=b"<x/>", headers={"Content-Type": "application/xml"})
    assert response.status_code == 415


# --- query parameters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/v1/events?actr=CHN", "/v1/actors?foo=1", "/v1/network?levle=code", "/healthz?x=1"]
)
def test_unknown_query_parameter_is_400(client: TestClient, path: str) -> None:
    """A misspelt filter is refused with 400 naming it, never silently ignored."""
    response = client.get(path)
    assert response.status_code == 400
    assert path.split("?")[1].split("=")[0] in response.json()["detail"]


def test_unknown_query_parameter_on_code_is_400(client: TestClient) -> None:
    """POST /v1/code refuses query parameters other than published and id."""
    response = client.post(
        "/v1/code", params={"publised": "2025-05-06"}, json={"id": "x", "text": "t"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize("value", SQLISH)
@pytest.mark.parametrize("name", ["actor", "source", "target", "doc_id"])
def test_sql_looking_filter_values_are_inert(
    db: Path, client: TestClient, name: str, value: str
) -> None:
    """SQL in a filter value matches nothing and changes nothing: it is only ever a bound value."""
    before = _count(db)
    response = client.get("/v1/events", params={name: value})
    assert response.status_code == 200
    assert response.json()["events"] == []
    assert _count(db) == before


@pytest.mark.parametrize("value", SQLISH)
def test_sql_looking_dyad_and_path_values_are_inert(client: TestClient, value: str) -> None:
    """SQL in the dyad filter or in a timeline's actor codes is inert too."""
    response = client.get("/v1/events", params={"dyad": f"CHN,{value}"})
    assert response.status_code == 200 and response.json()["events"] == []
    response = client.get(f"/v1/dyads/CHN/{value}/timeline")
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert response.json()["periods"] == []
    assert client.get(f"/v1/events/{value}").status_code == 404


def test_invalid_filter_values_are_422(client: TestClient) -> None:
    """Out-of-range or malformed filter values are refused with the parameter's name."""
    for params, name in (
        ({"quad_class": 5}, "quad_class"),
        ({"cameo": "04x"}, "cameo"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"min_confidence": 2}, "min_confidence"),
        ({"limit": 501}, "limit"),
        ({"dyad": "CHN"}, "dyad"),
        ({"modality": "rumoured"}, "modality"),
    ):
        response = client.get("/v1/events", params=params)
        assert response.status_code == 422, params
        assert response.json()["detail"][0]["loc"] == ["query", name]


# --- GET /v1/events --------------------------------------------------------------------------------


def test_cursor_walks_all_events_exactly_once(db: Path, client: TestClient) -> None:
    """Following next_cursor from the first page visits every stored event once, in a stable order."""
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(100):
        params: dict[str, Any] = {"limit": 97} | ({"cursor": cursor} if cursor else {})
        page = client.get("/v1/events", params=params).json()
        seen += [e["key"] for e in page["events"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == _count(db)
    with Store.open(db, read_only=True) as store:
        assert set(seen) == {str(k) for (k,) in store.fetch("SELECT event_key FROM events")}


def test_cursor_walk_with_filters(db: Path, client: TestClient) -> None:
    """Paging a filtered list returns exactly the filtered events."""
    keys: list[str] = []
    params: dict[str, Any] = {"root": "04", "min_confidence": 0.5, "limit": 50}
    while True:
        page = client.get("/v1/events", params=params).json()
        keys += [e["key"] for e in page["events"]]
        if not page["next_cursor"]:
            break
        params["cursor"] = page["next_cursor"]
    assert len(keys) == len(set(keys)) == _count(db, "root = '04' AND confidence >= 0.5")


def test_bad_or_foreign_cursor_is_400(client: TestClient) -> None:
    """A made-up cursor, or one from a query with other filters, is refused with 400."""
    assert client.get("/v1/events", params={"cursor": "not-a-cursor"}).status_code == 400
    cursor = client.get("/v1/events", params={"limit": 5}).json()["next_cursor"]
    response = client.get("/v1/events", params={"limit": 5, "root": "04", "cursor": cursor})
    assert response.status_code == 400
    assert "other filters" in response.json()["detail"]


def test_filters_select_the_right_events(db: Path, client: TestClient) -> None:
    """Each filter narrows the list the way its documentation says."""

    def events(**params: Any) -> list[dict[str, Any]]:
        return client.get("/v1/events", params={"limit": 500, **params}).json()["events"]

    assert {e["key"] for e in events(dyad="CHN,RUS")} == {e["key"] for e in events(dyad="RUS,CHN")}
    assert {e["cameo"] for e in events(dyad="CHN,RUS")} >= {"042", "043"}
    assert all(e["cameo"].startswith("04") for e in events(cameo="04"))
    assert all(e["quad_class"] == 4 for e in events(quad_class=4))
    assert all(e["modality"] == "planned" for e in events(modality="planned"))
    assert all(e["historical"] for e in events(historical=True))
    assert all(e["confidence"] >= 0.8 for e in events(min_confidence=0.8))
    assert all(
        "2020-01-01" <= e["day"] <= "2020-12-31"
        for e in events(date_from="2020-01-01", date_to="2020-12-31")
    )
    seed = events(doc_id="seed")
    assert seed and all(e["doc_id"] == "seed" for e in seed)
    codes = [
        ((e["source"] or {}).get("code") or "", (e["target"] or {}).get("code") or "")
        for e in events(actor="CHN")
    ]
    assert codes and all(s.startswith("CHN") or t.startswith("CHN") for s, t in codes)
    assert len(events(doc_id="seed", historical=False, source="CHNGOV")) == _count(
        db, "doc_id = 'seed' AND NOT historical AND starts_with(source_code, 'CHNGOV')"
    )


def test_event_detail_has_sentence_and_spans(client: TestClient) -> None:
    """GET /v1/events/{key} returns the event, its sentence and the text of each span."""
    listed = client.get(
        "/v1/events", params={"doc_id": "seed", "cameo": "042", "source": "CHNGOV"}
    ).json()
    visit = next(e for e in listed["events"] if e["trigger"] == "pay visit")
    assert "pay a state visit" in visit["evidence"]
    detail = client.get(f"/v1/events/{visit['key']}").json()
    assert detail["event"]["key"] == visit["key"]
    assert detail["spans"]["trigger"]["text"] == "pay a state visit"
    assert detail["spans"]["source"]["text"] == "Chinese President Xi Jinping"
    assert detail["spans"]["target"]["text"] == "Russia"
    assert detail["sentence"]["text"].startswith(
        "At the invitation of Russian President Vladimir Putin"
    )
    assert detail["document"]["doc_id"] == "seed"
    by_id = client.get(f"/v1/events/{visit['id']}").json()
    assert by_id["event"]["key"] == visit["key"]


def test_event_detail_says_where_inferences_came_from(tmp_path: Path, coder: Coder) -> None:
    """A stored event's detail keeps the coder's provenance: the source's country from the
    dateline, the date from the event's clause and the other report of the same meeting."""
    text = (
        "KAMPALA, Uganda — The defence minister met the Kenyan president on Friday. Uganda's "
        "defence minister met Kenya's president on Friday, his office said."
    )
    path = tmp_path / "p.duckdb"
    with Store.open(path) as store:
        store.ingest([coder.code_text(text, doc_id="p", published="2024-06-01")])
    with TestClient(base_url=LOCAL, app=create_app(str(path), coder=coder, token="")) as app:
        (listed,) = app.get("/v1/events", params={"cameo": "040"}).json()["events"]
        detail = app.get(f"/v1/events/{listed['key']}").json()
    event = detail["event"]
    assert (event["source"]["code"], event["source"]["country_from"]) == ("UGAGOV", "dateline")
    assert event["target"]["country_from"] == "phrase" and event["date_from"] == "text"
    assert [m["sentence"] for m in event["mentions"]] == [1]
    assert detail["reports"][0]["text"].startswith("Uganda's defence minister met")


def test_unknown_event_is_404(client: TestClient) -> None:
    """An event key or id that is not stored gives 404 with a hint."""
    assert client.get("/v1/events/12345").status_code == 404
    assert client.get("/v1/events/99999999999999999999999").status_code == 404
    assert client.get("/v1/events/nope:0:0").status_code == 404


# --- aggregates ------------------------------------------------------------------------------------


def test_dyad_timeline_counts_by_quad_class(client: TestClient) -> None:
    """The CHN-RUS timeline has the seed's May 2025 visits, by QuadClass, with mean Goldstein."""
    data = client.get("/v1/dyads/CHN/RUS/timeline", params={"by": "month"}).json()
    may = next(p for p in data["periods"] if p["period"] == "2025-05-01")
    # the visits (042, 043) are verbal cooperation; the seed's cooperation (06x) in May is
    # dated by publication (CODING.md §5) and counts as material cooperation
    assert may["quad1"] >= 2 and may["quad3"] == may["quad4"] == 0 and may["goldstein_mean"] > 0
    assert all(
        p["events"] == p["quad1"] + p["quad2"] + p["quad3"] + p["quad4"] for p in data["periods"]
    )
    assert client.get("/v1/dyads/CHN/RUS/timeline", params={"by": "fortnight"}).status_code == 422


def test_actors_network_dyads_and_locations(client: TestClient) -> None:
    """Top actors, top dyads, the network and event locations come back in their documented shapes."""
    actors = client.get("/v1/actors", params={"limit": 5}).json()["actors"]
    assert len(actors) == 5 and actors[0]["events"] >= actors[-1]["events"]
    dyads = client.get("/v1/dyads", params={"limit": 3}).json()["dyads"]
    assert len(dyads) == 3 and {"actor_a", "actor_b", "events"} <= set(dyads[0])
    net = client.get("/v1/network", params={"max_edges": 10}).json()
    assert len(net["edges"]) == 10 and net["truncated"]
    ids = {n["id"] for n in net["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    places = client.get("/v1/locations", params={"doc_id": "seed"}).json()["locations"]
    assert places and places[0]["name"] == "Moscow" and round(places[0]["lat"]) == 56


def test_healthz(client: TestClient, db: Path) -> None:
    """/healthz reports the database and that writes are off without a token."""
    health = client.get("/healthz").json()
    assert health == {**health, "status": "ok", "database": str(db), "writes_enabled": False}


def test_store_routes_without_database_are_503(coder: Coder) -> None:
    """Without --db, coding works and the store routes say how to configure one."""
    with TestClient(base_url=LOCAL, app=create_app(None, coder=coder, token="")) as client:
        assert client.post("/v1/code", json={"id": "x", "text": "Hello."}).status_code == 200
        response = client.get("/v1/events")
        assert response.status_code == 503 and "--db" in response.json()["detail"]


def test_a_database_that_is_no_store_is_a_server_error(tmp_path: Path, coder: Coder) -> None:
    """A --db file that is not a dyad store is the server's configuration: 500 naming it, not 503."""
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    with TestClient(base_url=LOCAL, app=create_app(str(path), coder=coder, token="")) as client:
        response = client.get("/v1/events")
    assert response.status_code == 500 and "not a dyad event store" in response.json()["detail"]


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (QueryError("limit must be between 1 and 500"), 400),
        (InputError("cannot read"), 400),
        (LockedError("database is locked"), 503),
        (NotAStoreError("not a store"), 500),
        (SchemaVersionError("newer schema"), 500),
        (StoreError("disk full"), 500),
        (OptionsError("unknown option"), 500),
        (DictionaryError("x.tsv", 2, "role", "XXX", "use a role code"), 500),
        (ModelError("no model"), 500),
    ],
)
def test_dyad_errors_map_to_http_statuses(error: Exception, status: int) -> None:
    """The client's mistakes are 4xx, a store held by another process 503, configuration 500."""
    assert error_status(error) == status  # type: ignore[arg-type]


# --- writes ----------------------------------------------------------------------------------------


def test_write_without_token_is_401(writer: TestClient) -> None:
    """POST /v1/documents with no token, or a wrong one, is refused with 401."""
    document = {"id": "w", "text": "Putin visited China."}
    assert writer.post("/v1/documents", json=document).status_code == 401
    response = writer.post("/v1/documents", json=document, headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_write_when_no_token_configured_is_403(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, coder: Coder, tmp_path: Path
) -> None:
    """A server started without DYAD_API_TOKEN refuses writes with 403 and says how to enable them."""
    response = client.post(
        "/v1/documents", json={"id": "w", "text": "x"}, headers={"Authorization": "Bearer x"}
    )
    assert response.status_code == 403 and "DYAD_API_TOKEN" in response.json()["detail"]
    monkeypatch.delenv("DYAD_API_TOKEN", raising=False)
    with TestClient(
        base_url=LOCAL, app=create_app(str(tmp_path / "x.duckdb"), coder=coder)
    ) as other:
        assert other.post("/v1/documents", json={"id": "w", "text": "x"}).status_code == 403


def test_token_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, coder: Coder, tmp_path: Path
) -> None:
    """create_app reads DYAD_API_TOKEN when no token is given."""
    monkeypatch.setenv("DYAD_API_TOKEN", "from-env")
    with TestClient(
        base_url=LOCAL, app=create_app(str(tmp_path / "e.duckdb"), coder=coder)
    ) as client:
        response = client.post(
            "/v1/documents", json={"id": "e", "text": "Putin visited China."},
            headers={"Authorization": "Bearer from-env"},
        )  # fmt: skip
        assert response.status_code == 200


def test_ingest_stores_documents_once(writer: TestClient, seed_text: str) -> None:
    """Documents posted with the token are coded and stored; posting the same text again skips it."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    batch = [{"id": "seed", "text": seed_text, "published": "2025-05-06", "source": "xinhua"},
             {"id": "short", "text": "Russian President Vladimir Putin visited China on Monday."}]  # fmt: skip
    first = writer.post("/v1/documents", json=batch, headers=auth)
    assert first.status_code == 200
    assert first.json()["documents"] == 2 and first.json()["details"]["coded"] == 2
    again = writer.post("/v1/documents", json=batch[1], headers=auth).json()
    assert again["details"]["skipped"] == 1 and again["events"] == 0
    (result,) = again["details"]["results"]  # skipped before coding, and it says so
    assert (result["id"], result["status"], result["error"]) == ("short", "skipped", ALREADY_STORED)
    listed = writer.get("/v1/events", params={"doc_id": "seed", "cameo": "042"}).json()["events"]
    assert any(e["source"]["code"] == "CHNGOV" for e in listed)


def test_ingest_validation_names_the_item(writer: TestClient) -> None:
    """A bad document in an array gives 422 naming its index and field."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = writer.post(
        "/v1/documents", json=[{"id": "a", "text": "ok"}, {"id": "b"}], headers=auth
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", 1, "text"]


def test_write_is_checked_before_the_body(writer: TestClient) -> None:
    """Without the token even a malformed body gets 401, so nothing about the body leaks."""
    response = writer.post(
        "/v1/documents", content=b"{oops", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 401


# --- pages -----------------------------------------------------------------------------------------


def test_dashboard_and_assets_are_local(client: TestClient) -> None:
    """The dashboard, its scripts and plotly come from this server; no page names another host."""
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    static = Path(__file__).resolve().parents[1] / "src" / "dyad" / "static"
    for path in static.rglob("*"):
        if path.suffix in (".html", ".js", ".css"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"(https?:)?//[\w.-]+\.(com|net|org|io|dev|js)\b", text), path
            assert not re.search(
                r"\.(innerHTML|outerHTML|insertAdjacentHTML)\b|document\.write|eval\(", text
            ), path
            assert client.get("/static/" + path.relative_to(static).as_posix()).status_code == 200
    plotly = client.get("/vendor/plotly/plotly.min.js")
    assert plotly.status_code == 200 and len(plotly.content) > 1_000_000


def test_docs_are_local(client: TestClient) -> None:
    """/docs is a local page over /openapi.json; no swagger or redoc page loads from a CDN."""
    assert client.get("/docs").status_code == 200
    assert "//" not in client.get("/docs").text.replace("/openapi.json", "")
    assert client.get("/redoc").status_code == 404
    schema = client.get("/openapi.json").json()
    assert "DocumentIn" in schema["components"]["schemas"]
    assert {"/v1/code", "/v1/documents", "/v1/events", "/v1/events/{event_ref}", "/healthz"} <= set(
        schema["paths"]
    )


def test_seed_endpoint(client: TestClient, seed_text: str, coder: Coder, tmp_path: Path) -> None:
    """/v1/seed serves the seed article; a server without one answers 404 (the button stays hidden)."""
    assert client.get("/v1/seed").json()["text"] == seed_text
    with TestClient(
        base_url=LOCAL, app=create_app(None, coder=coder, token="", seed=tmp_path / "none.txt")
    ) as other:
        assert other.get("/v1/seed").status_code == 404


def test_two_apps_keep_their_own_state(db: Path, coder: Coder, tmp_path: Path) -> None:
    """Two apps in one process have separate tokens and databases."""
    one = create_app(str(db), coder=coder, token="")
    two = create_app(str(tmp_path / "two.duckdb"), coder=coder, token="other")
    with TestClient(one, base_url=LOCAL) as a, TestClient(two, base_url=LOCAL) as b:
        assert a.get("/healthz").json()["writes_enabled"] is False
        assert b.get("/healthz").json()["writes_enabled"] is True
        assert json.dumps(a.get("/v1/events", params={"limit": 1}).json()) != json.dumps(
            b.get("/v1/events", params={"limit": 1}).json()
        )
