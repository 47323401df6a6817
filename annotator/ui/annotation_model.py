"""The annotations of the current document as a Qt table model, and its filter."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from ..core.wording import one_line
from ..core.model import Annotation, Tag, authorship
from ..core.text_safety import visible_controls
from . import tag_style
from .session import ProjectSession
from .tables import ColumnsModel

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ANNOTATION_ROLE = Qt.ItemDataRole.UserRole + 2
"""The Annotation itself, for a delegate that draws more than one column's worth (the cards)."""
COLUMNS = ("Tag", "Text", "Note", "Author", "Modified")
TAG, TEXT, NOTE, AUTHOR, MODIFIED = range(len(COLUMNS))


def tooltip_text(text: str, limit: int = 1000) -> str:
    """Text from a file as a tooltip: shortened, and escaped, because Qt shows a tooltip that
    looks like HTML as rich text, and text from a file must never be interpreted."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"


_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DecorationRole, ID_ROLE, ANNOTATION_ROLE})


class AnnotationTableModel(ColumnsModel):
    """Rows follow the session's sorted list: row i is the i-th annotation by position."""

    COLUMNS = COLUMNS

    def __init__(self, session: ProjectSession | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: ProjectSession | None = None
        if session is not None:
            self.set_session(session)

    def set_session(self, session: ProjectSession | None) -> None:
        self.beginResetModel()
        if self.session is not None:
            for signal, slot in self._connections():
                signal.disconnect(slot)
        self.session = session
        if session is not None:
            for signal, slot in self._connections():
                signal.connect(slot)
        self.endResetModel()

    def _connections(self):
        s = self.session
        return (
            (s.aboutToInsert, self._about_to_insert),
            (s.inserted, self._inserted),
            (s.aboutToRemove, self._about_to_remove),
            (s.removed, self._removed),
            (s.changed, self._changed),
        )

    def annotation(self, row: int) -> Annotation:
        return self.session.annotations[row]

    def row_count(self) -> int:
        return 0 if self.session is None else len(self.session.annotations)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        # A view asks about a dozen roles per cell on every repaint; most are answered here.
        if role not in _ROLES or self.session is None or not index.isValid():
            return None
        ann = self.session.annotations[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TAG:
                return ann.tag.label
            if column == TEXT:
                return visible_controls(one_line(ann.quote.exact))
            if column == NOTE:
                return visible_controls(one_line(ann.note))
            if column == AUTHOR:
                return visible_controls(ann.author)
            if column == MODIFIED:
                return ann.modified.astimezone().strftime("%Y-%m-%d %H:%M")
        elif role == Qt.ItemDataRole.ToolTipRole:
            # Every cell says in full what it shows cut short.
            if column == TAG:
                return tooltip_text(f"{ann.tag.label}: {tag_style.description(ann.tag)}")
            if column == TEXT:
                return tooltip_text(visible_controls(ann.quote.exact))
            if column == NOTE and ann.note:
                return tooltip_text(visible_controls(ann.note))
            if column == AUTHOR and ann.author:
                who = authorship(ann.author, ann.created, ann.modified, ann.modified_by)
                return tooltip_text(visible_controls(who[0].upper() + who[1:]))
            if column == MODIFIED:
                return tooltip_text(f"Created {ann.created.isoformat()}\nModified {ann.modified.isoformat()}")
        elif role == Qt.ItemDataRole.DecorationRole and column == TAG:
            return tag_style.swatch_icon(ann.tag)
        elif role == ID_ROLE:
            return ann.id
        elif role == ANNOTATION_ROLE:
            return ann
        return None

    # -- session signals
    def _about_to_insert(self, row: int) -> None:
        self.beginInsertRows(QModelIndex(), row, row)

    def _inserted(self, row: int, ann: Annotation) -> None:
        self.endInsertRows()

    def _about_to_remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)

    def _removed(self, row: int, ann: Annotation) -> None:
        self.endRemoveRows()

    def _changed(self, row: int, ann: Annotation) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))


def refilter_rows(proxy: QSortFilterProxyModel, change) -> None:
    """Apply ``change`` to a proxy's filter and re-filter its rows (the API differs before Qt 6.10)."""
    if hasattr(proxy, "beginFilterChange"):
        proxy.beginFilterChange()
        change()
        proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)
    else:  # pragma: no cover - older Qt
        change()
        proxy.invalidateRowsFilter()


class AnnotationFilter(QSortFilterProxyModel):
    """Shows annotations whose tag is enabled and whose quote, note or author has the text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tags: set[Tag] = set(Tag)
        self._needle = ""

    def is_filtering(self) -> bool:
        """True when some annotation may be hidden."""
        return bool(self._needle) or len(self._tags) < len(Tag)

    def set_tag_visible(self, tag: Tag, visible: bool) -> None:
        refilter_rows(self, lambda: (self._tags.add if visible else self._tags.discard)(tag))

    def set_text(self, text: str) -> None:
        refilter_rows(self, lambda: setattr(self, "_needle", text.strip().casefold()))

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        ann = self.sourceModel().annotation(source_row)
        if ann.tag not in self._tags:
            return False
        if not self._needle:
            return True
        return any(self._needle in field.casefold() for field in (ann.quote.exact, ann.note, ann.author))
