"""What the app's read-only lists have in common: the table view's setup and the model's columns."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from .settings import AppSettings


class ListTable(QTableView):
    """A table whose columns fill its width without a sideways scroll bar, yet can each be
    resized (the neighbouring flexible columns give or take the room) and hidden from the
    header's context menu; the header's state is remembered under the table's object name.

    Qt's own Stretch mode fills the width but forbids resizing; Interactive allows resizing
    but scrolls sideways. Here the flexible columns share the room left by the others in
    proportion to their weights, and a user's resize sets new weights. Costs O(columns).
    """

    def __init__(self, flexible: Mapping[int, float], widths: Mapping[int, int], hidden: tuple[int, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._weights = {column: float(weight) for column, weight in flexible.items()}
        self._widths = dict(widths)
        self._hidden = tuple(hidden)
        self._fitting = False
        self._restored = False
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_header_menu)
        header.sectionResized.connect(self._on_section_resized)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    # -- model
    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802 - Qt's name
        """A new model (a filter put in front, say) keeps the columns as they were."""
        header = self.horizontalHeader()
        state = header.saveState() if header.count() else None
        super().setModel(model)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        if header.count() == 0:
            return
        self._fitting = True  # what follows resizes sections, and is no user's resize
        try:
            if state is not None and self._restored:
                header.restoreState(state)
            else:
                self._restored = True
                saved = AppSettings().header_state(self._key()) if self.objectName() else None
                if saved is not None and header.restoreState(saved):
                    self._take_weights()
                else:
                    for column, width in self._widths.items():
                        header.resizeSection(column, width)
                    for column in self._hidden:
                        header.setSectionHidden(column, True)
        finally:
            self._fitting = False
        self.fit_columns()

    def _key(self) -> str:
        return f"{self.objectName()}/{self.horizontalHeader().count()}"

    def _take_weights(self) -> None:
        """The flexible columns' sizes as their weights (after a restore or a user's resize)."""
        header = self.horizontalHeader()
        minimum = header.minimumSectionSize()
        for column in self._weights:
            if column < header.count() and not header.isSectionHidden(column) and header.sectionSize(column) > minimum:
                self._weights[column] = float(header.sectionSize(column))

    def _save(self) -> None:
        if self.objectName() and self.horizontalHeader().count():
            AppSettings().set_header_state(self._key(), self.horizontalHeader().saveState())

    # -- fitting the columns to the width
    def fit_columns(self, pinned: int | None = None) -> None:
        """Size the flexible columns so that the visible ones fill the viewport exactly.
        ``pinned`` is a column the user just resized: it keeps its size if it can."""
        header = self.horizontalHeader()
        if self._fitting or header.count() == 0:
            return
        visible = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        if not visible:
            return
        flexible = [c for c in visible if c in self._weights and c != pinned]
        if not flexible:
            flexible = [c for c in visible if c != pinned][-1:] or visible[-1:]
        minimum = header.minimumSectionSize()
        room = self.viewport().width() - sum(header.sectionSize(c) for c in visible if c not in flexible)
        self._fitting = True
        try:
            short = minimum * len(flexible) - room
            if pinned is not None and pinned not in flexible and short > 0:
                header.resizeSection(pinned, max(minimum, header.sectionSize(pinned) - short))
                room += short
            total = sum(self._weights.get(c, 1.0) for c in flexible) or 1.0
            left = room
            for i, column in enumerate(flexible):
                size = left if i == len(flexible) - 1 else round(room * self._weights.get(column, 1.0) / total)
                size = max(minimum, size)
                header.resizeSection(column, size)
                left -= size
        finally:
            self._fitting = False

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().viewportEvent(event)

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        if self._fitting:
            return
        self.fit_columns(pinned=column)
        self._take_weights()
        self._save()

    # -- hiding columns
    def header_menu(self) -> QMenu:
        """A checkable entry per column; the last visible column cannot be hidden."""
        header = self.horizontalHeader()
        menu = QMenu(self)
        menu.setObjectName("columnsMenu")
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        for column in range(header.count()):
            name = str(self.model().headerData(column, Qt.Orientation.Horizontal))
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(column in shown)
            action.setEnabled(shown != [column])
            action.setToolTip(f"Show or hide the {name} column")
            action.toggled.connect(lambda on, c=column: self.set_column_shown(c, on))
        return menu

    def set_column_shown(self, column: int, on: bool) -> None:
        header = self.horizontalHeader()
        self._fitting = True
        try:
            header.setSectionHidden(column, not on)
            if on and header.sectionSize(column) < header.minimumSectionSize() * 2:
                header.resizeSection(column, self._widths.get(column, 100))
        finally:
            self._fitting = False
        self.fit_columns()
        self._save()

    def _show_header_menu(self, pos: QPoint) -> None:
        menu = self.header_menu()
        menu.exec(self.horizontalHeader().mapToGlobal(pos))
        menu.deleteLater()


def list_table(
    name: str, accessible_name: str, stretch: tuple[int, ...] | Mapping[int, float], widths: dict[int, int],
    description: str = "", hidden: tuple[int, ...] = (),
) -> ListTable:
    """A table of whole-row selection, no in-place editing, no row numbers; the ``stretch``
    columns (with weights, if a mapping) share the spare width. ``description`` tells a
    screen reader what a row is. Columns can be resized and hidden, and stay so."""
    weights = stretch if isinstance(stretch, Mapping) else dict.fromkeys(stretch, 1.0)
    table = ListTable(weights, widths, hidden)
    table.setObjectName(name)
    table.setAccessibleName(accessible_name)
    table.setAccessibleDescription(description)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setTabKeyNavigation(False)  # Tab leaves the list for the next control; arrows move in it
    table.setWordWrap(False)
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
