"""Starting a review of a colleague's project from the main window, and what follows it.

A mixin of the main window (``MainWindow(…, ReviewLauncher, …)``); the review itself lives
in ``review_window.py`` and its session.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..core.errors import Cancelled, FileProblemError
from ..core.storage import load_project
from . import dialogs
from .background import run_with_progress

if TYPE_CHECKING:
    from .review_window import ReviewWindow


class ReviewLauncher:
    """File ▸ Review Colleague's Project, and opening the merge it writes."""

    def review_dialog(self) -> None:
        if self.session is None:
            self.statusBar().showMessage("Open your own project first, then review a colleague's against it.", 5000)
            return
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Review colleagues' projects (one, or several to curate)", self.settings.last_folder(),
            "Annotator projects (*.json);;All files (*)",
        )
        if len(paths) == 1:
            self.start_review(Path(paths[0]))
        elif paths:
            self.start_review(Path(paths[0]), [Path(p) for p in paths[1:]])

    def start_review(self, theirs_path: Path, more: list[Path] = ()) -> ReviewWindow | None:
        """Open a review of ``theirs_path`` against the project shown here (as it is in memory);
        with ``more`` colleagues' projects, a review of all of them at once (``review_layers``)."""
        from ..core.curation import curate_projects
        from ..core.merge import review_projects, snapshot  # the review's modules load when first needed
        from .review_layers import CurationSession
        from .review_session import ReviewSession
        from .review_window import ReviewWindow

        reviewer = self.ensure_author()
        if reviewer is None:
            self.statusBar().showMessage("A review needs your name (Edit ▸ Set Author Name).", 5000)
            return None
        # A snapshot: editing here while the review is open must not change what is reviewed.
        mine = snapshot(self.session.project)

        paths = [theirs_path, *more]

        def compare(progress):
            if more:
                colleagues = [load_project(path) for path in paths]
                return colleagues, curate_projects(mine, colleagues, progress)
            theirs = load_project(theirs_path)
            return theirs, review_projects(mine, theirs, progress)

        try:
            theirs, compared = run_with_progress(self, f"Comparing with {', '.join(p.name for p in paths)}…", compare)
        except FileProblemError as error:
            dialogs.show_file_problem(self, "Cannot review this file", error)
            return None
        except Cancelled:
            self.statusBar().showMessage("Review stopped.", 5000)
            return None
        mine_name = self.session.path.name if self.session.path else self._display_name()
        if more:
            session = CurationSession(mine, theirs, mine_name, [p.name for p in paths], reviewer, curated=compared)
        else:
            session = ReviewSession(mine, theirs, mine_name, theirs_path.name, reviewer, compared=compared)
        window = ReviewWindow(session, self.session.path, None if more else theirs_path)
        window.colleague_paths = paths
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

