"""What an unexpected exception does in the app: it is logged with its traceback, every open
project's unsaved work is written to its recovery file, and one calm dialog says so. The app
keeps running; a second error while the dialog is open is logged without another dialog."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from ..logs import log_path, setup_logging
from . import background

log = logging.getLogger("annotator")

_showing = False


def install() -> None:
    """Log to the log file and handle uncaught exceptions (exceptions in Qt slots included:
    PySide hands them to ``sys.excepthook``)."""
    setup_logging()
    sys.excepthook = handle_exception


def handle_exception(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    log.error("Unexpected error\n%s", "".join(traceback.format_exception(kind, error, tb)).rstrip())
    saved = _write_recoveries()
    global _showing
    if _showing or QApplication.instance() is None:
        return
    _showing = True
    _tell(error, saved)


def _tell(error: BaseException, saved: bool) -> None:
    """The dialog, once no long work holds the input (it would let no key or click reach it)."""
    global _showing
    if background.put_off_while_busy(QApplication.instance(), lambda: _tell(error, saved)):
        return
    try:
        _show_dialog(error, saved)
    finally:
        _showing = False


def _write_recoveries() -> bool:
    """Write every main window's unsaved work aside now; True when all of it was written."""
    from .main_window import MainWindow

    ok = True
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.session is not None and widget.session.is_modified:
            try:
                ok = widget.file_guard.flush() and ok
            except Exception:  # noqa: BLE001 - the dialog must still come; the log has the rest
                log.exception("could not write the recovery file after an error")
                ok = False
    return ok


def _show_dialog(error: BaseException, saved: bool) -> None:
    box = QMessageBox(QApplication.activeWindow())
    box.setObjectName("unexpectedErrorBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Something went wrong")
    box.setText("Something went wrong inside Annotator. You can go on working.")
    kept = "Your unsaved work is in the recovery file." if saved else "Save your work now (or with Save As to another folder)."
    box.setInformativeText(f"{kept} Details are in the log: {log_path()}")
    box.setDetailedText("".join(traceback.format_exception_only(type(error), error)).strip())
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()
    box.deleteLater()
