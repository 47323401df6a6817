"""Turns what the user asks for (tag this, delete that, edit a note) into undo commands."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from ..core.anchoring import quote_for, snap_span
from ..core.model import Annotation, Tag, new_id, now
from .commands import AddAnnotation, ChangeTag, EditNote, MoveEnds
from .factcheck_commands import SetVerdict
from .link_commands import delete_command
from .session import ProjectSession


class AnnotationEditor(QObject):
    """Each method either pushes one command or returns a message saying why it did not.

    Every change is signed: ``who`` gives the user's name (asking for it the first time) or
    None when they declined, and then nothing is changed.
    """

    created = Signal(str)  # id of a newly tagged annotation

    def __init__(self, parent: QObject | None = None, who: Callable[[], str | None] = lambda: None) -> None:
        super().__init__(parent)
        self.session: ProjectSession | None = None
        self.who = who

    def tag_span(self, tag: Tag, start: int, end: int, author: str) -> str | None:
        """Tag [start, end) after trimming whitespace. Returns an explanation when nothing was done."""
        if self.session is None:
            return "Open an article or a project first."
        text = self.session.document.text
        span = snap_span(text, start, end)
        if span is None:
            return "Select some text first: the selection holds only spaces."
        start, end = span
        existing = self.session.annotations.find_same(tag, start, end)
        if existing is not None:
            self.created.emit(existing.id)
            return f"That text is already tagged as {tag.label}."
        stamp = now()
        ann = Annotation(
            id=new_id(), tag=tag, start=start, end=end, quote=quote_for(text, start, end),
            author=author, created=stamp, modified=stamp, modified_by=author,
        )
        self.session.undo_stack.push(AddAnnotation(self.session, ann))
        self.created.emit(ann.id)
        return None

    def change_tag(self, ann_id: str, tag: Tag) -> bool:
        ann = self._get(ann_id)
        if ann is not None and ann.tag != tag and (by := self.who()) is not None:
            self.session.undo_stack.push(ChangeTag(self.session, ann, tag, by))
            return True
        return False

    def move_ends(self, ann_id: str, start: int, end: int) -> bool:
        """Give the annotation the span [start, end); ``created`` says which one to keep current."""
        ann = self._get(ann_id)
        if ann is None or (ann.start, ann.end) == (start, end) or not 0 <= start < end <= len(self.session.document.text):
            return False
        if (by := self.who()) is None:
            return False
        self.session.undo_stack.push(MoveEnds(self.session, ann, start, end, by))
        self.created.emit(ann_id)
        return True

    def set_note(self, ann_id: str, note: str) -> bool:
        ann = self._get(ann_id)
        if ann is not None and ann.note != note and (by := self.who()) is not None:
            self.session.undo_stack.push(EditNote(self.session, ann, note, by))
            return True
        return False

    def set_verdict(self, ann_id: str, verdict: str) -> bool:
        ann = self._get(ann_id)
        if ann is not None and ann.verdict != verdict and (by := self.who()) is not None:
            self.session.undo_stack.push(SetVerdict(self.session, ann, verdict, by))  # one step per choice
            return True
        return False

    def delete(self, ann_ids: list[str]) -> None:
        anns = [ann for ann in map(self._get, ann_ids) if ann is not None]
        if anns and (command := delete_command(self.session, anns, self.who)) is not None:
            self.session.undo_stack.push(command)  # links into them go in the same step

    def _get(self, ann_id: str) -> Annotation | None:
        return None if self.session is None else self.session.annotations.get(ann_id)
