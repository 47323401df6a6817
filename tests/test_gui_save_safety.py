"""Saving from the window: a read-only file is replaced only on a yes, a link keeps being a
link, and temp files that killed saves left behind are cleared when the project is opened."""

from __future__ import annotations

import os
import stat
import time

from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.core.storage import load_project

from .conftest import SAMPLE, on_next_dialog
from .gui_helpers import drag_select


def _tag(window, qtbot):
    drag_select(qtbot, window.view, "Add Interest")
    qtbot.keyClick(window.view, "1")


def test_a_read_only_project_is_replaced_only_when_the_user_says_so(window, qtbot, tmp_path):
    path = tmp_path / "locked.annotator.json"
    path.write_bytes(SAMPLE.read_bytes())
    path.chmod(0o444)
    window.open_path(path, ask_to_save=False)
    _tag(window, qtbot)
    asked = on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Cancel).click())
    qtbot.keyClick(window.view, "s", modifier=qtbot_ctrl())
    assert asked and "read-only" in asked[0].text()
    assert path.read_bytes() == SAMPLE.read_bytes() and window.isWindowModified()  # nothing written, still unsaved
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Save).click())
    qtbot.keyClick(window.view, "s", modifier=qtbot_ctrl())
    assert len(load_project(path).documents[0].annotations) == 43 and not window.isWindowModified()
    assert stat.S_IMODE(path.stat().st_mode) == 0o444  # still marked read-only


def test_saving_through_a_link_writes_the_linked_file(window, qtbot, tmp_path):
    target = tmp_path / "real" / "work.annotator.json"
    target.parent.mkdir()
    target.write_bytes(SAMPLE.read_bytes())
    link = tmp_path / "link.annotator.json"
    link.symlink_to(target)
    window.open_path(link, ask_to_save=False)
    _tag(window, qtbot)
    qtbot.keyClick(window.view, "s", modifier=qtbot_ctrl())
    assert link.is_symlink() and len(load_project(target).documents[0].annotations) == 43


def test_opening_a_project_clears_the_temp_files_of_killed_saves(window, tmp_path):
    path = tmp_path / "work.annotator.json"
    path.write_bytes(SAMPLE.read_bytes())
    stale = tmp_path / ".work.annotator.json.k3j9x2ab.tmp"
    stale.write_bytes(b"half a save")
    other = tmp_path / ".other.annotator.json.k3j9x2ab.tmp"  # another project's: not ours to touch
    other.write_bytes(b"x")
    hour_ago = time.time() - 3600
    for file in (stale, other):
        os.utime(file, (hour_ago, hour_ago))
    window.open_path(path, ask_to_save=False)
    assert not stale.exists() and other.exists()


def qtbot_ctrl():
    from PySide6.QtCore import Qt

    return Qt.KeyboardModifier.ControlModifier
