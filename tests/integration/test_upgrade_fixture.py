"""A store made by release 0.1.0 (tests/fixtures/store-0.1.0.sqlite, scripts/make_upgrade_fixture.py)
opens with this release: migrated after a backup, nothing lost, the same figures, numbering goes on.
A store from a newer release is refused and left untouched."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counterdesk.domain import status as st
from counterdesk.domain.clock import VN_TZ
from counterdesk.domain.errors import StoreError
from counterdesk.domain.roles import SYSTEM_ACTOR
from counterdesk.models import AuditEntry, Dossier, Ticket
from counterdesk.services import audit, intake, intake_document, lifecycle, reports
from counterdesk.services.setup import open_store
from counterdesk.store import migrate
from tests.e2e.cli_runner import run_cli

FIXTURES = Path(__file__).parents[1] / "fixtures"
FIXTURE = FIXTURES / "store-0.1.0.sqlite"
EXPECTED = json.loads((FIXTURES / "store-0.1.0.json").read_text(encoding="utf-8"))


def _copy(tmp_path: Path) -> Path:
    path = tmp_path / "counterdesk.sqlite3"
    shutil.copyfile(FIXTURE, path)
    return path


def _revision(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return str(con.execute("select version_num from alembic_version").fetchone()[0])
    finally:
        con.close()


def _digest(path: Path) -> str:
    """The store's content (schema and rows), not its bytes: opening in WAL mode rewrites the header."""
    con = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(con.iterdump()).encode()).hexdigest()
    finally:
        con.close()


def test_fixture_is_a_small_0_1_0_store() -> None:
    assert _revision(FIXTURE) == EXPECTED["revision"] == "0002"
    assert FIXTURE.stat().st_size < 1024 * 1024


def test_release_0_1_0_store_upgrades_after_a_backup_and_loses_nothing(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    store = open_store(str(path), tmp_path)
    try:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        made = list((tmp_path / "backups").glob("*before-migration*.sqlite3"))
        if migrate.head_revision() != EXPECTED["revision"]:  # this release has migrations to run
            assert len(made) == 1 and _revision(made[0]) == EXPECTED["revision"]
        else:
            assert made == []
        with store.read() as s:
            per_status = dict(s.execute(select(Dossier.status, func.count()).group_by(Dossier.status)).all())
            assert {str(k): v for k, v in per_status.items()} == EXPECTED["per_status"]
            reachable = {st.RECEIVED} | {t.target for t in st.TRANSITIONS.values() if t.target is not None}
            assert set(per_status) == reachable, "the fixture has dossiers in every status a counter reaches"
            assert s.scalar(select(func.count()).select_from(Ticket)) == EXPECTED["tickets"]
            assert s.scalar(select(func.count()).select_from(AuditEntry)) >= EXPECTED["audit_entries"]
        known = lifecycle.get(store, EXPECTED["known_code"])
        want = EXPECTED["known"]
        assert (known.status, known.applicant_name, known.applicant_id_number, known.procedure_code) == (
            want["status"], want["applicant"], want["id_number"], want["procedure"])
        assert known.received_at == datetime.fromisoformat(want["received_at"])
        assert known.due_at == datetime.fromisoformat(want["due_at"])
        report = reports.period_statistics(store, date(2026, 11, 1), date(2026, 11, 30),
                                           now=datetime(2026, 11, 21, 9, 0, tzinfo=VN_TZ))
        total = asdict(report.total)
        assert total == EXPECTED["period_total_since_0_2"]  # see period_total_note in the JSON
        for unchanged in ("carried_over", "new_postal", "late", "returned", "withdrawn", "refused"):
            assert total[unchanged] == EXPECTED["period_total"][unchanged], unchanged
        assert audit.verify(store).ok
        # Numbering continues: the next dossier of 20/11/2026 takes the number after the last one.
        doc = {"procedure": want["procedure"], "received_at": "2026-11-20T14:00", "sets": 1,
               "applicant": {"name": "Lê Thị Mới", "id_number": "079190009999", "birth_date": "1990-01-01",
                             "gender": "Nữ", "phone": "0908000111", "address": "Phường Sài Gòn"}}
        result = intake.accept(store, intake_document.request_from_document(doc), SYSTEM_ACTOR)
        last = int(EXPECTED["codes"][-1].rsplit("-", 1)[1])
        assert result.code == EXPECTED["codes"][-1].rsplit("-", 1)[0] + f"-{last + 1:04d}"
    finally:
        store.dispose()


def _from_a_newer_release(tmp_path: Path) -> Path:
    path = _copy(tmp_path)
    con = sqlite3.connect(path)
    con.execute("update alembic_version set version_num = '9001'")
    con.commit()
    con.close()
    return path


def test_store_from_a_newer_release_is_refused_and_untouched(tmp_path: Path) -> None:
    path = _from_a_newer_release(tmp_path)
    before = _digest(path)
    with pytest.raises(StoreError) as err:
        open_store(str(path), tmp_path)
    assert "phiên bản CounterDesk mới hơn" in err.value.message and "9001" in err.value.message
    assert _digest(path) == before
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())


def test_cli_refuses_a_newer_store_with_exit_2(tmp_path: Path) -> None:
    path = _from_a_newer_release(tmp_path)
    before = _digest(path)
    home = tmp_path / "home"
    home.mkdir()
    r = run_cli("--db", str(path), "config", "get", "office.name", home=home)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "mới hơn" in r.stderr and "Traceback" not in r.stderr
    assert _digest(path) == before
