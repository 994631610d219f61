"""The pages being captured: thumbnails in order, a larger preview, reorder, rotate and delete.

The strip holds ``scans.pages.Page`` values (plain bytes); the order on screen is the order of
the PDF. Pages are dragged to a new place or moved with Ctrl+←/Ctrl+→; Ctrl+R turns the chosen
page a quarter clockwise; Delete removes it. Image thumbnails arrive ready-made from a worker
thread; a PDF page is rendered here by QtPdf (small, quick).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut, QTransform
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.errors import InvalidInput
from counterdesk.scans.pages import IMAGE, THUMB_WIDTH, Page
from counterdesk.ui.common.print_pdf import LoadedPdf
from counterdesk.ui.common.signals import emit

KEY = Qt.ItemDataRole.UserRole


def _pdf_image(page: Page, width: int) -> QImage:
    try:
        loaded = LoadedPdf(page.data)
    except InvalidInput:
        return QImage()
    size = loaded.page_size_points(0)
    dpi = width * 72 / max(1.0, size.width())
    return loaded.render(0, dpi)


def page_image(page: Page, width: int, thumb: bytes | None = None) -> QImage:
    """The page as shown (rotation applied), about ``width`` pixels wide."""
    if page.kind == IMAGE:
        image = QImage.fromData(thumb if thumb is not None else page.data)
        if thumb is not None:
            return image  # the worker already turned it
    else:
        image = _pdf_image(page, width)
    if page.rotation:
        image = image.transformed(QTransform().rotate(page.rotation))
    return image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation) if not image.isNull() else image


class _IconAbove(QStyledItemDelegate):
    """Thumbnail above its "Trang N", in a list kept in list mode: there a drag reorders the rows
    (icon mode would only move the picture on the canvas and leave the page order as it was)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.decorationPosition = QStyleOptionViewItem.Position.Top
        option.displayAlignment = Qt.AlignmentFlag.AlignHCenter


class PageStrip(QWidget):
    """Thumbnails and preview; ``pages()`` gives the pages in their current order."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages: dict[int, Page] = {}
        self._next = 0
        self.list = QListWidget()
        self.list.setObjectName("capturePages")
        self.list.setViewMode(QListWidget.ViewMode.ListMode)
        self.list.setItemDelegate(_IconAbove(self.list))
        self.list.setFlow(QListWidget.Flow.LeftToRight)
        self.list.setWrapping(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setSpacing(4)
        self.list.setIconSize(QSize(THUMB_WIDTH // 2 + 20, THUMB_WIDTH))
        self.list.setGridSize(QSize(THUMB_WIDTH - 10, THUMB_WIDTH + 34))
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.model().rowsMoved.connect(self._renumber)
        self.list.currentRowChanged.connect(self._preview)
        self.preview = QLabel("Chưa có trang nào.\nQuét, chọn tệp hoặc kéo thả ảnh/PDF vào đây.")
        self.preview.setObjectName("capturePreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setWordWrap(True)
        self.preview.setMinimumSize(240, 200)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.preview.setStyleSheet("QLabel#capturePreview { background: #eceff1; border: 1px solid #b0bec5; }")

        buttons = QHBoxLayout()
        self.earlier = QPushButton("◀ Lên trước")
        self.earlier.setToolTip("Đưa trang đang chọn lên trước (Ctrl+←)")
        self.later = QPushButton("Ra sau ▶")
        self.later.setToolTip("Đưa trang đang chọn ra sau (Ctrl+→)")
        self.rotate = QPushButton("Xoay phải  (Ctrl+R)")
        self.delete = QPushButton("Xoá trang  (Delete)")
        self.delete.setObjectName("deletePage")
        for button in (self.earlier, self.later, self.rotate, self.delete):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.earlier.clicked.connect(lambda: self.move_current(-1))
        self.later.clicked.connect(lambda: self.move_current(1))
        self.rotate.clicked.connect(self.rotate_current)
        self.delete.clicked.connect(self.delete_current)
        for keys, slot in (("Ctrl+Left", lambda: self.move_current(-1)), ("Ctrl+Right", lambda: self.move_current(1)),
                           ("Ctrl+R", self.rotate_current), ("Delete", self.delete_current)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.list, 1)
        left.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 3)
        layout.addWidget(self.preview, 2)
        self._update_buttons()

    # ------------------------------------------------------------------ content
    def pages(self) -> list[Page]:
        return [self._pages[int(self.list.item(i).data(KEY))] for i in range(self.list.count())]

    def count(self) -> int:
        return self.list.count()

    def add(self, pages: list[tuple[Page, bytes | None]]) -> None:
        """Append pages (with their ready thumbnails) after the last one and show the first added."""
        first = self.list.count()
        for page, thumb in pages:
            key = self._next
            self._next += 1
            self._pages[key] = page
            item = QListWidgetItem()
            item.setData(KEY, key)
            item.setToolTip(page.name)
            item.setIcon(QPixmap.fromImage(page_image(page, THUMB_WIDTH // 2 + 20, thumb)))
            self.list.addItem(item)
        self._renumber()
        if self.list.count() > first:
            self.list.setCurrentRow(first)
        emit(self.changed)

    def clear(self) -> None:
        self.list.clear()
        self._pages.clear()
        self._preview(-1)
        self._update_buttons()
        emit(self.changed)

    # ------------------------------------------------------------------ editing
    def move_current(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._renumber()
        emit(self.changed)

    def rotate_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        key = int(item.data(KEY))
        page = self._pages[key] = self._pages[key].rotated(90)
        item.setIcon(QPixmap.fromImage(page_image(page, THUMB_WIDTH // 2 + 20)))
        self._preview(self.list.currentRow())
        emit(self.changed)

    def delete_current(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        item = self.list.takeItem(row)
        self._pages.pop(int(item.data(KEY)), None)
        self._renumber()
        self.list.setCurrentRow(min(row, self.list.count() - 1))
        if not self.list.count():
            self._preview(-1)
        emit(self.changed)

    def _renumber(self, *_args: object) -> None:
        for i in range(self.list.count()):
            self.list.item(i).setText(f"Trang {i + 1}")
        self._update_buttons()

    def _update_buttons(self) -> None:
        row, total = self.list.currentRow(), self.list.count()
        self.earlier.setEnabled(row > 0)
        self.later.setEnabled(0 <= row < total - 1)
        self.rotate.setEnabled(row >= 0)
        self.delete.setEnabled(row >= 0)

    def _preview(self, row: int) -> None:
        self._update_buttons()
        if row < 0 or row >= self.list.count():
            self.preview.setPixmap(QPixmap())
            self.preview.setText("Chưa có trang nào.\nQuét, chọn tệp hoặc kéo thả ảnh/PDF vào đây.")
            return
        page = self._pages[int(self.list.item(row).data(KEY))]
        width = max(200, min(self.preview.width(), self.preview.height() * 3 // 4) - 8)
        image = page_image(page, width)
        if image.isNull():
            self.preview.setText("Không xem trước được trang này.")
            return
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(
            self.preview.size() - QSize(8, 8), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))
