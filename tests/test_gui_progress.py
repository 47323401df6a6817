"""Long work runs off the GUI thread behind a progress bar with Cancel, and Cancel changes nothing."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog, QPushButton

from annotator.core import update
from annotator.core.errors import Cancelled
from annotator.core.model import Document
from annotator.ui import background
from annotator.ui.background import run_with_progress

from .conftest import SAMPLE, on_next_dialog


def test_the_core_reports_progress_and_stops_when_asked(monkeypatch):
    from .factories import annotation

    text = "word " * 2000
    doc = Document.from_text(text)
    doc.annotations = [annotation(text, 5 * n, 5 * n + 4, n=n) for n in range(1200)]
    heard = []
    update.update_document(doc, "New first line.\n" + text, lambda done, total: heard.append((done, total)))
    assert heard == [(0, 1200), (500, 1200), (1000, 1200), (1200, 1200)]

    def stop(done, _total):
        if done >= 500:
            raise Cancelled

    with pytest.raises(Cancelled):
        update.update_document(doc, "New first line.\n" + text, stop)
    assert doc.text == text and len(doc.annotations) == 1200  # untouched


def test_a_worker_thread_keeps_the_window_alive_and_cancel_stops_it(window, qtbot, monkeypatch):
    monkeypatch.setattr(background, "SHOW_AFTER_MS", 0)
    steps = []

    def work(progress):
        for n in range(500):
            progress(n, 500)
            steps.append(n)
            time.sleep(0.01)
        return "finished"

    def press_cancel(dialog):
        qtbot.waitUntil(lambda: len(steps) > 5)
        dialog.findChild(QPushButton).click()

    seen = on_next_dialog(press_cancel)
    with pytest.raises(Cancelled):
        run_with_progress(window, "Testing…", work)
    assert isinstance(seen[0], QProgressDialog) and seen[0].labelText() == "Testing…"
    assert 5 < len(steps) < 100  # it stopped at the next report after Cancel
    assert run_with_progress(window, "Quick", lambda progress: 42) == 42  # no dialog for quick work


def test_errors_of_the_work_reach_the_caller(window):
    def broken(_progress):
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        run_with_progress(window, "Failing…", broken)


def test_cancelling_an_article_update_changes_nothing(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(background, "SHOW_AFTER_MS", 0)
    monkeypatch.setattr(update, "PROGRESS_EVERY", 1)
    slow = update.locate
    monkeypatch.setattr(update, "locate", lambda *a: (time.sleep(0.05), slow(*a))[1])
    window.open_path(SAMPLE, ask_to_save=False)
    before = (window.session.document.text, list(window.session.annotations), window.session.undo_stack.count())
    updated = tmp_path / "updated.txt"
    updated.write_text("Editor's note: corrected.\n\n" + window.session.document.text, encoding="utf-8")

    bars = []

    def cancel_the_search(left=1000):
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QProgressDialog) and dialog.labelText().startswith("Finding") and dialog.value() >= 2:
            bars.append((dialog.maximum(), dialog.value()))
            dialog.cancel()  # as Esc does
        elif left:  # the quick "Reading…" step may come first
            QTimer.singleShot(5, lambda: cancel_the_search(left - 1))

    QTimer.singleShot(0, cancel_the_search)
    assert not window.update_text_from(updated)
    assert bars and bars[0][0] == 42
    assert (window.session.document.text, list(window.session.annotations), window.session.undo_stack.count()) == before
    assert "nothing changed" in window.statusBar().currentMessage()

    # and without Cancel it goes through to the report
    reports = []
    on_next_dialog(lambda d: (reports.append(d.findChild(QLabel, "updateSummary").text()), d.accept()), tries=1000)
    monkeypatch.setattr(background, "SHOW_AFTER_MS", 60_000)  # no progress dialog this time
    assert window.update_text_from(updated)
    assert reports and window.session.document.text.startswith("Editor's note")


def test_input_waits_while_work_runs(window, qtbot, monkeypatch):
    """A second Open, a shortcut or closing the window must not start in the middle."""
    from PySide6.QtCore import Qt

    window.open_path(SAMPLE, ask_to_save=False)
    presses = []
    tried = threading.Event()

    def work(progress):
        # Runs until the keys have been tried, however slow the machine: a fixed length of
        # work raced the timer below (and lost, on a busy 2-core machine).
        deadline = time.monotonic() + 30
        while not tried.is_set() and time.monotonic() < deadline:
            progress(0, 30)
            time.sleep(0.01)
        return "done"

    def meanwhile():
        qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # Find
        window.close()
        presses.append(window.find_bar.isVisible())
        tried.set()

    QTimer.singleShot(50, meanwhile)
    assert run_with_progress(window, "Busy…", work) == "done"
    assert presses == [False] and window.isVisible()  # neither the shortcut nor closing took effect
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()  # and afterwards the keys work again
