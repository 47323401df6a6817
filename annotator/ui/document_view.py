"""The article, read-only, with highlighted spans. The only place Qt positions meet ours.

Qt positions count UTF-16 units; the rest of the app counts code points. Every conversion
happens in this class through one Utf16Map, so no other widget sees a Qt position.
"""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QTextCharFormat, QTextCursor, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from ..core.annotation_set import AnnotationSet
from ..core.model import Annotation
from ..core.offsets import Utf16Map
from . import tag_style
from .highlighter import SpanHighlighter
from .span_edit import SpanHandles
from .tag_margin import TagMargin
from .text_edit import wrap_mode_for


MATCH_COLOR = "#ffe066"
"""Search matches: a yellow that none of the tag tints uses."""


class DocumentView(QPlainTextEdit):
    caretMoved = Signal(int)
    """The user pointed at a character with nothing selected: a click (the character under
    the mouse) or an arrow key (the character after the caret). Carries its code-point offset."""
    selectionMade = Signal()
    """The user finished selecting text with the mouse (sticky tagging listens)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setUndoRedoEnabled(False)
        self.margin = TagMargin(self)  # before any font change, which it follows
        self.setViewportMargins(self.margin.margin_width(), 0, 0, 0)
        self.setAcceptDrops(False)  # files dropped here go to the main window
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDocumentMargin(18)
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF(), 11.0))
        self.setFont(font)
        self.setPlaceholderText(
            "Open an article (.txt) or a project (.json): File ▸ Open, or drop a file here.\n\n"
            "Then select text and press 1 claim, 2 quote, 3 source or 4 unverified."
        )
        self.setAccessibleName("Article text")
        self.setAccessibleDescription("The article, read-only. Select text and press 1 to 4 to tag it; N selects the next untagged sentence; F1 lists all keys")
        self.setTabChangesFocus(True)
        self.annotations: AnnotationSet | None = None
        self.overlay: AnnotationSet | None = None
        self._block_tags: dict[int, set] = {}  # block number -> tags, for the margin
        self.highlighter = SpanHighlighter(self.document())
        self.highlighter.visible_blocks = self._blocks_on_screen
        # Connected to the highlighter itself, so Qt drops the connection if it goes first.
        self.updateRequest.connect(self.highlighter.screen_moved)
        self._map = Utf16Map("")
        self._text = ""
        self._quiet = False
        self._mouse_down = False
        self._current: Annotation | None = None
        self._current_span: tuple[int, int] | None = None  # where a dragged handle has it for now
        self.handles = SpanHandles(self)
        self._matches: list[tuple[int, int]] = []  # search matches, sorted, in code points
        self.overlays: list = []
        """Callables given a QPainter on the viewport after the text is drawn (suggestions)."""
        self.cursorPositionChanged.connect(self._on_cursor_moved)
        self.updateRequest.connect(lambda _rect, dy: self._show_marks() if dy and self._matches else None)

    # -- content
    def set_content(self, text: str, annotations: AnnotationSet | None, overlay: AnnotationSet | None = None) -> None:
        """Show ``text`` with ``annotations`` filled in; ``overlay`` (a colleague's) underlined."""
        # Detached while the text is replaced, so the highlighter runs over it once, not twice.
        self.highlighter.setDocument(None)
        self._text = text
        self._map = Utf16Map(text)
        self._quiet = True
        wrap = wrap_mode_for(text)  # a long word is never laid out word-wise (n² / line length)
        if wrap == QTextOption.WrapMode.WrapAnywhere:
            self.setWordWrapMode(wrap)  # before the new text is laid out
        self.setPlainText(text)
        self.setWordWrapMode(wrap)  # (at words: after the old text has gone)
        self._quiet = False
        self.annotations, self.overlay = annotations, overlay
        self._block_tags.clear()
        self.highlighter.set_source(annotations, self._map, overlay, self.document())
        self.margin.update()
        self._current = None
        self._matches = []
        self.setExtraSelections([])

    def text(self) -> str:
        """The article shown (the same str object the session holds: no copy from Qt)."""
        return self._text

    def refresh_span(self, start: int, end: int) -> None:
        self.highlighter.rehighlight_span(start, end)
        self._block_tags.clear()
        self.margin.update()

    def set_hidden_tags(self, tags: frozenset) -> None:
        """Hide the highlights and margin letters of ``tags`` (the legend's tag buttons)."""
        self.highlighter.set_hidden(tags)
        self._block_tags.clear()
        self.margin.update()

    def tags_in_block(self, block) -> set:
        """The tags of the spans touching paragraph ``block`` (mine and, in a review, theirs),
        remembered until the spans change: the margin asks on every repaint."""
        number = block.blockNumber()
        cached = self._block_tags.get(number)
        if cached is not None:
            return cached
        start = self._map.to_code_point(block.position())
        end = start + len(block.text())
        tags = set()
        for spans in (self.annotations, self.overlay):
            if spans is not None:
                tags.update(tag for _s, _e, tag in spans.spans_touching(start, end + 1))
        tags -= self.highlighter.hidden
        self._block_tags[number] = tags
        return tags

    MARGIN_BLOCKS = 2
    """Paragraphs coloured beyond the screen's edges; scrolling colours the next ones before
    they are painted, so a margin only needs to cover a partly visible paragraph."""

    def _blocks_on_screen(self) -> tuple[int, int]:
        """Block numbers from just above the first visible paragraph to just below the last."""
        first, last = self._paragraphs_shown()
        return first - self.MARGIN_BLOCKS, last + self.MARGIN_BLOCKS

    def _paragraphs_shown(self) -> tuple[int, int]:
        """First and last block number at least partly in the viewport.

        Measured paragraph by paragraph (a jump shows ~30 of them; guessing from the line
        count had coloured four times as many on every jump)."""
        block = self.firstVisibleBlock()
        first = last = block.blockNumber()
        offset = self.contentOffset()
        bottom = self.viewport().height()
        while block.isValid() and self.blockBoundingGeometry(block).translated(offset).top() <= bottom:
            last = block.blockNumber()
            block = block.next()
        return first, last

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # zoom or a new font: the margin follows
            self.margin.follow_font()
            self.setViewportMargins(self.margin.margin_width(), 0, 0, 0)
            area = self.contentsRect()
            self.margin.setGeometry(QRect(area.left(), area.top(), self.margin.margin_width(), area.height()))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        area = self.contentsRect()
        self.margin.setGeometry(QRect(area.left(), area.top(), self.margin.margin_width(), area.height()))
        self.highlighter.screen_moved()

    # -- positions (code points outside, UTF-16 inside)
    def selected_span(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self._map.to_code_point(cursor.selectionStart()), self._map.to_code_point(cursor.selectionEnd())

    def select_span(self, start: int, end: int) -> None:
        """Select [start, end); if it is not all on screen, centre its beginning.

        One cursor change and at most one scroll: a jump costs one repaint, and the span
        comes with the text around it rather than at the very edge of the view."""
        self._quiet = True
        try:
            cursor = self._cursor(end, start)
            self.setTextCursor(cursor)
            if not self._on_screen(cursor):
                self.centerCursor()
        finally:
            self._quiet = False

    def _on_screen(self, cursor: QTextCursor) -> bool:
        """Whether the selection of ``cursor`` is inside the viewport, top to bottom.

        Paragraph numbers are compared first: the geometry of a paragraph far from the screen
        is found by laying out every paragraph in between."""
        first, last = self._paragraphs_shown()
        doc = self.document()
        if doc.findBlock(cursor.selectionStart()).blockNumber() < first or doc.findBlock(cursor.selectionEnd()).blockNumber() > last:
            return False
        area = self.viewport().rect()
        ends = QTextCursor(cursor)
        ends.setPosition(cursor.selectionEnd())
        return area.contains(self.cursorRect(cursor).topLeft()) and area.contains(self.cursorRect(ends).bottomLeft())

    def code_point_at(self, point: QPoint) -> int:
        """Code-point offset of the character under a viewport point.

        Qt gives the caret position nearest the point, which is after the character when
        the right half of it was hit (in left-to-right text); step back in that case.
        """
        cursor = self.cursorForPosition(point)
        cp = self._map.to_code_point(cursor.position())
        caret_x = self.cursorRect(cursor).x()
        rtl = cursor.block().textDirection() == Qt.LayoutDirection.RightToLeft
        hit_before = point.x() > caret_x if rtl else point.x() < caret_x
        if hit_before and cursor.position() > cursor.block().position():
            cp -= 1
        return cp

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self._mouse_down = True
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        self._mouse_down = False
        if event.button() == Qt.MouseButton.LeftButton and not self._quiet:
            if self.textCursor().hasSelection():
                self.selectionMade.emit()
            else:
                self.caretMoved.emit(self.code_point_at(event.position().toPoint()))

    # -- marks drawn over the text: the current annotation and the search matches on screen
    def mark_current(self, ann: Annotation | None) -> None:
        """Outline the annotation chosen in the panel with its tag's full colour."""
        self._current = ann
        self._current_span = None
        self._show_marks()

    def mark_span(self, start: int, end: int) -> None:
        """Show the current annotation at [start, end) for now, as a handle is dragged."""
        self._current_span = (start, end)
        self._show_marks()

    def current_annotation(self) -> Annotation | None:
        return self._current

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if self._current is not None or self.overlays:
            painter = QPainter(self.viewport())
            for paint in self.overlays:
                paint(painter)
            if self._current is not None:
                self.handles.paint(painter)
            painter.end()

    def code_points_shown(self) -> tuple[int, int]:
        """The code-point range of the paragraphs at least partly on screen."""
        first, last = self._paragraphs_shown()
        doc = self.document()
        end_block = doc.findBlockByNumber(last)
        return self._map.to_code_point(doc.findBlockByNumber(first).position()), self._map.to_code_point(end_block.position() + end_block.length() - 1)

    def to_utf16(self, position: int) -> int:
        """Qt's position of code point ``position`` (for painting over the text)."""
        return self._map.to_utf16(position)

    def set_matches(self, matches: list[tuple[int, int]]) -> None:
        """Search matches (code points, sorted) to mark; only those on screen are drawn."""
        self._matches = matches
        self._show_marks()

    def _show_marks(self) -> None:
        marks = []
        if self._matches:
            first, last = self._paragraphs_shown()
            doc = self.document()
            low = self._map.to_code_point(doc.findBlockByNumber(first).position())
            end_block = doc.findBlockByNumber(last)
            high = self._map.to_code_point(end_block.position() + end_block.length())
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(MATCH_COLOR))
            fmt.setForeground(QColor("#000000"))
            for start, end in self._matches[bisect_left(self._matches, (low, 0)) : bisect_left(self._matches, (high, 0))]:
                marks.append(self._mark(start, end, fmt))
        if self._current is not None:
            fmt = QTextCharFormat()
            fmt.setBackground(tag_style.color(self._current.tag))
            fmt.setForeground(tag_style.text_on(tag_style.color(self._current.tag)))
            marks.append(self._mark(*(self._current_span or (self._current.start, self._current.end)), fmt))
        self.setExtraSelections(marks)

    def _mark(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        mark = QTextEdit.ExtraSelection()
        mark.format = fmt
        mark.cursor = self._cursor(start, end)
        return mark

    def _cursor(self, anchor: int, position: int) -> QTextCursor:
        """A cursor selecting from ``anchor`` to ``position`` (code points)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_utf16(anchor))
        cursor.setPosition(self._map.to_utf16(position), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def cursor_at(self, position: int) -> QTextCursor:
        """A cursor at code point ``position``."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_utf16(max(0, min(position, len(self._text)))))
        return cursor

    def caret_at(self, point: QPoint) -> int:
        """The code point where a click at viewport ``point`` would put the caret."""
        return self._map.to_code_point(self.cursorForPosition(point).position())

    # -- the keyboard caret, in code points
    def caret(self) -> int:
        """Where the keyboard caret is (the moving end of a selection)."""
        return self._map.to_code_point(self.textCursor().position())

    def select_from(self, start: int, end: int) -> None:
        """Select [start, end) with the caret at ``end``, as Shift+arrows leave it, and show it."""
        self.setTextCursor(self._cursor(start, end))
        self.ensureCursorVisible()

    def _on_cursor_moved(self) -> None:
        if self._quiet or self._mouse_down or self.textCursor().hasSelection():
            return
        self.caretMoved.emit(self._map.to_code_point(self.textCursor().position()))
