"""File ▸ Add Articles / Add a Folder of Articles: many articles into the workspace at once,
behind a progress bar with Cancel, then a report of what was added, what the workspace
already had, and every file refused with its reason."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ..core.bulk_import import BulkResult, import_articles
from ..core.errors import Cancelled
from ..core.wording import plural
from .background import run_with_progress
from .project_files import ARTICLE_FILTER

if TYPE_CHECKING:
    from .workspace_controller import WorkspaceController


def choose_and_add(controller: WorkspaceController, folder: bool) -> BulkResult | None:
    """Ask for files (or a folder) and add them; None when nothing was chosen."""
    window = controller.window
    if controller.workspace is None:
        window.statusBar().showMessage("Open a folder of articles first (File ▸ Open Folder): articles are added to it.", 5000)
        return None
    start = window.settings.last_folder()
    if folder:
        chosen = QFileDialog.getExistingDirectory(window, "Add every article in a folder", start)
        sources = [Path(chosen)] if chosen else []
    else:
        names, _ = QFileDialog.getOpenFileNames(window, "Add articles", start, f"{ARTICLE_FILTER};;All files (*)")
        sources = [Path(n) for n in names]
    if not sources:
        return None
    return add(controller, sources)


def add(controller: WorkspaceController, sources: list[Path]) -> BulkResult | None:
    """Import ``sources`` on a worker thread; Cancel keeps what was added so far. Shows the report."""
    window = controller.window
    workspace = controller.workspace
    summaries = list(controller.panel.model.rows)  # what the list knows: no second scan of the folder
    author = window.settings.author
    kept: dict[str, BulkResult] = {}

    def work(progress):
        stop = [False]

        def tell(done: int, total: int) -> None:
            try:
                progress(done, total)
            except Cancelled:  # stop between files, keeping the ones added
                stop[0] = True

        kept["result"] = import_articles(sources, workspace.folder, author, tell, lambda: stop[0], summaries)
        return kept["result"]

    try:
        result = run_with_progress(window, "Adding articles to the workspace…", work)
    except Cancelled:
        result = kept.get("result")
        if result is None:
            return None
        result.cancelled = True
    controller.refresh()
    window.statusBar().showMessage(report_line(result), 8000)
    ImportReport(result, workspace.folder, window).exec()
    return result


def report_line(result: BulkResult) -> str:
    line = f"Added {plural(len(result.added), 'article')}"
    if result.duplicates:
        line += f"; {plural(len(result.duplicates), 'article')} already in the workspace"
    if result.refused:
        line += f"; {plural(len(result.refused), 'file')} refused"
    return line + (" (stopped by Cancel)." if result.cancelled else ".")


class ImportReport(QDialog):
    """The three lists, each file with what became of it."""

    def __init__(self, result: BulkResult, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulkImportReport")
        self.setWindowTitle("Articles added")
        self.summary = QLabel(report_line(result), self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("bulkImportList")
        self.tree.setHeaderLabels(["File", "What happened"])
        self.tree.setColumnWidth(0, 300)

        def rel(path: Path) -> str:
            try:
                return str(Path(path).relative_to(folder))
            except ValueError:
                return str(path)

        groups = [
            ("Added", [(p.name, f"new project {rel(p)}") for p in result.added]),
            ("Already in the workspace", [(s.name, f"its text is in {rel(p)}") for s, p in result.duplicates]),
            ("Refused", [(s.name, reason) for s, reason in result.refused]),
        ]
        self.groups: dict[str, QTreeWidgetItem] = {}
        for title, rows in groups:
            group = QTreeWidgetItem([f"{title} ({len(rows)})", ""])
            for name, what in rows:
                child = QTreeWidgetItem([name, what])
                child.setToolTip(1, what)
                group.addChild(child)
            self.tree.addTopLevelItem(group)
            group.setExpanded(True)
            self.groups[title] = group
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def rows(self, title: str) -> list[tuple[str, str]]:
        group = self.groups[title]
        return [(group.child(i).text(0), group.child(i).text(1)) for i in range(group.childCount())]
