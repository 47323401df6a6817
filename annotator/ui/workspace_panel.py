"""The Articles panel: the workspace's list with its filters and the progress line.

It only shows and asks: opening an article, setting statuses and assigning are signals that
the workspace controller (``workspace_controller.py``) carries out.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QMenu, QVBoxLayout, QWidget

from ..core.model import Status
from . import tag_style
from .tables import list_table
from .workspace_model import (
    ANNOTATORS, ASSIGNEE, CLAIMS, DATE, LAST_CHANGE, NOT_DONE, OUTLET, PROBLEMS, QUOTES, SOURCES, STATUS, SUMMARY_ROLE, TITLE,
    UNVERIFIED, WorkspaceFilter, WorkspaceModel,
)

FILTER_DELAY_MS = 150
"""Typing in the filter box filters once the typing pauses, not at every key."""


class WorkspacePanel(QWidget):
    openRequested = Signal(object)
    """An article (its Path) was chosen: Enter or a double-click on its row."""
    statusRequested = Signal(list, object)
    """Set these paths' status (a Status)."""
    assignRequested = Signal(list)
    """Ask whom these paths are assigned to, and set it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspacePanel")
        self.model = WorkspaceModel(self)
        self.proxy = WorkspaceFilter(self)
        self.proxy.setSourceModel(self.model)

        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("workspaceStatusFilter")
        self.status_combo.setAccessibleName("Show articles with status")
        self.status_combo.setToolTip("Show only the articles with this status")
        self.status_combo.addItem("Any status", None)
        self.status_combo.addItem("Not done", NOT_DONE)
        for status in Status:
            self.status_combo.addItem(status.label, status)
        self.status_combo.addItem("Can't open", PROBLEMS)
        self.tag_combo = QComboBox(self)
        self.tag_combo.setObjectName("workspaceTagFilter")
        self.tag_combo.setAccessibleName("Show articles having the tag")
        self.tag_combo.setToolTip("Show only the articles that have at least one annotation with this tag")
        self.tag_combo.addItem("Any tag", None)
        for tag in tag_style.TAG_ORDER:
            self.tag_combo.addItem(tag_style.swatch_icon(tag), f"Has {tag.label.lower()}", tag)
        self.person_combo = QComboBox(self)
        self.person_combo.setObjectName("workspacePersonFilter")
        self.person_combo.setAccessibleName("Show articles annotated by or assigned to")
        self.person_combo.setToolTip("Show only the articles this person annotated or is assigned")
        self.person_combo.addItem("Anyone", "")
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("workspaceFilterEdit")
        self.filter_edit.setAccessibleName("Filter articles")
        self.filter_edit.setToolTip("Show only the articles whose title, outlet, people or file name contain these words")
        self.filter_edit.setPlaceholderText("Filter by title, outlet, name or file")
        self.filter_edit.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filters)
        self.filter_edit.textChanged.connect(lambda _text: self._filter_timer.start())
        for combo in (self.status_combo, self.tag_combo, self.person_combo):
            combo.activated.connect(lambda _i: self.apply_filters())
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.status_combo)
        filters.addWidget(self.tag_combo)
        filters.addWidget(self.person_combo)
        filters.addWidget(self.filter_edit, 1)

        self.table = list_table(
            "workspaceTable", "Articles", {TITLE: 4.0, OUTLET: 1.2, ANNOTATORS: 1.5},
            {DATE: 90, STATUS: 90, ASSIGNEE: 100, CLAIMS: 55, QUOTES: 55, SOURCES: 60, UNVERIFIED: 75, LAST_CHANGE: 120},
            "One article of the workspace: title, outlet, date, status, counts per tag, annotators, last change",
        )
        self.table.setParent(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(self._on_activated)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_menu)

        self.progress = QLabel(self)
        self.progress.setObjectName("workspaceProgress")
        self.progress.setTextFormat(Qt.TextFormat.PlainText)
        self.folder_label = QLabel(self)
        self.folder_label.setObjectName("workspaceFolder")
        self.folder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        footer = QHBoxLayout()
        footer.setContentsMargins(0, 0, 0, 0)
        footer.addWidget(self.progress)
        footer.addStretch(1)
        footer.addWidget(self.folder_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.dataChanged, self.model.modelReset,
                       self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset, self.proxy.layoutChanged):
            signal.connect(self._update_progress)

    # -- filters
    def apply_filters(self) -> None:
        self._filter_timer.stop()
        self.proxy.set_filters(self.status_combo.currentData(), self.tag_combo.currentData(), self.person_combo.currentData() or "",
                               self.filter_edit.text())
        self._update_progress()

    def set_people(self, names: list[str]) -> None:
        """The annotator/assignee filter's choices (kept as chosen when still there)."""
        chosen = self.person_combo.currentData() or ""
        known = [self.person_combo.itemData(i) for i in range(1, self.person_combo.count())]
        if known == names:
            return
        self.person_combo.clear()
        self.person_combo.addItem("Anyone", "")
        for name in names:
            self.person_combo.addItem(name, name)
        index = self.person_combo.findData(chosen)
        self.person_combo.setCurrentIndex(max(0, index))
        if chosen and index < 0:
            self.apply_filters()

    def _update_progress(self, *_args) -> None:
        line = "No project files in this folder yet"
        if self.model.rows:
            from ..core.workspace import progress_line  # with the first folder, not at start-up

            line = progress_line(self.model.rows)
        shown = self.proxy.rowCount()
        if self.proxy.active():
            line += f" · {shown} shown"
        self.progress.setText(line)

    # -- rows
    def selected_paths(self) -> list[Path]:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return [index.data(SUMMARY_ROLE).path for index in sorted(rows, key=lambda i: i.row())]

    def select_path(self, path: Path | None) -> None:
        """Make ``path``'s row current (and visible), if the filters show it."""
        row = None if path is None else self.model.row_of(path)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, TITLE))
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def _on_activated(self, index: QModelIndex) -> None:
        summary = index.data(SUMMARY_ROLE)
        if summary is not None:
            self.openRequested.emit(summary.path)

    def row_menu(self, paths: list[Path]) -> QMenu:
        """Open, the four statuses and Assign To, for the chosen rows."""
        menu = QMenu(self)
        menu.setObjectName("workspaceRowMenu")
        if len(paths) == 1:
            menu.addAction("Open").triggered.connect(lambda: self.openRequested.emit(paths[0]))
            menu.addSeparator()
        which = "the article" if len(paths) == 1 else f"{len(paths)} articles"
        for status in Status:
            action = menu.addAction(f"Mark {which} {status.value}")
            action.setObjectName(f"mark_{status.name.lower()}")
            action.triggered.connect(lambda _c=False, s=status: self.statusRequested.emit(paths, s))
        menu.addSeparator()
        menu.addAction(f"Assign {which} to…").triggered.connect(lambda: self.assignRequested.emit(paths))
        return menu

    def _show_menu(self, pos: QPoint) -> None:
        paths = self.selected_paths()
        if not paths:
            return
        menu = self.row_menu(paths)
        menu.exec(self.table.viewport().mapToGlobal(pos))
        menu.deleteLater()


def people(summaries) -> list[str]:
    """Everyone who annotated an article or has one assigned, sorted."""
    names: set[str] = set()
    for s in summaries:
        names.update(s.annotators)
        if s.assignee:
            names.add(s.assignee)
    return sorted(names, key=str.casefold)

