"""Database URL resolution: config file, environment, TLS requirement, password masking."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from counterdesk.domain.errors import InvalidInput
from counterdesk.logging_setup import redact
from counterdesk.store.config import CONFIG_NAME, redact_urls, require_tls, resolve_db_url, safe_url
from counterdesk.store.engine import make_engine

PW_URL = "postgresql://cd:S3cr3t-pw@10.0.0.5:5432/counterdesk"


def _write(home: Path, body: str) -> None:
    (home / CONFIG_NAME).write_text(body, encoding="utf-8")


def test_no_config_means_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COUNTERDESK_DB", raising=False)
    assert resolve_db_url(None, tmp_path) is None


def test_config_file_url_and_require_tls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COUNTERDESK_DB", raising=False)
    _write(tmp_path, f'[db]\nurl = "{PW_URL}"\nrequire_tls = true\n')
    url = resolve_db_url(None, tmp_path)
    assert url is not None
    parsed = make_url(url)
    assert parsed.drivername == "postgresql+psycopg" and parsed.password == "S3cr3t-pw"
    assert parsed.query["sslmode"] == "require"
    engine = make_engine(url)
    try:
        args, kwargs = engine.dialect.create_connect_args(engine.url)
        assert kwargs.get("sslmode") == "require" or "sslmode=require" in str(args)
    finally:
        engine.dispose()


def test_precedence_explicit_then_env_then_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, f'[db]\nurl = "{PW_URL}"\n')
    monkeypatch.setenv("COUNTERDESK_DB", "postgresql://env@h/db")
    assert "env@h" in str(resolve_db_url(None, tmp_path))
    assert resolve_db_url("/tmp/x.sqlite3", tmp_path) == "sqlite:////tmp/x.sqlite3"


def test_stronger_ssl_mode_is_kept_and_sqlite_untouched() -> None:
    assert "sslmode=verify-full" in require_tls("postgresql+psycopg://u@h/db?sslmode=verify-full")
    assert "sslmode=require" in require_tls("postgresql+psycopg://u@h/db?sslmode=disable")
    assert require_tls("sqlite:////tmp/a.sqlite3") == "sqlite:////tmp/a.sqlite3"


def test_broken_config_is_bad_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COUNTERDESK_DB", raising=False)
    _write(tmp_path, "[db\nurl=")
    with pytest.raises(InvalidInput, match="TOML"):
        resolve_db_url(None, tmp_path)
    _write(tmp_path, "[db]\nurl = 5\n")
    with pytest.raises(InvalidInput):
        resolve_db_url(None, tmp_path)


def test_password_is_masked_everywhere() -> None:
    assert "S3cr3t-pw" not in safe_url(PW_URL) and "***" in safe_url(PW_URL)
    text = f"could not connect to {PW_URL} (timeout)"
    assert "S3cr3t-pw" not in redact_urls(text) and "cd:***@10.0.0.5" in redact_urls(text)
    assert "S3cr3t-pw" not in redact(text)
