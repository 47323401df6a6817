"""Shared fixtures: offscreen Qt, settings in a temporary folder, and helpers to drive dialogs."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ARTICLE = SHARED / "articles" / "russian-bombers-iran.txt"
SAMPLE = ROOT / "projects" / "russian-bombers-iran.annotator.json"


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory, qapp):
    """QSettings go to a fresh temporary folder for every test, never the user's own."""
    from annotator.ui.app import application

    application()
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings().clear()
    os.environ["ANNOTATOR_DATA_DIR"] = str(folder / "data")  # recovery files, never the user's
    yield folder


@pytest.fixture
def author():
    QSettings().setValue("author", "Test Checker")
    return "Test Checker"


@pytest.fixture
def article() -> Path:
    if not ARTICLE.exists():
        pytest.skip("../shared/articles is not present")
    return ARTICLE


@pytest.fixture
def window(qtbot, author):
    return show_window(qtbot)


def show_window(qtbot):
    """A new main window, shown and active so that its shortcuts work."""
    from annotator.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win, before_close_func=discard_changes)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win


def discard_changes(win) -> None:
    """Let pytest-qt close a window without the unsaved-changes question."""
    if win.session is not None:
        win.session.undo_stack.setClean()


_WAITING: list[dict] = []  # on_next_dialog handlers still waiting; a test's end cancels them


@pytest.fixture(autouse=True)
def _cancel_dialog_handlers():
    """A handler whose dialog never came must not answer another test's dialog later."""
    yield
    for waiting in _WAITING:
        waiting["alive"] = False
    _WAITING.clear()


def on_next_dialog(handler: Callable[[QWidget], None], tries: int = 200) -> list[QWidget]:
    """Run ``handler`` on the next modal dialog once it is shown; returns the dialogs seen.

    Dialogs block in exec(), so the handler is scheduled on the event loop beforehand.
    """
    seen: list[QWidget] = []
    state = {"alive": True}
    _WAITING.append(state)

    def poll(left: int = tries) -> None:
        if not state["alive"]:
            return
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            state["alive"] = False
            seen.append(dialog)
            handler(dialog)
        elif left:
            QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, poll)
    return seen
