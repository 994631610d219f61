"""What the intake form holds, and how it reports a problem next to its field or in the banner."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QWidget,
)

from counterdesk.domain.roles import Actor
from counterdesk.store.uow import Store

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QTimer, SignalInstance
    from PySide6.QtWidgets import QListWidgetItem

    from counterdesk.services.attachments import AttachmentView
    from counterdesk.services.intake import (
        ApplicantInput,
        DocumentInput,
        IntakeResult,
        ProcedureDetail,
        RepresentativeInput,
    )
    from counterdesk.ui.desk.intake.checklist import DocRow
    from counterdesk.ui.desk.intake.scans import Pending

    _Widget = QWidget
else:
    _Widget = object


class IntakeState(_Widget):
    """The fields every part of the form shares (declared once so each part type-checks alone)."""

    store: Store
    actor: Actor
    procedure: ProcedureDetail | None
    ticket_id: int | None
    ticket_number: str
    last_code: str
    preview_enabled: bool
    confirm: Callable[[str], bool]
    confirm_discard: Callable[[], bool]
    ask_reason: Callable[[str, bool], tuple[str, tuple[str, ...]] | None]
    _doc_rows: list[DocRow]
    _captures: dict[str, Pending]
    _offers: dict[str, AttachmentView]
    capture_dialog: QWidget | None
    storing_scans: int
    _errors: dict[str, QLabel]
    _inputs: dict[str, QWidget]
    _search_timer: QTimer
    _base_tab_order: list[QWidget]
    ticket_badge: QLabel
    banner: QLabel
    search: QLineEdit
    results: QListWidget
    proc_label: QLabel
    proc_hint: QLabel
    docs_holder: QWidget
    docs_layout: Any
    card: QLineEdit
    name: QLineEdit
    id_number: QLineEdit
    birth: QLineEdit
    gender: QComboBox
    phone: QLineEdit
    email: QLineEdit
    address: QLineEdit
    rep_box: QGroupBox
    rep_name: QLineEdit
    rep_id: QLineEdit
    rep_phone: QLineEdit
    rep_auth: QLineEdit
    sets: QSpinBox
    fee: QSpinBox
    fee_pages: QSpinBox
    fee_copies: QSpinBox
    fee_exemption: QLineEdit
    fee_explain: QLabel
    delivery: QComboBox
    channel: QComboBox
    complete_now: QCheckBox
    print_receipt: QCheckBox
    accept_button: QPushButton
    supplement_button: QPushButton
    refuse_button: QPushButton
    clear_button: QPushButton
    reprint_code: QLineEdit
    reprint_button: QPushButton
    pdf_ready: SignalInstance
    accepted_dossier: SignalInstance

    if TYPE_CHECKING:  # the parts call each other through the assembled form
        def submit(self) -> IntakeResult | None: ...
        def not_accepted(self, form: str) -> IntakeResult | None: ...
        def clear(self, keep_banner: bool = False) -> None: ...
        def reprint(self, code: str) -> None: ...
        def print_form(self, code: str, form: str) -> None: ...
        def _run_search(self) -> None: ...
        def _pick_item(self, item: QListWidgetItem) -> None: ...
        def _scan_card(self) -> None: ...
        def _lookup_applicant(self) -> None: ...
        def _next_unchecked(self) -> QWidget: ...
        def _apply_tab_order(self) -> None: ...
        def ask_clear(self) -> bool: ...
        def _step_checklist(self, watched: object, step: int) -> bool: ...
        def _applicant_input(self, errors: dict[str, str]) -> ApplicantInput: ...
        def _representative(self) -> RepresentativeInput | None: ...
        def _documents(self) -> tuple[DocumentInput, ...]: ...
        def capture_document(self, name: str) -> Any: ...
        def use_offer(self, name: str) -> None: ...
        def _offer_reuse(self) -> None: ...
        def _take_captures(self) -> dict[str, Pending]: ...
        def _store_captures(self, code: str, pending: dict[str, Pending]) -> None: ...

    def _error_label(self, key: str) -> QLabel:
        label = QLabel("")
        label.setObjectName(f"err_{key}")
        label.setProperty("role", "error")
        label.setWordWrap(True)
        label.setVisible(False)
        self._errors[key] = label
        return label

    @staticmethod
    def _focus(widget: QWidget) -> None:
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()


    def _set_error(self, key: str, message: str) -> None:
        label = self._errors.get(key)
        if label is not None:
            label.setText(message)
            label.setVisible(bool(message))
        widget = self._inputs.get(key)
        if widget is not None and widget.property("invalid") != bool(message):
            widget.setProperty("invalid", bool(message))
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def errors(self) -> dict[str, str]:
        """Messages currently shown, by field (for tests and the status line)."""
        return {k: lab.text() for k, lab in self._errors.items() if lab.text()}

    def _clear_errors(self) -> None:
        for key in list(self._errors):
            self._set_error(key, "")

    def _show_errors(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            self._set_error(key, message)  # fields without a place of their own (ticket…) go to the banner
        first = next(iter(errors))
        widget = self._inputs.get(first)
        if first == "documents" and self._doc_rows:
            widget = next((r.check for r in self._doc_rows if r.required and not r.check.isChecked()),
                          self._doc_rows[0].check)
        if widget is not None and widget.isEnabled():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _banner(self, text: str, failed: bool = False) -> None:
        self.banner.setText(text)
        self.banner.setProperty("failed", failed)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner.setVisible(bool(text))

