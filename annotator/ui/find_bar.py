"""The Find bar under the article: type to search, Enter / Shift+Enter to step, Esc to close.

Searching waits for a pause in typing (``DELAY_MS``), so a keystroke never costs a pass over
a 10 MB article; the matches on screen are marked, and the count says where you are.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from ..core.search import MAX_MATCHES, find_all
from .document_view import DocumentView

DELAY_MS = 150


class _FindEdit(QLineEdit):
    """Enter, Shift+Enter and Escape go to the bar, not to the line edit."""

    step = Signal(bool)  # True: forward
    close_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.step.emit(not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        elif event.key() == Qt.Key.Key_Escape:
            self.close_requested.emit()
        else:
            super().keyPressEvent(event)


class FindBar(QWidget):
    def __init__(self, view: DocumentView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.view = view
        self._matches: list[tuple[int, int]] = []
        self._searched = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        label = QLabel("F&ind:")
        self.edit = _FindEdit()
        self.edit.setObjectName("findEdit")
        self.edit.setAccessibleName("Find in article")
        self.edit.setPlaceholderText("Text to find in the article")
        self.edit.setClearButtonEnabled(True)
        self.edit.setToolTip("Type to search the article (case is ignored); Enter: next match, Shift+Enter: previous, Esc: close")
        label.setBuddy(self.edit)
        self.count = QLabel()
        self.count.setObjectName("findCount")
        self.count.setAccessibleName("Matches")
        buttons = []
        for name, text, tip, slot in (
            ("findPrevious", "▲", "Previous match (Shift+Enter, Shift+F3)", lambda: self.step(False)),
            ("findNext", "▼", "Next match (Enter, F3)", lambda: self.step(True)),
            ("findClose", "✕", "Close the Find bar (Esc)", self.close_bar),
        ):
            button = QToolButton()
            button.setObjectName(name)
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(tip.split(" (")[0])
            button.clicked.connect(slot)
            buttons.append(button)
        layout.addWidget(label)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        for button in buttons:
            layout.addWidget(button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self._search)
        self.edit.textChanged.connect(lambda _text: self._timer.start())
        self.edit.step.connect(self.step)
        self.edit.close_requested.connect(self.close_bar)
        self.hide()

    def open_bar(self) -> None:
        """Show the bar with the focus in it, seeded with a short selection of the article."""
        span = self.view.selected_span()
        if span is not None and 0 < span[1] - span[0] <= 80:
            selected = self.view.textCursor().selectedText()
            if "\u2029" not in selected:
                self.edit.setText(selected)
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self._timer.stop()
        self.view.set_matches([])
        self.hide()
        self.view.setFocus()

    def refresh(self) -> None:
        """The article changed: search it again."""
        self._searched = ""
        if self.isVisible() and self.edit.text():
            self._search()
        else:
            self._matches = []

    def _search(self) -> None:
        needle = self.edit.text()
        self._searched = needle
        self._matches = find_all(self.view.text(), needle)
        self.view.set_matches(self._matches)
        if self._matches:
            self._go(bisect_left(self._matches, (self.view.caret(), 0)) % len(self._matches))
        else:
            self.count.setText("No matches" if needle else "")

    def step(self, forward: bool = True) -> None:
        """The next (or previous) match from the caret, wrapping around."""
        if self._timer.isActive() or self._searched != self.edit.text():
            self._timer.stop()
            self._search()
            return
        if not self._matches:
            return
        caret = self.view.caret()
        span = self.view.selected_span()
        if forward:
            index = bisect_right(self._matches, (span[0] if span else caret, len(self.view.text()) + 1))
        else:
            index = bisect_left(self._matches, (span[0] if span else caret, 0)) - 1
        self._go(index % len(self._matches))

    def _go(self, index: int) -> None:
        start, end = self._matches[index]
        self.view.select_span(start, end)
        more = "+" if len(self._matches) >= MAX_MATCHES else ""
        self.count.setText(f"{index + 1} of {len(self._matches):,}{more}")
