"""Colours annotated spans without touching the text, one paragraph at a time.

A QSyntaxHighlighter is asked for one block at a time, so the work per repaint or per
edit is proportional to the paragraphs touched, not to the document (see
shared/notes/qt-text-measurements.md: extra selections would cost seconds at scale).

Only the paragraphs on screen (and a margin) are coloured: the rest are noted as pending and
coloured when they scroll into view (``flush``), so opening a 10 MB article or changing a
span that covers all of it costs the same as a screenful.

Normally one set of spans is drawn: the innermost span's tint fills the text and the
enclosing span's colour underlines it. In a review a second set (the colleague's) is drawn
as a wavy underline in its tag's colour, below my fills, so both stay readable.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat, QTextDocument

from ..core.annotation_set import AnnotationSet
from ..core.model import Tag
from ..core.offsets import Utf16Map
from . import tag_style


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._annotations: AnnotationSet | None = None
        self._overlay: AnnotationSet | None = None
        self._map: Utf16Map | None = None
        self._formats: dict[tuple, QTextCharFormat] = {}
        self._pending: set[int] = set()  # block numbers not coloured yet
        self.visible_blocks: Callable[[], tuple[int, int]] | None = None
        """First and last block number worth colouring now; None colours every block."""
        self._window: tuple[int, int] | None = None  # visible_blocks() until the view moves

    def set_source(
        self,
        annotations: AnnotationSet | None,
        offsets: Utf16Map | None,
        overlay: AnnotationSet | None = None,
        document: QTextDocument | None = None,
    ) -> None:
        """Draw these spans; attaching to ``document`` (when given) highlights it in the same pass."""
        self._annotations = annotations
        self._overlay = overlay
        self._map = offsets
        self._pending.clear()
        self._window = None
        if document is not None and self.document() is not document:
            self.setDocument(document)
        else:
            self.rehighlight()

    def rehighlight_span(self, start: int, end: int) -> None:
        """Redraw the paragraphs that [start, end) (code points) touches: those on screen now,
        the others when they come into view."""
        if self._map is None:
            return
        doc = self.document()
        first = doc.findBlock(self._map.to_utf16(start)).blockNumber()
        last = doc.findBlock(self._map.to_utf16(max(start, end - 1))).blockNumber()
        self._pending.update(range(first, last + 1))
        self.flush()

    def screen_moved(self, _rect: object = None, dy: int = 1) -> None:
        """Connected to QPlainTextEdit.updateRequest (and called on resize): when the view
        scrolled (dy != 0) the paragraphs on screen are found again; then what is pending
        there is coloured. Repaints that don't scroll, like the blinking caret, reuse them."""
        if dy:
            self._window = None
        self.flush()

    def _on_screen(self) -> tuple[int, int]:
        """visible_blocks(), asked once per paragraph in a full pass, so remembered until the view moves."""
        if self._window is None:
            self._window = self.visible_blocks()
        return self._window

    def flush(self) -> None:
        """Colour the pending paragraphs that are now on screen."""
        if not self._pending:
            return
        if self.visible_blocks is None:
            lo, hi = min(self._pending), max(self._pending)
        else:
            lo, hi = self._on_screen()
        doc = self.document()
        for number in range(max(lo, 0), hi + 1):
            if number in self._pending:
                block = doc.findBlockByNumber(number)
                if block.isValid():
                    self.rehighlightBlock(block)  # calls highlightBlock, which drops it from pending
                else:
                    self._pending.discard(number)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        if self._map is None or not text:
            return
        block = self.currentBlock()
        if self.visible_blocks is not None:
            number = block.blockNumber()
            lo, hi = self._on_screen()
            if not lo <= number <= hi:
                self._pending.add(number)
                return
            self._pending.discard(number)
        block_start16 = block.position()
        start = self._map.to_code_point(block_start16)
        end = start + len(text)
        mine = _spans(self._annotations, start, end)
        theirs = _spans(self._overlay, start, end)
        if not mine and not theirs:
            return
        review = self._overlay is not None
        to_utf16 = self._map.to_utf16
        for seg_start, seg_end, cover_mine, cover_theirs in _segments(mine, theirs, start, end):
            inner = cover_mine[0][2] if cover_mine else None
            if review:
                under = cover_theirs[0][2] if cover_theirs else None
            else:
                under = cover_mine[1][2] if len(cover_mine) > 1 else None
            a16 = to_utf16(seg_start) - block_start16
            b16 = to_utf16(seg_end) - block_start16
            self.setFormat(a16, b16 - a16, self._format(review, inner, under))

    def _format(self, review: bool, inner: Tag | None, under: Tag | None) -> QTextCharFormat:
        """``inner``'s tint as background; ``under``'s colour as an underline (wavy in a review)."""
        key = (review, inner, under)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            if inner is not None:
                fmt.setBackground(tag_style.tint(inner))
                fmt.setForeground(tag_style.TEXT_ON_TINT)
            if under is not None:
                style = QTextCharFormat.UnderlineStyle.WaveUnderline if review else QTextCharFormat.UnderlineStyle.SingleUnderline
                fmt.setUnderlineStyle(style)
                fmt.setUnderlineColor(tag_style.color(under))
            self._formats[key] = fmt
        return fmt


Span = tuple[int, int, Tag]  # start, end, tag


def _spans(annotations: AnnotationSet | None, start: int, end: int) -> list[Span]:
    return [] if annotations is None else annotations.spans_touching(start, end)


def _innermost(span: Span) -> tuple[int, int, str]:
    return (span[1] - span[0], span[0], span[2].value)


def _segments(mine: list[Span], theirs: list[Span], start: int, end: int):
    """Split [start, end) at every span edge; yield (a, b, my cover, their cover), innermost first."""
    if not theirs and len(mine) == 1:  # the common case: one span in the paragraph
        span = mine[0]
        yield max(span[0], start), min(span[1], end), mine, theirs
        return
    cuts = {start, end}
    for span in (*mine, *theirs):
        cuts.add(min(max(span[0], start), end))
        cuts.add(min(max(span[1], start), end))
    points = sorted(cuts)
    for a, b in zip(points, points[1:]):
        cover_mine = [s for s in mine if s[0] <= a < s[1]]
        cover_theirs = [s for s in theirs if s[0] <= a < s[1]]
        if cover_mine or cover_theirs:
            if len(cover_mine) > 1:
                cover_mine.sort(key=_innermost)
            if len(cover_theirs) > 1:
                cover_theirs.sort(key=_innermost)
            yield a, b, cover_mine, cover_theirs
