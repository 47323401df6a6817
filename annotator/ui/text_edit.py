"""A multi-line text box whose Ctrl+Z and Ctrl+Shift+Z go to the window's undo stack.

QPlainTextEdit keeps its own undo history; in a note or comment box that would bypass the
app's one QUndoStack (and its typing is already recorded there as one merged step).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QPlainTextEdit, QWidget

UNDO_KEYS = (QKeySequence("Ctrl+Z"), QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"))


class SharedUndoTextEdit(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUndoRedoEnabled(False)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(pressed.matches(keys) == QKeySequence.SequenceMatch.ExactMatch for keys in UNDO_KEYS):
                event.ignore()  # let the window's Undo/Redo action have it
                return True
        return super().event(event)
