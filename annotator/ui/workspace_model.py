"""The workspace's articles as a Qt table model (one row per project file), and its filter.

The model follows refreshes in place (rows added, removed or changed), so that the view keeps
its selection and scroll position when files change behind the app's back. The filter keeps a
lower-case text per row, made when the row changes, so that typing in the filter box reads no
file and formats nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont

from ..core.model import Status, Tag
from ..core.wording import one_line
from .annotation_model import tooltip_text
from .tables import ColumnsModel

if TYPE_CHECKING:  # the rows' type: core.workspace itself is loaded with the first folder
    from ..core.workspace import ArticleSummary

SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Title", "Outlet", "Date", "Status", "Assigned to", "Claims", "Quotes", "Sources", "Unverified", "Annotated by", "Last change")
TITLE, OUTLET, DATE, STATUS, ASSIGNEE, CLAIMS, QUOTES, SOURCES, UNVERIFIED, ANNOTATORS, LAST_CHANGE = range(len(COLUMNS))
TAG_COLUMNS = {CLAIMS: Tag.CLAIM, QUOTES: Tag.QUOTE, SOURCES: Tag.SOURCE, UNVERIFIED: Tag.UNVERIFIED}
CURRENT_MARK = "▶ "
PROBLEM_MARK = "⚠ "


def _haystack(s: ArticleSummary) -> str:
    return "\n".join((s.title, s.outlet, s.published, s.assignee, *s.annotators, s.path.name, s.problem)).casefold()


class WorkspaceModel(ColumnsModel):
    """Rows are ArticleSummary objects; the current (open) article's row is marked."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ArticleSummary] = []
        self._row_of: dict[Path, int] = {}
        self.haystacks: list[str] = []
        self.current: Path | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def row_count(self) -> int:
        return len(self.rows)

    def row_of(self, path: Path) -> int | None:
        return self._row_of.get(Path(path))

    def summary(self, row: int) -> ArticleSummary:
        return self.rows[row]

    # -- following the folder
    def set_summaries(self, summaries: list[ArticleSummary], reset: bool = False) -> None:
        """Take a refresh's list: removed rows go, new ones are appended, changed ones are
        redrawn; with ``reset`` (another folder) the whole list is replaced."""
        if reset:
            self.beginResetModel()
            self.rows = list(summaries)
            self._reindex()
            self.endResetModel()
            return
        new = {s.path: s for s in summaries}
        row = len(self.rows) - 1
        while row >= 0:  # removed files, in runs of neighbouring rows
            if self.rows[row].path in new:
                row -= 1
                continue
            last = row
            while row >= 0 and self.rows[row].path not in new:
                row -= 1
            self.beginRemoveRows(QModelIndex(), row + 1, last)
            del self.rows[row + 1: last + 1]
            del self.haystacks[row + 1: last + 1]
            self.endRemoveRows()
        self._row_of = {s.path: i for i, s in enumerate(self.rows)}
        self.update(s for s in summaries if s.path in self._row_of)
        added = [s for s in summaries if s.path not in self._row_of]
        if added:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
            self.rows.extend(added)
            self.haystacks.extend(_haystack(s) for s in added)
            self._row_of.update((s.path, first + i) for i, s in enumerate(added))
            self.endInsertRows()

    def update(self, summaries) -> None:
        """Rows whose summary changed are replaced and redrawn (unknown paths are ignored)."""
        last = self.columnCount() - 1
        for s in summaries:
            row = self._row_of.get(s.path)
            if row is not None and self.rows[row] != s:
                self.rows[row] = s
                self.haystacks[row] = _haystack(s)
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def _reindex(self) -> None:
        self._row_of = {s.path: i for i, s in enumerate(self.rows)}
        self.haystacks = [_haystack(s) for s in self.rows]

    def set_current(self, path: Path | None) -> None:
        """Mark the open article's row (and unmark the one before)."""
        old, self.current = self.current, None if path is None else Path(path)
        last = self.columnCount() - 1
        for p in (old, self.current):
            row = None if p is None else self._row_of.get(p)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    # -- what the view shows
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        s = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(s, column)
        if role == SORT_ROLE:
            return self._sort_key(s, column)
        if role == SUMMARY_ROLE:
            return s
        if role == Qt.ItemDataRole.FontRole and s.path == self.current:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            if s.problem:
                return tooltip_text(f"{s.path.name} cannot be opened: {s.problem}")
            if column == TITLE:
                return tooltip_text(f"{s.title}\n{s.path}")
            return tooltip_text(self._display(s, column)) if column in (OUTLET, ASSIGNEE, ANNOTATORS) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in TAG_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, s: ArticleSummary, column: int) -> str:
        if column == TITLE:
            mark = CURRENT_MARK if s.path == self.current else ""
            if s.problem:
                return f"{mark}{PROBLEM_MARK}{s.path.name}: {one_line(s.problem, 120)}"
            return mark + one_line(s.title or s.path.name, 120)
        if column == OUTLET:
            return one_line(s.outlet, 60)
        if column == DATE:
            return s.published
        if column == STATUS:
            return "Can't open" if s.problem else s.status.label
        if column == ASSIGNEE:
            return one_line(s.assignee, 40)
        if column in TAG_COLUMNS:
            count = s.counts.get(TAG_COLUMNS[column], 0)
            return str(count) if count else ""  # blanks, not columns of zeros: the counts stand out
        if column == ANNOTATORS:
            return one_line(", ".join(s.annotators), 80)
        if column == LAST_CHANGE:
            return s.last_change.astimezone().strftime("%Y-%m-%d %H:%M") if s.last_change else ""
        return ""

    def _sort_key(self, s: ArticleSummary, column: int):
        if column in TAG_COLUMNS:
            return s.counts.get(TAG_COLUMNS[column], 0)
        if column == STATUS:
            return -1 if s.problem else list(Status).index(s.status)
        if column == LAST_CHANGE:
            return s.last_change.timestamp() if s.last_change else 0.0
        if column == TITLE:
            return (s.title or s.path.name).casefold()
        return self._display(s, column).casefold()


NOT_DONE = "not done"
PROBLEMS = "problems"


class WorkspaceFilter(QSortFilterProxyModel):
    """Sorting by any column, and filters by status, tag ("has a claim"), annotator or
    assignee, and text (title, outlet, names, file name)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.status: Status | str | None = None
        self.tag: Tag | None = None
        self.person = ""
        self.text = ""

    def set_filters(self, status: Status | str | None = None, tag: Tag | None = None, person: str = "", text: str = "") -> None:
        self.beginFilterChange()
        self.status, self.tag, self.person, self.text = status, tag, person, text.casefold().strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def active(self) -> bool:
        return bool(self.status or self.tag or self.person or self.text)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model: WorkspaceModel = self.sourceModel()
        s = model.rows[source_row]
        if self.status == PROBLEMS:
            if not s.problem:
                return False
        elif self.status == NOT_DONE:
            if s.problem or s.status.finished:
                return False
        elif self.status is not None and (s.problem or s.status != self.status):
            return False
        if self.tag is not None and not s.counts.get(self.tag):
            return False
        if self.person and self.person not in s.annotators and self.person != s.assignee:
            return False
        return not self.text or all(word in model.haystacks[source_row] for word in self.text.split())
