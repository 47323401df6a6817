"""The Claims view: a dock listing every claim of the open article with its verdict, what in
the article supports or disputes it, its outside evidence, who said it and whether a reviewer
agreed, filtered to the claims still to do ("without evidence", "without verdict"...).

Enter or a double-click jumps to the claim in the article and makes it current, so its
verdict and evidence can be set in the details; the row follows every edit (see
``claims_model``). The list is built only while the dock is shown: a closed Claims view
costs an article nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDockWidget, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..core.factcheck import ClaimFilter, filters
from ..core.model import Annotation, RatingLevel
from .annotation_model import ID_ROLE
from .claims_model import AGREEMENT, ATTRIBUTES, CLAIM, CONTEXT, DISPUTES, EVIDENCE, SPEAKER, SUPPORTS, VERDICT, ClaimsFilter, ClaimsModel
from .session import ProjectSession
from .tables import list_table

if TYPE_CHECKING:
    from .main_window import MainWindow

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ClaimsView(QWidget):
    """The filter, the count line and the list of claims."""

    jumpRequested = Signal(str)  # the id of the claim to show in the article

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ClaimsModel(self)
        self.proxy = ClaimsFilter(self)
        self.proxy.setSourceModel(self.model)
        self._scale: list[RatingLevel] | None = None

        self.filter_combo = QComboBox(self)
        self.filter_combo.setObjectName("claimsFilter")
        self.filter_combo.setAccessibleName("Show claims")
        self.filter_combo.setToolTip("Which claims to list: all, those still without evidence or verdict, the disputed ones, or those with one verdict")
        self.filter_combo.currentIndexChanged.connect(self._on_filter_chosen)
        label = QLabel("Sho&w", self)
        label.setBuddy(self.filter_combo)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("claimsCount")
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.filter_combo)
        top.addSpacing(12)
        top.addWidget(self.count_label, 1)

        chars = self.fontMetrics().horizontalAdvance
        number = chars("Attributes") + 16
        self.table = list_table(
            "claimsTable", "Claims", {CLAIM: 4, SPEAKER: 1.5, AGREEMENT: 1.5},
            {VERDICT: chars("Mostly true · 4") + 24, SUPPORTS: number, DISPUTES: number,
             CONTEXT: number, ATTRIBUTES: number, EVIDENCE: number},
            "One row per claim of the article in reading order, with its verdict, supporting and disputing spans, "
            "outside evidence, speaker and review agreement; Enter or a double-click shows it in the article",
        )
        self.table.setParent(self)
        self.table.setModel(self.proxy)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(self._jump_to)
        self.table.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

        self.model.countsChanged.connect(self._show_counts)
        self.model.modelReset.connect(self._on_reset)
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset, self.proxy.layoutChanged):
            signal.connect(self._show_counts)
        self._show_counts()

    def show_session(self, session: ProjectSession | None) -> None:
        """List the claims of the session's current document, under the filter chosen."""
        self.model.show_session(session)

    def _on_reset(self) -> None:
        """The list was built afresh (another document, or a new rating scale): offer the
        scale's verdicts as filters."""
        session = self.model.session
        scale = None if session is None else list(session.project.metadata.rating_scale)
        if scale != self._scale:
            self._scale = scale
            self._fill_filters(scale or [])

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def select_claim(self, ann_id: str | None) -> None:
        """Make ``ann_id``'s row current, without jumping: the article already shows it. No
        row is current when it is no claim or the filter hides it, so the list never points
        at a claim that is not the one being worked on."""
        row = -1 if ann_id is None else self.model.row_of(ann_id)
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
        selection = self.table.selectionModel()
        if index.isValid():
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)
        else:
            selection.clearCurrentIndex()
            selection.clearSelection()

    def choose_filter(self, choice: ClaimFilter) -> None:
        index = self.filter_combo.findData(choice)
        if index >= 0:
            self.filter_combo.setCurrentIndex(index)

    # -- internals
    def _fill_filters(self, scale: list[RatingLevel]) -> None:
        """One entry per filter; the filter chosen stays chosen if the new scale has it."""
        chosen = self.proxy.choice
        self.filter_combo.blockSignals(True)
        self.filter_combo.clear()
        for choice in filters(scale):
            self.filter_combo.addItem(choice.label, choice)
            self.filter_combo.setItemData(self.filter_combo.count() - 1, choice.description, Qt.ItemDataRole.ToolTipRole)
        index = max(0, self.filter_combo.findData(chosen))
        self.filter_combo.setCurrentIndex(index)
        self.filter_combo.blockSignals(False)
        self._on_filter_chosen(index)

    def _on_filter_chosen(self, index: int) -> None:
        choice = self.filter_combo.itemData(index)
        if isinstance(choice, ClaimFilter):
            current = self.current_id()
            self.proxy.set_filter(choice)
            self.select_claim(current)
            self._show_counts()

    def _show_counts(self, *_args) -> None:
        line = self.model.counts().line()
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(line if shown == total else f"{line} — showing {shown}")

    def _jump_to(self, index: QModelIndex) -> None:
        if index.isValid():
            self.jumpRequested.emit(index.data(ID_ROLE))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Enter in the list jumps to the claim; it is taken before any window shortcut on
        Enter (accepting a suggestion) can have it."""
        if watched is self.table and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            if isinstance(event, QKeyEvent) and event.key() in _ENTER and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                if event.type() == QEvent.Type.KeyPress:
                    self._jump_to(self.table.currentIndex())
                event.accept()
                return event.type() == QEvent.Type.KeyPress
        return super().eventFilter(watched, event)


class ClaimsController(QObject):
    """The main window's Claims dock: shown and hidden by its action, fed the session's
    current document while shown, and wired to the article (jumping, following the current
    annotation)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.view = ClaimsView(window)
        self.dock = QDockWidget("Claims", window)
        self.dock.setObjectName("claimsDock")
        self.dock.setWidget(self.view)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.dock.installEventFilter(window.bottom_docks)  # its height, as the other bottom docks'
        self.dock.visibilityChanged.connect(self._on_visibility)
        self.view.jumpRequested.connect(self.jump)
        window.panel.currentChanged.connect(self._follow)
        self._shown: ProjectSession | None = None
        self._stale = True

    def toggle(self) -> None:
        """Show the dock with the list focused, or hide it (the article gets the focus back)."""
        show = self.dock.isHidden()
        if not show and self.dock.isAncestorOf(QApplication.focusWidget()):
            self.window.view.setFocus()
        self.dock.setVisible(show)
        if show:
            self.dock.raise_()
            self.view.table.setFocus()
        self.window.actions.claims_view.setChecked(show)

    def session_shown(self) -> None:
        """The window shows another session or document, or the document's content was
        replaced: list it afresh, now if the dock is open, else when it opens."""
        self._stale = True
        self._refresh()

    def jump(self, ann_id: str) -> None:
        """Show the claim in the article, selected and current (its details in the panel)."""
        window = self.window
        if window.session is None or window.session.annotations.get(ann_id) is None:
            return
        window.panel.select_annotation(ann_id)
        window.view.setFocus()

    def _on_visibility(self, *_args) -> None:
        self.window.actions.claims_view.setChecked(not self.dock.isHidden())
        self._refresh()

    def _refresh(self) -> None:
        """While hidden the list lets go of the session (no work per edit); shown, it lists
        the current document if that changed since it last did."""
        if self.dock.isHidden():
            if self._shown is not None:
                self.view.show_session(None)
                self._shown = None
            self._stale = True
        elif self._stale:
            self._stale = False
            self._shown = self.window.session
            self.view.show_session(self._shown)
            current = self.window.panel.current_annotation()
            self.view.select_claim(None if current is None else current.id)

    def _follow(self, ann: Annotation | None) -> None:
        if self._shown is not None:
            self.view.select_claim(None if ann is None else ann.id)
