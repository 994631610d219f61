"""The first-run setup wizard: a real office (identity, counters and lines, printers, calendar,
the administrator's own password) or, as a separate explicit choice, the demo office."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget, QWizard

from counterdesk.domain.clock import now_vn
from counterdesk.domain.errors import DomainError
from counterdesk.services import devices, office_setup, setup
from counterdesk.store.uow import Store
from counterdesk.ui.common.background import BackgroundJobs
from counterdesk.ui.setup.pages import (
    PAGE_ADMIN,
    PAGE_CALENDAR,
    PAGE_CHOICE,
    PAGE_DEMO,
    PAGE_LINES,
    PAGE_OFFICE,
    PAGE_PRINTERS,
    AdminPage,
    CalendarPage,
    ChoicePage,
    DemoPage,
    LinesPage,
    OfficePage,
    PrintersPage,
)


class SetupWizard(QWizard):
    """Accepted once the office exists (or the demo was created); the store is left empty otherwise."""

    def __init__(self, store: Store, home: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.home = store, home
        self.setWindowTitle("CounterDesk — Thiết lập lần đầu")
        self.setObjectName("setupWizard")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, "Tiếp theo >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< Quay lại")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Hoàn tất")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Thoát")
        self.resize(860, 620)
        self.demo_password = setup.random_password()
        self.jobs = BackgroundJobs()
        self.choice = ChoicePage()
        self.office = OfficePage()
        self.lines = LinesPage()
        self.printers = PrintersPage(self.try_ticket_printer, self.try_a4_printer)
        self.calendar = CalendarPage(office_setup.calendar_years(store, now_vn().date()))
        self.admin = AdminPage()
        self.admin.setFinalPage(True)
        self.demo = DemoPage()
        self.demo.show_password(self.demo_password)
        for page_id, page in ((PAGE_CHOICE, self.choice), (PAGE_OFFICE, self.office), (PAGE_LINES, self.lines),
                              (PAGE_PRINTERS, self.printers), (PAGE_CALENDAR, self.calendar),
                              (PAGE_ADMIN, self.admin), (PAGE_DEMO, self.demo)):
            self.setPage(page_id, page)
        self.setStartId(PAGE_CHOICE)
        self.created: str = ""  # "office" or "demo" once accept() wrote it

    def plan(self) -> office_setup.SetupPlan:
        values: dict[str, Any] = dict(self.office.values())
        return office_setup.SetupPlan(
            admin_password=self.admin.password.text(), counters=self.lines.counters.value(), lines=self.lines.lines(),
            ticket_printer=self.printers.ticket.text(), receipt_printer=self.printers.receipt.currentText(),
            confirm_years=self.calendar.confirmed(), admin_username=self.admin.username.text(),
            admin_full_name=self.admin.full_name.text(), **values)

    # ------------------------------------------------------------------ trial prints (off the GUI thread)

    def try_ticket_printer(self) -> None:
        self.printers.result.setText("Đang in thử…")
        self.printers.try_ticket_button.setEnabled(False)
        trial = partial(devices.try_ticket_printer, office_name=self.office.values()["name"])
        self.jobs.start(trial, self.printers.ticket.text(), self.home,
                        on_done=lambda where: self._printed(f"Đã in phiếu thử: {where}"),
                        on_failed=lambda exc: self._printed(self._why(exc)))

    def try_a4_printer(self) -> None:
        from counterdesk.ui.common.print_pdf import preview_and_print

        values = self.office.values()
        pdf = devices.receipt_trial_pdf(office_name=values["name"], parent_name=values["parent_name"],
                                        place=values["place_name"], printer_name=self.printers.receipt.currentText())
        preview_and_print(self, pdf, "In thử trang A4")

    def _printed(self, text: str) -> None:
        self.printers.try_ticket_button.setEnabled(True)
        self.printers.result.setText(text)

    @staticmethod
    def _why(exc: Any) -> str:
        if isinstance(exc, DomainError):
            return exc.message
        return f"In thử không được: {getattr(exc, 'problem', '') or exc.__class__.__name__}. {devices.PRINTER_ADVICE}"

    # ------------------------------------------------------------------ finish

    def accept(self) -> None:
        try:
            if self.currentId() == PAGE_DEMO:
                setup.seed_demo_office(self.store, self.demo_password)
                self.created = "demo"
            else:
                office_setup.apply(self.store, self.plan())
                self.created = "office"
        except DomainError as exc:
            page = self.currentPage()
            error = getattr(page, "error", None)
            if error is not None:
                error.setText(exc.message)
            return
        super().accept()
