"""Unsaved work survives a crash: recovery files, the offer to restore, and clean exits."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from PySide6.QtWidgets import QMessageBox

from annotator.core.recovery import find_recoveries, recovery_folder
from annotator.core.storage import load_project

from .conftest import ROOT, SAMPLE, on_next_dialog, show_window
from .factories import first_annotations
from .gui_helpers import open_sample_copy, process_dies, tag_add_interest


def test_recovery_file_is_written_then_offered_after_a_crash(window, qtbot, tmp_path):
    project = open_sample_copy(window, tmp_path)
    window.file_guard.autosave.setInterval(50)
    tag_add_interest(qtbot, window)
    qtbot.waitUntil(lambda: bool(find_recoveries()[0]))
    (recovery,), _ = find_recoveries()
    assert recovery.recovery_of == project.resolve() and len(recovery.project.documents[0].annotations) == 43

    # "crash": the window goes away without saving; a new one starts
    process_dies(window)  # nothing removes the file, writes another or watches it any more
    fresh = show_window(qtbot)
    shown = on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    assert fresh.file_guard.offer_recoveries()
    assert "43 annotations" in shown[0].informativeText()
    assert len(fresh.session.annotations) == 43 and fresh.isWindowModified()
    assert len(load_project(project).documents[0].annotations) == 42  # the real file is untouched
    fresh.actions.save.trigger()
    assert len(load_project(project).documents[0].annotations) == 43
    assert find_recoveries()[0] == []  # saved: nothing left to recover


def test_discarding_and_a_clean_exit_remove_recovery_files(qtbot, tmp_path, author):
    win = show_window(qtbot)
    win.open_path(SAMPLE, ask_to_save=False)
    win.file_guard.autosave.setInterval(20)
    tag_add_interest(qtbot, win, "2")
    qtbot.waitUntil(lambda: bool(find_recoveries()[0]))
    on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Discard).click())
    assert win.close()
    assert find_recoveries()[0] == []

    other = show_window(qtbot)
    assert not other.file_guard.offer_recoveries()  # nothing to offer


KILLED = """
import sys, time
from PySide6.QtCore import QTimer
from annotator.ui.app import application
from annotator.ui import file_guard, main_window
file_guard.AUTOSAVE_MS = 100
app = application()
w = main_window.MainWindow(); w.show()
w.open_path(sys.argv[1], ask_to_save=False)
doc = w.session.document
w.editor.tag_span(__import__("annotator.core.model", fromlist=["Tag"]).Tag.CLAIM, 0, 7, "Crash Test")
QTimer.singleShot(600, lambda: print("edited", flush=True))
app.exec()
"""


def test_kill_minus_nine_leaves_a_recovery_file(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    article = tmp_path / "a.txt"
    article.write_text("Breaking: the minister resigned today.", encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-c", KILLED, str(article)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "edited"
    time.sleep(0.2)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    (recovery,), broken = find_recoveries()
    assert broken == [] and recovery.recovery_of is None
    assert [a.quote.exact for a in recovery.project.documents[0].annotations] == ["Breaking"]
    assert recovery_folder().is_dir() and json.loads(recovery.path.read_text())["project"]["schema_version"] >= 1


def test_a_change_by_another_program_is_noticed(window, qtbot, tmp_path):
    from annotator.core.storage import save_project

    path = open_sample_copy(window, tmp_path, "shared.annotator.json")
    window.actions.save.trigger()  # our own save is not "another program"
    qtbot.wait(300)
    assert not window.isWindowModified()

    other = load_project(path)
    first_annotations(other, 10)
    asked = on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Yes).click(), tries=1000)
    save_project(other, path)  # a colleague's sync, say
    qtbot.waitUntil(lambda: len(window.session.annotations) == 10, timeout=5000)
    assert asked and "changed by another program" in asked[0].text()

    first_annotations(other, 3)
    on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.No).click(), tries=1000)
    save_project(other, path)
    qtbot.waitUntil(window.isWindowModified, timeout=5000)  # kept mine: it now differs from the disk
    assert len(window.session.annotations) == 10 and len(load_project(path).documents[0].annotations) == 3
