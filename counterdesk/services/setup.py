"""Opening a store: integrity check, migration to head, and the demo office when one is asked for.

The demo office ("Dùng thử với dữ liệu mẫu") never gets a password the project publishes: its
accounts share a random password shown once to whoever created it, and must change it at their
first login. Tests and training rooms may fix that password with COUNTERDESK_DEMO_PASSWORD (then
no change is forced). A real office is created by services/office_setup.py.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from counterdesk.domain.errors import StoreError
from counterdesk.models import Counter, CounterLine, Office, ServiceLine, Setting, User
from counterdesk.paths import default_db_url, resource_path
from counterdesk.services import audit, catalog, rollup
from counterdesk.store import migrate
from counterdesk.store.backup import check_file
from counterdesk.store.config import safe_url
from counterdesk.store.engine import make_engine, sqlite_path
from counterdesk.store.uow import Store

log = logging.getLogger("counterdesk.setup")

DEMO_USERS = [
    ("admin", "Quản trị hệ thống", "admin"),
    ("lanhdao", "Trần Thị Bình", "supervisor"),
    ("canbo1", "Lê Văn Cường", "clerk"),
    ("canbo2", "Phạm Thị Dung", "clerk"),
    ("kiosk", "Ki-ốt tra cứu", "device"),
]
DEMO_PASSWORD_ENV = "COUNTERDESK_DEMO_PASSWORD"
# quick_check reads every page: ~1.5 s a GB here, far more on a commune PC's hard disk. Bigger
# stores get a header check before the window shows and the page walk in the background; a failed
# walk leaves a marker so that the next start checks in full and offers the backup (ui/app.py).
START_CHECK_LIMIT = 256 * 1024 * 1024
CHECK_FAILED_MARKER = "store-check-failed.txt"


def hash_password(password: str) -> str:
    from counterdesk.services.users import hash_password as _hash

    return _hash(password)


def random_password() -> str:
    """A fresh password that passes the strength rules and reads aloud easily: ``kxmq-4821-TRVB``."""
    rng = secrets.SystemRandom()
    lower = "".join(rng.choice("abcdefghjkmnpqrstuvwxyz") for _ in range(4))
    digits = "".join(rng.choice("23456789") for _ in range(4))
    upper = "".join(rng.choice("ABCDEFGHJKMNPQRSTUVWXYZ") for _ in range(4))
    return f"{lower}-{digits}-{upper}"


def seed_demo_office(store: Store, password: str | None = None) -> str | None:
    """Create the demo office, its counters, lines, users and the shipped catalogue.

    Returns the demo accounts' password when it is one to show (random: shown once, changed at
    first login); None if the store already had an office or the password came from the
    environment."""
    with store.read() as session:  # the usual case; argon2 hashing costs a good part of a second
        if session.scalars(select(Office.id).limit(1)).first() is not None:
            return None
    from counterdesk.services.office_setup import DEFAULT_LINES, DEMO_KEY

    fixed = os.environ.get(DEMO_PASSWORD_ENV) if password is None else None
    password = password or fixed or random_password()
    rows = catalog.parse_csv(resource_path("catalog", "procedures.csv").read_text(encoding="utf-8"))
    pw = hash_password(password)
    with store.write() as session:
        if session.scalars(select(Office.id).limit(1)).first() is not None:
            return None
        office = Office(
            agency_code="000.00.01.H29",
            name="Trung tâm Phục vụ hành chính công phường Sài Gòn",
            parent_name="UBND PHƯỜNG SÀI GÒN",
            place_name="Sài Gòn",
            address="Số 45 Lê Duẩn, phường Sài Gòn, Thành phố Hồ Chí Minh",
            phone="028 3829 0000",
            head_title="GIÁM ĐỐC",
            head_name="Nguyễn Minh Đức",
        )
        session.add(office)
        session.flush()
        lines = []
        for i, (prefix, name, is_return) in enumerate(DEFAULT_LINES):
            line = ServiceLine(office_id=office.id, prefix=prefix, name=name, is_return_line=is_return,
                               sort_order=i, first_number=1, last_number=999, daily_cap=None, active=True)
            session.add(line)
            lines.append(line)
        counters = [Counter(office_id=office.id, number=n, name=f"Quầy {n}", active=True) for n in range(1, 5)]
        session.add_all(counters)
        session.flush()
        for counter in counters:
            for line in lines:
                session.add(CounterLine(counter_id=counter.id, line_id=line.id))
        for username, full_name, role in DEMO_USERS:
            counter_id = counters[int(username[-1]) - 1].id if role == "clerk" else None
            session.add(User(username=username, full_name=full_name, role=role, password_hash=pw,
                             active=True, failed_attempts=0, counter_id=counter_id,
                             must_change_password=fixed is None and role != "device"))
        catalog.upsert(session, rows)
        session.add(Setting(key="qr.secret", value=secrets.token_hex(32)))
        session.add(Setting(key=DEMO_KEY, value="1"))
    log.info("seeded the demo office")
    return None if fixed else password


def needs_background_check(store: Store) -> Path | None:
    """The SQLite file whose pages open_store did not walk (too big to check before the window)."""
    path = sqlite_path(store.url)
    return path if path is not None and path.exists() and path.stat().st_size > START_CHECK_LIMIT else None


def background_check(path: Path, home: Path) -> None:
    """quick_check of a big store after start-up; a failure is remembered for the next start."""
    try:
        check_file(path, quick=True)
    except StoreError as exc:
        (home / CHECK_FAILED_MARKER).write_text(f"{exc.message}\n", encoding="utf-8")
        raise


def open_store(db: str | None = None, home: Path | None = None, *, seed: bool = True, check: bool = True) -> Store:
    """Open (creating if needed) the store at ``db`` or in ``home``; migrate; with ``seed``, give an
    empty store the demo office (tests, benchmarks; the app and the CLI pass seed=False and decide)."""
    from counterdesk.paths import data_home
    from counterdesk.store.config import resolve_db_url

    home = home or data_home()
    url = resolve_db_url(db, home) or default_db_url(home)
    path = sqlite_path(url)
    if check and path is not None and path.exists() and path.stat().st_size > 0:
        marker = home / CHECK_FAILED_MARKER
        check_file(path, quick=True, pages=path.stat().st_size <= START_CHECK_LIMIT or marker.exists())
        marker.unlink(missing_ok=True)
    engine = None
    try:
        engine = make_engine(url)
        migrate.upgrade(engine, home)
        store = Store(engine)
        audit.install_pg_guard(store)
        rollup.install(store)
        rollup.ensure_built(store)
        if seed:
            seed_demo_office(store)
    except (StoreError, DBAPIError) as exc:
        if engine is not None:
            engine.dispose()
        if isinstance(exc, StoreError):
            raise
        if path is not None:  # a damaged page the start-up check did not read (a big store)
            raise StoreError(f"CSDL {path.name} bị hỏng hoặc không đọc được ({exc.orig}).") from exc
        raise StoreError(f"Không kết nối được CSDL {safe_url(url)} ({exc.__class__.__name__}).") from exc
    return store
