"""The file guard keeps work when the disk surprises it: a reload that fails keeps the work
unsaved with its recovery file, and a change on disk during long work waits for the work."""

from __future__ import annotations

import logging
import sys
import threading
import time

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.core.recovery import find_recoveries
from annotator.core.storage import load_project
from annotator.ui import background, dialogs, error_hook

from .conftest import on_next_dialog
from .gui_helpers import drag_select, open_sample_copy, tag_add_interest

CONFLICT = b"<<<<<<< HEAD\n{\"schema_version\": 6}\n=======\n{}\n>>>>>>> theirs\n"


def _open_and_tag(window, qtbot, tmp_path):
    path = open_sample_copy(window, tmp_path)
    window.file_guard.autosave.setInterval(20)
    tag_add_interest(qtbot, window)
    qtbot.waitUntil(lambda: bool(find_recoveries()[0]))
    assert window.isWindowModified()
    return path


def _press(button_text: str, then=None):
    """Answer a message box by pressing Tab until ``button_text`` has focus, then Space, as a
    keyboard user would (real key events: an event filter that swallows input would stop them)."""
    def answer(box):
        button = next(b for b in box.buttons() if b.text() == button_text)
        button.setFocus()
        QTest_key(button, Qt.Key.Key_Space)
        # Were the key swallowed (input held by long work), the box would wait for ever: hide
        # it a moment later (hiding sends no close event to swallow) so that the test fails on
        # its assertions instead of hanging.
        QTimer.singleShot(2000, box, lambda: box.isVisible() and box.hide())
        if then is not None:
            then()
    return answer


def QTest_key(widget, key):  # noqa: N802 - reads like QTest's own
    from PySide6.QtTest import QTest

    QTest.keyClick(widget, key)


def test_a_failed_reload_keeps_the_work_unsaved_with_its_recovery(window, qtbot, tmp_path):
    path = _open_and_tag(window, qtbot, tmp_path)
    errors = []
    on_next_dialog(_press("Reload", then=lambda: on_next_dialog(lambda box: (errors.append(box.text()), box.accept()))), tries=1000)
    path.write_bytes(CONFLICT)  # a git merge left conflict markers in the file
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert "work.annotator.json" in errors[0]  # the reload's failure is told, naming the file
    qtbot.wait(100)
    assert len(window.session.annotations) == 43 and window.isWindowModified()
    assert len(find_recoveries()[0]) == 1  # the recovery file stays
    asked = on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Cancel).click())
    assert not window.close()  # quitting asks about the unsaved work
    assert asked and window.isVisible()
    window.actions.save.trigger()
    assert len(load_project(path).documents[0].annotations) == 43  # saving replaced the broken file
    assert find_recoveries()[0] == []


def test_a_failed_reload_of_a_clean_project_marks_it_unsaved(window, qtbot, tmp_path):
    path = open_sample_copy(window, tmp_path)
    window.file_guard.autosave.setInterval(20)
    shown = []
    on_next_dialog(lambda box: (shown.append(box.defaultButton().text()), _press("Reload", then=lambda: on_next_dialog(lambda b: b.accept()))(box)), tries=1000)
    path.write_bytes(CONFLICT)
    qtbot.waitUntil(window.isWindowModified, timeout=5000)  # what is shown is not what is on disk
    assert shown == ["Reload"]  # with nothing unsaved, Enter reloads
    qtbot.waitUntil(lambda: bool(find_recoveries()[0]))  # and it is kept aside like any unsaved work


def test_keep_mine_is_the_default_only_with_unsaved_work(qtbot):
    for unsaved, default in ((True, "Keep Mine"), (False, "Reload")):
        seen = []
        on_next_dialog(lambda box: (seen.append(box.defaultButton().text()), box.reject()))
        dialogs.ask_external_change(None, "p.json", unsaved)
        assert seen == [default]


def test_a_change_on_disk_during_long_work_is_asked_about_after_it(window, qtbot, tmp_path):
    path = _open_and_tag(window, qtbot, tmp_path)
    changed = threading.Event()
    asked_while_busy = []
    on_next_dialog(lambda box: (asked_while_busy.append(background.busy()), _press("Keep Mine")(box)), tries=2000, kind=QMessageBox)

    def work(progress):
        other = load_project(path)
        other.documents[0].annotations = other.documents[0].annotations[:5]
        from annotator.core.storage import save_project

        save_project(other, path)  # a sync writes the file while the work runs
        changed.set()
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            progress(0, 10)
            time.sleep(0.05)
        return "done"

    assert background.run_with_progress(window, "Working…", work) == "done"
    assert changed.is_set()
    qtbot.waitUntil(lambda: bool(asked_while_busy), timeout=5000)
    assert asked_while_busy == [False]  # the question came once the work had ended
    assert len(window.session.annotations) == 43 and window.isWindowModified()


@pytest.fixture
def hook(tmp_path, monkeypatch):
    """The app's exception hook installed for one test, logging to a temporary folder."""
    monkeypatch.setenv("ANNOTATOR_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    logger = logging.getLogger("annotator")
    handlers = list(logger.handlers)
    error_hook.install()
    yield tmp_path / "logs" / "annotator.log"
    for handler in logger.handlers[:]:
        if handler not in handlers:
            logger.removeHandler(handler)
            handler.close()


def _tagged_without_autosave(window, qtbot, tmp_path):
    open_sample_copy(window, tmp_path)
    window.file_guard.autosave.setInterval(60_000)  # only the error writes the recovery here
    tag_add_interest(qtbot, window)
    assert find_recoveries()[0] == []


def _broken():
    raise RuntimeError("a bug in a slot")


def test_an_exception_in_a_slot_is_logged_and_the_work_kept(window, qtbot, tmp_path, hook):
    _tagged_without_autosave(window, qtbot, tmp_path)
    shown = []
    on_next_dialog(lambda box: (shown.append((box.text(), box.informativeText())), box.accept()))
    QTimer.singleShot(0, window, _broken)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    text, informative = shown[0]
    assert "Something went wrong" in text and "recovery file" in informative and "annotator.log" in informative
    log = hook.read_text(encoding="utf-8")
    assert "RuntimeError: a bug in a slot" in log and "Traceback" in log
    (recovered,), _ = find_recoveries()
    assert len(recovered.project.documents[0].annotations) == 43
    window.activateWindow()  # the app goes on working
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    drag_select(qtbot, window.view, "Russian")
    qtbot.keyClick(window.view, "2")
    assert len(window.session.annotations) == 44
    assert QApplication.activeModalWidget() is None


def test_the_error_dialog_waits_for_long_work_and_says_when_nothing_was_kept(window, qtbot, tmp_path, hook, monkeypatch):
    from annotator.core import recovery

    _tagged_without_autosave(window, qtbot, tmp_path)
    monkeypatch.setattr(recovery.RecoveryWriter, "write", lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    shown = []
    on_next_dialog(lambda box: (shown.append((background.busy(), box.informativeText())), _press("OK")(box)), tries=2000, kind=QMessageBox)
    QTimer.singleShot(50, window, _broken)

    def work(progress):
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            progress(0, 10)
            time.sleep(0.02)

    background.run_with_progress(window, "Working…", work)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    busy, informative = shown[0]
    assert not busy  # shown once the work had ended: a key can answer it
    assert "recovery file" not in informative and "Save your work now" in informative
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)


def test_help_shows_the_log_folder(window, monkeypatch, tmp_path):
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setenv("ANNOTATOR_LOG_DIR", str(tmp_path / "logs"))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert window.actions.show_log_folder in help_menu.actions()
    window.actions.show_log_folder.trigger()
    assert opened == [str(tmp_path / "logs")] and (tmp_path / "logs").is_dir()
