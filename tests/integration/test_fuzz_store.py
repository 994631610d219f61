"""Bad input survey against a real store: rejected input changes nothing, nothing crashes.

Each example takes a fingerprint of every table before the call; when the service (or the CLI)
rejects the input, the fingerprint afterwards must be identical.
"""

from __future__ import annotations

import contextlib
import io
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import ADMIN, CLERK, Actor
from counterdesk.services import calendar, catalog, intake, lookup
from counterdesk.services import settings as office_settings
from counterdesk.store.uow import Store
from tests.helpers.store_state import fingerprint

ADMIN_ACTOR = Actor(user_id=1, username="admin", role=ADMIN)
CLERK_ACTOR = Actor(user_id=3, username="canbo1", role=CLERK)
FUZZ = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SAFE_TEXT = st.text(max_size=30).filter(lambda t: not t.startswith(("/", "~", "-")) and ".." not in t)


def _unchanged_if_rejected(store: Store, call) -> None:  # type: ignore[no-untyped-def]
    before = fingerprint(store)
    try:
        call()
    except DomainError as exc:
        assert exc.message
        assert fingerprint(store) == before, "a rejected input changed the store"


@FUZZ
@given(name=st.text(max_size=60), id_number=st.text(max_size=16) | st.from_regex(r"0\d{11}", fullmatch=True),
       phone=st.text(max_size=14), born=st.one_of(st.none(), st.dates(date(1850, 1, 1), date(2100, 1, 1))),
       gender=st.sampled_from(["", "Nam", "Nữ", "?"]), procedure=st.sampled_from(["1.004873", "2.000815", "9.999999", ""]),
       sets=st.integers(-3, 500))
def test_intake_with_bad_applicant_fields(store: Store, name: str, id_number: str, phone: str, born: date | None,
                                          gender: str, procedure: str, sets: int) -> None:
    request = intake.IntakeRequest(
        procedure_code=procedure, sets=sets,
        applicant=intake.ApplicantInput(name=name, id_number=id_number, phone=phone, birth_date=born, gender=gender),
    )
    _unchanged_if_rejected(store, lambda: intake.accept(store, request, CLERK_ACTOR, allow_duplicate=True))


@FUZZ
@given(st.text(max_size=80) | st.sampled_from(["CD1|000.00.01.H29-261120-0001|AAAAAAAAAAAAAAAA", "000.00.01.H29-261120-0001"]))
def test_kiosk_lookup_never_writes(sqlite_store: Store, raw: str) -> None:
    before = fingerprint(sqlite_store)
    with contextlib.suppress(DomainError):
        lookup.public_view(sqlite_store, raw)
    assert fingerprint(sqlite_store) == before


@FUZZ
@given(key=st.sampled_from(sorted(office_settings.KEYS)) | st.text(max_size=20), value=st.text(max_size=60))
def test_settings_values(sqlite_store: Store, key: str, value: str) -> None:
    _unchanged_if_rejected(sqlite_store, lambda: office_settings.set_value(sqlite_store, key, value, ADMIN_ACTOR))


@FUZZ
@given(st.text(max_size=300) | st.sampled_from(["year: 2027\n2027-02-30 off x", "year: 2027\n2027-01-01 off Tết"]))
def test_calendar_import(sqlite_store: Store, raw: str) -> None:
    _unchanged_if_rejected(sqlite_store, lambda: calendar.import_year(sqlite_store, raw, actor=ADMIN_ACTOR))


@FUZZ
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
def test_catalogue_import(sqlite_store: Store, tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "catalog.csv"
    path.write_bytes(raw)
    _unchanged_if_rejected(sqlite_store, lambda: catalog.import_file(sqlite_store, path, ADMIN_ACTOR))


# --------------------------------------------------------------------------- the command line

WORDS = ["audit", "verify", "calendar", "export", "import", "confirm", "set-day", "show", "catalog", "search",
         "config", "get", "set", "list", "db", "upgrade", "check", "backup", "backups", "restore", "due",
         "intake", "lookup", "receipt", "ticket", "issue", "call", "recall", "no-show", "start", "finish",
         "transfer", "cancel", "reprint", "status", "gui", "--json", "--out", "out.pdf", "--line", "A", "Z",
         "--counter", "3", "-1", "99999999999", "--priority", "--mode", "kiosk", "--received", "2026-11-20T09:15",
         "2026-02-30", "--duration", "3", "x", "--unit", "working_days", "months", "--cutoff", "25:00", "-",
         "office.cutoff", "office.name", "16:00", "--allow-duplicate", "--form", "refusal", "2027", "--off",
         "--working", "--reset", "--label", "000.00.01.H29-261120-0001", "CD1|x|y", "--help", "-v", "--check",
         "--to-line", "B", "--to-counter", "--note", "notes.txt", "\x00", "Đ", "", "user", "add", "disable",
         "unlock", "passwd", "--password-stdin", "--name", "--role", "clerk", "canbo1"]


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COUNTERDESK_DB", raising=False)
    monkeypatch.setenv("COUNTERDESK_HOME", str(home))
    (tmp_path / "notes.txt").write_text("không phải tệp dữ liệu\r\n\x00", encoding="utf-8")
    import counterdesk.cli.gui as gui

    monkeypatch.setattr(gui, "run_gui", lambda ctx: 0)  # never open a window from a fuzz test
    return home


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(argv=st.lists(st.sampled_from(WORDS) | SAFE_TEXT, max_size=7), stdin=st.text(max_size=200))
@example(argv=["intake", "--json", "-"], stdin="{\"procedure\": 5}")
@example(argv=["db", "restore", "notes.txt"], stdin="")
@example(argv=["calendar", "import", "notes.txt"], stdin="")
@example(argv=["lookup", "CD1|x|y", "--json"], stdin="")
@example(argv=["ticket", "call", "--counter", "-1"], stdin="")
def test_cli_arguments_never_crash(cli_env: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str], argv: list[str], stdin: str) -> None:
    from counterdesk.cli import main
    from counterdesk.services.setup import open_store

    store = open_store(None, cli_env)
    before = fingerprint(store)
    store.dispose()
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["--home", str(cli_env), *argv])
    _out, err = capsys.readouterr()
    assert code in (0, 2, 130) and code != 1, f"{argv!r} → {code}: {err[-500:]}"
    assert "Traceback" not in err
    if code == 2:
        store = open_store(None, cli_env)
        try:
            assert fingerprint(store) == before, f"{argv!r} was rejected but changed the store"
        finally:
            store.dispose()
