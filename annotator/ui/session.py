"""One open project: its file, the document shown, its undo stack, and change signals.

Widgets never change annotations directly. Commands (``commands.py``) call the methods
here, which change the Qt-free AnnotationSet and then tell every view what changed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..core.annotation_set import AnnotationSet
from ..core.model import Annotation, Document, Project, ReviewRecord
from ..core.storage import save_project


class ProjectSession(QObject):
    """Signals carry rows of the sorted annotation list of the current document."""

    aboutToInsert = Signal(int)
    inserted = Signal(int, object)
    aboutToRemove = Signal(int)
    removed = Signal(int, object)
    changed = Signal(int, object)
    spanChanged = Signal(int, int)  # code-point range whose highlighting must be redrawn
    orphansChanged = Signal()
    rejectionsChanged = Signal()  # the current document's turned-down suggestions
    """Annotations left without a place by an update were re-attached (or put back)."""
    detailsChanged = Signal()
    """The current document's title, outlet, byline, date or URL changed."""
    metadataChanged = Signal()
    """The project's own details (not a document's) changed: its publishing details."""
    documentChanged = Signal()
    """Another document of the project is now the current one (or the current one was replaced)."""
    contentReplaced = Signal(int)
    """Document N's text and annotations were replaced whole (an article update or its undo)."""
    stateChanged = Signal()
    """Undo/redo availability or the saved state changed. Relayed from the stack so that
    listeners are disconnected before the stack is destroyed with the session."""

    def __init__(self, project: Project, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.path = path
        self.disk_digest: str | None = None
        """sha256 of the file's bytes this project was read from, when it was read from one."""
        self.undo_stack = QUndoStack(self)
        self.undo_stack.indexChanged.connect(self.stateChanged)
        self.undo_stack.cleanChanged.connect(self.stateChanged)
        self._sets: dict[int, AnnotationSet] = {}
        self._records_by_result: dict[int, dict[str, list[ReviewRecord]]] = {}
        self.document_index = -1
        self.show_document(0)

    def show_document(self, index: int) -> None:
        """Make document ``index`` current (its annotation set is indexed on first use)."""
        if index == self.document_index:
            return
        self.document_index = index
        self.document: Document = self.project.documents[index]
        if index not in self._sets:
            self._sets[index] = AnnotationSet(self.document)
        self.annotations = self._sets[index]
        self.documentChanged.emit()

    def replace_content(self, text: str, sha256: str, annotations: list[Annotation], orphans: list[Annotation]) -> None:
        """Called by undo commands only: the current document's text and annotations swapped whole."""
        doc = self.document
        doc.text, doc.sha256 = text, sha256
        doc.annotations = list(annotations)
        doc.orphans = list(orphans)
        self._sets[self.document_index] = self.annotations = AnnotationSet(doc)
        self.contentReplaced.emit(self.document_index)
        self.documentChanged.emit()

    def set_details(self, details: dict[str, str | None]) -> None:
        """Called by SetArticleDetails only."""
        for key, value in details.items():
            setattr(self.document, key, value)
        self.detailsChanged.emit()

    def review_records(self, ann_id: str) -> list[ReviewRecord]:
        """The review decisions that produced this annotation of the current document."""
        index = self.document_index
        if index not in self._records_by_result:
            table: dict[str, list[ReviewRecord]] = {}
            for record in self.document.review:
                for snap in record.result:
                    table.setdefault(snap.id, []).append(record)
            self._records_by_result[index] = table
        return self._records_by_result[index].get(ann_id, [])

    @classmethod
    def from_document(cls, document: Document, parent: QObject | None = None) -> ProjectSession:
        project = Project(documents=[document])
        project.metadata.title = document.title
        return cls(project, None, parent)

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def save(self, path: Path, replace_read_only: bool = False) -> None:
        """Save to ``path`` (raises SaveError); on success the stack is clean again."""
        save_project(self.project, path, replace_read_only=replace_read_only)
        self.path = path
        self.undo_stack.setClean()

    # -- changes, called by undo commands only
    def insert(self, ann: Annotation) -> None:
        self.aboutToInsert.emit(self.annotations.insert_row(ann))
        row = self.annotations.add(ann)
        self.inserted.emit(row, ann)
        self.spanChanged.emit(ann.start, ann.end)

    def remove(self, ann_id: str) -> Annotation:
        ann = self.annotations.get(ann_id)
        if ann is None:
            raise KeyError(ann_id)
        self.aboutToRemove.emit(self.annotations.row_of(ann))
        row, ann = self.annotations.remove(ann_id)
        self.removed.emit(row, ann)
        self.spanChanged.emit(ann.start, ann.end)
        return ann

    def replace(self, new: Annotation) -> Annotation:
        """Put ``new`` in place of the annotation with the same id and span; returns the old one."""
        old = self.annotations.get(new.id)
        if old is None:
            raise KeyError(new.id)
        row = self.annotations.replace_in_place(new)
        self.changed.emit(row, new)
        if old.tag != new.tag:
            self.spanChanged.emit(new.start, new.end)
        return old

    def replace_in_document(self, index: int, anns: list[Annotation]) -> None:
        """Put each of ``anns`` in place of the annotation with its id in document ``index``:
        for commands that change any document (a rating level renamed across the project).
        The shown document's go through ``replace``, with its signals; no view shows another's."""
        if index == self.document_index:
            for ann in anns:
                self.replace(ann)
            return
        indexed = self._sets.get(index)
        if indexed is not None:
            for ann in anns:
                indexed.replace_in_place(ann)
        elif anns:
            by_id = {ann.id: ann for ann in anns}
            doc = self.project.documents[index]
            doc.annotations = [by_id.get(a.id, a) for a in doc.annotations]
