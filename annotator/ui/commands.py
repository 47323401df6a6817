"""Every edit a user makes, as a QUndoCommand on the session's one QUndoStack."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from ..core.model import Annotation, Tag, now
from .session import ProjectSession

NOTE_MERGE_ID = 1


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class AddAnnotation(QUndoCommand):
    def __init__(self, session: ProjectSession, ann: Annotation) -> None:
        super().__init__(f"Tag “{_short(ann.quote.exact)}” as {ann.tag.label}")
        self.session = session
        self.ann = ann

    def redo(self) -> None:
        self.session.insert(self.ann)

    def undo(self) -> None:
        self.session.remove(self.ann.id)


class DeleteAnnotations(QUndoCommand):
    def __init__(self, session: ProjectSession, anns: list[Annotation]) -> None:
        text = f"Delete {anns[0].tag.label} “{_short(anns[0].quote.exact)}”" if len(anns) == 1 else f"Delete {len(anns)} annotations"
        super().__init__(text)
        self.session = session
        self.anns = list(anns)

    def redo(self) -> None:
        for ann in self.anns:
            self.session.remove(ann.id)

    def undo(self) -> None:
        for ann in self.anns:
            self.session.insert(ann)


class _ReplaceAnnotation(QUndoCommand):
    """Swap one version of an annotation for another (same id); undo swaps back."""

    def __init__(self, session: ProjectSession, old: Annotation, new: Annotation, text: str) -> None:
        super().__init__(text)
        self.session = session
        self.old = old
        self.new = new

    def redo(self) -> None:
        self.session.replace(self.new)

    def undo(self) -> None:
        self.session.replace(self.old)


class ChangeTag(_ReplaceAnnotation):
    def __init__(self, session: ProjectSession, old: Annotation, tag: Tag) -> None:
        new = old.model_copy(update={"tag": tag, "modified": now()})
        super().__init__(session, old, new, f"Change tag of “{_short(old.quote.exact)}” to {tag.label}")


class EditNote(_ReplaceAnnotation):
    """Typing in the note editor: consecutive keystrokes on one note merge into one step."""

    def __init__(self, session: ProjectSession, old: Annotation, note: str) -> None:
        new = old.model_copy(update={"note": note, "modified": now()})
        super().__init__(session, old, new, f"Edit note on “{_short(old.quote.exact)}”")

    def id(self) -> int:
        return NOTE_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditNote) or other.new.id != self.new.id:
            return False
        self.new = other.new
        return True
