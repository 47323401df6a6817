"""Reviewing a colleague's project in the real windows: step, decide, comment, merge, reopen."""

from __future__ import annotations

import gc
import json
import time
import weakref

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QToolBar

from annotator.core.model import Decision, ReviewStatus, Tag
from annotator.core.review import Group
from annotator.ui.main_window import MainWindow
from annotator.ui.review_model import DECISION

from .conftest import ROOT, SAMPLE, discard_changes, on_next_dialog
from .gui_helpers import click_text, qt_range

COLLEAGUE = ROOT / "projects" / "russian-bombers-iran.colleague.annotator.json"


def start(qtbot, window):
    """A review opened through the main window, active so its shortcuts work."""
    review = window.start_review(COLLEAGUE)
    assert review is not None and review.isVisible()
    review.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is review)
    review.table.setFocus()
    return review


def write_colleague(path, notes=None, changed_by=None):
    """The colleague's sample with their notes on some spans (by quote) and some annotations
    changed later by someone else (quote: name), saved to ``path`` as a real file."""
    from annotator.core.storage import load_project, save_project

    theirs = load_project(COLLEAGUE)
    doc = theirs.documents[0]
    for n, ann in enumerate(doc.annotations):
        exact = ann.quote.exact
        if exact in (notes or {}):
            ann = ann.model_copy(update={"note": notes[exact]})
        if exact in (changed_by or {}):
            ann = ann.changed(changed_by[exact])
        doc.annotations[n] = ann
    save_project(theirs, path)
    return path


def start_on(qtbot, window, theirs_path):
    """Open the sample, review ``theirs_path`` against it, and make the review active."""
    assert window.open_path(SAMPLE, ask_to_save=False)
    review = window.start_review(theirs_path)
    assert review is not None
    qtbot.addWidget(review, before_close_func=lambda w: w.session.undo_stack.setClean())
    reactivate(qtbot, review)
    review.table.setFocus()
    return review


def merge_to(qtbot, review, path, monkeypatch):
    """Ctrl+S in the review, saving the merge as ``path`` and not opening it; its JSON."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.No).click())  # "Open the merge?"
    qtbot.keyClick(review.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert path.exists() and not review.isWindowModified()
    return json.loads(path.read_text(encoding="utf-8"))


def flush_deletes(qtbot) -> None:
    qtbot.wait(50)
    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()
        gc.collect()


def open_review(qtbot, window):
    assert window.open_path(SAMPLE, ask_to_save=False)
    review = window.start_review(COLLEAGUE)
    assert review is not None
    qtbot.addWidget(review, before_close_func=lambda w: w.session.undo_stack.setClean())
    review.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is review)
    return review


def reactivate(qtbot, widget):
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def current_item(review):
    return review.session.items[review.current_row()]


def test_step_decide_comment_merge_and_reopen(window, qtbot, tmp_path, monkeypatch):
    inputs = (SAMPLE.read_bytes(), COLLEAGUE.read_bytes())
    review = open_review(qtbot, window)
    groups = {g: int(b.text().rsplit(" ", 1)[1]) for g, b in review.group_buttons.items()}
    assert groups[Group.AGREED] + groups[Group.FACTS_DIFFER] > 20 and sum(groups.values()) == len(review.session.items)
    assert all(groups.values())  # the sample has every group
    qtbot.waitUntil(lambda: "kappa" in review.agreement_label.text())  # worked out on a worker thread

    table = review.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F8)
    first = current_item(review)
    assert first.group != Group.AGREED
    assert review.view.selected_span() == (first.start, first.end)

    # step to a tag difference and accept their tag; the selection stays on it (F8 moves on)
    while current_item(review).group != Group.TAG_DIFFERS:
        qtbot.keyClick(table, Qt.Key.Key_F8)
    row = review.current_row()
    tag_item = current_item(review)
    qtbot.keyClick(table, Qt.Key.Key_T)
    assert review.session.decision(row).decision == Decision.ACCEPTED_THEIRS
    assert review.current_row() == row
    assert review.isWindowModified()
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert review.session.decision(row) is None
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert review.session.decision(row).decision == Decision.ACCEPTED_THEIRS
    assert review.model.index(row, DECISION).data() == "Accepted theirs"

    # comment on it with a verdict
    review.select_row(row)
    review.status_combo.setCurrentIndex(review.status_combo.findData("accepted"))
    review.status_combo.activated.emit(review.status_combo.currentIndex())
    review.comment_edit.setFocus()
    qtbot.keyClicks(review.comment_edit, "Their tag fits: it is only the ministry's word.")
    assert review.session.comment(row).status == ReviewStatus.ACCEPTED

    # an only-mine item: keep it; a span difference: keep both
    only_mine = next(r for r, i in enumerate(review.session.items) if i.group == Group.ONLY_MINE)
    review.select_row(only_mine)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_M)
    span_row = next(r for r, i in enumerate(review.session.items) if i.group == Group.SPAN_DIFFERS)
    review.select_row(span_row)
    qtbot.keyClick(table, Qt.Key.Key_B)

    # edit an only-theirs item into a claim of my own
    theirs_row = next(r for r, i in enumerate(review.session.items) if i.group == Group.ONLY_THEIRS)
    review.select_row(theirs_row)

    def edit(dialog):
        dialog.tag_combo.setCurrentIndex(dialog.tag_combo.findData("unverified"))
        dialog.note_edit.setPlainText("Reviewer: speculation, mark it unverified")
        dialog.accept()

    on_next_dialog(edit)
    qtbot.keyClick(table, Qt.Key.Key_E)
    assert review.session.decision(theirs_row).decision == Decision.EDITED
    reactivate(qtbot, review)  # the offscreen platform does not hand focus back after a dialog

    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    agreed = [r for r, i in enumerate(review.session.items) if i.group == Group.AGREED]
    assert all(review.session.decision(r).decision == Decision.AGREED for r in agreed)

    # merge and save as a new file, then open it in the main window
    merged_path = tmp_path / "merged.annotator.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(merged_path), ""))
    on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    qtbot.keyClick(table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not review.isWindowModified()
    assert (SAMPLE.read_bytes(), COLLEAGUE.read_bytes()) == inputs  # neither input written
    qtbot.waitUntil(lambda: window.session.path == merged_path)

    data = json.loads(merged_path.read_text(encoding="utf-8"))
    assert data["metadata"]["reviews"][0]["theirs"] == COLLEAGUE.name
    anns = {(a["quote"]["exact"], a["tag"]) for a in data["documents"][0]["annotations"]}
    assert (tag_item.theirs.quote.exact, tag_item.theirs.tag.value) in anns
    assert (tag_item.mine.quote.exact, tag_item.mine.tag.value) not in anns or tag_item.mine.quote.exact != tag_item.theirs.quote.exact
    edited = review.session.items[theirs_row].theirs.quote.exact
    assert (edited, "unverified") in anns
    commented = [a for a in data["documents"][0]["annotations"] if a["comments"]]
    assert commented[0]["comments"][0]["status"] == "accepted" and commented[0]["comments"][0]["author"] == "Test Checker"

    # the original annotator sees what changed and why
    assert window.changes_dock.isVisible()
    changes = window.changes_panel.model
    described = [changes.index(r, 0).data() for r in range(changes.rowCount())]
    assert any(d.startswith(f"{tag_item.mine.tag.value} → {tag_item.theirs.tag.value}") for d in described)
    assert any(d.startswith("added unverified") for d in described)
    comments = [changes.index(r, 4).data() for r in range(changes.rowCount())]
    assert "[accepted] Their tag fits: it is only the ministry's word." in comments

    fresh = MainWindow()
    qtbot.addWidget(fresh, before_close_func=discard_changes)
    assert fresh.open_path(merged_path, ask_to_save=False)
    assert fresh.changes_panel.model.rowCount() == changes.rowCount()
    # clicking the change shows the annotation, with the reviewer's comment in its details
    row = comments.index("[accepted] Their tag fits: it is only the ministry's word.")
    fresh.changes_panel.table.clicked.emit(fresh.changes_panel.model.index(row, 0))
    assert fresh.panel.comments_label.text().startswith("Accepted theirs by Test Checker")
    assert "Accepted: Their tag fits" in fresh.panel.comments_label.text()
    assert fresh.panel.current_annotation().tag == tag_item.theirs.tag


def test_filters_and_clicks_in_the_article(window, qtbot):
    review = open_review(qtbot, window)
    qtbot.mouseClick(review.group_buttons[Group.AGREED], Qt.MouseButton.LeftButton)
    shown = review.proxy.rowCount()
    assert shown == len(review.session.items) - int(review.group_buttons[Group.AGREED].text().rsplit(" ", 1)[1])
    review.tag_filter.setCurrentIndex(review.tag_filter.findData("unverified"))
    assert 0 < review.proxy.rowCount() < shown
    for r in range(review.proxy.rowCount()):
        item = review.session.items[review.proxy.mapToSource(review.proxy.index(r, 0)).row()]
        assert Tag.UNVERIFIED in {a.tag for a in (item.mine, item.theirs) if a}
    review.tag_filter.setCurrentIndex(0)
    qtbot.mouseClick(review.group_buttons[Group.AGREED], Qt.MouseButton.LeftButton)
    click_text(qtbot, review.view, "Interfax news service", offset=2)
    item = current_item(review)
    assert item.group == Group.AGREED and item.mine.quote.exact == "Interfax news service"
    # both people's spans are drawn: mine filled, theirs with a wavy underline
    block = review.view.document().findBlock(qt_range(review.view, "Interfax")[0])
    ranges = block.layout().formats()
    formats = [QTextCharFormat(r.format) for r in ranges]
    assert any(f.background().style() != Qt.BrushStyle.NoBrush for f in formats)
    assert any(f.underlineStyle() == f.UnderlineStyle.WaveUnderline for f in formats)


def test_closing_with_undecided_work_asks_and_the_answer_counts(window, qtbot):
    assert window.open_path(SAMPLE, ask_to_save=False)
    review = start(qtbot, window)
    qtbot.keyClick(review.table, Qt.Key.Key_F8)
    qtbot.keyClick(review.table, Qt.Key.Key_T)
    asked = on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Cancel).click())
    qtbot.keyClick(review.table, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert asked and review.isVisible() and review.isWindowModified()
    assert window.review_windows == [review]
    refs = [weakref.ref(review), weakref.ref(review.session)]
    reactivate(qtbot, review)  # the offscreen platform does not hand focus back after a dialog
    asked = on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Discard).click())
    qtbot.keyClick(review.table, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert asked and not review.isVisible()
    del review
    flush_deletes(qtbot)
    assert [r() for r in refs] == [None, None] and window.review_windows == []
    assert not window.isWindowModified()  # discarding the merge changes nothing of mine


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{oops", "not valid JSON"),
        (b'{"schema_version": 99}', "newer annotator"),
        (b'{"schema_version": 2, "documents": [{"text": "x", "sha256": "0", "annotations": []}]}', "documents[0].sha256"),
    ],
)
def test_a_bad_colleague_file_is_refused(window, qtbot, tmp_path, content, expected):
    window.open_path(SAMPLE, ask_to_save=False)
    bad = tmp_path / "colleague.json"
    bad.write_bytes(content)
    messages = []
    on_next_dialog(lambda box: (messages.append(box.informativeText()), box.accept()))
    assert window.start_review(bad) is None
    assert expected in messages[0] and bad.read_bytes() == content
    assert not window.review_windows and not window.isWindowModified()


def test_the_review_command_opens_both_windows(qtbot, monkeypatch, author):
    from annotator.ui import app

    started = []
    monkeypatch.setattr(type(QApplication.instance()), "exec", lambda self: started.append(True) or 0)
    assert app.run_review(SAMPLE, COLLEAGUE) == 0 and started
    reviews = [w for w in QApplication.topLevelWidgets() if w.objectName() == "reviewWindow" and w.isVisible()]
    assert reviews
    for w in reviews:
        w.session.undo_stack.setClean()
        w.close()
    for w in QApplication.topLevelWidgets():
        if w.objectName() == "mainWindow" and w.isVisible():
            discard_changes(w)
            w.close()


def test_decisions_are_not_pushed_twice_and_undo_shows_the_row(window, qtbot):
    review = open_review(qtbot, window)
    table = review.table
    table.setFocus()
    agreed = next(r for r, i in enumerate(review.session.items) if i.group == Group.AGREED)
    review.select_row(agreed)
    qtbot.keyClick(table, Qt.Key.Key_B)  # keep both on an agreed item: an explicit choice
    review.select_row(agreed)
    depth = review.session.undo_stack.count()
    qtbot.keyClick(table, Qt.Key.Key_B)  # the same again: nothing new to undo
    assert review.session.undo_stack.count() == depth
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert review.session.decision(agreed).decision == Decision.KEPT_BOTH  # not overwritten
    other = next(r for r, i in enumerate(review.session.items) if i.group == Group.ONLY_THEIRS)
    review.select_row(other)
    qtbot.keyClick(table, Qt.Key.Key_Backspace)  # undecide an undecided item: no step, not modified
    assert review.session.undo_stack.count() == depth + 1
    review.select_row(other)
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undoes "accept agreed"
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undoes "keep both"
    assert review.current_row() == agreed and review.session.decision(agreed) is None
    qtbot.waitUntil(lambda: "overlapping spans" in review.agreement_label.text())


def test_editing_the_project_during_a_review_does_not_change_the_review(window, qtbot):
    from .gui_helpers import drag_select

    review = open_review(qtbot, window)
    before = len(review.session.review.mine.annotations)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    drag_select(qtbot, window.view, "Add Interest")
    qtbot.keyClick(window.view, "1")
    assert len(window.session.annotations) == before + 1
    assert len(review.session.review.mine.annotations) == before


def test_closing_before_the_numbers_arrive_drops_them(window, qtbot, monkeypatch):
    """The worker finishes after its window is gone: its result is dropped, nothing raises,
    and the window and its session are freed all the same."""
    import annotator.ui.review_session as review_session

    started, release = [], []
    real = review_session.agreement

    def slow(*args):  # on the worker thread: waits until the window is closed
        started.append(True)
        deadline = time.monotonic() + 5
        while not release and time.monotonic() < deadline:
            time.sleep(0.01)
        return real(*args)

    monkeypatch.setattr(review_session, "agreement", slow)
    assert window.open_path(SAMPLE, ask_to_save=False)
    review = window.start_review(COLLEAGUE)
    qtbot.waitUntil(lambda: bool(started))  # the worker is running
    assert review.agreement_label.text() == "Computing agreement…"
    refs = [weakref.ref(review), weakref.ref(review.session)]
    review.close()
    del review
    release.append(True)
    qtbot.wait(300)  # the worker delivers to a window that is gone
    flush_deletes(qtbot)
    assert [r() for r in refs] == [None, None]
    # and a new review works out its numbers as usual
    again = window.start_review(COLLEAGUE)
    qtbot.waitUntil(lambda: "kappa" in again.agreement_label.text())
    again.close()


def test_undo_and_redo_are_qt_own_actions_naming_the_decision(window, qtbot):
    from PySide6.QtCore import SIGNAL

    review = open_review(qtbot, window)
    table = review.table
    table.setFocus()
    edit_menu = next(a.menu() for a in review.menuBar().actions() if a.text() == "&Edit")
    undo, redo = edit_menu.actions()[:2]
    assert (undo.text(), redo.text(), undo.isEnabled(), redo.isEnabled()) == ("&Undo", "&Redo", False, False)
    assert undo.toolTip() == "Undo the last change (Ctrl+Z)" and redo.toolTip() == "Redo the change just undone (Ctrl+Shift+Z)"
    assert [k.toString() for k in undo.shortcuts()] == ["Ctrl+Z"] and [k.toString() for k in redo.shortcuts()] == ["Ctrl+Shift+Z", "Ctrl+Y"]
    assert undo.iconText() == "Undo" and undo in review.findChild(QToolBar, "reviewToolbar").actions()
    # Qt's own: the stack updates them itself, nothing in the window keeps their text by hand
    stack = review.session.undo_stack
    assert stack.receivers(SIGNAL("undoTextChanged(QString)")) and stack.receivers(SIGNAL("redoTextChanged(QString)"))

    qtbot.keyClick(table, Qt.Key.Key_F8)
    row = review.current_row()
    qtbot.keyClick(table, Qt.Key.Key_M)
    assert undo.text() == "&Undo Kept mine (1 item)" and undo.isEnabled()
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert review.session.decision(row) is None and review.current_row() == row
    assert (undo.text(), undo.isEnabled(), redo.text()) == ("&Undo", False, "&Redo Kept mine (1 item)")
    qtbot.keyClick(table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert review.session.decision(row).decision == Decision.KEPT_MINE
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert review.session.decision(row).decision == Decision.KEPT_MINE and redo.text() == "&Redo"


def test_deciding_stays_on_the_item_and_f8_skips_nothing(window, qtbot):
    """The README's rule: M, T and B decide the selected item and leave the selection on it,
    saying so in the status bar; F8 alone moves on. Deciding and stepping through the whole
    list with key presses visits every difference once, in order."""
    review = open_review(qtbot, window)
    table = review.table
    table.setFocus()
    differences = [
        review.proxy.mapToSource(review.proxy.index(r, 0)).row() for r in range(review.proxy.rowCount())
        if review.session.items[review.proxy.mapToSource(review.proxy.index(r, 0)).row()].group != Group.AGREED
    ]
    assert len(differences) > 5
    keys = [Qt.Key.Key_M, Qt.Key.Key_T, Qt.Key.Key_B]
    expected = {Qt.Key.Key_M: Decision.KEPT_MINE, Qt.Key.Key_T: Decision.ACCEPTED_THEIRS, Qt.Key.Key_B: Decision.KEPT_BOTH}
    visited = []
    for n in range(len(differences)):
        qtbot.keyClick(table, Qt.Key.Key_F8)
        row = review.current_row()
        place = review.proxy.mapFromSource(review.model.index(row, 0)).row() + 1
        assert review.statusBar().currentMessage().startswith(f"Item {place} of {review.proxy.rowCount()}: ")
        visited.append(row)
        key = keys[n % 3]
        qtbot.keyClick(table, key)
        assert review.session.decision(row).decision == expected[key]
        assert review.current_row() == row, "the decision moved the selection"
        assert review.table.viewport().rect().contains(review.table.visualRect(review.table.currentIndex()).center())
        said = review.statusBar().currentMessage()
        assert said == f"Item {place} of {review.proxy.rowCount()}: {expected[key].value}. F8 goes to the next difference."
    assert visited == differences  # each difference once, none stepped over
    assert review.session.undecided() == 0


def test_side_by_side_does_not_double_quotation_marks(window, qtbot, tmp_path):
    """A quote tagged with its own quotation marks is shown with them, not inside another pair."""
    from annotator.core.storage import save_project

    from .factories import project

    text = "“I am standing here, in Aleppo,” the minister said. «Nous verrons», he added."
    first, second = text.index("”") + 1, text.index("»") + 1
    mine = project(text, [(0, first, Tag.QUOTE), (text.index("«"), second, Tag.QUOTE)])
    theirs = project(text, [(0, first, Tag.CLAIM), (text.index("«"), second, Tag.SOURCE)])
    save_project(mine, tmp_path / "mine.annotator.json")
    save_project(theirs, tmp_path / "theirs.annotator.json")
    assert window.open_path(tmp_path / "mine.annotator.json", ask_to_save=False)
    review = window.start_review(tmp_path / "theirs.annotator.json")
    qtbot.addWidget(review, before_close_func=lambda w: w.session.undo_stack.setClean())
    reactivate(qtbot, review)
    review.table.setFocus()
    seen = []
    for _ in range(2):
        qtbot.keyClick(review.table, Qt.Key.Key_F8)
        for key in ("mine", "theirs"):
            label = review.side_labels[key].text()
            quote = current_item(review).mine.quote.exact
            assert quote in label.replace("&amp;", "&")
            for mark in "“”«»":
                assert mark * 2 not in label, label
            assert label.count(quote[0]) == 1 and label.count(quote[-1]) == 1
            seen.append(quote)
    assert set(seen) == {text[:first], text[text.index("«"):second]}
