"""Opening, saving, importing and exporting project files, and reading updated articles.

A mixin of the main window (``MainWindow(ProjectFiles, …)``): it uses the window's session,
settings, status bar and file guard, and keeps each file dialog's flow in one place.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..assets import documents_dir, sample_copy
from ..core.article import document_from_text, read_article
from ..core.errors import Cancelled, FileProblemError, SaveError, read_untrusted
from ..core import storage
from ..core.storage import is_read_only, parse_project, remove_stale_temps
from ..core.wording import plural
from . import dialogs
from .background import run_with_progress
from .commands import UpdateArticleText
from .session import ProjectSession

PROJECT_SUFFIX = ".annotator.json"
ARTICLE_PATTERNS = "*.txt *.html *.htm *.md *.markdown *.docx *.pdf"
PROJECT_FILTER = "Annotator projects (*.json)"
ARTICLE_FILTER = f"Articles ({ARTICLE_PATTERNS})"
FILE_FILTER = f"Projects and articles (*.json {ARTICLE_PATTERNS});;{PROJECT_FILTER};;{ARTICLE_FILTER};;All files (*)"


class ProjectFiles:
    """The File menu's work: every path in or out of the app goes through here."""

    # -- opening
    def open_dialog(self, selected_filter: str = "") -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Open article or project", self.settings.last_folder(), FILE_FILTER, selected_filter)
        if path:
            self.open_path(Path(path), ask_to_save=False)

    def open_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of articles", self.settings.last_folder())
        if folder:
            self.open_path(Path(folder))

    def open_sample(self) -> bool:
        """Open the user's copy of the sample project (see ``assets.sample_copy``)."""
        try:
            copy = sample_copy()
        except OSError as exc:
            QMessageBox.warning(self, "Cannot open the sample", f"The sample project could not be copied to {documents_dir()}: {exc.strerror or exc}")
            return False
        return copy is not None and self.open_path(copy)

    def open_path(self, path: Path | str, ask_to_save: bool = True) -> bool:
        """Open a project (.json) or an article (anything else) in place of the current one;
        a folder opens as a workspace beside it (see ``workspace_controller``)."""
        path = Path(path)
        if path.is_dir():
            return self.workspace.open_folder(path)
        if ask_to_save and not self.maybe_save():
            return False
        def read(_progress):
            if path.suffix.lower() != ".json":
                return read_article(path), None
            data = read_untrusted(path, storage.MAX_PROJECT_BYTES)
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
        if session.path is not None:
            remove_stale_temps(session.path)  # left by saves that a crash or a kill cut short
        self.settings.add_recent_file(path)
        self.settings.set_last_folder(path.resolve().parent)
        self._article_path = None if session.path else path
        count = len(session.annotations)
        self.statusBar().showMessage(f"Opened {path.name}: {plural(count, 'annotation')}.", 5000)
        return True

    def new_from_clipboard(self) -> None:
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            self.statusBar().showMessage("The clipboard holds no text: copy the article first.", 5000)
            return
        if not self.maybe_save():
            return
        document = document_from_text(text.replace("\x00", ""), Path("Pasted article"))
        self.show_unsaved(
            ProjectSession.from_document(document),
            f"New project on {len(document.text):,} characters from the clipboard; save it to keep it.",
        )
        self._article_path = None

    def show_unsaved(self, session: ProjectSession, message: str) -> None:
        """Show work that exists only in memory (pasted, imported, restored) as unsaved."""
        session.undo_stack.resetClean()
        self.set_session(session)
        self.statusBar().showMessage(message, 8000)

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
        from . import publishing_dialog  # loaded when first needed

        if fmt.name == "claimreview" and not publishing_dialog.ready_to_export(self):
            return  # asked for what is missing; the user cancelled
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
        try:  # read on a worker thread: the window keeps painting and Cancel changes nothing
            result = run_with_progress(self, f"Importing {source.name}…", lambda _progress: read_import(fmt, source, article, None))
        except Cancelled:
            self.statusBar().showMessage(f"Import of {source.name} stopped: nothing changed.", 5000)
            return
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
        self.show_unsaved(ProjectSession(project, None), f"Imported {plural(count, 'annotation')} from {source.name}; save to keep them.")
        self._article_path = source

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
        replace_read_only = False
        if is_read_only(path):  # as editors do: a file marked read-only is replaced only on a yes
            if not dialogs.confirm_replace_read_only(self, path.name):
                self.statusBar().showMessage(f"Not saved: {path.name} is read-only. Save As writes another file.", 8000)
                return False
            replace_read_only = True
        try:
            self.session.save(path, replace_read_only=replace_read_only)
        except SaveError as error:
            dialogs.show_error(self, "Could not save", str(error))
            return False
        self.settings.add_recent_file(path)
        self.file_guard.watch(path)
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


def export_writers() -> dict:
    """The Export dialog's file types ("HTML report (*.html)") and the format each one writes."""
    from ..core.formats import formats

    return {f"{f.title} (*{f.extension or '.ann'})": f for f in formats().values() if f.write}
