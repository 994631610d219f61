"""The portal token lives in the OS keyring when there is one, else in settings marked as such."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from sqlalchemy import select

from counterdesk.models import AuditEntry, Setting
from counterdesk.services import settings, sync_admin


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.data.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.data[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.data.pop((service, username), None)


@pytest.fixture
def os_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def _stored(store, key: str) -> str:  # type: ignore[no-untyped-def]
    with store.read() as session:
        row = session.get(Setting, key)
        return row.value if row else ""


def test_token_goes_to_the_os_keyring_not_the_database(sqlite_store, os_keyring: MemoryKeyring) -> None:
    assert settings.set_value(sqlite_store, "portal.token", "tok-123") == "***"
    assert settings.token_storage(sqlite_store) == "keyring"
    assert _stored(sqlite_store, "portal.token") == ""
    assert "tok-123" in os_keyring.data.values()
    assert settings.portal_token(sqlite_store) == "tok-123"
    assert sync_admin.portal_config(sqlite_store).token == "tok-123"
    assert settings.get(sqlite_store, "portal.token") == "***"
    with sqlite_store.read() as session:
        assert all("tok-123" not in a.detail for a in session.scalars(select(AuditEntry)))


def test_without_a_keyring_the_token_is_kept_in_settings_and_says_so(sqlite_store, no_keyring: None) -> None:
    settings.set_value(sqlite_store, "portal.token", "tok-456")
    assert settings.token_storage(sqlite_store) == "settings"
    assert settings.portal_token(sqlite_store) == "tok-456"
    assert settings.get(sqlite_store, "portal.token") == "***"
    settings.set_value(sqlite_store, "portal.token", "")
    assert settings.portal_token(sqlite_store) == "" and settings.get(sqlite_store, "portal.token") == ""


def test_token_with_a_line_break_is_refused(sqlite_store, no_keyring: None) -> None:
    from counterdesk.domain.errors import InvalidInput

    with pytest.raises(InvalidInput):
        settings.set_value(sqlite_store, "portal.token", "a\nb")


def test_portal_url_must_be_an_http_address(sqlite_store) -> None:
    from counterdesk.domain.errors import InvalidInput

    for bad in ("ftp://cong.gov.vn", "http://[bad", "cong.gov.vn", "http://host:99999"):
        with pytest.raises(InvalidInput, match="Địa chỉ cổng"):
            settings.set_value(sqlite_store, "portal.url", bad)
    assert settings.set_value(sqlite_store, "portal.url", "https://dichvucong.tinh.gov.vn/api/") == \
        "https://dichvucong.tinh.gov.vn/api"
    assert settings.set_value(sqlite_store, "portal.url", "") == ""
