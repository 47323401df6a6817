"""The main window: opens and saves files, and wires the view, the panel and the actions."""

from __future__ import annotations

import hashlib
import time
from typing import TYPE_CHECKING
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QPoint, Qt, QTimer
from PySide6.QtGui import (
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QGuiApplication,
    QIcon,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFileDialog,
    QFontDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..assets import resource_path, sample_project
from ..core.anchoring import snap_span
from ..core.article import document_from_text, read_article
from ..core.errors import Cancelled, FileProblemError, SaveError, read_untrusted
from ..core.model import Annotation, Tag
from ..core.recovery import (
    find_recoveries,
    recovery_file,
    remove_recovery,
    write_recovery,
)
from ..core.storage import MAX_PROJECT_BYTES, load_project, parse_project
from . import dialogs, navigation, tag_style, theme
from .actions import build_actions
from .annotation_model import one_line
from .annotation_panel import AnnotationPanel
from .commands import (
    DETAIL_FIELDS,
    ReattachOrphan,
    SetArticleDetails,
    UpdateArticleText,
)
from .background import run_with_progress
from .document_view import DocumentView
from .find_bar import FindBar
from .welcome import WelcomePage
from .editor import AnnotationEditor
from .orphans import OrphansPanel
from .review_changes import ReviewChangesPanel
from .session import ProjectSession
from .settings import AppSettings

if TYPE_CHECKING:
    from .review_window import ReviewWindow

PROJECT_SUFFIX = ".annotator.json"
ARTICLE_PATTERNS = "*.txt *.html *.htm *.md *.markdown *.docx *.pdf"
PROJECT_FILTER = "Annotator projects (*.json)"
ARTICLE_FILTER = f"Articles ({ARTICLE_PATTERNS})"
FILE_FILTER = f"Projects and articles (*.json {ARTICLE_PATTERNS});;{PROJECT_FILTER};;{ARTICLE_FILTER};;All files (*)"


AUTOSAVE_MS = 3000
"""Unsaved work is written to a recovery file this long after a change."""


class MainWindow(QMainWindow):
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
        self._recovery: Path | None = None  # this session's recovery file, once written
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.write_recovery)
        self._watcher = QFileSystemWatcher(self)  # notices other programs changing the open file
        self._watcher.fileChanged.connect(self._on_file_changed)
        self._disk_digest: str | None = None  # the file's bytes as last loaded or saved here
        self._asking_about_disk = False

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
        self.welcome.sampleRequested.connect(lambda: self.open_path(sample_project()))
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

        self.actions = build_actions(self, {
            "open": self.open_dialog,
            "new_from_clipboard": self.new_from_clipboard,
            "article_details": self.edit_article_details,
            "update_text": self.update_text_dialog,
            "reattach": self.reattach_orphan,
            "review": self.review_dialog,
            "import": self.import_dialog,
            "export": self.export_dialog,
            "save": self.save,
            "save_as": self.save_as,
            "clear_recent": self.settings.clear_recent_files,
            "quit": self.close,
            "undo": self._undo,
            "redo": self._redo,
            **{f"tag_{tag.value}": (lambda t=tag: self.tag_selection(t)) for tag in Tag},
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
            **{f"theme_{choice}": (lambda c=choice: self.set_theme(c)) for choice in theme.CHOICES},
            "set_author": self.change_author,
            "shortcuts": lambda: dialogs.ShortcutsDialog(self).exec(),
            "about": self.show_about,
        })
        self._last_tag: Tag | None = None  # what sticky tagging applies
        self._build_menus()
        self._build_toolbar()

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

        self.view.caretMoved.connect(self._on_caret_moved)
        self.view.selectionMade.connect(self._on_selection_made)
        self.view.customContextMenuRequested.connect(self._show_view_menu)
        self.panel.currentChanged.connect(self._on_current_annotation)
        self.panel.table.doubleClicked.connect(lambda _index: self.panel.focus_note())
        self.editor.created.connect(self._on_created)

        geometry, state = self.settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1200, 780)
        if state is not None:
            self.restoreState(state)
        splitter_state = self.settings.splitter_state()
        if splitter_state is not None:
            self.splitter.restoreState(splitter_state)
        self.set_theme(self.settings.theme())
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_color_scheme_changed)  # dropped with the window
        self._default_font = QFont(self.view.font())
        saved_font = QFont()
        if self.settings.article_font() and saved_font.fromString(self.settings.article_font()):
            self.view.setFont(saved_font)
        self.statusBar().showMessage("Open an article or a project to begin.")
        self._update_state()

    # -- menus and toolbar
    def _build_menus(self) -> None:
        a = self.actions
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addActions([a.open, a.new_from_clipboard])
        file_menu.addAction(a.review)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([a.save, a.save_as])
        file_menu.addSeparator()
        file_menu.addActions([a["import"], a.export])
        file_menu.addSeparator()
        file_menu.addAction(a.quit)

        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addActions([a.undo, a.redo])
        edit_menu.addSeparator()
        edit_menu.addActions(a.tag_actions())
        edit_menu.addAction(a.sticky_tag)
        edit_menu.addSeparator()
        edit_menu.addActions([a.edit_note, a.delete])
        edit_menu.addSeparator()
        edit_menu.addActions([a.find, a.find_next, a.find_previous, a.filter])
        edit_menu.addSeparator()
        edit_menu.addActions([a.article_details, a.update_text, a.reattach, a.set_author])

        go_menu = self.menuBar().addMenu("&Go")
        go_menu.addActions([a.next_annotation, a.previous_annotation, a.next_untagged, a.previous_untagged])
        go_menu.addSeparator()
        go_menu.addActions([a.extend_sentence, a.extend_sentence_back])

        view_menu = self.menuBar().addMenu("&View")
        view_menu.addActions([a.zoom_in, a.zoom_out, a.zoom_reset, a.choose_font])
        theme_menu = view_menu.addMenu("&Theme")
        themes = QActionGroup(self)
        for choice in theme.CHOICES:
            themes.addAction(a[f"theme_{choice}"])
            theme_menu.addAction(a[f"theme_{choice}"])

        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addActions([a.shortcuts, a.about])

    def _build_toolbar(self) -> None:
        a = self.actions
        bar = self.addToolBar("Main")
        bar.setObjectName("mainToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addActions([a.open, a.save])
        bar.addSeparator()
        bar.addActions([a.undo, a.redo])
        bar.addSeparator()
        bar.addActions(a.tag_actions())
        self.document_combo = QComboBox()
        self.document_combo.setObjectName("documentCombo")
        self.document_combo.setToolTip("The project's documents: choose the one to show")
        self.document_combo.setAccessibleName("Document")
        self.document_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.document_combo.setMaximumWidth(360)
        self.document_combo.activated.connect(self._choose_document)
        separator = bar.addSeparator()
        self._document_tools = [separator, bar.addWidget(self.document_combo)]
        for tool in self._document_tools:
            tool.setVisible(False)  # shown for projects with more than one document

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = self.settings.recent_files()
        for number, path in enumerate(paths, start=1):
            action = self.recent_menu.addAction(f"&{number % 10} {path.name}")
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(p))
        if not paths:
            self.recent_menu.addAction("No recent files").setEnabled(False)
        self.recent_menu.addSeparator()
        self.recent_menu.addAction(self.actions.clear_recent)

    # -- opening
    def open_dialog(self, selected_filter: str = "") -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Open article or project", self.settings.last_folder(), FILE_FILTER, selected_filter)
        if path:
            self.open_path(Path(path), ask_to_save=False)

    def open_path(self, path: Path | str, ask_to_save: bool = True) -> bool:
        """Open a project (.json) or an article (anything else) in place of the current one."""
        path = Path(path)
        if ask_to_save and not self.maybe_save():
            return False
        def read(_progress):
            if path.suffix.lower() != ".json":
                return read_article(path), None
            data = read_untrusted(path, MAX_PROJECT_BYTES)
            return parse_project(data, path), hashlib.sha256(data).hexdigest()  # the bytes read, not read again

        try:
            content, digest = run_with_progress(self, f"Opening {path.name}…", read)
            if digest is None:
                session = ProjectSession.from_document(content)
            else:
                session = ProjectSession(content, path)
                session.disk_digest = digest
        except Cancelled:
            self.statusBar().showMessage(f"Opening {path.name} stopped.", 5000)
            return False
        except FileProblemError as error:
            if not path.exists():
                self.settings.remove_recent_file(path.resolve())
            dialogs.show_file_problem(self, "Cannot open file", error)
            return False
        self.set_session(session)
        self.settings.add_recent_file(path)
        self.settings.set_last_folder(path.resolve().parent)
        self._article_path = None if session.path else path
        count = len(session.annotations)
        self.statusBar().showMessage(f"Opened {path.name}: {count} annotation{'s' * (count != 1)}.", 5000)
        return True

    def set_session(self, session: ProjectSession | None) -> None:
        old = self.session
        self._drop_recovery()  # the old work was saved or deliberately dropped
        if old is not None:
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
        for tool in self._document_tools:
            tool.setVisible(session is not None and len(session.project.documents) > 1)
        self._show_current_document()
        self._watch(None if session is None else session.path, None if session is None else session.disk_digest)
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
        self._update_state()

    def _choose_document(self, index: int) -> None:
        if self.session is not None and index >= 0:
            self.session.show_document(index)

    def new_from_clipboard(self) -> None:
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            self.statusBar().showMessage("The clipboard holds no text: copy the article first.", 5000)
            return
        if not self.maybe_save():
            return
        document = document_from_text(text.replace("\x00", ""), Path("Pasted article"))
        self._show_unsaved(
            ProjectSession.from_document(document),
            f"New project on {len(document.text):,} characters from the clipboard; save it to keep it.",
        )
        self._article_path = None

    def _show_unsaved(self, session: ProjectSession, message: str) -> None:
        """Show work that exists only in memory (pasted, imported, restored) as unsaved."""
        session.undo_stack.resetClean()
        self.set_session(session)
        self.statusBar().showMessage(message, 8000)

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

    def update_text_dialog(self) -> None:
        if self.session is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, "The updated article", self.settings.last_folder(), f"Articles ({ARTICLE_PATTERNS});;All files (*)"
        )
        if path:
            self.update_text_from(Path(path))

    def update_text_from(self, path: Path) -> bool:
        """Re-anchor everything on the article at ``path``; the user sees the report first."""
        try:
            new = run_with_progress(self, f"Reading {Path(path).name}…", lambda _progress: read_article(path))
        except FileProblemError as error:
            dialogs.show_file_problem(self, "Cannot read the updated article", error)
            return False
        except Cancelled:
            return False
        if new.text == self.session.document.text:
            self.statusBar().showMessage("The updated article has the same text: nothing to do.", 5000)
            return False
        from ..core.update import update_document  # loaded when first needed, not at start-up

        document = self.session.document
        try:
            updated, report = run_with_progress(
                self, "Finding every annotation in the updated article…", lambda progress: update_document(document, new.text, progress)
            )
        except Cancelled:
            self.statusBar().showMessage("Update stopped: nothing changed.", 5000)
            return False
        if not dialogs.UpdateReportDialog(self, report).exec():
            return False
        self.session.undo_stack.push(UpdateArticleText(self.session, updated))
        self.statusBar().showMessage(
            f"Article updated: {report.unchanged + len(report.moved)} found, {len(report.fuzzy)} with edited wording, "
            f"{len(report.orphans)} orphaned.", 8000)
        return True

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
        self._update_state()

    # -- reviewing
    def review_dialog(self) -> None:
        if self.session is None:
            self.statusBar().showMessage("Open your own project first, then review a colleague's against it.", 5000)
            return
        path, _ = QFileDialog.getOpenFileName(
            self, "Review a colleague's project", self.settings.last_folder(), "Annotator projects (*.json);;All files (*)"
        )
        if path:
            self.start_review(Path(path))

    def start_review(self, theirs_path: Path) -> ReviewWindow | None:
        """Open a review of ``theirs_path`` against the project shown here (as it is in memory)."""
        from ..core.merge import review_projects, snapshot  # the review's modules load when first needed
        from .review_session import ReviewSession
        from .review_window import ReviewWindow

        reviewer = self.ensure_author()
        if reviewer is None:
            self.statusBar().showMessage("A review needs your name (Edit ▸ Set Author Name).", 5000)
            return None
        # A snapshot: editing here while the review is open must not change what is reviewed.
        mine = snapshot(self.session.project)

        def compare(progress):
            theirs = load_project(theirs_path)
            return theirs, review_projects(mine, theirs, progress)

        try:
            theirs, compared = run_with_progress(self, f"Comparing with {theirs_path.name}…", compare)
        except FileProblemError as error:
            dialogs.show_file_problem(self, "Cannot review this file", error)
            return None
        except Cancelled:
            self.statusBar().showMessage("Review stopped.", 5000)
            return None
        mine_name = self.session.path.name if self.session.path else self._display_name()
        session = ReviewSession(mine, theirs, mine_name, theirs_path.name, reviewer, compared=compared)
        window = ReviewWindow(session, self.session.path, theirs_path)
        window.merged.connect(self._offer_merged)
        window.destroyed.connect(lambda *_: self.review_windows.remove(window) if window in self.review_windows else None)
        self.review_windows.append(window)
        window.show()
        return window

    def _offer_merged(self, path: Path) -> None:
        if self.session is not None and self.session.path is not None and self.session.path.resolve() == path.resolve():
            # The merge replaced the file shown here: saving this copy would overwrite it.
            self.session.path = None
            self._update_state()
        answer = QMessageBox.question(self, "Open the merge?", f"Open the merged project “{path.name}” here?")
        if answer == QMessageBox.StandardButton.Yes:
            self.open_path(path)

    def _show_reviewed_span(self, ann_id: str, start: int, end: int) -> None:
        if self.session is None:
            return
        if self.session.annotations.get(ann_id) is not None:
            self.panel.select_annotation(ann_id)
        elif end <= len(self.session.document.text):
            self.view.select_span(start, end)

    # -- other tools' formats
    def export_dialog(self) -> None:
        from ..core.formats import write_export  # loaded when first needed

        if self.session is None:
            return
        writers = export_writers()
        base = self._suggested_path()
        stem = base.name.removesuffix(".json").removesuffix(".annotator")
        path, chosen = QFileDialog.getSaveFileName(self, "Export annotations", str(base.with_name(stem)), ";;".join(writers))
        if not path:
            return
        fmt = writers.get(chosen) or next(iter(writers.values()))
        target = Path(path)
        if fmt.extension and not target.name.endswith(fmt.extension):
            target = target.with_name(target.name + fmt.extension)
            if target.exists():  # the dialog only asked about the name as typed
                answer = QMessageBox.question(self, "Replace the file?", f"“{target.name}” exists. Replace it?")
                if answer != QMessageBox.StandardButton.Yes:
                    return
        project = self.session.project
        try:  # made on a worker thread; written here, so that Cancel always means nothing was written
            content = run_with_progress(self, f"Exporting {fmt.title}…", lambda _progress: fmt.write(project))
        except Cancelled:
            self.statusBar().showMessage("Export stopped: nothing was written.", 5000)
            return
        try:
            write_export(target, content)  # brat: a folder of that name
        except SaveError as error:
            dialogs.show_error(self, "Could not export", str(error))
            return
        self.statusBar().showMessage(f"Exported {fmt.title} to {target}.", 5000)

    def import_dialog(self) -> None:
        from ..core.formats import formats, imported_project, read_import  # loaded when first needed

        if not self.maybe_save():
            return
        readers = {f"{f.title} (*{f.extension or '.ann'})": f for f in formats().values() if f.read}
        path, chosen = QFileDialog.getOpenFileName(self, "Import annotations", self.settings.last_folder(), ";;".join(readers))
        if not path:
            return
        fmt = readers.get(chosen) or next(iter(readers.values()))
        source = Path(path)
        article = None
        if fmt.name == "w3c":  # W3C annotations don't carry their text
            text_path, _ = QFileDialog.getOpenFileName(
                self, "The article these annotations are on", str(source.parent), f"Articles ({ARTICLE_PATTERNS})"
            )
            if not text_path:
                return
            article = Path(text_path)
        try:
            result = read_import(fmt, source, article, None)
        except FileProblemError as error:
            dialogs.show_file_problem(self, "Cannot import", error)
            return
        if not result.documents:
            dialogs.show_error(self, "Cannot import", f"“{source.name}” holds no document with text.")
            return
        if result.skipped and not dialogs.confirm_partial_import(self, source.name, [str(p) for p in result.skipped]):
            return
        project = imported_project(result)
        count = sum(len(d.annotations) for d in project.documents)
        self._show_unsaved(ProjectSession(project, None), f"Imported {count} annotations from {source.name}; save to keep them.")
        self._article_path = source

    # -- saving
    def save(self) -> bool:
        if self.session is None:
            return False
        if self.session.path is None:
            return self.save_as()
        return self._save_to(self.session.path)

    def save_as(self) -> bool:
        if self.session is None:
            return False
        path, _ = QFileDialog.getSaveFileName(self, "Save project", str(self._suggested_path()), "Annotator projects (*.json)")
        if not path:
            return False
        path = Path(path)
        if path.suffix.lower() != ".json":
            path = path.with_name(path.name + PROJECT_SUFFIX)
        return self._save_to(path)

    def _suggested_path(self) -> Path:
        if self.session.path is not None:
            return self.session.path
        if self._article_path is not None:
            return self._article_path.with_name(self._article_path.stem + PROJECT_SUFFIX)
        return Path(self.settings.last_folder()) / ("untitled" + PROJECT_SUFFIX)

    def _save_to(self, path: Path) -> bool:
        try:
            self.session.save(path)
        except SaveError as error:
            dialogs.show_error(self, "Could not save", str(error))
            return False
        self.settings.add_recent_file(path)
        self._watch(path)
        self._update_state()
        self.statusBar().showMessage(f"Saved {path.name}.", 5000)
        return True

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current project (saved, discarded or unchanged)."""
        if self.session is None or not self.session.is_modified:
            return True
        answer = dialogs.ask_save_changes(self, self._display_name())
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.maybe_save():
            self.settings.set_geometry(self.saveGeometry(), self.saveState())
            self.settings.set_splitter_state(self.splitter.saveState())
            self._drop_recovery()  # a clean exit: saved, or discarded on purpose
            event.accept()
        else:
            event.ignore()

    # -- drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_path(Path(files[0]))

    # -- annotating
    def tag_selection(self, tag: Tag) -> None:
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
        return self.settings.author

    def change_author(self) -> None:
        name = dialogs.ask_author(self, self.settings.author)
        if name is not None:
            self.settings.author = name
            self.statusBar().showMessage(f"New annotations will be signed “{name}”.", 5000)

    def _on_created(self, ann_id: str) -> None:
        self._caret_driven = True
        try:
            self.panel.select_annotation(ann_id)
        finally:
            self._caret_driven = False

    def _on_caret_moved(self, position: int) -> None:
        if self.session is None:
            return
        covering = self.session.annotations.at(position)
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

    # -- undo, state, misc
    def _undo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.undo()

    def _redo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.redo()

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

    # -- the file on disk
    def _watch(self, path: Path | None, digest: str | None = None) -> None:
        """Watch ``path`` (only) and remember its bytes' ``digest`` (read now when not given),
        to tell our saves from other programs'."""
        if self._watcher.files():
            self._watcher.removePaths(self._watcher.files())
        self._disk_digest = None
        if path is not None and path.exists():
            self._disk_digest = digest or _digest(path)
            self._watcher.addPath(str(path))

    def _on_file_changed(self, changed: str) -> None:
        session = self.session
        if session is None or session.path is None or Path(changed) != session.path or self._asking_about_disk:
            return
        path = session.path
        if not path.exists():  # replaced (the watch ends) or deleted: look again in a moment
            QTimer.singleShot(200, self, lambda: self._recheck(path))
            return
        self._watcher.addPath(str(path))  # an atomic replace ends the watch
        digest = _digest(path)
        if digest == self._disk_digest:
            return  # our own save
        self._asking_about_disk = True
        try:
            answer = dialogs.ask_external_change(self, path.name, session.is_modified)
        finally:
            self._asking_about_disk = False
        if answer == QMessageBox.StandardButton.Yes:
            session.undo_stack.setClean()  # the user chose the other version over unsaved work
            self.open_path(path, ask_to_save=False)
        else:
            self._disk_digest = digest  # don't ask again about this version
            session.undo_stack.resetClean()  # the file on disk now differs from what is shown
            self.statusBar().showMessage(f"Kept your version; saving will replace the other change to {path.name}.", 8000)

    def _recheck(self, path: Path) -> None:
        if self.session is not None and self.session.path == path:
            if path.exists():
                self._on_file_changed(str(path))
            else:
                self.statusBar().showMessage(f"{path.name} was moved or deleted; saving will write it again.", 8000)
                if not self.session.is_modified:
                    self.session.undo_stack.resetClean()

    # -- recovery
    def write_recovery(self) -> None:
        """Write the unsaved work aside (called by the autosave timer)."""
        session = self.session
        if session is None or not session.is_modified:
            return
        key = str(session.path.resolve()) if session.path else f"untitled-{id(session)}"
        target = recovery_file(key)
        began = time.perf_counter()
        try:
            write_recovery(target, session.project, session.path)
        except (SaveError, OSError) as error:
            self.statusBar().showMessage(f"Could not write the recovery file: {error}", 8000)
            return
        if self._recovery is not None and self._recovery != target:
            remove_recovery(self._recovery)
        self._recovery = target
        # Writing holds the window for as long as a save (half a second at 100,000
        # annotations): wait at least twenty times that long between writes, so that
        # keeping work safe never takes more than a twentieth of the user's time.
        self._autosave.setInterval(max(AUTOSAVE_MS, round((time.perf_counter() - began) * 20_000)))

    def _drop_recovery(self) -> None:
        self._autosave.stop()
        if self._recovery is not None:
            remove_recovery(self._recovery)
            self._recovery = None

    def offer_recoveries(self) -> bool:
        """At start: offer unsaved work a crash left behind. True when some was restored."""
        found, _broken = find_recoveries()
        for recovery in found:
            answer = dialogs.ask_restore(self, recovery)
            if answer == QMessageBox.StandardButton.Discard:
                remove_recovery(recovery.path)
                continue
            if answer != QMessageBox.StandardButton.Yes:
                continue  # asked again at the next start
            if not self.maybe_save():
                return False
            self._show_unsaved(ProjectSession(recovery.project, recovery.recovery_of), "Restored unsaved work. Save it to keep it.")
            self._recovery = recovery.path  # kept until the work is saved
            return True
        return False

    def _update_state(self, *_args) -> None:
        session = self.session
        if session is not None and session.is_modified:
            if not self._autosave.isActive():
                self._autosave.start()
        elif session is not None:
            self._drop_recovery()  # saved: nothing to recover
        has = session is not None
        stack = session.undo_stack if has else None
        a = self.actions
        for name in ("save", "save_as", "export", "article_details", "edit_note", "delete", *(f"tag_{t.value}" for t in Tag)):
            a[name].setEnabled(has)
        a.undo.setEnabled(has and stack.canUndo())
        a.redo.setEnabled(has and stack.canRedo())
        a.undo.setText(f"&Undo {stack.undoText()}".rstrip() if has else "&Undo")
        a.redo.setText(f"&Redo {stack.redoText()}".rstrip() if has else "&Redo")
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


def export_writers() -> dict:
    """The Export dialog's file types ("HTML report (*.html)") and the format each one writes."""
    from ..core.formats import formats

    return {f"{f.title} (*{f.extension or '.ann'})": f for f in formats().values() if f.write}


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
