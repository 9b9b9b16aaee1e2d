"""Property-based API tests: schemathesis generates requests from the OpenAPI schema; no 5xx allowed.

schemathesis' pytest fixture loader (``from_fixture``) fails on pytest 9 (it reads a private
``_nodeid``), so each operation's strategy is run here with hypothesis directly: same generation,
same checks, bounded in examples and time.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode, checks

from dyad import Coder
from dyad.api import create_app
from dyad.store import Store, synthetic

TOKEN = "schema-token"
CHECKS = [
    checks.not_a_server_error,
    checks.response_schema_conformance,
    checks.content_type_conformance,
]
MAX_EXAMPLES = 20
DEADLINE_MS = 5000

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore:.*httpx2.*")]


def _cases() -> list[Any]:
    """(``METHOD /path``, mode) per operation; invalid data only where there is input to spoil.

    The app is built without a database or a model, just to read its schema.
    """
    paths = create_app(None, token="").openapi()["paths"]
    out = []
    for path, methods in paths.items():
        for method, spec in methods.items():
            label = f"{method.upper()} {path}"
            out.append(pytest.param(label, GenerationMode.POSITIVE, id=f"{label}-valid"))
            if spec.get("parameters") or spec.get("requestBody"):
                out.append(pytest.param(label, GenerationMode.NEGATIVE, id=f"{label}-invalid"))
    return out


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory, coder: Coder, seed_text: str) -> Any:
    """The OpenAPI schema of an app over a small store, with writes enabled by a known token."""
    db = tmp_path_factory.mktemp("schema") / "events.duckdb"
    with Store.open(db) as store:
        store.ingest([coder.code_text(seed_text, doc_id="seed", published="2025-05-06")])
        store.ingest(synthetic.documents(200))
    # schemathesis's ASGI client sends Host: testserver
    app = create_app(str(db), coder=coder, token=TOKEN, allowed_hosts=("testserver",))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.parametrize(("label", "mode"), _cases())
def test_no_server_errors(api_schema: Any, label: str, mode: GenerationMode) -> None:
    """Generated requests (valid and invalid) never get a 5xx; answers match the documented schema."""
    operation = api_schema.find_operation_by_label(label)
    assert operation is not None, label
    headers = {"Authorization": f"Bearer {TOKEN}"} if operation.path == "/v1/documents" else None

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=DEADLINE_MS,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def test_schema_covers_every_route(api_schema: Any) -> None:
    """The OpenAPI document lists every API route, so the property test exercises them all."""
    expected = {"/v1/code", "/v1/documents", "/v1/events", "/v1/events/{event_ref}",
                "/v1/dyads/{a}/{b}/timeline", "/v1/dyads", "/v1/actors", "/v1/network",
                "/v1/locations", "/v1/seed", "/healthz"}  # fmt: skip
    assert expected <= set(api_schema.raw_schema["paths"])
