"""The side panel: legend with counts and tag filters, text filter, list, and details."""

from __future__ import annotations

import re

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QFrame,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.model import Annotation, Comment, ReviewRecord, Tag, authorship
from ..core.text_safety import has_controls, visible_controls
from . import tag_style
from .annotation_cards import AnnotationCards
from .annotation_model import AUTHOR, ID_ROLE, MODIFIED, NOTE, TAG, TEXT, AnnotationFilter, AnnotationTableModel
from .article_verdict import ArticleVerdictBar
from .claim_details import ClaimDetails
from .editor import AnnotationEditor
from .link_list import LinkList
from .session import ProjectSession
from .settings import AppSettings
from .tables import list_table
from .text_edit import SharedUndoTextEdit


CONTROLS_WARNING = "This note holds direction-control characters: it may read differently from how it is stored."
LABEL_WORD = 40
"""Labels show a word longer than this with invisible break points, so it wraps instead of
widening the panel (and squeezing the article to nothing)."""
_LONG_WORD = re.compile(r"\S{%d,}" % (LABEL_WORD + 1))


LABEL_LIMIT = 2000
"""Characters of a note, name or comment shown in a label (a label lays out all it holds)."""


def shown(text: str) -> str:
    """``text`` as a label shows it: direction controls as visible markers (⟨U+202E⟩), long
    words breakable (a zero-width space every LABEL_WORD characters), at most LABEL_LIMIT long."""
    if len(text) > LABEL_LIMIT:
        text = text[: LABEL_LIMIT - 1] + "…"
    text = visible_controls(text)
    return _LONG_WORD.sub(lambda m: "\u200b".join(m[0][i : i + LABEL_WORD] for i in range(0, len(m[0]), LABEL_WORD)), text)


def _detail_label(name: str, wrap: bool = True) -> QLabel:
    """A label of the details: plain text (text from a file is never rich text), wrapped,
    and never wider than the panel gives it."""
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


class AnnotationPanel(QWidget):
    currentChanged = Signal(object)  # the current Annotation, or None
    hiddenTagsChanged = Signal(frozenset)  # tags whose legend button is off: rows and highlights hidden

    def __init__(self, editor: AnnotationEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.session: ProjectSession | None = None
        self._current_id: str | None = None
        self._settings = AppSettings()

        self.model = AnnotationTableModel(parent=self)
        self.proxy = AnnotationFilter(self)
        # Re-filter only when the user changes a filter: an edit (say, of the note being
        # typed) must not make the row vanish, and a full re-filter costs O(annotations).
        self.proxy.setDynamicSortFilter(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)

        legend = QHBoxLayout()
        legend.setSpacing(4)
        self.tag_buttons: dict[Tag, QToolButton] = {}
        for number, tag in enumerate(tag_style.TAG_ORDER, start=1):
            button = QToolButton()
            button.setObjectName(f"filter_{tag.value}")
            button.setCheckable(True)
            button.setChecked(True)
            button.setIcon(tag_style.swatch_icon(tag, str(number)))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setToolTip(f"{tag.label}: {tag_style.description(tag)}.\nClick to hide or show {tag.label.lower()} annotations: their rows in the list and their highlights in the article.")
            button.setAccessibleName(f"Show {tag.label} annotations")
            button.toggled.connect(lambda on, t=tag: self._change_filter(lambda: self.proxy.set_tag_visible(t, on)))
            button.toggled.connect(self._update_summary)
            button.toggled.connect(lambda: self.hiddenTagsChanged.emit(self.hidden_tags()))
            legend.addWidget(button)
            self.tag_buttons[tag] = button
        legend.addStretch(1)
        self.legend = legend  # the suggestions' "Suggested" button joins the tag filters here
        layout.addLayout(legend)

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("filterEdit")
        self.filter_edit.setAccessibleName("Filter annotations")
        self.filter_edit.setToolTip("Show only annotations whose text, note or author contains this (Ctrl+Shift+F)")
        self.filter_edit.setPlaceholderText("Filter by text, note or author")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(lambda text: self._change_filter(lambda: self.proxy.set_text(text)))
        self.filter_edit.textChanged.connect(self._update_summary)
        layout.addWidget(self.filter_edit)

        # The quote matters most, then the note; who and when are a right-click away.
        chars = self.fontMetrics().horizontalAdvance
        self.table = list_table(
            "annotationTable", "Annotations", {TEXT: 3, NOTE: 2},
            {TAG: chars("Unverified") + 40, AUTHOR: chars("M" * 10), MODIFIED: chars("2026-12-31 23:59") + 16},
            "One row per annotation in reading order; choose one to see and edit it below, F2 for its note, Del to delete it",
            hidden=(AUTHOR, MODIFIED),
        )
        self.table.setParent(self)
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.cards = AnnotationCards(self)
        self.cards.setModel(self.model)
        self._share_selection()
        self.cards.doubleClicked.connect(lambda _index: self.focus_note())
        self.lists = QStackedWidget(self)
        self.lists.addWidget(self.table)
        self.lists.addWidget(self.cards)
        self.lists.setCurrentWidget(self.cards if self._settings.annotation_cards() else self.table)
        layout.addWidget(self.lists, 1)

        self.summary = QLabel()
        self.summary.setObjectName("summaryLabel")
        layout.addWidget(self.summary)

        details = QGroupBox("Selected annotation")
        form = QFormLayout(details)
        self.tag_combo = QComboBox()
        self.tag_combo.setObjectName("tagCombo")
        self.tag_combo.setToolTip("Change the tag of the selected annotation")
        for number, tag in enumerate(tag_style.TAG_ORDER, start=1):
            self.tag_combo.addItem(tag_style.swatch_icon(tag, str(number)), tag.label, tag)
        self.tag_combo.activated.connect(self._on_tag_chosen)
        form.addRow("&Tag", self.tag_combo)
        self.quote_label = _detail_label("quoteLabel")
        self.quote_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("Text", self.quote_label)
        self.note_edit = SharedUndoTextEdit()
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setToolTip("Your note on the selected annotation (F2 comes here; Tab leaves)")
        self.note_edit.setPlaceholderText("Note: what to check, what you found, links to evidence…")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(120)
        self.note_edit.textChanged.connect(self._on_note_typed)
        form.addRow("&Note", self.note_edit)
        self.controls_label = _detail_label("controlsLabel")
        self.controls_label.setText(CONTROLS_WARNING)
        self.controls_label.setStyleSheet("color: #b00020")
        form.addRow("", self.controls_label)
        self.controls_row = form.rowCount() - 1
        self.claim_details = ClaimDetails(editor)  # verdict, reasoning, speaker, evidence (claim_details.py)
        form.addRow(self.claim_details)
        self.claim_row = form.rowCount() - 1
        self.link_list = LinkList()  # its links to and from other spans (filled by linking.py)
        form.addRow("Links", self.link_list)
        self.info_label = _detail_label("infoLabel")
        form.addRow("", self.info_label)
        self.comments_label = _detail_label("commentsLabel")
        self.comments_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("Review", self.comments_label)
        self.comments_row = form.rowCount() - 1
        self.form = form
        self.delete_button = QPushButton("Delete annotation")
        self.delete_button.setObjectName("deleteButton")
        self.delete_button.setToolTip("Delete the selected annotations (Del)")
        self.delete_button.clicked.connect(self.delete_selected)
        form.addRow("", self.delete_button)
        self.details = details
        self.article_verdict = ArticleVerdictBar(self)  # the article's verdict and summary, always in view
        layout.addWidget(self.article_verdict)
        # A claim's details (verdict, reasoning, evidence, links) are tall: they scroll, in at
        # most half the panel, so the list above keeps its rows (see resizeEvent).
        self.details_scroll = QScrollArea()
        self.details_scroll.setObjectName("detailsScroll")
        self.details_scroll.setWidget(details)
        self.details_scroll.setWidgetResizable(True)
        self.details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.details_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.details_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.details_scroll)
        self._show_details(None)
        self._update_summary()

    LIST_ROWS = 9
    """Whole rows the annotation list keeps before the details may take more room."""

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.details_scroll.setMaximumHeight(self._details_room())

    def _details_room(self) -> int:
        """At most half the panel, and less when the list would keep fewer than LIST_ROWS
        rows (a dock below the window makes the panel short); never under 160 px."""
        table = self.table
        list_height = table.horizontalHeader().sizeHint().height() + self.LIST_ROWS * table.verticalHeader().defaultSectionSize()
        others = sum(self.layout().itemAt(i).sizeHint().height() + self.layout().spacing()
                     for i in range(self.layout().count()) if self.layout().itemAt(i).widget() not in (self.details_scroll, self.lists))
        return max(160, min(self.height() // 2, self.height() - others - list_height))

    # -- session
    def set_session(self, session: ProjectSession | None) -> None:
        if self.session is not None:
            for signal in (self.session.inserted, self.session.removed, self.session.changed):
                signal.disconnect(self._on_session_change)
            self.session.aboutToRemove.disconnect(self._before_remove)
        self.session = session
        if session is not None:  # before the model's handler, which lets Qt move the current row
            session.aboutToRemove.connect(self._before_remove)
        self.model.set_session(session)
        self.claim_details.set_session(session)
        self.article_verdict.set_session(session)
        if session is not None:
            for signal in (session.inserted, session.removed, session.changed):
                signal.connect(self._on_session_change)
        self._current_id = None
        self._show_details(None)
        self._update_summary()

    def current_annotation(self) -> Annotation | None:
        if self.session is None or self._current_id is None:
            return None
        return self.session.annotations.get(self._current_id)

    def selected_ids(self) -> list[str]:
        """The annotations selected in the list, or the current one when the list hides it."""
        ids = [index.data(ID_ROLE) for index in self.table.selectionModel().selectedRows()]
        current = self.current_annotation()
        if not ids and current is not None and not self._view_index(current).isValid():
            ids = [current.id]
        return ids

    def select_annotation(self, ann_id: str | None) -> None:
        """Make ``ann_id`` current: its row is selected, or, if the list's filters hide it,
        its details are shown and the filters are left as the user set them."""
        if self.session is None:
            return
        ann = None if ann_id is None else self.session.annotations.get(ann_id)
        index = QModelIndex() if ann is None else self._view_index(ann)
        if not index.isValid():
            with QSignalBlocker(self.table.selectionModel()):
                self.table.selectionModel().clearCurrentIndex()
                self.table.clearSelection()
            self.list_view().viewport().update()
            self._set_current(ann)
            return
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.list_view().scrollTo(index)
        self._set_current(ann)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.editor.delete(ids)

    def focus_note(self) -> None:
        if self.current_annotation() is not None:
            self.note_edit.setFocus()
            self.note_edit.moveCursor(self.note_edit.textCursor().MoveOperation.End)

    def list_view(self) -> QTableView:
        """The list as shown: the table, or the cards (both show the same rows and selection)."""
        return self.lists.currentWidget()

    def cards_shown(self) -> bool:
        return self.lists.currentWidget() is self.cards

    def show_cards(self, on: bool) -> None:
        """Cards show each quote and note in full; the table shows more rows. Remembered."""
        had_focus = self.list_view().hasFocus()
        self.lists.setCurrentWidget(self.cards if on else self.table)
        self._settings.set_annotation_cards(on)
        current = self.table.selectionModel().currentIndex()
        if current.isValid():
            self.list_view().scrollTo(current)
        if had_focus:
            self.list_view().setFocus()

    # -- internals
    def _share_selection(self) -> None:
        """The cards use the table's selection model, so selection and current row are one."""
        own = self.cards.selectionModel()
        if own is not self.table.selectionModel():
            self.cards.setSelectionModel(self.table.selectionModel())
            if own is not None:
                own.deleteLater()

    def _view_index(self, ann: Annotation) -> QModelIndex:
        """``ann``'s row in the list as shown: invalid when a filter hides it."""
        index = self.model.index(self.session.annotations.row_of(ann), 0)
        return self.proxy.mapFromSource(index) if self.table.model() is self.proxy else index

    def _change_filter(self, change) -> None:
        """Apply a filter change, showing the list through the filter only while one is on.

        Unfiltered, the table shows the model itself: a QSortFilterProxyModel asks Python
        about every row whenever the list is rebuilt (0.2 s for 100,000 annotations on
        opening a project), which buys nothing when every row is shown anyway.
        """
        change()
        shown = self.proxy if self.proxy.is_filtering() else self.model
        if self.table.model() is shown:
            return
        current = self.current_annotation()
        old_selection = self.table.selectionModel()
        self.proxy.setSourceModel(self.model if shown is self.proxy else None)
        self.table.setModel(shown)
        self.cards.setModel(shown)
        self._share_selection()
        old_selection.deleteLater()
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        if current is not None:
            index = self._view_index(current)
            if index.isValid():
                with QSignalBlocker(self.table.selectionModel()):
                    self.table.selectionModel().setCurrentIndex(
                        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                    )
                self.list_view().scrollTo(index)
        self._update_summary()

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        ann = None
        if current.isValid() and self.session is not None:
            ann = self.session.annotations.get(current.data(ID_ROLE))
        self._set_current(ann)

    def _set_current(self, ann: Annotation | None) -> None:
        new_id = None if ann is None else ann.id
        changed = new_id != self._current_id
        self._current_id = new_id
        self._show_details(ann)
        if changed:
            self.currentChanged.emit(ann)

    def _before_remove(self, row: int) -> None:
        """Deleting the current annotation leaves nothing current (Qt would pick a neighbour,
        and a second Delete would remove an annotation nobody chose)."""
        current = self.current_annotation()
        if current is not None and self.session.annotations.row_of(current) == row:
            self.table.selectionModel().clearCurrentIndex()
            self.table.clearSelection()
            self._set_current(None)

    def _on_session_change(self, _row: int, ann: Annotation) -> None:
        self._update_summary()
        if ann.id != self._current_id:
            return
        current = self.current_annotation()
        if current is None:  # the current annotation was deleted
            self._current_id = None
            self._show_details(None)
            self.currentChanged.emit(None)
            return
        self._show_details(current)
        self.currentChanged.emit(current)

    def _show_details(self, ann: Annotation | None) -> None:
        self.details.setEnabled(ann is not None)
        with QSignalBlocker(self.tag_combo), QSignalBlocker(self.note_edit):
            records = [] if ann is None or self.session is None else self.session.review_records(ann.id)
            self.form.setRowVisible(self.comments_row, ann is not None and bool(ann.comments or records))
            self.form.setRowVisible(self.claim_row, self.claim_details.shows(ann))
            self.claim_details.show_annotation(ann)
            self.form.setRowVisible(self.controls_row, ann is not None and has_controls(ann.note))
            if ann is None:
                self.tag_combo.setCurrentIndex(-1)
                self.quote_label.setText("Select an annotation in the list or click a highlight.")
                self.note_edit.setPlainText("")
                self.info_label.setText("")
                return
            self.comments_label.setText(shown("\n".join(
                [_record_line(r) for r in records] + [_comment_line(c) for c in ann.comments]
            )))
            self.tag_combo.setCurrentIndex(self.tag_combo.findData(ann.tag))
            quote = ann.quote.exact if len(ann.quote.exact) <= 300 else ann.quote.exact[:299] + "…"
            self.quote_label.setText(shown(quote))
            if self.note_edit.toPlainText() != ann.note:
                self.note_edit.setPlainText(ann.note)
                self.note_edit.moveCursor(self.note_edit.textCursor().MoveOperation.End)
            created = ann.created.astimezone().strftime("%Y-%m-%d %H:%M")
            modified = ann.modified.astimezone().strftime("%Y-%m-%d %H:%M")
            when = created if created == modified else f"{created}, edited {modified}"
            who = authorship(ann.author, ann.created, ann.modified, ann.modified_by)
            self.info_label.setText(shown(f"{who[0].upper()}{who[1:]} · {when} · code points {ann.start}–{ann.end}"))

    def _on_tag_chosen(self, index: int) -> None:
        if self._current_id is not None:
            self._unless_done(self.editor.change_tag(self._current_id, Tag(self.tag_combo.itemData(index))))

    def _on_note_typed(self) -> None:
        if self._current_id is not None:
            self._unless_done(self.editor.set_note(self._current_id, self.note_edit.toPlainText()))

    def _unless_done(self, done: bool) -> None:
        """An edit that was not made (no change, or no name to sign it with) shows the
        annotation as it still is, so the fields never show what was not recorded."""
        if not done and self.session is not None and self._current_id is not None:
            self._show_details(self.session.annotations.get(self._current_id))

    def hidden_tags(self) -> frozenset:
        return frozenset(tag for tag, button in self.tag_buttons.items() if not button.isChecked())

    def _update_summary(self) -> None:
        total = 0 if self.session is None else len(self.session.annotations)
        for tag, button in self.tag_buttons.items():
            count = 0 if self.session is None else self.session.annotations.count(tag)
            button.setText(f"{tag.label} {count}")
        shown = self.table.model().rowCount()
        noun = "annotation" if total == 1 else "annotations"
        self.summary.setText(f"{total} {noun}" if shown == total else f"Showing {shown} of {total} {noun}")


def _comment_line(comment: Comment) -> str:
    verdict = f"{comment.status.value.capitalize()}: " if comment.status else ""
    return f"{verdict}{comment.text.strip()} ({comment.author}, {comment.time.astimezone():%Y-%m-%d %H:%M})"


def _record_line(record: ReviewRecord) -> str:
    how = record.decision.value.capitalize() if record.decided else f"Not decided ({record.decision.value})"
    return f"{how} by {record.reviewer}, {record.time.astimezone():%Y-%m-%d %H:%M} ({record.group})"
