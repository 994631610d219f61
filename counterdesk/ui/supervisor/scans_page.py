"""Supervisor: any dossier's scans, opened in the viewer ("Xem bản số hoá").

Type or scan a dossier code (or search by name, ID number, phone), see its digitised components
and result, open any of them; or find dossiers by words in their scans (the OCR text,
services/scan_text.py). Read-only: digitising is done at the desk.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import Actor
from counterdesk.services import lifecycle, lookup, scan_text
from counterdesk.store.uow import Store
from counterdesk.ui.common.scan_list import ScanList
from counterdesk.ui.common.workers import run_in_background


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
        words = QHBoxLayout()
        self.words = QLineEdit()
        self.words.setObjectName("scansWords")
        self.words.setMaxLength(scan_text.MAX_QUERY)
        self.words.setPlaceholderText("Tìm chữ trong bản số hoá (đã nhận dạng chữ), không cần dấu, rồi Enter")
        self.words.returnPressed.connect(self.find_words)
        words.addWidget(self.words, 1)
        find_words = QPushButton("Tìm trong bản số hoá")
        find_words.clicked.connect(self.find_words)
        words.addWidget(find_words)
        layout.addLayout(words)
        self.word_note = QLabel("")
        layout.addWidget(self.word_note)
        self.word_hits = QListWidget()
        self.word_hits.setObjectName("scansWordHits")
        self.word_hits.itemActivated.connect(lambda item: self.open_code(item.data(Qt.ItemDataRole.UserRole)))
        layout.addWidget(self.word_hits, 1)

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

    def find_words(self) -> None:
        text = self.words.text()
        if not text.strip():
            return
        self.word_note.setText("Đang tìm…")
        run_in_background(scan_text.find, self.store, text, actor=self.actor, on_done=self.show_words,
                          on_failed=self._words_failed, owner=self)

    def show_words(self, result: scan_text.TextResult) -> None:
        self.word_hits.clear()
        for hit in result.hits:
            item = QListWidgetItem(f"{hit.code} · {hit.document_name} ({hit.pages} trang): {hit.snippet}")
            item.setData(Qt.ItemDataRole.UserRole, hit.code)
            self.word_hits.addItem(item)
        more = " — có thể còn nữa, hãy thêm từ" if result.more else ""
        self.word_note.setText(f"{len(result.hits)} bản số hoá có '{result.query}'{more}. Nhấp đúp để mở hồ sơ.")

    def _words_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            self.word_note.setText(exc.message)
            return
        raise exc
