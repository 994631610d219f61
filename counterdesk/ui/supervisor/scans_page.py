"""Supervisor: any dossier's scans, opened in the viewer ("Xem bản số hoá").

Type or scan a dossier code (or search by name, ID number, phone), see its digitised components
and result, open any of them. Read-only: digitising is done at the desk.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import Actor
from counterdesk.services import lifecycle, lookup
from counterdesk.store.uow import Store
from counterdesk.ui.common.scan_list import ScanList


class ScansPage(QWidget):
    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.code = QLineEdit()
        self.code.setObjectName("scansCode")
        self.code.setMaxLength(lookup.MAX_SCAN)
        self.code.setPlaceholderText("Quét mã trên giấy tiếp nhận hoặc nhập mã hồ sơ, rồi Enter")
        self.code.returnPressed.connect(self.lookup)
        row.addWidget(self.code, 1)
        find = QPushButton("Tìm hồ sơ")
        find.clicked.connect(self.lookup)
        row.addWidget(find)
        search = QPushButton("Tìm theo tên, số định danh…")
        search.clicked.connect(self.find_dossier)
        row.addWidget(search)
        layout.addLayout(row)
        self.header = QLabel("")
        self.header.setWordWrap(True)
        self.header.setStyleSheet("font-size: 15px; font-weight: 600;")
        layout.addWidget(self.header)
        self.scans = ScanList(store, max_rows=12)
        layout.addWidget(self.scans)
        layout.addStretch(1)

    def lookup(self) -> None:
        text = self.code.text()
        if text.strip():
            self.open_code(text)

    def open_code(self, text: str) -> None:
        try:
            state = lifecycle.get_by_scan(self.store, text)
        except DomainError as exc:
            self.header.setText(exc.message)
            self.scans.show_code("")
            return
        self.code.clear()
        self.header.setText(f"{state.code} — {state.procedure_name}\n{state.applicant_name} · {state.status_name}")
        self.scans.show_code(state.code)

    def find_dossier(self) -> None:
        from counterdesk.ui.common.dossier_search import ask_code

        code = ask_code(self.store, self.actor, self, self.code.text().strip())
        if code:
            self.open_code(code)
