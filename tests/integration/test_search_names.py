"""Staff search by name through word pairs: exact on the edge cases the pair index could get wrong.

Both on SQLite and PostgreSQL (the ``store`` fixture). The speed on 5 M dossiers is bench/bench_search.py.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from counterdesk.models import ApplicantNamePair
from counterdesk.services import search
from counterdesk.store.uow import Store
from tests.factories import make_applicant, make_dossier, vn

NAMES = ["Hoàng Minh", "Hoàng Văn Hải", "Nguyễn Thị Hoa", "Nguyễn Văn Cường", "Trần Thị Huệ", "Nguyễn Hữu Minh Khôi",
         "Tôn Nữ Quỳnh Như Ý Lan"]


def _fill(store: Store, names: list[str]) -> dict[str, str]:
    """One dossier per name, a day apart in the order given (the last is the newest); name → code."""
    codes = {}
    with store.write() as s:
        for i, name in enumerate(names):
            person = make_applicant(s, name, id_number=f"0010900000{i:02d}")
            search.index_applicant_name(s, person)
            at = vn("2026-11-02T09:00") + timedelta(days=i)
            codes[name] = make_dossier(s, received_at=at, due_at=at + timedelta(days=3), applicant=person).code
    return codes


def _names(store: Store, query: str) -> list[str]:
    return [f.applicant_name for f in search.find_dossiers(store, query).items]


@pytest.mark.parametrize(("query", "expected"), [
    ("minh mi", ["Nguyễn Hữu Minh Khôi", "Hoàng Minh"]),  # the prefix completes to the other word
    ("minh minh", ["Nguyễn Hữu Minh Khôi", "Hoàng Minh"]),  # a word typed twice is one word
    # each person once, though Hoàng Văn Hải has two words beginning with h
    ("h", ["Nguyễn Hữu Minh Khôi", "Trần Thị Huệ", "Nguyễn Thị Hoa", "Hoàng Văn Hải", "Hoàng Minh"]),
    ("hoang h", ["Hoàng Văn Hải", "Hoàng Minh"]),  # h… may be the word hoang itself, as before
    ("thi cuong", []),  # two common words nobody has together
    ("nguyen thi h", ["Nguyễn Thị Hoa"]),
    ("khoi huu minh nguyen", ["Nguyễn Hữu Minh Khôi"]),  # four words: three of them probed
    ("THỊ HUỆ", ["Trần Thị Huệ"]),
    ("van hoang hai x", []),
    ("nguyen huu minh khoi " + " ".join("abcdefghijklmnopqrstuvwxy") + " kh", []),  # pairs of the longest words
    ("y nhu quynh lan nu to", ["Tôn Nữ Quỳnh Như Ý Lan"]),  # six words: "y" is probed, not paired
])
def test_name_search_is_exact_through_pairs(store: Store, query: str, expected: list[str]) -> None:
    _fill(store, NAMES)
    assert _names(store, query) == expected


def test_pairs_follow_the_name_and_a_common_name_lists_the_newest(store: Store) -> None:
    codes = _fill(store, ["Lê Văn An A", "Lê Văn An B", "Lê Văn An C", "Lê Thị An"])
    with store.write() as s:
        person = make_applicant(s, "x", id_number="001090000003")  # Lê Thị An, renamed
        person.full_name = "Lê Thị Ánh"
        search.index_applicant_name(s, person)
        pairs = set(s.scalars(select(ApplicantNamePair.pair).where(ApplicantNamePair.applicant_id == person.id)))
    assert pairs == {"anh le", "anh thi", "le thi"}
    assert _names(store, "le an") == ["Lê Thị Ánh", "Lê Văn An C", "Lê Văn An B", "Lê Văn An A"]  # an… = an, anh
    assert _names(store, "an le") == ["Lê Văn An C", "Lê Văn An B", "Lê Văn An A"]
    assert [f.code for f in search.find_dossiers(store, "thi anh").items] == [codes["Lê Thị An"]]


def test_a_walk_over_its_budget_says_there_may_be_more(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every pair of "nguyen van an" is common (bounds shrunk to 1 and 2): the walk stops and says so."""
    _fill(store, ["Nguyễn Văn An"] * 3 + ["Nguyễn Văn Bình"] * 2)
    monkeypatch.setattr(search, "SCAN", 1)
    monkeypatch.setattr(search, "BUDGET", 2)
    cut = search.find_dossiers(store, "nguyen van an")
    assert cut.items == () and cut.more  # the two newest Nguyễn Văn were Bình: older An may exist
    monkeypatch.setattr(search, "BUDGET", 10)
    whole = search.find_dossiers(store, "nguyen van an")
    assert [f.applicant_name for f in whole.items] == ["Nguyễn Văn An"] * 3 and not whole.more
