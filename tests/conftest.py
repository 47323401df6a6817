"""Shared fixtures: offscreen Qt, settings in a temporary folder, and helpers to drive dialogs."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
pytest.register_assert_rewrite("tests.factories")  # its shared assertions explain a failure as the tests' do
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
    os.environ["ANNOTATOR_DOCUMENTS_DIR"] = str(folder / "documents")  # the sample's copy
    os.environ["ANNOTATOR_CACHE_DIR"] = str(folder / "cache")  # workspace indexes
    yield folder


@pytest.fixture
def author():
    QSettings().setValue("author", "Test Checker")
    return "Test Checker"


@pytest.fixture
def article(tmp_path_factory) -> Path:
    """The sample article as a text file: the shared copy, or without ../shared the same text
    taken from the sample project (the test of the sample checks the two are the same)."""
    if ARTICLE.exists():
        return ARTICLE
    return article_from_sample(tmp_path_factory.mktemp("article"))


@pytest.fixture
def shared_article() -> Path:
    if not ARTICLE.exists():
        pytest.skip("../shared/articles is not present")
    return ARTICLE


def article_from_sample(folder: Path) -> Path:
    """The sample project's article text written to ``folder`` under the shared file's name."""
    import json

    path = folder / ARTICLE.name
    if not path.exists():
        text = json.loads(SAMPLE.read_text(encoding="utf-8"))["documents"][0]["text"]
        path.write_bytes(text.encode("utf-8"))
    return path


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


_WAITING: list[dict] = []  # on_next_dialog handlers of the running test


@pytest.fixture(autouse=True)
def _cancel_dialog_handlers():
    """A handler whose dialog never came fails the test; one that is still waiting at the end
    must not answer another test's dialog later."""
    yield
    waiting = list(_WAITING)
    _WAITING.clear()
    for state in waiting:
        state["alive"] = False
    late = [state["problem"] for state in waiting if state.get("problem")]
    if late:
        pytest.fail("; ".join(late))


def _force_close(dialog: QWidget) -> None:
    """Close a dialog whatever it is: hiding ends its exec() and sends no close event, which
    a message box without Escape, or an event filter, would ignore."""
    dialog.hide()


def _modal(kind: type[QWidget]) -> QWidget | None:
    """The modal dialog of type ``kind`` that is shown: the active one, or one below another
    modal window (a progress dialog shown after it, say)."""
    active = QApplication.activeModalWidget()
    if isinstance(active, kind):
        return active
    if kind is QWidget:
        return active
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible() and w.isModal()), None)


def on_next_dialog(handler: Callable[[QWidget], None], tries: int = 200, kind: type[QWidget] = QWidget) -> list[QWidget]:
    """Run ``handler`` on the next modal dialog (of type ``kind``) once it is shown; returns
    the dialogs seen.

    Dialogs block in exec(), so the handler is scheduled on the event loop beforehand. If no
    dialog comes within ``tries`` polls of 10 ms, the test fails at its end; a dialog that
    comes later still is closed then, so that a late dialog fails the run instead of hanging it.
    """
    seen: list[QWidget] = []
    state = {"alive": True}
    _WAITING.append(state)

    def poll(left: int = tries) -> None:
        if not state["alive"]:
            return
        dialog = _modal(kind)
        if dialog is not None:
            if left < 0:  # came after the handler gave up: close it, or exec() would never return
                state["problem"] = f"a dialog ({dialog.windowTitle()!r}) came after on_next_dialog stopped waiting ({tries * 10} ms)"
                state["alive"] = False
                _force_close(dialog)
                return
            state["alive"] = False
            seen.append(dialog)
            handler(dialog)
            return
        if left == 0:
            state["problem"] = f"no dialog came within {tries * 10} ms"
        QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, poll)
    return seen
