"""A folder of articles in the main window: opening it, moving between its articles, their
statuses, and following files that others change.

Moving to another article never asks a question: unsaved changes are saved to their file
first (a failed save is the only question). The list paints at once from the index
(``Workspace.cached``) and is brought up to date by ``refresh`` on a worker thread, again
whenever the folder changes on disk (watched, and gathered for a moment so that a git pull of
50 files is one refresh).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QInputDialog, QMenu, QMessageBox, QToolButton

from ..core.errors import Cancelled, SaveError
from ..core.model import Status, string_problem
from ..core.wording import plural
from . import background, dialogs
from .commands import SetArticleStatus
from .menus import status_action
from .workspace_panel import WorkspacePanel, people

if TYPE_CHECKING:  # core.workspace (SQLite, the index) is imported when a folder is first opened
    from ..core.workspace import ArticleSummary, SearchHit, Workspace
    from .main_window import MainWindow

REFRESH_DELAY_MS = 300
"""Changes on disk are gathered this long before the list is refreshed."""
MAX_WATCHED_FILES = 4000
"""Project files watched one by one (to see a file rewritten in place); folders are always watched."""


class _Relay(QObject):
    """Carries a refresh's first list from the worker thread to the GUI thread (queued)."""

    listed = Signal(object, object)


class WorkspaceController(QObject):
    """The open workspace of one main window, its Articles dock and its watcher."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.workspace: Workspace | None = None
        self._writing: list[Path] = []  # files whose status a worker is rewriting now
        self._switch_after_writing: Path | None = None
        self.panel = WorkspacePanel(window)
        self.dock = QDockWidget("Articles", window)
        self.dock.setObjectName("workspaceDock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.dock.visibilityChanged.connect(lambda _v: window.actions.articles_panel.setChecked(self.dock.isVisible()))
        self.panel.openRequested.connect(self.switch_to)
        self.panel.statusRequested.connect(self.set_statuses)
        self.panel.assignRequested.connect(self.assign)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._on_directory_changed)
        self.watcher.fileChanged.connect(lambda _path: self.refresh_soon())
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(REFRESH_DELAY_MS)
        self.timer.timeout.connect(self.refresh)
        self._relay = _Relay(self)
        self._relay.listed.connect(self._on_listed)
        self._refreshing = False
        self._again = False
        self.refreshes = 0
        """How many refreshes have finished (tests wait on it)."""
        self.status_button = QToolButton(window)
        self.status_button.setObjectName("articleStatusButton")
        self.status_button.setAutoRaise(True)
        self.status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.status_button.setAccessibleName("Article status")
        self.status_button.setToolTip("The open article's status and who it is assigned to: click to change them")
        menu = QMenu(self.status_button)
        menu.addActions([window.actions[status_action(status)] for status in Status])
        menu.addSeparator()
        menu.addAction(window.actions.assign_to)
        self.status_button.setMenu(menu)
        window.statusBar().addPermanentWidget(self.status_button)
        self.search_dialog = None  # a WorkspaceSearchDialog, made on first use
        self._update_actions()
        self.show_status()

    # -- opening a folder
    def open_folder(self, folder: Path) -> bool:
        """Show ``folder``'s articles: what the index knows at once, then the folder as it is."""
        from ..core.workspace import Workspace

        folder = Path(folder).resolve()
        try:
            workspace = Workspace(folder)
        except (ValueError, OSError) as exc:
            dialogs.show_error(self.window, "Cannot open the folder", str(exc))
            return False
        if self.workspace is not None:
            self.workspace.close()
        self.workspace = workspace
        cached = workspace.cached()
        self.panel.model.set_summaries(cached, reset=True)
        self.panel.set_people(people(cached))
        self.panel.folder_label.setText(str(folder))
        self.panel.folder_label.setToolTip(str(folder))
        self.dock.setWindowTitle(f"Articles in {folder.name or folder}")
        self.dock.show()
        self.dock.raise_()
        self._watch_folders(folder)
        self._mark_current()
        self.window.settings.set_last_folder(folder.resolve())
        self.window.statusBar().showMessage(f"Opened the folder {folder.name}: reading its project files…", 5000)
        self._update_actions()
        self.refresh()
        return True

    def _watch_folders(self, folder: Path) -> None:
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        self._add_tree(folder)

    def _add_tree(self, top: Path) -> None:
        """Watch ``top`` and the folders under it (hidden ones, like .git, skipped)."""
        found = []
        for root, dirs, _names in os.walk(top):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            found.append(root)
        known = set(self.watcher.directories())
        new = [d for d in found if d not in known]
        if new:
            self.watcher.addPaths(new)

    def _on_directory_changed(self, directory: str) -> None:
        """A file or folder came, went or was renamed: new subfolders are watched too."""
        try:
            with os.scandir(directory) as entries:
                subfolders = [e.path for e in entries if e.is_dir(follow_symlinks=False) and not e.name.startswith(".")]
        except OSError:
            subfolders = []
        known = set(self.watcher.directories())
        for sub in subfolders:
            if sub not in known:
                self._add_tree(Path(sub))
        self.refresh_soon()

    def refresh_soon(self) -> None:
        if self.workspace is not None:
            self.timer.start()

    # -- following the folder
    def refresh(self) -> None:
        """Bring the list up to date on a worker thread (one at a time; another after it if asked)."""
        workspace = self.workspace
        if workspace is None:
            return
        if self._refreshing:
            self._again = True
            return
        self._refreshing = True
        self._again = False
        relay = self._relay

        def work():
            try:  # another folder opened, or the window closed: stop (what was indexed is kept)
                return workspace, workspace.refresh(cancelled=lambda: workspace is not self.workspace,
                                                    listed=lambda found: relay.listed.emit(workspace, found))
            finally:
                workspace.close()  # this worker thread's connection

        background.start_in_background(work, self._on_refreshed, self._on_refresh_failed)

    def _on_listed(self, workspace: Workspace, summaries: list[ArticleSummary]) -> None:
        if workspace is self.workspace:
            self._show(summaries)

    def _on_refreshed(self, result) -> None:
        workspace, summaries = result
        self._refreshing = False
        if workspace is self.workspace:
            self._show(summaries)
            self.refreshes += 1
            self.window.suggestions.workspace_changed(workspace.folder)  # learn from its projects again
        if self._again:
            self.refresh()

    def _on_refresh_failed(self, error: BaseException) -> None:
        self._refreshing = False
        if not isinstance(error, Cancelled):
            self.window.statusBar().showMessage(f"Could not read the folder: {error}", 8000)
        if self._again:
            self.refresh()

    def _show(self, summaries: list[ArticleSummary]) -> None:
        self.panel.model.set_summaries(summaries)
        self.panel.set_people(people(summaries))
        watched = set(self.watcher.files())
        room = MAX_WATCHED_FILES - len(watched)
        new = [str(s.path) for s in summaries if str(s.path) not in watched][: max(0, room)]
        if new:
            self.watcher.addPaths(new)
        self._mark_current()

    # -- the open article
    def session_changed(self) -> None:
        """Another project is shown (or none): mark its row, show its status."""
        self._mark_current()
        self.show_status()

    def _mark_current(self) -> None:
        session = self.window.session
        path = None if session is None else session.path
        if path is not None and self.panel.model.row_of(path) is None:
            path = path.resolve()  # opened by another name (File ▸ Open, a relative path)
        self.panel.model.set_current(path)

    def show_status(self) -> None:
        """The open article's status in the status bar and the menu's check marks."""
        session = self.window.session
        actions = self.window.actions
        self.status_button.setVisible(session is not None)
        for status in Status:
            actions[status_action(status)].setEnabled(session is not None)
        actions.assign_to.setEnabled(session is not None)
        if session is None:
            return
        doc = session.project.documents[0]
        actions[status_action(doc.status)].setChecked(True)
        text = doc.status.label + (f" · assigned to {doc.assignee}" if doc.assignee else "")
        self.status_button.setText(text)
        self.status_button.setAccessibleName(f"Article status: {text}")

    def set_open_status(self, status: Status) -> None:
        """Edit ▸ Article Status: one undoable step on the open project."""
        session = self.window.session
        if session is not None and any(doc.status != status for doc in session.project.documents):
            session.undo_stack.push(SetArticleStatus(session, status=status))
            self.window.statusBar().showMessage(f"The article is marked {status.value}; saving keeps it.", 5000)
        self.show_status()

    def assign_open(self) -> None:
        session = self.window.session
        if session is None:
            return
        name = self._ask_name(session.project.documents[0].assignee, "the open article")
        if name is not None and any(doc.assignee != name for doc in session.project.documents):
            session.undo_stack.push(SetArticleStatus(session, assignee=name))
        self.show_status()

    def _ask_name(self, current: str, what: str) -> str | None:
        name, ok = QInputDialog.getText(self.window, "Assign to", f"Who is {what} assigned to? (empty: nobody)", text=current)
        if not ok:
            return None
        name = " ".join(name.split())
        problem = string_problem(name)
        if problem:
            dialogs.show_error(self.window, "Not assigned", f"The name {problem}.")
            return None
        return name

    # -- statuses from the list
    def set_statuses(self, paths: list[Path], status: Status | None, assignee: str | None = None) -> None:
        """The open article's by an undoable command; the other files' on a worker thread."""
        session = self.window.session
        others = []
        for path in paths:
            if session is not None and session.path is not None and _same(session.path, path):
                if status is not None:
                    self.set_open_status(status)
                elif assignee is not None and any(d.assignee != assignee for d in session.project.documents):
                    session.undo_stack.push(SetArticleStatus(session, assignee=assignee))
                    self.show_status()
            else:
                others.append(path)
        if not others:
            return

        from ..core.workspace import set_status

        self._writing = list(others)

        def work():
            done, failed = [], []
            for path in others:
                try:
                    done.append(set_status(path, status, assignee))
                except Exception as exc:  # noqa: BLE001 - each file's problem is listed, the rest still done
                    failed.append(f"{path.name}: {exc}")
            return done, failed

        background.start_in_background(work, self._on_statuses_set)

    def _on_statuses_set(self, result) -> None:
        done, failed = result
        self._writing = []
        waiting, self._switch_after_writing = self._switch_after_writing, None
        if waiting is not None:
            self.switch_to(waiting)  # asked for while its status was being written: now it is
        self.panel.model.update(done)
        self.refresh_soon()  # the index learns the new files too
        if failed:
            dialogs.show_error(self.window, "Some articles were not changed", "\n".join(failed[:20]))
        else:
            self.window.statusBar().showMessage(f"Changed {plural(len(done), 'article')}.", 5000)

    def assign(self, paths: list[Path]) -> None:
        if not paths:
            return
        row = self.panel.model.row_of(paths[0])
        current = self.panel.model.summary(row).assignee if row is not None else ""
        what = "the article" if len(paths) == 1 else f"these {len(paths)} articles"
        name = self._ask_name(current, what)
        if name is not None:
            self.set_statuses(paths, None, name)

    # -- moving between articles
    def switch_to(self, path: Path) -> bool:
        """Open ``path`` in place of the open article, saving that one first without asking."""
        window = self.window
        session = window.session
        if session is not None and session.path is not None and _same(session.path, path):
            window.view.setFocus()
            return True
        if any(_same(path, busy) for busy in self._writing):
            # Opened now, it would be the version before the new status, rewritten behind
            # the open article a moment later: open it once the worker has written it.
            self._switch_after_writing = path
            window.statusBar().showMessage(f"Opening {path.name} once its new status is written…", 3000)
            return True
        saved = self.leave_current()
        if saved is False:
            return False
        if not window.open_path(path, ask_to_save=False):
            if isinstance(saved, Path) and window.session is not None and window.session.path == saved:
                window.file_guard.watch(saved)  # still open: our save is no change by others
            return False
        if isinstance(saved, Path):
            self._resummarize(saved)  # after the open, so that both don't share the time
        self.panel.select_path(path)
        window.view.setFocus()
        return True

    def leave_current(self) -> bool | Path:
        """Save the open article's changes to its file, silently; ask only when that fails
        (or when the work has no file yet). False to stay; else fine to open another (the
        path saved silently, whose row then needs reading again)."""
        window = self.window
        session = window.session
        if session is None or not session.is_modified:
            return True
        if session.path is None:
            return window.maybe_save()
        path = session.path
        try:
            session.save(path)
        except SaveError as error:
            return self._ask_after_failed_save(path, str(error))
        return path

    def _ask_after_failed_save(self, path: Path, error: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, "Could not save", f"“{path.name}” could not be saved, so the next article is not opened yet.",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                          self.window)
        box.setObjectName("switchSaveFailedBox")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(f"{error}\n\nSave As writes it to another file; Discard drops the changes.")
        box.button(QMessageBox.StandardButton.Save).setText("Save As…")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = QMessageBox.StandardButton(box.exec())
        box.deleteLater()
        if answer == QMessageBox.StandardButton.Save:
            return self.window.save_as()
        return answer == QMessageBox.StandardButton.Discard

    def _resummarize(self, path: Path) -> None:
        """The saved file's row, read again off the GUI thread."""
        workspace = self.workspace
        if workspace is None or self.panel.model.row_of(path) is None:
            return

        def work():
            try:
                return workspace.summary(path)
            finally:
                workspace.close()

        background.start_in_background(work, lambda s: self.panel.model.update([s]), lambda _e: self.refresh_soon())

    def step(self, forward: bool, not_done: bool = False) -> bool:
        """Ctrl+PgDown / Ctrl+PgUp / Next Not Done: the next article in the list as shown."""
        if self.workspace is None:
            self.window.statusBar().showMessage("Open a folder of articles first (File ▸ Open Folder).", 5000)
            return False
        proxy, model = self.panel.proxy, self.panel.model
        count = proxy.rowCount()
        here = None if model.current is None else model.row_of(model.current)
        at = -1 if here is None else proxy.mapFromSource(model.index(here, 0)).row()
        if at < 0:
            at = -1 if forward else count
        rows = range(at + 1, count) if forward else range(at - 1, -1, -1)
        for row in rows:
            summary = model.summary(proxy.mapToSource(proxy.index(row, 0)).row())
            if summary.problem or (not_done and summary.status.finished):
                continue
            return self.switch_to(summary.path)
        what = "not done " if not_done else ""
        self.window.statusBar().showMessage(f"No {what}article {'after' if forward else 'before'} this one in the list.", 5000)
        return False

    def open_hit(self, hit: SearchHit) -> bool:
        """Open the article of a search result and select the words found (or the noted span)."""
        if not self.switch_to(hit.path):
            return False
        session = self.window.session
        if hit.document < len(session.project.documents):
            session.show_document(hit.document)
        if hit.annotation_id is not None:
            self.window.panel.select_annotation(hit.annotation_id)
        self.window.view.select_span(hit.start, hit.end)
        return True

    def _update_actions(self) -> None:
        has = self.workspace is not None
        for name in ("next_article", "previous_article", "next_not_done", "search_workspace", "add_articles", "add_article_folder"):
            self.window.actions[name].setEnabled(has)

    def search(self) -> None:
        """Edit ▸ Search Workspace: one dialog per window, kept open to choose result after result."""
        if self.workspace is None:
            self.window.statusBar().showMessage("Open a folder of articles first (File ▸ Open Folder).", 5000)
            return
        if self.search_dialog is None:
            from .workspace_search import WorkspaceSearchDialog

            self.search_dialog = WorkspaceSearchDialog(self, self.window)
        self.search_dialog.show()
        self.search_dialog.raise_()
        self.search_dialog.activateWindow()
        self.search_dialog.query.setFocus()
        self.search_dialog.query.selectAll()

    def toggle_panel(self) -> None:
        self.dock.setVisible(self.window.actions.articles_panel.isChecked() and self.workspace is not None)

    def close(self) -> None:
        """The window closes: a refresh under way stops at its next file."""
        if self.workspace is not None:
            self.workspace.close()
            self.workspace = None
        self.timer.stop()


def _same(a: Path, b: Path) -> bool:
    return Path(a) == Path(b) or Path(a).resolve() == Path(b).resolve()
