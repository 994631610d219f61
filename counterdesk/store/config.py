"""Where the database is: --db, env COUNTERDESK_DB, or ``counterdesk.toml`` in the data directory.

A PostgreSQL URL may carry a password, so it lives in a file only the office account can read
(or in the environment) and is never printed: everything shown or logged uses ``safe_url``.

``counterdesk.toml``::

    [db]
    url = "postgresql://counterdesk:secret@10.0.0.5/counterdesk"
    require_tls = true      # adds sslmode=require unless the URL already asks for more
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from counterdesk.domain.errors import InvalidInput
from counterdesk.store.engine import normalise_url

CONFIG_NAME = "counterdesk.toml"
ENV_DB = "COUNTERDESK_DB"
_STRONG_SSL = ("require", "verify-ca", "verify-full")
_URL_PASSWORD = re.compile(r"(?P<head>[a-zA-Z][\w+.-]*://[^:/@\s]*):[^@\s]*@")


def load(home: Path) -> dict[str, Any]:
    """The parsed config file, or {} if there is none; a broken file is bad input, not a crash."""
    path = home / CONFIG_NAME
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"Tệp cấu hình {path} không đúng định dạng TOML ({exc.__class__.__name__}).") from exc
    return data


def require_tls(url: str) -> str:
    """The URL with sslmode=require for PostgreSQL (stronger modes already present are kept)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return url
    if parsed.query.get("sslmode") in _STRONG_SSL:
        return url
    return parsed.update_query_dict({"sslmode": "require"}).render_as_string(hide_password=False)


def resolve_db_url(explicit: str | None, home: Path) -> str | None:
    """The database URL to use, or None for the default SQLite file in ``home``."""
    cfg = load(home)
    db_cfg = cfg.get("db", {}) if isinstance(cfg.get("db", {}), dict) else {}
    raw = explicit or os.environ.get(ENV_DB) or db_cfg.get("url") or None
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise InvalidInput(f"db.url trong {CONFIG_NAME} phải là chuỗi.")
    url = normalise_url(raw)
    if db_cfg.get("require_tls") is True:
        url = require_tls(url)
    return url


def safe_url(url: str) -> str:
    """The URL for messages and logs: the password replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - not a URL at all: still mask anything that looks like one
        return redact_urls(url)


def redact_urls(text: str) -> str:
    """Mask ``scheme://user:password@`` anywhere in a text."""
    return _URL_PASSWORD.sub(r"\g<head>:***@", text)
