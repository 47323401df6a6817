"""Multi-line text boxes that stay fast on hostile text.

``SharedUndoTextEdit``: a text box whose Ctrl+Z and Ctrl+Shift+Z go to the window's undo stack.
QPlainTextEdit keeps its own undo history; in a note or comment box that would bypass the
app's one QUndoStack (and its typing is already recorded there as one merged step).

``wrap_mode_for``: Qt's usual wrapping (at word boundaries, anywhere only when a word is
longer than a line) looks for the end of the word on every line it lays out, so a word of
n characters costs n²/line length: 3.5 s for 300,000 characters without a space in a bare
view, minutes in a narrow box. Text holding such a word wraps anywhere instead (linear).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QWidget

UNDO_KEYS = (QKeySequence("Ctrl+Z"), QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"))

LONG_WORD = 2000
"""A run this long with no break opportunity makes the text wrap anywhere. Runs up to this
length cost at most LONG_WORD / line length times their length each: linear overall."""

# No whitespace, and not CJK (which breaks between characters anyway and reads fine either way).
_LONG_RUN = re.compile(r"[^\s\u2e80-\u9fff\ua000-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]{%d}" % LONG_WORD)


def has_long_word(text: str) -> bool:
    """Whether ``text`` holds LONG_WORD characters in a row without a break opportunity.

    Such a run contains a whole aligned stretch of LONG_WORD / 2 characters, so only the
    stretches holding no space are searched (around them): 2 ms for 10 MB of prose, where
    searching it all took 180 ms."""
    step = LONG_WORD // 2
    for k in range(0, len(text) - step + 1, step):
        if text.find(" ", k, k + step) < 0 and _LONG_RUN.search(text, max(0, k - LONG_WORD), k + step + LONG_WORD):
            return True
    return False


def wrap_mode_for(text: str) -> QTextOption.WrapMode:
    """Wrap at word boundaries, or anywhere when ``text`` holds a word too long to lay out that way."""
    if has_long_word(text):
        return QTextOption.WrapMode.WrapAnywhere
    return QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere


class SharedUndoTextEdit(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUndoRedoEnabled(False)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().contentsChange.connect(self._on_contents_change)

    def setPlainText(self, text: str) -> None:  # noqa: N802 - Qt's name
        """A long word is never laid out word-wise: wrapping anywhere is set before the new
        text comes, wrapping at words only after the old text has gone."""
        mode = wrap_mode_for(text)
        if mode == QTextOption.WrapMode.WrapAnywhere:
            self._set_wrap(mode)
        super().setPlainText(text)
        self._set_wrap(mode)

    def _on_contents_change(self, position: int, _removed: int, added: int) -> None:
        """Typing or pasting a long word switches to wrapping anywhere (deleting it switches back)."""
        if added > LONG_WORD or self.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere or added > 0 and self._near_long_word(position, added):
            self._set_wrap(wrap_mode_for(self.toPlainText()))

    def _near_long_word(self, position: int, added: int) -> bool:
        block = self.document().findBlock(position)
        return block.length() > LONG_WORD and has_long_word(block.text())

    def _set_wrap(self, mode: QTextOption.WrapMode) -> None:
        if self.wordWrapMode() != mode:
            self.setWordWrapMode(mode)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(pressed.matches(keys) == QKeySequence.SequenceMatch.ExactMatch for keys in UNDO_KEYS):
                event.ignore()  # let the window's Undo/Redo action have it
                return True
        return super().event(event)
