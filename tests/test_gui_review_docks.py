"""The "Changes since review" dock of a merged project: it opens at a sensible height without
squeezing the annotation list, and keeps the height the user drags it to."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QTableView

from annotator.core.storage import load_project
from annotator.ui.review_session import ReviewSession

from .conftest import ROOT, SAMPLE, show_window

COLLEAGUE = ROOT / "projects" / "russian-bombers-iran.colleague.annotator.json"


def merged_project(folder):
    """The sample reviewed against the colleague's and merged: a project with review records."""
    session = ReviewSession(load_project(SAMPLE), load_project(COLLEAGUE), SAMPLE.name, COLLEAGUE.name, "Rita Reviewer")
    path = folder / "merged.annotator.json"
    session.save_merged(path)
    session.deleteLater()
    return path


def whole_rows(table: QTableView) -> int:
    """Rows shown whole in the table's viewport, as a person would count them."""
    bottom = table.viewport().rect().bottom()
    rows = 0
    for row in range(table.model().rowCount()):
        rect = table.visualRect(table.model().index(row, 0))
        rows += rect.top() >= 0 and rect.bottom() <= bottom
    return rows


def open_merged(qtbot, path, size=(1400, 900)):
    window = show_window(qtbot)
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    assert window.open_path(path, ask_to_save=False)
    qtbot.waitUntil(lambda: window.changes_dock.isVisible())
    QApplication.processEvents()  # the layout places the dock
    return window


def drag_dock_top(qtbot, window, dock, dy: int) -> None:
    """Drag the separator above ``dock`` by ``dy`` pixels with the mouse, as a person does."""
    above = window.centralWidget().geometry().bottom()
    y = (above + dock.geometry().top()) // 2
    start = QPoint(dock.geometry().center().x(), y)
    end = QPoint(start.x(), y + dy)
    qtbot.mousePress(window, Qt.MouseButton.LeftButton, pos=start)
    height = dock.height()
    qtbot.mouseMove(window, pos=QPoint(start.x(), y + dy // 2))
    qtbot.mouseMove(window, pos=end)
    # Qt moves the separator from a zero timer after the mouse moved
    qtbot.waitUntil(lambda: dock.height() != height)
    qtbot.mouseRelease(window, Qt.MouseButton.LeftButton, pos=end)
    QApplication.processEvents()


def test_changes_dock_leaves_the_list_several_rows_and_remembers_its_height(qtbot, author, tmp_path):
    path = merged_project(tmp_path)
    window = open_merged(qtbot, path)
    changes = window.changes_panel.table
    assert changes.model().rowCount() > 10
    assert whole_rows(window.panel.table) >= 8, "the annotation list is squeezed"
    assert whole_rows(changes) >= 3, "the changes list is squeezed"

    first = window.changes_dock.height()
    drag_dock_top(qtbot, window, window.changes_dock, -90)  # up: a taller dock
    dragged = window.changes_dock.height()
    assert dragged > first + 40, "the drag did not resize the dock"
    assert whole_rows(window.panel.table) >= 6  # the list keeps its rows even so
    window.close()

    again = open_merged(qtbot, path)
    assert again.changes_dock.height() == dragged
