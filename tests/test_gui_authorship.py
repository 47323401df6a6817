"""Every change says who made it: editing a colleague's annotation records the editor, the
details say so, and the window always shows whose name edits are signed with."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from annotator.core.model import Tag

from .conftest import SAMPLE, on_next_dialog
from .gui_helpers import click_row, open_sample_copy


def test_changing_a_colleagues_annotation_records_who_changed_it(window, qtbot, tmp_path):
    path = open_sample_copy(window, tmp_path)
    click_row(qtbot, window.panel.table, 0)
    first = window.session.annotations[0]
    assert first.author == first.modified_by == "Sam Checker (sample)"
    assert window.panel.info_label.text().startswith("Created by Sam Checker (sample)")
    assert "changed by Test Checker" not in window.panel.info_label.text()
    combo = window.panel.tag_combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the next tag in the list
    window.panel.focus_note()
    qtbot.keyClicks(window.panel.note_edit, " Checked.")
    qtbot.keyClick(window.view, "s", modifier=Qt.KeyboardModifier.ControlModifier)
    saved = json.loads(path.read_text(encoding="utf-8"))["documents"][0]["annotations"]
    changed = next(a for a in saved if a["id"] == first.id)
    assert changed["author"] == "Sam Checker (sample)" and changed["modified_by"] == "Test Checker"
    assert changed["tag"] != first.tag.value and changed["note"].endswith(" Checked.")
    assert changed["modified"] >= changed["created"]
    untouched = [a for a in saved if a["id"] != first.id]
    assert all(a["modified_by"] == "Sam Checker (sample)" for a in untouched)
    assert "changed by Test Checker" in window.panel.info_label.text()


def test_the_window_shows_whose_name_edits_are_signed_with(window, qtbot):
    button = window.author_button
    assert button.isVisible() and button.text() == "Annotating as Test Checker"
    on_next_dialog(lambda dialog: (dialog.setTextValue("Night Desk"), dialog.accept()), kind=QInputDialog)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.text() == "Annotating as Night Desk"
    window.open_path(SAMPLE, ask_to_save=False)
    window.editor.change_tag(window.session.annotations[0].id, Tag.SOURCE)
    assert window.session.annotations[0].modified_by == "Night Desk"


def test_no_name_no_change(qtbot, monkeypatch):
    """Declining to give a name leaves the annotation as it was (and the panel shows that)."""
    from .conftest import show_window

    window = show_window(qtbot)  # no author set
    window.open_path(SAMPLE, ask_to_save=False)
    click_row(qtbot, window.panel.table, 0)
    before = window.session.annotations[0]
    on_next_dialog(lambda dialog: dialog.reject(), kind=QInputDialog)
    window.panel.tag_combo.setFocus()
    qtbot.keyClick(window.panel.tag_combo, Qt.Key.Key_Down)
    assert window.session.annotations[0] is before and not window.isWindowModified()
    assert window.panel.tag_combo.currentData() == before.tag
