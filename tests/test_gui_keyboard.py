"""Working without the mouse: every step driven by key presses, results checked in the saved file."""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from annotator.ui.actions import ACTIONS, MAIN, REVIEW, build_actions

from .conftest import SAMPLE, on_next_dialog, show_window
from .gui_helpers import drag_select

ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def test_tagging_an_article_by_keyboard_alone(window, qtbot, tmp_path):
    path = tmp_path / "k.annotator.json"
    path.write_bytes(SAMPLE.read_bytes())
    window.open_path(path, ask_to_save=False)
    view = window.view
    text = window.session.document.text
    before = len(window.session.annotations)
    view.setFocus()

    qtbot.keyClick(view, Qt.Key.Key_N)  # the first sentence nobody has tagged
    first = view.selected_span()
    assert first is not None and not window.session.annotations.spans_touching(*first)
    sentence = text[first[0]:first[1]]
    assert sentence[0].isupper() or sentence[0] in "\"“'‘(", sentence
    qtbot.keyClick(view, Qt.Key.Key_1)
    added = window.panel.current_annotation()
    assert added.tag.value == "claim" and (added.start, added.end) == first

    qtbot.keyClick(view, Qt.Key.Key_N)  # the next one after it
    second = view.selected_span()
    assert second[0] > first[1] and not window.session.annotations.spans_touching(*second)
    qtbot.keyClick(view, Qt.Key.Key_N)
    third = view.selected_span()
    assert third[0] > second[1]
    qtbot.keyClick(view, Qt.Key.Key_N, SHIFT)  # and back
    assert view.selected_span() == second

    # step through annotations, then extend a selection by a sentence
    qtbot.keyClick(view, Qt.Key.Key_Down, ALT)
    after = window.panel.current_annotation()
    assert after is not None and after.sort_key() > added.sort_key()
    qtbot.keyClick(view, Qt.Key.Key_Up, ALT)
    assert window.panel.current_annotation().id == added.id
    view.select_span(first[0], first[0] + 3)
    qtbot.keyClick(view, Qt.Key.Key_Right, ALT | SHIFT)
    assert view.selected_span() == first  # to the end of the sentence
    qtbot.keyClick(view, Qt.Key.Key_Right, ALT | SHIFT)
    two = view.selected_span()
    assert two[0] == first[0] and two[1] > first[1]  # and the next sentence too
    qtbot.keyClick(view, Qt.Key.Key_Left, ALT | SHIFT)
    assert view.selected_span() == first  # back by one

    # a note with F2, then save with Ctrl+S
    window.panel.select_annotation(added.id)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert window.panel.note_edit.hasFocus()
    qtbot.keyClicks(window.panel.note_edit, "Check the ministry")
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    saved = json.loads(path.read_text(encoding="utf-8"))["documents"][0]["annotations"]
    assert len(saved) == before + 1
    assert any(a["id"] == added.id and a["note"] == "Check the ministry" and a["tag"] == "claim" for a in saved)


def test_sticky_tag_tags_every_mouse_selection(window, qtbot):
    window.open_path(SAMPLE, ask_to_save=False)
    before = len(window.session.annotations)
    drag_select(qtbot, window.view, "Warplanes")
    qtbot.keyClick(window.view, Qt.Key.Key_2)  # quote, once
    qtbot.keyClick(window, Qt.Key.Key_T, CTRL)
    assert window.actions.sticky_tag.isChecked()
    drag_select(qtbot, window.view, "latest")
    drag_select(qtbot, window.view, "complicated")
    tags = [a.tag.value for a in window.session.annotations if a.quote.exact in ("latest", "complicated")]
    assert tags == ["quote", "quote"] and len(window.session.annotations) == before + 3
    qtbot.keyClick(window, Qt.Key.Key_T, CTRL)  # off again: a selection is just a selection
    drag_select(qtbot, window.view, "yesterday")
    assert len(window.session.annotations) == before + 3


def test_find_in_the_article(window, qtbot):
    window.open_path(SAMPLE, ask_to_save=False)
    text = window.session.document.text
    expected = [i for i in range(len(text)) if text.lower().startswith("iran", i)]
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    bar = window.find_bar
    assert bar.isVisible() and bar.edit.hasFocus()
    qtbot.keyClicks(bar.edit, "iran")
    qtbot.waitUntil(lambda: bar.count.text().endswith(f"of {len(expected)}"))
    assert window.view.selected_span()[0] in expected
    assert len(window.view.extraSelections()) >= 1  # the matches on screen are marked
    first = window.view.selected_span()
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    second = window.view.selected_span()
    assert second[0] == expected[(expected.index(first[0]) + 1) % len(expected)]
    assert text[second[0]:second[1]].lower() == "iran"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, SHIFT)
    assert window.view.selected_span() == first
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.view.selected_span() == second
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible() and window.view.extraSelections() == []
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(bar.edit, "zzqq")
    qtbot.waitUntil(lambda: bar.count.text() == "No matches")


def test_zoom_and_layout_are_remembered(window, qtbot):
    size = window.view.font().pointSizeF()
    qtbot.keyClick(window, Qt.Key.Key_Plus, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_Plus, CTRL)
    assert window.view.font().pointSizeF() == size + 2
    assert window.view.margin.font().pointSizeF() == size + 2  # the tag letters grow too
    window.splitter.setSizes([900, 300])
    sizes = window.splitter.sizes()
    window.close()
    again = show_window(qtbot)
    assert again.view.font().pointSizeF() == size + 2
    assert again.splitter.sizes()[1] == sizes[1]  # the panel keeps its width (the offscreen screen is small)
    qtbot.keyClick(again, Qt.Key.Key_0, CTRL)
    assert again.view.font().pointSizeF() == size


def test_help_lists_every_shortcut(window, qtbot):
    shown = on_next_dialog(lambda dialog: dialog.reject())
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = shown[0]
    listed = {dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert {"Find in Article", "Next Untagged Sentence", "Sticky Tag", "Tag as Claim", "Extend the selection by a word"} <= listed


def test_every_action_has_a_shortcut_or_a_reason_and_a_tooltip(qapp):
    for spec in ACTIONS:
        assert spec.shortcuts or spec.no_shortcut, f"{spec.name}: give it a shortcut or say why not"
        assert not (spec.shortcuts and spec.no_shortcut), spec.name
    for window in (MAIN, REVIEW):
        parent = QWidget()
        actions = build_actions(parent, {s.name: (lambda: None) for s in ACTIONS if window in s.windows}, window)
        for name, action in actions.items():
            assert action.toolTip() and action.statusTip(), name
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys:
                assert f"({keys})" in action.toolTip(), f"{name}: the tooltip should name {keys}"


def test_the_welcome_page_opens_the_sample_and_recent_files(window, qtbot):
    assert window.pages.currentWidget() is window.welcome
    recent = window.welcome.recent
    assert recent.count() == 1 and recent.item(0).text() == "No recent files yet"
    button = window.welcome.buttons["sample"]
    button.setFocus()
    shipped = SAMPLE.read_bytes()
    qtbot.keyClick(button, Qt.Key.Key_Space)  # a button pressed from the keyboard
    assert window.session is not None and len(window.session.annotations) == 42
    assert window.pages.currentWidget() is window.splitter
    # The user's own copy is opened, in their documents folder; never the shipped file.
    copy = Path(os.environ["ANNOTATOR_DOCUMENTS_DIR"]) / SAMPLE.name
    assert window.session.path == copy.resolve() and copy.read_bytes() == shipped
    drag_select(qtbot, window.view, "Interested in ISIS")
    qtbot.keyClick(window.view, "1")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert SAMPLE.read_bytes() == shipped and len(json.loads(copy.read_bytes())["documents"][0]["annotations"]) == 43
    window.close()

    again = show_window(qtbot)
    recent = again.welcome.recent
    assert recent.count() == 1 and recent.item(0).toolTip() == str(copy.resolve())
    recent.setFocus()
    recent.setCurrentRow(0)
    qtbot.keyClick(recent, Qt.Key.Key_Return)
    assert again.session is not None and again.session.path == copy.resolve()
    again.close()

    # The sample again opens the user's copy with their work, not a fresh one over it.
    third = show_window(qtbot)
    third.welcome.buttons["sample"].click()
    assert third.session.path == copy.resolve() and len(third.session.annotations) == 43


def test_the_article_font_is_chosen_and_remembered(window, qtbot):
    from PySide6.QtGui import QFont

    chosen = QFont("DejaVu Serif", 17)
    on_next_dialog(lambda dialog: (dialog.setCurrentFont(chosen), dialog.accept()))
    window.actions.choose_font.trigger()
    assert window.view.font().family() == "DejaVu Serif" and window.view.font().pointSize() == 17
    window.close()
    again = show_window(qtbot)
    assert again.view.font().family() == "DejaVu Serif" and again.view.font().pointSize() == 17
