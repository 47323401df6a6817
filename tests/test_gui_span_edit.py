"""Changing a tagged span as easily as making one: its ends moved by key and by dragging its
handles, and a tag key on the current annotation retagging it rather than adding another."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from annotator.core.model import Tag

from .gui_helpers import click_text, open_sample_copy, qt_range

ALT = Qt.KeyboardModifier.AltModifier
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
SAVE = Qt.KeyboardModifier.ControlModifier


def saved(path, ann_id: str) -> dict:
    return next(a for a in json.loads(path.read_text(encoding="utf-8"))["documents"][0]["annotations"] if a["id"] == ann_id)


def step_onto(qtbot, window, needle: str):
    click_text(qtbot, window.view, needle, offset=2)
    current = window.panel.current_annotation()
    assert current is not None and current.quote.exact == needle
    return current


def test_keys_move_either_end_by_word_and_by_character_keeping_the_rest(window, qtbot, tmp_path):
    path = open_sample_copy(window, tmp_path)
    view = window.view
    before = step_onto(qtbot, window, "the Russian Defense Ministry")
    assert before.note  # what must survive the move
    qtbot.keyClick(view, Qt.Key.Key_Left, ALT)  # the end a word earlier
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL_ALT)  # the start a word later
    assert window.panel.current_annotation().quote.exact == "Russian Defense"
    qtbot.keyClick(view, Qt.Key.Key_Right, ALT)
    qtbot.keyClick(view, Qt.Key.Key_Right, ALT)  # on past the next word
    qtbot.keyClick(view, Qt.Key.Key_Comma, CTRL_ALT)  # and one character back at the start: the space is passed over
    moved = window.panel.current_annotation()
    assert moved.quote.exact == "e Russian Defense Ministry said"  # exact: one character, not the word
    assert view.selected_span() == (moved.start, moved.end)  # the selection follows the annotation
    qtbot.keyClick(window, Qt.Key.Key_S, SAVE)
    data = saved(path, before.id)
    text = window.session.document.text
    assert (data["start"], data["end"]) == (moved.start, moved.end)
    assert data["quote"]["exact"] == text[moved.start:moved.end]
    assert data["quote"]["prefix"] == text[max(0, moved.start - len(data["quote"]["prefix"])):moved.start]
    assert data["quote"]["suffix"] == text[moved.end:moved.end + len(data["quote"]["suffix"])]
    assert data["note"] == before.note and data["author"] == before.author and data["created"]
    assert data["modified_by"] == "Test Checker"
    # One undo step per key press: five presses, five steps back to where it was.
    for _ in range(5):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    back = window.session.annotations.get(before.id)
    assert (back.start, back.end, back.quote, back.note) == (before.start, before.end, before.quote, before.note)


def test_a_move_that_would_empty_the_annotation_says_so(window, qtbot, tmp_path):
    open_sample_copy(window, tmp_path)
    ann = step_onto(qtbot, window, "Reuters")
    qtbot.keyClick(window.view, Qt.Key.Key_Left, ALT)
    assert window.session.annotations.get(ann.id).quote.exact == "Reuters"
    assert "can't move further" in window.statusBar().currentMessage()


def _text_point(view, qt_pos: int) -> QPoint:
    cursor = view.textCursor()
    cursor.setPosition(qt_pos)
    rect = view.cursorRect(cursor)
    return QPoint(rect.x(), rect.center().y())


def test_dragging_the_end_handle_moves_the_end_to_a_word_end(window, qtbot, tmp_path):
    path = open_sample_copy(window, tmp_path)
    view = window.view
    ann = step_onto(qtbot, window, "the Russian Defense Ministry")
    QApplication.processEvents()
    start16, end16 = qt_range(view, "the Russian Defense Ministry")
    grip = view.handles.knob("end")  # below the end of the line, where the handle is drawn
    assert grip.x() == view.cursorRect(view.cursor_at(ann.end)).x() and grip.y() > _text_point(view, end16).y()
    viewport = view.viewport()
    qtbot.mouseMove(viewport, pos=_text_point(view, end16))  # the text itself: still a text pointer
    assert viewport.cursor().shape() == Qt.CursorShape.IBeamCursor
    qtbot.mouseMove(viewport, pos=grip)
    assert viewport.cursor().shape() == Qt.CursorShape.SizeHorCursor  # the pointer says it can be taken
    # Dragged into the middle of the next word: the end lands at that word's end.
    said16, _ = qt_range(view, "said that")
    target = _text_point(view, said16 + 2)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=grip)
    qtbot.mouseMove(viewport, pos=target)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=target)
    moved = window.session.annotations.get(ann.id)
    assert moved.quote.exact == "the Russian Defense Ministry said"
    assert view.selected_span() == (moved.start, moved.end)
    qtbot.keyClick(window, Qt.Key.Key_S, SAVE)
    assert saved(path, ann.id)["quote"]["exact"] == "the Russian Defense Ministry said"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one step for the whole drag
    assert window.session.annotations.get(ann.id).quote.exact == "the Russian Defense Ministry"
    # The start handle, dragged back into the word before, takes in that whole word.
    window.panel.select_annotation(ann.id)
    QApplication.processEvents()
    grip = view.handles.knob("start")
    before16, _ = qt_range(view, "statement, the Russian")
    target = _text_point(view, before16 + 3)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=grip)
    qtbot.mouseMove(viewport, pos=target)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=target)
    assert window.session.annotations.get(ann.id).quote.exact == "statement, the Russian Defense Ministry"


def test_a_tag_key_on_the_current_annotation_retags_it_and_shift_adds_a_second(window, qtbot, tmp_path):
    path = open_sample_copy(window, tmp_path)
    view = window.view
    count = len(window.session.annotations)
    ann = step_onto(qtbot, window, "Reuters")
    assert ann.tag == Tag.SOURCE
    window.view.select_span(ann.start, ann.end)  # as stepping onto it with Alt+Down leaves it
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert len(window.session.annotations) == count  # no duplicate
    assert window.session.annotations.get(ann.id).tag == Tag.QUOTE
    assert "Shift+3" not in window.statusBar().currentMessage() and "Shift+2" in window.statusBar().currentMessage()
    qtbot.keyClick(window, Qt.Key.Key_S, SAVE)
    assert saved(path, ann.id)["tag"] == "quote"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.annotations.get(ann.id).tag == Tag.SOURCE
    # Shift+number: a deliberate second tag on exactly the same text.
    window.view.select_span(ann.start, ann.end)
    qtbot.keyClick(view, Qt.Key.Key_2, Qt.KeyboardModifier.ShiftModifier)
    same = [a for a in window.session.annotations if (a.start, a.end) == (ann.start, ann.end)]
    assert sorted(a.tag.value for a in same) == ["quote", "source"]
    # The Alt+Down way: step onto an annotation, then a number retags it.
    qtbot.keyClick(view, Qt.Key.Key_Down, ALT)
    current = window.panel.current_annotation()
    before = len(window.session.annotations)
    key = Qt.Key.Key_1 if current.tag != Tag.CLAIM else Qt.Key.Key_4
    qtbot.keyClick(view, key)
    assert len(window.session.annotations) == before and window.session.annotations.get(current.id).tag != current.tag


def test_a_drag_whose_annotation_goes_away_ends_quietly(window, qtbot, tmp_path):
    open_sample_copy(window, tmp_path)
    view = window.view
    ann = step_onto(qtbot, window, "the Russian Defense Ministry")
    QApplication.processEvents()
    viewport = view.viewport()
    grip = view.handles.knob("end")
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=grip)
    view.mark_current(None)  # as an undo or a reload takes the annotation away mid-drag
    qtbot.mouseMove(viewport, pos=grip + QPoint(40, 0))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=grip + QPoint(40, 0))
    assert window.session.annotations.get(ann.id).quote.exact == "the Russian Defense Ministry"
