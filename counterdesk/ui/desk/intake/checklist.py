"""The document checklist: one row per paper of the chosen procedure, ticked as it is handed over."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from counterdesk.services.intake import DocumentInput, ProcedureDetail
from counterdesk.ui.desk.intake.base import IntakeState


class PaperName(QLabel):
    """The paper's name beside its tick box, wrapped over as many lines as it needs (a long official
    name would otherwise push the copies boxes out of sight); a click ticks the box, as the box's
    own text would."""

    def __init__(self, text: str, check: QCheckBox) -> None:
        super().__init__(text)
        self._check = check
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._check.isEnabled():
            self._check.toggle()
            self._check.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mouseReleaseEvent(event)


@dataclass
class DocRow:
    name: str
    required: bool
    check: QCheckBox
    originals: QSpinBox
    copies: QSpinBox
    capture: QPushButton  # "Số hoá…": the capture screen for this paper (intake/scans.py)
    state: QLabel  # "đã số hoá, N trang"
    offer: QPushButton  # "Dùng bản đã số hoá ngày …"
    label: PaperName


class ChecklistMixin(IntakeState):
    """Fills the checklist for a procedure and says what was ticked."""

    def _fill_documents(self, detail: ProcedureDetail | None) -> None:
        for row in self._doc_rows:
            for w in (row.check, row.label, row.originals, row.copies, row.capture, row.state, row.offer):
                w.setParent(None)
                w.deleteLater()
        while self.docs_layout.count():
            item = self.docs_layout.takeAt(0)
            sub = item.layout() if item is not None else None
            if sub is not None:
                sub.deleteLater()
        self._doc_rows = []
        self._captures = {}
        self._offers = {}
        if detail is None:
            self._apply_tab_order()
            return
        for i, doc in enumerate(detail.documents):
            line = QHBoxLayout()
            line.setSpacing(4)
            full = f"{i + 1}. {doc.name}" + ("" if doc.required else "  (nếu có)")
            check = QCheckBox(f"{i + 1}.")
            check.setAccessibleName(full)
            label = PaperName(doc.name + ("" if doc.required else "  (nếu có)"), check)
            check.setObjectName(f"doc_{i}")
            check.toggled.connect(lambda _on: self._set_error("documents", ""))
            check.installEventFilter(self)  # ↑/↓ walk the papers (KeysMixin → _step_checklist)
            originals, copies = QSpinBox(), QSpinBox()
            for spin, value in ((originals, doc.originals), (copies, doc.copies)):
                spin.setRange(0, 99)
                spin.setValue(value)
                spin.setFixedWidth(64)
            line.addWidget(check, 0, Qt.AlignmentFlag.AlignTop)
            line.addWidget(label, 1)
            line.addWidget(originals, 0, Qt.AlignmentFlag.AlignTop)
            line.addWidget(copies, 0, Qt.AlignmentFlag.AlignTop)
            capture = QPushButton("Số hoá…")
            capture.setObjectName(f"capture_{i}")
            capture.setToolTip("Quét hoặc đính kèm ảnh/PDF của giấy tờ này")
            capture.setStyleSheet("padding: 1px 8px;")
            capture.clicked.connect(lambda _=False, n=doc.name: self.capture_document(n))
            self.docs_layout.addLayout(line)
            marks = QHBoxLayout()  # under the paper's name: its scan, or the earlier one to re-use
            marks.setContentsMargins(22, 0, 0, 4)
            marks.addWidget(capture)
            state = QLabel("")
            state.setObjectName(f"scanned_{i}")
            state.setStyleSheet("color: #2e7d32; font-size: 8pt;")
            state.setVisible(False)
            offer = QPushButton("")
            offer.setObjectName(f"reuse_{i}")
            offer.setStyleSheet("padding: 1px 8px;")
            offer.setVisible(False)
            offer.clicked.connect(lambda _=False, n=doc.name: self.use_offer(n))
            marks.addWidget(state)
            marks.addWidget(offer)
            marks.addStretch(1)
            self.docs_layout.addLayout(marks)
            self._doc_rows.append(DocRow(doc.name, doc.required, check, originals, copies, capture, state, offer,
                                         label))
        self.docs_layout.addStretch(1)
        self._apply_tab_order()
        self._offer_reuse()

    def _next_unchecked(self) -> QWidget:
        return next((r.check for r in self._doc_rows if r.required and not r.check.isChecked()), self.accept_button)

    def _documents(self) -> tuple[DocumentInput, ...]:
        return tuple(DocumentInput(r.name, r.originals.value(), r.copies.value())
                     for r in self._doc_rows if r.check.isChecked())


    def _step_checklist(self, watched: object, step: int) -> bool:
        """↓/↑ on a paper's checkbox go to the next/previous paper, not to its number of originals."""
        index = next((i for i, r in enumerate(self._doc_rows) if r.check is watched), None)
        if index is None:
            return False
        target = index + step
        if 0 <= target < len(self._doc_rows):
            self._doc_rows[target].check.setFocus(Qt.FocusReason.TabFocusReason)
        return True
