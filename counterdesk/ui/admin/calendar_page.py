"""Admin: the office's working calendar as a month view — see, edit, import, export, confirm.

Colours (legend under the month): working day (white), weekend (grey), official day off (red),
make-up working Saturday (green), provisional day off of an unconfirmed year (amber). Days the office
set itself are underlined and bold. All changes go through services.calendar (permission checked there).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QButtonGroup,
    QCalendarWidget,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.calendar import WEEKDAY_NAMES, DayStatus
from counterdesk.domain.clock import now_vn
from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import Actor
from counterdesk.services import calendar as calendar_service
from counterdesk.store.uow import Store

# (background, text) per kind of day
COLOURS: dict[str, tuple[str, str]] = {
    "weekday": ("#ffffff", "#1f2933"),
    "weekend": ("#eceff3", "#7b8794"),
    "off": ("#fde3e1", "#b3261e"),
    "makeup": ("#dcf2e3", "#1e6b34"),
    "provisional": ("#fff0c2", "#8a5300"),
}
LEGEND = [
    ("weekday", "Ngày làm việc"),
    ("weekend", "Thứ Bảy, Chủ nhật"),
    ("off", "Ngày nghỉ lễ, Tết, nghỉ bù"),
    ("makeup", "Ngày làm bù"),
    ("provisional", "Ngày nghỉ tạm tính (chưa xác nhận)"),
]
STATUS_STYLE = {
    "official": "background:#e3effd; color:#0b4f9c;",
    "imported": "background:#dcf2e3; color:#1e6b34;",
    "confirmed": "background:#dcf2e3; color:#1e6b34;",
    "provisional": "background:#fff0c2; color:#8a5300;",
}


def colour_key(st: DayStatus) -> str:
    """Which legend entry a day is painted with."""
    if st.kind == "off" and st.provisional:
        return "provisional"
    return st.kind


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class CalendarPage(QWidget):
    """Month view of the office calendar with a day editor and year-file tools."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.store, self.actor = store, actor
        self._views: dict[int, calendar_service.YearView] = {}
        self._painted: set[int] = set()
        self._formats: dict[tuple[str, bool], QTextCharFormat] = {}
        start = today or now_vn().date()  # business day in Vietnam, whatever the PC's zone

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.setSpacing(10)

        # --- header: title, year status, tools ---------------------------------------------------
        header = QHBoxLayout()
        self.title = QLabel()
        title_font = QFont()
        title_font.setPointSize(15)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.status_badge = QLabel()
        self.status_badge.setObjectName("yearStatus")
        header.addWidget(self.title)
        header.addSpacing(8)
        header.addWidget(self.status_badge)
        header.addStretch(1)
        self.confirm_button = QPushButton("&Xác nhận lịch năm")
        self.confirm_button.setToolTip("Đã đối chiếu với thông báo chính thức: bỏ trạng thái tạm tính")
        self.import_button = QPushButton("&Nhập tệp lịch…")
        self.export_button = QPushButton("X&uất tệp lịch…")
        for b in (self.confirm_button, self.import_button, self.export_button):
            header.addWidget(b)
        self.confirm_button.clicked.connect(lambda: self.confirm_year(ask=True))
        self.import_button.clicked.connect(self._choose_import)
        self.export_button.clicked.connect(self._choose_export)
        outer.addLayout(header)

        self.banner = QLabel()
        self.banner.setObjectName("provisionalBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#fff0c2; color:#6b4100; border:1px solid #f0c36d;"
                                  " border-radius:4px; padding:8px;")
        outer.addWidget(self.banner)

        # --- body: month view + legend | day editor + month list --------------------------------
        body = QHBoxLayout()
        body.setSpacing(16)
        left = QVBoxLayout()
        self.month = QCalendarWidget()
        self.month.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        self.month.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.month.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.month.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        self.month.setGridVisible(True)
        self.month.setMinimumDate(QDate(calendar_service.MIN_YEAR, 1, 1))
        self.month.setMaximumDate(QDate(calendar_service.MAX_YEAR, 12, 31))
        self.month.setMinimumSize(560, 400)
        self.month.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        cell_font = QFont()
        cell_font.setPointSize(11)
        self.month.setFont(cell_font)
        plain = QTextCharFormat()
        plain.setForeground(QBrush(QColor("#1f2933")))
        for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.month.setWeekdayTextFormat(day, plain)
        left.addWidget(self.month, 1)
        left.addWidget(self._legend())
        body.addLayout(left, 3)

        right_panel = QWidget()
        right_panel.setFixedWidth(400)
        right = QVBoxLayout(right_panel)
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(12)
        editor = QGroupBox("Ngày đang chọn")
        form = QFormLayout(editor)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.day_title = QLabel()
        day_font = QFont()
        day_font.setBold(True)
        day_font.setPointSize(12)
        self.day_title.setFont(day_font)
        self.day_state = QLabel()
        self.day_state.setWordWrap(True)
        self.working_radio = QRadioButton("Ngày làm việc")
        self.off_radio = QRadioButton("Ngày nghỉ")
        self._kind_group = QButtonGroup(self)
        self._kind_group.addButton(self.working_radio)
        self._kind_group.addButton(self.off_radio)
        kinds = QHBoxLayout()
        kinds.addWidget(self.working_radio)
        kinds.addWidget(self.off_radio)
        kinds.addStretch(1)
        self.label_edit = QLineEdit()
        self.label_edit.setPlaceholderText("ví dụ: Nghỉ bù sự kiện của phường")
        self.label_edit.setMaxLength(200)
        self.save_button = QPushButton("&Lưu ngày")
        self.save_button.setDefault(True)
        self.reset_button = QPushButton("&Theo lịch chung")
        self.reset_button.setToolTip("Bỏ thiết lập riêng của cơ quan cho ngày này")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        self.message = QLabel()
        self.message.setObjectName("calendarMessage")
        self.message.setWordWrap(True)
        form.addRow(self.day_title)
        form.addRow("Hiện tại:", self.day_state)
        form.addRow("Đặt là:", kinds)
        form.addRow("Nhãn:", self.label_edit)
        form.addRow(buttons)
        form.addRow(self.message)
        right.addWidget(editor)

        listing = QGroupBox("Ngày nghỉ và ngày làm bù trong tháng")
        listing_layout = QVBoxLayout(listing)
        self.month_list = QListWidget()
        self.month_list.setSpacing(3)
        self.month_list.setWordWrap(True)
        listing_layout.addWidget(self.month_list)
        right.addWidget(listing, 1)
        body.addWidget(right_panel)
        outer.addLayout(body, 1)

        self.save_button.clicked.connect(self.save_day)
        self.reset_button.clicked.connect(self.reset_day)
        self.month.selectionChanged.connect(self._show_selected)
        self.month.currentPageChanged.connect(lambda y, m: self._show_page(y, m))
        self.month_list.itemActivated.connect(self._jump_to_item)

        can_edit = actor.role in ("admin", "system")
        for w in (self.save_button, self.reset_button, self.confirm_button, self.import_button):
            w.setEnabled(can_edit)
        self.select(start)

    # ----- building blocks ---------------------------------------------------------------------

    def _legend(self) -> QWidget:
        box = QFrame()
        box.setObjectName("legend")
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(4)
        entries: list[tuple[str, str, str]] = [(COLOURS[k][0], COLOURS[k][1], text) for k, text in LEGEND]
        for index, (bg, fg, text) in enumerate(entries):
            swatch = QLabel()
            swatch.setFixedSize(16, 16)
            swatch.setStyleSheet(f"background:{bg}; border:1px solid {fg};")
            item = QHBoxLayout()
            item.setSpacing(6)
            item.addWidget(swatch)
            item.addWidget(QLabel(text))
            item.addStretch(1)
            grid.addLayout(item, index // 3, index % 3)
        grid.addWidget(QLabel("<u><b>15</b></u>  ngày cơ quan tự thiết lập"), 1, 2)
        return box

    def year_view(self, year: int) -> calendar_service.YearView:
        view = self._views.get(year)
        if view is None:
            view = calendar_service.year_view(self.store, year)
            self._views[year] = view
        return view

    def _reload(self, year: int) -> None:
        self._views.pop(year, None)
        self._painted.discard(year)
        self._paint_year(year)
        self._show_page(self.month.yearShown(), self.month.monthShown())
        self._show_selected()

    def _format(self, key: str, own: bool) -> QTextCharFormat:
        """One shared format per colour and override flag (not one per day: fewer Qt calls)."""
        fmt = self._formats.get((key, own))
        if fmt is None:
            bg, fg = COLOURS[key]
            fmt = QTextCharFormat()
            fmt.setBackground(QBrush(QColor(bg)))
            fmt.setForeground(QBrush(QColor(fg)))
            if own:
                fmt.setFontUnderline(True)
                fmt.setFontWeight(QFont.Weight.Bold)
            self._formats[(key, own)] = fmt
        return fmt

    def _paint_year(self, year: int) -> None:
        if year in self._painted:
            return
        view = self.year_view(year)
        for st in view.days:
            self.month.setDateTextFormat(_qdate(st.day), self._format(colour_key(st), st.day in view.overrides))
        self._painted.add(year)

    def _show_page(self, year: int, month: int) -> None:
        if not calendar_service.MIN_YEAR <= year <= calendar_service.MAX_YEAR:
            return
        view = self.year_view(year)
        self._paint_year(year)
        # The grid also shows a few days of the neighbouring months, possibly of another year.
        neighbour = year - 1 if month == 1 else year + 1 if month == 12 else None
        if neighbour is not None and calendar_service.MIN_YEAR <= neighbour <= calendar_service.MAX_YEAR:
            self._paint_year(neighbour)
        self.title.setText(f"Lịch làm việc năm {year}")
        self.status_badge.setText(f"  {view.status_name}  ")
        self.status_badge.setStyleSheet(STATUS_STYLE[view.status] + " border-radius:9px; padding:3px 8px; font-weight:bold;")
        self.confirm_button.setVisible(view.provisional)
        self.banner.setVisible(view.provisional)
        self.banner.setText(
            f"Năm {year} chưa có lịch chính thức: các ngày nghỉ đang tính theo Bộ luật Lao động (Tết, Giỗ Tổ theo âm lịch "
            "Việt Nam) và có thể khác thông báo của Bộ Nội vụ. Giấy hẹn có ngày thuộc năm này được ghi là tạm tính "
            "cho đến khi quản trị viên đối chiếu và xác nhận, hoặc nhập tệp lịch chính thức."
        )
        self.month_list.clear()
        runs: list[list[DayStatus]] = []
        for st in view.days:
            if st.day.month != month or st.kind in ("weekday", "weekend"):
                continue
            last = runs[-1][-1] if runs else None
            if (last is not None and (st.day - last.day).days == 1 and (st.working, st.label) == (last.working, last.label)
                    and (st.day in view.overrides) == (last.day in view.overrides)):
                runs[-1].append(st)
            else:
                runs.append([st])
        for run in runs:
            first, last_st = run[0], run[-1]
            when = (f"{WEEKDAY_NAMES[first.day.weekday()]} {first.day:%d/%m}" if len(run) == 1
                    else f"{first.day:%d/%m} – {last_st.day:%d/%m} ({len(run)} ngày)")
            what = "làm việc bù" if first.working else "nghỉ"
            label = first.label or ("Ngày làm bù" if first.working else "Ngày nghỉ")
            text = f"{when} · {what}\n{label[:1].upper()}{label[1:]}"
            if first.day in view.overrides:
                text += " · riêng của cơ quan"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, first.day.isoformat())
            item.setToolTip(text.replace("\n", " — "))
            bg, fg = COLOURS[colour_key(first)]
            item.setForeground(QBrush(QColor(fg)))
            item.setBackground(QBrush(QColor(bg)))
            self.month_list.addItem(item)
        if self.month_list.count() == 0:
            self.month_list.addItem(QListWidgetItem("Không có ngày nghỉ lễ hay ngày làm bù."))

    def _jump_to_item(self, item: QListWidgetItem) -> None:
        raw = item.data(Qt.ItemDataRole.UserRole)
        if raw:
            self.select(date.fromisoformat(str(raw)))

    # ----- selection and editing ---------------------------------------------------------------

    def select(self, d: date) -> None:
        self.month.setSelectedDate(_qdate(d))
        self.month.setCurrentPage(d.year, d.month)
        self._show_page(d.year, d.month)
        self._show_selected()

    def selected_day(self) -> date:
        return _pydate(self.month.selectedDate())

    def day_status(self, d: date) -> DayStatus:
        view = self.year_view(d.year)
        return view.days[d.timetuple().tm_yday - 1]

    def _show_selected(self) -> None:
        d = self.selected_day()
        st = self.day_status(d)
        view = self.year_view(d.year)
        self.day_title.setText(f"{WEEKDAY_NAMES[d.weekday()]}, {d:%d/%m/%Y}")
        state = "Ngày làm việc" if st.working else "Ngày nghỉ"
        if st.label:
            state += f" — {st.label}"
        if st.provisional and not st.working and st.kind == "off":
            state += " (tạm tính)"
        if d in view.overrides:
            state += "\nĐây là thiết lập riêng của cơ quan."
        self.day_state.setText(state)
        (self.working_radio if st.working else self.off_radio).setChecked(True)
        self.label_edit.setText(st.label if d in view.overrides else "")
        self.reset_button.setEnabled(d in view.overrides and self.save_button.isEnabled())
        self.message.clear()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color:#b3261e;" if error else "color:#1e6b34;")
        self.message.setText(text)

    def save_day(self) -> bool:
        d = self.selected_day()
        try:
            calendar_service.set_day(self.store, d, working=self.working_radio.isChecked(),
                                     label=self.label_edit.text(), actor=self.actor)
        except DomainError as exc:
            self._say(exc.message, error=True)
            return False
        self._reload(d.year)
        self._say(f"Đã lưu ngày {d:%d/%m/%Y}.")
        return True

    def reset_day(self) -> bool:
        d = self.selected_day()
        try:
            calendar_service.reset_day(self.store, d, actor=self.actor)
        except DomainError as exc:
            self._say(exc.message, error=True)
            return False
        self._reload(d.year)
        self._say(f"Ngày {d:%d/%m/%Y} theo lại lịch chung.")
        return True

    # ----- year tools --------------------------------------------------------------------------

    def confirm_year(self, *, ask: bool = False) -> bool:
        year = self.month.yearShown()
        if ask and QMessageBox.question(
            self, "Xác nhận lịch năm",
            f"Xác nhận lịch năm {year} đã được đối chiếu với thông báo nghỉ lễ, Tết chính thức?",
        ) != QMessageBox.StandardButton.Yes:
            return False
        try:
            calendar_service.confirm_year(self.store, year, actor=self.actor)
        except DomainError as exc:
            self._say(exc.message, error=True)
            return False
        self._reload(year)
        self._say(f"Đã xác nhận lịch năm {year}.")
        return True

    def import_file(self, path: Path) -> bool:
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self._say(f"Không đọc được tệp {path.name} ({exc.__class__.__name__}).", error=True)
            return False
        try:
            summary = calendar_service.import_year(self.store, text, actor=self.actor)
        except DomainError as exc:
            self._say(exc.message, error=True)
            return False
        self._views.clear()
        self._painted.clear()
        self.select(date(summary.year, self.month.monthShown(), 1))
        self._say(f"Đã nhập lịch năm {summary.year}: {summary.off_days} ngày nghỉ, "
                  f"{summary.working_days} ngày làm việc khai báo.")
        return True

    def export_file(self, path: Path) -> bool:
        year = self.month.yearShown()
        try:
            path.write_text(calendar_service.export_year(self.store, year), encoding="utf-8")
        except OSError as exc:
            self._say(f"Không ghi được tệp {path.name} ({exc.strerror or exc.__class__.__name__}).", error=True)
            return False
        except DomainError as exc:
            self._say(exc.message, error=True)
            return False
        self._say(f"Đã xuất lịch năm {year} ra {path.name}.")
        return True

    def _choose_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Nhập tệp lịch năm", "", "Tệp lịch (*.txt);;Mọi tệp (*)")
        if name:
            self.import_file(Path(name))

    def _choose_export(self) -> None:
        year = self.month.yearShown()
        name, _ = QFileDialog.getSaveFileName(self, "Xuất tệp lịch năm", f"lich-lam-viec-{year}.txt", "Tệp lịch (*.txt)")
        if name:
            self.export_file(Path(name))
