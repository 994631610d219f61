"""Schemathesis drives the SMS gateway simulator from its own OpenAPI document (bounded examples)."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from counterdesk.sync.notify_sim import GatewayState, build_asgi, openapi_document

_STATE = GatewayState(Path(tempfile.mkdtemp(prefix="gateway-contract-")) / "gw.sqlite3")
schema = schemathesis.openapi.from_asgi("/openapi.json", build_asgi(_STATE))


def test_document_is_the_shipped_contract() -> None:
    doc = openapi_document()
    assert doc["openapi"].startswith("3.")
    assert {"/v1/messages", "/v1/admin/stats"} <= set(doc["paths"])
    assert set(doc["components"]["schemas"]["Message"]["required"]) == {"to", "text"}


@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_simulator_conforms_to_its_contract(case: schemathesis.Case) -> None:
    key = (case.headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and 1 <= len(key) <= 255:
        case.headers["Idempotency-Key"] = uuid.uuid4().hex  # a key of its own per generated batch
    case.call_and_validate()
