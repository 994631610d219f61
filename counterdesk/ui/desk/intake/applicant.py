"""The applicant section: chip ID card scan, returning applicants, typed dates, the representative."""

from __future__ import annotations

from datetime import date

from counterdesk.domain import cccd_qr
from counterdesk.domain.clock import now_vn
from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.typed_date import parse_typed_date
from counterdesk.services import intake
from counterdesk.services.intake import ApplicantInput, RepresentativeInput
from counterdesk.ui.desk.intake.base import IntakeState


def parse_birth_date(text: str) -> date | None:
    """dd/mm/yyyy, d/m/yyyy, ddmmyyyy or yyyy-mm-dd; None when empty; InvalidInput otherwise."""
    return parse_typed_date(text, what="Ngày sinh", field="birth_date")


class ApplicantMixin(IntakeState):
    """Who hands the dossier in: filled from the card, from the register, or typed."""

    def scan_card_text(self, text: str) -> None:
        """A card scanned while the focus was elsewhere (desk window's scan router)."""
        self.card.setText(text)
        self._scan_card()

    def _scan_card(self) -> None:
        """Fill the applicant from the chip ID card QR in one go; garbage touches nothing."""
        text = self.card.text()
        try:
            card = cccd_qr.parse(text, now_vn().date())
        except InvalidInput as exc:
            self._set_error("card", exc.message)
            self.card.selectAll()
            return
        self.fill_applicant(card.name, card.id_number, card.birth_date, card.gender, address=card.address)
        known = intake.find_applicant(self.store, card.id_number)
        if known is not None:
            if not self.phone.text():
                self.phone.setText(known.phone)
            if not self.email.text():
                self.email.setText(known.email)
        self.card.clear()
        self._set_error("card", "")
        self._offer_reuse()
        self._focus(self.phone if not self.phone.text() else self._next_unchecked())

    def fill_applicant(self, name: str, id_number: str, birth: date | None, gender: str, *, phone: str = "",
                       email: str = "", address: str = "") -> None:
        self.name.setText(name)
        self.id_number.setText(id_number)
        self.birth.setText("" if birth is None else f"{birth:%d/%m/%Y}")
        self.gender.setCurrentIndex(max(0, self.gender.findText(gender)))
        for edit, value in ((self.phone, phone), (self.email, email), (self.address, address)):
            if value:
                edit.setText(value)
        for key in ("name", "id_number", "birth_date", "gender", "address"):
            self._set_error(key, "")

    def _lookup_applicant(self) -> None:
        """A returning applicant: typing their ID number fills what the form does not have yet."""
        if "|" in self.id_number.text():  # the scanner typed the card into the ID field
            self.card.setText(self.id_number.text())
            self.id_number.clear()
            self._scan_card()
            return
        self._offer_reuse()
        known = intake.find_applicant(self.store, self.id_number.text())
        if known is None:
            return
        pairs = ((self.name, known.name), (self.phone, known.phone), (self.email, known.email),
                 (self.address, known.address))
        for edit, value in pairs:
            if not edit.text().strip() and value:
                edit.setText(value)
        if not self.birth.text().strip() and known.birth_date is not None:
            self.birth.setText(f"{known.birth_date:%d/%m/%Y}")
        if not self.gender.currentText() and known.gender:
            self.gender.setCurrentIndex(max(0, self.gender.findText(known.gender)))
        self._banner(f"Người nộp đã có trong hệ thống: {known.name} — đã điền sẵn thông tin.")

    def _applicant_input(self, errors: dict[str, str]) -> ApplicantInput:
        try:
            birth = parse_birth_date(self.birth.text())
        except InvalidInput as exc:
            errors["birth_date"] = exc.message
            birth = None
        return ApplicantInput(name=self.name.text(), id_number=self.id_number.text(), birth_date=birth,
                              gender=self.gender.currentText(), phone=self.phone.text(), email=self.email.text(),
                              address=self.address.text())

    def _representative(self) -> RepresentativeInput | None:
        if not self.rep_box.isChecked():
            return None
        return RepresentativeInput(name=self.rep_name.text(), id_number=self.rep_id.text(),
                                   phone=self.rep_phone.text(), authorisation=self.rep_auth.text())

