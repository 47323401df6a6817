"""What the app's read-only lists have in common: the table view's setup and the model's columns."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def list_table(name: str, accessible_name: str, stretch: tuple[int, ...], widths: dict[int, int], description: str = "") -> QTableView:
    """A table of whole-row selection, no in-place editing, no row numbers; the ``stretch``
    columns share the spare width. ``description`` tells a screen reader what a row is."""
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName(accessible_name)
    table.setAccessibleDescription(description)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setTabKeyNavigation(False)  # Tab leaves the list for the next control; arrows move in it
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    for column, width in widths.items():
        header.resizeSection(column, width)
    return table


class ColumnsModel(QAbstractTableModel):
    """A flat table with fixed, named columns; subclasses say how many rows and what's in them."""

    COLUMNS: tuple[str, ...] = ()

    def row_count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None
