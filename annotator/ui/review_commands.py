"""Review decisions and comments as QUndoCommands on the review's one QUndoStack."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from ..core.merge import ItemDecision
from ..core.model import Comment
from .review_session import ReviewSession

COMMENT_MERGE_ID = 2


class Decide(QUndoCommand):
    """Set the decision of one or more items of the current document (None: undecided)."""

    def __init__(self, session: ReviewSession, rows: list[int], decision: ItemDecision | None, text: str) -> None:
        super().__init__(text)
        self.session = session
        self.document = session.document_index
        self.rows = list(rows)
        self.new = decision
        self.old = [session.decision(row) for row in self.rows]
        self._done_once = False

    def redo(self) -> None:
        for row in self.rows:
            self.session.set_decision(self.document, row, self.new)
        if self._done_once:  # a redo, not the first time: show what came back
            self.session.revealRequested.emit(self.rows[0])
        self._done_once = True

    def undo(self) -> None:
        for row, old in zip(self.rows, self.old):
            self.session.set_decision(self.document, row, old)
        self.session.revealRequested.emit(self.rows[0])


class SetComment(QUndoCommand):
    """Typing a comment or choosing a status: consecutive edits of one item merge into one step."""

    def __init__(self, session: ReviewSession, row: int, comment: Comment | None) -> None:
        super().__init__("Edit review comment")
        self.session = session
        self.document = session.document_index
        self.row = row
        self.new = comment
        self.old = session.comment(row)

    def id(self) -> int:
        return COMMENT_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetComment) or (other.document, other.row) != (self.document, self.row):
            return False
        self.new = other.new
        if _same(self.new, self.old):
            self.setObsolete(True)
        return True

    def redo(self) -> None:
        self.session.set_comment(self.document, self.row, self.new)

    def undo(self) -> None:
        self.session.set_comment(self.document, self.row, self.old)
        self.session.revealRequested.emit(self.row)


def _same(a: Comment | None, b: Comment | None) -> bool:
    """Equal apart from the time it was written."""
    if a is None or b is None:
        return a is b
    return (a.text, a.status) == (b.text, b.status)
