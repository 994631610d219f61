"""Office settings as a form: each key validated by the settings service, message beside the field.

The printer and portal rows carry a trial button, so a wrong printer spec or portal address shows
up here rather than at the counter. The trials run off the GUI thread (a network printer or a
portal can take the whole timeout to fail) and report in a line under their field.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import Actor
from counterdesk.paths import data_home
from counterdesk.services import devices, settings
from counterdesk.store.uow import Store
from counterdesk.ui.common import printer_choice
from counterdesk.ui.common.background import BackgroundJobs
from counterdesk.ui.common.print_pdf import preview_pdf

# The saved values the portal check uses (the username is not sent by the sync adapter).
PORTAL_KEYS = ("portal.url", "portal.verify_tls", "portal.token", "portal.timeout")
OK_STYLE, ERROR_STYLE = "color:#1e6b34;", "color:#b3261e;"


class SettingsPage(QWidget):
    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None, *, home: Path | None = None) -> None:
        super().__init__(parent)
        self.store, self.actor = store, actor
        self._home = home
        self.jobs = BackgroundJobs()
        self.preview: QPrintPreviewDialog | None = None
        outer = QVBoxLayout(self)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.results: dict[str, QLabel] = {}  # trial results, under the field they try
        self.ticket_button = QPushButton("In thử phiếu")
        self.ticket_button.setToolTip("In một phiếu mẫu ghi «PHIẾU IN THỬ» ra máy in đang gõ trong ô (chưa cần lưu); "
                                      "không cấp số nào.")
        self.ticket_button.clicked.connect(self.try_ticket_printer)
        self.a4_button = QPushButton("In thử giấy A4")
        self.a4_button.setToolTip("Xem trước và in một trang A4 mẫu: khung lề và thước 100 mm để kiểm tra máy in.")
        self.a4_button.clicked.connect(self.try_receipt_printer)
        self.portal_button = QPushButton("Kiểm tra kết nối cổng")
        self.portal_button.setToolTip("Thử kết nối tới cổng bằng địa chỉ, mã truy cập và thời gian chờ ĐÃ LƯU; "
                                      "không gửi hồ sơ nào.")
        self.portal_button.clicked.connect(self.check_portal)
        buttons = {"printer.ticket": self.ticket_button, "printer.receipt": self.a4_button,
                   "portal.url": self.portal_button}
        shown = [key for key in settings.KEYS if "hash" not in key and "secret" not in key]
        values = settings.get_many(store, shown)
        for key in shown:
            spec = settings.KEYS[key]
            edit = QLineEdit(values[key])
            edit.setObjectName(key)
            if key == settings.TOKEN_KEY:  # typed, never shown back (kept in the OS keyring)
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            err = QLabel()
            err.setStyleSheet(ERROR_STYLE)
            row = QHBoxLayout()
            row.addWidget(edit, 3)
            side = QHBoxLayout()  # the trial button sits in the message column: fields stay aligned
            if key in buttons:
                side.addWidget(buttons[key])
            side.addWidget(err, 1)
            row.addLayout(side, 2)
            self.edits[key], self.errors[key] = edit, err
            if key not in buttons:
                form.addRow(spec.label, row)
                continue
            result = QLabel()
            result.setWordWrap(True)
            result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            result.setVisible(False)
            column = QVBoxLayout()
            column.addLayout(row)
            column.addWidget(result)
            form.addRow(spec.label, column)
            self.results[key] = result
        # 27 fields do not fit a 768-pixel screen: the form scrolls, Save stays in view.
        fields = QWidget()
        fields.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(fields)
        outer.addWidget(scroll, 1)
        self.save_button = QPushButton("&Lưu thiết lập")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        outer.addWidget(self.save_button)
        outer.addWidget(self.status)

    @property
    def home(self) -> Path:
        """Where a ``pdf`` ticket printer writes (the app's data folder unless given)."""
        return self._home or data_home()

    def _saved(self) -> dict[str, str]:
        return settings.get_many(self.store, self.edits)

    def save(self) -> int:
        """Save every changed field; returns how many were saved. Bad fields keep their message."""
        saved = 0
        current = self._saved()
        for key, edit in self.edits.items():
            self.errors[key].clear()
            if edit.text() == current[key]:
                continue
            try:
                edit.setText(settings.set_value(self.store, key, edit.text(), self.actor))
                saved += 1
                if key == "printer.receipt":
                    printer_choice.remember(edit.text())
            except DomainError as exc:
                self.errors[key].setText(exc.message)
        self.status.setText(f"Đã lưu {saved} thiết lập.")
        return saved

    # ----- trials ------------------------------------------------------------------------------

    def _say(self, key: str, text: str, *, ok: bool) -> None:
        label = self.results[key]
        label.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        label.setText(text)
        label.setVisible(True)

    def _start(self, key: str, button: QPushButton, fn: Callable[..., Any], *args: Any,
               on_done: Callable[[Any], None], failed_prefix: str) -> None:
        """Run ``fn`` in the background with ``button`` disabled and a wait cursor over the page;
        ``on_done`` gets the result, a failure is shown red under the field."""
        button.setEnabled(False)
        self.setCursor(Qt.CursorShape.WaitCursor)

        def finish() -> None:
            button.setEnabled(True)
            if len(self.jobs) == 0:
                self.unsetCursor()

        def done(result: Any) -> None:
            finish()
            on_done(result)

        def failed(exc: BaseException) -> None:
            finish()
            why = exc.message if isinstance(exc, DomainError) else f"lỗi không lường trước ({exc.__class__.__name__})"
            self._say(key, f"{failed_prefix} {why}", ok=False)

        self.jobs.start(fn, *args, on_done=done, on_failed=failed)

    def try_ticket_printer(self) -> None:
        """Print a trial slip on the printer typed in the field (saved or not)."""
        spec = self.edits["printer.ticket"].text()
        self._say("printer.ticket", f"Đang in thử phiếu ra «{spec.strip() or 'pdf'}»…", ok=True)
        trial = partial(devices.try_ticket_printer, spec, self.home, office_name=self.edits["office.name"].text())
        self._start("printer.ticket", self.ticket_button, trial, on_done=self._ticket_printed,
                    failed_prefix="Không in thử được:")

    def _ticket_printed(self, where: str) -> None:
        self._say("printer.ticket", f"Đã gửi phiếu in thử tới {where}. Phiếu ghi «PHIẾU IN THỬ», số "
                  f"{devices.TRIAL_NUMBER}; không có số nào được cấp.", ok=True)

    def check_portal(self) -> None:
        """Check the saved portal settings; say so when the typed ones differ."""
        saved = self._saved()
        unsaved = [settings.KEYS[k].label for k in PORTAL_KEYS if self.edits[k].text() != saved[k]]
        self._say("portal.url", "Đang kiểm tra kết nối tới cổng…", ok=True)
        self._start("portal.url", self.portal_button, devices.check_portal, self.store,
                    on_done=lambda check: self._portal_checked(check, unsaved),
                    failed_prefix="Không kiểm tra được:")

    def _portal_checked(self, check: devices.PortalCheck, unsaved: list[str]) -> None:
        text = check.message
        if unsaved:
            text += (f" Lưu ý: đã kiểm tra theo thiết lập ĐÃ LƯU; ô đang sửa chưa lưu: {', '.join(unsaved)}. "
                     "Bấm Lưu thiết lập rồi kiểm tra lại.")
        self._say("portal.url", text, ok=check.ok and not unsaved)

    def try_receipt_printer(self) -> None:
        """Make the A4 trial page and open it in the print preview, on the typed printer if installed."""
        self._say("printer.receipt", "Đang chuẩn bị trang in thử…", ok=True)
        make = partial(devices.receipt_trial_pdf, office_name=self.edits["office.name"].text(),
                       parent_name=self.edits["office.parent_name"].text(),
                       place=self.edits["office.place_name"].text(),
                       printer_name=self.edits["printer.receipt"].text())
        self._start("printer.receipt", self.a4_button, make, on_done=self._show_a4,
                    failed_prefix="Không tạo được trang in thử:")

    def _show_a4(self, pdf: bytes) -> None:
        name = self.edits["printer.receipt"].text().strip()
        installed = name in QPrinterInfo.availablePrinterNames()
        self.preview = preview_pdf(self, pdf, "Trang in thử A4", name if installed else "")
        self.preview.open()
        if not name:
            self._say("printer.receipt", "Chưa đặt máy in giấy tiếp nhận: bản xem trước dùng máy in mặc định. "
                      "Bấm nút in trong cửa sổ xem trước, rồi đo thước 100 mm trên giấy.", ok=True)
        elif installed:
            self._say("printer.receipt", f"Đã mở bản xem trước với máy in «{name}». Bấm nút in trong cửa sổ xem "
                      "trước, rồi đo thước 100 mm trên giấy.", ok=True)
        else:
            self._say("printer.receipt", f"Máy tính này không có máy in tên «{name}» (gõ đúng tên như trong "
                      "Windows); bản xem trước dùng máy in mặc định.", ok=False)
