"""Colours annotated spans without touching the text, one paragraph at a time.

A QSyntaxHighlighter is asked for one block at a time, so the work per repaint or per
edit is proportional to the paragraphs touched, not to the document (see
shared/notes/qt-text-measurements.md: extra selections would cost seconds at scale).

Normally one set of spans is drawn: the innermost span's tint fills the text and the
enclosing span's colour underlines it. In a review a second set (the colleague's) is drawn
as a wavy underline in its tag's colour, below my fills, so both stay readable.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from ..core.annotation_set import AnnotationSet
from ..core.model import Annotation
from ..core.offsets import Utf16Map
from . import tag_style


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._annotations: AnnotationSet | None = None
        self._overlay: AnnotationSet | None = None
        self._map: Utf16Map | None = None
        self._formats: dict[tuple, QTextCharFormat] = {}

    def set_source(self, annotations: AnnotationSet | None, offsets: Utf16Map | None, overlay: AnnotationSet | None = None) -> None:
        self._annotations = annotations
        self._overlay = overlay
        self._map = offsets
        self.rehighlight()

    def rehighlight_span(self, start: int, end: int) -> None:
        """Redraw only the paragraphs that [start, end) (code points) touches."""
        if self._map is None:
            return
        doc = self.document()
        block = doc.findBlock(self._map.to_utf16(start))
        last = doc.findBlock(self._map.to_utf16(max(start, end - 1)))
        while block.isValid():
            self.rehighlightBlock(block)
            if block == last:
                break
            block = block.next()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        if self._map is None or not text:
            return
        block_start16 = self.currentBlock().position()
        start = self._map.to_code_point(block_start16)
        end = start + len(text)
        mine = self._annotations.overlapping(start, end) if self._annotations is not None else []
        theirs = self._overlay.overlapping(start, end) if self._overlay is not None else []
        if not mine and not theirs:
            return
        for seg_start, seg_end, cover_mine, cover_theirs in _segments(mine, theirs, start, end):
            fmt = self._format(cover_mine, cover_theirs)
            a16 = self._map.to_utf16(seg_start) - block_start16
            b16 = self._map.to_utf16(seg_end) - block_start16
            self.setFormat(a16, b16 - a16, fmt)

    def _format(self, mine: list[Annotation], theirs: list[Annotation]) -> QTextCharFormat:
        review = self._overlay is not None
        inner = mine[0].tag if mine else None
        under = (theirs[0].tag if theirs else None) if review else (mine[1].tag if len(mine) > 1 else None)
        key = (review, inner, under)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            if inner is not None:
                fmt.setBackground(tag_style.tint(inner))
                fmt.setForeground(QColor("#1a1a1a"))
            if under is not None:
                style = QTextCharFormat.UnderlineStyle.WaveUnderline if review else QTextCharFormat.UnderlineStyle.SingleUnderline
                fmt.setUnderlineStyle(style)
                fmt.setUnderlineColor(tag_style.color(under))
            self._formats[key] = fmt
        return fmt


def _innermost(ann: Annotation) -> tuple[int, int]:
    return (ann.end - ann.start, ann.start)


def _segments(mine: list[Annotation], theirs: list[Annotation], start: int, end: int):
    """Split [start, end) at every span edge; yield (a, b, my cover, their cover), innermost first."""
    cuts = {start, end}
    for ann in (*mine, *theirs):
        cuts.add(min(max(ann.start, start), end))
        cuts.add(min(max(ann.end, start), end))
    points = sorted(cuts)
    for a, b in zip(points, points[1:]):
        cover_mine = sorted((x for x in mine if x.start <= a and x.end >= b), key=_innermost)
        cover_theirs = sorted((x for x in theirs if x.start <= a and x.end >= b), key=_innermost)
        if cover_mine or cover_theirs:
            yield a, b, cover_mine, cover_theirs
