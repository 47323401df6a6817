"""Search Workspace: words in every article's text and notes, listed by article; choosing a
result opens that article with the words (or the noted span) selected.

The search runs on a worker thread against the workspace's index (``Workspace.search``), when
Enter is pressed, never per keystroke.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ..core.workspace import SearchHit
from ..core.wording import one_line, plural
from . import background

if TYPE_CHECKING:
    from .workspace_controller import WorkspaceController

LIMIT = 500
HIT_ROLE = Qt.ItemDataRole.UserRole + 1


class WorkspaceSearchDialog(QDialog):
    """Not modal: it stays open beside the window while the user goes from result to result."""

    def __init__(self, controller: WorkspaceController, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("workspaceSearch")
        self.setWindowTitle("Search Workspace")
        self.controller = controller
        self.query = QLineEdit(self)
        self.query.setObjectName("workspaceSearchQuery")
        self.query.setAccessibleName("Words to search for")
        self.query.setPlaceholderText("Words in the articles or their notes, then Enter")
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.run)
        self.summary = QLabel("Type words and press Enter.", self)
        self.summary.setObjectName("workspaceSearchSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.results = QTreeWidget(self)
        self.results.setObjectName("workspaceSearchResults")
        self.results.setAccessibleName("Search results")
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)
        self.results.setHeaderLabels(["Article", "In", "Found"])
        self.results.setColumnWidth(0, 240)
        self.results.setColumnWidth(1, 50)
        self.results.itemActivated.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.summary)
        self.resize(760, 460)
        self._serial = 0

    def run(self) -> None:
        """Search on a worker thread; a newer search's results win over an older one's."""
        workspace = self.controller.workspace
        text = self.query.text()
        if workspace is None or not text.strip():
            return
        self._serial += 1
        serial = self._serial
        self.summary.setText("Searching…")

        def work():
            try:
                return workspace.search(text, LIMIT)
            finally:
                workspace.close()

        background.start_in_background(work, lambda hits: self._show(serial, hits))

    def _show(self, serial: int, hits: list[SearchHit]) -> None:
        if serial != self._serial:
            return
        titles = self.controller.panel.model
        self.results.clear()

        def title(hit: SearchHit) -> str:
            row = titles.row_of(hit.path)
            return (titles.summary(row).title if row is not None else "") or hit.path.name

        ordered = sorted(hits, key=lambda h: (title(h).casefold(), str(h.path), h.document, h.start))
        items = []
        for hit in ordered:
            item = QTreeWidgetItem([one_line(title(hit), 80), hit.kind, hit.snippet])
            item.setData(0, HIT_ROLE, hit)
            item.setToolTip(0, str(hit.path))
            items.append(item)
        self.results.addTopLevelItems(items)
        articles = len({h.path for h in hits})
        more = " (the first ones)" if len(hits) >= LIMIT else ""
        self.summary.setText(f"{plural(len(hits), 'place')} in {plural(articles, 'article')}{more}."
                             if hits else "Nothing found.")
        if items:
            self.results.setCurrentItem(items[0])
            self.results.setFocus()

    def _open(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        hit = item.data(0, HIT_ROLE)
        if hit is not None and self.controller.open_hit(hit):
            self.controller.window.activateWindow()
