"""Annotations whose text an article update removed: listed until someone re-attaches them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from ..core.model import Annotation, Document
from ..core.wording import one_line, plural
from . import tag_style
from .annotation_model import tooltip_text


class OrphansPanel(QWidget):
    reattachRequested = Signal(str)  # orphan id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("orphanList")
        self.list.setAccessibleDescription("Annotations whose text was not found after the article was updated; select one, select its new text, and re-attach it")
        self.list.setAccessibleName("Orphaned annotations")
        self.list.setMaximumHeight(140)  # a bottom strip, not half the window
        self.button = QPushButton("Re-attach to Selected Text")
        self.button.setObjectName("reattachButton")
        self.button.setToolTip("Select the text this annotation is about now, choose it here, then click")
        self.button.clicked.connect(self._request)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.list)
        layout.addWidget(self.button)
        self.setMaximumHeight(240)  # a strip along the bottom, not half the window

    def show_document(self, document: Document | None) -> None:
        orphans = [] if document is None else document.orphans
        self.list.clear()
        for ann in orphans:
            note = f" — {one_line(ann.note, 60)}" if ann.note else ""
            item = QListWidgetItem(tag_style.swatch_icon(ann.tag), f"{ann.tag.label}: “{one_line(ann.quote.exact, 80)}”{note}")
            item.setData(Qt.ItemDataRole.UserRole, ann.id)
            item.setToolTip(tooltip_text(_describe(ann)))
            self.list.addItem(item)
        if orphans:
            self.list.setCurrentRow(0)
        self.summary.setText(
            "1 annotation lost its text when the article was updated. It is kept here: select the text it is about now and re-attach it."
            if len(orphans) == 1 else
            f"{plural(len(orphans), 'annotation')} lost their text when the article was updated. They are kept here: "
            "select the text each is about now and re-attach it."
        )
        self.button.setEnabled(bool(orphans))

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _request(self) -> None:
        orphan_id = self.current_id()
        if orphan_id is not None:
            self.reattachRequested.emit(orphan_id)


def _describe(ann: Annotation) -> str:
    return f"{ann.tag.label} by {ann.author or 'unknown'}, was at {ann.start}–{ann.end}:\n{ann.quote.exact}\n{ann.note}".strip()
