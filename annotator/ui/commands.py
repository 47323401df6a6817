"""Every edit a user makes, as a QUndoCommand on the session's one QUndoStack."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from ..core.wording import one_line
from ..core.anchoring import quote_for
from ..core.model import Annotation, Status, Tag
from .session import ProjectSession

NOTE_MERGE_ID = 1


def _short(text: str, limit: int = 30) -> str:
    """A quote as an undo step names it."""
    return one_line(text, limit)


class _DocumentCommand(QUndoCommand):
    """An edit of one document: undo and redo first bring that document back into view."""

    def __init__(self, session: ProjectSession, text: str) -> None:
        super().__init__(text)
        self.session = session
        self.document_index = session.document_index

    def redo(self) -> None:
        self.session.show_document(self.document_index)
        self.apply()

    def undo(self) -> None:
        self.session.show_document(self.document_index)
        self.revert()

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class AddAnnotation(_DocumentCommand):
    def __init__(self, session: ProjectSession, ann: Annotation) -> None:
        super().__init__(session, f"Tag “{_short(ann.quote.exact)}” as {ann.tag.label}")
        self.ann = ann

    def apply(self) -> None:
        self.session.insert(self.ann)

    def revert(self) -> None:
        self.session.remove(self.ann.id)


class DeleteAnnotations(_DocumentCommand):
    def __init__(self, session: ProjectSession, anns: list[Annotation]) -> None:
        text = f"Delete {anns[0].tag.label} “{_short(anns[0].quote.exact)}”" if len(anns) == 1 else f"Delete {len(anns)} annotations"
        super().__init__(session, text)
        self.anns = list(anns)

    def apply(self) -> None:
        for ann in self.anns:
            self.session.remove(ann.id)

    def revert(self) -> None:
        for ann in self.anns:
            self.session.insert(ann)


class _ReplaceAnnotation(_DocumentCommand):
    """Swap one version of an annotation for another (same id); undo swaps back."""

    def __init__(self, session: ProjectSession, old: Annotation, new: Annotation, text: str) -> None:
        super().__init__(session, text)
        self.old = old
        self.new = new

    def apply(self) -> None:
        self.session.replace(self.new)

    def revert(self) -> None:
        self.session.replace(self.old)


class MoveEnds(_DocumentCommand):
    """An annotation given a new span (an end moved by key or by its handle): the same id,
    note, comments and history, a new quote; it moves to its new place in reading order."""

    def __init__(self, session: ProjectSession, old: Annotation, start: int, end: int, by: str) -> None:
        super().__init__(session, f"Move the ends of “{_short(old.quote.exact)}”")
        self.old = old
        self.new = old.changed(by, start=start, end=end, quote=quote_for(session.document.text, start, end))

    def apply(self) -> None:
        self.session.remove(self.old.id)
        self.session.insert(self.new)

    def revert(self) -> None:
        self.session.remove(self.new.id)
        self.session.insert(self.old)


class ChangeTag(_ReplaceAnnotation):
    def __init__(self, session: ProjectSession, old: Annotation, tag: Tag, by: str) -> None:
        new = old.changed(by, tag=tag)
        super().__init__(session, old, new, f"Change tag of “{_short(old.quote.exact)}” to {tag.label}")


class EditNote(_ReplaceAnnotation):
    """Typing in the note editor: consecutive keystrokes on one note merge into one step."""

    def __init__(self, session: ProjectSession, old: Annotation, note: str, by: str) -> None:
        new = old.changed(by, note=note)
        super().__init__(session, old, new, f"Edit note on “{_short(old.quote.exact)}”")

    def id(self) -> int:
        return NOTE_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditNote) or (other.document_index, other.new.id) != (self.document_index, self.new.id):
            return False
        self.new = other.new
        if self.new.note == self.old.note:
            self.setObsolete(True)  # typed back to where it was: no change left to undo
        return True


DETAIL_FIELDS = ("title", "outlet", "byline", "published", "source_url")


class SetArticleDetails(_DocumentCommand):
    """The article's title, outlet, byline, date and URL, changed together in one step."""

    def __init__(self, session: ProjectSession, details: dict[str, str | None]) -> None:
        super().__init__(session, "Edit article details")
        self.old = {key: getattr(session.document, key) for key in DETAIL_FIELDS}
        self.new = {key: details.get(key, self.old[key]) for key in DETAIL_FIELDS}

    def apply(self) -> None:
        self.session.set_details(self.new)

    def revert(self) -> None:
        self.session.set_details(self.old)


class UpdateArticleText(_DocumentCommand):
    """The article's text replaced by an updated version, with its annotations re-found."""

    def __init__(self, session: ProjectSession, updated) -> None:
        super().__init__(session, "Update article text")
        doc = session.document
        self.old = (doc.text, doc.sha256, list(doc.annotations), list(doc.orphans))
        self.new = (updated.text, updated.sha256, list(updated.annotations), list(updated.orphans))

    def apply(self) -> None:
        self.session.replace_content(*self.new)

    def revert(self) -> None:
        self.session.replace_content(*self.old)


class ReattachOrphan(_DocumentCommand):
    """An orphan given a new span (the text the user selected) and back among the annotations."""

    def __init__(self, session: ProjectSession, orphan: Annotation, start: int, end: int, by: str) -> None:
        super().__init__(session, f"Re-attach “{_short(orphan.quote.exact)}”")
        text = session.document.text
        self.orphan = orphan
        self.attached = orphan.changed(by, start=start, end=end, quote=quote_for(text, start, end))

    def apply(self) -> None:
        doc = self.session.document
        doc.orphans = [o for o in doc.orphans if o.id != self.orphan.id]
        self.session.insert(self.attached)
        self.session.orphansChanged.emit()

    def revert(self) -> None:
        self.session.remove(self.attached.id)
        self.session.document.orphans = [*self.session.document.orphans, self.orphan]
        self.session.orphansChanged.emit()


class SetArticleStatus(QUndoCommand):
    """The article's status and/or assignee, on every document of the project, as the
    workspace sets them on files that are not open (so a file's documents never disagree)."""

    def __init__(self, session: ProjectSession, status: Status | None = None, assignee: str | None = None) -> None:
        if status is not None:
            text = f"Mark the article {status.value}"
        else:
            text = f"Assign the article to {_short(assignee)}" if assignee else "Unassign the article"
        super().__init__(text)
        self.session = session
        docs = session.project.documents
        self.old = [(d.status, d.assignee) for d in docs]
        self.new = [(d.status if status is None else status, d.assignee if assignee is None else assignee) for d in docs]

    def _set(self, values: list[tuple[Status, str]]) -> None:
        session = self.session
        for index, (status, assignee) in enumerate(values):
            if index != session.document_index:
                doc = session.project.documents[index]
                doc.status, doc.assignee = status, assignee
        status, assignee = values[session.document_index]
        session.set_details({"status": status, "assignee": assignee})
        session.metadataChanged.emit()  # the recovery journal then starts from a snapshot, which holds statuses

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)
