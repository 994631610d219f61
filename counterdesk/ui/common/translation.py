"""Vietnamese for Qt's own words: message box buttons, file and print dialogs, context menus.

Qt ships no Vietnamese catalogue, so the project keeps its own: resources/translations/qt_vi.ts
(the source, editable in Qt Linguist) compiled to qt_vi.qm with ``pyside6-lrelease``. Every mode
installs it at start, before the first window or dialog exists.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from counterdesk.paths import resource_path

CATALOGUE = ("translations", "qt_vi.qm")
_installed: list[QTranslator] = []  # the application keeps no reference of its own


def install_vietnamese(app: QCoreApplication) -> bool:
    """Install the Vietnamese Qt catalogue once and make Vietnamese the default locale; False if missing."""
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    if _installed:
        return True
    translator = QTranslator(app)
    if not translator.load(str(resource_path(*CATALOGUE))):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def remove_vietnamese(app: QCoreApplication) -> None:
    """Back to Qt's English (a test that installed the catalogue leaves the process as it found it)."""
    while _installed:
        app.removeTranslator(_installed.pop())
    QLocale.setDefault(QLocale.c())
