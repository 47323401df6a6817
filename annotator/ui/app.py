"""Starting the GUI: the QApplication, its identity for QSettings, and the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ..assets import resource_path
from . import error_hook
from .main_window import MainWindow

ORGANIZATION = "annotator"
APPLICATION = "Annotator"


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, created once, named so QSettings has a stable place."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setWindowIcon(QIcon(str(resource_path("icons", "annotator.svg"))))
    return app


def run(path: Path | None = None) -> int:
    app = application()
    error_hook.install()
    window = MainWindow()
    window.show()
    restored = window.file_guard.offer_recoveries()
    if path is not None and not restored:
        window.open_path(path, ask_to_save=False)
    return app.exec()


def run_review(mine_path: Path, *theirs_paths: Path) -> int:
    """`annotator review MINE THEIRS…`: the main window on MINE, and the review window over it
    (of one colleague, or of several at once)."""
    app = application()
    error_hook.install()
    window = MainWindow()
    window.show()
    if not window.open_path(mine_path, ask_to_save=False):
        return 1
    if window.start_review(theirs_paths[0], list(theirs_paths[1:])) is None:
        return 1
    return app.exec()
