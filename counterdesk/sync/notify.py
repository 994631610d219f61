"""Citizen notices through the SMS gateway: the portal's delivery engine and HTTP adapter, pointed
at the ``notice`` table and the gateway's ``/v1/messages`` (contract: ``notify_openapi.yaml``).

Everything that makes portal sync exactly-once — claim before send, per-item keys fixed when the
notice was queued, a batch key that is a digest of its body, retries with full-jitter backoff and
Retry-After, quarantine of a refused message, the SQLite lease and PostgreSQL SKIP LOCKED — is the
same code; only the table, the state keys and the record field differ.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.orm import Session

from counterdesk.models import Notice
from counterdesk.store.uow import Store
from counterdesk.sync.engine import SyncEngine
from counterdesk.sync.portal import Change, HttpPortalAdapter, PortalAdapter

LEASE_KEY = "notify.lease"
LAST_SUCCESS_KEY = "notify.last_success"
LAST_ERROR_KEY = "notify.last_error"


def _nothing_to_pull(_session: Session, _change: Change, _now: datetime) -> bool:
    """A gateway sends nothing back: no pulled change is ever applied."""
    return False


class GatewayAdapter(HttpPortalAdapter):
    """The gateway contract over HTTP(S): the portal adapter's batch push on ``/v1/messages``."""

    push_path = "/v1/messages"


class NotifyEngine(SyncEngine):
    """Drains queued notices to the gateway (push only: a gateway has nothing to pull)."""

    table = cast(Table, Notice.__table__)
    lease_key = LEASE_KEY
    last_success_key = LAST_SUCCESS_KEY
    last_error_key = LAST_ERROR_KEY
    record_field = "message"

    def __init__(self, store: Store, adapter: PortalAdapter, **options: Any) -> None:
        super().__init__(store, adapter, _nothing_to_pull, **options)
