"""Citizen notices through the SMS gateway: the portal's delivery engine and HTTP adapter, pointed
at the ``notice`` table and the gateway's ``/v1/messages`` (contract: ``notify_openapi.yaml``).

Everything that makes portal sync exactly-once — claim before send, per-item keys fixed when the
notice was queued, a batch key that is a digest of its body, retries with full-jitter backoff and
Retry-After, quarantine of a refused message, the SQLite lease and PostgreSQL SKIP LOCKED — is the
same code; only the table, the state keys and the record field differ.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table

from counterdesk.models import Notice
from counterdesk.sync.engine import SyncEngine
from counterdesk.sync.portal import HttpPortalAdapter

LEASE_KEY = "notify.lease"
LAST_SUCCESS_KEY = "notify.last_success"
LAST_ERROR_KEY = "notify.last_error"


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
