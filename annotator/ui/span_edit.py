"""Changing where an annotation begins and ends: by key (a word or a character at a time)
and by dragging the handles drawn at the ends of the current annotation.

Either way the annotation keeps its id, note, verdict, comments and history; only its span
and quote change, in one undo step per key press or per drag. A drag lands on word ends, as
tagging a selection does; the character keys are there for the full stop or quotation mark
a word move can't take in or leave out alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QMenu

from ..core.anchoring import in_word
from ..core.boundaries import moved
from . import tag_style

if TYPE_CHECKING:
    from .document_view import DocumentView

MOVES = {
    # action name: (edge, unit, forward)
    "move_start_left": ("start", "word", False),
    "move_start_right": ("start", "word", True),
    "move_end_left": ("end", "word", False),
    "move_end_right": ("end", "word", True),
    "move_start_left_char": ("start", "char", False),
    "move_start_right_char": ("start", "char", True),
    "move_end_left_char": ("end", "char", False),
    "move_end_right_char": ("end", "char", True),
}
"""The keyboard's moves; their keys and names are in actions.py."""

GRAB = 6
"""How close (pixels) the pointer must be to an end's knob to take hold of it."""

KNOB = 4
"""The radius of the knob at each end: above the line at the start, below it at the end, so a
press on the text itself always starts a selection, never a drag of the handle."""


def handlers(window) -> dict:
    return {name: (lambda move=move: move_current(window, *move)) for name, move in MOVES.items()}


def add_menu(menu: QMenu, actions) -> None:
    sub = menu.addMenu("Move Annotation &Ends")
    sub.setToolTipsVisible(True)
    for n, name in enumerate(MOVES):
        if n == 4:
            sub.addSeparator()
        sub.addAction(actions[name])


def move_current(window, edge: str, unit: str, forward: bool) -> None:
    """Move one end of the current annotation (the one chosen in the list or stepped onto)."""
    ann = window.panel.current_annotation() if window.session is not None else None
    if ann is None:
        window.statusBar().showMessage("Choose an annotation first (Alt+Down, or click its highlight), then move its ends.", 5000)
        return
    span = moved(window.session.document.text, ann.start, ann.end, edge, unit, forward)
    if span is None:
        where = "start" if edge == "start" else "end"
        window.statusBar().showMessage(f"The {where} can't move further that way: an annotation keeps at least one character.", 5000)
        return
    if window.editor.move_ends(ann.id, *span):
        window.view.select_span(*span)


def snapped_end(text: str, start: int, end: int) -> int:
    """A dragged end completed to the end of the word it fell in, whitespace left out."""
    while end < len(text) and end > 0 and in_word(text[end - 1]) and in_word(text[end]):
        end += 1
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return max(end, start + 1)


def snapped_start(text: str, start: int, end: int) -> int:
    """A dragged start moved back to the start of the word it fell in, whitespace left out."""
    while 0 < start < len(text) and in_word(text[start - 1]) and in_word(text[start]):
        start -= 1
    while start < end - 1 and text[start].isspace():
        start += 1
    return min(start, end - 1)


class SpanHandles(QObject):
    """The two handles of the current annotation in the article: drawn by the view's
    paintEvent (``paint``), taken hold of through an event filter on its viewport."""

    dragged = Signal(str, int, int)  # annotation id, new start, new end (code points)

    def __init__(self, view: DocumentView) -> None:
        super().__init__(view)
        self.view = view
        self._held: str | None = None  # "start" or "end" while a handle is dragged
        self._preview: tuple[int, int] | None = None
        self.enabled = False
        """Off where spans can't be changed (the review window shows the same view)."""
        view.viewport().setMouseTracking(True)
        view.viewport().installEventFilter(self)

    def span(self) -> tuple[int, int] | None:
        """The span the handles are at: the current annotation's, or the one being dragged to."""
        if self._preview is not None:
            return self._preview
        current = self.view.current_annotation()
        return None if current is None else (current.start, current.end)

    def _rect(self, edge: str) -> QRect | None:
        span = self.span()
        if span is None:
            return None
        cursor = self.view.cursor_at(span[0] if edge == "start" else span[1])
        return self.view.cursorRect(cursor)

    def knob(self, edge: str) -> QPoint | None:
        """The centre of ``edge``'s knob in viewport coordinates."""
        rect = self._rect(edge)
        if rect is None:
            return None
        return QPoint(rect.x(), rect.top() - KNOB if edge == "start" else rect.bottom() + KNOB)

    def handle_at(self, point: QPoint) -> str | None:
        if not self.enabled:
            return None
        for edge in ("end", "start"):  # the end first: on a one-letter span it is the one to grow
            centre = self.knob(edge)
            if centre is not None and abs(point.x() - centre.x()) <= GRAB and abs(point.y() - centre.y()) <= GRAB:
                return edge
        return None

    def paint(self, painter: QPainter) -> None:
        current = self.view.current_annotation()
        if current is None or not self.enabled:
            return
        colour = QColor(tag_style.color(current.tag)).darker(140)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colour, 2))
        painter.setBrush(colour)
        area = self.view.viewport().rect()
        for edge in ("start", "end"):
            rect = self._rect(edge)
            if rect is None or not area.intersects(rect.adjusted(-GRAB, -GRAB, GRAB, GRAB)):
                continue
            x = rect.x()
            painter.drawLine(x, rect.top(), x, rect.bottom())
            painter.drawEllipse(self.knob(edge), KNOB, KNOB)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease):
            return False
        assert isinstance(event, QMouseEvent)
        point = event.position().toPoint()
        viewport = self.view.viewport()
        if self._held is not None and self.view.current_annotation() is None:
            # The annotation went while its handle was held (undone, or the file reloaded):
            # the drag ends with nothing to move.
            self._held, self._preview = None, None
            viewport.update()
            return kind != QEvent.Type.MouseButtonPress
        if kind == QEvent.Type.MouseButtonPress:
            if event.button() == Qt.MouseButton.LeftButton and (edge := self.handle_at(point)) is not None:
                self._held = edge
                self._preview = self.span()
                return True
            return False
        if kind == QEvent.Type.MouseMove:
            if self._held is None:
                hover = self.handle_at(point) is not None
                viewport.setCursor(Qt.CursorShape.SizeHorCursor if hover else Qt.CursorShape.IBeamCursor)
                return False
            self._preview = self._dragged_to(point)
            self.view.mark_span(*self._preview)
            viewport.update()
            return True
        if self._held is None or event.button() != Qt.MouseButton.LeftButton:
            return False
        span = self._dragged_to(point)
        self._held, self._preview = None, None
        current = self.view.current_annotation()
        self.view.mark_span(current.start, current.end) if current is not None else None
        if current is not None:
            self.dragged.emit(current.id, *span)
        viewport.update()
        return True

    def _dragged_to(self, point: QPoint) -> tuple[int, int]:
        """The span with the held end where the pointer is, on a word end, never empty."""
        current = self.view.current_annotation()
        text = self.view.text()
        start, end = current.start, current.end
        at = self.view.caret_at(point)
        if self._held == "end":
            return start, snapped_end(text, start, max(at, start + 1))
        return snapped_start(text, min(at, end - 1), end), end
