"""The review window: both people's highlights on one article, the grouped differences,
decisions, comments, agreement numbers, and the merge."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..assets import resource_path
from ..core.errors import SaveError
from ..core.merge import ItemDecision
from ..core.model import Comment, Decision, ReviewStatus, Tag, now
from ..core.review import Group, ReviewItem
from ..core.wording import one_line, plural, quoted
from . import dialogs, tag_style
from .actions import REVIEW, Actions, build_actions
from .document_view import DocumentView
from .review_agreement import COMPUTING, agreement_html, compute_in_background, failure_text
from .review_commands import Decide, SetComment
from .review_edit_dialog import EditItemDialog
from .review_layers import accept_majority, install_layers, table_model
from .review_model import DECISION, GROUP, TEXT, ReviewFilter, group_label, html_text, side_html
from .review_session import ReviewSession
from .settings import AppSettings
from .tables import list_table
from .text_edit import SharedUndoTextEdit

DECISION_ACTIONS = {
    "keep_mine": Decision.KEPT_MINE,
    "accept_theirs": Decision.ACCEPTED_THEIRS,
    "keep_both": Decision.KEPT_BOTH,
}


AGREEMENT_DELAY_MS = 50


class ReviewWindow(QMainWindow):
    merged = Signal(Path)
    """A merged project was saved to this path."""

    def __init__(self, session: ReviewSession, mine_path: Path | None, theirs_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowIcon(QIcon(str(resource_path("icons", "annotator.svg"))))
        self.session = session
        session.setParent(self)
        self.mine_path = mine_path
        self.theirs_path = theirs_path
        self.colleague_paths: list[Path] = []  # several colleagues: each one's file, never replaced unasked
        self._computing: set[int] = set()  # documents whose agreement a worker is working out
        self._agreement_errors: dict[int, str] = {}  # documents whose agreement failed: why
        self.saved_path: Path | None = None
        self._caret_driven = False  # a click in the article chose the row: don't move the selection back

        self.view = DocumentView()
        self.view.setPlaceholderText("")
        self.model = table_model(session, self)
        self.proxy = ReviewFilter(self)
        self.proxy.setSourceModel(self.model)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(self._build_panel())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 560])
        self.setCentralWidget(splitter)

        self.actions = build_actions(self, {
            "undo": session.undo_stack.undo,  # replaced by Qt's own undo and redo actions below
            "redo": session.undo_stack.redo,
            "merge_save": self.save_merged,
            "close_review": self.close,
            "next_difference": lambda: self.step(+1),
            "previous_difference": lambda: self.step(-1),
            **{name: (lambda d=decision: self.decide(d)) for name, decision in DECISION_ACTIONS.items()},
            "edit_item": self.edit_current,
            "undecide": lambda: self.decide(None),
            "accept_agreed": self.accept_all_agreed,
            "accept_majority": lambda: accept_majority(self),
            "comment": self.comment_edit.setFocus,
        }, REVIEW)
        use_stack_actions(self, self.actions, session.undo_stack)
        self._build_bars()
        install_layers(self)

        session.documentChanged.connect(self._show_document)
        session.itemChanged.connect(self._on_item_changed)
        session.revealRequested.connect(self.select_row)
        session.stateChanged.connect(self._update_state)
        self.view.caretMoved.connect(self._on_caret_moved)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.resize(1280, 820)
        self._show_document()

    # -- building
    def _build_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 6, 6, 6)

        legend = QHBoxLayout()
        self.side_titles = self.session.side_titles()
        self.show_mine = QCheckBox(f"{self.side_titles['mine']}: filled")
        self.show_theirs = QCheckBox(f"{self.side_titles['theirs']}: wavy underline")
        self.show_mine.setToolTip("Show my annotations as filled highlights")
        self.show_theirs.setToolTip("Show the colleague's annotations as wavy underlines")
        for box in (self.show_mine, self.show_theirs):
            box.setChecked(True)
            box.toggled.connect(self._refresh_highlights)
            legend.addWidget(box)
        legend.addStretch(1)
        layout.addLayout(legend)

        groups = QHBoxLayout()
        groups.setSpacing(4)
        self.group_buttons: dict[Group, QToolButton] = {}
        for group in Group:
            button = QToolButton()
            button.setObjectName(f"group_{group.name.lower()}")
            button.setCheckable(True)
            button.setChecked(True)
            button.setToolTip(f"Show or hide the items in the group “{group_label(group)}”")
            button.toggled.connect(lambda on, g=group: (self.proxy.set_group_visible(g, on), self._update_state()))
            groups.addWidget(button)
            self.group_buttons[group] = button
        self.tag_filter = QComboBox()
        self.tag_filter.setObjectName("tagFilter")
        self.tag_filter.setAccessibleName("Show tag")
        self.tag_filter.setToolTip("Show the items of one tag only, or of all")
        self.tag_filter.addItem("All tags", None)
        for tag in tag_style.TAG_ORDER:
            self.tag_filter.addItem(tag_style.swatch_icon(tag), tag.label, tag.value)
        self.tag_filter.currentIndexChanged.connect(self._on_tag_filter)
        groups.addStretch(1)
        groups.addWidget(self.tag_filter)
        layout.addLayout(groups)

        self.table = list_table(
            "reviewTable", "Review items", (TEXT,), {GROUP: 100, DECISION: 150},
            "Each pair of annotations and how they differ; M, T, B, E decide, C comments, F8 goes to the next difference",
        )
        self.table.setModel(self.proxy)
        layout.addWidget(self.table, 1)

        self.summary = QLabel()
        self.summary.setObjectName("reviewSummary")
        layout.addWidget(self.summary)

        sides = QGroupBox("Selected item")
        grid = QGridLayout(sides)
        self.side_labels = {}
        for column, key in enumerate(("mine", "theirs")):
            heading = QLabel(self.side_titles[key])
            heading.setObjectName(f"{key}Heading")
            heading.setTextFormat(Qt.TextFormat.PlainText)  # names come from the files
            heading.setStyleSheet("font-weight: bold")
            grid.addWidget(heading, 0, column)
            label = QLabel()
            label.setObjectName(f"{key}Details")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)  # built from escaped text (_html)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(label, 1, column)
            self.side_labels[key] = label
        form = QFormLayout()
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusCombo")
        self.status_combo.setToolTip("Your verdict on the item: accepted, rejected or disputed")
        self.status_combo.addItem("No verdict", None)
        for status in ReviewStatus:
            self.status_combo.addItem(status.value.capitalize(), status.value)
        self.status_combo.activated.connect(self._on_comment_edited)
        form.addRow("&Verdict", self.status_combo)
        self.comment_edit = SharedUndoTextEdit()
        self.comment_edit.setObjectName("commentEdit")
        self.comment_edit.setToolTip("Your review comment on the selected item (C comes here)")
        self.comment_edit.setPlaceholderText("Review comment: why you decided so, what to check…")
        self.comment_edit.setTabChangesFocus(True)
        self.comment_edit.setMaximumHeight(80)
        self.comment_edit.textChanged.connect(self._on_comment_edited)
        form.addRow("Co&mment", self.comment_edit)
        grid.addLayout(form, 2, 0, 1, 2)
        self.details = sides
        layout.addWidget(sides)

        self.agreement_label = QLabel()
        self.agreement_label.setObjectName("agreementLabel")
        self.agreement_label.setTextFormat(Qt.TextFormat.RichText)
        self.agreement_label.setWordWrap(True)  # the footnote must not widen the panel
        box = QGroupBox("Agreement")
        QVBoxLayout(box).addWidget(self.agreement_label)
        layout.addWidget(box)

        self.unmatched_label = QLabel()
        self.unmatched_label.setObjectName("unmatchedLabel")
        self.unmatched_label.setWordWrap(True)
        self.unmatched_label.setTextFormat(Qt.TextFormat.PlainText)  # titles come from a file
        unmatched = self.session.unmatched_theirs
        self.unmatched_label.setText(
            f"The colleague's project also has {plural(len(unmatched), 'document')} matching none of yours; they are "
            "not part of this review or the merge: " + ", ".join(f"“{d.title or d.id}”" for d in unmatched)
        )
        self.unmatched_label.setVisible(bool(unmatched))
        layout.addWidget(self.unmatched_label)

        self.lost_box = QGroupBox()
        self.lost_list = QListWidget()
        self.lost_list.setObjectName("lostList")
        self.lost_list.setAccessibleName("Their annotations not found")
        self.lost_list.setAccessibleDescription("Annotations of theirs whose text is not in your copy of the article; they are kept in the merge's records")
        self.lost_list.setMaximumHeight(90)
        QVBoxLayout(self.lost_box).addWidget(self.lost_list)
        layout.addWidget(self.lost_box)
        return panel

    def _build_bars(self) -> None:
        a = self.actions
        bar = self.addToolBar("Review")
        bar.setObjectName("reviewToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addActions([a.merge_save])
        bar.addSeparator()
        bar.addActions([a.undo, a.redo])
        bar.addSeparator()
        bar.addActions([a.previous_difference, a.next_difference])
        bar.addSeparator()
        bar.addActions([a.keep_mine, a.accept_theirs, a.keep_both, a.edit_item, a.accept_agreed])
        self.document_combo = QComboBox()
        self.document_combo.setObjectName("reviewDocumentCombo")
        for number, review in enumerate(self.session.reviews, start=1):
            self.document_combo.addItem(review.mine.title or f"Document {number}")
        self.document_combo.activated.connect(self.session.show_document)
        if len(self.session.reviews) > 1:
            bar.addSeparator()
            bar.addWidget(self.document_combo)

        review_menu = self.menuBar().addMenu("&Review")
        review_menu.addActions([a.merge_save, a.close_review])
        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addActions([a.undo, a.redo])
        decide_menu = self.menuBar().addMenu("&Decide")
        decide_menu.addActions([a.previous_difference, a.next_difference])
        decide_menu.addSeparator()
        decide_menu.addActions([a.keep_mine, a.accept_theirs, a.keep_both, a.edit_item, a.undecide])
        decide_menu.addSeparator()
        decide_menu.addActions([a.accept_agreed, a.comment])

    # -- showing
    def _show_document(self) -> None:
        review = self.session.review
        self._refresh_highlights()
        self.document_combo.setCurrentIndex(self.session.document_index)
        self.lost_box.setVisible(bool(review.lost) or review.theirs is None)
        self.lost_list.clear()
        if review.theirs is None:
            self.lost_box.setTitle("The colleague's project has no document matching this one")
        else:
            self.lost_box.setTitle(f"{len(review.lost)} of their annotations could not be found in this text")  # "1 of …" too
            for ann in review.lost:
                self.lost_list.addItem(f"{ann.tag.label}: {quoted(one_line(ann.quote.exact, 80))} ({ann.author or 'unknown'})")
        # The numbers take a second or two on 100,000 annotations: they are worked out on a
        # worker thread, and fill in when ready; the window is usable meanwhile.
        known = self.session.known_agreement()
        if known is not None:
            self._show_agreement(known)
        else:
            index = self.session.document_index
            self.agreement_label.setText(self._agreement_errors.get(index, COMPUTING))
            if index not in self._computing and index not in self._agreement_errors:  # once per document
                self._computing.add(index)
                # After the first paint (the inner timer starts counting once the event loop
                # runs): the worker shares Python's GIL with the window.
                QTimer.singleShot(0, self, lambda: QTimer.singleShot(
                    AGREEMENT_DELAY_MS, self, lambda: compute_in_background(self, index)
                ))
        self._show_item(None)
        self._update_state()

    def _refresh_highlights(self) -> None:
        s = self.session
        self.view.set_content(
            s.review.mine.text,
            s.mine_set if self.show_mine.isChecked() else None,
            s.theirs_set if self.show_theirs.isChecked() else None,
        )
        row = self.current_row()
        if row is not None:
            self._mark(self.session.items[row])

    def agreement_ready(self, index: int, scores) -> None:
        """The worker's numbers for document ``index`` (see ``review_agreement``)."""
        self._computing.discard(index)
        self.session.remember_agreement(index, scores)
        if self.session.document_index == index:
            self._show_agreement(scores)

    def agreement_failed(self, index: int, error: Exception) -> None:
        """The worker raised: say so where the numbers would be (it has been logged)."""
        self._computing.discard(index)
        self._agreement_errors[index] = html_text(failure_text(error))
        if self.session.document_index == index:
            self.agreement_label.setText(self._agreement_errors[index])

    def _show_agreement(self, scores) -> None:
        self.agreement_label.setText(agreement_html(scores))

    def _show_item(self, item: ReviewItem | None) -> None:
        self.details.setEnabled(item is not None)
        row = self.current_row()
        for key in ("mine", "theirs"):
            ann = None if item is None else getattr(item, key)
            label = self.side_labels[key]
            label.setText("" if item is None else side_html(ann, self.session.link_target(key)))
        comment = None if row is None else self.session.comment(row)
        with QSignalBlocker(self.comment_edit), QSignalBlocker(self.status_combo):
            text = comment.text if comment else ""
            if self.comment_edit.toPlainText() != text:
                self.comment_edit.setPlainText(text)
            status = comment.status.value if comment and comment.status else None
            self.status_combo.setCurrentIndex(self.status_combo.findData(status) if status else 0)

    def _mark(self, item: ReviewItem) -> None:
        self.view.mark_current(item.mine or item.theirs)

    def _update_state(self, *_args) -> None:
        s = self.session
        totals = s.group_counts[s.document_index]
        for group, button in self.group_buttons.items():
            button.setText(f"{group_label(group)} {totals[group]}")
        undecided = s.undecided()
        shown = self.proxy.rowCount()
        total = len(s.items)
        showing = "" if shown == total else f" · showing {shown} of {total}"
        kept = "your version is kept"
        if any(per_doc[Group.NOTES_DIFFER] for per_doc in s.group_counts):
            kept += ", with both notes where notes differ"
        self.summary.setText(f"{plural(total, 'item')} · {plural(undecided, 'difference')} undecided ({kept}){showing}")
        mine = self.mine_path.name if self.mine_path else s.mine_name
        theirs = self.theirs_path.name if self.theirs_path else s.theirs_name
        self.setWindowTitle(f"Review: {theirs} against {mine}[*] — Annotator")
        self.setWindowModified(s.is_modified)

    # -- selection
    def current_row(self) -> int | None:
        index = self.table.currentIndex()
        return self.proxy.mapToSource(index).row() if index.isValid() else None

    def selected_rows(self) -> list[int]:
        rows = sorted({self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()})
        current = self.current_row()
        return rows or ([current] if current is not None else [])

    def select_row(self, row: int) -> None:
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            for button in self.group_buttons.values():
                button.setChecked(True)
            self.tag_filter.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self._show_item(None)
            self.view.mark_current(None)
            return
        item = self.session.items[self.proxy.mapToSource(current).row()]
        self._show_item(item)
        self._mark(item)
        if not self._caret_driven:
            self.view.select_span(item.start, item.end)

    def _on_caret_moved(self, position: int) -> None:
        rows = self.session.rows_at(position)
        if not rows:
            return
        self._caret_driven = True
        try:
            self.select_row(rows[0])
        finally:
            self._caret_driven = False

    def _on_tag_filter(self, index: int) -> None:
        value = self.tag_filter.itemData(index)
        self.proxy.set_tag(None if value is None else Tag(value))
        self._update_state()

    def _on_item_changed(self, row: int) -> None:
        self._update_state()
        if row == self.current_row():
            self._show_item(self.session.items[row])

    # -- decisions
    def step(self, direction: int) -> None:
        """Select the next (+1) or previous (-1) shown item that is not agreed, wrapping around,
        and say which it is, so a reviewer always knows where F8 left them."""
        count = self.proxy.rowCount()
        if not count:
            return
        index = self.table.currentIndex()
        chosen = index.isValid() and self.table.selectionModel().isRowSelected(index.row(), index.parent())
        # Focus alone makes a current row that nobody chose: F8 then starts at the first item.
        current = index.row() if chosen else (-1 if direction > 0 else count)
        for offset in range(1, count + 1):
            proxy_row = (current + direction * offset) % count
            row = self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row()
            if self.session.items[row].group != Group.AGREED:
                self.select_row(row)
                self.statusBar().showMessage(f"{self._where(row)}: {self._state(row)}.")
                return
        self.statusBar().showMessage("No differences left in the list: everything shown is agreed.", 5000)

    def decide(self, decision: Decision | None) -> None:
        """Decide the selected items. The selection stays where it is (the README's rule): the
        decided item stays in view with its new decision, and only F8 moves on, so a decision
        never carries the reviewer past an item they have not seen."""
        rows = self.selected_rows()
        if not rows:
            self.statusBar().showMessage("Select an item first.", 5000)
            return
        if decision is None:
            text = "Clear decision"
        else:
            text = f"{decision.value.capitalize()} ({plural(len(rows), 'item')})"
        value = None if decision is None else ItemDecision(decision)
        changing = [row for row in rows if self.session.decision(row) != value]
        if changing:
            self.session.undo_stack.push(Decide(self.session, changing, value, text))
        what = "undecided" if decision is None else decision.value
        if len(rows) == 1:
            self.table.scrollTo(self.table.currentIndex())
            self.statusBar().showMessage(f"{self._where(rows[0])}: {what}. F8 goes to the next difference.")
        else:
            self.statusBar().showMessage(f"{what.capitalize()}: {plural(len(rows), 'item')}.")

    def _where(self, row: int) -> str:
        """"Item 5 of 31": the row's place in the list as shown (filters count)."""
        shown = self.proxy.mapFromSource(self.model.index(row, 0))
        return f"Item {shown.row() + 1} of {self.proxy.rowCount()}"

    def _state(self, row: int) -> str:
        """"tag differs, undecided", "only mine, kept mine": the item's group and decision."""
        decision = self.session.decision(row)
        return f"{self.session.items[row].group.value}, {decision.decision.value if decision else 'undecided'}"

    def accept_all_agreed(self) -> None:
        rows = [
            row for row, item in enumerate(self.session.items)
            if item.group == Group.AGREED and self.session.decision(row) is None  # explicit choices stay
        ]
        if rows:
            self.session.undo_stack.push(Decide(self.session, rows, ItemDecision(Decision.AGREED), f"Accept {plural(len(rows), 'agreed item')}"))
        self.statusBar().showMessage(f"Accepted {plural(len(rows), 'agreed item')}.", 5000)

    def edit_current(self) -> None:
        row = self.current_row()
        if row is None:
            self.statusBar().showMessage("Select an item first.", 5000)
            return
        item = self.session.items[row]
        selection = self.view.selected_span()
        dialog = EditItemDialog(self, item, self.session.review.mine.text, selection, self.session.reviewer)
        if dialog.exec():
            self.session.undo_stack.push(Decide(self.session, [row], ItemDecision(Decision.EDITED, dialog.result_annotation()), "Edit item"))

    def _on_comment_edited(self, *_args) -> None:
        row = self.current_row()
        if row is None:
            return
        text = self.comment_edit.toPlainText()
        status = self.status_combo.currentData()
        comment = None
        if text.strip() or status:
            comment = Comment(author=self.session.reviewer, time=now(), text=text, status=ReviewStatus(status) if status else None)
        self.session.undo_stack.push(SetComment(self.session, row, comment))

    # -- saving
    def save_merged(self) -> bool:
        default = self._suggested_path()
        path, _ = QFileDialog.getSaveFileName(self, "Save merged project", str(default), "Annotator projects (*.json)")
        if not path:
            return False
        path = Path(path)
        if path.suffix.lower() != ".json":
            path = path.with_name(path.name + ".annotator.json")
        inputs = {p.resolve() for p in (self.mine_path, self.theirs_path, *self.colleague_paths) if p is not None}
        if path.resolve() in inputs:
            answer = QMessageBox.question(
                self, "Replace a project under review?",
                f"“{path.name}” is one of the two projects under review. Replace it with the merge?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            self.session.save_merged(path)
        except SaveError as error:
            dialogs.show_error(self, "Could not save the merge", str(error))
            return False
        self.saved_path = path
        self.statusBar().showMessage(f"Saved the merge as {path.name}.", 5000)
        self.merged.emit(path)
        return True

    def _suggested_path(self) -> Path:
        if self.saved_path is not None:
            return self.saved_path
        base = self.mine_path or Path(AppSettings().last_folder()) / "review.annotator.json"
        stem = base.name.removesuffix(".json").removesuffix(".annotator")
        return base.with_name(f"{stem}.reviewed.annotator.json")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.session.is_modified:
            answer = dialogs.ask_save_changes(self, "the merge of this review")
            if answer == QMessageBox.StandardButton.Cancel or (answer == QMessageBox.StandardButton.Save and not self.save_merged()):
                event.ignore()
                return
        event.accept()


def use_stack_actions(window: QMainWindow, actions: Actions, stack: QUndoStack) -> None:
    """Swap the table's Undo and Redo for Qt's own (``QUndoStack.createUndoAction``), which
    follow the stack: enabled when there is something to undo, text naming it ("Undo Kept
    mine (1 item)"). Shortcuts, tooltips and names stay as the action table says."""
    for name, create in (("undo", stack.createUndoAction), ("redo", stack.createRedoAction)):
        built = actions[name]
        action: QAction = create(window, built.text())
        action.setShortcuts(built.shortcuts())
        action.setToolTip(built.toolTip())
        action.setStatusTip(built.statusTip())
        action.setObjectName(built.objectName())
        action.setIconText(built.iconText())
        window.removeAction(built)
        built.deleteLater()
        window.addAction(action)
        actions[name] = action

