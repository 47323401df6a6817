"""End to end in the real window: open, select, tag, note, undo, save, reopen."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import json
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence, QTextCharFormat
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QLabel, QMessageBox, QToolBar

from annotator.core.model import Tag
from annotator.core.storage import load_project
from annotator.ui.main_window import MainWindow

from .conftest import SAMPLE, discard_changes, on_next_dialog, show_window
from .gui_helpers import click_row, click_text, drag_select, point_at, qt_range


def saved_annotations(path):
    return json.loads(path.read_text(encoding="utf-8"))["documents"][0]["annotations"]


def open_text(window, tmp_path, text, name="article.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert window.open_path(path, ask_to_save=False)
    return path


def save_as(window, monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    window.actions.save_as.trigger()


def test_tag_note_undo_save_and_reopen(window, article, qtbot, tmp_path, monkeypatch):
    assert window.open_path(article, ask_to_save=False)
    view = window.view
    drag_select(qtbot, view, "Russian warplanes are now taking off from an Iranian air base")
    qtbot.keyClick(view, "1")
    drag_select(qtbot, view, "We don’t see concentrations of ISIS in those areas")
    qtbot.keyClick(view, "2")
    assert window.isWindowModified() and window.windowTitle().endswith("[*] — Annotator")

    # the new quote is the current row: write a two-line note in the panel
    note = window.panel.note_edit
    qtbot.mouseClick(note.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(note, "Garver, on record.")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    qtbot.keyClicks(note, "Check CJTF-OIR transcript 1")  # the digit must type, not tag
    current = window.panel.current_annotation()
    assert current.tag == Tag.QUOTE and current.note == "Garver, on record.\nCheck CJTF-OIR transcript 1"
    assert len(window.session.annotations) == 2

    # undo the note (typing merges into one step), then the quote; redo both
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.annotations.get(current.id).note == ""
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.annotations.get(current.id) is None
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.session.annotations.get(current.id).note.startswith("Garver")

    path = tmp_path / "checked.annotator.json"
    save_as(window, monkeypatch, path)
    assert not window.isWindowModified() and window.windowTitle() == "checked.annotator.json[*] — Annotator"
    saved = saved_annotations(path)
    assert [(a["tag"], a["quote"]["exact"]) for a in saved] == [
        ("claim", "Russian warplanes are now taking off from an Iranian air base"),
        ("quote", "We don’t see concentrations of ISIS in those areas"),
    ]
    text = load_project(path).documents[0].text
    for a in saved:
        assert text[a["start"]:a["end"]] == a["quote"]["exact"]
        assert a["author"] == a["modified_by"] == "Test Checker"
        created = datetime.fromisoformat(a["created"])
        assert created.utcoffset() is not None and abs(datetime.now(timezone.utc) - created) < timedelta(hours=1)

    other = MainWindow()
    qtbot.addWidget(other, before_close_func=discard_changes)
    assert other.open_path(path, ask_to_save=False)
    reopened = [(a.id, a.tag, a.start, a.end, a.quote.exact, a.note) for a in other.session.annotations]
    assert reopened == [(a["id"], Tag(a["tag"]), a["start"], a["end"], a["quote"]["exact"], a["note"]) for a in saved]
    assert other.panel.table.model().rowCount() == 2


def test_emoji_before_the_span_gives_code_point_offsets(window, qtbot, tmp_path, monkeypatch):
    text = "Intro 😀 and 🎉 then the target word here.\n第二行 😀 another target."
    open_text(window, tmp_path, text)
    drag_select(qtbot, window.view, "target word")
    assert qt_range(window.view, "target word") == (25, 36)  # Qt counts UTF-16 units
    qtbot.keyClick(window.view, "3")
    drag_select(qtbot, window.view, "target", occurrence=1)
    qtbot.keyClick(window.view, "4")
    path = tmp_path / "emoji.json"
    save_as(window, monkeypatch, path)
    saved = saved_annotations(path)
    assert [(a["start"], a["end"], a["quote"]["exact"]) for a in saved] == [
        (23, 34, "target word"),
        (text.index("target", 30), text.index("target", 30) + 6, "target"),
    ]
    assert saved[0]["quote"]["prefix"] == "Intro 😀 and 🎉 then the "


def test_selection_is_trimmed_and_keyboard_selection_works(window, qtbot, tmp_path):
    open_text(window, tmp_path, "One  claim here.\nNext line")
    view = window.view
    start, _ = qt_range(view, "  claim")
    view.setFocus()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(view, start))
    for _ in range(len("  claim ")):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, "1")
    (ann,) = list(window.session.annotations)
    assert (ann.start, ann.end, ann.quote.exact) == (5, 10, "claim")
    assert window.view.toPlainText() == "One  claim here.\nNext line"

    # only spaces selected: nothing is tagged, and the status bar says why
    click_text(qtbot, view, "  claim", offset=0)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, "2")
    assert len(window.session.annotations) == 1
    assert "only spaces" in window.statusBar().currentMessage()


def test_text_is_read_only(window, qtbot, tmp_path):
    open_text(window, tmp_path, "Fixed text.")
    window.view.setFocus()
    qtbot.keyClicks(window.view, "xyz")
    qtbot.keyClick(window.view, Qt.Key.Key_Backspace)
    qtbot.keyClick(window.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.view.toPlainText() == "Fixed text." and not window.isWindowModified()


def test_toolbar_button_and_context_menu_tag(window, qtbot, tmp_path):
    open_text(window, tmp_path, "The minister said the economy grew 5% last year.")
    view = window.view
    drag_select(qtbot, view, "The minister")
    button = window.findChild(QToolBar, "mainToolbar").widgetForAction(window.actions.tag_source)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    drag_select(qtbot, view, "the economy grew 5% last year")

    def choose_claim(menu):
        action = next(a for a in menu.actions() if a.text() == "Tag as &Claim")
        action.trigger()
        menu.close()

    on_next_popup(choose_claim)
    view.customContextMenuRequested.emit(point_at_selection(view))
    qtbot.waitUntil(lambda: len(window.session.annotations) == 2)
    assert sorted(a.tag for a in window.session.annotations) == sorted([Tag.SOURCE, Tag.CLAIM])


def on_next_popup(handler):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def poll(left=200):
        popup = QApplication.activePopupWidget()
        if popup is not None:
            handler(popup)
        elif left:
            QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, poll)


def point_at_selection(view):
    return view.cursorRect().center()


def test_nested_spans_stay_visible(window, qtbot, tmp_path):
    open_text(window, tmp_path, "He said “taxes will fall next year” on Monday.")
    view = window.view
    drag_select(qtbot, view, "He said “taxes will fall next year”")
    qtbot.keyClick(view, "1")
    drag_select(qtbot, view, "taxes will fall")
    qtbot.keyClick(view, "2")
    layout = view.document().firstBlock().layout()
    ranges = layout.formats()
    formats = {(r.start, r.start + r.length): QTextCharFormat(r.format) for r in ranges}
    from annotator.ui import tag_style

    inner = formats[qt_range(view, "taxes will fall")]
    assert inner.background().color() == tag_style.tint(Tag.QUOTE)
    assert inner.fontUnderline() and inner.underlineColor() == tag_style.color(Tag.CLAIM)
    outer = formats[qt_range(view, "He said “")]
    assert outer.background().color() == tag_style.tint(Tag.CLAIM) and not outer.fontUnderline()
    # deleting the inner one repaints the paragraph with the outer colour only
    window.panel.select_annotation(next(a.id for a in window.session.annotations if a.tag == Tag.QUOTE))
    window.panel.table.setFocus()
    qtbot.keyClick(window.panel.table, Qt.Key.Key_Delete)
    assert [a.tag for a in window.session.annotations] == [Tag.CLAIM]
    ranges = [(r.start, r.start + r.length) for r in view.document().firstBlock().layout().formats()]
    assert ranges == [qt_range(view, "He said “taxes will fall next year”")]


def test_panel_and_highlights_select_each_other(window, qtbot):
    assert window.open_path(SAMPLE, ask_to_save=False)
    view, panel = window.view, window.panel
    click_text(qtbot, view, "Interfax news service", offset=3)
    current = panel.current_annotation()
    assert (current.tag, current.quote.exact) == (Tag.SOURCE, "Interfax news service")
    assert panel.table.currentIndex().row() >= 0
    assert panel.quote_label.text() == "Interfax news service"

    click_row(qtbot, panel.table, 0)
    first = window.session.annotations[0]
    assert panel.current_annotation().id == first.id
    assert view.selected_span() == (first.start, first.end)

    # clicking inside a quote nested in a claim selects the innermost span
    click_text(qtbot, view, "very long time", offset=2)
    assert panel.current_annotation().quote.exact == "very long time."


def test_filters_and_counts(window, qtbot):
    window.open_path(SAMPLE, ask_to_save=False)
    panel = window.panel
    total = len(window.session.annotations)
    counts = {tag: window.session.annotations.count(tag) for tag in Tag}
    assert panel.tag_buttons[Tag.QUOTE].text() == f"Quote {counts[Tag.QUOTE]}"
    assert panel.summary.text() == f"{total} annotations"
    qtbot.mouseClick(panel.tag_buttons[Tag.CLAIM], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.tag_buttons[Tag.SOURCE], Qt.MouseButton.LeftButton)
    shown = panel.table.model().rowCount()
    assert shown == counts[Tag.QUOTE] + counts[Tag.UNVERIFIED]
    assert panel.summary.text() == f"Showing {shown} of {total} annotations"
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert panel.filter_edit.hasFocus()
    qtbot.keyClicks(panel.filter_edit, "garver")  # matches notes, case-insensitively
    tags = {panel.table.model().index(r, 0).data() for r in range(panel.table.model().rowCount())}
    assert panel.table.model().rowCount() >= 3 and tags <= {"Quote", "Unverified"}
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Backspace)  # typing in the filter never deletes annotations
    assert len(window.session.annotations) == total


def test_change_tag_delete_and_undo(window, qtbot):
    window.open_path(SAMPLE, ask_to_save=False)
    panel = window.panel
    click_row(qtbot, panel.table, 2)
    ann = panel.current_annotation()
    panel.tag_combo.setFocus()
    panel.tag_combo.setCurrentIndex(panel.tag_combo.findData(Tag.UNVERIFIED))
    panel.tag_combo.activated.emit(panel.tag_combo.currentIndex())
    assert window.session.annotations.get(ann.id).tag == Tag.UNVERIFIED
    assert window.actions.undo.text().startswith("&Undo Change tag")
    assert window.isWindowModified()
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert window.session.annotations.get(ann.id) is None
    window.actions.undo.trigger()
    window.actions.undo.trigger()
    assert window.session.annotations.get(ann.id).tag == ann.tag
    assert not window.isWindowModified()


def test_unsaved_changes_question_on_close_and_open(window, qtbot, tmp_path, monkeypatch):
    path = open_text(window, tmp_path, "Some claim.")
    drag_select(qtbot, window.view, "Some claim")
    qtbot.keyClick(window.view, "1")

    on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Cancel).click())
    assert not window.close()
    assert window.isVisible() and len(window.session.annotations) == 1

    on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Cancel).click())
    assert not window.open_path(SAMPLE)
    assert window.session.document.text == "Some claim."

    target = tmp_path / "saved.annotator.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Save).click())
    assert window.open_path(SAMPLE)
    assert len(saved_annotations(target)) == 1

    window.activateWindow()  # the offscreen platform does not hand focus back after a dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    drag_select(qtbot, window.view, "Reuters")
    qtbot.keyClick(window.view, "1")  # Reuters is a source already: a claim is a change
    assert window.isWindowModified()
    asked = on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Discard).click())
    assert window.close() and asked
    assert path.read_text() == "Some claim."  # the article itself is never written


def test_author_is_asked_once_and_remembered(qtbot, tmp_path):
    win = show_window(qtbot)
    open_text(win, tmp_path, "Alpha beta gamma.")
    drag_select(qtbot, win.view, "Alpha")

    def answer(dialog):
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("Rosa Reporter")
        dialog.accept()

    seen = on_next_dialog(answer)
    qtbot.keyClick(win.view, "1")
    assert len(seen) == 1
    win.activateWindow()  # the offscreen platform does not hand focus back after a dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    drag_select(qtbot, win.view, "gamma")
    qtbot.keyClick(win.view, "2")
    assert [a.author for a in win.session.annotations] == ["Rosa Reporter", "Rosa Reporter"]
    again = MainWindow()
    qtbot.addWidget(again, before_close_func=discard_changes)
    assert again.settings.author == "Rosa Reporter"


def test_open_errors_are_clear_and_keep_the_current_project(window, qtbot, tmp_path):
    window.open_path(SAMPLE, ask_to_save=False)
    bad = tmp_path / "colleague.json"
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["documents"][0]["annotations"][4]["quote"]["exact"] = "something else"
    bad.write_text(json.dumps(data), encoding="utf-8")
    before = bad.read_bytes()
    messages = []
    on_next_dialog(lambda box: (messages.append(box.text() + "\n" + box.informativeText()), box.accept()))
    assert not window.open_path(bad)
    assert "colleague.json" in messages[0] and "annotations[4]" in messages[0] and "something else" in messages[0]
    assert window.session.path == SAMPLE and bad.read_bytes() == before


def test_drop_recent_files_and_command_line(window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "dropped.txt"
    path.write_text("Dropped article text.", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.session.document.text == "Dropped article text."

    window.open_path(SAMPLE, ask_to_save=False)
    window.recent_menu.aboutToShow.emit()
    names = [a.text() for a in window.recent_menu.actions()]
    assert names[:2] == ["&1 russian-bombers-iran.annotator.json", "&2 dropped.txt"]
    window.recent_menu.actions()[1].trigger()
    assert window.session.document.text == "Dropped article text."

    import annotator.ui.app as app_module
    from annotator import cli

    opened = []
    monkeypatch.setattr(app_module, "run", lambda p=None: opened.append(p) or 0)
    assert cli.main([str(SAMPLE)]) == 0 and cli.main([]) == 0
    assert opened == [SAMPLE, None]


def test_shortcuts_come_from_the_action_table(window):
    from annotator.ui.actions import ACTIONS

    assert [a.name for a in ACTIONS if a.tag] == ["tag_claim", "tag_quote", "tag_source", "tag_unverified"]
    assert window.actions.tag_quote.shortcut() == QKeySequence("2")
    assert window.actions.undo.shortcut() == QKeySequence("Ctrl+Z")
    assert window.actions.redo.shortcuts() == [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]
    assert "(1)" in window.actions.tag_claim.toolTip()


def test_projects_with_several_documents(window, qtbot, tmp_path, monkeypatch):
    from annotator.core.model import Document
    from annotator.core.storage import save_project

    from .factories import project

    assert not window.document_combo.isVisible()  # nothing open yet
    window.open_path(SAMPLE, ask_to_save=False)
    assert not window.document_combo.isVisible()  # one document: no chooser
    p = project("First article text.", [(0, 5, Tag.CLAIM)])
    p.documents.append(Document.from_text("Second article, with its own claim.", title="Second"))
    path = tmp_path / "two.json"
    save_project(p, path)
    window.open_path(path, ask_to_save=False)
    combo = window.document_combo
    qtbot.waitUntil(combo.isVisible)  # the toolbar lays out again on the next event loop pass
    assert combo.count() == 2
    assert window.view.toPlainText() == "First article text."

    combo.activated.emit(1)
    assert window.view.toPlainText().startswith("Second article")
    assert window.panel.model.rowCount() == 0
    drag_select(qtbot, window.view, "its own claim")
    qtbot.keyClick(window.view, "1")
    assert window.panel.model.rowCount() == 1

    combo.activated.emit(0)
    assert window.panel.model.rowCount() == 1 and window.view.toPlainText() == "First article text."
    window.actions.undo.trigger()  # undoing brings the second document back
    assert combo.currentIndex() == 1 and window.panel.model.rowCount() == 0
    window.actions.redo.trigger()
    window.actions.save.trigger()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert [len(d["annotations"]) for d in saved["documents"]] == [1, 1]
    assert saved["documents"][1]["annotations"][0]["quote"]["exact"] == "its own claim"


def test_failed_save_says_why_and_keeps_the_work(window, qtbot, tmp_path, monkeypatch):
    open_text(window, tmp_path, "A claim to keep.")
    drag_select(qtbot, window.view, "A claim")
    qtbot.keyClick(window.view, "1")
    messages = []
    on_next_dialog(lambda box: (messages.append(box.text()), box.accept()))
    save_as(window, monkeypatch, tmp_path / "missing-folder" / "p.annotator.json")
    assert "No such file or directory" in messages[0] and "still open" in messages[0]
    assert window.isWindowModified() and len(window.session.annotations) == 1
    assert window.session.path is None


def test_keys_in_the_note_and_filter_boxes_edit_text_not_annotations(window, qtbot):
    window.open_path(SAMPLE, ask_to_save=False)
    total = len(window.session.annotations)
    click_row(qtbot, window.panel.table, 3)
    qtbot.keyClick(window.panel.table, Qt.Key.Key_F2)
    note = window.panel.note_edit
    assert note.hasFocus()
    qtbot.keyClicks(note, "ab")
    qtbot.keyClick(note, Qt.Key.Key_Left)
    qtbot.keyClick(note, Qt.Key.Key_Delete)
    qtbot.keyClicks(note, "3")
    assert len(window.session.annotations) == total
    assert window.panel.current_annotation().note.endswith("a3")


def test_right_click_a_highlight_to_retag_or_delete(window, qtbot):
    window.open_path(SAMPLE, ask_to_save=False)
    view = window.view
    start, _ = qt_range(view, "Tehran Times")
    pos = point_at(view, start + 2)

    def retag(menu):
        submenu = next(a.menu() for a in menu.actions() if a.text().startswith("Change Source “Tehran Times”"))
        next(a for a in submenu.actions() if a.text() == "Claim").trigger()
        menu.close()

    on_next_popup(retag)
    view.customContextMenuRequested.emit(pos)
    ann = next(a for a in window.session.annotations if a.quote.exact == "Tehran Times")
    assert ann.tag == Tag.CLAIM

    def delete(menu):
        next(a for a in menu.actions() if a.text() == "Delete Claim “Tehran Times”").trigger()
        menu.close()

    on_next_popup(delete)
    view.customContextMenuRequested.emit(pos)
    assert all(a.quote.exact != "Tehran Times" for a in window.session.annotations)
    assert window.actions.undo.text() == "&Undo Delete Claim “Tehran Times”"


def test_second_delete_does_not_remove_a_neighbour(window, qtbot):
    window.open_path(SAMPLE, ask_to_save=False)
    total = len(window.session.annotations)
    click_row(qtbot, window.panel.table, 5)
    gone = window.panel.current_annotation().id
    qtbot.keyClick(window.panel.table, Qt.Key.Key_Delete)
    assert window.session.annotations.get(gone) is None and window.panel.current_annotation() is None
    qtbot.keyClick(window.panel.table, Qt.Key.Key_Delete)
    assert len(window.session.annotations) == total - 1


def test_undo_in_the_note_box_uses_the_shared_stack(window, qtbot):
    window.open_path(SAMPLE, ask_to_save=False)
    click_row(qtbot, window.panel.table, 3)
    note = window.panel.note_edit
    before = window.panel.current_annotation().note
    note.setFocus()
    note.moveCursor(note.textCursor().MoveOperation.End)
    qtbot.keyClicks(note, " XYZ")
    assert window.panel.current_annotation().note == before + " XYZ"
    qtbot.keyClick(note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.panel.current_annotation().note == before and note.toPlainText() == before
    assert window.session.undo_stack.canRedo() and not window.isWindowModified()
    qtbot.keyClick(note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.panel.current_annotation().note == before + " XYZ"
    # typing a character and deleting it again leaves nothing to save
    qtbot.keyClick(note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(note, "q")
    qtbot.keyClick(note, Qt.Key.Key_Backspace)
    assert not window.isWindowModified()


def test_clicking_either_half_of_a_character_picks_it(window, qtbot):
    window.open_path(SAMPLE, ask_to_save=False)
    view = window.view
    headline = "Russian Bombers Are Flying Anti-ISIS Missions From Iranian Air Base"
    start, end = qt_range(view, headline)
    last = view.cursorRect(cursor_at(view, end - 1))
    right_half = last.center() + QPoint(max(1, (view.cursorRect(cursor_at(view, end)).x() - last.x()) // 2) - 1, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=right_half)
    assert window.panel.current_annotation().quote.exact == headline
    # the right half of the space before a span is not the span
    ministry = qt_range(view, "the Russian Defense Ministry")[0]
    before = view.cursorRect(cursor_at(view, ministry))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=before.center() - QPoint(1, 0))
    assert window.panel.current_annotation() is None


def cursor_at(view, pos):
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(view.document())
    cursor.setPosition(pos)
    return cursor


def test_clicking_a_hidden_annotation_keeps_the_filters(window, qtbot):
    window.open_path(SAMPLE, ask_to_save=False)
    panel = window.panel
    qtbot.mouseClick(panel.tag_buttons[Tag.QUOTE], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.filter_edit, "Reuters")  # the claim's row is filtered out; its highlight stays
    shown = panel.table.model().rowCount()
    click_text(qtbot, window.view, "Russian warplanes are now", offset=3)
    assert panel.current_annotation().tag == Tag.CLAIM  # its details are shown
    assert panel.filter_edit.text() == "Reuters" and not panel.tag_buttons[Tag.QUOTE].isChecked()
    assert panel.table.model().rowCount() == shown and not panel.table.selectionModel().hasSelection()


def test_only_paragraphs_on_screen_are_coloured_and_the_rest_when_scrolled_to(window, qtbot, tmp_path, monkeypatch):
    from annotator.core.storage import save_project
    from annotator.ui import tag_style
    from annotator.ui.commands import AddAnnotation

    from .factories import annotation, project

    text = "\n".join(f"Paragraph {n} says the figure rose." for n in range(3000))
    p = project(text)
    spans = [(text.index(f"Paragraph {n} "), text.index(f"Paragraph {n} ") + 9) for n in range(0, 3000, 3)]
    p.documents[0].annotations = [annotation(text, s, e, Tag.CLAIM, n) for n, (s, e) in enumerate(spans)]
    path = tmp_path / "long.json"
    save_project(p, path)
    window.open_path(path, ask_to_save=False)
    doc = window.view.document()
    qtbot.waitUntil(lambda: len(doc.findBlockByNumber(0).layout().formats()) == 1)
    last = doc.findBlockByNumber(2997)
    assert last.layout().formats() == []  # far below the screen: not coloured yet
    bar = window.view.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: len(doc.findBlockByNumber(2997).layout().formats()) == 1)

    # a span over the whole text: changing its tag recolours the screen now, the rest later
    whole = annotation(text, 0, len(text), Tag.SOURCE, 99_999)
    window.session.undo_stack.push(AddAnnotation(window.session, whole))
    ranges = doc.findBlockByNumber(2997).layout().formats()
    assert any(QTextCharFormat(r.format).background().color() == tag_style.tint(Tag.SOURCE) for r in ranges)
    bar.setValue(0)
    qtbot.waitUntil(lambda: len(doc.findBlockByNumber(1).layout().formats()) >= 1)


def test_a_new_project_is_offered_a_name_in_a_sensible_folder(window, tmp_path, monkeypatch):
    import platformdirs

    offered = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda _p, _t, path, _f: (offered.append(path), ("", ""))[1])
    window.settings._s.remove("lastFolder")
    from annotator.core.model import Document
    from annotator.ui.session import ProjectSession

    window.set_session(ProjectSession.from_document(Document.from_text("Pasted text.")))
    window.actions.save.trigger()
    assert offered == [str(Path(platformdirs.user_documents_dir()) / "untitled.annotator.json")]
    path = open_text(window, tmp_path, "An article.", name="story.txt")
    window.actions.save.trigger()
    assert offered[-1] == str(path.with_name("story.annotator.json"))


def test_undo_names_the_change_in_the_menu_but_not_in_the_toolbar(window, qtbot, tmp_path):
    open_text(window, tmp_path, "One claim here.")
    drag_select(qtbot, window.view, "One claim")
    qtbot.keyClick(window.view, "1")
    assert window.actions.undo.text() == "&Undo Tag “One claim” as Claim"
    button = window.findChild(QToolBar, "mainToolbar").widgetForAction(window.actions.undo)
    assert button.text() == "Undo"


def test_a_claim_gets_a_verdict(window, qtbot, tmp_path):
    open_text(window, tmp_path, "The minister said taxes fell. Reuters reported it.")
    panel = window.panel
    drag_select(qtbot, window.view, "taxes fell")
    qtbot.keyClick(window.view, "1")
    ann = panel.current_annotation()
    combo = panel.claim_details.verdict_combo
    assert ann.tag == Tag.CLAIM and combo.isVisible() and combo.currentText() == "No verdict"
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the first level of the project's scale
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert panel.current_annotation().verdict == "Mostly true" and combo.currentText() == "Mostly true · 4"
    window.actions.undo.trigger()  # one step per choice
    assert panel.current_annotation().verdict == "True" and combo.currentText() == "True · 5"
    drag_select(qtbot, window.view, "Reuters")
    qtbot.keyClick(window.view, "3")
    assert panel.current_annotation().tag == Tag.SOURCE and not combo.isVisible()  # only claims have verdicts


def test_export_and_import_from_the_file_menu(window, qtbot, tmp_path, monkeypatch):
    from annotator.core.formats import formats

    window.open_path(SAMPLE, ask_to_save=False)
    html_filter = next(f"{f.title} (*{f.extension})" for f in formats().values() if f.name == "html")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "report"), html_filter))
    window.actions.export.trigger()
    assert (tmp_path / "report.html").read_text(encoding="utf-8").count("<mark") >= 42

    jsonl = tmp_path / "other.jsonl"
    jsonl.write_text('{"text": "Ann 😀 said taxes fall.", "label": [[0, 3, "source"], [11, 22, "claim"], [6, 10, "VERB"]]}\n', encoding="utf-8")
    doccano_filter = next(f"{f.title} (*{f.extension})" for f in formats().values() if f.name == "doccano")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(jsonl), doccano_filter))
    seen = on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    window.actions["import"].trigger()
    assert "VERB" in seen[0].informativeText()
    assert [(a.tag, a.quote.exact) for a in window.session.annotations] == [(Tag.SOURCE, "Ann"), (Tag.CLAIM, "taxes fall.")]
    assert window.isWindowModified() and window.view.toPlainText() == "Ann 😀 said taxes fall."


def test_new_project_from_the_clipboard_and_article_details(window, qtbot):
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().setText("Pasted headline\r\n\r\nThe minister 😀 said taxes will fall.")
    qtbot.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.view.toPlainText() == "Pasted headline\n\nThe minister 😀 said taxes will fall."
    assert window.session.document.title == "Pasted headline" and window.isWindowModified()

    def fill(dialog):
        dialog.edits["outlet"].setText("Example News")
        dialog.edits["byline"].setText("Jane Reporter")
        dialog.edits["published"].setText("2016-08-16")
        dialog.edits["source_url"].setText("https://news.example.org/a")
        dialog.accept()

    on_next_dialog(fill)
    window.actions.article_details.trigger()
    doc = window.session.document
    assert (doc.outlet, doc.byline, doc.published, doc.source_url) == ("Example News", "Jane Reporter", "2016-08-16", "https://news.example.org/a")
    window.actions.undo.trigger()
    assert (doc.outlet, doc.source_url) == ("", None)
    window.actions.redo.trigger()
    from annotator.core.formats import formats

    assert b"Example News \xc2\xb7 Jane Reporter \xc2\xb7 2016-08-16" in formats()["html"].write(window.session.project)


def test_update_the_article_text_then_reattach_an_orphan(window, qtbot, tmp_path):
    text = "The minister said taxes will fall next year.\n\nCritics disagreed with the minister."
    path = open_text(window, tmp_path, text)
    drag_select(qtbot, window.view, "taxes will fall next year")
    qtbot.keyClick(window.view, "1")
    drag_select(qtbot, window.view, "Critics disagreed")
    qtbot.keyClick(window.view, "3")
    updated = tmp_path / "updated.txt"
    updated.write_text("UPDATE: corrected.\n\nThe minister said taxes would fall next year.\n\nOthers were unconvinced.", encoding="utf-8")

    summaries = []
    on_next_dialog(lambda d: (summaries.append(d.findChild(QLabel, "updateSummary").text()), d.accept()))
    assert window.update_text_from(updated)
    assert "<b>1</b> found with edited wording" in summaries[0] and "<b>1</b> not found" in summaries[0]
    assert window.view.toPlainText().startswith("UPDATE: corrected.")
    (claim,) = list(window.session.annotations)
    assert claim.quote.exact == "taxes would fall next year"
    qtbot.waitUntil(window.orphans_dock.isVisible)
    assert window.orphans_panel.list.count() == 1

    drag_select(qtbot, window.view, "Others were unconvinced")
    qtbot.mouseClick(window.orphans_panel.button, Qt.MouseButton.LeftButton)
    assert [a.tag for a in window.session.annotations] == [Tag.CLAIM, Tag.SOURCE]
    assert window.session.document.orphans == [] and window.orphans_panel.list.count() == 0

    window.actions.undo.trigger()  # the orphan comes back
    assert len(window.session.document.orphans) == 1
    window.actions.undo.trigger()  # and the old text with it
    assert window.view.toPlainText() == text and len(window.session.annotations) == 2
    assert path.read_text() == text  # the article file is never written


def test_text_from_files_is_never_shown_as_rich_text(window, qtbot, tmp_path):
    open_text(window, tmp_path, "He wrote <b>bold</b> and <img src='x'> here.")
    drag_select(qtbot, window.view, "<b>bold</b>")
    qtbot.keyClick(window.view, "1")
    panel = window.panel
    assert panel.quote_label.textFormat() == Qt.TextFormat.PlainText and panel.quote_label.text() == "<b>bold</b>"
    tip = panel.model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;bold&lt;/b&gt;" in tip and "<b>" not in tip
    assert window.view.toPlainText() == "He wrote <b>bold</b> and <img src='x'> here."
