"""Keyboard routing of the intake form: shortcuts, Enter in each field, the results list."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut

from counterdesk.ui.desk.intake.base import IntakeState


class KeysMixin(IntakeState):
    """Every key the form reacts to, in one place."""

    def _shortcuts(self) -> None:
        for keys, slot in (
            ("Ctrl+Return", self.submit), ("Ctrl+Enter", self.submit), ("Escape", self.ask_clear),
            ("Ctrl+F", lambda: self._focus(self.search)), ("Ctrl+D", lambda: self._focus(self.card)),
            ("Ctrl+P", lambda: self.reprint(self.last_code)),
        ):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

    # ------------------------------------------------------------------ keyboard routing
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.search:
                if key == Qt.Key.Key_Down and self.results.count():
                    self.results.setFocus()
                    self.results.setCurrentRow(0)
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                    self._search_timer.stop()
                    self._run_search()
                    item = self.results.currentItem() or self.results.item(0)
                    if item is not None:
                        self._pick_item(item)
                    return True
            enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers()
            if enter and watched is self.card:
                self._scan_card()
                return True
            if enter and watched is self.reprint_code:
                self.reprint(self.reprint_code.text())
                return True
            if enter and watched is self.id_number and "|" in self.id_number.text():
                self._lookup_applicant()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and not event.modifiers() and self._step_checklist(
                    watched, 1 if key == Qt.Key.Key_Down else -1):
                return True
            if watched is self.results and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                item = self.results.currentItem()
                if item is not None:
                    self._pick_item(item)
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Plain Enter anywhere else in the form accepts (as the default button would in a dialog)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.submit()
            return
        super().keyPressEvent(event)

