"""Keeps the open project's work safe between saves: recovery files a few seconds after each
change, and a question when another program changes the file on disk.

One object per main window, apart from the window's other jobs, because every path here
decides whether work is kept: unsaved work is never marked saved unless it was written
somewhere, and a question about the disk waits until long work has finished.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from ..core import storage
from ..core.errors import FileProblemError, SaveError, read_untrusted
from ..core.model import Annotation
from ..core.recovery import PendingChanges, RecoveryWriter, find_recoveries, recovery_file, recovery_folder, remove_recovery
from . import background, dialogs
from .session import ProjectSession

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)

AUTOSAVE_MS = 3000
"""Unsaved work is written to a recovery file this long after a change."""


class FileGuard(QObject):
    """Recovery writing and the watch on the open file, for one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session: ProjectSession | None = None
        self.folder = recovery_folder()
        """Where this window's recovery files go, fixed when it opens (a window of an earlier
        test in the same process never writes into a later one's folder)."""
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.write_recovery)
        self.writer: RecoveryWriter | None = None  # this work's recovery files, once written
        self.adopted: Path | None = None  # a restored recovery, kept until this work is written aside
        self.pending = PendingChanges()
        self.watcher = QFileSystemWatcher(self)  # notices other programs changing the open file
        self.watcher.fileChanged.connect(self._on_file_changed)
        self.disk_digest: str | None = None  # the file's bytes as last loaded or saved here
        self._asking = False

    # -- following the session
    def attach(self, session: ProjectSession | None) -> None:
        """A new project is shown: the old one's work was saved or deliberately dropped."""
        self.drop_recovery()
        old = self.session
        if old is not None:
            for signal, slot in self._connections(old):
                signal.disconnect(slot)
        self.session = session
        if session is not None:
            for signal, slot in self._connections(session):
                signal.connect(slot)
        self.watch(None if session is None else session.path, None if session is None else session.disk_digest)

    def _connections(self, session: ProjectSession) -> list:
        return [
            (session.inserted, self._on_put),
            (session.changed, self._on_put),
            (session.removed, self._on_removed),
            (session.detailsChanged, self._on_details),
            (session.orphansChanged, self._on_orphans),
            (session.rejectionsChanged, self._on_rejections),
            (session.contentReplaced, self._on_replaced),
            (session.metadataChanged, self._on_metadata),
        ]

    def _on_put(self, _row: int, ann: Annotation) -> None:
        self.pending.put(self.session.document_index, ann)

    def _on_removed(self, _row: int, ann: Annotation) -> None:
        self.pending.drop(self.session.document_index, ann.id)

    def _on_details(self) -> None:
        self.pending.details.add(self.session.document_index)

    def _on_orphans(self) -> None:
        self.pending.orphans.add(self.session.document_index)

    def _on_rejections(self) -> None:
        self.pending.rejected.add(self.session.document_index)

    def _on_replaced(self, index: int) -> None:
        self.pending.documents.add(index)

    def _on_metadata(self) -> None:
        """The journal holds documents only: the project's details go in a new snapshot."""
        if self.writer is not None:
            self.writer.generation = None

    def state_changed(self) -> None:
        """Unsaved work gets written aside soon; saved work needs no recovery."""
        session = self.session
        if session is not None and session.is_modified:
            if not self.autosave.isActive():
                self.autosave.start()
        elif session is not None:
            self.drop_recovery()

    # -- recovery
    def write_recovery(self) -> bool:
        """Write the unsaved work aside: the changes since the last write, or a whole
        snapshot the first time (see ``core.recovery``). True when the work is on disk."""
        session = self.session
        if session is None or not session.is_modified:
            return session is not None  # saved: the project file holds it
        if self.writer is not None and self.writer.recovery_of != session.path:
            # The project now belongs elsewhere (a merge replaced its file, say): a restore
            # must not offer to overwrite the old path, so start again from a snapshot.
            self.writer.remove()
            self.writer = None
        if self.writer is None:
            # One file per window and project, never shared: another instance's work, or a
            # recovery whose restore was put off, is never overwritten or removed from here.
            self.writer = RecoveryWriter(recovery_file(f"{session.path or 'untitled'}#{uuid.uuid4().hex}", self.folder), session.path)
        try:
            self.writer.write(session.project, self.pending)
        except (SaveError, OSError) as error:
            log.warning("could not write the recovery file %s: %s", self.writer.path, error)
            self.window.statusBar().showMessage(f"Could not write the recovery file: {error}", 8000)
            self.autosave.start()  # try again; the changes are still pending
            return False
        if self.adopted is not None and self.adopted != self.writer.path:
            remove_recovery(self.adopted)
        self.adopted = None
        return True

    def flush(self) -> bool:
        """Write now whatever is unsaved (before an error dialog, say); True when it is on disk."""
        self.autosave.stop()
        return self.write_recovery()

    def drop_recovery(self) -> None:
        """The work was saved or deliberately dropped: its recovery files go."""
        self.autosave.stop()
        self.pending.clear()
        if self.writer is not None:
            self.writer.remove()
            self.writer = None
        if self.adopted is not None:
            remove_recovery(self.adopted)
            self.adopted = None

    def offer_recoveries(self) -> bool:
        """At start: offer unsaved work a crash left behind. True when some was restored."""
        found, broken = find_recoveries()
        for path, reason in broken:
            log.warning("unreadable recovery file %s: %s", path, reason)
        for recovery in found:
            answer = dialogs.ask_restore(self.window, recovery)
            if answer == QMessageBox.StandardButton.Discard:
                remove_recovery(recovery.path)
                continue
            if answer != QMessageBox.StandardButton.Yes:
                continue  # asked again at the next start
            if not self.window.maybe_save():
                return False
            self.window.show_unsaved(ProjectSession(recovery.project, recovery.recovery_of), "Restored unsaved work. Save it to keep it.")
            self.adopted = recovery.path  # kept until this work is written aside or saved
            return True
        return False

    # -- the file on disk
    def watch(self, path: Path | None, digest: str | None = None) -> None:
        """Watch ``path`` (only) and remember its bytes' ``digest`` (read now when not given),
        to tell our saves from other programs'."""
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        self.disk_digest = None
        if path is not None and path.exists():
            self.disk_digest = digest or _digest(path)
            self.watcher.addPath(str(path))

    def _on_file_changed(self, changed: str) -> None:
        session = self.session
        if session is None or session.path is None or Path(changed) != session.path or self._asking:
            return
        path = session.path
        if background.put_off_while_busy(self, lambda: self._on_file_changed(changed)):
            return  # long work holds the input: asked once it is done
        if not path.exists():  # replaced (the watch ends) or deleted: look again in a moment
            QTimer.singleShot(200, self, lambda: self._recheck(path))
            return
        self.watcher.addPath(str(path))  # an atomic replace ends the watch
        digest = _digest(path)
        if digest == self.disk_digest:
            return  # our own save
        self._asking = True
        try:
            answer = dialogs.ask_external_change(self.window, path.name, session.is_modified)
        finally:
            self._asking = False
        if self.session is not session:
            return  # the project was closed while the question was open
        if answer == QMessageBox.StandardButton.Yes and self.window.open_path(path, ask_to_save=False):
            return  # the other version is shown; the user chose it over the work here
        self.disk_digest = digest  # don't ask again about this version
        session.undo_stack.resetClean()  # the file on disk now differs from what is shown
        reloaded = "could not be reloaded" if answer == QMessageBox.StandardButton.Yes else "was kept"
        self.window.statusBar().showMessage(
            f"Your version {reloaded}; it is unsaved, and saving will replace the other change to {path.name}.", 10000)

    def _recheck(self, path: Path) -> None:
        session = self.session
        if session is not None and session.path == path:
            if path.exists():
                self._on_file_changed(str(path))
            else:
                self.window.statusBar().showMessage(f"{path.name} was moved or deleted; saving will write it again.", 8000)
                if not session.is_modified:
                    session.undo_stack.resetClean()


def _digest(path: Path) -> str | None:
    """The file's sha256, read as any file from outside: a pipe or a device put in its place
    (or a file grown past what opens) gives None rather than a hang."""
    try:
        return hashlib.sha256(read_untrusted(path, storage.MAX_PROJECT_BYTES)).hexdigest()
    except FileProblemError:
        return None
