"""The suggestions in the side panel's list: a "Suggested" button beside the tag filters
switches the list from the annotations to the article's suggestions, drawn so they can't be
taken for annotations (italic, a dashed swatch, "suggested" in the Tag column). Choosing a row
selects the suggestion in the article; Enter or 1–4 accepts it, Backspace rejects it, J and
Shift+J step, as in the article, and the next row is chosen after each answer.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, QPersistentModelIndex, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QToolButton, QWidget

from ..core.model import Tag
from ..core.text_safety import visible_controls
from ..core.wording import one_line
from . import tag_style
from .annotation_model import tooltip_text
from .settings import AppSettings
from .tables import ColumnsModel, list_table

if TYPE_CHECKING:
    from ..core.suggest import Suggestion
    from .session import ProjectSession
    from .suggestions import SuggestionController

COLUMNS = ("Tag", "Text", "Why")
TAG, TEXT, WHY = range(len(COLUMNS))


@cache
def dashed_swatch(tag: Tag) -> QIcon:
    """The tag's colour as a dashed outline with no fill: how the article draws a suggestion."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QPen(QColor(tag_style.color(tag)).darker(150), 1.5, Qt.PenStyle.DashLine))
    painter.drawRect(2, 2, 11, 11)
    painter.end()
    return QIcon(pixmap)


class SuggestionRows(ColumnsModel):
    """The suggestions still offered in the article, in reading order."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Suggestion] = []
        self._row_of: dict[tuple, int] = {}  # a suggestion's key → its row: a step costs no pass over the list
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_rows(self, rows: list[Suggestion]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._row_of = {}
        for n, row in enumerate(rows):
            self._row_of.setdefault(row.key(), n)
        self.endResetModel()

    def row_count(self) -> int:
        return len(self.rows)

    def row_of(self, suggestion: Suggestion) -> int | None:
        return self._row_of.get(suggestion.key())

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        s = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TAG:
                return f"{Tag(s.tag).label} (suggested)"
            return visible_controls(one_line(s.exact if column == TEXT else s.reason))
        if role == Qt.ItemDataRole.ToolTipRole:
            what = s.exact if column == TEXT else f"Suggested {Tag(s.tag).label.lower()}: {s.reason}"
            return tooltip_text(visible_controls(what))
        if role == Qt.ItemDataRole.FontRole:
            return self._italic
        if role == Qt.ItemDataRole.DecorationRole and column == TAG:
            return dashed_swatch(Tag(s.tag))
        return None


class SuggestionList(QObject):
    """The "Suggested" button and the list of suggestions in the annotation panel."""

    def __init__(self, controller: SuggestionController) -> None:
        super().__init__(controller)
        self.controller = controller
        panel = controller.window.panel
        self.panel = panel
        self.model = SuggestionRows(self)
        chars = panel.fontMetrics().horizontalAdvance
        self.table = list_table(
            "suggestionTable", "Suggestions", {TEXT: 3, WHY: 2}, {TAG: chars("Unverified (suggested)") + 40},
            "One row per suggestion in reading order: Enter accepts it, 1-4 accepts it as that tag, Backspace rejects it",
        )
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        self.table.setModel(self.model)
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        panel.lists.addWidget(self.table)
        self.button = QToolButton()
        self.button.setObjectName("filter_suggested")
        self.button.setCheckable(True)
        self.button.setText("Suggested")
        self.button.setIcon(dashed_swatch(Tag.QUOTE))
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setToolTip("List the article's suggestions instead of its annotations: Enter accepts the chosen one,"
                               " 1-4 accepts it as that tag, Backspace rejects it")
        self.button.setAccessibleName("List suggestions")
        self.button.toggled.connect(self.show_list)
        panel.legend.insertWidget(panel.legend.count() - 1, self.button)  # before the stretch
        self.button.hide()
        # Tab reaches the button after the tag filters, and the list where the annotations' is.
        QWidget.setTabOrder(panel.tag_buttons[tag_style.TAG_ORDER[-1]], self.button)
        QWidget.setTabOrder(panel.cards, self.table)
        self._session: ProjectSession | None = None
        self._timer = QTimer(self)  # after every handler of an edit has run (they move the selection)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        panel.hiddenTagsChanged.connect(self.refresh_soon)

    def listed(self) -> bool:
        return self.panel.lists.currentWidget() is self.table

    def has_focus(self) -> bool:
        return self.table.hasFocus()

    # -- what is listed
    def document_shown(self, session: ProjectSession | None) -> None:
        if self._session is not None:
            for signal in (self._session.inserted, self._session.removed):
                signal.disconnect(self.refresh_soon)
            self._session.rejectionsChanged.disconnect(self.refresh_soon)
            self._session = None
        if session is not None:
            for signal in (session.inserted, session.removed):
                signal.connect(self.refresh_soon)
            session.rejectionsChanged.connect(self.refresh_soon)
            self._session = session
        self.update_shown()

    def update_shown(self) -> None:
        """The button only while suggestions are shown; the list back to annotations when not."""
        shown = self.controller.shown()
        self.button.setVisible(shown)
        if not shown and self.button.isChecked():
            self.button.setChecked(False)
        elif self.listed():
            self.refresh()

    def show_list(self, on: bool) -> None:
        if on:
            if not self.controller.ensure_all():  # cancelled: the annotations stay listed
                with QSignalBlocker(self.button):
                    self.button.setChecked(False)
                return
            self.panel.lists.setCurrentWidget(self.table)
            self.refresh()
            self.table.setFocus()
        else:
            self.panel.show_cards(AppSettings().annotation_cards())

    def refresh_soon(self, *_args) -> None:
        if self.listed():
            self._timer.start()

    def refresh(self) -> None:
        """List what is offered now; the row chosen is the current suggestion, or the one that
        took the answered one's place."""
        if not self.listed():
            return
        if not self.controller.ensure_all():  # made again (learned from the workspace), and cancelled
            self.button.setChecked(False)
            return
        sset = self.controller.suggestion_set()
        old = self.table.selectionModel().currentIndex().row()
        with QSignalBlocker(self.table.selectionModel()):
            self.model.set_rows(self.controller.offered(sset.everything()))
        self.button.setText(f"Suggested {len(self.model.rows)}")
        current = self.controller.current
        row = self.model.row_of(current) if current is not None else None
        if row is None and old >= 0 and self.model.rows and self.table.hasFocus():
            row = min(old, len(self.model.rows) - 1)
        if row is not None:
            self.choose(row, select=True)

    def choose(self, row: int, select: bool = False) -> None:
        """Make ``row`` the list's current row; ``select`` selects its suggestion in the article."""
        index = self.model.index(row, 0)
        with QSignalBlocker(self.table.selectionModel()):
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.viewport().update()
        self.table.scrollTo(index)
        if select:
            self._on_row(index, QModelIndex())

    def follow(self, suggestion: Suggestion | None) -> None:
        """The article's current suggestion (J, a click) chosen in the list too."""
        if suggestion is None or not self.listed():
            return
        row = self.model.row_of(suggestion)
        if row is not None and row != self.table.selectionModel().currentIndex().row():
            self.choose(row)

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.row() < len(self.model.rows):
            self.controller.select(self.model.rows[current.row()], focus_article=False)
