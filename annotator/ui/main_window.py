"""The main window: wires the view, the panel and the actions.

The menus and toolbar are arranged in ``menus.py``; opening, saving, importing and exporting
are in ``project_files.py``, starting a review in ``review_launcher.py``, keeping work safe
between saves (recovery files, the watch on the file) in ``file_guard.py``, and a folder of
articles (the Articles dock, switching, statuses) in ``workspace_controller.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QGuiApplication,
    QIcon,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFontDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..assets import resource_path, sample_project
from ..core.anchoring import snap_span
from ..core.model import Annotation, Status, Tag
from ..core.wording import one_line
from . import dialogs, menus, navigation, span_edit, tag_style, theme
from .actions import build_actions
from .annotation_panel import AnnotationPanel
from .bottom_docks import BottomDocks
from .claims_view import ClaimsController
from .commands import DETAIL_FIELDS, ReattachOrphan, SetArticleDetails
from .document_view import DocumentView
from .editor import AnnotationEditor
from .file_guard import FileGuard
from .find_bar import FindBar
from .orphans import OrphansPanel
from .project_files import ARTICLE_FILTER, PROJECT_FILTER, ProjectFiles
from .review_changes import ReviewChangesPanel
from .review_launcher import ReviewLauncher
from .session import ProjectSession
from .suggestions import SuggestionController
from .linking import LinkController
from .settings import AppSettings
from .welcome import WelcomePage
from .workspace_controller import WorkspaceController

if TYPE_CHECKING:
    from .review_window import ReviewWindow


class MainWindow(ProjectFiles, ReviewLauncher, QMainWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowIcon(QIcon(str(resource_path("icons", "annotator.svg"))))
        self.settings = AppSettings()
        self.session: ProjectSession | None = None
        self.editor = AnnotationEditor(self, who=self.ensure_author)
        self._caret_driven = False
        self._marked_id: str | None = None  # the annotation marked in the article
        self._article_path: Path | None = None  # where a new project's article came from
        self.file_guard = FileGuard(self)
        self.undo_group = QUndoGroup(self)  # the open project's stack; Qt names the next step

        self.view = DocumentView()
        self.find_bar = FindBar(self.view)
        self.panel = AnnotationPanel(self.editor)
        article = QWidget()
        column = QVBoxLayout(article)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.view, 1)
        column.addWidget(self.find_bar)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(article)
        splitter.addWidget(self.panel)
        self.splitter = splitter
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 480])
        self.welcome = WelcomePage(has_sample=sample_project() is not None)
        self.welcome.sampleRequested.connect(self.open_sample)
        self.welcome.articleRequested.connect(lambda: self.open_dialog(ARTICLE_FILTER))
        self.welcome.projectRequested.connect(lambda: self.open_dialog(PROJECT_FILTER))
        self.welcome.clipboardRequested.connect(self.new_from_clipboard)
        self.welcome.recentRequested.connect(self.open_path)
        self.welcome.show_recent(self.settings.recent_files())
        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(splitter)
        self.setCentralWidget(self.pages)
        self.setAcceptDrops(True)

        self.suggestions = SuggestionController(self)  # suggested spans in the article, their keys
        self.linking = LinkController(self)  # links between annotations: L, the link knob, drawing them
        self.actions = build_actions(self, {
            **self.suggestions.handlers(),
            **self.linking.handlers(),
            "open": self.open_dialog,
            "open_folder": self.open_folder_dialog,
            "add_articles": lambda: _dialog("bulk_import_dialog").choose_and_add(self.workspace, folder=False),
            "add_article_folder": lambda: _dialog("bulk_import_dialog").choose_and_add(self.workspace, folder=True),
            "search_workspace": lambda: self.workspace.search(),
            "next_article": lambda: self.workspace.step(True),
            "previous_article": lambda: self.workspace.step(False),
            "next_not_done": lambda: self.workspace.step(True, not_done=True),
            **{menus.status_action(s): (lambda s=s: self.workspace.set_open_status(s)) for s in Status},
            "assign_to": lambda: self.workspace.assign_open(),
            "articles_panel": lambda: self.workspace.toggle_panel(),
            "claims_view": lambda: self.claims.toggle(),
            "new_from_clipboard": self.new_from_clipboard,
            "article_details": self.edit_article_details,
            "update_text": self.update_text_dialog,
            "reattach": self.reattach_orphan,
            "review": self.review_dialog,
            "import": self.import_dialog,
            "export": self.export_dialog,
            "publishing": lambda: _dialog("publishing_dialog").edit(self),
            "rating_scale": lambda: _dialog("rating_scale_dialog").edit(self),
            "article_verdict": lambda: _dialog("article_verdict").edit(self),
            "save": self.save,
            "save_as": self.save_as,
            "clear_recent": self.settings.clear_recent_files,
            "quit": self.close,
            "undo": self.undo_group,
            "redo": self.undo_group,
            **{f"tag_{tag.value}": (lambda t=tag: self.tag_selection(t)) for tag in Tag},
            **{f"add_tag_{tag.value}": (lambda t=tag: self.tag_selection(t, second=True)) for tag in Tag},
            **span_edit.handlers(self),
            "sticky_tag": self._sticky_toggled,
            "edit_note": self.panel.focus_note,
            "delete": self.panel.delete_selected,
            "next_annotation": lambda: navigation.step_annotation(self, True),
            "previous_annotation": lambda: navigation.step_annotation(self, False),
            "next_untagged": lambda: navigation.step_untagged(self, True),
            "previous_untagged": lambda: navigation.step_untagged(self, False),
            "extend_sentence": lambda: navigation.extend_by_sentence(self, True),
            "extend_sentence_back": lambda: navigation.extend_by_sentence(self, False),
            "find": self.find_bar.open_bar,
            "find_next": lambda: self.find_bar.step(True),
            "find_previous": lambda: self.find_bar.step(False),
            "filter": self._focus_filter,
            "zoom_in": lambda: self._zoom(1),
            "zoom_out": lambda: self._zoom(-1),
            "zoom_reset": lambda: self._zoom(0),
            "choose_font": self.choose_font,
            "annotation_cards": lambda: self.panel.show_cards(self.actions.annotation_cards.isChecked()),
            "agreement": lambda: _dialog("agreement_dialog").show(self),
            **{f"theme_{choice}": (lambda c=choice: self.set_theme(c)) for choice in theme.CHOICES},
            "set_author": self.change_author,
            "shortcuts": lambda: dialogs.ShortcutsDialog(self).exec(),
            "about": self.show_about,
            "show_log_folder": show_log_folder,
        })
        self.suggestions.actions_built()
        self._last_tag: Tag | None = None  # what sticky tagging applies
        menus.build_menus(self)
        menus.build_toolbar(self)
        self.workspace = WorkspaceController(self)  # a folder of articles: the Articles dock

        self.changes_panel = ReviewChangesPanel()
        self.changes_panel.spanRequested.connect(self._show_reviewed_span)
        self.changes_dock = QDockWidget("Changes since review", self)
        self.changes_dock.setObjectName("changesDock")
        self.changes_dock.setWidget(self.changes_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.changes_dock)
        self.changes_dock.hide()
        self.review_windows: list[ReviewWindow] = []

        self.orphans_panel = OrphansPanel()
        self.orphans_panel.reattachRequested.connect(lambda _id: self.reattach_orphan())
        self.orphans_dock = QDockWidget("Orphaned annotations", self)
        self.orphans_dock.setObjectName("orphansDock")
        self.orphans_dock.setWidget(self.orphans_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.orphans_dock)
        self.orphans_dock.hide()
        self.bottom_docks = BottomDocks(self, [self.changes_dock, self.orphans_dock], self.panel.table)  # sizes, remembered
        self.claims = ClaimsController(self)  # the Claims dock: verdicts, evidence, filters

        self.view.caretMoved.connect(self._on_caret_moved)
        self.view.selectionMade.connect(self._on_selection_made)
        self.view.customContextMenuRequested.connect(self._show_view_menu)
        self.panel.currentChanged.connect(self._on_current_annotation)
        self.panel.hiddenTagsChanged.connect(self.view.set_hidden_tags)
        self.view.handles.enabled = True
        self.view.handles.dragged.connect(self._on_handle_dragged)
        self.panel.table.doubleClicked.connect(lambda _index: self.panel.focus_note())
        self.editor.created.connect(self._on_created)

        geometry, state = self.settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1200, 780)
        if state is not None:
            self.restoreState(state)
        self.workspace.dock.hide()  # until a folder is opened, at the size it had
        splitter_state = self.settings.splitter_state()
        if splitter_state is not None:
            self.splitter.restoreState(splitter_state)
        self.set_theme(self.settings.theme())
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_color_scheme_changed)  # dropped with the window
        self._default_font = QFont(self.view.font())
        saved_font = QFont()
        if self.settings.article_font() and saved_font.fromString(self.settings.article_font()):
            self.view.setFont(saved_font)
        self.author_button = QToolButton(self)
        self.author_button.setObjectName("authorButton")
        self.author_button.setAutoRaise(True)
        self.author_button.setToolTip("The name signed on every annotation you make or change: click to change it")
        self.author_button.clicked.connect(self.change_author)
        self.statusBar().addPermanentWidget(self.author_button)
        self._show_author()
        self.statusBar().showMessage("Open an article or a project to begin.")
        self._update_state()

    # -- opening
    def set_session(self, session: ProjectSession | None) -> None:
        old = self.session
        if old is not None:
            self.undo_group.removeStack(old.undo_stack)
            old.stateChanged.disconnect(self._update_state)
            old.spanChanged.disconnect(self.view.refresh_span)
            old.documentChanged.disconnect(self._show_current_document)
            old.detailsChanged.disconnect(self._on_details_changed)
            old.orphansChanged.disconnect(self._show_orphans)
        self.session = session
        self.editor.session = session
        self.document_combo.clear()
        if session is not None:
            session.stateChanged.connect(self._update_state)
            session.spanChanged.connect(self.view.refresh_span)
            session.documentChanged.connect(self._show_current_document)
            session.detailsChanged.connect(self._on_details_changed)
            session.orphansChanged.connect(self._show_orphans)
            for number, doc in enumerate(session.project.documents, start=1):
                self.document_combo.addItem(doc.title or f"Document {number}")
            self.undo_group.addStack(session.undo_stack)
            self.undo_group.setActiveStack(session.undo_stack)
        for tool in self._document_tools:
            tool.setVisible(session is not None and len(session.project.documents) > 1)
        self.file_guard.attach(session)  # the old work was saved or deliberately dropped
        self._show_current_document()
        self.workspace.session_changed()
        if old is not None:
            old.deleteLater()

    def _show_current_document(self) -> None:
        """Show the session's current document in the view and the panel."""
        session = self.session
        if session is None:
            self.welcome.show_recent(self.settings.recent_files())
        self.pages.setCurrentIndex(0 if session is None else 1)
        self.view.set_content("" if session is None else session.document.text, None if session is None else session.annotations)
        self.find_bar.refresh()
        self.panel.set_session(session)
        if session is not None:
            self.document_combo.setCurrentIndex(session.document_index)
        self.changes_panel.show_document(None if session is None else session.document, self.settings.author)
        self.changes_dock.setVisible(self.changes_panel.model.rowCount() > 0)
        self._show_orphans()
        self.suggestions.document_shown()
        self.claims.session_shown()
        self._update_state()

    def _choose_document(self, index: int) -> None:
        if self.session is not None and index >= 0:
            self.session.show_document(index)

    def edit_article_details(self) -> None:
        if self.session is None:
            return
        doc = self.session.document
        dialog = dialogs.ArticleDetailsDialog(self, {k: getattr(doc, k) for k in DETAIL_FIELDS})
        if dialog.exec():
            details = dialog.details()
            if any(details[k] != getattr(doc, k) for k in DETAIL_FIELDS):
                self.session.undo_stack.push(SetArticleDetails(self.session, details))

    def _show_orphans(self) -> None:
        document = None if self.session is None else self.session.document
        self.orphans_panel.show_document(document)
        self.orphans_dock.setVisible(document is not None and bool(document.orphans))
        self.actions.reattach.setEnabled(document is not None and bool(document.orphans))

    def reattach_orphan(self) -> None:
        if self.session is None:
            return
        orphan_id = self.orphans_panel.current_id()
        orphan = next((o for o in self.session.document.orphans if o.id == orphan_id), None)
        span = self.view.selected_span()
        if orphan is None or span is None:
            self.statusBar().showMessage("Select the text in the article and the orphan in its list, then re-attach.", 5000)
            return
        snapped = snap_span(self.session.document.text, *span)
        if snapped is None:
            self.statusBar().showMessage("The selection holds only spaces.", 5000)
            return
        by = self.ensure_author()
        if by is not None:
            self.session.undo_stack.push(ReattachOrphan(self.session, orphan, *snapped, by))

    def _on_details_changed(self) -> None:
        session = self.session
        if session is not None:
            self.document_combo.setItemText(session.document_index, session.document.title or f"Document {session.document_index + 1}")
        self.workspace.show_status()
        self._update_state()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.maybe_save():
            self.settings.set_geometry(self.saveGeometry(), self.saveState())
            self.settings.set_splitter_state(self.splitter.saveState())
            self.file_guard.drop_recovery()  # a clean exit: saved, or discarded on purpose
            self.workspace.close()
            event.accept()
        else:
            event.ignore()

    # -- drag and drop (a folder opens as a workspace, see ``open_path``)
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_path(Path(files[0]))

    # -- annotating
    def tag_selection(self, tag: Tag, second: bool = False) -> None:
        """Tag the selection; with an annotation current whose text is the selection, change
        its tag instead, unless ``second`` (Shift+number) asks for another annotation."""
        span = self.view.selected_span()
        if self.session is None:
            self.statusBar().showMessage("Open an article or a project first.", 5000)
            return
        if span is None:
            self.statusBar().showMessage(f"Select some text first, then tag it as {tag.label.lower()}.", 5000)
            return
        author = self.ensure_author()
        if author is None:
            self.statusBar().showMessage("Not tagged: annotations need your name (Edit ▸ Set Author Name).", 5000)
            return
        self._last_tag = tag
        current = self.panel.current_annotation()
        if not second and current is not None and snap_span(self.session.document.text, *span) == (current.start, current.end):
            if current.tag == tag:
                message = f"That text is already tagged as {tag.label}."
            elif self.editor.change_tag(current.id, tag):
                number = tag_style.TAG_ORDER.index(tag) + 1
                message = f"Changed {current.tag.label} to {tag.label}. To tag the same text a second time, press Shift+{number}."
            else:
                message = "Not changed: changes need your name."
            self.statusBar().showMessage(message, 5000)
            return
        message = self.editor.tag_span(tag, span[0], span[1], author)
        if message:
            self.statusBar().showMessage(message, 5000)

    def ensure_author(self) -> str | None:
        """The remembered author name, asking for it the first time."""
        if not self.settings.author:
            name = dialogs.ask_author(self)
            if name is None:
                return None
            self.settings.author = name
            self._show_author()
        return self.settings.author

    def change_author(self) -> None:
        name = dialogs.ask_author(self, self.settings.author)
        if name is not None:
            self.settings.author = name
            self._show_author()
            self.statusBar().showMessage(f"Annotations you make or change from now on are signed “{name}”.", 5000)

    def _show_author(self) -> None:
        """Always in view, so that on a shared machine a wrong name is noticed before it is saved."""
        name = self.settings.author
        self.author_button.setText(f"Annotating as {one_line(name, 40)}" if name else "Annotating as (no name yet)")
        self.author_button.setAccessibleName(self.author_button.text())

    def _on_handle_dragged(self, ann_id: str, start: int, end: int) -> None:
        if self.editor.move_ends(ann_id, start, end):
            self.view.select_span(start, end)

    def _on_created(self, ann_id: str) -> None:
        self._caret_driven = True
        try:
            self.panel.select_annotation(ann_id)
        finally:
            self._caret_driven = False

    def _on_caret_moved(self, position: int) -> None:
        if self.session is None:
            return
        hidden = self.view.highlighter.hidden  # a hidden tag's spans are not there to step on
        covering = [ann for ann in self.session.annotations.at(position) if ann.tag not in hidden]
        self._caret_driven = True
        try:
            self.panel.select_annotation(covering[0].id if covering else None)
        finally:
            self._caret_driven = False

    def _on_current_annotation(self, ann: Annotation | None) -> None:
        """Mark the current annotation, and select it when it became current (an edit to the
        same annotation, such as a retag from its context menu, leaves the view where it is)."""
        became_current = ann is not None and ann.id != self._marked_id
        self._marked_id = None if ann is None else ann.id
        self.view.mark_current(ann)
        if became_current and not self._caret_driven and self.view.selected_span() != (ann.start, ann.end):
            self.view.select_span(ann.start, ann.end)

    def _show_view_menu(self, pos: QPoint) -> None:
        menu = self.view.createStandardContextMenu(pos)
        menu.addSeparator()
        menu.addActions(self.actions.tag_actions())
        if self.session is not None:
            covering = self.session.annotations.at(self.view.code_point_at(pos))
            for ann in covering[:5]:
                menu.addSeparator()
                self._add_annotation_items(menu, ann)
            self.linking.add_menu_items(menu, covering)
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def _add_annotation_items(self, menu: QMenu, ann: Annotation) -> None:
        label = f"{ann.tag.label} “{one_line(ann.quote.exact, 30)}”"
        retag = menu.addMenu(tag_style.swatch_icon(ann.tag), f"Change {label} to")
        for tag in tag_style.TAG_ORDER:
            if tag != ann.tag:
                item = retag.addAction(tag_style.swatch_icon(tag), tag.label)
                item.triggered.connect(lambda _c=False, i=ann.id, t=tag: self.editor.change_tag(i, t))
        note = menu.addAction(f"Edit Note on {label}")
        note.triggered.connect(lambda _c=False, i=ann.id: (self.panel.select_annotation(i), self.panel.focus_note()))
        delete = menu.addAction(f"Delete {label}")
        delete.triggered.connect(lambda _c=False, i=ann.id: self.editor.delete([i]))

    # -- state, misc
    def _sticky_toggled(self) -> None:
        if self.actions.sticky_tag.isChecked():
            if self._last_tag is None:
                self.statusBar().showMessage("Sticky tag: tag one selection with 1-4; every selection after it gets the same tag.", 8000)
            else:
                self.statusBar().showMessage(f"Sticky tag: every selection is tagged {self._last_tag.label.lower()} (Ctrl+T to stop).", 8000)

    def _on_selection_made(self) -> None:
        """A mouse selection ended: with sticky tagging on, it gets the tag used last."""
        if self.actions.sticky_tag.isChecked() and self._last_tag is not None:
            self.tag_selection(self._last_tag)

    def _zoom(self, steps: int) -> None:
        """Larger (1), smaller (-1) or normal (0) article text, remembered for next time."""
        font = QFont(self.view.font())
        if steps == 0:
            font = QFont(self._default_font)
        else:
            font.setPointSizeF(min(72.0, max(6.0, font.pointSizeF() + steps)))
        self.view.setFont(font)
        self.settings.set_article_font("" if steps == 0 else font.toString())

    def set_theme(self, choice: str) -> None:
        """Light, dark or as the system is; remembered, and applied to the whole app."""
        self.actions[f"theme_{choice}"].setChecked(True)
        self.settings.set_theme(choice)
        theme.apply(choice)

    def _on_color_scheme_changed(self, _scheme) -> None:
        """The system went light or dark: follow it if the user chose "Like the System"."""
        self.set_theme(self.settings.theme())

    def choose_font(self) -> None:
        ok, font = QFontDialog.getFont(self.view.font(), self, "Article font")
        if ok:
            self.view.setFont(font)
            self.settings.set_article_font(font.toString())

    def _focus_filter(self) -> None:
        self.panel.filter_edit.setFocus()
        self.panel.filter_edit.selectAll()

    def _display_name(self) -> str:
        if self.session is None:
            return ""
        if self.session.path is not None:
            return self.session.path.name
        return f"Untitled ({self.session.project.documents[0].title or 'new article'})"

    def _update_state(self, *_args) -> None:
        session = self.session
        self.file_guard.state_changed()
        has = session is not None
        editing = (*(f"tag_{t.value}" for t in Tag), *(f"add_tag_{t.value}" for t in Tag), *span_edit.MOVES)
        for name in ("save", "save_as", "export", "publishing", "rating_scale", "article_details", "article_verdict", "edit_note", "delete", *editing):
            self.actions[name].setEnabled(has)
        self.setWindowFilePath("" if not has or session.path is None else str(session.path))
        self.setWindowTitle(f"{self._display_name()}[*] — Annotator" if has else "Annotator")
        self.setWindowModified(has and session.is_modified)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Annotator",
            f"<b>Annotator {__version__}</b><p>Mark up news articles for fact-checking: "
            "tag claims, quotes, sources and unverified reports, add notes, and save plain JSON projects.</p>",
        )



def _dialog(name: str):
    """A dialog's module, imported on first use: start-up (``annotator FILE``) pays for none
    of the rarely used ones (issue 16)."""
    import importlib

    return importlib.import_module(f".{name}", __package__)


def show_log_folder() -> None:
    """Help ▸ Show Log Folder: the folder opens in the system's file manager."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    from ..logs import log_folder

    folder = log_folder()
    folder.mkdir(parents=True, exist_ok=True)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
