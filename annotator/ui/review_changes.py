""""Changes since review": what a reviewer decided about this document, and why.

Shown in the main window when a project carries review records, so the original annotator
sees each change relative to their own version, with the reviewer's comment and verdict.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..core.merge import describe_change, describe_decision, reader_side
from ..core.model import Document, ReviewRecord
from ..core.wording import one_line, plural, quoted
from .annotation_model import tooltip_text
from .tables import ColumnsModel, list_table

COLUMNS = ("Change", "Text", "Decision", "Reviewer", "Verdict and comment")


class ReviewChangesModel(ColumnsModel):
    COLUMNS = COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self.records: list[ReviewRecord] = []
        self.side = "mine"

    def set_records(self, records: list[ReviewRecord], side: str) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.side = side
        self.endResetModel()

    def row_count(self) -> int:
        return len(self.records)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        record = self.records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return describe_change(record, self.side)
            if column == 1:
                side = (record.result or [record.mine or record.theirs])[0]
                return one_line(side.exact, 120) if side else ""
            if column == 2:
                return f"{describe_decision(record)} ({record.group})"
            if column == 3:
                return f"{record.reviewer}, {record.time.astimezone():%Y-%m-%d %H:%M}"
            if column == 4 and record.comment is not None:
                status = f"[{record.comment.status.value}] " if record.comment.status else ""
                return status + one_line(record.comment.text, 120)
        elif role == Qt.ItemDataRole.ToolTipRole:
            lines = []
            for label, snap in (("Mine", record.mine), ("Theirs", record.theirs)):
                if snap is not None:
                    lines.append(f"{label} ({snap.author or 'unknown'}): {snap.tag.value} {quoted(one_line(snap.exact, 200))}")
            lines += [f"Result: {snap.tag.value} {quoted(one_line(snap.exact, 200))}" for snap in record.result]
            if record.comment is not None and record.comment.text:
                lines.append(f"Comment: {record.comment.text}")
            return tooltip_text("\n".join(lines))
        return None


class ReviewChangesPanel(QWidget):
    spanRequested = Signal(str, int, int)  # annotation id (may be gone), start, end

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ReviewChangesModel()
        self.summary = QLabel()
        self.summary.setObjectName("reviewChangesSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # reviewer names come from a file
        self.table = list_table(
            "reviewChangesTable", "Changes since review", (1,), {0: 180},
            "What the last review changed, relative to your own version; choose a row to see its text",
        )
        self.table.setModel(self.model)
        self.table.clicked.connect(self._on_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)

    def show_document(self, document: Document | None, reader: str) -> None:
        records = [] if document is None else [r for r in document.review if r.decision.value != "agreed" or r.comment]
        side = reader_side(records, reader)
        self.model.set_records(records, side)
        reviewers = sorted({r.reviewer for r in records})
        whose = "your version (you made the colleague's side)" if side == "theirs" else "the reviewer's own side"
        if reader and side == "mine" and any(r.mine is not None and r.mine.author == reader for r in records):
            whose = "your version"
        self.summary.setText(
            f"{plural(len(records), 'difference, decision or comment', 'differences, decisions and comments')} "
            f"by {', '.join(reviewers)}, relative to {whose}. "
            "Click one to see it in the article."
            if records else "No review changes in this document."
        )

    def _on_clicked(self, index: QModelIndex) -> None:
        record = self.model.records[index.row()]
        snap = (record.result or [record.mine or record.theirs])[0]
        if snap is not None and record.group != "not found":
            self.spanRequested.emit(snap.id, snap.start, snap.end)
