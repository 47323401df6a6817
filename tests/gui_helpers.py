"""Driving the document view the way a person does: find words on screen, drag, click."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QTableView

from annotator.ui.document_view import DocumentView

from .conftest import SAMPLE


def qt_range(view: DocumentView, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """Qt (UTF-16) positions of ``needle`` as Qt's own search finds it in the view."""
    cursor = QTextCursor(view.document())
    for _ in range(occurrence + 1):
        cursor = view.document().find(needle, cursor)
        assert not cursor.isNull(), f"{needle!r} not in the view"
    return cursor.selectionStart(), cursor.selectionEnd()


def point_at(view: DocumentView, qt_pos: int) -> QPoint:
    """A viewport point that a click would place the caret at ``qt_pos``."""
    QApplication.processEvents()  # a scroll bar still to appear would re-wrap the text after
    cursor = QTextCursor(view.document())
    cursor.setPosition(qt_pos)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    rect = view.cursorRect(cursor)
    return QPoint(rect.center().x(), rect.center().y())


def drag_select(qtbot, view: DocumentView, needle: str, occurrence: int = 0) -> None:
    """Select ``needle`` by pressing the mouse before it and releasing after it."""
    start, end = qt_range(view, needle, occurrence)
    a = point_at(view, start)
    b = point_at(view, end)
    # point_at moved the caret: put it somewhere neutral so the press starts a new selection
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(view.viewport(), pos=b)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=b)
    got = view.textCursor()
    assert (got.selectionStart(), got.selectionEnd()) == (start, end), "drag did not select the words"


def click_text(qtbot, view: DocumentView, needle: str, offset: int = 1, occurrence: int = 0) -> None:
    start, _end = qt_range(view, needle, occurrence)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(view, start + offset))


def click_row(qtbot, table: QTableView, row: int, column: int = 1) -> None:
    index = table.model().index(row, column)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())


def open_sample_copy(window, folder, name: str = "work.annotator.json"):
    """The sample project copied into ``folder`` and opened there, so saves go to the copy."""
    path = folder / name
    path.write_bytes(SAMPLE.read_bytes())
    window.open_path(path, ask_to_save=False)
    return path


def tag_add_interest(qtbot, window, key: str = "1") -> None:
    """Select the words "Add Interest" with the mouse and tag them with ``key`` (1-4)."""
    drag_select(qtbot, window.view, "Add Interest")
    qtbot.keyClick(window.view, key)


def process_dies(window) -> None:
    """As if the app's process had died: nothing of this window writes or removes its
    recovery file any more (its autosave timer, still alive in the test, would otherwise
    write a second one while a later dialog runs the event loop)."""
    guard = window.file_guard
    guard.autosave.stop()
    guard.write_recovery = lambda: True
    guard.writer = None
    guard.watch(None)
